"""Docs to plain rows: the only shape that leaves the extract package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.coref import PRONOUN
from extract.gazetteer import load_gazetteer
from extract.pipeline import ACTORS

# Columns of a mention row.
MENTION_FIELDS = ("article", "code", "kind", "via", "text", "start", "end", "sent_start")
COUNTRY = "country"
BLOC = "bloc"


def doc_mentions(doc: Doc, article: str) -> list[dict[str, Any]]:
    """Every resolved actor mention of a doc, with character offsets into the article text."""
    blocs = load_gazetteer().bloc_codes
    return [
        {
            "article": article,
            "code": span.kb_id_,
            "kind": BLOC if span.kb_id_ in blocs else COUNTRY,
            "via": span.label_.lower(),
            "text": span.text,
            "start": span.start_char,
            "end": span.end_char,
            "sent_start": span.sent.start_char,
        }
        for span in doc.spans.get(ACTORS, [])
        if span.label_ != PRONOUN
    ]


def doc_links(doc: Doc, article: str) -> list[dict[str, Any]]:
    """The links of a doc, each stamped with its article id."""
    return [{"article": article, **link} for link in doc._.links or []]


def extract_rows(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Run the pipeline over (article id, text, date) triples; yield (mentions, links) per article."""

    def docs() -> Iterator[tuple[Doc, str]]:
        for article, text, day in articles:
            doc = nlp.make_doc(text)
            doc._.date = day
            yield doc, article

    for doc, article in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        yield doc_mentions(doc, article), doc_links(doc, article)
