"""The pages' aggregates computed in DuckDB over a store: same columns and rows as corpus.summary."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from corpus.filters import FilterSpec
from corpus.store import KEPT_MODES, KEPT_SQL
from corpus.summary import COUNT_FIELDS, PAIR_FIELDS
from extract import FACTUAL_MODES

# Mentions per actor read the per-article counts the store keeps (corpus.store, schema v2);
# {where} narrows the articles (the date range).
MENTIONS_SQL = """
SELECT code, kind, sum(mentions)::BIGINT AS mentions, count(*) AS articles
FROM actor_articles {where} GROUP BY code, kind ORDER BY mentions DESC, code
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
{where}
ORDER BY p.links DESC, a, b
"""


def query_mentions(
    con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Mentions and distinct articles per actor code, most mentioned first (COUNT_FIELDS).

    With `start` or `end`, only articles dated inside the range count (undated ones drop out), as
    corpus.filters.filter_mentions.
    """
    params: dict[str, Any] = {}
    where = ""
    if start is not None or end is not None:
        where = f"WHERE article IN {_dated(start, end, params)}"
    return con.execute(MENTIONS_SQL.format(where=where), params).df()[list(COUNT_FIELDS)]


def query_pairs(
    con: duckdb.DuckDBPyConnection,
    modes: tuple[str, ...] = FACTUAL_MODES,
    *,
    types: tuple[str, ...] = (),
    quads: tuple[int, ...] = (),
    focus: str | None = None,
    start: date | None = None,
    end: date | None = None,
    min_evidence: int = 1,
) -> pd.DataFrame:
    """One row per unordered actor pair, as corpus.summary.count_pairs (PAIR_FIELDS).

    The other arguments narrow the links as corpus.filters.filter_links does: link types, quad
    classes (empty: all), links touching `focus`, articles dated from `start` to `end`, and pairs
    with at least `min_evidence` sentences. With none of them, the store's kept pair tables answer
    for KEPT_MODES; anything else is computed from the links.
    """
    params: dict[str, Any] = {}
    where = ""
    if min_evidence > 1:
        where = "WHERE p.links >= $min_evidence"
        params["min_evidence"] = min_evidence
    narrowed = types or quads or focus or start is not None or end is not None
    if not narrowed and tuple(sorted(modes)) == tuple(sorted(KEPT_MODES)):
        sql = PAIRS_FROM.format(totals="pair_totals", typed="pair_types", where=where)
        return con.execute(sql, params).df()[list(PAIR_FIELDS)]
    conditions = ["mode IN (SELECT unnest($modes::VARCHAR[]))"]
    params["modes"] = list(modes)
    if types:
        conditions.append("type IN (SELECT unnest($types::VARCHAR[]))")
        params["types"] = list(types)
    if quads:
        conditions.append("quad IN (SELECT unnest($quads::BIGINT[]))")
        params["quads"] = [int(q) for q in quads]
    if focus:
        conditions.append("(a = $focus OR b = $focus)")
        params["focus"] = focus
    if start is not None or end is not None:
        conditions.append(f"article IN {_dated(start, end, params)}")
    source = f"(SELECT * FROM links WHERE {' AND '.join(conditions)}) chosen"
    sql = PAIRS_SQL.format(
        kept=KEPT_SQL.format(source=source, modes="(SELECT unnest($modes::VARCHAR[]))"),
        pairs=PAIRS_FROM.format(totals="totals", typed="typed", where=where),
    )
    return con.execute(sql, params).df()[list(PAIR_FIELDS)]


def _dated(start: date | None, end: date | None, params: dict[str, Any]) -> str:
    """A subquery of the ids of articles dated inside the range (bounds included)."""
    bounds = ["date IS NOT NULL"]
    if start is not None:
        bounds.append("date >= $start")
        params["start"] = start
    if end is not None:
        bounds.append("date <= $end")
        params["end"] = end
    return f"(SELECT id FROM articles WHERE {' AND '.join(bounds)})"


def query_summary(
    con: duckdb.DuckDBPyConnection, spec: FilterSpec
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions per actor and links per pair for the store seen through a spec's filters: the
    rows corpus.summary gives on corpus.filters' filtered tables."""
    counts = query_mentions(con, spec.start, spec.end)
    pairs = query_pairs(
        con,
        spec.modes,
        types=spec.types,
        quads=spec.quads,
        focus=spec.focus,
        start=spec.start,
        end=spec.end,
        min_evidence=spec.min_evidence,
    )
    return counts, pairs
