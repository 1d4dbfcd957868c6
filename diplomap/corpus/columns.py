"""Every table's columns, declared once: what the store keeps and what the queries give back.

The extractor declares its own row fields (`diplomap.extract`: MENTION_FIELDS, LINK_FIELDS); they
are named here too, so a reader of any table finds its columns in this one module.
"""

from __future__ import annotations

from diplomap.extract import LINK_FIELDS, MENTION_FIELDS

# An article as the pages list it: its display name, title, date, source, path (its url, else its
# file name) and text.
ARTICLE_FIELDS = ("article", "title", "date", "source", "path", "text")
# An article's row in the store, in the order written (`id`: the SHA-256 of its text).
ARTICLE_COLUMNS = ("id", "name", "title", "date", "source", "url", "text")
# Per article, actor and kind: how many mentions (the store keeps them with each batch).
ACTOR_FIELDS = ("article", "code", "kind", "mentions")
# The articles table with counts (corpus.queries.query_articles, counts=True).
ARTICLE_COUNT_FIELDS = ("mentions", "links")
# Mentions and distinct articles per actor.
COUNT_FIELDS = ("code", "kind", "mentions", "articles")
# One row per unordered pair: evidence sentences, articles, types and a top sentence.
PAIR_FIELDS = ("a", "b", "links", "articles", "top_type", "types", "sentence", "article")
# One evidence sentence: a sentence of an article, for one unordered pair (figures.words.UNIT).
SENTENCE_KEY = ("lo", "hi", "article", "sent_start")
# The evidence table: one row per evidence sentence, its types and modes listed.
EVIDENCE_FIELDS = (
    "article", "a", "b", "types", "modes", "score", "sentence", "sent_start", "a_text", "a_start",
    "a_end", "b_text", "b_start", "b_end", "cues", "venue",
)  # fmt: skip
# Evidence sentences per article date and quad class (the timeline).
BY_DAY_FIELDS = ("day", "quad", "sentences")
# Link totals (corpus.queries.query_link_totals).
TOTAL_FIELDS = ("links", "sentences", "pairs", "articles")

__all__ = [
    "ACTOR_FIELDS",
    "ARTICLE_COLUMNS",
    "ARTICLE_COUNT_FIELDS",
    "ARTICLE_FIELDS",
    "BY_DAY_FIELDS",
    "COUNT_FIELDS",
    "EVIDENCE_FIELDS",
    "LINK_FIELDS",
    "MENTION_FIELDS",
    "PAIR_FIELDS",
    "SENTENCE_KEY",
    "TOTAL_FIELDS",
]
