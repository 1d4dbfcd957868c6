"""The corpus store: articles, mentions and links in one DuckDB file, with a versioned schema.

Articles are keyed by the SHA-256 of their text, so the same article ingested twice is stored once.
Each batch of articles is written in one transaction with its mentions and links: a killed process
leaves every committed batch intact and no article without its rows. DuckDB lets one process at a
time open a file for writing, and no other process open it meanwhile: `open_store(wait=...)` tries
again while the file is held, and an ingest holds it only while it writes a batch.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from diplomap.corpus.articles import InputError
from diplomap.corpus.columns import ARTICLE_COLUMNS, ARTICLE_FIELDS, LINK_FIELDS, MENTION_FIELDS
from diplomap.corpus.tables import Corpus
from diplomap.extract import FACTUAL_MODES

ENV_DB = "DIPLOMAP_DB"
_UPGRADING = threading.Lock()  # held while this process upgrades an older store (`_upgrade`)
SCHEMA_VERSION = 4
# A sentence counts once per unordered pair: its first link (in `pos` order) among `modes`.
KEPT_SQL = """
    SELECT least(a, b) AS lo, greatest(a, b) AS hi, hash(article) AS article, sent_start,
           min(pos) AS pos, arg_min(type, pos) AS type
    FROM {source} WHERE mode IN {modes}
    GROUP BY lo, hi, hash(article), sent_start"""
# Per pair and batch: sentences, articles, first sentence and first typed one; per pair and type.
PAIR_TOTALS_SQL = """
    INSERT INTO pair_totals
    SELECT lo, hi, count(*), count(DISTINCT article), min(pos),
           min(pos) FILTER (WHERE type <> 'other')
    FROM ({kept}) GROUP BY lo, hi
    ON CONFLICT (lo, hi) DO UPDATE SET
        links = pair_totals.links + excluded.links,
        articles = pair_totals.articles + excluded.articles,
        first = least(pair_totals.first, excluded.first),
        first_typed = least(pair_totals.first_typed, excluded.first_typed)"""
# Per pair and type (not "other"): its sentences, once each under every type they carry, and
# its first link, as the Evidence page shows a sentence with all its types.
TYPED_SQL = """
    SELECT lo, hi, type, count(*) AS n, min(pos) AS first FROM (
        SELECT least(a, b) AS lo, greatest(a, b) AS hi, type, min(pos) AS pos
        FROM {source} WHERE mode IN {modes} AND type <> 'other'
        GROUP BY lo, hi, hash(article), sent_start, type
    ) GROUP BY lo, hi, type"""
PAIR_TYPES_SQL = """
    INSERT INTO pair_types {typed}
    ON CONFLICT (lo, hi, type) DO UPDATE SET
        n = pair_types.n + excluded.n, first = least(pair_types.first, excluded.first)"""
# The modes the kept pair tables count: what the text asserts, plans or recalls.
KEPT_MODES = FACTUAL_MODES
_MODES_SQL = "(" + ", ".join(f"'{m}'" for m in KEPT_MODES) + ")"

# Each version's statements, applied in order to bring a store from the version before it.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, title VARCHAR, date DATE,
            source VARCHAR, url VARCHAR, text VARCHAR NOT NULL, seq BIGINT NOT NULL,
            added TIMESTAMP DEFAULT current_timestamp)""",
        """CREATE TABLE mentions (
            pos BIGINT, article VARCHAR NOT NULL, code VARCHAR, kind VARCHAR, via VARCHAR,
            text VARCHAR, start BIGINT, "end" BIGINT, sent_start BIGINT)""",
        """CREATE TABLE links (
            pos BIGINT, article VARCHAR NOT NULL, a VARCHAR, b VARCHAR, type VARCHAR,
            event VARCHAR, quad BIGINT, score DOUBLE, mode VARCHAR, sentence VARCHAR,
            sent_start BIGINT, a_text VARCHAR, a_start BIGINT, a_end BIGINT, b_text VARCHAR,
            b_start BIGINT, b_end BIGINT, cue VARCHAR, cue_start BIGINT, cue_end BIGINT)""",
    ),
    # Aggregates kept with each batch, so the pages' counts read small tables instead of every
    # row: mentions per (article, actor); sentences per pair and per pair and type (KEPT_MODES).
    2: (
        """CREATE TABLE actor_articles (
            article VARCHAR NOT NULL, code VARCHAR, kind VARCHAR, mentions BIGINT NOT NULL)""",
        """INSERT INTO actor_articles
            SELECT article, code, kind, count(*) FROM mentions GROUP BY article, code, kind""",
        """CREATE TABLE pair_totals (
            lo VARCHAR, hi VARCHAR, links BIGINT, articles BIGINT, first BIGINT,
            first_typed BIGINT, PRIMARY KEY (lo, hi))""",
        """CREATE TABLE pair_types (
            lo VARCHAR, hi VARCHAR, type VARCHAR, n BIGINT, first BIGINT,
            PRIMARY KEY (lo, hi, type))""",
        PAIR_TOTALS_SQL.format(kept=KEPT_SQL.format(source="links", modes=_MODES_SQL)),
        PAIR_TYPES_SQL.format(typed=TYPED_SQL.format(source="links", modes=_MODES_SQL)),
    ),
    # Where a meeting took place, when its sentence says; links stored before stay NULL.
    3: ("ALTER TABLE links ADD COLUMN venue VARCHAR",),
    # A pair's types count every type of its sentences (version 3 kept each sentence's first).
    4: (
        "DELETE FROM pair_types",
        PAIR_TYPES_SQL.format(typed=TYPED_SQL.format(source="links", modes=_MODES_SQL)),
    ),
}

# Articles with a display name unique in the store: a name shared by several gets a hash suffix.
NAMED_ARTICLES = """(
    SELECT *, CASE WHEN count(*) OVER (PARTITION BY name) > 1
                   THEN name || '#' || left(id, 8) ELSE name END AS article
    FROM articles)"""


class StoreError(InputError):
    """A store that cannot be opened or used; its message is one line."""


class StoreBusyError(StoreError):
    """Another process holds the store's file: an ingest writing it, or readers while we write."""


@dataclass(frozen=True)
class Article:
    """One article ready to store: `id` is the SHA-256 of `text`."""

    id: str
    name: str
    title: str
    date: date | None
    source: str
    url: str
    text: str


def content_id(text: str) -> str:
    """The article id: SHA-256 of its UTF-8 text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_db_path() -> Path:
    """The store used when neither --db nor DIPLOMAP_DB names one: in the user's data directory."""
    try:
        from platformdirs import user_data_path
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return Path.home() / ".local" / "share" / "diplomap" / "diplomap.duckdb"
    return user_data_path("diplomap") / "diplomap.duckdb"


def resolve_db_path(db: str | Path | None = None) -> Path:
    """The store's path: `db` if given, else $DIPLOMAP_DB, else the user's data directory."""
    if db:
        return Path(db)
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    return default_db_path()


def open_store(
    path: str | Path, read_only: bool = False, wait: float = 0.0, migrate: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open (or create) a store and bring its schema up to date; refuse a newer schema.

    DuckDB lets one process write a file and keeps every other out meanwhile: while another
    process holds the file, try again for up to `wait` seconds, then raise StoreBusyError.
    `migrate=False` skips the schema check, for a store this process opened (and checked) before.
    """
    path = Path(path)
    if read_only and not path.is_file():
        raise StoreError(f"no store at {path} (run `diplomap ingest` first)")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create {path.parent}: {err.strerror}") from None
    con = _connect(path, read_only, time.monotonic() + wait)
    if not migrate:
        return con
    try:
        version = store_version(con) if read_only else None
        if is_older(version):
            # A reader meets a store an older Diplomap wrote: upgrade it once, as a writer would.
            con.close()
            _upgrade(path, wait)
            con = _connect(path, read_only, time.monotonic() + wait)
            version = None  # read again: the upgrade moved it
        _migrate(con, path, read_only, version)
    except BaseException:
        con.close()
        raise
    return con


def is_older(version: int | None) -> bool:
    """Whether a store's schema version is an older Diplomap's (0: no schema yet, not older)."""
    return version is not None and 0 < version < SCHEMA_VERSION


def refuse_newer(path: Path, version: int) -> None:
    """Refuse a store a newer Diplomap wrote, in one line."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {version}, newer than this diplomap reads "
            f"({SCHEMA_VERSION}); upgrade diplomap"
        )


def _upgrade(path: Path, wait: float) -> None:
    """Bring an older store's schema up to date, for a reader that found it so: one thread of
    this process at a time (two requests may meet the same old store at once)."""
    with _UPGRADING:
        try:
            writer = _connect(path, False, time.monotonic() + wait)
        except StoreBusyError:
            raise
        except StoreError as err:
            raise StoreError(f"{path} needs an upgrade this process cannot write: {err}") from None
        try:
            _migrate(writer, path, False)
        except duckdb.Error as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise StoreError(f"{path} could not be upgraded: {first}") from None
        finally:
            writer.close()


def _connect(path: Path, read_only: bool, deadline: float) -> duckdb.DuckDBPyConnection:
    delay = 0.01
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.Error, OSError) as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            if not is_busy(first):
                raise StoreError(f"cannot open store {path}: {first}") from None
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusyError(
                    f"store {path} is in use by another process ({_holder(first)})"
                ) from None
            time.sleep(min(delay, left))
            delay = min(2 * delay, 0.02)  # short: an ingest lets go for moments (ingest.HOLD)


def is_busy(message: str) -> bool:
    """Whether DuckDB's error says another holder has the file: another process's lock, or (in
    this process) a connection that has it open for writing."""
    return any(
        words in message
        for words in (
            "Conflicting lock",
            "Unique file handle conflict",
            "with a different configuration",  # this process: a reader while another upgrades
        )
    )


def _holder(message: str) -> str:
    """The PID in DuckDB's lock message, said plainly."""
    pid = message.rpartition("(PID ")[2].rstrip(").")
    return f"PID {pid}" if pid.isdigit() else "another program"


def open_memory_store() -> duckdb.DuckDBPyConnection:
    """A new store held in memory (gone when the connection closes), at the current schema."""
    con = duckdb.connect(":memory:")
    _migrate(con, Path(":memory:"), read_only=False)
    return con


def store_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a store is at; 0 for an empty file."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0]
    if not found or not found[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(row[0]) if row and row[0] is not None else 0


def _migrate(
    con: duckdb.DuckDBPyConnection, path: Path, read_only: bool, version: int | None = None
) -> None:
    """Apply every migration past the store's version (read from the store unless given), each in
    its own transaction."""
    version = store_version(con) if version is None else version
    refuse_newer(path, version)
    if version == SCHEMA_VERSION:
        return
    if read_only:
        raise StoreError(f"{path} has schema version {version}; open it for writing to upgrade it")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for statement in MIGRATIONS[target]:
                con.execute(statement)
            con.execute("DELETE FROM schema_version")
            con.execute("INSERT INTO schema_version VALUES (?)", [target])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def stored_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The ids of every stored article."""
    return {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}


def write_batch(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    mentions: pa.Table,
    links: pa.Table,
    actors: pa.Table,
) -> None:
    """Store articles with their rows in one transaction: all of them or, on any failure, none.

    `mentions` has MENTION_FIELDS, `links` ["article", *LINK_FIELDS], `actors` the mentions per
    article, code and kind (corpus.scale.Rows); rows get their `pos` here, in the order given.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        seq = _next(con, "articles", "seq")
        columns = {c: [getattr(a, c) for a in articles] for c in ARTICLE_COLUMNS}
        frame = pa.table({**columns, "seq": pa.array(range(seq, seq + len(articles)), pa.int64())})
        _append(con, "articles", frame)
        placed = {}
        for table, rows in (("mentions", mentions), ("links", links)):
            if rows.num_rows:
                start = _next(con, table, "pos")
                pos = pa.array(range(start, start + rows.num_rows), pa.int64())
                placed[table] = rows.append_column("pos", pos)
                _append(con, table, placed[table])
        if actors.num_rows:
            _append(con, "actor_articles", actors)
        if "links" in placed:
            _add_pairs(con, placed["links"])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _add_pairs(con: duckdb.DuckDBPyConnection, links: pa.Table) -> None:
    """Add a batch's links to the kept pair tables (its articles are all new)."""
    kept = KEPT_SQL.format(source="_links", modes=_MODES_SQL)
    typed = TYPED_SQL.format(source="_links", modes=_MODES_SQL)
    con.register("_links", links)
    try:
        con.execute(PAIR_TOTALS_SQL.format(kept=kept))
        con.execute(PAIR_TYPES_SQL.format(typed=typed))
    finally:
        con.unregister("_links")


def _next(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    row = con.execute(f"SELECT coalesce(max({column}) + 1, 0) FROM {table}").fetchall()[0]
    return int(row[0]) if row else 0


def _append(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    con.register("_batch", rows)
    try:
        columns = ", ".join(f'"{c}"' for c in rows.column_names)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _batch")
    finally:
        con.unregister("_batch")


def load_corpus(con: duckdb.DuckDBPyConnection) -> Corpus:
    """The whole store as a Corpus (articles named for display, rows in extraction order)."""
    articles = con.execute(
        f"SELECT article, title, date, source, coalesce(nullif(url, ''), name) AS path, text "
        f"FROM {NAMED_ARTICLES} ORDER BY seq"
    ).df()
    articles["date"] = [d.date() if pd.notna(d) else None for d in articles["date"]]
    mention_cols = ", ".join(f'm."{c}"' for c in MENTION_FIELDS if c != "article")
    mentions = con.execute(
        f"SELECT n.article, {mention_cols} FROM mentions m "
        f"JOIN {NAMED_ARTICLES} n ON n.id = m.article ORDER BY m.pos"
    ).df()
    link_cols = ", ".join(f'l."{c}"' for c in LINK_FIELDS)
    links = con.execute(
        f"SELECT n.article, {link_cols} FROM links l "
        f"JOIN {NAMED_ARTICLES} n ON n.id = l.article ORDER BY l.pos"
    ).df()
    return Corpus(
        articles=articles[list(ARTICLE_FIELDS)],
        mentions=mentions[list(MENTION_FIELDS)],
        links=links[["article", *LINK_FIELDS]],
    )


def store_stamp(path: str | Path) -> tuple[int, ...]:
    """Modification times of a store and its write-ahead log: changes whenever a batch commits."""
    files = (Path(path), Path(f"{path}.wal"))
    return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files)


def describe_store(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts and date range of a store."""
    row = con.execute(
        "SELECT count(*), min(date), max(date), count(date) FROM articles"
    ).fetchall()[0]
    (mentions,) = con.execute("SELECT count(*) FROM mentions").fetchall()[0]
    (links,) = con.execute("SELECT count(*) FROM links").fetchall()[0]
    (actors,) = con.execute("SELECT count(DISTINCT code) FROM mentions").fetchall()[0]
    (sentences,) = con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT article, least(a, b), greatest(a, b), sent_start "
        "FROM links)"
    ).fetchall()[0]
    return {
        "schema_version": store_version(con),
        "articles": row[0],
        "dated_articles": row[3],
        "first_date": row[1].isoformat() if row[1] else None,
        "last_date": row[2].isoformat() if row[2] else None,
        "mentions": mentions,
        "actors": actors,
        "evidence_sentences": sentences,  # the pages' unit: a sentence once per pair
        "links": links,  # link rows: one per pair, type, mode and sentence
    }


EXPORT_FORMATS = {
    "csv": "(FORMAT csv, HEADER)",
    "json": "(FORMAT json)",
    "parquet": "(FORMAT parquet)",
}
