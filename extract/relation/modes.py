"""The mode of a cue (asserted, planned, historical, negated, hypothetical): set by a mode word just
before it."""

from __future__ import annotations

from diplomap.extract.labels import REPORTING_IDS
from diplomap.extract.lexicon import ASSERTED, PLANNED
from diplomap.extract.relation.vocab import COMMA, MODIFIER_REACH, POSSESSIVE_IDS
from diplomap.extract.words import Match, Words, string_id

MODE_REACH = 5  # tokens before a cue that can set its mode
_ONLY = string_id("only")
CONDITIONS = {"if", "unless"}


def mode_of(
    w: Words, cue: Match, mode_cues: list[Match], modes: dict[str, str], relation: list[Match]
) -> str:
    """The mode of a cue: set by a mode word just before it ("not", "will", "would") and no other cue."""
    near = [m for m in mode_cues if m.end <= cue.start and cue.start - m.end < MODE_REACH]
    for m in reversed(near):
        if COMMA in w.lower[m.end : cue.start]:
            continue  # "unless the fighting stopped, held talks": the mode closes its own clause
        between = [c for c in relation if m.end <= c.start < cue.start]
        if between:
            # "did not sign the deal": a noun cue takes the mode of the verb just before it,
            # unless it has its own agent ("refrained from condemning Russia's invasion").
            verb = between[-1]
            owned = any(w.lower[i] in POSSESSIVE_IDS for i in range(verb.end, cue.start))
            if cue.start - verb.end <= MODIFIER_REACH and not owned:
                return mode_of(w, verb, mode_cues, modes, relation)
            break
        if m.key == "not" and m.end < len(w.lower) and w.lower[m.end] == _ONLY:
            continue  # "not only ... but also"
        if m.key == "would" and _reported_plan(w, m, mode_cues):
            return PLANNED  # "the Kremlin said Putin would hold a call with Lula"
        return modes[m.key]
    return ASSERTED


def _reported_plan(w: Words, would: Match, mode_cues: list[Match]) -> bool:
    """Whether "would" reports a plan: a reporting verb ("said", "announced") before it in its
    sentence, and no condition ("if", "unless") among the sentence's mode cues."""
    if any(c.key in CONDITIONS for c in mode_cues):
        return False
    first = w.sent_starts[w.sentence(would.start)]
    return not REPORTING_IDS.isdisjoint(w.lower[first : would.start])
