"""The store's tables as `diplomap export` writes them: each row names its article as `extract` and
the dashboard do, with the article's id (the SHA-256 of its text) beside it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from diplomap.corpus.store import EXPORT_FORMATS, NAMED_ARTICLES, StoreError

TABLES = ("articles", "mentions", "links")

# `article` is the article's name (a name several articles share gets a short hash suffix, as on
# the dashboard); `article_id` is its id, the key the store joins on.
EXPORT_SQL = {
    "articles": f"""SELECT n.article, n.id AS article_id, n.* EXCLUDE (article, id, name, seq)
        FROM {NAMED_ARTICLES} n ORDER BY n.seq""",
    "mentions": f"""SELECT n.article, m.article AS article_id, m.* EXCLUDE (article, pos)
        FROM mentions m JOIN {NAMED_ARTICLES} n ON n.id = m.article ORDER BY m.pos""",
    "links": f"""SELECT n.article, l.article AS article_id, l.* EXCLUDE (article, pos)
        FROM links l JOIN {NAMED_ARTICLES} n ON n.id = l.article ORDER BY l.pos""",
}


def export_table(con: duckdb.DuckDBPyConnection, table: str, fmt: str, path: Path) -> int:
    """Write one table (in stored order) to `path` as csv, JSON lines or parquet; return its rows."""
    target = str(path).replace("'", "''")
    try:
        con.execute(f"COPY ({EXPORT_SQL[table]}) TO '{target}' {EXPORT_FORMATS[fmt]}")
    except duckdb.Error as err:
        raise StoreError(f"cannot write {path}: {str(err).splitlines()[0]}") from None
    (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0]
    return int(count)
