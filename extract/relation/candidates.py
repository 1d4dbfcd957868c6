"""Candidate pairs for the learned link decision: every two different actors of one sentence, and
each actor of a sentence with the article's main actor when that sentence does not name it.

A candidate is one sentence and one pair of actor codes, with the closest two mentions of them in that
sentence (a mention before the other, or both on one "the two countries" phrase). Mentions resolved
from pronouns, "the two countries", "the bloc" and "It" count like names.

A main-actor candidate (`salient`) pairs a sentence's actor with the actor the article names most
("France, Russia and Germany have made similar calls" in an article about Syria): in the annotated
Wikinews, 298 of 1,622 linked pairs are named in no sentence together, and 163 of those involve the
article's main actor.
Its second mention is the main actor's nearest mention before the sentence (else its first after).
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from diplomap.extract.words import Mention, Words


class Candidate(NamedTuple):
    """Sentence n and two mentions of different actors in it, `a` not after `b`."""

    n: int
    a: Mention
    b: Mention
    salient: bool = False  # b is the article's main actor, named outside sentence n

    @property
    def key(self) -> tuple[str, str]:
        """The pair's codes, sorted: what the gold scores."""
        x, y = self.a.code, self.b.code
        return (x, y) if x < y else (y, x)


def mentions_by_sentence(w: Words, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Mentions bucketed by sentence number, for sentences naming two or more actors."""
    found = w.by_sentence(mentions)
    return {n: ms for n, ms in found.items() if len({m.code for m in ms}) > 1}


def find_candidates(
    w: Words,
    mentions: list[Mention],
    ruled: dict[tuple[int, str, str], tuple[int, int]] | None = None,
) -> list[Candidate]:
    """One candidate per sentence and pair of codes, in order: with the two mentions the rules
    linked there (`ruled`: sentence and codes -> the mentions' first tokens), else the pair's
    closest mentions."""
    ruled = ruled or {}
    out: list[Candidate] = []
    for n, ms in sorted(mentions_by_sentence(w, mentions).items()):
        best: dict[tuple[str, str], tuple[int, Mention, Mention]] = {}
        for i, x in enumerate(ms):
            for y in ms[i + 1 :]:
                if x.code == y.code:
                    continue
                a, b = (x, y) if (x.start, x.end) <= (y.start, y.end) else (y, x)
                gap = max(b.start - a.end, 0)
                key = (a.code, b.code) if a.code < b.code else (b.code, a.code)
                if ruled.get((n, *key)) in ((a.start, b.start), (b.start, a.start)):
                    gap = -1  # the rules' own mentions come first
                known = best.get(key)
                if known is None or gap < known[0]:
                    best[key] = (gap, a, b)
        out += [Candidate(n, a, b) for _, a, b in sorted(best.values(), key=_order)]
    return out


def main_actor(mentions: list[Mention]) -> str | None:
    """The actor the doc names most often, the first named of those tied (None without actors)."""
    counts = Counter(m.code for m in mentions)
    if not counts:
        return None
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.code, m.start)
    return min(counts, key=lambda code: (-counts[code], first[code]))


def find_salient(w: Words, mentions: list[Mention]) -> list[Candidate]:
    """One candidate per sentence not naming the main actor and per actor it names: that actor's
    first mention there, with the main actor's nearest mention before the sentence (else after)."""
    main = main_actor(mentions)
    own = [m for m in mentions if m.code == main]
    if main is None or len(own) == len(mentions):
        return []
    out: list[Candidate] = []
    k = 0  # own[k] is the main actor's first mention not before sentence n
    for n, ms in sorted(w.by_sentence(mentions).items()):
        named: dict[str, Mention] = {}  # each actor's first mention in sentence n
        for m in ms:
            named.setdefault(m.code, m)
        if main in named:
            continue
        start = w.sent_starts[n]
        while k < len(own) and own[k].start < start:
            k += 1
        other = own[k - 1] if k else own[0]
        out += [Candidate(n, m, other, True) for m in named.values()]
    return out


def all_candidates(
    w: Words,
    mentions: list[Mention],
    ruled: dict[tuple[int, str, str], tuple[int, int]] | None = None,
) -> list[Candidate]:
    """The candidates the link decision scores: pairs of one sentence, then main-actor pairs."""
    return find_candidates(w, mentions, ruled) + find_salient(w, mentions)


def _order(item: tuple[int, Mention, Mention]) -> tuple[int, int]:
    return item[1].start, item[2].start


def count_pair_sentences(candidates: list[Candidate]) -> Counter[tuple[str, str]]:
    """How many sentences name each pair together."""
    return Counter(c.key for c in candidates if not c.salient)
