"""Extraction over batches of articles: in this process, in N local processes, or on Dask.

Workers build their pipeline once (Dask workers at start-up with `--preload corpus.scale`) and send
back each batch's rows as Arrow column tables, with the per-article actor counts the store keeps,
never spaCy Docs: the process that writes the store only appends them. Results come back in the
order the batches went out, so every way of running stores the same rows.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import pyarrow as pa
from spacy.language import Language

from diplomap.corpus.articles import InputError
from diplomap.corpus.columns import ACTOR_FIELDS
from diplomap.extract import LINK_FIELDS, MENTION_FIELDS, extract_rows, make_pipeline

Job = tuple[str, str, date | None]  # (article id, text, date)


@dataclass
class Rows:
    """A batch's rows as Arrow tables (compact to send; DuckDB reads them without a copy), in
    extraction order, and the articles that failed (id -> reason) with none of their rows."""

    mentions: pa.Table  # MENTION_FIELDS
    links: pa.Table  # ("article", *LINK_FIELDS)
    actors: pa.Table  # ACTOR_FIELDS: mentions per article and actor, as the store keeps them
    errors: dict[str, str] = field(default_factory=dict)


class Pending(Protocol):
    """A future: concurrent.futures and Dask futures both have `result()`."""

    def result(self) -> Rows: ...


_local = threading.local()
_spare: list[Language] = []  # pipelines built ahead (dask_setup), for the first threads that ask


def worker_pipeline() -> Language:
    """One pipeline per worker thread (spaCy pipelines are not shared across threads), built once
    (or taken from those built as the worker started)."""
    nlp = getattr(_local, "nlp", None)
    if nlp is None:
        try:
            nlp = _spare.pop()
        except IndexError:
            nlp = make_pipeline()
        _local.nlp = nlp
    return nlp


def dask_setup(worker: Any = None) -> None:
    """Dask's preload hook (`dask worker --preload corpus.scale`): build a pipeline for each of
    the worker's threads as it starts, not when its first batch arrives."""
    threads = getattr(worker, "state", None)
    count = getattr(threads, "nthreads", None) or getattr(worker, "nthreads", 1) or 1
    _spare.extend(make_pipeline() for _ in range(count))


def extract_batch(jobs: list[Job], nlp: Language | None = None) -> Rows:
    """Extract a batch in this process (with `nlp`, else this thread's pipeline) into columns; an
    article that raises is reported, not fatal."""
    nlp = nlp or worker_pipeline()
    try:
        return _columns(list(extract_rows(nlp, jobs)), {})
    except Exception:
        pass
    rows, errors = [], {}
    for job in jobs:
        try:
            rows.extend(extract_rows(nlp, [job]))
        except Exception as err:
            errors[job[0]] = f"extraction failed: {type(err).__name__}: {err}"
    return _columns(rows, errors)


def _columns(rows: list[tuple[list[dict], list[dict]]], errors: dict[str, str]) -> Rows:
    """Per-article mention and link dicts as column tables, with the per-article actor counts."""
    mentions = [m for ms, _ in rows for m in ms]
    links = [lk for _, lks in rows for lk in lks]
    actors: Counter[tuple[str, str, str]] = Counter(
        (m["article"], m["code"], m["kind"]) for m in mentions
    )
    keys = list(actors)
    return Rows(
        mentions=pa.table({f: [m[f] for m in mentions] for f in MENTION_FIELDS}),
        links=pa.table({f: [lk[f] for lk in links] for f in ("article", *LINK_FIELDS)}),
        actors=pa.table(
            {
                **{f: [k[i] for k in keys] for i, f in enumerate(ACTOR_FIELDS[:3])},
                "mentions": [actors[k] for k in keys],
            }
        ),
        errors=errors,
    )


class _Done:
    """An already computed result, for the single-process path."""

    def __init__(self, value: Rows) -> None:
        self.value = value

    def result(self) -> Rows:
        return self.value


@dataclass(frozen=True)
class Runner:
    """Sends a batch of jobs to an engine (call it); `slots`: batches the engine extracts at once."""

    submit: Callable[[list[Job]], Pending]
    slots: int = 1

    def __call__(self, jobs: list[Job]) -> Pending:
        return self.submit(jobs)

    @property
    def window(self) -> int:
        """Batches to keep in flight: two per slot, so none waits while its results are stored;
        one (extract, then store) in this process."""
        return 2 * self.slots if self.slots > 1 else 1


@contextmanager
def batch_runner(
    workers: int = 1,
    scheduler: str | None = None,
    nlp: Language | None = None,
    fork: bool = False,
) -> Iterator[Runner]:
    """A Runner (`submit(batch) -> Pending`) for the chosen engine, shut down on exit.

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
            slots = sum(client.nthreads().values()) or 1
            yield Runner(lambda batch: client.submit(extract_batch, batch, pure=False), slots)
    elif workers > 1:
        context = _process_context(fork)
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker
        ) as pool:
            if context.get_start_method() == "fork":
                pool.submit(int)  # the first task forks every worker now, before the pool's thread
            yield Runner(lambda batch: pool.submit(extract_batch, batch), workers)
    else:
        yield Runner(lambda batch: _Done(extract_batch(batch, nlp)), 1)


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
) -> Iterator[tuple[list[Any], Rows]]:
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
