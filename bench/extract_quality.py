"""Print extraction quality on the gold seeds (each component's gain), on the sentences written
for the tests, and on the blind article sets (tests/data/articles: the odd half used for tuning,
the even half held out; tests/data/articles2: a second development set; tests/data/articles3: a
third blind set, split like the first), with precision and recall per link type; then every
relation cue's record on the seeds and development sets. Each article folder is extracted once.

Usage: python bench/extract_quality.py [--gold ../shared/eval/gold_seeds.jsonl] [--articles seeds]
       [--private DIR]   (DIR: articles with their gold.jsonl, e.g. real news that is not committed)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

from spacy.language import Language

from corpus import build_corpus, read_articles
from corpus.tables import Corpus
from diplomap.evaluation import SCORED_MODES, gold_sets, read_gold, score_corpus, score_types
from extract import make_pipeline

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def score_sentences(nlp: Language, path: Path) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of typed links over a sentence file."""
    tp = fp = fn = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        doc = nlp.make_doc(item["text"])
        doc._.date = date.fromisoformat(item["date"])
        found = {
            (*sorted((lk["a"], lk["b"])), lk["type"])
            for lk in nlp(doc)._.links
            if lk["mode"] in SCORED_MODES
        }
        truth = {(*sorted((a, b)), t) for a, b, t in item["links"]}
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    return tp, fp, fn


def blind_parts(private: Path | None) -> list[tuple[str, Path, int | None]]:
    """(label, folder, parity) of each part of the blind article sets: the odd half of a folder is
    for tuning, the even half held out (parity None: the whole folder), and a private set (real
    news, which the repository must not hold) split the same way."""
    parts: list[tuple[str, Path, int | None]] = [
        ("articles, dev half (odd)", DATA / "articles", 1),
        ("articles, held-out half (even)", DATA / "articles", 0),
        ("articles2 (development)", DATA / "articles2", None),
        ("articles3, dev half (odd)", DATA / "articles3", 1),
        ("articles3, held-out half (even)", DATA / "articles3", 0),
    ]
    if private is not None:
        parts += [
            (f"{private}, dev half (odd)", private, 1),
            (f"{private}, held-out half (even)", private, 0),
            (f"{private}, whole", private, None),
        ]
    return [part for part in parts if (part[1] / "gold.jsonl").is_file()]


def gold_part(folder: Path, parity: int | None) -> list[dict]:
    """The gold rows of a folder's odd (1) or even (0) numbered articles, or all of them (None)."""
    return [
        row
        for row in read_gold(folder / "gold.jsonl")
        if parity is None or int(row["file"][:3]) % 2 == parity
    ]


def score_blind(parts: list[tuple[str, list[dict], Corpus]]) -> None:
    """Scores and per-type precision/recall on each part: (label, its gold, its folder's corpus)."""
    for label, gold, corpus in parts:
        s = score_corpus(corpus, gold)
        print(f"\n{label}: {len(gold)} articles")
        for key in ("countries", "blocs", "links", "typed_links"):
            m = s[key]
            print(f"  {key:12} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
        for row in score_types(corpus, gold).sort_values("gold", ascending=False).itertuples():
            print(
                f"    {row.type:12} gold {row.gold:3}  found {row.found:3}"
                f"  P {row.precision:.2f}  R {row.recall:.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default="../shared/eval/gold_seeds.jsonl")
    parser.add_argument("--articles", default="seeds")
    parser.add_argument(
        "--private",
        type=Path,
        help="a folder of articles with gold.jsonl kept outside the repository (real news)",
    )
    args = parser.parse_args()
    gold = read_gold(args.gold)
    articles = read_articles([args.articles])
    print("variant                      countries  links  typed_links   (F1, micro over articles)")
    seeds: Corpus | None = None
    for label, flags in [
        ("full pipeline", {}),
        ("without pronouns", {"pronouns": False}),
        ("without learned affiliations", {"affiliations": False}),
        ("without both", {"pronouns": False, "affiliations": False}),
    ]:
        corpus = build_corpus(make_pipeline(**flags), articles)
        if seeds is None:
            seeds = corpus  # the full pipeline's, for the cue record
        s = score_corpus(corpus, gold)
        print(
            f"{label:28} {s['countries']['f1']:9.3f} {s['links']['f1']:6.3f} {s['typed_links']['f1']:12.3f}"
        )
    nlp = make_pipeline()
    print("\nsentences written for the tests            typed links: precision  recall     f1")
    for label, name in [
        ("tuned on (tests/data/sentences_gold)", "sentences_gold.jsonl"),
        ("held out (written after tuning, unseen)", "sentences_heldout.jsonl"),
    ]:
        tp, fp, fn = score_sentences(nlp, DATA / name)
        p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
        print(f"{label:44} {p:19.3f} {r:7.3f} {2 * p * r / (p + r) if p + r else 0:6.3f}")
    corpora: dict[Path, Corpus] = {}  # each folder extracted once, whatever its parts
    parts, dev = [], [(gold, seeds)]
    for label, folder, parity in blind_parts(args.private):
        if folder not in corpora:
            corpora[folder] = build_corpus(nlp, read_articles([folder]))
        part = gold_part(folder, parity)
        parts.append((label, part, corpora[folder]))
        if parity != 0 and folder.parent == DATA:  # committed development parts only
            dev.append((part, corpora[folder]))
    score_blind(parts)
    print_cues(dev)


def print_cues(sets: list[tuple[list[dict], Corpus]]) -> None:
    """Every relation cue that fired on the seeds and development sets: its links (scored modes),
    how many the gold holds (precision), and how many of those no other cue found (what recall
    would lose without it)."""
    fired: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    finders: dict[tuple, set[tuple[str, str]]] = {}
    for gold, corpus in sets:
        truth = {row["file"]: gold_sets(row)["typed_links"] for row in gold}
        for row in corpus.links.itertuples(index=False):
            if row.article not in truth or row.mode not in SCORED_MODES:
                continue
            cue = " ".join(row.cue.lower().split())
            pair = (*sorted((row.a, row.b)), row.type)
            fired[(cue, row.type)] += 1
            if pair in truth[row.article]:
                hits[(cue, row.type)] += 1
                finders.setdefault((row.article, *pair), set()).add((cue, row.type))
    sole = Counter(next(iter(c)) for c in finders.values() if len(c) == 1)
    print(
        "\ncue (seeds and development sets)   type          fired  correct  precision  only finder"
    )
    for (cue, link_type), n in sorted(fired.items(), key=lambda kv: (-kv[1], kv[0])):
        right = hits[(cue, link_type)]
        only = sole[(cue, link_type)]
        print(f"{cue:34} {link_type:12} {n:6} {right:8} {right / n:10.2f} {only:12}")


if __name__ == "__main__":
    main()
