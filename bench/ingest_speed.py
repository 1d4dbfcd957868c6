"""Time `diplomap ingest` into a fresh store: one process, --workers 2, and a 2-worker Dask cluster.

Generates (or takes with --corpus) a folder of at least 1 million words (bench/extract_speed.py's
sentences), then ingests it into a new DuckDB store in a fresh process per run, the engines
alternating, --rounds times. Prints words per second (median), the speed-up over one process, the
parent's CPU time (reading, hashing, writing the store), and peak memory per process (the parent
that writes the store, and each extraction worker).

Each Dask run gets a new LocalCluster (2 worker processes, 1 thread each, on 127.0.0.1), started
before the clock starts, as a long-running cluster would be: "cold" workers build their pipeline
when the first batch comes (inside the timing); "preloaded" ones at start-up, as `dask worker
--preload corpus.scale` does.

Usage: python bench/ingest_speed.py [--words 1000000] [--rounds 1] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_speed import make_corpus

ENGINES = ("1 process", "--workers 2", "Dask, cold", "Dask, preloaded")


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_worker(corpus: Path, db: Path, workers: int, scheduler: str | None) -> None:
    """In a fresh process: ingest the corpus and print a JSON line with time and memory."""
    import threading

    import psutil

    from diplomap.corpus.ingest import find_sources, ingest, read_sources
    from diplomap.corpus.scale import batch_runner

    peaks: dict[int, float] = {}
    done = threading.Event()

    def watch() -> None:  # the local workers are children of the fork server, so poll for them
        me = psutil.Process()
        while not done.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                peaks[child.pid] = max(peaks.get(child.pid, 0), rss)

    threading.Thread(target=watch, daemon=True).start()
    start = time.perf_counter()  # worker start-up counts: the runner starts first, as in the CLI
    with batch_runner(workers, scheduler, fork=True) as submit:
        summary = ingest(
            db,
            read_sources(find_sources([corpus])),
            workers=workers,
            scheduler=scheduler,
            submit=submit,
        )
        seconds = time.perf_counter() - start
    done.set()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    worker_mb = []
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            got = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            worker_mb = sorted(got.values())
    elif workers > 1:
        worker_mb = sorted(peaks.values())[-workers:]  # the workers, not the idle fork server
    print(
        json.dumps(
            {
                "seconds": seconds,
                "added": summary.added,
                "links": summary.links,
                "parent_mb": _peak_mb(resource.RUSAGE_SELF),
                "parent_cpu": usage.ru_utime + usage.ru_stime,
                "worker_mb": worker_mb,
            }
        )
    )


def _spin(_: int) -> float:
    start, total = time.perf_counter(), 0
    for i in range(20_000_000):
        total += i
    return time.perf_counter() - start


def machine_parallelism() -> float:
    """How much faster 2 processes do 2 units of pure-Python work than 1 process: the ceiling."""
    from concurrent.futures import ProcessPoolExecutor

    one = _spin(0) * 2
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(_spin, range(2)))
        two = time.perf_counter() - start
    return one / two


def run_engine(corpus: Path, tmp: Path, engine: str, scheduler: str | None, n: int) -> dict:
    db = tmp / f"bench_{n}.duckdb"
    cmd = [sys.executable, __file__, "--worker", "--corpus", str(corpus), "--db", str(db)]
    if engine == "--workers 2":
        cmd += ["--workers", "2"]
    elif engine.startswith("Dask"):
        cmd += ["--scheduler", scheduler or ""]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.remove(db)
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--scheduler")
    args = parser.parse_args()
    if args.worker:
        run_worker(args.corpus, args.db, args.workers, args.scheduler)
        return
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            corpus.mkdir()
            words = make_corpus(corpus, args.words)
        else:
            words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        files = len(list(corpus.glob("*.txt")))
        print(f"corpus: {words:,} words in {files:,} articles; {os.cpu_count()} cores")
        print(
            f"machine: 2 processes of pure-Python work run {machine_parallelism():.2f}x as fast "
            "as 1 (the ceiling for any speed-up here)"
        )
        results: dict[str, list[dict]] = {e: [] for e in ENGINES}
        n = 0
        for _ in range(args.rounds):
            for engine in ENGINES:
                n += 1
                if engine.startswith("Dask"):
                    preload = ["diplomap.corpus.scale"] if "preloaded" in engine else []
                    with LocalCluster(
                        n_workers=2,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        preload=preload,
                    ) as cluster:
                        result = run_engine(corpus, Path(tmp), engine, cluster.scheduler_address, n)
                else:
                    result = run_engine(corpus, Path(tmp), engine, None, n)
                results[engine].append(result)
        base = statistics.median(r["seconds"] for r in results[ENGINES[0]])
        for engine, rs in results.items():
            med = statistics.median(r["seconds"] for r in rs)
            workers = max((max(r["worker_mb"], default=0) for r in rs), default=0)
            cpu = statistics.median(r["parent_cpu"] for r in rs)
            memory = f"parent CPU {cpu:.1f} s, peak {max(r['parent_mb'] for r in rs):.0f} MB"
            if workers:
                memory += f", worker peak {workers:.0f} MB"
            print(
                f"{engine:16} median {med:6.2f} s  {words / med:>9,.0f} words/s  "
                f"speed-up {base / med:4.2f}x  {memory}  ({rs[0]['added']} articles, "
                f"{rs[0]['links']} links)"
            )


if __name__ == "__main__":
    main()
