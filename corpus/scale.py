"""Extraction over batches of articles: in this process, in N local processes, or on Dask.

Workers build their pipeline once and send back plain rows (tuples), never spaCy Docs. Results come
back in the order the batches went out, so every way of running stores the same rows.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from spacy.language import Language

from corpus.articles import InputError
from extract import LINK_FIELDS, MENTION_FIELDS, extract_rows, make_pipeline

Job = tuple[str, str, date | None]  # (article id, text, date)


@dataclass
class Extracted:
    """One article's rows, or why it failed."""

    article: str
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[Any, ...]] = field(default_factory=list)
    error: str = ""


class Pending(Protocol):
    """A future: concurrent.futures and Dask futures both have `result()`."""

    def result(self) -> list[Extracted]: ...


_local = threading.local()


def worker_pipeline() -> Language:
    """One pipeline per worker thread (spaCy pipelines are not shared across threads), built once."""
    nlp = getattr(_local, "nlp", None)
    if nlp is None:
        nlp = _local.nlp = make_pipeline()
    return nlp


def extract_batch(jobs: list[Job], nlp: Language | None = None) -> list[Extracted]:
    """Extract a batch in this process (with `nlp`, else this thread's pipeline); an article that
    raises is reported, not fatal."""
    nlp = nlp or worker_pipeline()
    try:
        rows = list(extract_rows(nlp, jobs))
        return [_as_tuples(job[0], m, lk) for job, (m, lk) in zip(jobs, rows, strict=True)]
    except Exception:
        return [_extract_one(nlp, job) for job in jobs]


def _extract_one(nlp: Language, job: Job) -> Extracted:
    try:
        ((mentions, links),) = list(extract_rows(nlp, [job]))
    except Exception as err:
        return Extracted(job[0], error=f"extraction failed: {type(err).__name__}: {err}")
    return _as_tuples(job[0], mentions, links)


def _as_tuples(article: str, mentions: list[dict], links: list[dict]) -> Extracted:
    return Extracted(
        article,
        [tuple(m[f] for f in MENTION_FIELDS) for m in mentions],
        [(lk["article"], *(lk[f] for f in LINK_FIELDS)) for lk in links],
    )


class _Done:
    """An already computed result, for the single-process path."""

    def __init__(self, value: list[Extracted]) -> None:
        self.value = value

    def result(self) -> list[Extracted]:
        return self.value


@contextmanager
def batch_runner(
    workers: int = 1,
    scheduler: str | None = None,
    nlp: Language | None = None,
    fork: bool = False,
) -> Iterator[Any]:
    """A `submit(batch) -> Pending` for the chosen engine, shut down on exit.

    `nlp` is the pipeline for the single-process engine (default: this thread's own). Local
    workers build their pipeline as they start. With `fork` (Linux), they are forked from this
    process at once, which has spaCy imported already: much quicker than a fork server, but only
    safe before this process opens a DuckDB connection or starts threads of its own.
    """
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install 'diplomap[scale]'") from None
        try:
            client = Client(scheduler, timeout="10s", set_as_default=False)
        except (OSError, ValueError) as err:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        with client:
            yield lambda batch: client.submit(extract_batch, batch, pure=False)
    elif workers > 1:
        context = _process_context(fork)
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker
        ) as pool:
            if context.get_start_method() == "fork":
                pool.submit(int)  # the first task forks every worker now, before the pool's thread
            yield lambda batch: pool.submit(extract_batch, batch)
    else:
        yield lambda batch: _Done(extract_batch(batch, nlp))


def _start_worker() -> None:
    """A local worker's first step: its pipeline, built before the first batch comes."""
    worker_pipeline()


def _process_context(fork: bool = False) -> Any:
    """Fork (if asked, on Linux); else a fork server that has imported spaCy and the rules once
    (spawn where there is none)."""
    if fork and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload([__name__])
    return context


def run_batches(
    submit: Any, batches: Iterable[list[Any]], window: int, key: Any = None
) -> Iterator[tuple[list[Any], list[Extracted]]]:
    """Submit batches keeping at most `window` in flight; yield (batch, results) in order.

    `key` turns a batch item into a Job (default: the item is a Job).
    """
    flight: deque[tuple[list[Any], Pending | Future]] = deque()
    for batch in batches:
        jobs = [key(item) for item in batch] if key else batch
        flight.append((batch, submit(jobs)))
        if len(flight) >= window:
            done, pending = flight.popleft()
            yield done, pending.result()
    while flight:
        done, pending = flight.popleft()
        yield done, pending.result()
