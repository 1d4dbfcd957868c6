"""Cues that only say what another cue was about or how it was done ("talks with Chile on tariffs",
"congratulated B by phone"): they relate the pairs of that cue."""

from __future__ import annotations

from typing import Any

from diplomap.extract.relation.groups import clause_break
from diplomap.extract.relation.vocab import TOPIC_REACH
from diplomap.extract.words import Match, Mention, Words, string_id

TOPIC_TYPES = ("economic",)  # topics that give a link a second type
TOPIC_HOSTS = ("meeting", "cooperation", "criticism")  # cues that can be about a topic
_TOPIC = {string_id("on"), string_id("over")}
_DURING = {string_id("in"), string_id("during")}
MANNER_HOSTS = ("meeting", "cooperation", "criticism", "economic", "legal", "conflict")
_DISCUSS = {string_id(w) for w in ("discuss", "discussed", "discusses", "discussing")}


def compound(
    w: Words,
    lexicon: dict[str, dict[str, Any]],
    cues: list[Match],
    related: list[tuple[Match, list[tuple[Mention, Mention]]]],
    carriers: dict[int, Match],
) -> list[tuple[Match, list[tuple[Mention, Mention]]]]:
    """A cue right before another ("trade agreement", "energy exports"), or a verb carrying a noun
    cue ("signed a pact"), relates the same pairs."""
    if len(related) == len(cues):
        return related  # every cue relates pairs of its own (related holds one item per cue)
    by_start = {cue.start: pairs for cue, pairs in related}
    extra = []
    for cue in cues:
        if cue.start in by_start:
            continue
        nxt = carriers[cue.start].start if cue.start in carriers else cue.end
        if nxt in by_start:
            extra.append((cue, by_start[nxt]))
        elif lexicon[cue.key]["type"] in TOPIC_TYPES and w.lower[cue.start - 1] in _TOPIC:
            host = _topic_host(cue, related, lexicon)  # "talks with Chile on tariffs"
            if host is not None:
                extra.append((cue, host))
        elif lexicon[cue.key]["type"] in TOPIC_TYPES and (
            (host := _discussion_host(w, cue, related, lexicon)) is not None
        ):
            extra.append((cue, host))  # "met Lula to discuss tariffs"
        elif _is_manner(w, cue, lexicon[cue.key]):
            host = _topic_host(cue, related, lexicon, MANNER_HOSTS)  # "congratulated B by phone"
            if host is not None:
                extra.append((cue, host))
    if not extra:
        return related  # already in cue order
    return sorted(related + extra, key=lambda item: item[0].start)


def _topic_host(
    cue: Match,
    related: list[tuple[Match, list[tuple[Mention, Mention]]]],
    lexicon: dict[str, dict[str, Any]],
    hosts: tuple[str, ...] = TOPIC_HOSTS,
) -> list[tuple[Mention, Mention]] | None:
    """The pairs of the meeting, agreement or dispute a topic cue is about ("on tariffs"): the
    related cue just before it, of a type in `hosts`."""
    before = [(c, pairs) for c, pairs in related if c.end <= cue.start]
    if not before:
        return None
    host, pairs = before[-1]
    near = cue.start - host.end <= TOPIC_REACH
    return pairs if near and lexicon[host.key]["type"] in hosts else None


def _discussed(w: Words, cue: Match) -> int | None:
    """The "discuss" word a topic cue follows closely ("to discuss the 50 percent tariffs")."""
    for i in range(cue.start - 1, max(cue.start - 1 - TOPIC_REACH, -1), -1):
        if w.lower[i] in _DISCUSS:
            return None if clause_break(w, i, cue.start) else i
    return None


def _discussion_host(
    w: Words,
    cue: Match,
    related: list[tuple[Match, list[tuple[Mention, Mention]]]],
    lexicon: dict[str, dict[str, Any]],
) -> list[tuple[Mention, Mention]] | None:
    """The pairs of the meeting before a "discuss" word that a topic cue follows, in its clause."""
    at = _discussed(w, cue)
    if at is None:
        return None
    before = [(c, p) for c, p in related if c.start <= at and lexicon[c.key]["type"] == "meeting"]
    if not before or clause_break(w, before[-1][0].end, at):
        return None
    return before[-1][1]


def _is_manner(w: Words, cue: Match, entry: dict[str, Any]) -> bool:
    """Whether a meeting cue only says how the act before it was done: "by phone", or a call noun
    after "in" / "during" ("congratulated Aliyev in a telephone call")."""
    if entry["role"] == "manner":
        return True
    if entry["type"] != "meeting" or entry["role"] != "noun":
        return False
    return any(w.lower[i] in _DURING for i in range(max(cue.start - 2, 0), cue.start))
