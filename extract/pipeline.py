"""The spaCy pipeline: blank English, sentences, gazetteer ruler, actor resolution, cues, links."""

from __future__ import annotations

from datetime import date

import numpy as np
import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc, Span

import extract.coref  # noqa: F401 - registers the diplomap_affiliations and diplomap_pronouns factories
from extract.dates import infer_date
from extract.gazetteer import (
    BLOCK,
    PERSON,
    build_patterns,
    build_roles,
    load_gazetteer,
    resolve_person,
)
from extract.relation import build_cue_patterns, find_links

SENT_END = Sentencizer.default_punct_chars
CANDIDATES = "actor_candidates"
ACTORS = "actors"
CUES = "cues"

Doc.set_extension("date", default=None, force=True)
Doc.set_extension("links", default=None, force=True)


@Language.factory("diplomap_sentences", default_config={"punct_chars": list(SENT_END)})
def make_sentences(nlp: Language, name: str, punct_chars: list[str]) -> Sentences:
    """Sentence boundaries after full stops and at every line break, computed over whole arrays."""
    return Sentences(nlp, punct_chars)


class Sentences:
    """The sentencizer's rule (a sentence starts at the first non-punctuation token after a full
    stop), plus a hard break after every line break, vectorised: no Python loop over tokens."""

    def __init__(self, nlp: Language, punct_chars: list[str]) -> None:
        self.end_set = {nlp.vocab.strings.add(c) for c in punct_chars}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        orth, punct, space = doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).T
        is_punct = punct.astype(bool)
        marks = np.flatnonzero(is_punct)  # full stops are punctuation: test only those tokens
        is_end = np.zeros(len(doc), dtype=bool)
        is_end[marks[[o in self.end_set for o in orth[marks].tolist()]]] = True
        starts = sentence_starts(is_end, is_punct)
        for i in np.flatnonzero(space.astype(bool)[:-1]):
            if "\n" in doc[int(i)].text:
                starts[i + 1] = True
        starts[0] = True
        # SENT_START is 1 for a sentence start and -1 (as uint64) for any other token.
        values = np.where(starts, np.uint64(1), np.uint64(2**64 - 1)).astype("uint64")
        doc.from_array([SENT_START], values.reshape(-1, 1))
        return doc


def sentence_starts(is_end: np.ndarray, is_punct: np.ndarray) -> np.ndarray:
    """Token i starts a sentence when it is not punctuation and the punctuation run before it
    holds a sentence-final mark."""
    n = len(is_end)
    index = np.arange(n)
    last_word = np.maximum.accumulate(np.where(~is_punct & ~is_end, index, -1))
    prev_word = np.concatenate(([-1], last_word[:-1]))
    ends_so_far = np.concatenate(([0], np.cumsum(is_end)))
    ends_between = ends_so_far[index] - ends_so_far[prev_word + 1]
    starts = ~is_punct & ~is_end & (ends_between > 0)
    starts[0] = False
    return starts


@Language.factory(
    "diplomap_actors",
    default_config={"candidates_key": CANDIDATES, "spans_key": ACTORS, "default_date": ""},
)
def make_actor_resolver(
    nlp: Language, name: str, candidates_key: str, spans_key: str, default_date: str
) -> ActorResolver:
    """Turn ruler candidates into actor spans whose `kb_id_` is an ISO3 or bloc code."""
    fallback = date.fromisoformat(default_date) if default_date else None
    return ActorResolver(candidates_key, spans_key, fallback)


class ActorResolver:
    """Drops blocked and descriptive matches and resolves people to countries on the article's date.

    The date is the article's own (metadata), else the pipeline's default, else one read from the
    text; an article with no date at all resolves each person to their latest role.
    """

    def __init__(self, candidates_key: str, spans_key: str, fallback: date | None) -> None:
        self.candidates_key = candidates_key
        self.spans_key = spans_key
        self.fallback = fallback
        self.roles = build_roles(load_gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        day: date | None = doc._.date or self.fallback
        dated = day is not None
        actors = []
        for cand in doc.spans.get(self.candidates_key, []):
            if cand.label_ == BLOCK or _is_descriptor(cand):
                continue
            code = cand.id_
            if cand.label_ == PERSON:
                if not dated:  # read the date from the text once, and only when a person needs it
                    day, dated = infer_date(doc.text, date.today()), True
                role = resolve_person(self.roles.get(cand.id_, ()), day)
                if role is None:
                    continue
                code = role.code
            actors.append(Span(doc, cand.start, cand.end, label=cand.label_, kb_id=code))
        doc.spans[self.spans_key] = actors
        return doc


def _is_descriptor(span: Span) -> bool:
    """ "London-based", "Moscow-backed": a place used to describe something else, not an actor."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "-":
        return doc[span.end + 1].lower_ in {"based", "born", "listed", "headquartered"}
    return False


@Language.factory("diplomap_links", default_config={"actors_key": ACTORS, "cues_key": CUES})
def make_linker(nlp: Language, name: str, actors_key: str, cues_key: str) -> Linker:
    """Pair the actors of each sentence into typed links, kept in `doc._.links`."""
    return Linker(actors_key, cues_key)


class Linker:
    """Writes one dict per linked pair and sentence to `doc._.links`."""

    def __init__(self, actors_key: str, cues_key: str) -> None:
        self.actors_key = actors_key
        self.cues_key = cues_key

    def __call__(self, doc: Doc) -> Doc:
        doc._.links = find_links(
            doc, doc.spans.get(self.actors_key, []), doc.spans.get(self.cues_key, [])
        )
        return doc


def make_pipeline(
    default_date: date | None = None, affiliations: bool = True, pronouns: bool = True
) -> Language:
    """A blank English pipeline with Diplomap's rules; no model download.

    `affiliations` learns people the article ties to a country; `pronouns` resolves he/his/she/her
    to the leading person of a recent sentence. Both are on by default; the switches let a benchmark
    measure what each adds.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("diplomap_sentences")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="actor_ruler",
        config={
            "spans_key": CANDIDATES,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "validate": False,
        },
    )
    ruler.add_patterns(build_patterns(load_gazetteer()))
    nlp.add_pipe(
        "diplomap_actors",
        config={"default_date": default_date.isoformat() if default_date else ""},
    )
    if affiliations:
        nlp.add_pipe("diplomap_affiliations")
    if pronouns:
        nlp.add_pipe("diplomap_pronouns")
    cue_ruler = nlp.add_pipe(
        "span_ruler",
        name="cue_ruler",
        config={
            "spans_key": CUES,
            "phrase_matcher_attr": "LOWER",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "validate": False,
        },
    )
    cue_ruler.add_patterns(build_cue_patterns())
    nlp.add_pipe("diplomap_links")
    return nlp
