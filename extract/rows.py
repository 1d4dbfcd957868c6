"""Docs to plain rows: the only shape that leaves the extract package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from operator import itemgetter
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.coref import PRONOUN
from extract.gazetteer import load_gazetteer
from extract.relation import ASSERTED, LINK_FIELDS
from extract.words import words_of

# Columns of a mention row.
MENTION_FIELDS = ("article", "code", "kind", "via", "text", "start", "end", "sent_start")
COUNTRY = "country"
BLOC = "bloc"


def doc_mentions(doc: Doc, article: str) -> list[dict[str, Any]]:
    """Every resolved actor mention of a doc, with character offsets into the article text."""
    blocs = load_gazetteer().bloc_codes
    mentions = [m for m in doc._.mentions or () if m.label != PRONOUN]
    if not mentions:
        return []
    words = words_of(doc)
    rows = []
    for m in mentions:
        rows.append(
            {
                "article": article,
                "code": m.code,
                "kind": BLOC if m.code in blocs else COUNTRY,
                "via": m.label.lower(),
                "text": words.span_text(m.start, m.end),
                "start": words.idx[m.start],
                "end": words.end_char(m.end),
                "sent_start": words.idx[words.sent_starts[words.sentence(m.start)]],
            }
        )
    return rows


def doc_links(doc: Doc, article: str) -> list[dict[str, Any]]:
    """The links of a doc, each stamped with its article id."""
    return [{"article": article, **link} for link in doc._.links or []]


def run_pipeline(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[tuple[Doc, str]]:
    """The processed doc of every (article id, text, date) triple, with its article id."""

    def docs() -> Iterator[tuple[Doc, str]]:
        for article, text, day in articles:
            doc = nlp.make_doc(text)
            doc._.date = day
            doc._.text = text
            yield doc, article

    return nlp.pipe(docs(), as_tuples=True, batch_size=batch_size)


def extract_rows(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Run the pipeline over (article id, text, date) triples; yield (mentions, links) per article."""
    for doc, article in run_pipeline(nlp, articles, batch_size):
        rows = doc_mentions(doc, article), doc_links(doc, article)
        doc._.words = None  # the token facts the components shared: not needed any more
        yield rows


def extract_links(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[list[dict[str, Any]]]:
    """Like `extract_rows`, links only: what `diplomap extract` writes."""
    for doc, article in run_pipeline(nlp, articles, batch_size):
        doc._.words = None
        yield doc_links(doc, article)


# What one piece of evidence keeps: a link row less the fields that name the link itself.
EVIDENCE_FIELDS = tuple(
    f for f in LINK_FIELDS if f not in {"a", "b", "type", "event", "quad", "score"}
)


def merge_evidence(links: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One link per (article, unordered pair, type), keeping every sentence as evidence.

    The first piece of evidence gives the link its top-level fields; the mode is "asserted" when
    any evidence asserts it.
    """
    merged: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    pick = itemgetter(*EVIDENCE_FIELDS)
    for row in links:
        a, b = row["a"], row["b"]
        key = (row["article"], a, b, row["type"]) if a < b else (row["article"], b, a, row["type"])
        evidence = dict(zip(EVIDENCE_FIELDS, pick(row), strict=True))
        link = merged.get(key)
        if link is None:
            merged[key] = {**row, "evidence": [evidence]}
        else:
            link["evidence"].append(evidence)
            if row["mode"] == ASSERTED:
                link["mode"] = ASSERTED
    for link in merged.values():
        link["sentences"] = len({e["sent_start"] for e in link["evidence"]})
    return list(merged.values())
