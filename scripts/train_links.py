"""Train the link model on the annotated Wikinews articles and write it, with its card, as package data.

Reads the annotations (tests/data/wikinews/annotations.jsonl) and the article texts they point into
(../shared/corpus/wikinews/articles.jsonl) and runs the rules-only pipeline over them. Then, seeded:
1. 5-fold cross-validation by article (each fold's model fitted without it, C, the types' weight
   in the link decision and the thresholds chosen on inner folds), scored with the real pipeline:
   the card's figures;
2. the shipped model, fitted on every article with C, that weight and the thresholds chosen on 5
   inner folds.
Writes extract/data/link_model.json and extract/data/LINK_MODEL.md.

Usage: python scripts/train_links.py [--seed 15] [--annotations FILE] [--corpus FILE] [--output DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import sklearn
from diplomap.extract import make_pipeline
from diplomap.extract.relation.model import LINK_FLOOR, MODEL_FILE

from diplomap.corpus import InputError
from diplomap.crossval import cross_validated, score, score_types
from diplomap.training import MIN_PRECISION, export_model, fit_model, read_candidates
from diplomap.wikinews import ANNOTATIONS, CORPUS, CORPUS_SHA256, load_gold

DATA = Path(__file__).resolve().parent.parent / "extract" / "data"
CARD = "LINK_MODEL.md"
FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--output", type=Path, default=DATA, help="folder for the model and card")
    args = parser.parse_args()
    began = time.perf_counter()
    gold, by_id = load_gold(args.annotations, args.corpus)
    articles = [by_id[row["file"]] for row in gold]
    rules = make_pipeline(decide="rules")
    docs = read_candidates(rules, articles)
    report = cross_validated(docs, gold, articles, rules, FOLDS, args.seed)
    figures = {key: score(found, report.truth) for key, found in report.found.items()}
    types = score_types(report.found["learned"], report.truth)
    fitted = fit_model(docs, gold, args.seed, inner=FOLDS)
    meta = {
        "trained": date.today().isoformat(),
        "articles": len(gold),
        "links": sum(len(row["links"]) for row in gold),
        "candidates": sum(len(d.pairs) for d in docs),
        "gold_pairs": sum(len(truth["links"]) for truth in report.truth),
        "unreachable": sum(
            len(truth["links"] - set(d.pairs)) for d, truth in zip(docs, report.truth, strict=True)
        ),
        "corpus_sha256": CORPUS_SHA256,
        "seed": args.seed,
        "scikit_learn": sklearn.__version__,
    }
    data = export_model(fitted, rules.vocab.strings, meta)
    model = args.output / MODEL_FILE
    model.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - began
    years = sorted(a.day.year for a in articles if a.day)
    card = write_card(data, figures, types, model.stat().st_size / 1e6, f"{years[0]}-{years[-1]}")
    (args.output / CARD).write_text(card, encoding="utf-8")
    print(
        f"{meta['articles']} articles, {meta['links']} links, {meta['candidates']} candidates: "
        f"C={fitted.c}, types' weight {fitted.type_weight}, {len(data['features'])} features, "
        f"{model.stat().st_size / 1e6:.1f} MB -> {model} and {CARD} ({seconds:.0f} s)"
    )
    print("thresholds:", ", ".join(f"{k} {v}" for k, v in data["thresholds"].items()))
    for key, s in figures.items():
        row = ", ".join(f"{k} F1 {v['f1']:.3f}" for k, v in s.items())
        print(f"cross-validated, {key}: {row}")


CARD_TEMPLATE = """# Link model card

Written by `scripts/train_links.py` on {trained}. Do not edit by hand: train again.

## What it is
- **Task:** for every two different actors named in one sentence, and for each actor of a sentence
  with the article's main actor (the one it names most) when that sentence does not name it (the
  candidates, see `extract/relation/candidates.py`), whether the sentence links them, and with which
  types (meeting, cooperation, economic, conflict, criticism, legal, other; several may hold).
- **Model:** one L2-regularised logistic regression per label (any link, and each type), scikit-learn
  {scikit_learn} (`LogisticRegression`, C={c}), over {features:,} sparse binary features
  (`extract/relation/features.py`): the words between and around the two mentions, how each actor
  is named, order and distance, lists and hyphenated pairs, the words and cues just around a list
  that holds both ("China and Russia signed"), the sentence's cues and mode words, the link the
  rules made for the pair there (type, cue, mode), and how much the article names each actor (rank
  by mentions, and the fewer mentions of the two). The types, and not the link label, also read
  every word of the candidate's sentence (the pipeline reads them only for candidates that may be
  linked). A main-actor candidate has its own features: the words and cues of its sentence, the
  words around its actor, how that actor is named, and the main actor's share of the article's
  mentions.
- **Decision** (`model.decide`): a candidate is linked when its link score reaches the link
  threshold (one no higher for candidates the rules linked); it gets every type whose probability
  reaches that type's threshold, and a linked pair with no such type gets its likeliest type once.
  The link score is the logistic of the link label's and the likeliest type's summed weights,
  averaged 1 : {type_weight:g} (`model.blend_sums`): the types read the whole sentence, the link
  label does not. A candidate whose link label alone gives it less than {floor} is never linked.
  C, that weight and the thresholds were chosen on out-of-fold probabilities of the training
  articles: C, then the weight, for the best links F1 plus typed links F1; the link threshold for
  the best links F1 at precision {min_precision:.2f} or more, then each type's for the best
  typed-links F1. Thresholds:
{thresholds}.
- **File:** `extract/data/link_model.json`, {megabytes:.1f} MB: feature names, weights, intercepts,
  thresholds, the types' weight. Read with `json`, scored with numpy (`extract/relation/model.py`);
  no pickle, nothing downloaded.

## Training data
- {articles:,} English Wikinews articles ({years}, most 2005-2008), {links:,} typed links,
  {candidates:,} candidate pairs; annotated for this project by the gold conventions of
  `../shared/eval/FORMAT.md` (`tests/data/wikinews/`, which keeps offsets only).
- Articles: `../shared/corpus/wikinews/articles.jsonl` (sha256 `{sha}...`).
  Text from Wikinews (https://en.wikinews.org), by Wikinews contributors, CC BY 2.5; converted to
  plain text and shortened (markup, sources and related-news sections removed). Articles before
  2005-09-25 are in the public domain.
- Seed {seed}; running the script again on the same data gives the same weights and figures.

## How well it does (real news, cross-validated)
{folds}-fold cross-validation by article on the same annotated articles, seed {seed}: each fold's
model (C, the types' weight and the thresholds included) was fitted without that fold, and the
real pipeline with it read the fold. Countries F1: {countries:.3f}.

| | links P | R | F1 | typed P | R | F1 |
| --- | --- | --- | --- | --- | --- | --- |
{rows}

Per type (learned model, typed links):

| type | gold | P | R | F1 |
| --- | --- | --- | --- | --- |
{per_type}

`python bench/extract_quality.py` prints these with the precision/recall curve of the link
threshold, and the seeds and invented sets beside them.

## Limits
- Trained on Wikinews from 2004-2009 for the most part: wire reports of other outlets and years may
  differ. Words it never saw weigh nothing.
- Pairs never named in one sentence, neither of them the article's main actor, are out of its
  reach: {unreachable} of the {gold_pairs:,} linked pairs of the training articles.
- Links the text denies or imagines are not in the gold: the model was not trained to judge them.
  Rule links in those modes are kept as the rules made them.
"""


def write_card(
    data: dict[str, Any],
    figures: dict[str, dict[str, dict[str, float]]],
    types: dict[str, dict[str, float]],
    megabytes: float,
    years: str,
) -> str:
    """The model card: what the model is, what it was trained on (`years`: of the dated articles'
    first and last), how well it does, its licence."""

    def cells(s: dict[str, dict[str, float]], key: str) -> str:
        m = s.get(key)
        if m is None or (key == "typed_links" and not m["tp"] + m["fp"]):
            return "- | - | -"
        return f"{m['precision']:.3f} | {m['recall']:.3f} | **{m['f1']:.3f}**"

    labels = {
        "learned": "learned model",
        "rules": "rules alone",
        "pairs": "every pair in a sentence",
    }
    rows = [
        f"| {label} | {cells(figures[key], 'links')} | {cells(figures[key], 'typed_links')} |"
        for key, label in labels.items()
    ]
    per_type = [
        f"| {kind} | {m['tp'] + m['fn']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
        for kind, m in types.items()
    ]
    meta = data["meta"]
    return CARD_TEMPLATE.format(
        **meta,
        thresholds=textwrap.fill(
            ", ".join(f"{k} {v}" for k, v in data["thresholds"].items()),
            width=99,  # the template's full stop follows
            initial_indent="  ",
            subsequent_indent="  ",
        ),
        min_precision=MIN_PRECISION,
        type_weight=data["type_weight"],
        floor=LINK_FLOOR,
        megabytes=megabytes,
        years=years,
        sha=meta["corpus_sha256"][:16],
        folds=FOLDS,
        countries=figures["learned"]["countries"]["f1"],
        rows="\n".join(rows),
        per_type="\n".join(per_type),
    )


if __name__ == "__main__":
    try:
        main()
    except (InputError, OSError, ValueError) as err:  # one line, no traceback
        sys.exit(f"train_links: error: {err}")
