"""Relation cues and the links they type: the lexicon is data in `extract/data/relations.jsonl`."""

from __future__ import annotations

from functools import cache
from itertools import combinations
from typing import Any

from spacy.tokens import Doc, Span

from extract.gazetteer import read_jsonl

CUE = "CUE"
MODE = "MODE"
OTHER = "other"
ASSERTED = "asserted"

# Columns of a link row (the article id is added by `extract.rows`).
LINK_FIELDS = (
    "a",
    "b",
    "type",
    "event",
    "quad",
    "score",
    "mode",
    "sentence",
    "sent_start",
    "a_text",
    "a_start",
    "a_end",
    "b_text",
    "b_start",
    "b_end",
    "cue",
    "cue_start",
    "cue_end",
)


@cache
def load_lexicon() -> dict[str, dict[str, Any]]:
    """Cue (lower case) -> its type, PLOVER-like event, quad class and score."""
    return {row["cue"]: row for row in read_jsonl("relations.jsonl")}


@cache
def load_modes() -> dict[str, str]:
    """Mode cue (lower case) -> mode (negated, planned, hypothetical)."""
    return {row["cue"]: row["mode"] for row in read_jsonl("modes.jsonl")}


def build_cue_patterns() -> list[dict[str, str]]:
    """Patterns for the cue ruler: relation cues and mode cues, matched on lower-case text."""
    cues = [{"label": CUE, "pattern": cue, "id": cue} for cue in load_lexicon()]
    modes = [{"label": MODE, "pattern": cue, "id": cue} for cue in load_modes()]
    return cues + modes


def find_links(doc: Doc, actors: list[Span], cues: list[Span]) -> list[dict[str, Any]]:
    """One link per pair of different actors in a sentence, typed by the cue nearest the pair."""
    lexicon, modes = load_lexicon(), load_modes()
    links = []
    for sent in doc.sents:
        in_sent = [a for a in actors if sent.start <= a.start < sent.end]
        if len(in_sent) < 2:
            continue
        taken = {(a.start, a.end) for a in in_sent}
        sent_cues = [
            c for c in cues if sent.start <= c.start < sent.end and not _overlaps(c, taken)
        ]
        relation_cues = [c for c in sent_cues if c.label_ == CUE]
        mode = next((modes[c.id_] for c in sent_cues if c.label_ == MODE), ASSERTED)
        for a, b in _pairs(in_sent):
            cue = _nearest_cue(a, b, relation_cues)
            entry = lexicon[cue.id_] if cue is not None else None
            links.append(_link_row(sent, a, b, cue, entry, mode))
    return links


def _overlaps(span: Span, taken: set[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in taken)


def _pairs(mentions: list[Span]) -> list[tuple[Span, Span]]:
    """The closest pair of mentions for every unordered pair of different codes, in text order."""
    best: dict[frozenset[str], tuple[Span, Span]] = {}
    for a, b in combinations(mentions, 2):
        if a.kb_id_ == b.kb_id_:
            continue
        key = frozenset((a.kb_id_, b.kb_id_))
        if key not in best or _gap(a, b) < _gap(*best[key]):
            best[key] = (a, b)
    return sorted(best.values(), key=lambda pair: (pair[0].start, pair[1].start))


def _gap(a: Span, b: Span) -> int:
    return abs(b.start - a.end)


def _nearest_cue(a: Span, b: Span, cues: list[Span]) -> Span | None:
    """A cue between the two mentions wins; otherwise the one closest to either."""

    def distance(c: Span) -> int:
        if a.end <= c.start and c.end <= b.start:
            return 0
        return min(
            abs(c.start - a.end), abs(a.start - c.end), abs(c.start - b.end), abs(b.start - c.end)
        )

    return min(cues, key=distance, default=None)


def _link_row(
    sent: Span, a: Span, b: Span, cue: Span | None, entry: dict[str, Any] | None, mode: str
) -> dict[str, Any]:
    return {
        "a": a.kb_id_,
        "b": b.kb_id_,
        "type": entry["type"] if entry else OTHER,
        "event": entry["event"] if entry else "",
        "quad": entry["quad"] if entry else 0,
        "score": entry["score"] if entry else 0.0,
        "mode": mode,
        "sentence": sent.text,
        "sent_start": sent.start_char,
        "a_text": a.text,
        "a_start": a.start_char,
        "a_end": a.end_char,
        "b_text": b.text,
        "b_start": b.start_char,
        "b_end": b.end_char,
        "cue": cue.text if cue is not None else "",
        "cue_start": cue.start_char if cue is not None else -1,
        "cue_end": cue.end_char if cue is not None else -1,
    }
