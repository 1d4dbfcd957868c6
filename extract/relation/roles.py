"""Which mention pairs each cue relates: subject with object, the members of one group for a
reciprocal cue, charges ("accused A of"), feelings held about someone, second objects and
relative causes."""

from __future__ import annotations

from itertools import combinations, pairwise
from typing import Any

from diplomap.extract.gazetteer import BLOC
from diplomap.extract.labels import BLOC_REF
from diplomap.extract.relation.groups import (
    Group,
    after_between,
    clause_break,
    follows,
    heads,
    is_modifier,
    is_pair,
)
from diplomap.extract.relation.subjects import (
    after_and,
    after_light_verb,
    agents,
    apposition_head,
    fronted,
    fronted_subject,
    object_reach,
    opening_subject,
    owner_partner,
    participle,
    passive,
    patient,
    shared_subject,
    subject,
    take_object,
)
from diplomap.extract.relation.topics import compound
from diplomap.extract.relation.venues import is_venue
from diplomap.extract.relation.vocab import AND, CARRY_REACH, POSSESSIVE_IDS, TO
from diplomap.extract.words import Match, Mention, Words, string_id

COORDINATE_REACH = 3  # tokens from a noun cue to the next ("investor and closest ally")
_OF = string_id("of")
# What a held feeling is about: "the concerns of A about B", "the anger of A at B".
_ABOUT = {string_id(w) for w in ("about", "over", "at", "regarding", "on")}
HOLDER_REACH = 4  # tokens from the holder to "about" and from "about" to its actor
_FROM = string_id("from")
_RELATIVE_THAT = {string_id("that"), string_id("which")}
# "accused A of X and B of Y", "urged A to X and B to Y": the word a verb's object takes.
_COMPLEMENTS = {string_id("of"), string_id("to")}
SECOND_REACH = 20  # tokens from the first object to the second
# "accused each other", "blamed one another", "each expelled the other's diplomats": a verb whose
# object is its own subject's members, within MUTUAL_REACH tokens after it.
_OTHER = string_id("other")
_MUTUAL_BEFORE = {string_id("each"), string_id("the")}
_ANOTHER, _ONE = string_id("another"), string_id("one")
MUTUAL_REACH = 8


def relate(
    w: Words, groups: list[Group], cues: list[Match], lexicon: dict[str, dict[str, Any]]
) -> list[tuple[Match, list[tuple[Mention, Mention]]]]:
    """For each cue, the pairs of mentions it relates."""
    objects: dict[int, Group | None] = {}
    about: dict[int, Group] = {}  # "the concerns of A about B": cue start -> B
    carriers = _carriers(w, cues, groups, lexicon)
    held: dict[int, Match] = {}  # noun start -> its verb
    if carriers:
        verbs = {c.start: c for c in cues}
        held = {noun.start: verbs[verb] for verb, noun in carriers.items()}
    for cue in reversed(cues):  # the nearest cue takes an object first
        role = lexicon[cue.key]["role"]
        if role == "manner":
            objects[cue.start] = None  # "by phone": only how the cue before it happened
            continue
        weak = role == "attribute"  # "oil", "energy": only with an owner
        # and not as the first word of a compound ("its energy exports to China"): the cue after
        # it takes the object, and the compound relates its pairs
        headed = weak and any(
            c.start == cue.end and lexicon[c.key]["role"] != "attribute" for c in cues
        )
        owned = weak and not headed and subject(w, cue, groups, "event")[0] is not None
        taken = (owned or not weak) and cue.start not in carriers
        taken = taken and not _agreed_among(w, cue, lexicon[cue.key], groups)
        reach = object_reach(w, cue, lexicon[cue.key], groups, cue.start in held)
        obj = objects[cue.start] = take_object(w, cue, groups, reach) if taken else None
        if obj is not None and _names_parties(w, cue, lexicon[cue.key], obj, held_by=None):
            obj.claimed = False  # "criticised the pact between A and B": the verb's object too
        target = _held_about(w, cue, lexicon[cue.key], obj, groups)
        if target is not None:
            about[cue.start] = target
    out = []
    found: dict[int, tuple[Group | None, Group | None]] = {}  # cue start -> subject, object
    for cue in cues:
        entry = lexicon[cue.key]
        if entry["role"] == "manner":
            continue
        if cue.start in about:  # A holds the feeling (the cue's "of" object), about B
            subj, obj = objects[cue.start], about[cue.start]
        else:
            subj, obj = _roles(w, cue, entry, groups, objects[cue.start], cue.start in held)
        verb = cue if entry["role"] == "verb" else held.get(cue.start)
        opening = opening_subject(w, verb, groups, cues, lexicon) if verb is not None else None
        if opening is not None and opening is not obj:
            subj = opening  # "Fiji switched recognition to Beijing and signed a pact with China"
        if (
            subj is None
            and (entry["role"] == "verb" or after_light_verb(w, cue))  # "and held talks with B"
            and after_and(w, cue, groups)
        ):
            subj = shared_subject(cue, cues, lexicon, found)  # "A condemned ... and summoned B"
        if subj is None and obj is not None and cue.start in held:
            subj = subject(w, held[cue.start], groups, "verb")[0]  # "A provided $9m in aid to B"
        charge = _charge(w, cue, entry, cues, lexicon, found)
        if charge is not None:  # "Armenia accused Azerbaijan of shelling": Azerbaijan shelled
            subj, obj = charge[1], obj or charge[0]
        found[cue.start] = (subj, obj)
        pairs = _pairs(w, cue, entry, subj, obj, cue.start in held)
        second = _second_object(w, cue, entry, obj, groups) if subj is not None else None
        if second is not None:  # "accused A of X and B of Y", "urged A to X and B to Y"
            pairs += [(a, b) for a in heads(subj) for b in heads(second)]
        if entry.get("experiencer") == "object" and obj is not None:
            cause = _relative_cause(w, cue, out)
            if cause:  # "signed a pact with China that alarmed Canberra": the pact's parties
                pairs = [(a, b) for a in cause for b in heads(obj)]
            pairs = [(b, a) for a, b in pairs]  # the alarmed one objects: it initiates
        if not pairs and entry["role"] == "noun":
            pairs = _coordinated_noun(w, cue, out, lexicon)  # "its top investor and closest ally"
        pairs = [(a, b) for a, b in pairs if a.code != b.code]  # "Erdogan ... his office"
        if pairs:
            out.append((cue, pairs))
    return compound(w, lexicon, cues, out, carriers)


def _coordinated_noun(
    w: Words,
    cue: Match,
    related: list[tuple[Match, list[tuple[Mention, Mention]]]],
    lexicon: dict[str, dict[str, Any]],
) -> list[tuple[Mention, Mention]]:
    """For a noun cue after "and" and a few words from the noun cue before it ("Cambodia's biggest
    investor and closest ally"): the pairs of that noun, which it shares."""
    if not related:
        return []
    last, pairs = related[-1]
    if lexicon[last.key]["role"] != "noun" or not 0 < cue.start - last.end <= COORDINATE_REACH:
        return []
    between = range(last.end, cue.start)
    if w.lower[last.end] != AND or any(w.punct[i] for i in between):
        return []
    return pairs


def _second_object(
    w: Words, cue: Match, entry: dict[str, Any], obj: Group | None, groups: list[Group]
) -> Group | None:
    """For a verb whose object takes "of" or "to" ("accused A of arming rebels"): a later group
    after "and" that takes the same word ("and B of sheltering them"), in the same clause."""
    if entry["role"] != "verb" or obj is None or obj.end >= len(w):
        return None
    marker = w.lower[obj.end]
    if marker not in _COMPLEMENTS:
        return None
    end = min(w.sent_end(w.sentence(cue.start)), obj.end + SECOND_REACH)
    for g in groups:
        if not obj.end < g.start < end or g.end >= len(w):
            continue
        if w.lower[g.end] == marker and follows(w, g, {AND}):
            return None if clause_break(w, obj.end, g.start) else g
    return None


def _relative_cause(
    w: Words, cue: Match, related: list[tuple[Match, list[tuple[Mention, Mention]]]]
) -> list[Mention]:
    """For a verb after "that" or "which" ("a pact with China that alarmed Canberra", ", which
    angered Japan"): the actors of the cue before it, whose act the clause is about."""
    at = cue.start - 1
    if at < 1 or w.lower[at] not in _RELATIVE_THAT or not related:
        return []
    last, pairs = related[-1]
    if last.end > at or clause_break(w, last.end, at):
        return []
    return list({m.code: m for pair in pairs for m in pair}.values())


def _roles(
    w: Words,
    cue: Match,
    entry: dict[str, Any],
    groups: list[Group],
    obj: Group | None,
    held: bool,
) -> tuple[Group | None, Group | None]:
    """A cue's subject and object groups, given the object it took."""
    if obj is not None and not held and _owned_meeting(w, cue, obj, entry):
        obj = None  # "the leaders at the summit of the African Union": members, not partners
    subj, possessive = subject(w, cue, groups, entry["role"])
    if is_venue(w, obj, subj, entry):
        obj = None  # "Egypt and Ghana met in Addis Ababa", "an AU summit in Addis Ababa": a venue
    if participle(w, cue, entry) and groups[0].end <= cue.start and groups[0] is not obj:
        subj = groups[0]  # "Washington ended ..., accusing him of": the clause's subject
    if subj is None and passive(w, cue):
        subj = patient(cue, groups)  # "a truce between A and B, brokered by C"
    if _from_agent(w, cue, entry, obj):
        subj = None  # "protests from Italy": the object is the agent; the target lies elsewhere
    elif obj is not None and possessive and _owned_meeting(w, cue, subj, entry, owner=True):
        obj = None  # "the Forum's summit in Honiara": a bloc's own meeting and its venue
    if possessive and subj is not None and entry["role"] != "verb":
        head = apposition_head(w, subj, groups)
        if head is not None:
            obj = head  # "China, Bolivia's largest trading partner after Brazil": China and Bolivia
        elif obj is None:
            obj = owner_partner(subj, groups)  # "Beijing became Moscow's partner"
    # "During a visit to China, ...": a noun (not a verb) opening the sentence
    if (
        subj is None
        and obj is not None
        and entry["role"] != "verb"
        and fronted(w, cue, obj, groups)
    ):
        subj = fronted_subject(w, obj, groups)  # "During a visit to China, Borrell urged ..."
    return subj, obj


def _held_about(
    w: Words, cue: Match, entry: dict[str, Any], obj: Group | None, groups: list[Group]
) -> Group | None:
    """For a feeling whose "of" names who holds it ("the concerns of Australia and New Zealand
    about Chinese influence"): the free group after "about", "over" or "at" that follows."""
    if obj is None or entry.get("holder") != "of" or cue.end >= len(w) or w.lower[cue.end] != _OF:
        return None
    if obj.start - cue.end > 2:  # "of Australia", "of the United States"
        return None
    g = next((g for g in groups if g.start > obj.end), None)
    if g is None or g.claimed or g.start - obj.end > 2 * HOLDER_REACH:
        return None
    about = [i for i in range(obj.end, g.start) if w.lower[i] in _ABOUT]
    if not about or about[0] - obj.end > HOLDER_REACH or clause_break(w, obj.end, g.start):
        return None
    g.claimed = True
    return g


def _pairs(
    w: Words,
    cue: Match,
    entry: dict[str, Any],
    subj: Group | None,
    obj: Group | None,
    held: bool,
) -> list[tuple[Mention, Mention]]:
    """The mention pairs a cue relates: subject with object, and within one group if reciprocal."""
    pairs: list[tuple[Mention, Mention]] = []
    parties = _names_parties(w, cue, entry, obj, held_by=held) and not is_modifier(w, subj, cue)
    if subj is not None and obj is not None and subj is not obj and not parties:
        pairs += [(a, b) for a in heads(subj) for b in heads(obj)]
    if obj is None and entry["role"] == "verb" and (is_pair(subj) or _mutual(w, cue, subj)):
        pairs += list(combinations(heads(subj), 2))  # "the two countries fought a war"
    elif entry["reciprocal"]:
        # "Xi and Putin signed", "the Russia-China relationship", "talks between Russia and China";
        # not "India, Japan and Australia attended the meeting".
        listed = subj is not None and len(subj.codes) > 1  # a lone actor pairs with no one
        carried = listed and (entry["role"] == "verb" or after_light_verb(w, cue) or held)
        own = subj if carried or (listed and is_modifier(w, subj, cue)) else None
        # "talks between A and B", "an accord signed by A and B"
        named = obj if after_between(w, obj) or agents(w, cue, obj) else None
        for group in (own, named):
            if group is not None and len(group.codes) > 1:
                pairs += list(combinations(heads(group), 2))
    return pairs


def _agreed_among(w: Words, cue: Match, entry: dict[str, Any], groups: list[Group]) -> bool:
    """Whether a reciprocal verb joins the actors of its own subject and goes on to an infinitive
    ("he and Macri agreed to work together to strengthen Mercosur"): what follows is their aim,
    not a third party."""
    if not (entry["reciprocal"] and entry["role"] == "verb" and cue.end < len(w)):
        return False
    if w.lower[cue.end] != TO:
        return False
    subj = subject(w, cue, groups, "verb")[0]
    return subj is not None and len(subj.codes) > 1


def _names_parties(
    w: Words, cue: Match, entry: dict[str, Any], obj: Group | None, held_by: bool | None
) -> bool:
    """Whether a noun cue (no verb carries it) names its own parties after "between" ("the pact
    between Vietnam and Cambodia"): they are the pair, not partners of an actor before it."""
    if obj is None or entry["role"] == "verb" or held_by or len(obj.codes) < 2:
        return False
    return obj.start == cue.end + 1 and after_between(w, obj)


def _carriers(
    w: Words, cues: list[Match], groups: list[Group], lexicon: dict[str, dict[str, Any]]
) -> dict[int, Match]:
    """Verb cues that carry a noun cue of their own type just after them ("signed a security pact
    with China"), by start: the noun takes the object, the verb relates the noun's pairs."""
    out = {}
    for verb, noun in pairwise(cues):
        if not 0 < noun.start - verb.end <= CARRY_REACH:
            continue
        v, n = lexicon[verb.key], lexicon[noun.key]
        # the noun names the verb's own act ("signed a pact", "fought a war"), not its topic
        # ("praised the talks", "condemned the invasion")
        carried = v["role"] == "verb" and n["role"] in ("noun", "event") and n["type"] == v["type"]
        if carried and not any(verb.end <= g.start < noun.start for g in groups):
            out[verb.start] = noun
    return out


def _owned_meeting(
    w: Words, cue: Match, group: Group | None, entry: dict[str, Any], owner: bool = False
) -> bool:
    """Whether a meeting noun is held by a bloc: "the summit of the African Union" (its object),
    or with `owner`, "the African Union's summit" (its possessive subject)."""
    if group is None or entry["type"] != "meeting" or entry["role"] == "verb":
        return False
    if not owner and (cue.end >= len(w) or w.lower[cue.end] != _OF):
        return False
    return all(m.label in (BLOC, BLOC_REF) for m in group.members)


def _from_agent(w: Words, cue: Match, entry: dict[str, Any], obj: Group | None) -> bool:
    """Whether a criticism cue's object follows "from": "protests from Italy and Hungary"."""
    if obj is None or entry["type"] != "criticism" or cue.end >= len(w):
        return False
    return w.lower[cue.end] == _FROM and obj.start <= cue.end + 2


def _charge(
    w: Words,
    cue: Match,
    entry: dict[str, Any],
    cues: list[Match],
    lexicon: dict[str, dict[str, Any]],
    found: dict[int, tuple[Group | None, Group | None]],
) -> tuple[Group | None, Group] | None:
    """For a conflict cue in "A accused B of <cue>": (A, B), the accuser and the accused."""
    if entry["type"] != "conflict" or cue.start < 2 or w.lower[cue.start - 1] != _OF:
        return None
    before = [c for c in cues if c.end < cue.start]
    if not before or lexicon[before[-1].key]["type"] != "criticism":
        return None
    accuser, accused = found.get(before[-1].start, (None, None))
    if accused is None or accused.end != cue.start - 1:
        return None
    return accuser, accused


def _mutual(w: Words, cue: Match, subj: Group | None) -> bool:
    """Whether a verb's object is its own listed subject: "each other", "one another" or "the
    other('s)" follows it in its clause ("India and Canada expelled each other's diplomats")."""
    if subj is None or len(subj.codes) < 2:
        return False
    lower, punct = w.lower, w.punct
    for i in range(cue.end, min(cue.end + MUTUAL_REACH, w.sent_end(w.sentence(cue.start)))):
        if punct[i] and lower[i] not in POSSESSIVE_IDS:
            return False
        if lower[i] == _OTHER and lower[i - 1] in _MUTUAL_BEFORE:
            return True
        if lower[i] == _ANOTHER and lower[i - 1] == _ONE:
            return True
    return False
