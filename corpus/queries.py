"""The pages' aggregates computed in DuckDB over a store: same columns and rows as corpus.summary."""

from __future__ import annotations

import duckdb
import pandas as pd

from corpus.store import KEPT_MODES, KEPT_SQL
from corpus.summary import COUNT_FIELDS, PAIR_FIELDS
from extract import FACTUAL_MODES

# Mentions per actor read the per-article counts the store keeps (corpus.store, schema v2).
MENTIONS_SQL = """
SELECT code, kind, sum(mentions)::BIGINT AS mentions, count(*) AS articles
FROM actor_articles GROUP BY code, kind ORDER BY mentions DESC, code
"""

# One row per unordered pair; a sentence counts once per pair, with its first link's type
# (extraction order, `pos`). The top sentence is the pair's first typed sentence, else its first.
# Articles are told apart by a 64-bit hash of their id: faster than grouping 64-character ids,
# and exact unless two articles of one pair collide (odds about 1e-10 at 100,000 articles).
PAIRS_SQL = """
WITH kept AS MATERIALIZED ({kept}),
typed AS (
    SELECT lo, hi, type, count(*) AS n, min(pos) AS first FROM kept WHERE type <> 'other'
    GROUP BY lo, hi, type
),
per_article AS (
    SELECT lo, hi, article, count(*) AS n, min(pos) AS first,
           min(pos) FILTER (WHERE type <> 'other') AS first_typed
    FROM kept GROUP BY lo, hi, article
),
totals AS (
    SELECT lo, hi, sum(n)::BIGINT AS links, count(*) AS articles, min(first) AS first,
           min(first_typed) AS first_typed
    FROM per_article GROUP BY lo, hi
)
{pairs}"""

# The pairs from totals and typed tables (computed above, or kept by the store for KEPT_MODES).
PAIRS_FROM = """
SELECT p.lo AS a, p.hi AS b, p.links, p.articles,
       coalesce(t.top_type, 'other') AS top_type, coalesce(t.types, 'other') AS types,
       l.sentence,
       CASE WHEN r.name IN (SELECT name FROM articles GROUP BY name HAVING count(*) > 1)
            THEN r.name || '#' || left(r.id, 8) ELSE r.name END AS article
FROM {totals} p
LEFT JOIN (
    SELECT lo, hi, string_agg(type, ', ' ORDER BY n DESC, first) AS types,
           arg_max(type, (n, -first)) AS top_type
    FROM {typed} GROUP BY lo, hi
) t USING (lo, hi)
JOIN links l ON l.pos = coalesce(p.first_typed, p.first)
JOIN articles r ON r.id = l.article
ORDER BY p.links DESC, a, b
"""


def query_mentions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Mentions and distinct articles per actor code, most mentioned first (COUNT_FIELDS)."""
    return con.execute(MENTIONS_SQL).df()[list(COUNT_FIELDS)]


def query_pairs(
    con: duckdb.DuckDBPyConnection, modes: tuple[str, ...] = FACTUAL_MODES
) -> pd.DataFrame:
    """One row per unordered actor pair, as corpus.summary.count_pairs (PAIR_FIELDS).

    The store's kept pair tables answer for KEPT_MODES; other modes are computed from the links.
    """
    if tuple(sorted(modes)) == tuple(sorted(KEPT_MODES)):
        sql = PAIRS_FROM.format(totals="pair_totals", typed="pair_types")
        return con.execute(sql).df()[list(PAIR_FIELDS)]
    sql = PAIRS_SQL.format(
        kept=KEPT_SQL.format(source="links", modes="(SELECT unnest(?::VARCHAR[]))"),
        pairs=PAIRS_FROM.format(totals="totals", typed="typed"),
    )
    return con.execute(sql, [list(modes)]).df()[list(PAIR_FIELDS)]
