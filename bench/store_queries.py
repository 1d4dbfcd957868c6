"""Time the dashboard's aggregate queries over a store holding 100,000 articles' links.

Rows are generated directly (no extraction): each article gets 20-60 mentions and 5-25 links between
countries and blocs, in sentences that repeat, with a realistic mix of types and modes. Prints the
table sizes and the median of --rounds runs of each query (and of loading the whole corpus).

With --page, it also times the dashboard's first page load against that store (server-side:
Streamlit's AppTest running dashboard.py, sidebar and overview, in a fresh process; imports done
before the clock starts), and the next load. --before DIR does the same with another version's tree
(e.g. `git archive HEAD | tar -x -C DIR`), alternating, for a before/after figure.

Usage: python bench/store_queries.py [--articles 100000] [--rounds 7] [--db FILE]
                                     [--page] [--before DIR] [--page-rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from diplomap.extract.gazetteer import load_gazetteer

from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.queries import query_mentions, query_pairs, query_summary
from diplomap.corpus.store import MIGRATIONS, SCHEMA_VERSION, load_corpus, open_store

TYPES = ["meeting", "cooperation", "criticism", "conflict", "economic", "legal", "other"]
MODES = ["asserted"] * 8 + ["planned", "historical", "negated", "hypothetical"]
SENTENCE = "Officials from both sides met in the capital to discuss trade, energy and security."


def insert(con, table: str, frame: pd.DataFrame) -> None:
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    con.register("_generated", frame)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _generated")
    con.unregister("_generated")


def fill_store(con, n_articles: int, seed: int = 11) -> None:
    """Write generated articles, mentions and links straight into the store's tables."""
    rng = np.random.default_rng(seed)
    gaz = load_gazetteer()
    codes = np.array(
        [c["code"] for c in gaz.countries if c["status"] == "un_member"] + sorted(gaz.bloc_codes)
    )
    weights = 1 / np.arange(1, len(codes) + 1)  # a few actors dominate, as in the news
    weights /= weights.sum()
    ids = np.array([f"{i:064x}" for i in range(n_articles)])
    day0 = date(2024, 1, 1)
    articles = pd.DataFrame(
        {
            "id": ids,
            "name": [f"a{i}.txt" for i in range(n_articles)],
            "title": "Generated article",
            "date": [day0 + timedelta(days=int(d)) for d in rng.integers(0, 365, n_articles)],
            "source": "bench",
            "url": "",
            "text": SENTENCE,
            "seq": np.arange(n_articles),
        }
    )
    insert(con, "articles", articles)
    n_m = rng.integers(20, 61, n_articles)
    m_art = np.repeat(ids, n_m)
    mentions = pd.DataFrame(
        {
            "pos": np.arange(len(m_art)),
            "article": m_art,
            "code": rng.choice(codes, len(m_art), p=weights),
            "kind": "country",
            "via": "name",
            "text": "Name",
            "start": rng.integers(0, 3000, len(m_art)),
            "end": 0,
            "sent_start": 0,
        }
    )
    mentions["end"] = mentions["start"] + 6
    mentions.loc[mentions["code"].str.len() != 3, "kind"] = "bloc"
    insert(con, "mentions", mentions)
    con.execute(  # what corpus.store.write_batch keeps per batch
        "INSERT INTO actor_articles SELECT article, code, kind, count(*) FROM mentions GROUP BY ALL"
    )
    n_l = rng.integers(5, 26, n_articles)
    l_art = np.repeat(ids, n_l)
    size = len(l_art)
    a = rng.choice(codes, size, p=weights)
    b = rng.choice(codes, size, p=weights)
    same = a == b
    b[same] = codes[(np.searchsorted(codes, b[same]) + 1) % len(codes)]
    sent_start = rng.integers(0, 40, size) * 90
    links = pd.DataFrame(
        {
            "pos": np.arange(size),
            "article": l_art,
            "a": a,
            "b": b,
            "type": rng.choice(TYPES, size),
            "event": "CONSULT",
            "quad": rng.integers(1, 5, size),
            "score": rng.integers(-10, 11, size).astype(float),
            "mode": rng.choice(MODES, size),
            "sentence": SENTENCE,
            "sent_start": sent_start,
            "a_text": "A",
            "a_start": sent_start,
            "a_end": sent_start + 1,
            "b_text": "B",
            "b_start": sent_start + 10,
            "b_end": sent_start + 11,
            "cue": "met",
            "cue_start": sent_start + 5,
            "cue_end": sent_start + 8,
        }
    )
    insert(con, "links", links)
    for statement in MIGRATIONS[2][-2:]:  # the kept pair tables, as write_batch keeps them
        con.execute(statement)
    con.execute("CHECKPOINT")


def median_seconds(fn, rounds: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


PAGE_LOAD = """
import json, sys, time
sys.path.insert(0, {root!r})
import diplomap.views.overview, views.filters, views.state  # imports before the clock
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=600)
start = time.perf_counter()
at.run()
first = time.perf_counter() - start
start = time.perf_counter()
at.run()
again = time.perf_counter() - start
assert not at.exception, at.exception
print(json.dumps({{"first": first, "again": again, "articles": at.metric[0].value}}))
"""


def time_page(root: Path, db: Path) -> dict:
    """The first and a second load of dashboard.py's default page, in a fresh process."""
    code = PAGE_LOAD.format(root=str(root), app=str(root / "dashboard.py"))
    env = {**os.environ, "DIPLOMAP_DB": str(db), "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def compare_pages(db: Path, before: Path | None, rounds: int) -> None:
    trees = {"after (this tree)": Path(__file__).resolve().parent.parent}
    if before is not None:
        trees = {"before": before.resolve(), **trees}
    times: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(rounds):
        for name, root in trees.items():
            times[name].append(time_page(root, db))
    for name, runs in times.items():
        first = statistics.median(r["first"] for r in runs)
        again = statistics.median(r["again"] for r in runs)
        print(
            f"first page load, {name:17} median {first:6.2f} s, next load {again:5.2f} s "
            f"({runs[0]['articles']} articles; {rounds} runs)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", type=Path, help="keep the generated store here (reused if there)")
    parser.add_argument("--page", action="store_true", help="time the first page load too")
    parser.add_argument("--before", type=Path, help="another version's tree to compare with")
    parser.add_argument("--page-rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if path.exists():
            print(f"reusing {path}")
        else:
            con = open_store(path)
            start = time.perf_counter()
            fill_store(con, args.articles)
            con.close()
            print(f"generated in {time.perf_counter() - start:.1f} s (schema v{SCHEMA_VERSION})")
        con = open_store(path, read_only=True)
        for table in ("articles", "mentions", "links"):
            (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0]
            print(f"{table:9} {count:>12,} rows")
        print(f"store file: {path.stat().st_size / 2**20:,.0f} MB")
        queries = {
            "mentions per actor (query_mentions)": lambda: query_mentions(con),
            "links per pair (query_pairs)": lambda: query_pairs(con),
            "negated pairs (query_pairs, modes)": lambda: query_pairs(con, ("negated",)),
            "min evidence 3 (query_pairs)": lambda: query_pairs(con, min_evidence=3),
            "one month (query_summary, dates)": lambda: query_summary(
                con, FilterSpec(start=date(2024, 3, 1), end=date(2024, 3, 31))
            )[1],
            "focus USA, 2 types (query_summary)": lambda: query_summary(
                con, FilterSpec(focus="USA", types=("meeting", "conflict"))
            )[1],
            "every filter (query_summary)": lambda: query_summary(
                con,
                FilterSpec(
                    types=("meeting", "conflict", "cooperation"),
                    quads=(1, 3),
                    modes=("asserted", "negated"),
                    min_evidence=2,
                    start=date(2024, 2, 1),
                    end=date(2024, 9, 30),
                ),
            )[1],
        }
        for name, fn in queries.items():
            med, times = median_seconds(fn, args.rounds)
            rows = len(fn())
            print(
                f"{name:38} median {med:6.3f} s  (min {min(times):.3f}, max {max(times):.3f}; "
                f"{rows:,} rows; target <= 0.5 s)"
            )
        med, _ = median_seconds(lambda: load_corpus(con), 1)
        print(f"{'for comparison: load_corpus (all rows)':38} {med:6.1f} s, once")
        con.close()
        if args.page or args.before:
            compare_pages(path, args.before, args.page_rounds)


if __name__ == "__main__":
    main()
