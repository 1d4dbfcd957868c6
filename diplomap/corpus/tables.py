"""Running extraction over an articles table: the corpus as three tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from spacy.language import Language

from diplomap.extract import LINK_FIELDS, MENTION_FIELDS, extract_rows


@dataclass(frozen=True)
class Corpus:
    """Articles, the actor mentions found in them, and the links between actors."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    links: pd.DataFrame


def article_triples(
    articles: pd.DataFrame, default_date: date | None = None
) -> Iterator[tuple[str, str, date | None]]:
    """(article id, text, date) per article, as the extractor takes them; `default_date` stands in
    for missing dates."""
    # Columns as lists first: iterating an Arrow-backed column boxes one value per Python call.
    for article, text, day in zip(
        articles["article"].tolist(),
        articles["text"].tolist(),
        articles["date"].tolist(),
        strict=True,
    ):
        yield article, text, day if isinstance(day, date) else default_date


def build_corpus(nlp: Language, articles: pd.DataFrame, default_date: date | None = None) -> Corpus:
    """Extract mentions and links from every article; `default_date` stands in for missing dates."""
    mentions, links = [], []
    for m, lk in extract_rows(nlp, article_triples(articles, default_date)):
        mentions.extend(m)
        links.extend(lk)
    return Corpus(
        articles=articles,
        mentions=pd.DataFrame(mentions, columns=list(MENTION_FIELDS)),
        links=pd.DataFrame(links, columns=["article", *LINK_FIELDS]),
    )


def count_sentences(links: Iterable[Mapping[str, Any]]) -> int:
    """Evidence sentences among link rows (the pages' unit, corpus.columns.SENTENCE_KEY):
    distinct (article, unordered pair, sentence)."""
    return len({(r["article"], *sorted((r["a"], r["b"])), r["sent_start"]) for r in links})
