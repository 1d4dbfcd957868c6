"""The spaCy pipeline: blank English, sentences, gazetteer ruler, actor resolution, cues, links."""

# make_affiliations and make_pronouns are imported for their factory registration.

from __future__ import annotations

from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.gazetteer import (
    BLOCK,
    PERSON,
    build_patterns,
    build_roles,
    load_gazetteer,
    resolve_person,
)
from extract.relation import build_cue_patterns, find_links

CANDIDATES = "actor_candidates"
ACTORS = "actors"
CUES = "cues"

Doc.set_extension("date", default=None, force=True)
Doc.set_extension("links", default=None, force=True)


@Language.component("paragraph_breaks")
def mark_paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines and list items carry no full stop)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


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
    """Drops blocked and descriptive matches and resolves people to countries on the article's date."""

    def __init__(self, candidates_key: str, spans_key: str, fallback: date | None) -> None:
        self.candidates_key = candidates_key
        self.spans_key = spans_key
        self.fallback = fallback
        self.roles = build_roles(load_gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        day = doc._.date or self.fallback or date.today()
        actors = []
        for cand in doc.spans.get(self.candidates_key, []):
            if cand.label_ == BLOCK or _is_descriptor(cand):
                continue
            code = cand.id_
            if cand.label_ == PERSON:
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


def make_pipeline(default_date: date | None = None) -> Language:
    """A blank English pipeline with Diplomap's rules; no model download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("paragraph_breaks")
    nlp.add_pipe("sentencizer")
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
    nlp.add_pipe("diplomap_affiliations")
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
