"""A cue's subject and object groups: where they stand, past which clause breaks, relative and
participle clauses, fronted nouns, passives and envoys. Decides who acts and on whom."""

from __future__ import annotations

from typing import Any

import numpy as np
from diplomap.extract.relation.groups import (
    Group,
    after_between,
    clause_break,
    follows,
    is_modifier,
)
from diplomap.extract.relation.venues import in_capital
from diplomap.extract.relation.vocab import (
    AND,
    COMMA,
    IN,
    MODIFIER_REACH,
    POSSESSIVE_IDS,
    RELATIVE,
    THE,
    TO,
)
from diplomap.extract.words import HYPHEN, Match, Words, string_id

OBJECT_REACH = 20  # tokens from a cue to its object
SUBJECT_REACH = 10  # tokens from a subject to its verb
AND_REACH = 4  # words between "and" and the verb it coordinates ("and later on Sunday met")
CARRIER_GAP = 3  # tokens before a noun cue where its carrying verb stands ("imposed new sanctions")
_BY = string_id("by")
_ITS = {string_id("its"), string_id("their")}
RELATIVE_REACH = 25  # tokens a relative clause may span ("China, which has invested ..., urged")
# Verbs that carry a noun cue: "imposed sanctions", "held talks", "signed a trade agreement".
LIGHT_VERBS = {
    "imposed", "imposes", "impose", "issued", "issues", "launched", "launches", "extended", "extends",
    "announced", "slapped", "lifted", "eased", "tightened", "waged", "wages", "held", "hold",
    "holds", "holding", "had", "have", "has", "signed", "sign", "signs", "reached",
    "concluded", "began", "begin", "resumed", "resume", "opened", "agreed", "renewed", "expanded",
    "provided", "provides", "provide", "delivered", "pledged", "fought", "maintains", "maintained",
    "maintain", "kept", "keeps", "keep", "imposing", "issuing", "launching", "extending",
    "lifting", "easing", "tightening", "waging", "renewing", "expanding", "providing", "pledging",
    "maintaining", "keeping",
}  # fmt: skip
_LIGHT_VERBS = {string_id(w) for w in LIGHT_VERBS}
_WHO = string_id("who")
_BE = {string_id(w) for w in ("is", "was", "are", "were", "be", "been", "being")}
ENVOYS = {"ambassador", "ambassadors", "envoy", "envoys", "emissary", "consul", "representative"}
_ENVOYS = {string_id(w) for w in ENVOYS}
ENVOY_REACH = 6  # tokens from an envoy's country to its post ("Qatar 's Special Envoy to")


def opening_subject(
    w: Words,
    verb: Match,
    groups: list[Group],
    cues: list[Match],
    lexicon: dict[str, dict[str, Any]],
) -> Group | None:
    """For a verb after "and" whose first verb is no cue ("Fiji switched recognition from Taipei to
    Beijing and signed a pact with China"): the group opening the sentence, the shared subject;
    the nearest group before the verb is the first verb's object."""
    if not after_and(w, verb, groups) or not groups:
        return None
    if any(lexicon[c.key]["role"] == "verb" for c in cues if c.end <= verb.start):
        return None  # "A condemned ... and summoned B": shared_subject's case
    first = w.sent_starts[w.sentence(verb.start)]
    opening = first + (w.lower[first] == THE)
    head = groups[0]
    if head.start != opening or head.end >= verb.start - 1:
        return None
    return head


def after_and(w: Words, cue: Match, groups: list[Group]) -> bool:
    """Whether "and" stands before a cue (a coordinated verb), just before or past a few words of
    time or manner with no actor or punctuation ("and later on Sunday met Lula")."""
    lower, punct = w.lower, w.punct
    for i in range(cue.start - 1, max(cue.start - 1 - AND_REACH, -1), -1):
        if lower[i] == AND:
            return True
        if punct[i]:
            return False
        for g in groups:
            if g.start <= i < g.end:
                return False
    return False


def shared_subject(
    cue: Match,
    cues: list[Match],
    lexicon: dict[str, dict[str, Any]],
    found: dict[int, tuple[Group | None, Group | None]],
) -> Group | None:
    """The subject of the verb cue before, which a coordinated verb shares."""
    for prev in reversed([c for c in cues if c.end <= cue.start]):
        if lexicon[prev.key]["role"] == "verb":
            return found[prev.start][0]
    return None


def fronted(w: Words, cue: Match, obj: Group, groups: list[Group]) -> bool:
    """Whether a cue opens its sentence: no group before it, not passive, and its object does not
    follow "between" ("a truce between A and B, brokered by C")."""
    if any(g.end <= cue.start for g in groups) or passive(w, cue):
        return False
    return not after_between(w, obj)


def participle(w: Words, cue: Match, entry: dict[str, Any]) -> bool:
    """Whether a verb cue opens a participle clause after a comma (", accusing", ", urging")."""
    if entry["role"] != "verb" or cue.start == 0 or w.lower[cue.start - 1] != COMMA:
        return False
    return w.span_text(cue.start, cue.start + 1).lower().endswith("ing")


def agents(w: Words, cue: Match, group: Group | None) -> bool:
    """Whether a group is a passive cue's agent, just after "by" ("signed by Ghana and Togo")."""
    return passive(w, cue) and follows(w, group, {_BY}) and group.start - cue.end <= 2


def patient(cue: Match, groups: list[Group]) -> Group | None:
    """The group just before a passive cue, even when another cue took it as object."""
    before = [g for g in groups if g.end <= cue.start]
    if before and cue.start - before[-1].end <= MODIFIER_REACH:
        return before[-1]
    return None


def passive(w: Words, cue: Match) -> bool:
    """Whether "by" follows a cue: its agent comes after it ("negotiated by six leaders")."""
    return cue.end < len(w) and w.lower[cue.end] == _BY


def object_reach(
    w: Words, cue: Match, entry: dict[str, Any], groups: list[Group], held: bool
) -> int:
    """How far a cue looks for its object: an event noun with no agent (no modifier, no verb
    carrying it) only just after it ("sanctions on Mali", "the invasion of Ukraine"), not across a
    clause ("the new round of sanctions comes as Pence is in Bogota")."""
    if entry["role"] != "event" or held or subject(w, cue, groups, "event")[0] is not None:
        return OBJECT_REACH
    return MODIFIER_REACH


def take_object(
    w: Words, cue: Match, groups: list[Group], reach: int = OBJECT_REACH
) -> Group | None:
    """The first free group after a cue, not past a new clause (", and U.N. experts say")."""
    for g in groups:
        if g.start >= cue.end and g.start - cue.end <= reach and not g.claimed:
            if clause_break(w, cue.end, g.start):
                return None
            g = _parties_past_place(w, g, groups, cue.end + reach) or g
            g.claimed = True
            return g
    return None


def _parties_past_place(w: Words, place: Group, groups: list[Group], until: int) -> Group | None:
    """For a capital after "in" ("signed in Rabat on Thursday between A, B and C"): the free group
    after "between" that follows it before `until`, which names the parties; else None."""
    if len(place.members) > 1 or not in_capital(w, place.members[0]):
        return None
    for g in groups:
        free = place.end <= g.start <= until and not g.claimed and len(g.codes) > 1
        if free and after_between(w, g) and not clause_break(w, place.end, g.start):
            return g
    return None


def subject(w: Words, cue: Match, groups: list[Group], role: str) -> tuple[Group | None, bool]:
    """The cue's subject, and whether it is a possessive modifier ("Moscow's ... partner")."""
    before = [g for g in groups if g.end <= cue.start]
    who = _who_head(w, cue, before) if role == "verb" else None
    if who is not None and who is not before[-1] and not who.claimed:
        return who, False  # "the Greek leader who during a visit to the US called on Washington"
    if before and is_modifier(w, before[-1], cue):
        near = before[-1]
        return near, near.end < cue.start and w.lower[near.end] in POSSESSIVE_IDS
    # An event noun's agent is its modifier, or the group "its" stands for ("the EU extended its
    # sanctions against Russia"): then the nearest free group before, as for verbs.
    if role in ("event", "attribute"):  # only these need a carrier: asked of them alone
        carried = _after_its(w, cue) or (role == "event" and after_light_verb(w, cue))
        if not carried:
            return None, False
    head = _relative_head(w, cue, before) if role == "verb" else None
    if head is not None and not head.claimed:
        return head, False  # "China, which has invested in Pakistan, urged Kabul"
    place = None  # "used his speech in Niamey to repeat accusations": a place, if no one else
    for g in reversed(before):
        if cue.start - g.end > SUBJECT_REACH:
            break
        if _whereabouts(w, g):
            continue  # "Pence is in Bogota, Colombia, to meet ...": where the subject is
        if _envoy_to(w, g):  # "Kenya's ambassador to Ethiopia ... met": Kenya acts
            owner = next((o for o in reversed(before) if 0 < g.start - o.end <= ENVOY_REACH), None)
            if owner is not None and not owner.claimed:
                return owner, False
            continue
        if g.claimed:
            continue
        if place is None and len(g.members) == 1 and in_capital(w, g.members[0]):
            place = g
            continue
        return g, False
    return place, False


def _whereabouts(w: Words, g: Group) -> bool:
    """Whether a group says where someone is ("is in Bogota"): a place, not an actor."""
    return g.start >= 2 and w.lower[g.start - 1] == IN and w.lower[g.start - 2] in _BE


def _envoy_to(w: Words, g: Group) -> bool:
    """Whether a group is where an envoy is posted ("ambassador to Ethiopia"), not an actor."""
    return g.start >= 2 and w.lower[g.start - 1] == TO and w.lower[g.start - 2] in _ENVOYS


def _relative_head(w: Words, cue: Match, before: list[Group]) -> Group | None:
    """For "A, which ... B, <verb>" or "A, attending ..., <verb>": A, the group just before a
    relative or participle clause closing at the cue."""
    end = cue.start - 1
    if end < 1 or w.lower[end] != COMMA:
        return None
    lo = max(end - RELATIVE_REACH, 0)
    window = w.lower_ids[lo:end]
    commas = np.flatnonzero(window[:-1] == COMMA) + lo
    openers = [i for i in commas.tolist() if w.lower[i + 1] in RELATIVE or _is_ing(w, i + 1)]
    if not openers:
        return None
    heads = [g for g in before if g.end == openers[-1]]
    return heads[-1] if heads else None


def _who_head(w: Words, cue: Match, before: list[Group]) -> Group | None:
    """For "the Greek leader who during a visit to the US called on Washington": the group just
    before "who" is the subject of the verbs of its clause, not a group inside the clause."""
    first = w.sent_starts[w.sentence(cue.start)]
    for i in range(cue.start - 1, max(cue.start - RELATIVE_REACH, first) - 1, -1):
        if w.lower[i] == _WHO:
            heads = [g for g in before if i - MODIFIER_REACH < g.end <= i]  # "Greek leader who"
            return heads[-1] if heads else None
        if w.punct[i]:
            return None
    return None


def _is_ing(w: Words, i: int) -> bool:
    """Whether token i is a lower-case "-ing" word (a participle: ", attending the summit,")."""
    text = w.span_text(i, i + 1)
    return text.islower() and text.endswith("ing")


def _after_its(w: Words, cue: Match) -> bool:
    """Whether "its" or "their" stands just before a cue (up to two words between; a hyphenated
    compound counts as one word: "its two-decade-old sanctions")."""
    lower, orths = w.lower, w.orths
    words, i = 0, cue.start - 1
    while i >= 0 and words < 3:
        if lower[i] in _ITS:
            return True
        if orths[i] != HYPHEN and (i == 0 or orths[i - 1] != HYPHEN):
            words += 1
        i -= 1
    return False


def after_light_verb(w: Words, cue: Match) -> bool:
    """Whether a carrying verb stands just before a noun cue ("imposed new sanctions", "held talks")."""
    return w.any_before(cue.start, _LIGHT_VERBS, CARRIER_GAP)


def apposition_head(w: Words, owner: Group, groups: list[Group]) -> Group | None:
    """For "A, B's <cue>" (an apposition): A, the group a lone comma before the owner B."""
    before = [g for g in groups if g.end <= owner.start]
    if before and owner.start - before[-1].end == 1 and w.lower[before[-1].end] == COMMA:
        return before[-1]
    return None


def owner_partner(owner: Group, groups: list[Group]) -> Group | None:
    """For "A ... B's <cue>" with no object: A, the group before the owner B."""
    before = [g for g in groups if g.end <= owner.start]
    if before and owner.start - before[-1].end <= SUBJECT_REACH:
        return before[-1]
    return None


def fronted_subject(w: Words, obj: Group, groups: list[Group]) -> Group | None:
    """For a cue that opens the sentence ("During a visit to X, A ..."): the group after the comma."""
    after = [g for g in groups if g.start >= obj.end]
    if not after or after[0].start - obj.end > 6:
        return None
    if any(w.lower[i] == COMMA for i in range(obj.end, after[0].start)):
        return after[0]
    return None
