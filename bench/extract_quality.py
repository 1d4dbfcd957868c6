"""Extraction quality, real news first.

1. Cross-validation on the annotated Wikinews articles (tests/data/wikinews, text from
   ../shared/corpus/wikinews): 5 folds by article, seeded. Each fold's model is fitted (C, the
   types' weight in the link decision and the thresholds chosen on inner folds of its training
   articles) without the held-out fold, and the real pipeline with that model reads the held-out
   articles. The rules alone and "every two actors named in one sentence" are scored on the same
   articles.
2. The precision/recall curve of the links decision over the held-out probabilities, with the
   thresholds the folds chose.
3. The shipped model (trained on every annotated article) beside the rules and the baseline on the
   seeds and on the three invented article sets (text the team wrote: not evidence of quality on news).
4. Agreement of the two independent annotations of 70 articles, and per batch of the second.

Usage: python bench/extract_quality.py [--folds 5] [--seed 15] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from diplomap.extract import make_pipeline

from diplomap.corpus import read_articles
from diplomap.crossval import (
    cross_validated,
    found_sets,
    link_curve,
    pair_sets,
    score,
    score_types,
)
from diplomap.evaluation import gold_sets, read_gold
from diplomap.training import read_candidates
from diplomap.wikinews import (
    SECOND,
    Article,
    corpus_missing,
    join_gold,
    load_gold,
    read_annotations,
)

ROOT = Path(__file__).resolve().parent.parent
INVENTED = ("articles", "articles2", "articles3")
CURVE = np.round(np.arange(0.10, 0.91, 0.05), 2)
# The last batch of each draw of `scripts/select_wikinews.py` (tests/data/wikinews/README.md).
DRAWS = ((68, "draws 1-5"), (109, "draw 6"))
OTHER_BATCHES = "other batches"


def draw_of(row: dict[str, Any]) -> str:
    """Which draw an annotated article came from, by its batch's number."""
    tail = str(row.get("batch", "")).rsplit("_", 1)[-1]
    if tail.isdigit():
        for last, name in DRAWS:
            if int(tail) <= last:
                return name
    return OTHER_BATCHES


def print_row(label: str, s: dict) -> None:
    """One line of scores: countries F1, then P/R/F1 of links and typed links."""
    cells = [f"{label:34}"]
    cells.append(f"{s['countries']['f1']:9.3f}" if "countries" in s else f"{'-':>9}")
    for key in ("links", "typed_links"):
        m = s.get(key)
        if m is None or (key == "typed_links" and not m["tp"] + m["fp"]):
            cells.append(f"{'-':>6} {'-':>6} {'-':>6}")
        else:
            cells.append(f"{m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    print("  ".join(cells))


HEADER = f"{'':34}  {'countries':>9}  {'links P':>6} {'R':>6} {'F1':>6}  {'typed P':>6} {'R':>6} {'F1':>6}"


def run_cv(gold: list[dict], articles: dict[str, Article], folds: int, seed: int) -> dict:
    """Section 1 and 2: cross-validated scores of the model, the rules and the baseline."""
    rules = make_pipeline(decide="rules")
    chosen = [articles[row["file"]] for row in gold]
    docs = read_candidates(rules, chosen)
    began = time.perf_counter()
    report = cross_validated(docs, gold, chosen, rules, folds, seed)
    seconds = time.perf_counter() - began
    links = sum(len(row["links"]) for row in gold)
    print(
        f"1. Cross-validation on real news: {len(gold)} annotated Wikinews articles, {links} typed "
        f"links, {folds} folds by article (seed {seed}); fitting and reading took {seconds:.0f} s\n"
    )
    print(HEADER)
    scores = {}
    for key, label in [
        ("learned", "learned model (this fold unseen)"),
        ("rules", "rules alone"),
        ("pairs", "every pair in a sentence"),
    ]:
        scores[key] = score(report.found[key], report.truth)
        print_row(label, scores[key])
    draws = [draw_of(row) for row in gold]
    for draw in [name for _, name in DRAWS] + [OTHER_BATCHES]:
        keep = [i for i, d in enumerate(draws) if d == draw]
        if not keep:
            continue
        for key in ("learned", "pairs"):
            found = [report.found[key][i] for i in keep]
            s = scores[f"{draw}: {key}"] = score(found, [report.truth[i] for i in keep])
            print_row(f"  {draw} ({len(keep)}): {key}", s)
    print("\nper type, learned model       gold  found      P      R     F1   (rules: F1)")
    types = score_types(report.found["learned"], report.truth)
    rule_types = score_types(report.found["rules"], report.truth)
    for kind, m in types.items():
        print(
            f"  {kind:26} {m['tp'] + m['fn']:5} {m['tp'] + m['fp']:6} {m['precision']:6.3f} "
            f"{m['recall']:6.3f} {m['f1']:6.3f}   ({rule_types[kind]['f1']:.3f})"
        )
    chosen_t = sorted(float(fold.fitted.thresholds[0]) for fold in report.folds)
    ruled_t = sorted(float(fold.fitted.thresholds[-1]) for fold in report.folds)
    median = round(float(np.median(chosen_t)), 3)
    points = sorted({*CURVE.tolist(), median})  # the median choice is a point of its own
    curve = link_curve(docs, report.probs, report.truth, points)
    print(
        "\n2. Links: precision and recall as the link threshold moves (held-out probabilities,"
        " one threshold for every candidate).\n   The folds chose "
        f"{', '.join(f'{t:.3f}' for t in chosen_t)} (median {median:.3f}), and for candidates the"
        f" rules linked {', '.join(f'{t:.3f}' for t in ruled_t)}\n"
    )
    print("  threshold  precision  recall     F1")
    for t, p, r in curve:
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        mark = "   <- the folds' median choice" if t == median else ""
        print(f"  {t:9.3f} {p:10.3f} {r:7.3f} {f1:6.3f}{mark}")
    return {"cv": scores, "types": types, "curve": curve, "chosen": chosen_t, "articles": len(gold)}


def run_sets() -> dict:
    """Section 3: the shipped model, the rules and the baseline on the seeds and invented sets."""
    learned, rules = make_pipeline(), make_pipeline(decide="rules")
    sets = [("seeds (2 articles)", ROOT / "seeds", ROOT.parent / "shared/eval/gold_seeds.jsonl")]
    sets += [(f"{name} (invented)", ROOT / "tests/data" / name, None) for name in INVENTED]
    print(
        "\n3. The shipped model (trained on all annotated Wikinews) on other sets; the invented "
        "ones were written by the team, and the rules were tuned on parts of them\n"
    )
    print(HEADER)
    out = {}
    for label, folder, gold_path in sets:
        gold = read_gold(gold_path or folder / "gold.jsonl")
        table = read_articles([folder])
        by_name = {
            row.article: Article(row.article, row.title, _day(row.date), row.text)
            for row in table.itertuples()
        }
        chosen = [by_name[row["file"]] for row in gold]
        truth = [gold_sets(row) for row in gold]
        docs = read_candidates(rules, chosen)
        print(f"{label}")
        for key, found in [
            ("learned", [found_sets(learned, a) for a in chosen]),
            ("rules", [found_sets(rules, a) for a in chosen]),
            ("pairs", [pair_sets(d) for d in docs]),
        ]:
            out[f"{label}: {key}"] = s = score(found, truth)
            print_row(f"  {key}", s)
    return out


def run_agreement(gold: list[dict], articles: dict[str, Article]) -> dict:
    """Section 4: the second, independent annotation of 70 articles against the first, in all and
    per batch of the second."""
    second = join_gold(read_annotations(SECOND), articles)  # its articles are among the first's
    names = {row["file"] for row in second}
    first = {row["file"]: gold_sets(row) for row in gold if row["file"] in names}
    pairs = [(gold_sets(row), first[row["file"]]) for row in second]
    s = _agreement(pairs)
    print(
        f"\n4. Two independent annotations of {len(pairs)} articles (F1 of one against the other)"
    )
    for key in ("countries", "blocs", "links", "typed_links"):
        print(f"  {key:12} {s[key]['f1']:.3f}")
    s["batches"] = {}
    for batch in sorted({row["batch"] for row in second}):
        part = [p for p, row in zip(pairs, second, strict=True) if row["batch"] == batch]
        b = s["batches"][batch] = _agreement(part)
        cells = ", ".join(f"{k} {b[k]['f1']:.3f}" for k in ("countries", "links", "typed_links"))
        print(f"  {batch} ({len(part)} articles): {cells}")
    return s


def _agreement(pairs: list[tuple[dict, dict]]) -> dict:
    """Scores of the second annotations (first of each pair) against the first."""
    return score([a for a, _ in pairs], [b for _, b in pairs])


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--skip-cv", action="store_true", help="sections 3 and 4 only")
    args = parser.parse_args()
    missing = corpus_missing()
    if missing:
        sys.exit(f"extract_quality: {missing}")
    gold, articles = load_gold()  # read once, for sections 1, 2 and 4
    figures = {} if args.skip_cv else run_cv(gold, articles, args.folds, args.seed)
    figures["sets"] = run_sets()
    figures["agreement"] = run_agreement(gold, articles)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=float) + "\n")


if __name__ == "__main__":
    main()
