"""The learned link model: a linear classifier per label (any link, and each link type) over the
candidate features, trained by `scripts/train_links.py` with scikit-learn and shipped as package
data (`extract/data/link_model.json`, with its card `extract/data/LINK_MODEL.md`).

The file holds the feature names, one weight per feature and label, the intercepts, the decision
thresholds and the types' weight in the link decision (`blend_sums`); scoring is the dot product
and the logistic function, so no pickle and no learning library is needed at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from itertools import repeat
from typing import Any

import numpy as np
from diplomap.extract.relation.keys import feature_key

MODEL_FILE = "link_model.json"
LINK = "link"  # the label "any link between the pair"
TYPES = ("meeting", "cooperation", "economic", "conflict", "criticism", "legal", "other")
LABELS = (LINK, *TYPES)
RULE_LINK = "rule_link"  # the link threshold for a candidate the rules linked (may be lower)
THRESHOLDS = (*LABELS, RULE_LINK)
LINK_FLOOR = 0.1  # a candidate whose link label gives it less is never linked (nor typed)


class LinkModel:
    """Weights by feature key; `sums` gives each candidate's summed weights for every label
    (`logistic` makes them probabilities)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.labels: tuple[str, ...] = tuple(data["labels"])
        names: list[str] = data["features"]
        weights = np.asarray(data["weights"], dtype=np.float64).reshape(len(names), -1)
        # Row 0 is the intercept, added to every candidate; the last row, all zeros, is the row
        # of every feature the model does not know.
        intercepts = np.asarray(data["intercepts"], dtype=np.float64)
        self.weights = np.vstack([intercepts, weights, np.zeros_like(intercepts)])
        self.unknown = len(self.weights) - 1
        self.index: dict[tuple[int, int], int] = {
            feature_key(name): row for row, name in enumerate(names, start=1)
        }
        self.thresholds = np.array([data["thresholds"][name] for name in THRESHOLDS])
        self.type_weight = float(data.get("type_weight", 0.0))  # see `blend_sums`
        self.meta: dict[str, Any] = data.get("meta", {})

    def sums(self, features: list[list[tuple[int, int]]], intercept: bool = True) -> np.ndarray:
        """Each candidate's summed weights (logits), one row per candidate, one column per label:
        its known features' weights, and the intercept unless `intercept` is False."""
        get, unknown = self.index.get, repeat(self.unknown)
        first = 0 if intercept else self.unknown  # so no candidate is an empty sum
        rows: list[int] = []
        starts = []
        for keys in features:
            starts.append(len(rows))
            rows.append(first)
            rows += map(get, keys, unknown)
        if not rows:
            return np.zeros((0, len(self.labels)))
        return np.add.reduceat(self.weights[rows], starts, axis=0)

    def weight(self, key: tuple[int, int], label: int) -> float:
        """A feature's weight for label number `label` (0 when the model does not know it)."""
        row = self.index.get(key)
        return 0.0 if row is None else float(self.weights[row, label])


def logistic(sums: np.ndarray) -> np.ndarray:
    """Probabilities from summed weights (logits)."""
    return 1.0 / (1.0 + np.exp(-sums))


def blend_sums(sums: np.ndarray, type_weight: float) -> np.ndarray:
    """The summed weights as the decision reads them. The link column of a candidate whose link
    label reaches LINK_FLOOR becomes the weighted mean of its link label's and its likeliest type's,
    1 : type_weight: the types read every word of the sentence, the link label does not, and
    together they decide better than the link label alone (`scripts/train_links.py` chooses the
    weight). The others keep theirs, under the floor and so under any link threshold."""
    if not type_weight or not len(sums):
        return sums
    out = sums.copy()
    over = logistic(sums[:, 0]) >= LINK_FLOOR
    best = sums[over, 1:].max(axis=1)
    out[over, 0] = (sums[over, 0] + type_weight * best) / (1.0 + type_weight)
    return out


def decide(
    pairs: list[tuple[str, str]], probs: np.ndarray, ruled: list[bool], thresholds: np.ndarray
) -> list[tuple[int, int]]:
    """(candidate number, label number) of every typed link of one doc, from the candidates' pairs,
    probabilities and whether the rules linked each. A candidate is linked when its link score (its
    link column, `blend_sums` applied) reaches the link threshold (THRESHOLDS: one no higher if the
    rules linked it), with every type above that type's threshold. A linked pair none of whose
    candidates reaches a type's threshold gets its likeliest type once, at its likeliest
    candidate."""
    out: list[tuple[int, int]] = []
    untyped: dict[tuple[str, str], int] = {}  # linked pair -> its likeliest candidate
    typed: set[tuple[str, str]] = set()
    for i, (pair, p, rule) in enumerate(zip(pairs, probs, ruled, strict=True)):
        if p[0] < thresholds[-1 if rule else 0]:
            continue
        kinds = [k for k in range(1, len(LABELS)) if p[k] >= thresholds[k]]
        out += [(i, k) for k in kinds]
        if kinds:
            typed.add(pair)
        elif pair not in untyped or p[0] > probs[untyped[pair]][0]:
            untyped[pair] = i
    for pair, i in untyped.items():
        if pair not in typed:
            out.append((i, 1 + int(np.argmax(probs[i][1:]))))
    return sorted(out)


def read_model(data: dict[str, Any]) -> LinkModel:
    """A model from its JSON object, checked for the labels the link stage reads."""
    if tuple(data.get("labels", ())) != LABELS or set(data.get("thresholds", ())) != set(
        THRESHOLDS
    ):
        raise ValueError(f"a link model needs the labels {LABELS} and thresholds {THRESHOLDS}")
    return LinkModel(data)


@cache
def load_model() -> LinkModel:
    """The link model shipped as package data (`scripts/train_links.py` writes it)."""
    path = files("diplomap.extract") / "data" / MODEL_FILE
    if not path.is_file():
        raise FileNotFoundError(f"the link model {MODEL_FILE} is missing from extract/data")
    return read_model(json.loads(path.read_text(encoding="utf-8")))
