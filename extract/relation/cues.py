"""Which cue matches count as relation cues: not the tail of a hyphenated adjective, not "relations"
said to be bad, not a word inside a capitalised name."""

from __future__ import annotations

from typing import Any

from diplomap.extract.words import HYPHEN, Match, Mention, Words, mention_tokens, string_id

# Nouns for the state of relations, and words that say it is bad.
STANDING = {"relations", "ties", "relationship"}
STRAIN = {
    "strained", "tense", "frosty", "soured", "sour", "deteriorated", "deteriorating", "worsened",
    "rocky", "fraught", "troubled", "hostile", "icy", "poor", "difficult",
}  # fmt: skip
_STRAIN = {string_id(w) for w in STRAIN}
STRAIN_REACH = 10  # tokens after the noun ("relations between Madrid and Caracas have been tense")


def in_name(w: Words, cue: Match, n: int) -> bool:
    """Whether a capitalised cue is a word of a name ("the UN Assistance Mission", "the Rapid
    Support Forces"): a capitalised word stands next to it, the sentence's first word aside, in a
    sentence that is no title-case headline."""
    if not _capitalised(w, cue.start):
        return False
    first = w.sent_starts[n]
    before = cue.start - 1 > first and _capitalised(w, cue.start - 1)
    after = cue.end < w.sent_end(n) and _capitalised(w, cue.end)
    return (before or after) and not w.title_case(n)


def _capitalised(w: Words, i: int) -> bool:
    text = w.span_text(i, i + 1)
    return text[:1].isupper() and text.isalpha()


def strained(w: Words, cue: Match, n: int) -> bool:
    """Whether "relations" or "ties" in sentence n are said to be bad ("relations between the two
    countries have been strained", "tense ties"): no cooperation, and nothing else to link."""
    if cue.key not in STANDING:
        return False
    lo, hi = max(cue.start - 2, w.sent_starts[n]), min(cue.end + STRAIN_REACH, w.sent_end(n))
    return any(w.lower[i] in _STRAIN for i in range(lo, hi))


def adjectival(
    w: Words, cue: Match, lexicon: dict[str, dict[str, Any]], mentions: list[Mention]
) -> bool:
    """Whether a verb cue is the tail of a hyphenated adjective with no actor in it ("the
    newly-signed pact between A and B"): it describes a noun and has no subject of its own. With
    an actor ("the US-brokered truce") the actor is its agent, and the cue stays."""
    at = cue.start - 1
    if at < 1 or w.orths[at] != HYPHEN or lexicon[cue.key]["role"] != "verb":
        return False
    return not any(m.end == at for m in mentions)


def by_sentence(
    w: Words, actors: list[Mention], cues: list[Match]
) -> list[tuple[int, list[Mention], list[Match]]]:
    """Actors and cues bucketed by sentence number, for sentences holding at least two actors."""
    busy = {n: spans for n, spans in w.by_sentence(actors).items() if len(spans) > 1}
    if not busy:
        return []
    cue_lists = w.by_sentence(cues)
    out = []
    for n, spans in busy.items():
        here = cue_lists.get(n)
        if not here:
            continue  # no cue: nothing can link (find_links would skip the sentence)
        taken = mention_tokens(spans)
        out.append((n, spans, [c for c in here if c.start not in taken]))
    return out
