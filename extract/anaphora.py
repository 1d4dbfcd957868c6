"""Anaphora: "the two countries", "both leaders" stand for the actors just named; "the bloc" for
the bloc named last; "the kingdom", "the island nation" for the state named most before the sentence."""

from __future__ import annotations

from collections import Counter

import numpy as np
from diplomap.extract.gazetteer import BLOC, CAPITAL, METONYM, NAME, read_jsonl
from diplomap.extract.labels import ANAPHORA, BLOC_REF, PAIR, PEOPLE, REPORTING_IDS, STATE_REF
from diplomap.extract.words import HYPHEN, Mention, Words, mention_tokens, string_id, words_of
from spacy.language import Language
from spacy.tokens import Doc

PAIR_REACH = 400  # tokens back to look for an "A and B" list (a few paragraphs)
BLOC_REACH = 4  # tokens between "the" and "bloc" ("the 10 - member bloc")
REPORT_GAP = 3  # words between a reporting verb and "it" ("said on Friday that it")
HEAD_REACH = 2  # words allowed between "two"/"both" and the head ("the two foreign ministers")
LIST_GAP = 8  # tokens at most between the two members of an "A and B" antecedent
NAMED_AGAIN = 2  # times each member of an antecedent list is named before the phrase
_TWO, _THREE, _BOTH, _THE = (string_id(w) for w in ("two", "three", "both", "the"))
_AND = string_id("and")
_BY = string_id("by")
_NAMED_PARTIES = {string_id(w) for w in ("between", "among", "with", "of")}
_PARTIES_AFTER = {string_id(w) for w in ("between", "among", "with")}  # "the alliance between"
_CONNECTORS = {string_id(w) for w in (",", "and", "the")}
COUNTS = {_TWO: 2, _THREE: 3, _BOTH: 2}
_COUNT_IDS = np.array(sorted(COUNTS), dtype=np.uint64)


@Language.factory("diplomap_pairs")
def make_pairs(nlp: Language, name: str) -> Pairs:
    """Add the two actors a pair phrase stands for as mentions (`doc._.mentions`, label PAIR)."""
    rows = read_jsonl("pairs.jsonl")

    def ids(field: str) -> set[int]:
        return {string_id(row[field]) for row in rows if field in row}

    return Pairs(
        ids("head"),
        ids("bloc") | ids("modified_bloc"),
        ids("state"),
        ids("pair"),
        ids("broker"),
        ids("accord"),
        ids("modified_bloc"),
    )


class Pairs:
    """ "the two countries" after "Congo and Rwanda" -> two PAIR mentions, COD and RWA, on its tokens."""

    def __init__(
        self,
        heads: set[int],
        blocs: set[int],
        states: set[int],
        pairs: set[int],
        brokers: set[int],
        accords: set[int],
        modified: set[int] | None = None,
    ) -> None:
        self.heads = heads
        self.blocs = np.array(sorted(blocs), dtype=np.uint64)
        self.states = np.array(sorted(states), dtype=np.uint64)
        self.pairs = np.array(sorted(pairs), dtype=np.uint64)
        self.brokers = brokers
        self.accords = np.array(sorted(accords or {0}), dtype=np.uint64)  # `has` needs one
        self.modified = modified or set()  # bloc heads needing a word before ("the world body")

    def __call__(self, doc: Doc) -> Doc:
        actors = list(doc._.mentions or ())
        if len(actors) < 2:
            return doc
        w = words_of(doc)
        added = []
        # a brokered accord's parties are not its broker and the bloc the broker chairs
        phrases = [(p, True) for p in self.phrases(w) + self.pair_phrases(w)]
        for (start, end, k), blocs in phrases + [(p, False) for p in self.brokered(w)]:
            codes = _antecedent(w, actors, start, k, blocs)
            added += [Mention(start, end, PAIR, code) for code in codes]
        for start, end in self.bloc_phrases(w, {a.start for a in actors}):
            blocs = [a for a in actors if a.label == BLOC and 0 < start - a.start <= PAIR_REACH]
            if blocs:
                added.append(Mention(start, end, BLOC_REF, blocs[-1].code))
        for start, code, label in _it_subjects(w, actors):  # "South Korea ... . It sold ..."
            added.append(Mention(start, start + 1, label, code))
        for start, end in _the_phrases(w, self.states):  # "the kingdom", "the island nation"
            code = _last_state(w, actors, start)
            if code is not None:
                added.append(Mention(start, end, STATE_REF, code))
        if added:
            # "the Federal Republic of Nigeria", "the Kingdom of Morocco": a name, not a reference
            named = mention_tokens(actors)
            added = [m for m in added if named.isdisjoint(range(m.start, m.end))]
        if added:
            doc._.mentions = sorted(actors + added, key=lambda s: s.start)
        return doc

    def bloc_phrases(self, w: Words, named: set[int]) -> list[tuple[int, int]]:
        """Token spans of "the bloc", "the regional bloc", "the 10-member bloc": the bloc named last
        stands for them. Not a name ("the Patriotic Electoral Bloc"), not before the name it
        describes ("the trade bloc Mercosur": `named` holds where actors start), and not when the
        parties follow ("the bloc between A and B")."""
        out = []
        for i, end in _the_phrases(w, self.blocs, BLOC_REACH, hyphens=True):
            head = end - 1
            if not w.span_text(head, end).islower():
                continue
            if end < len(w) and (w.lower[end] in _PARTIES_AFTER or end in named):
                continue
            if i < head - 1 or w.lower[head] not in self.modified:
                out.append((i, end))
        return out

    def brokered(self, w: Words) -> list[tuple[int, int, int]]:
        """Accords a third party brokered that name no parties ("Anwar brokered the truce", "a
        deal brokered by China"): the pair the article is about, as for "the two countries"."""
        out = []
        lower, size = w.lower, len(w)
        for j in np.flatnonzero(w.has(self.accords, lower=True)).tolist():
            if j + 1 < size and lower[j + 1] in _NAMED_PARTIES:
                continue  # "a truce between A and B", "a deal with A": its parties are named
            after = j + 2 < size and lower[j + 1] in self.brokers and lower[j + 2] == _BY
            before = w.any_before(j, self.brokers, HEAD_REACH + 1)
            if after or before:
                out.append((j, j + 1, 2))
        return out

    def pair_phrases(self, w: Words) -> list[tuple[int, int, int]]:
        """Token spans of "the neighbours", "the Southeast Asian rivals": heads that stand for two
        actors with no count (up to two words between "the" and the head, none a count)."""
        return [(i, j, 2) for i, j in _the_phrases(w, self.pairs)]

    def phrases(self, w: Words) -> list[tuple[int, int, int]]:
        """Token spans of "the two <head>", "the three <head>" and "both <head>" (up to two words
        between), with how many actors each stands for."""
        out = []
        lower, size = w.lower, len(w)
        for i in np.flatnonzero(w.has(_COUNT_IDS, lower=True)).tolist():
            the = i > 0 and lower[i - 1] == _THE
            if lower[i] != _BOTH and not the:
                continue
            for j in range(i + 1, min(i + 2 + HEAD_REACH, size)):
                if lower[j] in self.heads:
                    out.append((i - the, j + 1, COUNTS[lower[i]]))
                    break
                if w.punct[j]:
                    break
        return out


_IT, _IT_LOWER = string_id("It"), string_id("it")
_IT_IDS = np.array([_IT_LOWER], dtype=np.uint64)  # "it" and "It", by their lower case
# "It is unclear", "It took years": no actor. Words after a sentence-opening "It" that make it so.
_EXPLETIVE = {
    string_id(w)
    for w in (
        "is", "was", "'s", "’s", "seems", "seemed", "appears", "appeared", "remains", "remained",
        "took", "takes", "means", "meant", "would", "will", "could", "may", "might", "must",
    )
}  # fmt: skip
_NAMED_SUBJECT = (NAME, CAPITAL, METONYM, BLOC)


def _it_subjects(w: Words, actors: list[Mention]) -> list[tuple[int, str, str]]:
    """ "It" for a state or bloc that opens a sentence: (token, code, label) of each.

    A sentence opening with "It" after one opening with a state or bloc ("South Korea has become an
    arms exporter. It sold howitzers to Egypt"), not an expletive "It is", "It took", "It would";
    and "it" after a reporting verb in a sentence opening with one ("The United States, which ...,
    said it backed ECOWAS")."""
    at = np.flatnonzero(w.has(_IT_IDS, lower=True)).tolist()
    if not at:
        return []
    size, orths = len(w), w.orths
    opening_it = [
        i for i in at if orths[i] == _IT and 0 < i < size - 1 and w.lower[i + 1] not in _EXPLETIVE
    ]
    plain_it = [i for i in at if orths[i] == _IT_LOWER]
    starts = set(w.sent_starts)
    named = {m.start: m for m in actors if m.label in _NAMED_SUBJECT}
    out = []
    for i in opening_it:
        lead = _leading_actor(w, named, w.sentence(i) - 1) if i in starts else None
        if lead is not None:
            out.append((i, *_ref(lead)))
    for i in plain_it:
        lead = _leading_actor(w, named, w.sentence(i))
        if lead is not None and lead.end < i and _reported(w, lead.end, i):
            out.append((i, *_ref(lead)))
    return out


def _leading_actor(w: Words, named: dict[int, Mention], n: int) -> Mention | None:
    """The state or bloc that opens sentence n ("South Korea ...", "The EU ..."), given the states
    and blocs by their first token."""
    opening = w.sent_starts[n]
    return named.get(opening + (w.lower[opening] == _THE))


def _reported(w: Words, lo: int, i: int) -> bool:
    """Whether a reporting verb stands before token i, up to REPORT_GAP words before it with no
    punctuation ("said it", "announced Monday it", "said on Friday that it"), from token lo on."""
    for j in range(i - 1, max(lo - 1, i - 2 - REPORT_GAP), -1):
        if w.lower[j] in REPORTING_IDS:
            return True
        if w.punct[j]:
            return False
    return False


def _ref(lead: Mention) -> tuple[str, str]:
    """The code and label of a reference to a state or bloc."""
    return lead.code, BLOC_REF if lead.label == BLOC else STATE_REF


def _the_phrases(
    w: Words, heads: np.ndarray, reach: int = HEAD_REACH, hyphens: bool = False
) -> list[tuple[int, int]]:
    """Token spans of "the <head>" with up to `reach` words between, none a count nor punctuation
    (but hyphens, with `hyphens`: "the 10-member bloc")."""
    if not len(heads):
        return []
    out = []
    for j in np.flatnonzero(w.has(heads, lower=True)).tolist():
        for i in range(j - 1, max(j - 2 - reach, -1), -1):
            if w.lower[i] == _THE:
                out.append((i, j + 1))
                break
            if (w.punct[i] and not (hyphens and w.orths[i] == HYPHEN)) or w.lower[i] in COUNTS:
                break
    return out


def _last_state(w: Words, actors: list[Mention], at: int) -> str | None:
    """The state named most often before the sentence of token `at` (the article's subject; the
    later one on a tie)."""
    first = w.sent_starts[w.sentence(at)]
    codes = [m.code for m in actors if m.end <= first and m.label not in (BLOC, *ANAPHORA)]
    if not codes:
        return None
    counts = Counter(codes)
    return max(reversed(codes), key=counts.__getitem__)


def _antecedent(w: Words, actors: list[Mention], at: int, k: int, blocs: bool) -> list[str]:
    """The k codes a phrase at token `at` stands for: the k actors of its own sentence before it,
    else the nearest list of exactly k ("A and B", "A, B and C") not long before. Blocs are not
    counted, except with `blocs` among the actors of its own sentence ("a meeting of China with
    ASEAN leaders at which the two sides")."""
    n = w.sentence(at)
    own = [m for m in actors if m.end <= at and w.sentence(m.start) == n]
    codes = list(dict.fromkeys(m.code for m in own if m.label not in ANAPHORA))
    if blocs and len(codes) == k and any(m.label == BLOC for m in own):
        return codes
    before = [a for a in actors if a.end <= at and a.label not in (BLOC, BLOC_REF)]
    here = list(dict.fromkeys(m.code for m in before if w.sentence(m.start) == n))
    if len(here) == k:
        return here
    recent = [m for m in before if at - m.start <= PAIR_REACH and m.label != PAIR]
    runs = [(end, run) for end, run in _lists(w, recent) if len(run) == k]
    counts: Counter[str] | None = None  # counted only when needed

    def named() -> Counter[str]:
        nonlocal counts
        if counts is None:
            counts = _naming_counts(w, [m for m in before if m.label not in ANAPHORA])
        return counts

    for end, run in reversed(runs):
        if w.sentence(end) >= n - 1:  # the list closes this or the previous sentence
            return run
        if all(named()[c] >= NAMED_AGAIN for c in run):
            return run  # "Malaysia and Thailand could step in", paragraphs back, is not the pair
    if k != 2:
        return []
    # Never named as a pair: the two states the article names most, if they clearly lead.
    top = named().most_common(3)
    leading = len(top) >= 2 and top[1][1] >= NAMED_AGAIN
    if leading and (len(top) == 2 or top[2][1] < top[1][1]):
        return [top[0][0], top[1][0]]
    return []


def _naming_counts(w: Words, mentions: list[Mention]) -> Counter[str]:
    """How many times each actor is named, counting "Ghana's President Nana Akufo-Addo" (a person
    a few tokens after their country, in one sentence) once; "Peru ... in Lima" is named twice."""
    counts: Counter[str] = Counter()
    last: dict[str, Mention] = {}
    for m in mentions:
        prev = last.get(m.code)
        same = prev is not None and w.sentence(prev.start) == w.sentence(m.start)
        titled = same and m.label in PEOPLE and m.start - prev.end <= LIST_GAP
        if not titled:
            counts[m.code] += 1
        last[m.code] = m
    return counts


def _lists(w: Words, mentions: list[Mention]) -> list[tuple[int, list[str]]]:
    """Lists of distinct actors closed by "and", in order, with the token each ends at: "A and B",
    "Mali's Col. X, B and C"."""
    runs: list[tuple[int, list[str]]] = []
    run: list[str] = []
    closed = False
    prev: Mention | None = None
    for m in mentions:
        gap = range(prev.end, m.start) if prev is not None else range(0)
        joined = prev is not None and w.sentence(prev.start) == w.sentence(m.start)
        if joined and m.code == prev.code and len(gap) <= LIST_GAP:
            prev = m  # the same actor named again: "Mali 's Col. Assimi Goita"
            continue
        if joined and all(w.lower[i] in _CONNECTORS for i in gap) and not closed:
            run.append(m.code)
            closed = any(w.lower[i] == _AND for i in gap)
        else:
            if closed and prev is not None:
                runs.append((prev.end - 1, run))
            run, closed = [m.code], False
        prev = m
    if closed and prev is not None:
        runs.append((prev.end - 1, run))
    return [(end, r) for end, r in runs if len(set(r)) == len(r)]
