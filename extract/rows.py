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
from extract.relation import ASSERTED, LINK_FIELDS, Words

# Columns of a mention row.
MENTION_FIELDS = ("article", "code", "kind", "via", "text", "start", "end", "sent_start")
COUNTRY = "country"
BLOC = "bloc"


def doc_mentions(doc: Doc, article: str) -> list[dict[str, Any]]:
    """Every resolved actor mention of a doc, with character offsets into the article text."""
    blocs = load_gazetteer().bloc_codes
    spans = [span for span in doc.spans.get(ACTORS, []) if span.label_ != PRONOUN]
    if not spans:
        return []
    words = Words(doc)
    sent_chars: dict[int, int] = {}
    rows = []
    for span in spans:
        first = words.sent_starts[words.sentence(span.start)]
        if first not in sent_chars:
            sent_chars[first] = doc[first].idx
        rows.append(
            {
                "article": article,
                "code": span.kb_id_,
                "kind": BLOC if span.kb_id_ in blocs else COUNTRY,
                "via": span.label_.lower(),
                "text": span.text,
                "start": span.start_char,
                "end": span.end_char,
                "sent_start": sent_chars[first],
            }
        )
    return rows


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
    for row in links:
        key = (row["article"], *sorted((row["a"], row["b"])), row["type"])
        evidence = {k: row[k] for k in EVIDENCE_FIELDS}
        if key not in merged:
            merged[key] = {**row, "evidence": [evidence]}
        else:
            link = merged[key]
            link["evidence"].append(evidence)
            if row["mode"] == ASSERTED:
                link["mode"] = ASSERTED
    for link in merged.values():
        link["sentences"] = len({e["sent_start"] for e in link["evidence"]})
    return list(merged.values())
