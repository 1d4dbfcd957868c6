"""The words the link types read and the link label does not: every word of a candidate's
sentence ("Officials said that Ghana and Togo, after long talks, agreed on fishing quotas": the
words around the pair do not say the link is economic, "quotas" does).

The link label never reads them, so the pipeline works them out only for candidates that may be
linked (`links._score_candidates`); training reads them for every candidate.
"""

from __future__ import annotations

from diplomap.extract.relation.candidates import Candidate
from diplomap.extract.relation.keys import TEMPLATE
from diplomap.extract.words import Mention, Words, mention_tokens

TYPE_WORD = TEMPLATE["type_word"]


def type_keys(
    w: Words, mentions: list[Mention], candidates: list[Candidate]
) -> list[list[tuple[int, int]]]:
    """The keys only the types read, of each candidate: the words of its sentence, actor words,
    spaces and punctuation left out (what a sentence is about types the link between its actors:
    "signed", "trade", "troops" anywhere in it). No keys for main-actor candidates, whose
    sentence words are features of their own."""
    sent_mentions = w.by_sentence(mentions)
    lower, space, punct = w.lower, w.space, w.punct
    shared: dict[int, list[tuple[int, int]]] = {}
    out = []
    for cand in candidates:
        n = cand.n
        keys = [] if cand.salient else shared.get(n)
        if keys is None:
            taken = mention_tokens(sent_mentions.get(n, []))
            words = range(w.sent_starts[n], w.sent_end(n))
            found = (i for i in words if not (i in taken or space[i] or punct[i]))
            keys = shared[n] = list(dict.fromkeys((TYPE_WORD, lower[i]) for i in found))
        out.append(keys)
    return out
