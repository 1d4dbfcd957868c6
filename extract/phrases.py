"""Phrase lists matched over token arrays: the gazetteer's actor names and the relation lexicon.

Matches what `span_ruler` with phrase patterns and `first_longest_spans_filter` finds, without a
Span per match: candidate starts are found with one vectorised membership test over the doc's token
ids, the whole phrase is checked only there, and overlaps keep the longest (then the first) match. Where several
patterns share a token sequence, the one spaCy would sort first wins (lowest label, then id hash).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from diplomap.extract.gazetteer import build_patterns, load_gazetteer
from diplomap.extract.lexicon import build_cue_patterns
from diplomap.extract.words import Match, Words, words_of
from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("candidates", default=None, force=True)
Doc.set_extension("cues", default=None, force=True)
_new_match = tuple.__new__  # Match(...) without the NamedTuple's Python-level __new__


class PhraseTable:
    """Phrases as tuples of token ids (ORTH, or LOWER when `lower`), indexed by their first token."""

    def __init__(self, nlp: Language, patterns: Iterable[dict[str, str]], lower: bool) -> None:
        patterns = list(patterns)
        strings = nlp.vocab.strings
        best: dict[tuple[int, ...], tuple[int, int, str, str]] = {}
        texts = [p["pattern"] for p in patterns]
        for p, ids in zip(patterns, pattern_ids(nlp, texts, lower), strict=True):
            rank = (strings.add(p["label"]), strings.add(p["id"]))
            if ids and (ids not in best or rank < best[ids][:2]):
                best[ids] = (*rank, p["label"], p["id"])
        self.lower = lower
        self.phrases = {ids: (label, key) for ids, (_, _, label, key) in best.items()}
        # One-token phrases by their token id: looked up without making a tuple.
        self.singles = {ids[0]: hit for ids, hit in self.phrases.items() if len(ids) == 1}
        lengths: dict[int, set[int]] = {}
        for ids in self.phrases:
            lengths.setdefault(ids[0], set()).add(len(ids))
        self.lengths = {first: sorted(ns, reverse=True) for first, ns in lengths.items()}
        self.firsts = np.array(sorted(self.lengths) or [0], dtype=np.uint64)

    def starts(self, words: Words) -> np.ndarray:
        """Tokens where some phrase could start."""
        return np.flatnonzero(words.has(self.firsts, self.lower))

    def match(self, words: Words, starts: Iterable[int]) -> list[Match]:
        """Non-overlapping matches starting at `starts`: longest first, then leftmost."""
        ids = words.lower if self.lower else words.orths
        size = len(ids)
        lengths, phrases, singles = self.lengths, self.phrases, self.singles
        found = []
        end = 0  # end of the last match found
        overlap = False
        for i in starts:
            first = ids[i]
            for n in lengths.get(first, ()):
                if n == 1:
                    hit = singles[first]
                elif i + n <= size:
                    hit = phrases.get(tuple(ids[i : i + n]))
                    if hit is None:
                        continue
                else:
                    continue
                found.append(_new_match(Match, (i, i + n, *hit)))  # Match(...), without its __new__
                overlap = overlap or i < end
                end = i + n
        # Found in token order; when none overlaps the next, the filter below would keep them all.
        if not overlap:
            return found
        found.sort(key=lambda m: (m.start - m.end, m.start))
        seen: set[int] = set()
        kept = []
        for m in found:
            if m.start not in seen and m.end - 1 not in seen:
                kept.append(m)
                seen.update(range(m.start, m.end))
        kept.sort()
        return kept


def pattern_ids(
    nlp: Language, texts: list[str], lower: bool, shortcut: bool = True
) -> list[tuple[int, ...]]:
    """Each phrase's token ids, as the tokenizer splits it.

    With `shortcut`, phrases of plain words (letters only, single spaces, no tokenizer exception)
    are split on spaces without running the tokenizer, which would split them the same way.
    """
    rules = nlp.tokenizer.rules or {}
    add = nlp.vocab.strings.add  # not hash_string: a few words ("X") have fixed symbol ids
    out: list[tuple[int, ...] | None] = []
    hard = []
    for n, text in enumerate(texts):
        parts = text.split(" ")
        if shortcut and all(w.isalpha() and w not in rules for w in parts):
            out.append(tuple(add(w.lower() if lower else w) for w in parts))
        else:
            out.append(None)
            hard.append(n)
    for n, doc in zip(hard, nlp.tokenizer.pipe(texts[n] for n in hard), strict=True):
        out[n] = tuple(t.lower if lower else t.orth for t in doc)
    return [ids if ids is not None else () for ids in out]


@Language.factory("diplomap_candidates")
def make_candidates(nlp: Language, name: str) -> Candidates:
    """Gazetteer names (countries, blocs, people, blockers) found in the text, as `doc._.candidates`."""
    return Candidates(PhraseTable(nlp, build_patterns(load_gazetteer()), lower=False))


class Candidates:
    """Exact-case matches of every gazetteer form; the actor resolver decides what they stand for."""

    def __init__(self, table: PhraseTable) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        words = words_of(doc)
        doc._.candidates = self.table.match(words, self.table.starts(words).tolist())
        return doc


@Language.factory("diplomap_cues", default_config={"min_actors": 2})
def make_cues(nlp: Language, name: str, min_actors: int) -> Cues:
    """Relation and mode cues (lower case) in sentences holding `min_actors` actors, as `doc._.cues`."""
    return Cues(PhraseTable(nlp, build_cue_patterns(), lower=True), min_actors)


class Cues:
    """Only sentences that can hold a link are searched: no phrase crosses a sentence boundary."""

    def __init__(self, table: PhraseTable, min_actors: int) -> None:
        self.table = table
        self.min_actors = min_actors

    def __call__(self, doc: Doc) -> Doc:
        words = words_of(doc)
        sent_starts = np.array(words.sent_starts)
        at = np.array([m.start for m in doc._.mentions or ()], dtype=np.intp)
        actors = np.bincount(sentence_of(sent_starts, at), minlength=len(sent_starts))
        busy = actors >= self.min_actors  # per sentence
        if not busy.any():
            doc._.cues = []
            return doc
        starts = self.table.starts(words)
        keep = busy[sentence_of(sent_starts, starts)]
        doc._.cues = self.table.match(words, starts[keep].tolist())
        return doc


def sentence_of(sent_starts: np.ndarray, tokens: np.ndarray) -> np.ndarray:
    """The sentence number of each token, given every sentence's first token."""
    return np.searchsorted(sent_starts, tokens, side="right") - 1
