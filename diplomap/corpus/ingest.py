"""Ingest: article files, folders and JSON lines -> extraction in batches -> the store.

A bad file or line is reported and skipped; the good ones go in. Articles already stored (same
text) are skipped as duplicates before extraction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

import duckdb
import pandas as pd
from spacy.language import Language

from diplomap.corpus.inputs import (
    JSONL_SUFFIX,
    Failure,
    find_inputs,
    make_article,
    read_inputs,
)
from diplomap.corpus.scale import Job, Rows, Runner, batch_runner, run_batches
from diplomap.corpus.store import Article, open_store, stored_ids, write_batch
from diplomap.corpus.tables import count_sentences


@dataclass
class Summary:
    """What an ingest did."""

    added: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    mentions: int = 0
    links: int = 0  # link rows: one per pair, type, mode and sentence
    sentences: int = 0  # evidence sentences, the pages' unit: a sentence once per pair

    @property
    def seen(self) -> int:
        """Inputs dealt with so far."""
        return self.added + self.duplicates + len(self.failed)


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Article files (.txt, .md, .html) and JSON-lines files named directly or found in folders:
    the inputs every command reads (corpus.inputs)."""
    return find_inputs(paths)


def count_inputs(sources: list[Path]) -> int:
    """How many articles the sources hold at most: one per document, one per non-blank line."""
    total = 0
    for path in sources:
        if path.suffix.lower() == JSONL_SUFFIX:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def read_sources(
    sources: list[Path], default_date: date | None = None
) -> Iterator[Article | Failure]:
    """Articles from the sources, lazily, with a Failure for each file or line that is unusable."""
    return read_inputs(sources, default_date)


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
        yield make_article(item, str(row.article), str(row.path or ""), default_date)


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
    summary.sentences += count_sentences(
        rows.links.select(["article", "a", "b", "sent_start"]).to_pylist()
    )
