"""Every question the pages ask, in SQL over a store (or a store and a workspace, corpus.shown):
the one query path. Columns are declared in corpus.columns."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from diplomap.corpus.columns import (
    BY_DAY_FIELDS,
    COUNT_FIELDS,
    LINK_FIELDS,
    MENTION_FIELDS,
    PAIR_FIELDS,
)
from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.store import KEPT_MODES, KEPT_SQL, TYPED_SQL
from diplomap.extract import FACTUAL_MODES

# A workspace's rows are numbered from here (seq, pos) when it is shown with a base store
# (corpus.shown), so they follow the base's and an article's `added` tells them apart.
WORKSPACE_OFFSET = 1 << 40

# Mentions per actor read the per-article counts the store keeps (corpus.store, schema v2);
# {where} narrows the articles (the date range).
MENTIONS_SQL = """
SELECT code, kind, sum(mentions)::BIGINT AS mentions, count(*) AS articles
FROM actor_articles {where} GROUP BY code, kind ORDER BY mentions DESC, code
"""
# One row per unordered pair; a sentence counts once per pair, and once under each type it carries
# (store.TYPED_SQL). The top sentence is the pair's first typed sentence (its first link typed, in
# extraction order, `pos`), else its first.
# Articles are told apart by a 64-bit hash of their id: faster than grouping 64-character ids,
# and exact unless two articles of one pair collide (odds about 1e-10 at 100,000 articles).
PAIRS_SQL = """
WITH kept AS MATERIALIZED ({kept}),
typed AS ({typed}),
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

# The filtered links, as KEPT_SQL and TYPED_SQL read them in query_pairs.
VIEW_SOURCE = "(SELECT * EXCLUDE (lo, hi) FROM view) v"
VIEW_MODES = "(SELECT unnest($modes::VARCHAR[]))"

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

    With `start` or `end`, only articles dated inside the range count (undated ones drop out).
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
    ego: bool = False,
) -> pd.DataFrame:
    """One row per unordered actor pair (PAIR_FIELDS): evidence sentences, articles, types (most
    first) and a top sentence (the pair's first typed one, else its first), most evidence first.

    The arguments narrow the links as a FilterSpec does (view_links_sql). With none of them, the
    store's kept pair tables answer for KEPT_MODES; anything else is computed from the links.
    """
    spec = FilterSpec(
        types=types,
        quads=quads,
        modes=modes,
        min_evidence=min_evidence,
        focus=focus,
        start=start,
        end=end,
        ego=ego,
    )
    params: dict[str, Any] = {}
    narrowed = types or quads or focus or start is not None or end is not None
    if not narrowed and tuple(sorted(modes)) == tuple(sorted(KEPT_MODES)):
        where = ""
        if min_evidence > 1:
            where = "WHERE p.links >= $min_evidence"
            params["min_evidence"] = min_evidence
        sql = PAIRS_FROM.format(totals="pair_totals", typed="pair_types", where=where)
        return con.execute(sql, params).df()[list(PAIR_FIELDS)]
    cte = view_links_sql(spec, params)
    sql = (
        cte
        + ", "
        + PAIRS_SQL.removeprefix("\nWITH ").format(
            kept=KEPT_SQL.format(source=VIEW_SOURCE, modes=VIEW_MODES),
            typed=TYPED_SQL.format(source=VIEW_SOURCE, modes=VIEW_MODES),
            pairs=PAIRS_FROM.format(totals="totals", typed="typed", where=""),
        )
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
    pages show (COUNT_FIELDS, PAIR_FIELDS)."""
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
        ego=spec.ego,
    )
    return counts, pairs


# A stored article's display name (as corpus.store.NAMED_ARTICLES): its name, with a hash suffix
# when several share it. `r` is the articles table.
DISPLAY_NAME = """CASE WHEN r.name IN (SELECT name FROM articles GROUP BY name HAVING count(*) > 1)
    THEN r.name || '#' || left(r.id, 8) ELSE r.name END"""
# The link rows a spec selects (before min_evidence), with the
# article's display name when {name} asks for it (a join with the articles).
CHOSEN_SQL = """
SELECT l.*, least(l.a, l.b) AS lo, greatest(l.a, l.b) AS hi{name}
FROM links l{join}
WHERE {where}"""
# Pairs with at least $min_evidence distinct sentences among the chosen links.
EVIDENCED_SQL = """
SELECT lo, hi FROM (SELECT DISTINCT lo, hi, article, sent_start FROM chosen)
GROUP BY lo, hi HAVING count(*) >= $min_evidence"""


def view_links_sql(
    spec: FilterSpec,
    params: dict[str, Any],
    pair: tuple[str, str] | None = None,
    article: str | None = None,
    named: bool = False,
) -> str:
    """A query (CTE `view`) of the links `spec` selects, narrowed to one pair and one article
    (display name) if given; columns: every stored link column, `lo`, `hi`, and with `named` the
    article's display name `name`. With `spec.ego`, the focus actor's links and the links among
    its partners (min_evidence counted before the focus narrows)."""
    where = ["l.mode IN (SELECT unnest($modes::VARCHAR[]))"]
    params["modes"] = list(spec.modes)
    if spec.types:
        where.append("l.type IN (SELECT unnest($types::VARCHAR[]))")
        params["types"] = list(spec.types)
    if spec.quads:
        where.append("l.quad IN (SELECT unnest($quads::BIGINT[]))")
        params["quads"] = [int(q) for q in spec.quads]
    ego = bool(spec.ego and spec.focus)
    if spec.focus:
        params["focus"] = spec.focus
        if not ego:
            where.append("(l.a = $focus OR l.b = $focus)")
    if spec.start is not None or spec.end is not None:
        where.append(f"l.article IN {_dated(spec.start, spec.end, params)}")
    if pair:
        params["lo"], params["hi"] = sorted(pair)
        if (
            not ego
        ):  # with ego, the pair narrows after the ego network is drawn, as the article does
            where.append("least(l.a, l.b) = $lo AND greatest(l.a, l.b) = $hi")
    named = named or bool(article)
    chosen = CHOSEN_SQL.format(
        name=f", {DISPLAY_NAME} AS name" if named else "",
        join=" JOIN articles r ON r.id = l.article" if named else "",
        where=" AND ".join(where),
    )
    # The article narrows after min_evidence, which counts a pair's sentences in every article.
    narrow = []
    if article:
        narrow.append("name = $article")
        params["article"] = article
    if pair and ego:
        narrow.append("lo = $lo AND hi = $hi")
    last = f" WHERE {' AND '.join(narrow)}" if narrow else ""
    if spec.min_evidence <= 1 and not ego:
        return f"WITH view AS (SELECT * FROM ({chosen}){last})"
    ctes = [f"chosen AS MATERIALIZED ({chosen})"]
    kept = "chosen"
    if spec.min_evidence > 1:
        params["min_evidence"] = spec.min_evidence
        ctes += [
            f"evidenced AS ({EVIDENCED_SQL})",
            "strong AS (SELECT chosen.* FROM chosen SEMI JOIN evidenced USING (lo, hi))",
        ]
        kept = "strong"
    if ego:
        ctes += [
            f"partners AS (SELECT a AS code FROM {kept} WHERE a = $focus OR b = $focus "
            f"UNION SELECT b FROM {kept} WHERE a = $focus OR b = $focus)",
            f"ego AS (SELECT * FROM {kept} WHERE a = $focus OR b = $focus OR "
            "(a IN (SELECT code FROM partners) AND b IN (SELECT code FROM partners)))",
        ]
        kept = "ego"
    ctes.append(f"view AS (SELECT * FROM {kept}{last})")
    return "WITH " + ", ".join(ctes)


def query_links(
    con: duckdb.DuckDBPyConnection,
    spec: FilterSpec,
    *,
    pair: tuple[str, str] | None = None,
    article: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The links a spec selects (["article", *LINK_FIELDS], article by display name), in
    extraction order; `limit` rows from `offset`."""
    params: dict[str, Any] = {}
    cte = view_links_sql(spec, params, pair, article, named=True)
    columns = ", ".join(f'"{c}"' for c in LINK_FIELDS)
    page = ""
    if limit is not None:
        page = "LIMIT $limit OFFSET $offset"
        params["limit"], params["offset"] = limit, offset
    sql = f"{cte} SELECT name AS article, {columns} FROM view ORDER BY pos {page}"
    return con.execute(sql, params).df()


def query_link_totals(
    con: duckdb.DuckDBPyConnection,
    spec: FilterSpec,
    pair: tuple[str, str] | None = None,
    article: str | None = None,
) -> dict[str, int]:
    """How many links (rows), evidence sentences, pairs and articles a spec (and pair, article)
    selects."""
    params: dict[str, Any] = {}
    cte = view_links_sql(spec, params, pair, article)
    sql = (
        f"{cte} SELECT count(*), count(DISTINCT (lo, hi, article, sent_start)), "
        "count(DISTINCT (lo, hi)), count(DISTINCT article) FROM view"
    )
    links, sentences, pairs, articles = con.execute(sql, params).fetchall()[0]
    return {
        "links": int(links),
        "sentences": int(sentences),
        "pairs": int(pairs),
        "articles": int(articles),
    }


# How the evidence table can be sorted: SQL over the page of sentences `p` (see query_evidence).
EVIDENCE_ORDERS = {
    "order": "p.first",
    "date": "p.date {dir} NULLS LAST, p.first",
    "score": "p.score {dir}, p.first",
    "article": "p.title {dir}, p.first",
}


def query_evidence(
    con: duckdb.DuckDBPyConnection,
    spec: FilterSpec,
    *,
    pair: tuple[str, str] | None = None,
    article: str | None = None,
    order: str = "order",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The links of `limit` evidence sentences from `offset`, sorted by `order` (EVIDENCE_ORDERS:
    extraction order, article date, mean score or article title), with the article's `date` and
    `title`; corpus.summary.group_evidence makes them one row per sentence."""
    params: dict[str, Any] = {}
    cte = view_links_sql(spec, params, pair, article, named=True)
    direction = "DESC" if descending else "ASC"
    sort = EVIDENCE_ORDERS[order].format(dir=direction)
    if order == "order" and descending:
        sort = "p.first DESC"
    page = ""
    if limit is not None:
        page = "LIMIT $limit OFFSET $offset"
        params["limit"], params["offset"] = limit, offset
    columns = ", ".join(f'v."{c}"' for c in LINK_FIELDS)
    sql = f"""{cte}, sentences AS (
            SELECT lo, hi, article, sent_start, min(pos) AS first, avg(score) AS score
            FROM view GROUP BY lo, hi, article, sent_start),
        page AS (
            SELECT s.*, r.date, coalesce(nullif(r.title, ''), v.name) AS title
            FROM sentences s JOIN articles r ON r.id = s.article
            JOIN (SELECT DISTINCT article, name FROM view) v ON v.article = s.article
            ORDER BY {sort.replace("p.", "")} {page})
        SELECT v.name AS article, {columns}, p.date, p.title
        FROM view v JOIN page p USING (lo, hi, article, sent_start)
        ORDER BY {sort}, v.pos"""
    table = con.execute(sql, params).df()
    table["date"] = [d.date() if pd.notna(d) else None for d in table["date"]]
    return table


def query_link_counts(con: duckdb.DuckDBPyConnection, spec: FilterSpec, column: str) -> pd.Series:
    """Evidence sentences per value of `column` (type or quad), most first: a sentence counts
    once under each value it carries, so the counts may add up to more than the total."""
    if column not in ("type", "quad"):
        raise ValueError(f"not a countable link column: {column}")
    params: dict[str, Any] = {}
    sql = (
        f"{view_links_sql(spec, params)} SELECT {column}, count(*) AS n FROM "
        f"(SELECT DISTINCT lo, hi, article, sent_start, {column} FROM view) "
        f"GROUP BY {column} ORDER BY n DESC, {column}"
    )
    table = con.execute(sql, params).df()
    return pd.Series(table["n"].to_numpy(), index=pd.Index(table[column], name=column))


def query_by_day(con: duckdb.DuckDBPyConnection, spec: FilterSpec) -> pd.DataFrame:
    """Evidence sentences per article date and quad class (BY_DAY_FIELDS; undated articles left
    out): a sentence counts once per pair, and once under each class it carries."""
    params: dict[str, Any] = {}
    sql = f"""{view_links_sql(spec, params)}
        SELECT r.date AS day, v.quad, count(*) AS sentences
        FROM (SELECT DISTINCT article, lo, hi, sent_start, quad FROM view) v
        JOIN articles r ON r.id = v.article
        WHERE r.date IS NOT NULL GROUP BY day, v.quad ORDER BY day, v.quad"""
    table = con.execute(sql, params).df()
    table["day"] = [d.date() for d in table["day"]]
    return table[list(BY_DAY_FIELDS)]


def query_pair_keys(con: duckdb.DuckDBPyConnection, spec: FilterSpec) -> list[str]:
    """The pairs a spec's links join, as sorted "lo–hi" labels."""
    params: dict[str, Any] = {}
    sql = (
        f"{view_links_sql(spec, params)} SELECT DISTINCT lo || '–' || hi AS p FROM view ORDER BY p"
    )
    return [row[0] for row in con.execute(sql, params).fetchall()]


def _articles_where(spec: FilterSpec, params: dict[str, Any]) -> str:
    if spec.start is None and spec.end is None:
        return "TRUE"
    return f"r.id IN {_dated(spec.start, spec.end, params)}"


def count_articles(con: duckdb.DuckDBPyConnection, spec: FilterSpec) -> int:
    """How many articles are inside the spec's date range (all, when it has none)."""
    params: dict[str, Any] = {}
    sql = f"SELECT count(*) FROM articles r WHERE {_articles_where(spec, params)}"
    return int(con.execute(sql, params).fetchall()[0][0])


def query_articles(
    con: duckdb.DuckDBPyConnection,
    spec: FilterSpec,
    limit: int | None = None,
    text: bool = False,
    counts: bool = False,
    newest: bool = False,
    mine_first: bool = False,
) -> pd.DataFrame:
    """Articles inside the spec's date range in stored order (article, title, date, source, path; `text`, and
    with `counts` each article's `mentions` and `links` (its evidence sentences in the factual
    modes), if asked), at most `limit`;
    with `newest`, the last stored first. `added` says whether a workspace holds the article
    (corpus.shown); with `mine_first`, those come first."""
    params: dict[str, Any] = {"offset": WORKSPACE_OFFSET}
    page = ""
    if limit is not None:
        page = "LIMIT $limit"
        params["limit"] = limit
    extra = ", r.text" if text else ""
    if counts:
        extra += """,
            coalesce((SELECT sum(mentions) FROM actor_articles c WHERE c.article = r.id), 0)
                ::BIGINT AS mentions,
            (SELECT count(*) FROM (
                SELECT DISTINCT least(l.a, l.b), greatest(l.a, l.b), l.sent_start FROM links l
                WHERE l.article = r.id AND l.mode IN (SELECT unnest($factual::VARCHAR[])))
            ) AS links"""
        params["factual"] = list(FACTUAL_MODES)
    sql = f"""SELECT {DISPLAY_NAME} AS article, r.title, r.date, r.source,
               coalesce(nullif(r.url, ''), r.name) AS path, r.seq >= $offset AS added{extra}
        FROM articles r WHERE {_articles_where(spec, params)}
        ORDER BY {"added DESC, " if mine_first else ""}r.seq{" DESC" if newest else ""} {page}"""
    table = con.execute(sql, params).df()
    table["date"] = [d.date() if pd.notna(d) else None for d in table["date"]]
    return table


def query_article_keys(con: duckdb.DuckDBPyConnection) -> tuple[frozenset[str], frozenset[str]]:
    """Every stored article's content id and display name: what an added article must not repeat
    (the ids are SHA-256 of the text, so no text is read)."""
    rows = con.execute(f"SELECT r.id, {DISPLAY_NAME} FROM articles r").fetchall()
    return frozenset(r[0] for r in rows), frozenset(r[1] for r in rows)


def query_article(con: duckdb.DuckDBPyConnection, name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """One article by display name, with its text, and its mentions (MENTION_FIELDS); an empty
    dict if there is none."""
    sql = f"""SELECT * FROM (
            SELECT r.id, {DISPLAY_NAME} AS article, r.title, r.date, r.source, r.text
            FROM articles r) WHERE article = $name LIMIT 1"""
    found = con.execute(sql, {"name": name}).df()
    if found.empty:
        return {}, pd.DataFrame(columns=list(MENTION_FIELDS))
    row = found.iloc[0].to_dict()
    row["date"] = row["date"].date() if pd.notna(row["date"]) else None
    columns = ", ".join(f'"{c}"' for c in MENTION_FIELDS if c != "article")
    mentions = con.execute(
        f"SELECT $name AS article, {columns} FROM mentions WHERE article = $id ORDER BY pos",
        {"name": name, "id": row["id"]},
    ).df()
    return row, mentions[list(MENTION_FIELDS)]


def query_choices(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[str], list[str], tuple[date, date] | None]:
    """What the filters offer: link types, actor codes (in links or mentions), and the first and
    last article dates (None if no article is dated)."""
    types = [r[0] for r in con.execute("SELECT DISTINCT type FROM links ORDER BY 1").fetchall()]
    actors = con.execute(
        "SELECT code FROM actor_articles UNION SELECT a FROM links UNION SELECT b FROM links "
        "ORDER BY 1"
    ).fetchall()
    lo, hi = con.execute("SELECT min(date), max(date) FROM articles").fetchall()[0]
    return types, [r[0] for r in actors if r[0]], (lo, hi) if lo is not None else None


def query_table(con: duckdb.DuckDBPyConnection, name: str, spec: FilterSpec) -> pd.DataFrame:
    """One table of the store through a spec: "articles" (without their text, which is None: ask
    query_article for one), "mentions" or "links"."""
    if name == "articles":
        return query_articles(con, spec).drop(columns="added").assign(text=None)
    if name == "links":
        return query_links(con, spec)
    return query_mention_rows(con, spec)


def query_view(
    con: duckdb.DuckDBPyConnection, spec: FilterSpec
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The store through a spec as three tables: articles, mentions and links."""
    articles, mentions, links = (
        query_table(con, n, spec) for n in ("articles", "mentions", "links")
    )
    return articles, mentions, links


def query_mention_rows(con: duckdb.DuckDBPyConnection, spec: FilterSpec) -> pd.DataFrame:
    """The mentions of the articles inside the spec's date range (MENTION_FIELDS), stored order."""
    params: dict[str, Any] = {}
    columns = ", ".join(f'm."{c}"' for c in MENTION_FIELDS if c != "article")
    mentions = con.execute(
        f"SELECT {DISPLAY_NAME} AS article, {columns} FROM mentions m "
        f"JOIN articles r ON r.id = m.article WHERE {_articles_where(spec, params)} "
        "ORDER BY m.pos",
        params,
    ).df()
    return mentions[list(MENTION_FIELDS)]
