"""Nothing lost: an ingest of 10,000 articles killed with SIGKILL at random points always leaves a
store that opens, with no half-stored article, and a rerun makes it equal to a clean run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 10_000
KILLS = 3
STATES = ["France", "Germany", "Japan", "Brazil", "Kenya", "India", "Chile", "Egypt", "Peru"]
VERBS = ["met", "signed a trade deal with", "condemned", "hosted", "sanctioned", "visited"]


def write_corpus(path: Path, n: int, seed: int = 11) -> Path:
    """`n` short articles (written for this test), one per JSON line, each text different."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a, b = rng.sample(STATES, 2)
            text = (
                f"Report {i}. {a} {rng.choice(VERBS)} {b} on day {i % 28 + 1}. "
                f"Officials in {b} said talks would go on. Markets were calm."
            )
            out.write(json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": text}) + "\n")
    return path


def ingest_args(source: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "diplomap.cli", "ingest", str(source), "--db", str(db)]


def per_article(db: Path) -> dict[str, tuple[int, int]]:
    """Each stored article's (mentions, links) counts; the store must open read-only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """SELECT a.id,
                      (SELECT count(*) FROM mentions m WHERE m.article = a.id),
                      (SELECT count(*) FROM links l WHERE l.article = a.id)
               FROM articles a"""
        ).fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM (SELECT article FROM links UNION SELECT article FROM mentions) r "
            "WHERE r.article NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    finally:
        con.close()
    assert orphans == 0, f"{orphans} articles have rows but no article record"
    return {article: (m, lk) for article, m, lk in rows}


def table_rows(db: Path, table: str, columns: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_sigkill_at_random_points_loses_nothing(tmp_path):
    source = write_corpus(tmp_path / "reports.jsonl", ARTICLES)
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    done = subprocess.run(ingest_args(source, clean), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    expected = per_article(clean)
    assert len(expected) == ARTICLES

    rng = random.Random(5)
    seen = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [*ingest_args(source, killed), "--batch-size", "200", "-v"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        # Let some batches commit, then kill at a random moment inside the next one.
        for _ in range(rng.randint(1, 4)):
            line = proc.stderr.readline()
            assert line.startswith("committed:"), line
        time.sleep(rng.uniform(0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stored = per_article(killed)  # opens after every kill
        # Every stored article is whole: the rows a clean run gives it, no fewer.
        assert all(stored[a] == expected[a] for a in stored)
        assert len(stored) > seen  # each run got further
        seen = len(stored)
    assert seen < ARTICLES

    rerun = subprocess.run(ingest_args(source, killed), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{ARTICLES - seen} added, {seen} skipped as duplicates")
    assert per_article(killed) == expected
    for table, columns in (
        ("articles", "id, name, title, text"),
        ("mentions", 'article, code, kind, via, text, start, "end"'),
        ("links", "article, a, b, type, mode, sentence, cue"),
    ):
        assert table_rows(killed, table, columns) == table_rows(clean, table, columns), table
