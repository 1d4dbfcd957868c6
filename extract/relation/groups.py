"""Actor groups: mentions standing together in a list ("China and Russia", "the US, UK and France"),
or naming one actor twice ("Hungary's Orban"). Decides which actors a cue can take as one party."""

from __future__ import annotations

from diplomap.extract.labels import PAIR, PEOPLE
from diplomap.extract.relation.vocab import COMMA, MODIFIER_REACH, POSSESSIVE_IDS, RELATIVE, THE
from diplomap.extract.words import HYPHEN, Match, Mention, Words, string_id

CONNECTORS = {
    ",", "and", "or", "nor", "&", "-", "–", "/", "neither", "both", "the", "as", "well",
    "neighbouring", "neighboring",
}  # fmt: skip
LIST_WORDS = {"and", "or", "nor", "&", "-", "–", "/"}  # "Russia-China ties" is a closed pair
# The same words as string hashes, to test tokens without making spaCy Token objects.
_CONNECTORS = {string_id(w) for w in CONNECTORS}
_LIST_WORDS = {string_id(w) for w in LIST_WORDS}
_BETWEEN = {string_id("between"), string_id("among")}
# A sentence-internal stop can only close an abbreviated title ("Mali 's Col . Assimi Goita").
_TITLE_MARKS = POSSESSIVE_IDS | {string_id(".")}
_OPEN, _CLOSE = string_id("("), string_id(")")
_SEMICOLON = string_id(";")
_QUOTES = {string_id(q) for q in ('"', "”", "'", "’")}
_CLAUSE_WORDS = {string_id(w) for w in ("and", "but", "while", "whereas")}
_DETERMINERS = {string_id("his"), string_id("her")}


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
        if is_person(group.members[0]) != is_person(span):
            return None  # "invaded Ukraine, Xi and Putin signed": a list holds one kind of actor
        return "list" if any(w.lower[i] in _LIST_WORDS for i in between) else "comma"
    # A title between a country and its person: "Hungary 's Prime Minister Viktor Orban".
    titled = not any(w.punct[i] and w.lower[i] not in _TITLE_MARKS for i in between)
    return "same" if same and len(between) <= 6 and titled else None


def is_person(span: Mention) -> bool:
    return span.label in PEOPLE


def is_pair(group: Group | None) -> bool:
    """Whether a group is a pair phrase alone ("the two countries", "both leaders")."""
    return (
        group is not None and len(group.codes) > 1 and all(m.label == PAIR for m in group.members)
    )


def is_modifier(w: Words, group: Group | None, cue: Match) -> bool:
    """Whether a group stands right before a cue, as its modifier ("Russia's invasion", "EU sanctions")."""
    if group is None or group.end > cue.start:
        return False
    if group.end == cue.start:
        return True
    if w.lower[group.end] not in POSSESSIVE_IDS:
        return False
    # a hyphenated compound counts as one word: "Russia's full-scale invasion"
    orths, punct = w.orths, w.punct
    gap = [i for i in range(group.end + 1, cue.start) if orths[i] != HYPHEN]
    words = [i for i in gap if orths[i - 1] != HYPHEN]
    return len(words) < MODIFIER_REACH and not any(punct[i] for i in gap)


def heads(group: Group) -> list[Mention]:
    """One mention per code in a group: the first."""
    if len(group.members) == 1:
        return group.members
    firsts: dict[str, Mention] = {}
    for m in group.members:
        firsts.setdefault(m.code, m)
    return list(firsts.values())


def clause_break(w: Words, start: int, end: int) -> bool:
    """Whether ", and" / ", but" / ";" stands in tokens [start, end), or ", which" / ", whose"
    opening a relative clause ("fought over a temple, which the court awarded to B")."""
    for i in range(start, end):
        if w.lower[i] == _SEMICOLON:
            return True
        if w.lower[i] != COMMA:
            continue
        j = i + 1 + (i + 1 < end and w.lower[i + 1] in _QUOTES)  # ',"  and': a closing quote
        if j < end and w.lower[j] in _CLAUSE_WORDS | RELATIVE:
            return True
    return False


def after_between(w: Words, group: Group | None) -> bool:
    """Whether a group follows "between" or "among" ("talks between Russia and China")."""
    return follows(w, group, _BETWEEN)


def follows(w: Words, group: Group | None, words: set[int]) -> bool:
    """Whether a group follows one of `words`, "the" aside ("between the Economic Community of
    West African States and ...", "by the United States")."""
    if group is None or group.start == 0:
        return False
    before = group.start - 1
    if w.lower[before] == THE and before > 0:
        before -= 1
    return w.lower[before] in words
