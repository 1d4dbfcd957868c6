"""Features of a candidate pair, for the learned link decision.

Each feature is a key (`keys`: a template and a spaCy string id), kept as integers, so a doc's
features cost no string building.

What a candidate is described by: the words between and around its two mentions; how each actor is
named (name, demonym, capital, leader, pronoun, "the two countries"); their order and distance;
whether they stand in one list or one hyphenated pair, and what stands just around a list that holds
both ("China and Russia signed"); the cues of its sentence (their types, and which lie between the
two); the link the rules made for the pair there, with its type, cue and mode; the mode words of the
sentence; where the sentence stands in the article; and how much the article names each actor (its
rank by mentions, and the fewer mentions of the two: an article links the actors it is about). The
types alone also read every word of the candidate's sentence (`type_words`). A main-actor candidate
(the main actor named in another sentence) is described by its sentence's words and cues instead.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Any

from diplomap.extract.gazetteer import BLOC, load_gazetteer
from diplomap.extract.labels import BLOC_REF
from diplomap.extract.lexicon import CUE, MODE, load_lexicon
from diplomap.extract.relation.candidates import Candidate, count_pair_sentences
from diplomap.extract.relation.groups import Group, group_actors
from diplomap.extract.relation.keys import TEMPLATES, bucket, label_id
from diplomap.extract.words import HYPHEN, Match, Mention, Words, mention_tokens, string_id

WINDOW = 4  # words before and after the pair
GROUP_WINDOW = 5  # words after a list holding both actors
MAX_BETWEEN = 30  # words between read as features (those nearest each mention)


_DISTANCES = (0, 1, 2, 3, 5, 8, 12, 20)
_ACTORS = (2, 3, 4, 6)
_SENTENCES_EDGES = (1, 2, 3)
_POSITIONS = (0, 1, 2, 5, 10)
_SHARES = (20, 35, 50, 70)  # per cent of the article's mentions
_SALIENT_ACTORS = (1, 2, 3)
_RANK_EDGES = (1, 2, 3, 5)
_MENTION_EDGES = (1, 2, 3, 5, 10)
(
    _BETWEEN_T, _BEFORE, _AFTER, _LEFT1, _RIGHT1, _INNER_A, _INNER_B, _DISTANCE, _KIND_A, _KIND_B,
    _KINDS, _FLAG, _ACTORS_T, _RULE, _RULE_CUE, _RULE_MODE, _CUE_TYPE, _CUE_BETWEEN, _CUE_WORD,
    _MODE_WORD, _SENTENCES, _POSITION, _SALIENT, _MAIN_SHARE, _S_KIND, _S_ACTORS, _S_POSITION,
    _SENTENCE_WORD, _S_CUE_TYPE, _S_CUE, _S_NEAR, _G_AFTER, _G_BEFORE, _G_SIZE, _G_CUE, _RANKS,
    _LEAST, _TYPE_WORD,
) = range(len(TEMPLATES))  # fmt: skip
_BETWEEN, _AND, _COMMA = string_id("between"), string_id("and"), string_id(",")
_THE = string_id("the")
_QUOTES = {string_id(q) for q in ('"', "“", "”")}


RuleLinks = dict[tuple[int, str, str], list[dict[str, Any]]]


def ruled_mentions(w: Words, ruled: RuleLinks) -> dict[tuple[int, str, str], tuple[int, int]]:
    """The first tokens of the two mentions each rule link joins, by (sentence, sorted codes),
    given the rules' rows by pair (`rule_links_by_pair`)."""
    out = {}
    for (n, x, y), same in ruled.items():
        row = same[0]
        a = bisect_right(w.idx, row["a_start"]) - 1
        b = bisect_right(w.idx, row["b_start"]) - 1
        out[(n, x, y)] = (a, b)
    return out


def rule_links_by_pair(w: Words, rows: list[dict[str, Any]]) -> RuleLinks:
    """The rules' link rows by (sentence number, sorted codes)."""
    out: RuleLinks = {}
    for row in rows:
        n = w.sentence(bisect_right(w.idx, row["a_start"]) - 1)
        x, y = row["a"], row["b"]
        out.setdefault((n, *((x, y) if x < y else (y, x))), []).append(row)
    return out


def doc_features(
    w: Words,
    mentions: list[Mention],
    candidates: list[Candidate],
    cues: list[Match],
    ruled: RuleLinks,
) -> list[list[tuple[int, int]]]:
    """The feature keys of every candidate of one doc, in candidate order, given the rules' rows
    by pair (`rule_links_by_pair`)."""
    lexicon = load_lexicon()
    pair_sentences = count_pair_sentences(candidates)
    sent_cues, sent_mentions = w.by_sentence(cues), w.by_sentence(mentions)
    sentences: dict[int, _Sentence] = {}
    salient: dict[int, tuple[list[tuple[int, int]], set[int]]] = {}
    counts = Counter(m.code for m in mentions)
    share = _main_share(counts, candidates)
    standing = _rank_actors(counts)
    out = []
    for cand in candidates:
        n = cand.n
        if cand.salient:
            shared = salient.get(n)
            if shared is None:
                args = (sent_mentions[n], sent_cues.get(n, []), lexicon, share)
                shared = salient[n] = _salient_shared(w, n, *args)
            out.append(_salient_keys(w, cand, shared))
            continue
        sent = sentences.get(n)
        if sent is None:
            sent = sentences[n] = _Sentence(w, n, sent_mentions[n], sent_cues.get(n, []), lexicon)
        keys = _candidate_keys(w, cand, sent)
        group = sent.groups.get(cand.a.start)
        if (
            group is not None
            and group == sent.groups.get(cand.b.start)
            and cand.a.start != cand.b.start
        ):
            keys.append((_FLAG, label_id("same_group")))
            keys += sent.list_keys(w, group)
        rows = ruled.get((n, *cand.key), ())
        for row in rows:
            keys.append((_RULE, label_id(row["type"])))
            keys.append((_RULE_CUE, label_id(row["cue"].lower())))
            keys.append((_RULE_MODE, label_id(row["mode"])))
        if not rows:
            keys.append((_RULE, label_id("none")))
        keys.append((_SENTENCES, label_id(bucket(pair_sentences[cand.key], _SENTENCES_EDGES))))
        keys += _standing_keys(standing, cand.key)
        out.append(list(dict.fromkeys(keys)))  # each feature once: the model reads presence
    return out


class _Sentence:
    """What every candidate of one sentence shares: its bounds, the tokens of its actor mentions,
    the group (list) each mention stands in, and the keys its cues and actors give."""

    def __init__(
        self,
        w: Words,
        n: int,
        mentions: list[Mention],
        cues: list[Match],
        lexicon: dict[str, dict[str, Any]],
    ) -> None:
        self.first, self.end = w.sent_starts[n], w.sent_end(n)
        self.mentions = mentions
        self.taken = mention_tokens(mentions)
        relation = [c for c in cues if c.label == CUE]
        cue_tokens = {i for c in relation for i in range(c.start, c.end)}
        groups = group_actors(w, mentions, cue_tokens)
        self.groups = {m.start: k for k, g in enumerate(groups) for m in g.members}
        self.lists = groups
        self._list_keys: dict[int, list[tuple[int, int]]] = {}
        self.cues = [(c, lexicon[c.key]["type"]) for c in relation]
        self.keys = [(_MODE_WORD, label_id(c.key)) for c in cues if c.label == MODE]
        self.keys += [(_CUE_TYPE, label_id(kind)) for _, kind in self.cues]
        actors = bucket(len({m.code for m in mentions}), _ACTORS)
        self.keys += [(_ACTORS_T, label_id(actors)), (_POSITION, label_id(bucket(n, _POSITIONS)))]

    def list_keys(self, w: Words, k: int) -> list[tuple[int, int]]:
        """The keys of list k, for every candidate it holds both actors of: the words after and
        before it, its size, and the relation cues just after it ("China and Russia signed",
        "countries such as China and Russia")."""
        known = self._list_keys.get(k)
        if known is None:
            known = self._list_keys[k] = _list_keys(w, self, self.lists[k])
        return known


def _candidate_keys(w: Words, cand: Candidate, sent: _Sentence) -> list[tuple[int, int]]:
    """The keys a candidate's own words and sentence give."""
    a, b = cand.a, cand.b
    lower, space, taken = w.lower, w.space, sent.taken
    between = [i for i in range(a.end, b.start) if i not in taken and not space[i]]
    if len(between) > MAX_BETWEEN:
        half = MAX_BETWEEN // 2
        between = between[:half] + between[-half:]
    keys = [(_BETWEEN_T, lower[i]) for i in between]
    add = keys.append
    before = _words_before(w, sent.first, a.start, WINDOW)
    after = _words_after(w, b.end, sent.end, WINDOW)
    keys += [(_BEFORE, lower[i]) for i in before]
    keys += [(_AFTER, lower[i]) for i in after]
    add((_LEFT1, lower[before[-1]] if before else label_id("<start>")))
    add((_RIGHT1, lower[after[0]] if after else label_id("<end>")))
    if between:
        add((_INNER_A, lower[between[0]]))
        add((_INNER_B, lower[between[-1]]))
    add((_DISTANCE, label_id(bucket(max(b.start - a.end, 0), _DISTANCES))))
    kind_a, kind_b = _kind(a), _kind(b)
    add((_KIND_A, label_id(kind_a)))
    add((_KIND_B, label_id(kind_b)))
    add((_KINDS, label_id(f"{kind_a}|{kind_b}")))
    keys += sent.keys
    keys += [(_FLAG, label_id(flag)) for flag in _flags(w, cand, sent)]
    for c, kind in sent.cues:
        if a.end <= c.start and c.end <= b.start:
            add((_CUE_BETWEEN, label_id(kind)))
        if a.start - WINDOW <= c.start <= b.end + WINDOW:
            add((_CUE_WORD, label_id(c.key)))
    return keys


def _words_before(w: Words, first: int, start: int, n: int) -> list[int]:
    """The last n word tokens (not spaces) before `start`, from `first` on, read within 2n."""
    return [i for i in range(max(first, start - 2 * n), start) if not w.space[i]][-n:]


def _words_after(w: Words, end: int, stop: int, n: int) -> list[int]:
    """The first n word tokens (not spaces) from `end`, before `stop`, read within 2n."""
    return [i for i in range(end, min(stop, end + 2 * n)) if not w.space[i]][:n]


def _list_keys(w: Words, sent: _Sentence, group: Group) -> list[tuple[int, int]]:
    """What `_Sentence.list_keys` gives, worked out."""
    start, end, lower = group.start, group.end, w.lower
    after = _words_after(w, end, sent.end, GROUP_WINDOW)
    keys = [(_G_AFTER, lower[i]) for i in after]
    keys += [(_G_BEFORE, lower[i]) for i in _words_before(w, sent.first, start, WINDOW)]
    size = len({m.code for m in group.members})
    keys.append((_G_SIZE, label_id(bucket(size, _ACTORS))))
    reach = after[-1] if after else end
    for c, kind in sent.cues:
        if end <= c.start <= reach:
            keys.append((_G_CUE, label_id(c.key)))
            keys.append((_G_CUE, label_id(kind)))
    return keys


def _rank_actors(counts: Counter[str]) -> dict[str, tuple[int, int]]:
    """Each actor's rank by mentions in the doc (1 for the most named; ties share the better
    rank: 1, 1, 3) and its number of mentions, from its mentions counted (every mention counts, a
    pronoun or "the two countries" resolved to it too)."""
    ordered = sorted(counts.values(), reverse=True)
    return {code: (ordered.index(n) + 1, n) for code, n in counts.items()}


def _standing_keys(
    standing: dict[str, tuple[int, int]], pair: tuple[str, str]
) -> list[tuple[int, int]]:
    """The keys of how much the doc names each actor of a pair (`_rank_actors`)."""
    (rank_x, n_x), (rank_y, n_y) = standing[pair[0]], standing[pair[1]]
    ranks = "|".join(bucket(r, _RANK_EDGES) for r in sorted((rank_x, rank_y)))
    least = bucket(min(n_x, n_y), _MENTION_EDGES)
    return [(_RANKS, label_id(ranks)), (_LEAST, label_id(least))]


def _main_share(counts: Counter[str], candidates: list[Candidate]) -> int:
    """The key of the main actor's share of the doc's mentions (0 without main-actor candidates),
    given every actor's mentions counted."""
    main = next((c.b.code for c in candidates if c.salient), None)
    if main is None:
        return 0
    per_cent = 100 * counts[main] // sum(counts.values())
    return label_id(bucket(per_cent, _SHARES))


def _salient_shared(
    w: Words,
    n: int,
    mentions: list[Mention],
    cues: list[Match],
    lexicon: dict[str, dict[str, Any]],
    share: int,
) -> tuple[list[tuple[int, int]], set[int]]:
    """What every main-actor candidate of sentence n shares: the keys of its words and cues, the
    main actor's share and its number of actors; and the tokens of its actor mentions."""
    first, end = w.sent_starts[n], w.sent_end(n)
    taken = mention_tokens(mentions)
    lower, space = w.lower, w.space
    keys = [
        (_SALIENT, label_id("main")),
        (_MAIN_SHARE, share),
        (_S_ACTORS, label_id(bucket(len({m.code for m in mentions}), _SALIENT_ACTORS))),
        (_S_POSITION, label_id(bucket(n, _POSITIONS))),
    ]
    keys += [(_SENTENCE_WORD, lower[i]) for i in range(first, end) if not (i in taken or space[i])]
    keys += [(_S_CUE_TYPE, label_id(lexicon[c.key]["type"])) for c in cues if c.label == CUE]
    keys += [(_S_CUE, label_id(c.key)) for c in cues]
    return keys, taken


def _salient_keys(
    w: Words, cand: Candidate, shared: tuple[list[tuple[int, int]], set[int]]
) -> list[tuple[int, int]]:
    """The keys of a main-actor candidate: its sentence's (`_salient_shared`), and how its actor
    is named and the words around it (the main actor is named in another sentence)."""
    keys, taken = shared
    a, lower, space = cand.a, w.lower, w.space
    first, end = w.sent_starts[cand.n], w.sent_end(cand.n)
    near = range(max(first, a.start - WINDOW), min(end, a.end + WINDOW))
    own = [(_S_KIND, label_id(a.label))]
    own += [(_S_NEAR, lower[i]) for i in near if not (i in taken or space[i])]
    return list(dict.fromkeys(keys + own))


def _kind(m: Mention) -> str:
    """How an actor is named, people of blocs apart from people of states."""
    if m.label in (BLOC, BLOC_REF) or m.code not in load_gazetteer().bloc_codes:
        return m.label
    return f"{m.label}:bloc"


def _flags(w: Words, cand: Candidate, sent: _Sentence) -> list[str]:
    """Yes/no facts of a candidate, as the names of those that hold."""
    a, b = cand.a, cand.b
    lower, first = w.lower, sent.first
    flags = []
    if a.start == b.start:
        flags.append("one_phrase")  # "the two countries"
    elif b.start == a.end + 1 and w.orths[a.end] == HYPHEN:
        flags.append("hyphen")  # "the U.S.-Ghana partnership"
    if a.start > first and lower[a.start - 1] == _BETWEEN:
        flags.append("between_and" if _AND in lower[a.end : b.start] else "between")
    gap = lower[a.end : b.start]
    codes = (a.code, b.code)
    if any(a.end <= m.start < b.start and m.code not in codes for m in sent.mentions):
        flags.append("actor_between")
    if _COMMA in gap:
        flags.append("comma_between")
    if not _QUOTES.isdisjoint(gap):
        flags.append("quote_between")
    if a.start == first or (a.start == first + 1 and lower[first] == _THE):
        flags.append("a_opens")  # the sentence's subject, most often
    taken, space, punct = sent.taken, w.space, w.punct
    if all(i in taken or space[i] or punct[i] for i in range(a.end, b.start)):
        flags.append("adjacent")
    return flags
