"""Scoring extraction against gold annotations (format: shared eval FORMAT.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from diplomap.corpus import Corpus, InputError
from diplomap.extract import FACTUAL_MODES

SCORES = ("countries", "blocs", "links", "typed_links")
# Gold holds what the text asserts, plans or recalls; not what it denies or imagines.
SCORED_MODES = set(FACTUAL_MODES)


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read gold JSONL: one article per line with `file`, `countries`, `blocs` and `links`."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"no such gold file: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read gold file {path}: {err}") from None
    gold = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise InputError(f"{path}:{number}: not valid JSON ({err.args[0]})") from None
        if not isinstance(row, dict) or not isinstance(row.get("file"), str):
            raise InputError(f'{path}:{number}: a gold line needs a "file" name')
        for key in ("countries", "blocs", "links"):
            if not isinstance(row.get(key, []), list):
                raise InputError(f'{path}:{number}: "{key}" must be a list')
        for link in row.get("links", []):
            if not isinstance(link, dict) or not {"a", "b", "type"} <= link.keys():
                raise InputError(f'{path}:{number}: each link needs "a", "b" and "type"')
        gold.append(row)
    if not gold:
        raise InputError(f"{path}: no gold lines")
    return gold


def _pairs(links: Iterable[dict[str, Any]], typed: bool) -> set[tuple[str, ...]]:
    out = set()
    for link in links:
        pair = tuple(sorted((link["a"], link["b"])))
        out.add((*pair, link["type"]) if typed else pair)
    return out


def predicted_sets(corpus: Corpus, article: str) -> dict[str, set[tuple[str, ...]]]:
    """What extraction found in one article, as the four sets that are scored."""
    mentions = corpus.mentions[corpus.mentions["article"] == article]
    chosen = (corpus.links["article"] == article) & corpus.links["mode"].isin(SCORED_MODES)
    links = corpus.links[chosen].to_dict("records")
    return {
        "countries": {(c,) for c in mentions.loc[mentions["kind"] == "country", "code"]},
        "blocs": {(c,) for c in mentions.loc[mentions["kind"] == "bloc", "code"]},
        "links": _pairs(links, typed=False),
        "typed_links": _pairs(links, typed=True),
    }


def gold_sets(row: dict[str, Any]) -> dict[str, set[tuple[str, ...]]]:
    """One gold line as the four sets that are scored."""
    return {
        "countries": {(c,) for c in row.get("countries", [])},
        "blocs": {(c,) for c in row.get("blocs", [])},
        "links": _pairs(row.get("links", []), typed=False),
        "typed_links": _pairs(row.get("links", []), typed=True),
    }


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (an empty prediction of an empty truth scores 1)."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_corpus(corpus: Corpus, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro-averaged precision/recall/F1 over the gold articles, plus per-article detail."""
    known = set(corpus.articles["article"])
    missing = [row["file"] for row in gold if row["file"] not in known]
    if missing:
        raise InputError(
            f"gold names articles not found in the articles folder: {', '.join(missing)}"
        )
    totals = {k: [0, 0, 0] for k in SCORES}
    for row in gold:
        truth, found = gold_sets(row), predicted_sets(corpus, row["file"])
        for key in SCORES:
            totals[key][0] += len(truth[key] & found[key])
            totals[key][1] += len(found[key] - truth[key])
            totals[key][2] += len(truth[key] - found[key])
    result: dict[str, Any] = {key: prf(*totals[key]) for key in SCORES}
    result["articles"] = len(gold)
    return result


def score_types(corpus: Corpus, gold: list[dict[str, Any]]) -> pd.DataFrame:
    """Precision and recall of typed links per link type, micro-averaged over the gold articles."""
    counts: dict[str, list[int]] = {}
    for row in gold:
        truth = gold_sets(row)["typed_links"]
        found = predicted_sets(corpus, row["file"])["typed_links"]
        for item in truth | found:
            c = counts.setdefault(item[2], [0, 0, 0])
            c[0 if item in truth and item in found else (1 if item in found else 2)] += 1
    rows = [
        {"type": t, **prf(*c), "gold": c[0] + c[2], "found": c[0] + c[1]} for t, c in counts.items()
    ]
    return pd.DataFrame(rows).sort_values("type", ignore_index=True) if rows else pd.DataFrame()
