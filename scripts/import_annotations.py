"""Turn annotators' files into the facts the repository keeps: evidence sentences become offsets.

An annotator's line names an article of ../shared/corpus/wikinews by `id` and gives its countries,
blocs and links, each link with an `evidence` sentence copied from the article. This script finds
each sentence in the article's text and keeps only its character offsets, so no news text is
committed. Lines are written sorted by id, keys sorted: running it again gives the same bytes.

Usage: python scripts/import_annotations.py RAW.jsonl [RAW.jsonl ...] -o tests/data/wikinews/annotations.jsonl
       python scripts/import_annotations.py RAW.jsonl ... --keep tests/data/wikinews/annotations.jsonl \
           -o tests/data/wikinews/annotations.jsonl   (adds the new batches to the facts kept)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from diplomap.corpus import InputError
from diplomap.wikinews import CORPUS, Article, read_annotations, read_corpus

TYPES = {"meeting", "cooperation", "economic", "conflict", "criticism", "legal", "other"}
MODES = {"asserted", "planned", "historical"}


def find_evidence(text: str, evidence: str) -> tuple[int, int] | None:
    """The offsets of the first occurrence of an evidence sentence in the text, or None."""
    at = text.find(evidence)
    if at < 0:
        at = text.find(evidence.strip())
        evidence = evidence.strip()
    return (at, at + len(evidence)) if at >= 0 else None


def convert_line(raw: dict[str, Any], article: Article, batch: str) -> dict[str, Any]:
    """One annotator line as facts: codes, and each link's pair, type, mode and offsets."""
    links = []
    seen = set()
    for link in raw["links"]:
        if link["type"] not in TYPES or link["mode"] not in MODES or link["a"] == link["b"]:
            raise ValueError(f"{raw['id']}: bad link {link['a']}-{link['b']} {link['type']}")
        key = (*sorted((link["a"], link["b"])), link["type"])
        if key in seen:
            continue
        seen.add(key)
        span = find_evidence(article.text, link["evidence"])
        if span is None:
            raise ValueError(f"{raw['id']}: evidence not in the text: {link['evidence'][:60]!r}")
        links.append(
            {"a": link["a"], "b": link["b"], "type": link["type"], "mode": link["mode"],
             "evidence": list(span)}
        )  # fmt: skip
    return {
        "id": raw["id"],
        "batch": batch,
        "countries": sorted(set(raw["countries"])),
        "blocs": sorted(set(raw["blocs"])),
        "links": sorted(links, key=lambda lk: (lk["evidence"], lk["a"], lk["b"], lk["type"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="+", type=Path, help="annotators' JSONL files")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="a facts file whose lines are kept as they are")
    args = parser.parse_args()
    corpus = read_corpus(args.corpus)
    out: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(read_annotations(args.keep) if args.keep else [], 1):
        if not isinstance(row, dict) or "id" not in row or "batch" not in row:
            raise ValueError(f"{args.keep}: line {n} is not a facts line")
        out[row["id"]] = row
    kept_batches = {row["batch"] for row in out.values()}
    for path in args.raw:
        if path.stem in kept_batches:
            raise ValueError(f"{path}: batch {path.stem} is already among the kept lines")
        for raw in read_annotations(path):
            if raw["id"] in out:
                kept = out[raw["id"]]["batch"] in kept_batches
                where = "is already among the kept lines" if kept else "is twice in these files"
                raise ValueError(f"{path}: {raw['id']} {where}")
            if raw["id"] not in corpus:
                raise ValueError(f"{path}: {raw['id']} is not in the corpus")
            out[raw["id"]] = convert_line(raw, corpus[raw["id"]], path.stem)
    lines = [json.dumps(out[k], sort_keys=True, ensure_ascii=False) for k in sorted(out)]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    links = sum(len(row["links"]) for row in out.values())
    print(f"{len(out)} articles, {links} links -> {args.output}")


if __name__ == "__main__":
    try:
        main()
    except (InputError, OSError, ValueError) as err:  # one line, no traceback
        sys.exit(f"import_annotations: error: {err}")
