"""Token facts of one doc as arrays and plain lists, computed once and shared by the components."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, SENT_START
from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

ATTRS = [ORTH, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH]
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
    ) -> None:
        self.text = text
        self.orth = orth
        self.lower_ids = lower_ids
        self.orths: list[int] = orth.tolist()
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

    def has(self, values: np.ndarray, lower: bool = False) -> np.ndarray:
        """Whether each token's ORTH (LOWER when `lower`) is one of `values` (sorted, non-empty,
        long-lived): `is_in`, answered per word by the lexicon when there is one."""
        if self.lexicon is None or self.rows is None:
            return is_in(self.lower_ids if lower else self.orth, values)
        return self.lexicon.member(values, lower)[self.rows]


class Lexicon:
    """The facts of every word type (lexeme) of one vocab that Words needs, one row per word: a
    doc's facts are then its ORTH and IDX columns and one `searchsorted`, where reading four more
    columns with `Doc.to_array` costs about twice as much. Words are read from the vocab the first
    time a doc holds them; rows are only ever appended, so a doc's rows stay valid.

    It also keeps, per word, whether it is one of a component's id sets (`member`): a membership
    test per doc is then one gather instead of a `searchsorted` over every token.
    """

    MAX_SETS = 64  # id sets kept (components hold a handful; more would be a caller's temporaries)

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.sorted_ids = np.zeros(0, dtype=np.uint64)  # known orth ids, sorted, and their rows
        self.sorted_rows = np.zeros(0, dtype=np.intp)
        self.ids = np.zeros(0, dtype=np.uint64)  # by row
        self.lower = np.zeros(0, dtype=np.uint64)
        self.flags = np.zeros(0, dtype=np.uint8)  # PUNCT | SPACE | BREAK
        self.length = np.zeros(0, dtype=np.int64)
        # (id of the id set, lower) -> (the set, whether each row's word is in it)
        self.sets: dict[tuple[int, bool], tuple[np.ndarray, np.ndarray]] = {}

    def rows(self, orth: np.ndarray) -> np.ndarray:
        """The row of each token's word, adding the words not seen before."""
        at = np.searchsorted(self.sorted_ids, orth)
        size = len(self.sorted_ids)
        if not size or not (self.sorted_ids[np.minimum(at, size - 1)] == orth).all():
            self.add(np.setdiff1d(orth, self.sorted_ids))
            at = np.searchsorted(self.sorted_ids, orth)
        return self.sorted_rows[at]

    def add(self, new: np.ndarray) -> None:
        """Read new words (sorted orth ids, none known) from the vocab into new rows."""
        lexemes = [self.vocab[orth] for orth in new.tolist()]
        flags = [
            lex.is_punct * PUNCT | lex.is_space * (SPACE | BREAK * ("\n" in lex.orth_))
            for lex in lexemes
        ]
        lower = np.array([lex.lower for lex in lexemes], dtype=np.uint64)
        first = len(self.ids)
        at = np.searchsorted(self.sorted_ids, new)
        self.sorted_ids = np.insert(self.sorted_ids, at, new)
        self.sorted_rows = np.insert(self.sorted_rows, at, np.arange(first, first + len(new)))
        self.ids = np.concatenate([self.ids, new])
        self.lower = np.concatenate([self.lower, lower])
        self.flags = np.concatenate([self.flags, np.array(flags, dtype=np.uint8)])
        length = np.array([len(lex.orth_) for lex in lexemes], dtype=np.int64)
        self.length = np.concatenate([self.length, length])
        self.sets = {
            key: (values, np.concatenate([member, is_in(lower if key[1] else new, values)]))
            for key, (values, member) in self.sets.items()
        }

    def member(self, values: np.ndarray, lower: bool) -> np.ndarray:
        """Whether each row's word (its ORTH, or LOWER when `lower`) is one of `values` (sorted,
        non-empty; a long-lived array, as a component holds): worked out once per word."""
        key = (id(values), lower)
        known = self.sets.get(key)
        if known is None or known[0] is not values:
            if len(self.sets) >= self.MAX_SETS:
                self.sets.clear()
            known = self.sets[key] = (values, is_in(self.lower if lower else self.ids, values))
        return known[1]


def read_words(doc: Doc, lexicon: Lexicon, sent_starts: list[int]) -> tuple[Words, np.ndarray]:
    """The doc's Words, and each token's lexicon flags (PUNCT, SPACE, BREAK)."""
    columns = np.ascontiguousarray(doc.to_array([ORTH, IDX]).reshape(-1, 2).T)
    orth = columns[0]
    rows = lexicon.rows(orth)
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
    )
    words.lexicon, words.rows = lexicon, rows
    return words, flags


def string_id(text: str) -> int:
    """The id spaCy gives a string: its hash, or the fixed id of a symbol ("X", "mark")."""
    return IDS.get(text) or hash_string(text)


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
        columns = np.ascontiguousarray(read_table(doc).T)  # one contiguous array per attribute
        starts = doc.to_array(SENT_START).tolist() if len(doc) else []
        words = Words(
            _text_of(doc),
            columns[0],
            columns[1],
            columns[2].astype(bool).tobytes(),
            columns[3].astype(bool).tobytes(),
            columns[4].tolist(),
            columns[5].tolist(),
            [i for i, v in enumerate(starts) if v == 1],
        )
        doc._.words = words
    return words
