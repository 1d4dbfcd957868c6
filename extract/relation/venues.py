"""Where a meeting took place: the country a travel or hosting cue names, or a capital after "in";
and when a meeting cue's object is only such a place."""

from __future__ import annotations

from typing import Any

from diplomap.extract.gazetteer import BLOC, CAPITAL, DEMONYM
from diplomap.extract.labels import BLOC_REF
from diplomap.extract.lexicon import load_lexicon
from diplomap.extract.relation.groups import Group, is_pair
from diplomap.extract.relation.vocab import IN, THE
from diplomap.extract.words import Mention, Words, string_id

_CAPITAL_WORD = string_id("capital")


def host_of(entry: dict[str, Any], a: str, b: str) -> str | None:
    """The actor whose territory a meeting took place on, if its cue's lexicon entry says: the
    object of travel ("A visited B": B), the subject of hosting ("A hosted B": A); else None."""
    venue = entry.get("venue")
    return b if venue == "object" else a if venue == "subject" else None


def find_host(cue: str, a: str, b: str) -> str | None:
    """:func:`host_of` for a cue as written in a link row ("Travelled  to")."""
    return host_of(load_lexicon().get(" ".join(cue.lower().split()), {}), a, b)


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
        if in_capital(w, m) or _named_capital(w, m):
            return m.code
    return None


def in_capital(w: Words, m: Mention) -> bool:
    """Whether a mention is a capital after "in" ("met Orban in Beijing"): a place."""
    return m.label == CAPITAL and m.start > 0 and w.lower[m.start - 1] == IN


def is_venue(w: Words, obj: Group | None, subj: Group | None, entry: dict[str, Any]) -> bool:
    """Whether a meeting cue's object is only where partners already named (a pair, a bloc) met:
    capitals after "in"."""
    if obj is None or entry["type"] != "meeting" or obj.start == 0:
        return False
    if len(obj.members) == 1 and _named_capital(w, obj.members[0]):
        return True  # "a summit in the Nigerian capital": only ever a place
    if subj is None:
        return False
    if w.lower[obj.start - 1] != IN or any(m.label != CAPITAL for m in obj.members):
        return False
    return (
        len(subj.codes) > 1
        or is_pair(subj)
        or all(m.label in (BLOC, BLOC_REF) for m in subj.members)
    )


def _named_capital(w: Words, m: Mention) -> bool:
    """Whether a mention is the demonym of "in the <demonym> capital" ("in the Nigerian capital")."""
    if m.label != DEMONYM or m.start < 2 or m.end >= len(w) or w.lower[m.end] != _CAPITAL_WORD:
        return False
    return w.lower[m.start - 1] == THE and w.lower[m.start - 2] == IN
