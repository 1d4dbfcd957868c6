"""Running extraction over an articles table: the corpus as three tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from spacy.language import Language

from extract import LINK_FIELDS, MENTION_FIELDS, extract_rows


@dataclass(frozen=True)
class Corpus:
    """Articles, the actor mentions found in them, and the links between actors."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    links: pd.DataFrame


def build_corpus(nlp: Language, articles: pd.DataFrame, default_date: date | None = None) -> Corpus:
    """Extract mentions and links from every article; `default_date` stands in for missing dates."""
    triples = (
        (row.article, row.text, row.date if isinstance(row.date, date) else default_date)
        for row in articles.itertuples(index=False)
    )
    mentions, links = [], []
    for m, lk in extract_rows(nlp, triples):
        mentions.extend(m)
        links.extend(lk)
    return Corpus(
        articles=articles,
        mentions=pd.DataFrame(mentions, columns=list(MENTION_FIELDS)),
        links=pd.DataFrame(links, columns=["article", *LINK_FIELDS]),
    )
