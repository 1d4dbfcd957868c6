"""Token facts of one doc as arrays and plain lists, computed once and shared by the components."""

from __future__ import annotations

from bisect import bisect_right
from itertools import repeat
from typing import NamedTuple, TypeVar

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, SENT_START
from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

ATTRS = [ORTH, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH]
FACTS = [LOWER, IS_PUNCT, IS_SPACE, LENGTH]  # what a Lexicon keeps of each word
# Lexicon flags, one byte per word type.
PUNCT, SPACE, BREAK = 1, 2, 4

# Working state: set by the first component that needs it; `extract_rows` drops it once rows are made.
Doc.set_extension("words", default=None, force=True)
# The text a doc was made from, when the caller kept it: `doc.text` joins every token again.
Doc.set_extension("text", default=None, force=True)


class Mention(NamedTuple):
    """One actor mention: tokens [start, end), how it was named (label) and its actor code."""

    start: int
    end: int
    label: str
    code: str


class Match(NamedTuple):
    """Tokens [start, end) matched by a phrase with this label and id (a gazetteer name or a cue)."""

    start: int
    end: int
    label: str
    key: str


Span = TypeVar("Span", Mention, Match)


def mention_tokens(mentions: list[Mention]) -> set[int]:
    """The tokens the mentions cover (actor words, which word features and rules leave out)."""
    return {i for m in mentions for i in range(m.start, m.end)}


class Words:
    """Token facts of one doc: looping over spaCy Tokens, Spans and slices is slow.

    `orth` and `lower_ids` are numpy arrays for vectorised tests; the other facts are plain lists.
    `sent_starts` lists the first token of every sentence.
    """

    def __init__(
        self,
        text: str,
        orth: np.ndarray,
        lower_ids: np.ndarray,
        punct: bytes,
        space: bytes,
        idx: list[int],
        length: list[int],
        sent_starts: list[int],
        orths: list[int] | None = None,
    ) -> None:
        self.text = text
        self.orth = orth
        self.lower_ids = lower_ids
        self.orths: list[int] = orths if orths is not None else orth.tolist()
        self.lower: list[int] = lower_ids.tolist()
        # Flags as bytes (1 or 0 per token): read by truth value, made without a Python object each.
        self.punct = punct
        self.space = space
        self.idx = idx
        self.length = length
        self.sent_starts = sent_starts or [0]
        # Set by `read_words`: where membership tests are memoised per word.
        self.lexicon: Lexicon | None = None
        self.rows: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.orths)

    def sentence(self, i: int) -> int:
        """Index of the sentence holding token i."""
        return bisect_right(self.sent_starts, i) - 1

    def by_sentence(self, spans: list[Span]) -> dict[int, list[Span]]:
        """Mentions or matches bucketed by the number of the sentence they start in, each bucket
        in the spans' order."""
        found: dict[int, list[Span]] = {}
        sentence = self.sentence
        for span in spans:
            found.setdefault(sentence(span.start), []).append(span)
        return found

    def sent_end(self, n: int) -> int:
        """The token just after sentence n."""
        return self.sent_starts[n + 1] if n + 1 < len(self.sent_starts) else len(self.orths)

    def end_char(self, end: int) -> int:
        """Character offset just after token end - 1."""
        return self.idx[end - 1] + self.length[end - 1]

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end), as `doc[start:end].text` gives it."""
        if end <= start:
            return ""
        return self.text[self.idx[start] : self.end_char(end)]

    def any_before(self, i: int, ids: set[int], reach: int) -> bool:
        """Whether one of the `reach` tokens before token i is (in lower case) one of `ids`."""
        return not ids.isdisjoint(self.lower[max(i - reach, 0) : i])

    def title_case(self, n: int) -> bool:
        """Whether sentence n is a headline in title case: every word of four letters or more is
        capitalised ("Chad Signs Deal With Niger"), where prose has lower-case ones."""
        first, last = self.sent_starts[n], self.sent_end(n)
        texts = (self.span_text(i, i + 1) for i in range(first, last) if not self.punct[i])
        long = [t for t in texts if len(t) > 3 and t.isalpha()]
        return bool(long) and all(t[0].isupper() for t in long)

    def has(self, values: np.ndarray, lower: bool = False) -> np.ndarray:
        """Whether each token's ORTH (LOWER when `lower`) is one of `values` (sorted, non-empty,
        long-lived): `is_in`, answered per word by the lexicon when there is one."""
        if self.lexicon is None or self.rows is None:
            return is_in(self.lower_ids if lower else self.orth, values)
        return self.lexicon.member(values, lower)[self.rows]


class Lexicon:
    """The facts of every word type (lexeme) of one vocab that Words needs, one row per word: a
    doc's facts are then its ORTH and IDX columns and one dict lookup per token, where reading four
    more columns with `Doc.to_array` costs about twice as much. A doc's new words are read from its
    own columns once; rows are only ever appended (the arrays keep spare room, doubled when full), so
    a doc's rows stay valid and a growing vocabulary costs what its new words do.

    It also keeps, per word, whether it is one of a component's id sets (`member`): a membership
    test per doc is then one gather instead of a `searchsorted` over every token.
    """

    MAX_SETS = 64  # id sets kept (components hold a handful; more would be a caller's temporaries)
    ROOM = 1024  # rows made room for at first
    # Words past which a vocabulary is read from the doc columns instead: a lookup per token in a
    # large table misses the CPU caches and costs more than `Doc.to_array` reading the lexemes.
    MAX_WORDS = 50_000

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.row_of: dict[int, int] = {}  # orth id -> row
        self.size = 0  # rows in use
        self.ids = np.zeros(self.ROOM, dtype=np.uint64)  # by row
        self.lower = np.zeros(self.ROOM, dtype=np.uint64)
        self.flags = np.zeros(self.ROOM, dtype=np.uint8)  # PUNCT | SPACE | BREAK
        self.length = np.zeros(self.ROOM, dtype=np.int64)
        # (id of the id set, lower) -> (the set, whether each row's word is in it)
        self.sets: dict[tuple[int, bool], tuple[np.ndarray, np.ndarray]] = {}

    def rows(self, doc: Doc, orths: list[int]) -> np.ndarray:
        """The row of each token's word (`orths`: the doc's ORTH ids), adding the words not seen
        before: their facts are read from the doc's own columns."""
        known = map(self.row_of.get, orths, repeat(-1))
        rows = np.fromiter(known, dtype=np.intp, count=len(orths))
        new = np.flatnonzero(rows < 0).tolist()
        if new:
            first: dict[int, int] = {}  # new word -> its first token
            for i in new:
                first.setdefault(orths[i], i)
            facts = doc.to_array(FACTS).reshape(-1, len(FACTS))
            self.add(list(first), facts[list(first.values())])
            rows[new] = [self.row_of[orths[i]] for i in new]
        return rows

    def add(self, new: list[int], facts: np.ndarray) -> None:
        """New words (orth ids, none known) and their FACTS columns, as new rows."""
        first, end = self.size, self.size + len(new)
        if end > len(self.ids):
            self.grow(max(end, 2 * len(self.ids)))
        ids = np.array(new, dtype=np.uint64)
        lower = facts[:, 0]
        space = facts[:, 2].astype(bool)
        breaks = np.zeros(len(new), dtype=bool)
        strings = self.vocab.strings
        breaks[space] = ["\n" in strings[orth] for orth in ids[space].tolist()]
        self.ids[first:end] = ids
        self.lower[first:end] = lower
        punct = facts[:, 1].astype(bool)
        self.flags[first:end] = punct * PUNCT | space * SPACE | breaks * BREAK
        self.length[first:end] = facts[:, 3]
        for (_, by_lower), (values, member) in self.sets.items():
            member[first:end] = is_in(lower if by_lower else ids, values)
        self.row_of.update(zip(new, range(first, end), strict=True))
        self.size = end

    def grow(self, capacity: int) -> None:
        """Room for `capacity` rows in every array by row."""

        def grown(values: np.ndarray) -> np.ndarray:
            out = np.zeros(capacity, dtype=values.dtype)
            out[: self.size] = values[: self.size]
            return out

        self.ids, self.lower = grown(self.ids), grown(self.lower)
        self.flags, self.length = grown(self.flags), grown(self.length)
        self.sets = {key: (values, grown(member)) for key, (values, member) in self.sets.items()}

    def member(self, values: np.ndarray, lower: bool) -> np.ndarray:
        """Whether each row's word (its ORTH, or LOWER when `lower`) is one of `values` (sorted,
        non-empty; a long-lived array, as a component holds): worked out once per word."""
        key = (id(values), lower)
        known = self.sets.get(key)
        if known is None or known[0] is not values:
            if len(self.sets) >= self.MAX_SETS:
                self.sets.clear()
            member = np.zeros(len(self.ids), dtype=bool)
            member[: self.size] = is_in((self.lower if lower else self.ids)[: self.size], values)
            known = self.sets[key] = (values, member)
        return known[1]


def read_words(doc: Doc, lexicon: Lexicon, sent_starts: list[int]) -> tuple[Words, np.ndarray]:
    """The doc's Words, and each token's lexicon flags (PUNCT, SPACE, BREAK)."""
    if lexicon.size > lexicon.MAX_WORDS:
        return table_words(doc, sent_starts)
    columns = np.ascontiguousarray(doc.to_array([ORTH, IDX]).reshape(-1, 2).T)
    orth = columns[0]
    orths = orth.tolist()
    rows = lexicon.rows(doc, orths)
    flags = lexicon.flags[rows]
    words = Words(
        _text_of(doc),
        orth,
        lexicon.lower[rows],
        (flags & PUNCT).astype(bool).tobytes(),
        (flags & SPACE).astype(bool).tobytes(),
        columns[1].tolist(),
        lexicon.length[rows].tolist(),
        sent_starts,
        orths,
    )
    words.lexicon, words.rows = lexicon, rows
    return words, flags


def table_words(doc: Doc, sent_starts: list[int]) -> tuple[Words, np.ndarray]:
    """The doc's Words read from all its ATTRS columns (no lexicon), and each token's flags."""
    columns = np.ascontiguousarray(read_table(doc).T)  # one contiguous array per attribute
    words = Words(
        _text_of(doc),
        columns[0],
        columns[1],
        columns[2].astype(bool).tobytes(),
        columns[3].astype(bool).tobytes(),
        columns[4].tolist(),
        columns[5].tolist(),
        sent_starts,
    )
    flags = (columns[2] * PUNCT | columns[3] * SPACE).astype(np.uint8)
    idx, length, text = words.idx, words.length, words.text
    for i in np.flatnonzero(columns[3]).tolist():
        if "\n" in text[idx[i] : idx[i] + length[i]]:
            flags[i] |= BREAK
    return words, flags


def string_id(text: str) -> int:
    """The id spaCy gives a string: its hash, or the fixed id of a symbol ("X", "mark")."""
    return IDS.get(text) or hash_string(text)


HYPHEN = string_id("-")  # the tokenizer's own token in "Moscow-backed", "10-member"


def is_in(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of `ids` is one of `values` (sorted, non-empty): `np.isin`, without its sort."""
    at = np.searchsorted(values, ids)
    at[at == len(values)] = 0
    return values[at] == ids


def read_table(doc: Doc) -> np.ndarray:
    """The ATTRS columns of every token, one row per token."""
    return doc.to_array(ATTRS).reshape(-1, len(ATTRS))


def _text_of(doc: Doc) -> str:
    """The text the doc was made from: kept by the caller, else joined again from its tokens."""
    text = doc._.text
    return text if text is not None else doc.text


def words_of(doc: Doc) -> Words:
    """The doc's Words, made from its sentence starts the first time a component asks."""
    words = doc._.words
    if words is None or len(words) != len(doc):
        starts = doc.to_array(SENT_START).tolist() if len(doc) else []
        words = table_words(doc, [i for i, v in enumerate(starts) if v == 1])[0]
        doc._.words = words
    return words
