"""Training the link model on annotated articles: candidates, labels, fitting, thresholds, export.

The rules-only pipeline reads each article; every candidate pair of a sentence gets its features
(`extract.relation.features`) and its labels from the gold:
- a candidate in the sentence a gold link's evidence covers is a positive for "link" and that type;
- a candidate of a pair the gold does not link is a negative for every label;
- any other candidate of a linked pair (the gold names one evidence sentence per pair and type, so
  another sentence may state it too) is left out of "link" and of the types the pair has.

One scikit-learn logistic regression per label is fitted; C, the types' weight in the link decision
and the decision thresholds are chosen on out-of-fold probabilities of the training articles only.
`export_model` writes the weights as the JSON the pipeline reads (`extract.relation.model`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from spacy.language import Language

from diplomap.evaluation import gold_sets
from diplomap.extract.lexicon import FACTUAL_MODES
from diplomap.extract.relation.candidates import all_candidates
from diplomap.extract.relation.features import (
    doc_features,
    rule_links_by_pair,
    ruled_mentions,
)
from diplomap.extract.relation.keys import feature_name
from diplomap.extract.relation.model import (
    LABELS,
    LINK_FLOOR,
    THRESHOLDS,
    TYPES,
    blend_sums,
    decide,
    logistic,
    read_model,
)
from diplomap.extract.relation.type_words import TYPE_WORD, type_keys
from diplomap.wikinews import Article

MIN_COUNT = 2  # a feature must occur in this many training candidates
C_GRID = (0.1, 0.3, 1.0, 3.0)
TYPE_WEIGHT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)  # the types' weight in the link decision
LINK_GRID = tuple(round(x, 2) for x in np.arange(LINK_FLOOR, 0.91, 0.025))  # from the floor up
TYPE_GRID = tuple(round(x, 2) for x in np.arange(0.10, 0.91, 0.05))
MIN_PRECISION = 0.72  # the link threshold keeps precision at least this on training folds
NO_DATE = date(2007, 1, 1)  # the corpus's middle, for its 39 undated articles
Truth = tuple[set[tuple[str, ...]], set[tuple[str, ...]]]  # an article's gold pairs, typed pairs


@dataclass
class ArticleCandidates:
    """One article read by the rules: its candidates' pairs, sentence spans and features, and
    whether the rules linked each."""

    id: str
    pairs: list[tuple[str, str]]
    spans: list[tuple[int, int]]
    features: list[list[tuple[int, int]]]
    typing: list[list[tuple[int, int]]]  # the keys only the types read (`type_keys`)
    ruled: list[bool]  # whether the rules linked the candidate (in a mode the gold holds)
    salient: list[bool]  # whether it is a main-actor candidate (the pair not in one sentence)


def read_candidates(nlp: Language, articles: list[Article]) -> list[ArticleCandidates]:
    """Every article's candidates and features, from a pipeline built with `decide="rules"`."""
    out = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.date = article.day or NO_DATE
        doc = nlp(doc)
        w, mentions, cues, rows = doc._.words, doc._.mentions or [], doc._.cues or [], doc._.links
        by_rules = rule_links_by_pair(w, rows)
        candidates = all_candidates(w, mentions, ruled_mentions(w, by_rules))
        features = doc_features(w, mentions, candidates, cues, by_rules)
        spans = [(w.idx[w.sent_starts[c.n]], w.end_char(w.sent_end(c.n))) for c in candidates]
        ruled = [
            any(r["mode"] in FACTUAL_MODES for r in by_rules.get((c.n, *c.key), ()))
            for c in candidates
        ]
        out.append(
            ArticleCandidates(
                article.id,
                [c.key for c in candidates],
                spans,
                features,
                type_keys(w, mentions, candidates),
                ruled,
                [c.salient for c in candidates],
            )
        )
    return out


def label_candidates(cands: ArticleCandidates, gold: dict[str, Any]) -> np.ndarray:
    """Labels per candidate and label: 1, 0, or -1 (left out), as the module docstring says."""
    evidence: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for link in gold["links"]:
        pair = tuple(sorted((link["a"], link["b"])))
        evidence.setdefault(pair, []).append((link["type"], link["start"], link["end"]))
    y = np.zeros((len(cands.pairs), len(LABELS)), dtype=np.int8)
    for i, (pair, (start, end)) in enumerate(zip(cands.pairs, cands.spans, strict=True)):
        links = evidence.get(pair)
        if not links:
            continue
        y[i, 0] = -1
        for kind, e_start, e_end in links:
            k = 1 + TYPES.index(kind)
            covered = start < e_end and e_start < end
            if covered:
                y[i, 0] = y[i, k] = 1
            elif y[i, k] != 1:
                y[i, k] = -1
    return y


@dataclass
class Fitted:
    """A model fitted on some articles: feature vocabulary, weights per label, thresholds, C and
    the types' weight in the link decision."""

    vocabulary: dict[tuple[int, int], int]
    weights: np.ndarray  # features x labels
    intercepts: np.ndarray
    thresholds: np.ndarray
    c: float
    type_weight: float

    def predict(self, doc: ArticleCandidates) -> np.ndarray:
        """Probabilities per candidate of the doc and label, as the decision reads them."""
        sums = summed_weights(doc, self.vocabulary, self.weights, self.intercepts)
        return logistic(blend_sums(sums, self.type_weight))


def summed_weights(
    doc: ArticleCandidates,
    vocabulary: dict[tuple[int, int], int],
    weights: np.ndarray,
    intercepts: np.ndarray,
) -> np.ndarray:
    """Summed weights (logits) per candidate and label, every candidate read with its type keys
    (the link label has no weight for them, so its sums are those of the features alone)."""
    if not doc.pairs:
        return np.zeros((0, len(LABELS)))
    return np.asarray(to_matrix(both_keys(doc), vocabulary) @ weights + intercepts)


def both_keys(doc: ArticleCandidates) -> list[list[tuple[int, int]]]:
    """Each candidate's features and type keys."""
    return [f + t for f, t in zip(doc.features, doc.typing, strict=True)]


def build_vocabulary(docs: list[ArticleCandidates]) -> dict[tuple[int, int], int]:
    """Feature keys seen in at least MIN_COUNT candidates, numbered."""
    counts: Counter[tuple[int, int]] = Counter()
    for doc in docs:
        for keys in both_keys(doc):
            counts.update(keys)
    kept = sorted(k for k, n in counts.items() if n >= MIN_COUNT)
    return {k: i for i, k in enumerate(kept)}


def to_matrix(
    features: list[list[tuple[int, int]]], vocabulary: dict[tuple[int, int], int]
) -> csr_matrix:
    """Candidates as rows of 0/1 features."""
    indptr, indices = [0], []
    for keys in features:
        indices += [vocabulary[k] for k in keys if k in vocabulary]
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, indices, indptr), shape=(len(features), len(vocabulary)))


def link_columns(typed: csr_matrix, vocabulary: dict[tuple[int, int], int]) -> csr_matrix:
    """The rows of `typed` as the link label reads them: the type keys' columns emptied."""
    read = np.ones(len(vocabulary))
    read[[column for key, column in vocabulary.items() if key[0] == TYPE_WORD]] = 0.0
    x = csr_matrix(typed.multiply(read))
    x.eliminate_zeros()
    return x


def fit_weights(
    x: csr_matrix, typed: csr_matrix, y: np.ndarray, c: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """One L2 logistic regression per label on the rows that label keeps: weights, intercepts.
    The link label reads `x` (the features), the types `typed` (the features and type keys); the
    link label's weight of a key `x` never holds is 0."""
    weights = np.zeros((x.shape[1], len(LABELS)))
    intercepts = np.full(len(LABELS), -10.0)  # a label never seen positive is never chosen
    for k in range(len(LABELS)):
        keep = y[:, k] >= 0
        target = y[keep, k]
        if target.sum() == 0 or target.sum() == len(target):
            continue
        clf = LogisticRegression(C=c, max_iter=2000, random_state=seed)
        clf.fit((typed if k else x)[keep], target)
        weights[:, k] = clf.coef_[0]
        intercepts[k] = clf.intercept_[0]
    unread = np.asarray(x.getnnz(axis=0) == 0)
    weights[unread, 0] = 0.0
    return weights, intercepts


def article_sets(
    docs: list[ArticleCandidates], probs: list[np.ndarray], thresholds: np.ndarray
) -> list[tuple[set[tuple[str, str]], set[tuple[str, str, str]]]]:
    """Per article, the pairs and typed pairs the decision gives (as the pipeline decides)."""
    out = []
    for doc, p in zip(docs, probs, strict=True):
        chosen = decide(doc.pairs, p, doc.ruled, thresholds) if doc.pairs else []
        typed = {(*doc.pairs[i], TYPES[k - 1]) for i, k in chosen}
        out.append(({t[:2] for t in typed}, typed))
    return out


def truth_pairs(gold: dict[str, Any]) -> Truth:
    """A gold row's pairs and typed pairs, as `diplomap evaluate` scores them."""
    sets = gold_sets(gold)
    return sets["links"], sets["typed_links"]


def count_matches(found: list[set[Any]], truth: list[set[Any]]) -> tuple[int, int, int]:
    """True positives, false positives and false negatives summed over articles."""
    tp = sum(len(f & t) for f, t in zip(found, truth, strict=True))
    fp = sum(len(f - t) for f, t in zip(found, truth, strict=True))
    fn = sum(len(t - f) for f, t in zip(found, truth, strict=True))
    return tp, fp, fn


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts (0 when nothing is right)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_thresholds(
    docs: list[ArticleCandidates],
    probs: list[np.ndarray],
    truth: list[Truth],
) -> np.ndarray:
    """Thresholds (THRESHOLDS) for the decision, from probabilities the model gave articles it was
    not fitted on: the link threshold with the best links F1 at precision MIN_PRECISION or more
    (else the most precise), the same for candidates the rules linked (at most the link
    threshold), then each type's threshold in turn for the best typed-links F1."""
    thresholds = np.full(len(THRESHOLDS), 0.5)
    true_pairs, true_typed = [t[0] for t in truth], [t[1] for t in truth]

    def link_score(t: float, at: int) -> tuple[bool, float]:
        thresholds[at] = t
        if at == 0:
            thresholds[-1] = t
        found = [f[0] for f in article_sets(docs, probs, thresholds)]
        tp, fp, fn = count_matches(found, true_pairs)
        precision = tp / (tp + fp) if tp + fp else 0.0
        enough = precision >= MIN_PRECISION
        return enough, f1(tp, fp, fn) if enough else precision

    thresholds[0] = max(LINK_GRID, key=lambda t: link_score(t, 0))
    below = [t for t in LINK_GRID if t <= thresholds[0]]
    thresholds[-1] = max(below, key=lambda t: (*link_score(t, -1), t))
    for _ in range(2):  # each type's threshold given the others, twice over
        for k in range(1, len(LABELS)):

            def typed_score(t: float, k: int = k) -> tuple[float, float]:
                thresholds[k] = t
                found = [f[1] for f in article_sets(docs, probs, thresholds)]
                return f1(*count_matches(found, true_typed)), -abs(t - 0.5)

            thresholds[k] = max(TYPE_GRID, key=typed_score)
    return thresholds


def split_folds(n: int, k: int, seed: int) -> list[np.ndarray]:
    """k folds of article numbers 0..n-1, seeded."""
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def fit_fold(
    docs: list[ArticleCandidates], labels: list[np.ndarray], c: float, seed: int
) -> tuple[dict[tuple[int, int], int], np.ndarray, np.ndarray]:
    """Vocabulary, weights and intercepts fitted on these articles."""
    vocabulary = build_vocabulary(docs)
    typed = to_matrix([keys for d in docs for keys in both_keys(d)], vocabulary)
    x = link_columns(typed, vocabulary)
    y = np.vstack(labels) if labels else np.zeros((0, len(LABELS)), dtype=np.int8)
    weights, intercepts = fit_weights(x, typed, y, c, seed)
    return vocabulary, weights, intercepts


def out_of_fold(
    docs: list[ArticleCandidates], labels: list[np.ndarray], c: float, k: int, seed: int
) -> list[np.ndarray]:
    """Each article's summed weights from a model fitted on the other folds of these articles."""
    sums: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for fold in split_folds(len(docs), k, seed):
        held = set(fold.tolist())
        train = [i for i in range(len(docs)) if i not in held]
        vocabulary, weights, intercepts = fit_fold(
            [docs[i] for i in train], [labels[i] for i in train], c, seed
        )
        for i in fold.tolist():
            sums[i] = summed_weights(docs[i], vocabulary, weights, intercepts)
    return sums


def score_decision(
    docs: list[ArticleCandidates],
    truth: list[Truth],
    probs: list[np.ndarray],
) -> tuple[float, np.ndarray]:
    """The links F1 plus the typed links F1 of the thresholds chosen on these probabilities
    (`choose_thresholds`), and those thresholds; `truth` is the golds' `truth_pairs`."""
    thresholds = choose_thresholds(docs, probs, truth)
    found = article_sets(docs, probs, thresholds)
    links = f1(*count_matches([f[0] for f in found], [t[0] for t in truth]))
    typed = f1(*count_matches([f[1] for f in found], [t[1] for t in truth]))
    return links + typed, thresholds


def fit_model(
    docs: list[ArticleCandidates], golds: list[dict[str, Any]], seed: int, inner: int = 3
) -> Fitted:
    """A model fitted on these articles: C, then the types' weight in the link decision
    (`model.blend_sums`) and the thresholds chosen on inner out-of-fold probabilities (these
    articles only), then weights fitted on all of them."""
    labels = [label_candidates(d, g) for d, g in zip(docs, golds, strict=True)]
    truth = [truth_pairs(g) for g in golds]
    best = None
    for c in C_GRID:  # C with the link label deciding alone
        sums = out_of_fold(docs, labels, c, inner, seed)
        score, thresholds = score_decision(docs, truth, [logistic(s) for s in sums])
        if best is None or score > best[0]:
            best = (score, c, 0.0, thresholds, sums)
    _, c, _, _, sums = best
    for weight in TYPE_WEIGHT_GRID[1:]:  # then the types' weight, at that C
        probs = [logistic(blend_sums(s, weight)) for s in sums]
        score, thresholds = score_decision(docs, truth, probs)
        if score > best[0]:
            best = (score, c, weight, thresholds, sums)
    _, c, weight, thresholds, _ = best
    vocabulary, weights, intercepts = fit_fold(docs, labels, c, seed)
    return Fitted(vocabulary, weights, intercepts, thresholds, c, weight)


def export_model(fitted: Fitted, strings: Any, meta: dict[str, Any]) -> dict[str, Any]:
    """The model as the JSON object `extract.relation.model` reads: features with a weight of
    note for some label, by name; weights rounded to 5 decimals."""
    names, rows = [], []
    for key, i in sorted(fitted.vocabulary.items(), key=lambda kv: kv[1]):
        weights = np.round(fitted.weights[i], 5)
        if np.abs(weights).max() < 1e-4:
            continue
        names.append(feature_name(key, strings))
        rows.append(weights.tolist())
    data = {
        "labels": list(LABELS),
        "features": names,
        "weights": rows,
        "intercepts": np.round(fitted.intercepts, 5).tolist(),
        "thresholds": {
            name: round(float(t), 3) for name, t in zip(THRESHOLDS, fitted.thresholds, strict=True)
        },
        "type_weight": fitted.type_weight,
        "meta": {**meta, "c": fitted.c, "features": len(names)},
    }
    read_model(data)  # what is written must load
    return data
