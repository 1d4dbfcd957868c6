"""Candidate pairs for the learned link decision: every two different actors of one sentence.

A candidate is one sentence and one pair of actor codes, with the closest two mentions of them in that
sentence (a mention before the other, or both on one "the two countries" phrase). Mentions resolved
from pronouns, "the two countries", "the bloc" and "It" count like names.
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

    @property
    def key(self) -> tuple[str, str]:
        """The pair's codes, sorted: what the gold scores."""
        x, y = self.a.code, self.b.code
        return (x, y) if x < y else (y, x)


def mentions_by_sentence(w: Words, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Mentions bucketed by sentence number, for sentences naming two or more actors."""
    found: dict[int, list[Mention]] = {}
    sentence = w.sentence
    for m in mentions:
        found.setdefault(sentence(m.start), []).append(m)
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


def _order(item: tuple[int, Mention, Mention]) -> tuple[int, int]:
    return item[1].start, item[2].start


def count_pair_sentences(candidates: list[Candidate]) -> Counter[tuple[str, str]]:
    """How many sentences name each pair together."""
    return Counter(c.key for c in candidates)
