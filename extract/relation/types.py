"""The type a cue gives a pair where its words type it: a threat of force is conflict, aid in money
or goods and trade accords are economic, aid that is cut is a reduction, a signing between two
people is also a meeting."""

from __future__ import annotations

from typing import Any

from diplomap.extract.relation.groups import clause_break, is_person
from diplomap.extract.relation.vocab import CARRY_REACH, MODIFIER_REACH, TO, TOPIC_REACH
from diplomap.extract.words import Match, Mention, Words, string_id

# Words that make a warning or threat one of force ("warned of military action"): a cue with a
# "force" type in the lexicon takes that type when one follows it in its sentence.
FORCE_WORDS = {
    "war", "military", "force", "forces", "troops", "army", "retaliation", "retaliate", "strike",
    "strikes", "attack", "attacks", "invasion", "invade", "missile", "missiles", "nuclear",
    "intervention", "bomb", "bombs", "weapons", "armed",
}  # fmt: skip
_FORCE_WORDS = {string_id(w) for w in FORCE_WORDS}
# Money near an agreement or aid cue makes it economic ("pledged $30 million", "agreed to pay
# 140 million dollars"): aid in money is economic only, an agreement to pay is both.
MONEY_WORDS = {"$", "€", "£", "us$", "dollars", "euros", "yuan", "yen", "rupees", "francs"}
_MONEY_WORDS = {string_id(w) for w in MONEY_WORDS}
MONEY_REACH = 10  # tokens from a cue to its sum ("provided more than $600 million in aid")
# Aid stopped or cut ("suspended aid to Niger", "froze its assistance"): economic, a reduction
# (PLOVER's REDUCE), no cooperation.
CUTS = {
    "suspended", "suspends", "suspend", "cut", "cuts", "halted", "halts", "halt", "froze",
    "freezes", "freeze", "frozen", "withheld", "withholds", "withholding", "paused", "slashed",
    "ended", "stopped", "withdrew",
}  # fmt: skip
_CUTS = {string_id(w) for w in CUTS}
CUT_REACH = 3  # tokens from the cutting word to the aid cue ("suspended some military aid")
AID_CUT = {"type": "economic", "event": "REDUCE", "quad": 4, "score": -4.0}
MONEY_EVENTS = {"AID": False, "SUPPORT": False, "AGREE": True}  # event -> keeps its own type


# The event, quad class and score of a link the model types without a rule cue of that type: the
# lexicon's most common entry per type (PLOVER events); "other" has no class (quad 0).
TYPE_EVENTS: dict[str, dict[str, Any]] = {
    "meeting": {"event": "CONSULT", "quad": 1, "score": 1.0},
    "cooperation": {"event": "AGREE", "quad": 1, "score": 4.0},
    "economic": {"event": "COOPERATE", "quad": 2, "score": 4.0},
    "conflict": {"event": "ASSAULT", "quad": 4, "score": -9.0},
    "criticism": {"event": "ACCUSE", "quad": 3, "score": -3.0},
    "legal": {"event": "COERCE", "quad": 4, "score": -6.0},
    "other": {"event": "OTHER", "quad": 0, "score": 0.0},
}


def typed_pairs(
    w: Words,
    cue: Match,
    pairs: list[tuple[Mention, Mention]],
    cues: list[Match],
    lexicon: dict[str, dict[str, Any]],
    mentions: list[Mention],
) -> list[tuple[Mention, Mention, dict[str, Any]]]:
    """Each pair a cue relates, with each lexicon entry (type) the cue gives it there."""
    out = []
    for entry in type_entries(w, cue, cues, lexicon):
        for a, b in pairs:
            out.append((a, b, entry))
            out += [(a, b, typed) for typed in meet_in_person(entry, a, b, mentions)]
    return out


def meet_in_person(
    entry: dict[str, Any], a: Mention, b: Mention, mentions: list[Mention]
) -> list[dict[str, Any]]:
    """A signing between two people is also a meeting ("he and Aliyev signed a declaration at the
    White House"); between states it may be done apart ("Kenya and Ethiopia signed a deal")."""
    kind = entry.get("in_person")
    if kind is None or not (_names_person(a, mentions) and _names_person(b, mentions)):
        return []
    return [{**entry, "type": kind, "event": "CONSULT", "quad": 1, "score": 1.0}]


def _names_person(head: Mention, mentions: list[Mention]) -> bool:
    """Whether an actor is named as a person at its head or just after ("Chilean President Boric")."""
    return any(
        m.code == head.code and is_person(m) and head.start <= m.start <= head.end + MODIFIER_REACH
        for m in mentions
    )


def type_entries(
    w: Words, cue: Match, cues: list[Match], lexicon: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The lexicon entries a cue links with, as its words around it type it: a threat of force is
    conflict; aid in money or goods is economic ("pledged $30 million", "supplied gas to Spain");
    an agreement to pay is cooperation and economic."""
    entry = type_threat(w, cue, lexicon[cue.key])
    if entry["event"] == "AID" and _cut_before(w, cue):
        return [{**entry, **AID_CUT}]  # "suspended some aid programmes to Niger"
    if entry["type"] == "cooperation" and (
        _trade_accord(cue, cues, lexicon) or _agreed_on_trade(w, cue, cues, lexicon)
    ):
        return [{**entry, "type": "economic"}]  # "signed a trade agreement", "agreed to supply gas"
    keeps = MONEY_EVENTS.get(entry["event"])
    if entry["type"] != "cooperation" or keeps is None:
        return [entry]
    goods = entry["event"] == "AID" and _goods_after(w, cue, cues, lexicon)
    if not (goods or _near_money(w, cue)):
        return [entry]
    paid = {**entry, "type": "economic"}
    return [entry, paid] if keeps else [paid]


def _cut_before(w: Words, cue: Match) -> bool:
    """Whether a word that stops or cuts stands just before an aid cue ("suspended some aid")."""
    return w.any_before(cue.start, _CUTS, CUT_REACH)


def _trade_accord(cue: Match, cues: list[Match], lexicon: dict[str, dict[str, Any]]) -> bool:
    """Whether a cue is an accord an economic word names ("trade agreements", "an energy deal"),
    or a verb that carries one ("signed trade agreements with Cambodia"): it is economic."""
    accord = cue
    if lexicon[cue.key]["role"] == "verb":
        after = [c for c in cues if cue.end < c.start <= cue.end + CARRY_REACH]
        accord = next((c for c in after if lexicon[c.key].get("accord")), cue)
    if not lexicon[accord.key].get("accord"):
        return False
    return any(c.end == accord.start and lexicon[c.key]["type"] == "economic" for c in cues)


def _agreed_on_trade(
    w: Words, cue: Match, cues: list[Match], lexicon: dict[str, dict[str, Any]]
) -> bool:
    """Whether an agreeing verb goes on to an economic act ("agreed to restructure its loans",
    "agreed in principle to supply gas"): what was agreed is economic."""
    entry = lexicon[cue.key]
    if entry["event"] != "AGREE" or entry["role"] != "verb":
        return False
    to = next((i for i in range(cue.end, min(cue.end + 3, len(w))) if w.lower[i] == TO), None)
    if to is None:
        return False
    for c in cues:
        near = to < c.start <= to + TOPIC_REACH and lexicon[c.key]["type"] == "economic"
        if near and not clause_break(w, to, c.start):
            return True
    return False


def _goods_after(
    w: Words, cue: Match, cues: list[Match], lexicon: dict[str, dict[str, Any]]
) -> bool:
    """Whether an economic good follows an aid verb as its object ("supplied close to half of the
    gas", "to supply LNG"), within CARRY_REACH tokens and before any clause break."""
    for nxt in cues:
        entry = lexicon[nxt.key]
        if entry["role"] != "attribute" or entry["type"] != "economic":
            continue
        near = cue.end <= nxt.start <= cue.end + CARRY_REACH
        if near and not clause_break(w, cue.end, nxt.start):
            return True
    return False


def _near_money(w: Words, cue: Match) -> bool:
    """Whether a sum of money stands within MONEY_REACH tokens of a cue, in its sentence and not
    past a clause break ("pledged $30 million", "the deal, worth $3 billion, was signed")."""
    n = w.sentence(cue.start)
    first, end = w.sent_starts[n], w.sent_end(n)
    after = range(cue.end, min(cue.end + MONEY_REACH, end))
    before = range(max(cue.start - MONEY_REACH, first), cue.start)
    for i in after:
        if w.lower[i] in _MONEY_WORDS:
            return not clause_break(w, cue.end, i)
    return any(w.lower[i] in _MONEY_WORDS for i in before) and not clause_break(
        w, before.start, cue.start
    )


def type_threat(w: Words, cue: Match, entry: dict[str, Any]) -> dict[str, Any]:
    """A warning or threat is criticism ("warned Ashgabat that any pipeline needs consent"), and
    conflict when force follows it in its sentence ("warned of military action")."""
    if "force" not in entry:
        return entry
    end = w.sent_end(w.sentence(cue.start))
    if any(w.lower[i] in _FORCE_WORDS for i in range(cue.end, end)):
        return {**entry, "type": entry["force"]}
    return entry
