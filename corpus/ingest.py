"""Ingest: article files, folders and JSON lines -> extraction in batches -> the store.

A bad file or line is reported and skipped; the good ones go in. Articles already stored (same
text) are skipped as duplicates before extraction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from spacy.language import Language

from corpus.articles import (
    SUFFIXES,
    InputError,
    _is_article,
    article_row,
    decode_text,
    find_files,
    normalize_newlines,
    read_meta,
)
from corpus.limits import check_article_size
from corpus.scale import Job, Rows, Runner, batch_runner, run_batches
from corpus.store import Article, content_id, open_store, stored_ids, write_batch

JSONL = ".jsonl"
JSONL_FIELDS = ("id", "title", "date", "source", "url")


@dataclass(frozen=True)
class Failure:
    """An input that could not be stored: where (file or file:line) and why."""

    where: str
    reason: str


@dataclass
class Summary:
    """What an ingest did."""

    added: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    mentions: int = 0
    links: int = 0

    @property
    def seen(self) -> int:
        """Inputs dealt with so far."""
        return self.added + self.duplicates + len(self.failed)


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Article files (.txt, .md) and JSON-lines files named directly or found in folders."""
    return find_files(
        paths,
        in_folder=lambda p: _is_article(p) or _is_jsonl(p, in_folder=True),
        named=lambda p: p.suffix.lower() in SUFFIXES or _is_jsonl(p),
        kinds=".txt, .md or .jsonl file",
    )


def _is_jsonl(path: Path, in_folder: bool = False) -> bool:
    hidden = in_folder and path.name.startswith(".")
    return path.suffix.lower() == JSONL and not hidden and path.is_file()


def count_inputs(sources: list[Path]) -> int:
    """How many articles the sources hold at most: one per text file, one per non-blank line."""
    total = 0
    for path in sources:
        if path.suffix.lower() == JSONL:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def read_sources(
    sources: list[Path], default_date: date | None = None
) -> Iterator[Article | Failure]:
    """Articles from the sources, lazily, with a Failure for each file or line that is unusable."""
    metas: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in sources:
        if path.suffix.lower() == JSONL:
            yield from read_jsonl_articles(path, default_date)
            continue
        if path.parent not in metas:
            try:
                metas[path.parent] = read_meta(path.parent)
            except InputError as err:
                metas[path.parent] = {}
                yield Failure(str(path.parent / "meta.json"), str(err))
        meta = metas[path.parent].get(path.name, {})
        try:
            if meta.get("date"):
                _check_date(meta["date"])
            text = decode_text(path.read_bytes(), str(path))
            if not text.strip():
                raise InputError(f"{path}: empty file")
            row = article_row(path.name, text, meta, str(path))
        except (InputError, OSError, ValueError) as err:
            yield Failure(str(path), _reason(err).removeprefix(f"{path}: "))
            continue
        yield _article(row, path.name, "", default_date)


def read_jsonl_articles(
    path: Path, default_date: date | None = None
) -> Iterator[Article | Failure]:
    """One article per line: `text` required; `id` (its name), `title`, `date`, `source`, `url`."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failure(str(path), f"cannot read: {err.strerror}")
        return
    with handle:
        yield from read_jsonl_lines(handle, str(path), path.name, default_date)


def read_jsonl_lines(
    lines: Iterable[bytes], where: str, name: str, default_date: date | None = None
) -> Iterator[Article | Failure]:
    """JSON lines as articles: a Failure at `where:line` for a bad line; an article with no `id`
    is named `name:line`."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
            yield _jsonl_article(item, f"{name}:{number}", default_date)
        except (ValueError, TypeError, InputError) as err:
            yield Failure(f"{where}:{number}", _reason(err))


def _jsonl_article(item: Any, fallback: str, default_date: date | None) -> Article:
    if not isinstance(item, dict):
        raise InputError("not a JSON object")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no `text` string")
    check_article_size(len(text.encode("utf-8")), "`text`")
    bad = [k for k in JSONL_FIELDS if item.get(k) is not None and not isinstance(item[k], str)]
    if bad:
        raise InputError(f"`{bad[0]}` is not a string")
    if item.get("date"):
        _check_date(item["date"])
    name = item.get("id") or fallback
    meta = {k: item[k] for k in ("title", "date", "source") if item.get(k)}
    row = article_row(name, normalize_newlines(text), meta)
    return _article(row, name, item.get("url") or "", default_date)


def table_articles(
    articles: pd.DataFrame, default_date: date | None = None
) -> Iterator[Article | Failure]:
    """Rows of an articles table (ARTICLE_FIELDS, e.g. `corpus.read_seeds()`) as articles to store.

    An article keeps its name; its path, when set, is stored as its url.
    """
    for row in articles.itertuples(index=False):
        text = row.text if isinstance(row.text, str) else ""
        if not text.strip():
            yield Failure(str(row.article), "empty text")
            continue
        item = {
            "title": row.title if isinstance(row.title, str) else "",
            "date": row.date if isinstance(row.date, date) else None,
            "source": row.source if isinstance(row.source, str) else "",
            "text": text,
        }
        yield _article(item, str(row.article), str(row.path or ""), default_date)


def _check_date(value: Any) -> None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"`date` is not a YYYY-MM-DD date: {value!r}") from None


def _article(row: dict[str, Any], name: str, url: str, default_date: date | None) -> Article:
    return Article(
        id=content_id(row["text"]),
        name=name,
        title=row["title"],
        date=row["date"] or default_date,
        source=row["source"] or "",
        url=url,
        text=row["text"],
    )


def _reason(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    if isinstance(err, json.JSONDecodeError):
        return f"not valid JSON ({err.msg})"
    if isinstance(err, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(err, OSError):
        return f"cannot read: {err.strerror}"
    return text


# How long a writing ingest waits for readers (a dashboard's queries) to let go of the store, and
# how long it holds the store before it lets go at the next batch boundary (closing a DuckDB file
# checkpoints it, which costs tens of milliseconds; so not after every batch).
WRITE_WAIT = 60.0
HOLD = 1.0
LET_IN = 0.03  # the pause after letting go, in which a waiting reader takes the file


def ingest(
    store: duckdb.DuckDBPyConnection | str | Path,
    items: Iterable[Article | Failure],
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = 128,
    on_batch: Callable[[Summary], None] | None = None,
    nlp: Language | None = None,
    submit: Runner | None = None,
) -> Summary:
    """Extract and store new articles, one transaction per batch; return what was done.

    `store` is an open connection, or the path of a store file: then the file is closed after a
    commit once held for HOLD seconds and opened again for the next batch, so a dashboard can read
    it while the ingest runs.
    `nlp`, if given, is the pipeline a single-process ingest uses (workers build their own).
    `submit`, if given, is a started `batch_runner` (its Runner) to use instead: one entered
    before the store was opened can fork its workers (see corpus.scale.batch_runner).
    """
    summary = Summary()
    with _writing(store) as writer:
        seen = stored_ids(writer.connection())

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                summary.failed.append(item)
            elif item.id in seen:
                summary.duplicates += 1
            else:
                seen.add(item.id)
                yield item

    def batches() -> Iterator[list[Article]]:
        stream = fresh()
        while batch := list(islice(stream, batch_size)):
            yield batch

    with ExitStack() as stack:
        if submit is None:
            submit = stack.enter_context(batch_runner(workers, scheduler, nlp))
        writer = stack.enter_context(_writing(store))
        for batch, rows in run_batches(submit, batches(), submit.window, key=_job):
            writer.write(batch, rows, summary)
            if on_batch:
                on_batch(summary)
    return summary


@contextmanager
def _writing(store: duckdb.DuckDBPyConnection | str | Path) -> Iterator[_Writer]:
    """A writer to the store, its file closed on exit."""
    writer = _Writer(store)
    try:
        yield writer
    finally:
        writer.close()


class _Writer:
    """Writes batches to a connection, or to a store file it opens when needed and closes again
    at the first batch boundary after holding it HOLD seconds, so that readers get in."""

    def __init__(self, store: duckdb.DuckDBPyConnection | str | Path) -> None:
        self.store = store
        self.con: duckdb.DuckDBPyConnection | None = None
        self.since = 0.0
        self.opened = 0

    def connection(self) -> duckdb.DuckDBPyConnection:
        if isinstance(self.store, duckdb.DuckDBPyConnection):
            return self.store
        if self.con is None:
            self.con = open_store(self.store, wait=WRITE_WAIT, migrate=not self.opened)
            self.since, self.opened = time.monotonic(), self.opened + 1
        return self.con

    def write(self, batch: list[Article], rows: Rows, summary: Summary) -> None:
        _store(self.connection(), batch, rows, summary)
        if self.con is not None and time.monotonic() - self.since >= HOLD:
            self.close(pause=LET_IN)

    def close(self, pause: float = 0.0) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
            time.sleep(pause)


def _job(article: Article) -> Job:
    return (article.id, article.text, article.date)


def _store(
    con: duckdb.DuckDBPyConnection, batch: list[Article], rows: Rows, summary: Summary
) -> None:
    ok = [a for a in batch if a.id not in rows.errors]
    summary.failed.extend(Failure(a.name, rows.errors[a.id]) for a in batch if a.id in rows.errors)
    write_batch(con, ok, rows.mentions, rows.links, rows.actors)
    summary.added += len(ok)
    summary.mentions += rows.mentions.num_rows
    summary.links += rows.links.num_rows
