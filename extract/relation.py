"""Relation cues and the links they make: the lexicon is data in `extract/data/relations.jsonl`.

A link needs a cue that relates two actors in one sentence. Without a parser, the sentence is read as
a row of actor groups (actors standing together in a list: "China and Russia", "the US, UK and
France") and cues. Each cue takes an object (the first group after it not taken by a nearer cue) and
a subject (an adjacent modifier, "Russia's invasion", or for verbs and most nouns the nearest free
group before it). A link joins subject and object; a reciprocal cue ("met", "signed", "ties") also
joins the members of one group ("Xi and Putin signed", "talks between Russia and China"). Actors that
only stand in a list are not linked.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations, pairwise
from typing import Any

import numpy as np

from extract.gazetteer import BLOC, CAPITAL, DEMONYM, read_jsonl
from extract.words import HYPHEN, Match, Mention, Words, string_id

CUE = "CUE"
MODE = "MODE"
ASSERTED = "asserted"
PLANNED = "planned"
NEGATED = "negated"
# Modes of links the text stands behind (gold, the map); negated and hypothetical links are kept apart.
FACTUAL_MODES = ("asserted", "planned", "historical")

OBJECT_REACH = 20  # tokens from a cue to its object
SUBJECT_REACH = 10  # tokens from a subject to its verb
MODIFIER_REACH = 3  # "Russia 's invasion", "Moscow 's most reliable economic"
MODE_REACH = 5  # tokens before a cue that can set its mode
AND_REACH = 4  # words between "and" and the verb it coordinates ("and later on Sunday met")
COORDINATE_REACH = 3  # tokens from a noun cue to the next ("investor and closest ally")
CARRIER_GAP = 3  # tokens before a noun cue where its carrying verb stands ("imposed new sanctions")
CARRY_REACH = 6  # tokens from a verb to the noun cue it carries ("signed a security pact")
TOPIC_REACH = 6  # tokens from a cue to the topic it is about ("held talks with Chile on tariffs")
TOPIC_TYPES = ("economic",)  # topics that give a link a second type
TOPIC_HOSTS = ("meeting", "cooperation", "criticism")  # cues that can be about a topic
CONNECTORS = {
    ",", "and", "or", "nor", "&", "-", "–", "/", "neither", "both", "the", "as", "well",
    "neighbouring", "neighboring",
}  # fmt: skip
POSSESSIVE = {"'s", "’s", "'", "’"}
LIST_WORDS = {"and", "or", "nor", "&", "-", "–", "/"}  # "Russia-China ties" is a closed pair
PEOPLE = {"PERSON", "LEARNED", "PRONOUN"}
PAIR = "PAIR"  # the label extract.anaphora gives "the two countries"
BLOC_REF = "BLOC_REF"  # and "the bloc"
STATE_REF = "STATE_REF"  # and "the kingdom", "the island nation"
ANAPHORA = (PAIR, BLOC_REF, STATE_REF)  # mentions that stand for actors named elsewhere
# The same words as string hashes, to test tokens without making spaCy Token objects.
_CONNECTORS = {string_id(w) for w in CONNECTORS}
_POSSESSIVE = {string_id(w) for w in POSSESSIVE}
_LIST_WORDS = {string_id(w) for w in LIST_WORDS}
_BETWEEN = {string_id("between"), string_id("among")}
# A sentence-internal stop can only close an abbreviated title ("Mali 's Col . Assimi Goita").
_TITLE_MARKS = _POSSESSIVE | {string_id(".")}
_COMMA = string_id(",")
_OPEN, _CLOSE = string_id("("), string_id(")")
_OF = string_id("of")
_AND = string_id("and")
_IN = string_id("in")
_THE = string_id("the")
_TOPIC = {string_id("on"), string_id("over")}
# What a held feeling is about: "the concerns of A about B", "the anger of A at B".
_ABOUT = {string_id(w) for w in ("about", "over", "at", "regarding", "on")}
HOLDER_REACH = 4  # tokens from the holder to "about" and from "about" to its actor
_BY = string_id("by")
_DURING = {string_id("in"), string_id("during")}
MANNER_HOSTS = ("meeting", "cooperation", "criticism", "economic", "legal", "conflict")
_FROM = string_id("from")
_SEMICOLON = string_id(";")
_QUOTES = {string_id(q) for q in ('"', "”", "'", "’")}
_CLAUSE_WORDS = {string_id(w) for w in ("and", "but", "while", "whereas")}
_ONLY = string_id("only")
_ITS = {string_id("its"), string_id("their")}
_RELATIVE = {string_id("which"), string_id("who"), string_id("whose")}
_RELATIVE_THAT = {string_id("that"), string_id("which")}
# "accused A of X and B of Y", "urged A to X and B to Y": the word a verb's object takes.
_COMPLEMENTS = {string_id("of"), string_id("to")}
SECOND_REACH = 20  # tokens from the first object to the second
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
_DETERMINERS = {string_id("his"), string_id("her")}
# "accused each other", "blamed one another", "each expelled the other's diplomats": a verb whose
# object is its own subject's members, within MUTUAL_REACH tokens after it.
_OTHER = string_id("other")
_MUTUAL_BEFORE = {string_id("each"), string_id("the")}
_ANOTHER, _ONE = string_id("another"), string_id("one")
MUTUAL_REACH = 8
_TO = string_id("to")
_CAPITAL_WORD = string_id("capital")
# Nouns for the state of relations, and words that say it is bad.
STANDING = {"relations", "ties", "relationship"}
STRAIN = {
    "strained", "tense", "frosty", "soured", "sour", "deteriorated", "deteriorating", "worsened",
    "rocky", "fraught", "troubled", "hostile", "icy", "poor", "difficult",
}  # fmt: skip
_STRAIN = {string_id(w) for w in STRAIN}
STRAIN_REACH = 10  # tokens after the noun ("relations between Madrid and Caracas have been tense")
_DISCUSS = {string_id(w) for w in ("discuss", "discussed", "discusses", "discussing")}
_WHO = string_id("who")
# Verbs that report what someone said: "would" after one is a plan, not a hypothesis.
REPORTING = {"said", "says", "announced", "announces", "confirmed", "told", "added", "stated"}
REPORTING_IDS = {string_id(w) for w in REPORTING}
CONDITIONS = {"if", "unless"}
_BE = {string_id(w) for w in ("is", "was", "are", "were", "be", "been", "being")}
ENVOYS = {"ambassador", "ambassadors", "envoy", "envoys", "emissary", "consul", "representative"}
_ENVOYS = {string_id(w) for w in ENVOYS}
ENVOY_REACH = 6  # tokens from an envoy's country to its post ("Qatar 's Special Envoy to")

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


@cache
def load_lexicon() -> dict[str, dict[str, Any]]:
    """Cue (lower case) -> its type, event, quad class, score, role and reciprocity."""
    return {row["cue"]: row for row in read_jsonl("relations.jsonl")}


@cache
def load_modes() -> dict[str, str]:
    """Mode cue (lower case) -> mode (negated, planned, hypothetical, historical)."""
    return {row["cue"]: row["mode"] for row in read_jsonl("modes.jsonl")}


def host_of(entry: dict[str, Any], a: str, b: str) -> str | None:
    """The actor whose territory a meeting took place on, if its cue's lexicon entry says: the
    object of travel ("A visited B": B), the subject of hosting ("A hosted B": A); else None."""
    venue = entry.get("venue")
    return b if venue == "object" else a if venue == "subject" else None


def find_host(cue: str, a: str, b: str) -> str | None:
    """:func:`host_of` for a cue as written in a link row ("Travelled  to")."""
    return host_of(load_lexicon().get(" ".join(cue.lower().split()), {}), a, b)


def build_cue_patterns() -> list[dict[str, str]]:
    """Patterns for the cue ruler: relation cues and mode cues, matched on lower-case text."""
    cues = [{"label": CUE, "pattern": cue, "id": cue} for cue in load_lexicon()]
    modes = [{"label": MODE, "pattern": cue, "id": cue} for cue in load_modes()]
    return cues + modes


class Group:
    """Actor mentions standing together: one of them, or a list of them."""

    __slots__ = ("claimed", "codes", "end", "members", "start")

    def __init__(self, members: list[Mention], codes: list[str] | None = None) -> None:
        self.members = members
        self.claimed = False
        self.codes: list[str] = codes if codes is not None else []
        self.start: int = members[0].start
        self.end: int = members[-1].end

    def add(self, mention: Mention) -> None:
        """Append a mention that follows the group."""
        self.members.append(mention)
        self.end = mention.end


def group_actors(w: Words, mentions: list[Mention], cue_tokens: set[int]) -> list[Group]:
    """Join mentions that form a list ("A, B and C"), or name one actor twice ("Hungary's Orban")."""
    groups: list[Group] = []
    closed: list[bool] = []  # whether a list was closed by and/or/nor, not commas alone
    for span in mentions:
        if w.lower[span.start] in _DETERMINERS and any(m.start == span.end for m in mentions):
            continue  # "his Japanese counterpart": "his" only determines the next actor
        how = _join(w, groups[-1], span, cue_tokens) if groups else None
        if how is None:
            groups.append(Group([span]))
            closed.append(False)
        else:
            groups[-1].add(span)
            closed[-1] = closed[-1] or how == "list"
    out: list[Group] = []
    size = len(w)
    for group, was_closed in zip(groups, closed, strict=True):
        # "Congo, the UN and Western governments accuse": a list that goes on past its actors
        was_closed = was_closed or (group.end < size and w.lower[group.end] in _LIST_WORDS)
        members = group.members
        codes = (
            [members[0].code] if len(members) == 1 else list(dict.fromkeys(m.code for m in members))
        )
        if len(codes) > 1 and not was_closed:
            out += _split_by_code(group)  # "the war in Ukraine, Hungary's Orban": an apposition
        else:
            group.codes = codes
            out.append(group)
    return out


def _split_by_code(group: Group) -> list[Group]:
    parts: list[Group] = []
    for m in group.members:
        if parts and parts[-1].codes == [m.code]:
            parts[-1].add(m)
        else:
            parts.append(Group([m], codes=[m.code]))
    return parts


def _join(w: Words, group: Group, span: Mention, cue_tokens: set[int]) -> str | None:
    """How a mention joins the group before it: "list", "comma", "same" actor, or not at all."""
    if span.start == group.members[-1].start:
        return "list"  # "the two countries": both actors of a pair phrase
    between = range(group.end, span.start)
    if not cue_tokens.isdisjoint(between):
        return None
    same = span.code in {m.code for m in group.members}
    if same and w.lower[group.end : span.start] == [_OPEN]:
        return "same"  # "the Economic Community of West African States (ECOWAS)"
    last = group.members[-1].start
    if last > 0 and w.lower[last - 1] == _OPEN and w.lower[group.end] == _CLOSE:
        between = range(group.end + 1, span.start)  # "(ECOWAS), Nigeria and Morocco"
    if all(w.lower[i] in _CONNECTORS or w.space[i] for i in between):
        if same:
            return "same"
        if _is_person(group.members[0]) != _is_person(span):
            return None  # "invaded Ukraine, Xi and Putin signed": a list holds one kind of actor
        return "list" if any(w.lower[i] in _LIST_WORDS for i in between) else "comma"
    # A title between a country and its person: "Hungary 's Prime Minister Viktor Orban".
    titled = not any(w.punct[i] and w.lower[i] not in _TITLE_MARKS for i in between)
    return "same" if same and len(between) <= 6 and titled else None


def _is_person(span: Mention) -> bool:
    return span.label in PEOPLE


def find_links(w: Words, actors: list[Mention], cues: list[Match]) -> list[dict[str, Any]]:
    """Links of every sentence, one row per (sentence, pair, type), with the cue that made it."""
    lexicon, modes = load_lexicon(), load_modes()
    links: list[dict[str, Any]] = []
    for n, mentions, sent_cues in _by_sentence(w, actors, cues):
        relation = [
            c
            for c in sent_cues
            if c.label == CUE
            and not _adjectival(w, c, lexicon, mentions)
            and not _strained(w, c, n)
            and not _in_name(w, c, n)
        ]
        if not relation:
            continue
        groups = group_actors(w, mentions, {i for c in relation for i in range(c.start, c.end)})
        mode_cues = [c for c in sent_cues if c.label == MODE]
        seen: set[tuple[str, str, str]] = set()
        sentence: tuple[str, int] | None = None
        related = relate(w, groups, relation, lexicon)
        courtesy = any(lexicon[cue.key].get("courtesy") for cue, _ in related)
        called = _met_pairs(related, lexicon) if courtesy else set()
        for cue, pairs in related:
            mode = mode_of(w, cue, mode_cues, modes, relation)
            for a, b, entry in typed_pairs(w, cue, pairs, relation, lexicon, mentions):
                kind = entry["type"]
                x, y = a.code, b.code
                key = (x, y, kind) if x < y else (y, x, kind)
                if x == y or key in seen:
                    continue
                if entry.get("courtesy") and key[:2] in called:
                    continue  # "congratulated Aliyev in a phone call": the call is the link
                seen.add(key)
                sentence = sentence or _sentence_text(w, n)
                venue = meeting_place(w, entry, a, b, mentions) if kind == "meeting" else None
                links.append(_link_row(w, sentence, a, b, cue, entry, mode, venue))
    return links


def _met_pairs(
    related: list[tuple[Match, list[tuple[Mention, Mention]]]], lexicon: dict[str, dict[str, Any]]
) -> set[tuple[str, str]]:
    """The (sorted) code pairs a meeting cue of the sentence relates."""
    return {
        (a.code, b.code) if a.code < b.code else (b.code, a.code)
        for cue, pairs in related
        if lexicon[cue.key]["type"] == "meeting"
        for a, b in pairs
    }


def meeting_place(
    w: Words, entry: dict[str, Any], a: Mention, b: Mention, mentions: list[Mention]
) -> str | None:
    """The country a meeting took place in, when its sentence says: the one its cue travels to or
    receives in ("visited Mongolia", "hosted Orban"), else a capital after "in" ("met Orban in
    Beijing", "talks in the Qatari capital"); None when it does not say."""
    host = host_of(entry, a.code, b.code)
    if host is not None:
        return host
    for m in mentions:
        if _in_capital(w, m) or _named_capital(w, m):
            return m.code
    return None


def _in_capital(w: Words, m: Mention) -> bool:
    """Whether a mention is a capital after "in" ("met Orban in Beijing"): a place."""
    return m.label == CAPITAL and m.start > 0 and w.lower[m.start - 1] == _IN


def _in_name(w: Words, cue: Match, n: int) -> bool:
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


def _strained(w: Words, cue: Match, n: int) -> bool:
    """Whether "relations" or "ties" in sentence n are said to be bad ("relations between the two
    countries have been strained", "tense ties"): no cooperation, and nothing else to link."""
    if cue.key not in STANDING:
        return False
    lo, hi = max(cue.start - 2, w.sent_starts[n]), min(cue.end + STRAIN_REACH, w.sent_end(n))
    return any(w.lower[i] in _STRAIN for i in range(lo, hi))


def _adjectival(
    w: Words, cue: Match, lexicon: dict[str, dict[str, Any]], mentions: list[Mention]
) -> bool:
    """Whether a verb cue is the tail of a hyphenated adjective with no actor in it ("the
    newly-signed pact between A and B"): it describes a noun and has no subject of its own. With
    an actor ("the US-brokered truce") the actor is its agent, and the cue stays."""
    at = cue.start - 1
    if at < 1 or w.orths[at] != HYPHEN or lexicon[cue.key]["role"] != "verb":
        return False
    return not any(m.end == at for m in mentions)


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
        m.code == head.code and _is_person(m) and head.start <= m.start <= head.end + MODIFIER_REACH
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
    to = next((i for i in range(cue.end, min(cue.end + 3, len(w))) if w.lower[i] == _TO), None)
    if to is None:
        return False
    for c in cues:
        near = to < c.start <= to + TOPIC_REACH and lexicon[c.key]["type"] == "economic"
        if near and not _clause_break(w, to, c.start):
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
        if near and not _clause_break(w, cue.end, nxt.start):
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
            return not _clause_break(w, cue.end, i)
    return any(w.lower[i] in _MONEY_WORDS for i in before) and not _clause_break(
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


def _by_sentence(
    w: Words, actors: list[Mention], cues: list[Match]
) -> list[tuple[int, list[Mention], list[Match]]]:
    """Actors and cues bucketed by sentence number, for sentences holding at least two actors."""
    found: dict[int, list[Mention]] = {}
    sentence = w.sentence
    for a in actors:
        found.setdefault(sentence(a.start), []).append(a)
    busy = {n: spans for n, spans in found.items() if len(spans) > 1}
    if not busy:
        return []
    cue_lists: dict[int, list[Match]] = {n: [] for n in busy}
    for c in cues:
        bucket = cue_lists.get(sentence(c.start))
        if bucket is not None:
            bucket.append(c)
    out = []
    for n, spans in busy.items():
        if not cue_lists[n]:
            continue  # no cue: nothing can link (find_links would skip the sentence)
        taken = {i for a in spans for i in range(a.start, a.end)}
        out.append((n, spans, [c for c in cue_lists[n] if c.start not in taken]))
    return out


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
        owned = weak and not headed and _subject(w, cue, groups, "event")[0] is not None
        taken = (owned or not weak) and cue.start not in carriers
        taken = taken and not _agreed_among(w, cue, lexicon[cue.key], groups)
        reach = _object_reach(w, cue, lexicon[cue.key], groups, cue.start in held)
        obj = objects[cue.start] = _take_object(w, cue, groups, reach) if taken else None
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
        opening = _opening_subject(w, verb, groups, cues, lexicon) if verb is not None else None
        if opening is not None and opening is not obj:
            subj = opening  # "Fiji switched recognition to Beijing and signed a pact with China"
        if (
            subj is None
            and (entry["role"] == "verb" or _after_light_verb(w, cue))  # "and held talks with B"
            and _after_and(w, cue, groups)
        ):
            subj = _shared_subject(cue, cues, lexicon, found)  # "A condemned ... and summoned B"
        if subj is None and obj is not None and cue.start in held:
            subj = _subject(w, held[cue.start], groups, "verb")[0]  # "A provided $9m in aid to B"
        charge = _charge(w, cue, entry, cues, lexicon, found)
        if charge is not None:  # "Armenia accused Azerbaijan of shelling": Azerbaijan shelled
            subj, obj = charge[1], obj or charge[0]
        found[cue.start] = (subj, obj)
        pairs = _pairs(w, cue, entry, subj, obj, cue.start in held)
        second = _second_object(w, cue, entry, obj, groups) if subj is not None else None
        if second is not None:  # "accused A of X and B of Y", "urged A to X and B to Y"
            pairs += [(a, b) for a in _heads(subj) for b in _heads(second)]
        if entry.get("experiencer") == "object" and obj is not None:
            cause = _relative_cause(w, cue, out)
            if cause:  # "signed a pact with China that alarmed Canberra": the pact's parties
                pairs = [(a, b) for a in cause for b in _heads(obj)]
            pairs = [(b, a) for a, b in pairs]  # the alarmed one objects: it initiates
        if not pairs and entry["role"] == "noun":
            pairs = _coordinated_noun(w, cue, out, lexicon)  # "its top investor and closest ally"
        pairs = [(a, b) for a, b in pairs if a.code != b.code]  # "Erdogan ... his office"
        if pairs:
            out.append((cue, pairs))
    return _compound(w, lexicon, cues, out, carriers)


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
    if w.lower[last.end] != _AND or any(w.punct[i] for i in between):
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
        if w.lower[g.end] == marker and _follows(w, g, {_AND}):
            return None if _clause_break(w, obj.end, g.start) else g
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
    if last.end > at or _clause_break(w, last.end, at):
        return []
    return list({m.code: m for pair in pairs for m in pair}.values())


def _opening_subject(
    w: Words,
    verb: Match,
    groups: list[Group],
    cues: list[Match],
    lexicon: dict[str, dict[str, Any]],
) -> Group | None:
    """For a verb after "and" whose first verb is no cue ("Fiji switched recognition from Taipei to
    Beijing and signed a pact with China"): the group opening the sentence, the shared subject;
    the nearest group before the verb is the first verb's object."""
    if not _after_and(w, verb, groups) or not groups:
        return None
    if any(lexicon[c.key]["role"] == "verb" for c in cues if c.end <= verb.start):
        return None  # "A condemned ... and summoned B": _shared_subject's case
    first = w.sent_starts[w.sentence(verb.start)]
    opening = first + (w.lower[first] == _THE)
    head = groups[0]
    if head.start != opening or head.end >= verb.start - 1:
        return None
    return head


def _after_and(w: Words, cue: Match, groups: list[Group]) -> bool:
    """Whether "and" stands before a cue (a coordinated verb), just before or past a few words of
    time or manner with no actor or punctuation ("and later on Sunday met Lula")."""
    lower, punct = w.lower, w.punct
    for i in range(cue.start - 1, max(cue.start - 1 - AND_REACH, -1), -1):
        if lower[i] == _AND:
            return True
        if punct[i]:
            return False
        for g in groups:
            if g.start <= i < g.end:
                return False
    return False


def _shared_subject(
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
    subj, possessive = _subject(w, cue, groups, entry["role"])
    if _venue(w, obj, subj, entry):
        obj = None  # "Egypt and Ghana met in Addis Ababa", "an AU summit in Addis Ababa": a venue
    if _participle(w, cue, entry) and groups[0].end <= cue.start and groups[0] is not obj:
        subj = groups[0]  # "Washington ended ..., accusing him of": the clause's subject
    if subj is None and _passive(w, cue):
        subj = _patient(cue, groups)  # "a truce between A and B, brokered by C"
    if _from_agent(w, cue, entry, obj):
        subj = None  # "protests from Italy": the object is the agent; the target lies elsewhere
    elif obj is not None and possessive and _owned_meeting(w, cue, subj, entry, owner=True):
        obj = None  # "the Forum's summit in Honiara": a bloc's own meeting and its venue
    if possessive and subj is not None and entry["role"] != "verb":
        head = _apposition_head(w, subj, groups)
        if head is not None:
            obj = head  # "China, Bolivia's largest trading partner after Brazil": China and Bolivia
        elif obj is None:
            obj = _owner_partner(subj, groups)  # "Beijing became Moscow's partner"
    # "During a visit to China, ...": a noun (not a verb) opening the sentence
    if (
        subj is None
        and obj is not None
        and entry["role"] != "verb"
        and _fronted(w, cue, obj, groups)
    ):
        subj = _fronted_subject(w, obj, groups)  # "During a visit to China, Borrell urged ..."
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
    if not about or about[0] - obj.end > HOLDER_REACH or _clause_break(w, obj.end, g.start):
        return None
    g.claimed = True
    return g


def _fronted(w: Words, cue: Match, obj: Group, groups: list[Group]) -> bool:
    """Whether a cue opens its sentence: no group before it, not passive, and its object does not
    follow "between" ("a truce between A and B, brokered by C")."""
    if any(g.end <= cue.start for g in groups) or _passive(w, cue):
        return False
    return not _after_between(w, obj)


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
    parties = _names_parties(w, cue, entry, obj, held_by=held) and not _is_modifier(w, subj, cue)
    if subj is not None and obj is not None and subj is not obj and not parties:
        pairs += [(a, b) for a in _heads(subj) for b in _heads(obj)]
    if obj is None and entry["role"] == "verb" and (_is_pair(subj) or _mutual(w, cue, subj)):
        pairs += list(combinations(_heads(subj), 2))  # "the two countries fought a war"
    elif entry["reciprocal"]:
        # "Xi and Putin signed", "the Russia-China relationship", "talks between Russia and China";
        # not "India, Japan and Australia attended the meeting".
        listed = subj is not None and len(subj.codes) > 1  # a lone actor pairs with no one
        carried = listed and (entry["role"] == "verb" or _after_light_verb(w, cue) or held)
        own = subj if carried or (listed and _is_modifier(w, subj, cue)) else None
        # "talks between A and B", "an accord signed by A and B"
        named = obj if _after_between(w, obj) or _agents(w, cue, obj) else None
        for group in (own, named):
            if group is not None and len(group.codes) > 1:
                pairs += list(combinations(_heads(group), 2))
    return pairs


def _agreed_among(w: Words, cue: Match, entry: dict[str, Any], groups: list[Group]) -> bool:
    """Whether a reciprocal verb joins the actors of its own subject and goes on to an infinitive
    ("he and Macri agreed to work together to strengthen Mercosur"): what follows is their aim,
    not a third party."""
    if not (entry["reciprocal"] and entry["role"] == "verb" and cue.end < len(w)):
        return False
    if w.lower[cue.end] != _TO:
        return False
    subj = _subject(w, cue, groups, "verb")[0]
    return subj is not None and len(subj.codes) > 1


def _names_parties(
    w: Words, cue: Match, entry: dict[str, Any], obj: Group | None, held_by: bool | None
) -> bool:
    """Whether a noun cue (no verb carries it) names its own parties after "between" ("the pact
    between Vietnam and Cambodia"): they are the pair, not partners of an actor before it."""
    if obj is None or entry["role"] == "verb" or held_by or len(obj.codes) < 2:
        return False
    return obj.start == cue.end + 1 and _after_between(w, obj)


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


def _venue(w: Words, obj: Group | None, subj: Group | None, entry: dict[str, Any]) -> bool:
    """Whether a meeting cue's object is only where partners already named (a pair, a bloc) met:
    capitals after "in"."""
    if obj is None or entry["type"] != "meeting" or obj.start == 0:
        return False
    if len(obj.members) == 1 and _named_capital(w, obj.members[0]):
        return True  # "a summit in the Nigerian capital": only ever a place
    if subj is None:
        return False
    if w.lower[obj.start - 1] != _IN or any(m.label != CAPITAL for m in obj.members):
        return False
    return (
        len(subj.codes) > 1
        or _is_pair(subj)
        or all(m.label in (BLOC, BLOC_REF) for m in subj.members)
    )


def _named_capital(w: Words, m: Mention) -> bool:
    """Whether a mention is the demonym of "in the <demonym> capital" ("in the Nigerian capital")."""
    if m.label != DEMONYM or m.start < 2 or m.end >= len(w) or w.lower[m.end] != _CAPITAL_WORD:
        return False
    return w.lower[m.start - 1] == _THE and w.lower[m.start - 2] == _IN


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


def _participle(w: Words, cue: Match, entry: dict[str, Any]) -> bool:
    """Whether a verb cue opens a participle clause after a comma (", accusing", ", urging")."""
    if entry["role"] != "verb" or cue.start == 0 or w.lower[cue.start - 1] != _COMMA:
        return False
    return w.span_text(cue.start, cue.start + 1).lower().endswith("ing")


def _is_pair(group: Group | None) -> bool:
    """Whether a group is a pair phrase alone ("the two countries", "both leaders")."""
    return (
        group is not None and len(group.codes) > 1 and all(m.label == PAIR for m in group.members)
    )


def _mutual(w: Words, cue: Match, subj: Group | None) -> bool:
    """Whether a verb's object is its own listed subject: "each other", "one another" or "the
    other('s)" follows it in its clause ("India and Canada expelled each other's diplomats")."""
    if subj is None or len(subj.codes) < 2:
        return False
    lower, punct = w.lower, w.punct
    for i in range(cue.end, min(cue.end + MUTUAL_REACH, w.sent_end(w.sentence(cue.start)))):
        if punct[i] and lower[i] not in _POSSESSIVE:
            return False
        if lower[i] == _OTHER and lower[i - 1] in _MUTUAL_BEFORE:
            return True
        if lower[i] == _ANOTHER and lower[i - 1] == _ONE:
            return True
    return False


def _agents(w: Words, cue: Match, group: Group | None) -> bool:
    """Whether a group is a passive cue's agent, just after "by" ("signed by Ghana and Togo")."""
    return _passive(w, cue) and _follows(w, group, {_BY}) and group.start - cue.end <= 2


def _patient(cue: Match, groups: list[Group]) -> Group | None:
    """The group just before a passive cue, even when another cue took it as object."""
    before = [g for g in groups if g.end <= cue.start]
    if before and cue.start - before[-1].end <= MODIFIER_REACH:
        return before[-1]
    return None


def _passive(w: Words, cue: Match) -> bool:
    """Whether "by" follows a cue: its agent comes after it ("negotiated by six leaders")."""
    return cue.end < len(w) and w.lower[cue.end] == _BY


def _compound(
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
            return None if _clause_break(w, i, cue.start) else i
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
    if not before or _clause_break(w, before[-1][0].end, at):
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


def _is_modifier(w: Words, group: Group | None, cue: Match) -> bool:
    """Whether a group stands right before a cue, as its modifier ("Russia's invasion", "EU sanctions")."""
    if group is None or group.end > cue.start:
        return False
    if group.end == cue.start:
        return True
    if w.lower[group.end] not in _POSSESSIVE:
        return False
    # a hyphenated compound counts as one word: "Russia's full-scale invasion"
    orths, punct = w.orths, w.punct
    gap = [i for i in range(group.end + 1, cue.start) if orths[i] != HYPHEN]
    words = [i for i in gap if orths[i - 1] != HYPHEN]
    return len(words) < MODIFIER_REACH and not any(punct[i] for i in gap)


def _heads(group: Group) -> list[Mention]:
    """One mention per code in a group: the first."""
    if len(group.members) == 1:
        return group.members
    firsts: dict[str, Mention] = {}
    for m in group.members:
        firsts.setdefault(m.code, m)
    return list(firsts.values())


def _object_reach(
    w: Words, cue: Match, entry: dict[str, Any], groups: list[Group], held: bool
) -> int:
    """How far a cue looks for its object: an event noun with no agent (no modifier, no verb
    carrying it) only just after it ("sanctions on Mali", "the invasion of Ukraine"), not across a
    clause ("the new round of sanctions comes as Pence is in Bogota")."""
    if entry["role"] != "event" or held or _subject(w, cue, groups, "event")[0] is not None:
        return OBJECT_REACH
    return MODIFIER_REACH


def _take_object(
    w: Words, cue: Match, groups: list[Group], reach: int = OBJECT_REACH
) -> Group | None:
    """The first free group after a cue, not past a new clause (", and U.N. experts say")."""
    for g in groups:
        if g.start >= cue.end and g.start - cue.end <= reach and not g.claimed:
            if _clause_break(w, cue.end, g.start):
                return None
            g = _parties_past_place(w, g, groups, cue.end + reach) or g
            g.claimed = True
            return g
    return None


def _parties_past_place(w: Words, place: Group, groups: list[Group], until: int) -> Group | None:
    """For a capital after "in" ("signed in Rabat on Thursday between A, B and C"): the free group
    after "between" that follows it before `until`, which names the parties; else None."""
    if len(place.members) > 1 or not _in_capital(w, place.members[0]):
        return None
    for g in groups:
        free = place.end <= g.start <= until and not g.claimed and len(g.codes) > 1
        if free and _after_between(w, g) and not _clause_break(w, place.end, g.start):
            return g
    return None


def _clause_break(w: Words, start: int, end: int) -> bool:
    """Whether ", and" / ", but" / ";" stands in tokens [start, end), or ", which" / ", whose"
    opening a relative clause ("fought over a temple, which the court awarded to B")."""
    for i in range(start, end):
        if w.lower[i] == _SEMICOLON:
            return True
        if w.lower[i] != _COMMA:
            continue
        j = i + 1 + (i + 1 < end and w.lower[i + 1] in _QUOTES)  # ',"  and': a closing quote
        if j < end and w.lower[j] in _CLAUSE_WORDS | _RELATIVE:
            return True
    return False


def _subject(w: Words, cue: Match, groups: list[Group], role: str) -> tuple[Group | None, bool]:
    """The cue's subject, and whether it is a possessive modifier ("Moscow's ... partner")."""
    before = [g for g in groups if g.end <= cue.start]
    who = _who_head(w, cue, before) if role == "verb" else None
    if who is not None and who is not before[-1] and not who.claimed:
        return who, False  # "the Greek leader who during a visit to the US called on Washington"
    if before and _is_modifier(w, before[-1], cue):
        near = before[-1]
        return near, near.end < cue.start and w.lower[near.end] in _POSSESSIVE
    # An event noun's agent is its modifier, or the group "its" stands for ("the EU extended its
    # sanctions against Russia"): then the nearest free group before, as for verbs.
    if role in ("event", "attribute"):  # only these need a carrier: asked of them alone
        carried = _after_its(w, cue) or (role == "event" and _after_light_verb(w, cue))
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
        if place is None and len(g.members) == 1 and _in_capital(w, g.members[0]):
            place = g
            continue
        return g, False
    return place, False


def _whereabouts(w: Words, g: Group) -> bool:
    """Whether a group says where someone is ("is in Bogota"): a place, not an actor."""
    return g.start >= 2 and w.lower[g.start - 1] == _IN and w.lower[g.start - 2] in _BE


def _envoy_to(w: Words, g: Group) -> bool:
    """Whether a group is where an envoy is posted ("ambassador to Ethiopia"), not an actor."""
    return g.start >= 2 and w.lower[g.start - 1] == _TO and w.lower[g.start - 2] in _ENVOYS


def _relative_head(w: Words, cue: Match, before: list[Group]) -> Group | None:
    """For "A, which ... B, <verb>" or "A, attending ..., <verb>": A, the group just before a
    relative or participle clause closing at the cue."""
    end = cue.start - 1
    if end < 1 or w.lower[end] != _COMMA:
        return None
    lo = max(end - RELATIVE_REACH, 0)
    window = w.lower_ids[lo:end]
    commas = np.flatnonzero(window[:-1] == _COMMA) + lo
    openers = [i for i in commas.tolist() if w.lower[i + 1] in _RELATIVE or _is_ing(w, i + 1)]
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


def _after_light_verb(w: Words, cue: Match) -> bool:
    """Whether a carrying verb stands just before a noun cue ("imposed new sanctions", "held talks")."""
    return w.any_before(cue.start, _LIGHT_VERBS, CARRIER_GAP)


def _apposition_head(w: Words, owner: Group, groups: list[Group]) -> Group | None:
    """For "A, B's <cue>" (an apposition): A, the group a lone comma before the owner B."""
    before = [g for g in groups if g.end <= owner.start]
    if before and owner.start - before[-1].end == 1 and w.lower[before[-1].end] == _COMMA:
        return before[-1]
    return None


def _owner_partner(owner: Group, groups: list[Group]) -> Group | None:
    """For "A ... B's <cue>" with no object: A, the group before the owner B."""
    before = [g for g in groups if g.end <= owner.start]
    if before and owner.start - before[-1].end <= SUBJECT_REACH:
        return before[-1]
    return None


def _fronted_subject(w: Words, obj: Group, groups: list[Group]) -> Group | None:
    """For a cue that opens the sentence ("During a visit to X, A ..."): the group after the comma."""
    after = [g for g in groups if g.start >= obj.end]
    if not after or after[0].start - obj.end > 6:
        return None
    if any(w.lower[i] == _COMMA for i in range(obj.end, after[0].start)):
        return after[0]
    return None


def _after_between(w: Words, group: Group | None) -> bool:
    """Whether a group follows "between" or "among" ("talks between Russia and China")."""
    return _follows(w, group, _BETWEEN)


def _follows(w: Words, group: Group | None, words: set[int]) -> bool:
    """Whether a group follows one of `words`, "the" aside ("between the Economic Community of
    West African States and ...", "by the United States")."""
    if group is None or group.start == 0:
        return False
    before = group.start - 1
    if w.lower[before] == _THE and before > 0:
        before -= 1
    return w.lower[before] in words


def mode_of(
    w: Words, cue: Match, mode_cues: list[Match], modes: dict[str, str], relation: list[Match]
) -> str:
    """The mode of a cue: set by a mode word just before it ("not", "will", "would") and no other cue."""
    near = [m for m in mode_cues if m.end <= cue.start and cue.start - m.end < MODE_REACH]
    for m in reversed(near):
        if _COMMA in w.lower[m.end : cue.start]:
            continue  # "unless the fighting stopped, held talks": the mode closes its own clause
        between = [c for c in relation if m.end <= c.start < cue.start]
        if between:
            # "did not sign the deal": a noun cue takes the mode of the verb just before it,
            # unless it has its own agent ("refrained from condemning Russia's invasion").
            verb = between[-1]
            owned = any(w.lower[i] in _POSSESSIVE for i in range(verb.end, cue.start))
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


def _sentence_text(w: Words, n: int) -> tuple[str, int]:
    """Sentence n's text without surrounding whitespace, and its character offset."""
    start, end = w.sent_starts[n], w.sent_end(n)
    while start < end and w.space[start]:
        start += 1
    while end > start and w.space[end - 1]:
        end -= 1
    return w.span_text(start, end), w.idx[start] if start < len(w) else len(w.text)


def _link_row(
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
