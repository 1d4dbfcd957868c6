"""Honest figures for the link decision: cross-validation by article, scores, baselines and the
precision/recall curve, shared by `bench/extract_quality.py` and the tests.

Each fold's model is fitted, C, the types' weight and the thresholds included, on the other folds
alone (`training`), then the real pipeline with that model reads the held-out articles: what is
scored is what ships.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.language import Language

from diplomap import evaluation
from diplomap.evaluation import gold_sets
from diplomap.extract import make_pipeline
from diplomap.extract.lexicon import FACTUAL_MODES
from diplomap.extract.relation.model import TYPES, read_model
from diplomap.extract.rows import doc_mentions
from diplomap.training import (
    NO_DATE,
    ArticleCandidates,
    article_sets,
    count_matches,
    export_model,
    fit_model,
    split_folds,
)
from diplomap.wikinews import Article

SCORES = ("countries", "blocs", "links", "typed_links")
Sets = dict[str, set[tuple[str, ...]]]


@dataclass
class Fold:
    """One fold: the held-out article numbers, and the model fitted without them."""

    held_out: list[int]
    model: dict[str, Any]
    fitted: Any


def cross_validate(
    docs: list[ArticleCandidates],
    golds: list[dict[str, Any]],
    strings: Any,
    folds: int,
    seed: int,
    inner: int = 3,
) -> list[Fold]:
    """For each of `folds` folds by article, the model fitted on the other folds alone."""
    out = []
    for fold in split_folds(len(docs), folds, seed):
        held = set(fold.tolist())
        train = [i for i in range(len(docs)) if i not in held]
        train_docs = [docs[i] for i in train]
        fitted = fit_model(train_docs, [golds[i] for i in train], seed, inner)
        out.append(Fold(fold.tolist(), export_model(fitted, strings, {}), fitted))
    return out


@dataclass
class Report:
    """Cross-validated findings: per article, what the learned model (each fold's), the rules and
    the every-pair baseline found, the truth, and each article's held-out probabilities."""

    found: dict[str, list[Sets]]
    truth: list[Sets]
    probs: list[np.ndarray]
    folds: list[Fold]


def cross_validated(
    docs: list[ArticleCandidates],
    golds: list[dict[str, Any]],
    articles: list[Article],
    rules: Language,
    folds: int,
    seed: int,
) -> Report:
    """Fit each fold's model without it, then read its articles with the real pipeline: the
    learned model, the rules alone (`rules`, a `decide="rules"` pipeline) and the baseline."""
    result = cross_validate(docs, golds, rules.vocab.strings, folds, seed)
    learned = make_pipeline(decide="rules")  # its link stage takes each fold's model in turn
    found: list[Sets] = [{} for _ in golds]
    probs: list[np.ndarray] = [np.zeros((0, len(TYPES) + 1))] * len(golds)
    for fold in result:
        use_model(learned, fold.model)
        for i in fold.held_out:
            found[i] = found_sets(learned, articles[i])
            if docs[i].pairs:
                probs[i] = fold.fitted.predict(docs[i])
    return Report(
        {
            "learned": found,
            "rules": [found_sets(rules, a) for a in articles],
            "pairs": [pair_sets(d) for d in docs],
        },
        [gold_sets(g) for g in golds],
        probs,
        result,
    )


def use_model(nlp: Language, model: dict[str, Any]) -> Language:
    """The pipeline with its link stage deciding by this model (a fold's, not the shipped one)."""
    nlp.get_pipe("diplomap_links").model = read_model(model)
    return nlp


def found_sets(nlp: Language, article: Article) -> Sets:
    """What a pipeline finds in one article, as the four sets the gold is scored on."""
    doc = nlp.make_doc(article.text)
    doc._.date = article.day or NO_DATE
    doc = nlp(doc)
    mentions = doc_mentions(doc, article.id)
    typed = {
        (*sorted((lk["a"], lk["b"])), lk["type"])
        for lk in doc._.links
        if lk["mode"] in FACTUAL_MODES
    }
    return {
        "countries": {(m["code"],) for m in mentions if m["kind"] == "country"},
        "blocs": {(m["code"],) for m in mentions if m["kind"] == "bloc"},
        "links": {t[:2] for t in typed},
        "typed_links": typed,
    }


def pair_sets(doc: ArticleCandidates) -> Sets:
    """The baseline: every two actors named in one sentence are linked (untyped)."""
    pairs = (pair for pair, salient in zip(doc.pairs, doc.salient, strict=True) if not salient)
    return {"links": set(pairs), "typed_links": set()}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """`diplomap evaluate`'s precision, recall and F1, with the counts behind them."""
    return {**evaluation.prf(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn}


def score(found: Iterable[Sets], truth: Iterable[Sets]) -> dict[str, dict[str, float]]:
    """Micro-averaged scores of each set the found ones hold, over articles."""
    pairs = list(zip(found, truth, strict=True))
    keys = [k for k in SCORES if pairs and k in pairs[0][0]]
    return {
        k: prf(*count_matches([f[k] for f, _ in pairs], [t[k] for _, t in pairs])) for k in keys
    }


def score_types(found: Iterable[Sets], truth: Iterable[Sets]) -> dict[str, dict[str, float]]:
    """Typed-link scores per link type, micro-averaged over articles."""
    pairs = list(zip(found, truth, strict=True))
    out = {}
    for kind in TYPES:
        f = [{t for t in x["typed_links"] if t[2] == kind} for x, _ in pairs]
        g = [{t for t in y["typed_links"] if t[2] == kind} for _, y in pairs]
        out[kind] = prf(*count_matches(f, g))
    return out


def link_curve(
    docs: list[ArticleCandidates],
    probs: list[np.ndarray],
    truth: list[Sets],
    thresholds: Iterable[float],
) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) of the links decision as its threshold moves, the type
    thresholds aside (a pair is linked when a sentence's link score reaches it)."""
    out = []
    for t in thresholds:
        cut = np.array([t] + [0.5] * len(TYPES) + [t])
        found = [f[0] for f in article_sets(docs, probs, cut)]
        s = prf(*count_matches(found, [x["links"] for x in truth]))
        out.append((float(t), s["precision"], s["recall"]))
    return out
