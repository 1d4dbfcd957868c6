"""Link rows: the evidence sentence and the character offsets of both mentions and the cue."""

from __future__ import annotations

from typing import Any

from diplomap.extract.words import Match, Mention, Words

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
    "venue",  # where a meeting took place, when its sentence says (an ISO3 code), else None
)


def sentence_text(w: Words, n: int) -> tuple[str, int]:
    """Sentence n's text without surrounding whitespace, and its character offset."""
    start, end = w.sent_starts[n], w.sent_end(n)
    while start < end and w.space[start]:
        start += 1
    while end > start and w.space[end - 1]:
        end -= 1
    return w.span_text(start, end), w.idx[start] if start < len(w) else len(w.text)


def link_row(
    w: Words,
    sentence: tuple[str, int],
    a: Mention,
    b: Mention,
    cue: Match,
    entry: dict[str, Any],
    mode: str,
    venue: str | None = None,
) -> dict[str, Any]:
    text, idx = w.text, w.idx  # spans are never empty: text[start:end]
    a_start, a_end = idx[a.start], w.end_char(a.end)
    b_start, b_end = idx[b.start], w.end_char(b.end)
    cue_start, cue_end = idx[cue.start], w.end_char(cue.end)
    return {
        "a": a.code,
        "b": b.code,
        "type": entry["type"],
        "event": entry["event"],
        "quad": entry["quad"],
        "score": entry["score"],
        "mode": mode,
        "sentence": sentence[0],
        "sent_start": sentence[1],
        "a_text": text[a_start:a_end],
        "a_start": a_start,
        "a_end": a_end,
        "b_text": text[b_start:b_end],
        "b_start": b_start,
        "b_end": b_end,
        "cue": text[cue_start:cue_end],
        "cue_start": cue_start,
        "cue_end": cue_end,
        "venue": venue,
    }
