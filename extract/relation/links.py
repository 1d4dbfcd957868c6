"""The link decision: the rules propose, the learned model decides.

Every candidate pair of a sentence (see `candidates`) is scored by the model for "any link" and for
each type (the types of a candidate that may be linked also read every word of its sentence, and
weigh in its link decision: `model.blend_sums`), and `model.decide` picks the typed links (a row
each). Where the rules linked the pair in that sentence with the same type, their row is kept as
it is (cue, event, mode, venue, the initiator first); otherwise the row's cue is the word of the
sentence that weighs most for the type, its mode is the rules' for the pair there or else read
before the word near the pair that weighs most for the type, and its event, quad class and score
are the type's defaults (`types.TYPE_EVENTS`).

Rows the rules made in a mode the gold does not hold (negated, hypothetical) are kept as they are:
the model was never trained to judge them, and the views show them only on request.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from diplomap.extract.dates import MONTHS, WEEKDAYS
from diplomap.extract.lexicon import CUE, FACTUAL_MODES, MODE, load_modes
from diplomap.extract.relation.candidates import Candidate, all_candidates
from diplomap.extract.relation.evidence import link_row, sentence_text
from diplomap.extract.relation.features import (
    doc_features,
    rule_links_by_pair,
    ruled_mentions,
)
from diplomap.extract.relation.keys import TEMPLATE
from diplomap.extract.relation.model import (
    LINK_FLOOR,
    TYPES,
    LinkModel,
    blend_sums,
    decide,
    logistic,
)
from diplomap.extract.relation.modes import mode_of
from diplomap.extract.relation.type_words import type_keys
from diplomap.extract.relation.types import TYPE_EVENTS
from diplomap.extract.relation.venues import meeting_place
from diplomap.extract.words import Match, Mention, Words, string_id
from spacy.lang.en.stop_words import STOP_WORDS

CUE_REACH = 3  # words before and after the pair where a cue may stand
# Function words ("with", "to", "the") may weigh for a type but explain nothing: never a cue.
_STOP = {string_id(w) for w in STOP_WORDS}
# Nor do the names of days and months (meetings are dated: "Tuesday" weighs for a meeting).
_DATE_WORDS = {name.title() for name in (*WEEKDAYS, *MONTHS)}


def decide_links(
    w: Words,
    mentions: list[Mention],
    cues: list[Match],
    rule_rows: list[dict[str, Any]],
    model: LinkModel,
) -> list[dict[str, Any]]:
    """The doc's link rows: the model's decision over every candidate pair, with evidence."""
    kept = [row for row in rule_rows if row["mode"] not in FACTUAL_MODES]
    ruled = rule_links_by_pair(w, rule_rows)
    candidates = all_candidates(w, mentions, ruled_mentions(w, ruled))
    if not candidates:
        return kept
    probs = _score_candidates(
        w, mentions, candidates, doc_features(w, mentions, candidates, cues, ruled), model
    )
    own = [ruled.get((c.n, *c.key), []) for c in candidates]
    sent_mentions, sent_cues = w.by_sentence(mentions), w.by_sentence(cues)
    factual = [any(r["mode"] in FACTUAL_MODES for r in rows) for rows in own]
    out: list[dict[str, Any]] = []
    for i, k in decide([c.key for c in candidates], probs, factual, model.thresholds):
        kind = TYPES[k - 1]
        same = [r for r in own[i] if r["type"] == kind and r["mode"] in FACTUAL_MODES]
        if same:
            out.append(same[0])
        else:
            n = candidates[i].n
            here = (sent_mentions.get(n, []), sent_cues.get(n, []))
            out.append(_model_row(w, candidates[i], kind, k, own[i], *here, model))
    return out + kept


def _score_candidates(
    w: Words,
    mentions: list[Mention],
    candidates: list[Candidate],
    features: list[list[tuple[int, int]]],
    model: LinkModel,
) -> np.ndarray:
    """Every candidate's probabilities, as the decision reads them (`model.blend_sums`). The
    candidates that may be linked add their type keys' weights (`type_words.type_keys`) to their
    types' summed weights: the types read them, the link label does not. Those are the candidates
    the link label links (at the lower of its two thresholds), and those over the floor when the
    types weigh in the link decision. The others' types are never read."""
    sums = model.sums(features)
    bar = model.thresholds[[0, -1]].min()
    if model.type_weight:
        bar = min(bar, LINK_FLOOR)
    typed = np.flatnonzero(logistic(sums[:, 0]) >= bar).tolist()
    if typed:
        keys = type_keys(w, mentions, [candidates[i] for i in typed])
        sums[typed, 1:] += model.sums(keys, intercept=False)[:, 1:]
    return logistic(blend_sums(sums, model.type_weight))


def _model_row(
    w: Words,
    cand: Candidate,
    kind: str,
    label: int,
    own: list[dict[str, Any]],
    sent_mentions: list[Mention],
    sent_cues: list[Match],
    model: LinkModel,
) -> dict[str, Any]:
    """A row for a link the rules did not make with this type, given the actor mentions and cues
    of the candidate's sentence."""
    a, b = cand.a, cand.b
    if own and own[0]["a"] == b.code:
        a, b = b, a  # the rules' initiator of the pair comes first
    near, cue = _cues(w, cand, label, model)
    relation = [c for c in sent_cues if c.label == CUE]
    mode_cues = [c for c in sent_cues if c.label == MODE]
    stated = [r["mode"] for r in own if r["mode"] in FACTUAL_MODES]
    # The mode is read where the pair is: before the word near it that weighs most for the type.
    mode = stated[0] if stated else mode_of(w, near, mode_cues, load_modes(), relation)
    entry = {"type": kind, **TYPE_EVENTS[kind]}
    meeting = kind == "meeting" and not cand.salient  # a venue needs both parties in the sentence
    venue = meeting_place(w, {}, a, b, sent_mentions) if meeting else None
    return link_row(w, sentence_text(w, cand.n), a, b, cue, entry, mode, venue)


def _cues(w: Words, cand: Candidate, label: int, model: LinkModel) -> tuple[Match, Match]:
    """The word near the pair whose features (as a word between, before or after it) weigh most
    for the label, the mode's anchor; and the row's cue, the word of the sentence that weighs most,
    a word's weight as a word the types read (`type_words`) added, among its words of two letters
    or more (`_is_word`). For a main-actor candidate both are the word of its sentence that weighs
    most. Each falls back to the word just after the first mention."""
    a, b = cand.a, cand.b
    first, end = w.sent_starts[cand.n], w.sent_end(cand.n)
    if cand.salient:  # the main actor is named in another sentence: any word of this one
        cue = _heaviest(w, cand, _weights(w, {"sentence_word": range(first, end)}, label, model))
        return cue, cue
    near = {
        "between": range(a.end, b.start),
        "before": range(max(first, a.start - CUE_REACH), a.start),
        "after": range(b.end, min(end, b.end + CUE_REACH)),
    }
    weights = _weights(w, near, label, model)
    anchor = _heaviest(w, cand, weights)
    for i, weight in _weights(w, {"type_word": range(first, end)}, label, model).items():
        weights[i] = weights.get(i, 0.0) + weight
    words = {i: weight for i, weight in weights.items() if _is_word(w, i)}
    return anchor, _heaviest(w, cand, words)


def _is_word(w: Words, i: int) -> bool:
    """Whether token i is a word of two letters or more, fit to explain a link (not the "b" of a
    stray "<b>" tag, nor a number, nor a day's or a month's name)."""
    text = w.span_text(i, i + 1)
    return len(text) > 1 and text.isalpha() and text not in _DATE_WORDS


def _weights(w: Words, spans: dict[str, range], label: int, model: LinkModel) -> dict[int, float]:
    """Each word's weight for the label as a word of each template's span (punctuation, spaces
    and function words left out), in the spans' order."""
    out: dict[int, float] = {}
    for template, tokens in spans.items():
        t = TEMPLATE[template]
        for i in tokens:
            if not (w.punct[i] or w.space[i] or w.lower[i] in _STOP):
                out[i] = out.get(i, 0.0) + model.weight((t, w.lower[i]), label)
    return out


def _heaviest(w: Words, cand: Candidate, weights: dict[int, float]) -> Match:
    """The first word of the greatest positive weight; else the first word after the first
    mention, a content word if there is one."""
    best, best_weight = None, 0.0
    for i, weight in weights.items():
        if weight > best_weight:
            best, best_weight = i, weight
    if best is None:
        end = w.sent_end(cand.n)
        words = [i for i in range(cand.a.end, end) if not (w.punct[i] or w.space[i])]
        content = [i for i in words if w.lower[i] not in _STOP]
        best = (content or words or [cand.a.start])[0]
    return Match(best, best + 1, CUE, w.span_text(best, best + 1).lower())
