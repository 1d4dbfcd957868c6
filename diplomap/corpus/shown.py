"""What a visitor is shown, and the one way to ask it: the query routing of every page.

A visitor sees the base store (the file $DIPLOMAP_DB names, or the seed corpus stored once per
process) and, when their link carries one, a workspace's articles too (corpus.workspaces). Either
way the pages' questions are the same SQL (corpus.queries): with a workspace, a connection of its
own attaches both files read-only and shows their union under the store's table names.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.queries import (
    WORKSPACE_OFFSET,
    count_articles,
    query_article,
    query_article_keys,
    query_articles,
    query_by_day,
    query_choices,
    query_evidence,
    query_link_counts,
    query_link_totals,
    query_links,
    query_pair_keys,
    query_summary,
    query_table,
)
from diplomap.corpus.store import (
    ENV_DB,
    SCHEMA_VERSION,
    StoreBusyError,
    StoreError,
    is_busy,
    is_older,
    open_store,
    refuse_newer,
    store_stamp,
)


@dataclass(frozen=True)
class Shown:
    """The corpus a visitor sees: a base store file and, if any, a workspace's store file."""

    base: Path
    workspace: Path | None = None

    def stamp(self) -> tuple[Any, ...]:
        """Tells versions apart: the files and their commit times (a batch committed changes it)."""
        stamp: tuple[Any, ...] = (str(self.base), *store_stamp(self.base))
        if self.workspace is not None:
            stamp += (str(self.workspace), *store_stamp(self.workspace))
        return stamp


# The store's tables over a base (`base`) and a workspace (`ws`): rows appended, the workspace's
# numbered after the base's, the kept pair tables summed.
_O = WORKSPACE_OFFSET
UNION_VIEWS = (
    "CREATE TEMP VIEW articles AS SELECT * FROM base.articles UNION ALL BY NAME "
    f"SELECT * REPLACE (seq + {_O} AS seq) FROM ws.articles",
    "CREATE TEMP VIEW mentions AS SELECT * FROM base.mentions UNION ALL BY NAME "
    f"SELECT * REPLACE (pos + {_O} AS pos) FROM ws.mentions",
    "CREATE TEMP VIEW links AS SELECT * FROM base.links UNION ALL BY NAME "
    f"SELECT * REPLACE (pos + {_O} AS pos) FROM ws.links",
    "CREATE TEMP VIEW actor_articles AS SELECT * FROM base.actor_articles UNION ALL BY NAME "
    "SELECT * FROM ws.actor_articles",
    "CREATE TEMP VIEW pair_totals AS SELECT lo, hi, sum(links)::BIGINT AS links, "
    "sum(articles)::BIGINT AS articles, min(first) AS first, min(first_typed) AS first_typed "
    "FROM (SELECT * FROM base.pair_totals UNION ALL SELECT lo, hi, links, articles, "
    f"first + {_O}, first_typed + {_O} FROM ws.pair_totals) GROUP BY lo, hi",
    "CREATE TEMP VIEW pair_types AS SELECT lo, hi, type, sum(n)::BIGINT AS n, min(first) AS "
    "first FROM (SELECT * FROM base.pair_types UNION ALL SELECT lo, hi, type, n, "
    f"first + {_O} FROM ws.pair_types) GROUP BY lo, hi, type",
)


@contextmanager
def connect(shown: Shown, wait: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection of this thread's own to what `shown` holds, closed on exit; while
    a writer holds a file, tries again for up to `wait` seconds, then StoreBusyError."""
    if shown.workspace is None:
        con = open_store(shown.base, read_only=True, wait=wait)
    else:
        con = _open_union(shown.base, shown.workspace, time.monotonic() + wait)
    try:
        yield con
    finally:
        con.close()


def _open_union(
    base: Path, workspace: Path, deadline: float, upgraded: bool = False
) -> duckdb.DuckDBPyConnection:
    for path in (base, workspace):
        if not path.is_file():
            raise StoreError(f"no store at {path}")
    con = duckdb.connect()
    try:
        for alias, path in (("base", base), ("ws", workspace)):
            _attach(con, alias, path, deadline)
        versions = {
            path: con.execute(f"SELECT max(version) FROM {alias}.schema_version").fetchone()[0]
            for alias, path in (("base", base), ("ws", workspace))
        }
        old = [p for p, v in versions.items() if is_older(v)]
        if old and not upgraded:  # an older Diplomap's store: upgrade it once, as a reader does
            con.close()
            for path in old:
                open_store(path, read_only=True, wait=max(deadline - time.monotonic(), 0.0)).close()
            return _open_union(base, workspace, deadline, upgraded=True)
        for path, version in versions.items():
            refuse_newer(path, version or 0)
            if version != SCHEMA_VERSION:
                raise StoreError(f"{path} has no Diplomap schema version: not a Diplomap store")
        for statement in UNION_VIEWS:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con


def _attach(con: duckdb.DuckDBPyConnection, alias: str, path: Path, deadline: float) -> None:
    target = str(path).replace("'", "''")
    while True:
        try:
            con.execute(f"ATTACH '{target}' AS {alias} (READ_ONLY)")
            return
        except duckdb.Error as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            if not is_busy(first):
                raise StoreError(f"cannot open store {path}: {first}") from None
            if time.monotonic() >= deadline:
                raise StoreBusyError(f"store {path} is in use by another process") from None
            time.sleep(0.02)


def _articles(con: duckdb.DuckDBPyConnection, spec: FilterSpec, *args: Any) -> Any:
    limit, counts, newest, mine_first = args
    return query_articles(
        con, spec, limit=limit, counts=counts, newest=newest, mine_first=mine_first
    )


def _links(con: duckdb.DuckDBPyConnection, spec: FilterSpec, *args: Any) -> Any:
    pair, article, limit, offset = args
    return query_links(con, spec, pair=pair, article=article, limit=limit, offset=offset)


def _evidence(con: duckdb.DuckDBPyConnection, spec: FilterSpec, *args: Any) -> Any:
    pair, article, order, descending, limit, offset = args
    return query_evidence(
        con,
        spec,
        pair=pair,
        article=article,
        order=order,
        descending=descending,
        limit=limit,
        offset=offset,
    )


# The pages' questions by name: (connection, spec, *args) -> answer.
QUESTIONS: dict[str, Callable[..., Any]] = {
    "summary": lambda con, spec: query_summary(con, spec),
    "count_articles": lambda con, spec: count_articles(con, spec),
    "articles": _articles,
    "link_counts": lambda con, spec, column: query_link_counts(con, spec, column),
    "by_day": lambda con, spec: query_by_day(con, spec),
    "pair_keys": lambda con, spec: query_pair_keys(con, spec),
    "links": _links,
    "evidence": _evidence,
    "link_totals": lambda con, spec, pair, article: query_link_totals(con, spec, pair, article),
    "article": lambda con, spec, name: query_article(con, name),
    "choices": lambda con, spec: query_choices(con),
    "article_keys": lambda con, spec: query_article_keys(con),
    "table": lambda con, spec, name: query_table(con, name, spec),
}


def ask(
    shown: Shown, what: str, spec: FilterSpec, args: tuple[Any, ...] = (), wait: float = 0.0
) -> Any:
    """One of the pages' questions (`what`, QUESTIONS) of what `shown` holds, through a spec."""
    question = QUESTIONS.get(what)
    if question is None:
        raise ValueError(f"no such question: {what}")
    with connect(shown, wait) as con:
        return question(con, spec, *args)


def choose_base(db: str | Path | None, environ: Mapping[str, str], default: Path) -> Path | None:
    """The store `diplomap serve` shows: `db` (--db) if given, else $DIPLOMAP_DB, else `default`
    (where `diplomap ingest` writes when told no store) when it exists and holds articles; None:
    the seed corpus. A store named that does not exist is a StoreError."""
    named = db or environ.get(ENV_DB)
    if named:
        path = Path(named).expanduser().resolve()
        if not path.is_file():
            raise StoreError(f"no store at {path} (run `diplomap ingest --db {path}` first)")
        return path
    if not default.is_file():
        return None
    try:
        con = open_store(default, read_only=True, wait=2.0)
    except StoreBusyError:
        return default.resolve()  # an ingest is writing it: it holds articles, or soon will
    except StoreError:
        return None
    try:
        (count,) = con.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        con.close()
    return default.resolve() if count else None
