"""Token facts of one doc as arrays and plain lists, computed once and shared by the components."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, SENT_START
from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Doc

ATTRS = [ORTH, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH]

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

    def __init__(self, doc: Doc, table: np.ndarray, sent_starts: list[int]) -> None:
        text = doc._.text
        self.text: str = text if text is not None else doc.text
        columns = np.ascontiguousarray(table.T)  # one contiguous array per attribute
        self.orth: np.ndarray = columns[0]
        self.lower_ids: np.ndarray = columns[1]
        self.orths: list[int] = self.orth.tolist()
        self.lower: list[int] = self.lower_ids.tolist()
        # Flags as bytes (1 or 0 per token): read by truth value, made without a Python object each.
        self.punct: bytes = columns[2].astype(bool).tobytes()
        self.space: bytes = columns[3].astype(bool).tobytes()
        self.idx: list[int] = columns[4].tolist()
        self.length: list[int] = columns[5].tolist()
        self.sent_starts = sent_starts or [0]

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


def words_of(doc: Doc) -> Words:
    """The doc's Words, made from its sentence starts the first time a component asks."""
    words = doc._.words
    if words is None or len(words) != len(doc):
        table = read_table(doc)
        starts = doc.to_array(SENT_START).tolist() if len(doc) else []
        words = Words(doc, table, [i for i, v in enumerate(starts) if v == 1])
        doc._.words = words
    return words
