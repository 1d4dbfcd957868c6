"""The corpus store: idempotent, crash-safe ingest; SQL aggregates; the same rows on every engine."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from diplomap.extract import FACTUAL_MODES

from diplomap.corpus import build_corpus, read_seeds
from diplomap.corpus.filters import FilterSpec, pair_keys
from diplomap.corpus.ingest import find_sources, ingest, read_sources, table_articles
from diplomap.corpus.queries import (
    count_articles,
    query_article,
    query_articles,
    query_by_day,
    query_choices,
    query_evidence,
    query_link_counts,
    query_link_totals,
    query_links,
    query_mentions,
    query_pair_keys,
    query_pairs,
    query_summary,
    query_view,
)
from diplomap.corpus.store import (
    SCHEMA_VERSION,
    StoreError,
    content_id,
    describe_store,
    load_corpus,
    open_memory_store,
    open_store,
    resolve_db_path,
)
from diplomap.corpus.summary import group_evidence
from tests.oracle import (
    count_by_day,
    count_mentions,
    count_pairs,
    count_sentences,
    count_sentences_by,
    filter_articles,
    filter_mentions,
    view_links,
)

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["France", "Germany", "China", "Russia", "Brazil", "India", "Kenya", "Japan", "Chile"]
SENTENCES = [
    "{A} and {B} signed a grain agreement on Monday.",
    "The president of {A} met the prime minister of {B} in the capital.",
    "{A} condemned {B} over the border shooting.",
    "{A} did not sanction {B}, a spokesperson said.",
    "Heavy snow closed the airport for a second day.",
    "Ministers from {A}, {B} and the EU discussed fishing quotas.",
    "The central bank kept interest rates unchanged.",
]


def make_articles(n: int, seed: int = 3) -> list[str]:
    """Articles of 4-8 sentences written from the templates above."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        parts = [f"Report number {i}."]
        for _ in range(rng.randint(4, 8)):
            a, b = rng.sample(NAMES, 2)
            parts.append(rng.choice(SENTENCES).format(A=a, B=b))
        articles.append(" ".join(parts))
    return articles


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": f"r{i}", "text": text, "date": "2024-03-01"}) + "\n")
    return path


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "diplomap.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def table_contents(db: Path) -> dict[str, pd.DataFrame]:
    """Every stored row, without insertion order or times, sorted for comparison."""
    con = open_store(db, read_only=True)
    try:
        out = {}
        for table, drop in (("articles", "seq, added"), ("mentions", "pos"), ("links", "pos")):
            frame = con.execute(f"SELECT * EXCLUDE ({drop}) FROM {table}").df()
            out[table] = frame.sort_values(list(frame.columns), ignore_index=True)
        return out
    finally:
        con.close()


def assert_same_store(one: Path, two: Path) -> None:
    a, b = table_contents(one), table_contents(two)
    for table in a:
        pd.testing.assert_frame_equal(a[table], b[table])


def test_db_path_order(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMAP_DB", str(tmp_path / "env.duckdb"))
    assert resolve_db_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"
    assert resolve_db_path(None) == tmp_path / "env.duckdb"
    monkeypatch.delenv("DIPLOMAP_DB")
    assert resolve_db_path(None).name == "diplomap.duckdb"


def test_ingest_twice_stores_once(tmp_path):
    db = tmp_path / "s.duckdb"
    first = run_cli("ingest", "seeds", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("2 added, 0 skipped as duplicates, 0 failed")
    # In the pages' unit, as `diplomap extract` and the Overview count them; and the rows stored.
    stats = json.loads(run_cli("stats", "--db", str(db), "--json").stdout)
    assert stats["evidence_sentences"] == 38
    assert f" 38 evidence sentences, {stats['links']} link rows) -> " in first.stdout
    before = table_contents(db)
    second = run_cli("ingest", "seeds", "--db", str(db))
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("0 added, 2 skipped as duplicates, 0 failed")
    after = table_contents(db)
    assert {t: len(f) for t, f in before.items()} == {t: len(f) for t, f in after.items()}
    stats = json.loads(run_cli("stats", "--db", str(db), "--json").stdout)
    assert stats["articles"] == 2
    assert stats["schema_version"] == SCHEMA_VERSION


def test_store_matches_in_memory_corpus(tmp_path, nlp):
    texts = make_articles(30)
    con = open_store(tmp_path / "s.duckdb")
    source = write_jsonl(tmp_path / "a.jsonl", texts)
    ingest(con, read_sources(find_sources([source])), batch_size=7)  # pair tables across batches
    stored = load_corpus(con)
    ids = [row[0] for row in con.execute("SELECT id FROM articles ORDER BY seq").fetchall()]
    assert ids == [content_id(t) for t in texts]
    assert list(stored.articles["article"]) == [f"r{i}" for i in range(len(texts))]
    assert all(d.isoformat() == "2024-03-01" for d in stored.articles["date"])
    memory = build_corpus(nlp, stored.articles)
    pd.testing.assert_frame_equal(stored.links, memory.links, check_dtype=False)
    pd.testing.assert_frame_equal(stored.mentions, memory.mentions, check_dtype=False)
    # The SQL aggregates give the pandas aggregates' rows, in the same order.
    pd.testing.assert_frame_equal(
        query_mentions(con), count_mentions(stored.mentions), check_dtype=False
    )
    pd.testing.assert_frame_equal(query_pairs(con), count_pairs(stored.links), check_dtype=False)
    pd.testing.assert_frame_equal(
        query_pairs(con, ("negated",)), count_pairs(stored.links, ("negated",)), check_dtype=False
    )
    con.close()


def test_jsonl_with_broken_lines(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"text": "France and Germany signed a treaty.", "title": "Treaty"}),
        "{not json",
        json.dumps({"title": "no text here"}),
        "",
        json.dumps({"text": "Chile condemned Peru.", "date": "2024-02-30"}),
        json.dumps(
            {"text": "Kenya and Japan signed a trade deal.", "url": "https://example.org/k"}
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = run_cli("ingest", str(path), "--db", str(db))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("2 added, 0 skipped as duplicates, 3 failed")
    assert "wire.jsonl:2: not valid JSON" in result.stdout
    assert "wire.jsonl:3: no `text` string" in result.stdout
    assert "wire.jsonl:5: `date` is not a YYYY-MM-DD date" in result.stdout
    con = open_store(db, read_only=True)
    rows = con.execute("SELECT name, title, url FROM articles ORDER BY seq").fetchall()
    con.close()
    assert rows == [
        ("wire.jsonl:1", "Treaty", ""),
        ("wire.jsonl:6", "Kenya and Japan signed a trade deal.", "https://example.org/k"),
    ]


def test_unknown_schema_version_is_refused(tmp_path):
    db = tmp_path / "s.duckdb"
    open_store(db).close()
    con = open_store(db)
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer than this diplomap reads"):
        open_store(db)
    result = run_cli("stats", "--db", str(db))
    assert result.returncode != 0
    assert result.stderr.strip().startswith("diplomap: error:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_version_1_store_is_migrated(tmp_path):
    db = tmp_path / "s.duckdb"
    con = open_store(db)
    ingest(con, read_sources(find_sources([write_jsonl(tmp_path / "a.jsonl", make_articles(12))])))
    expected, pairs = query_mentions(con), query_pairs(con)
    for table in ("actor_articles", "pair_totals", "pair_types"):  # what a version 1 store lacks
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE links DROP COLUMN venue")  # and what version 3 added
    con.execute("UPDATE schema_version SET version = 1")
    con.close()
    con = open_store(db, read_only=True)  # a reader upgrades it, as a writer would
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    pd.testing.assert_frame_equal(query_mentions(con), expected)
    pd.testing.assert_frame_equal(query_pairs(con), pairs)
    pd.testing.assert_frame_equal(pairs, count_pairs(load_corpus(con).links), check_dtype=False)
    pd.testing.assert_frame_equal(expected, count_mentions(load_corpus(con).mentions))
    assert load_corpus(con).links["venue"].isna().all()  # stored before venues: unknown
    con.close()


def test_a_pair_lists_every_type_of_its_sentences_and_a_version_3_store_is_counted_again(tmp_path):
    db = tmp_path / "s.duckdb"
    text = "Ghana's president met Togo's prime minister in Accra and signed a trade deal."
    con = open_store(db)
    ingest(con, read_sources(find_sources([write_jsonl(tmp_path / "a.jsonl", [text])])))
    kinds = set(load_corpus(con).links["type"])
    assert {"meeting", "economic"} <= kinds  # one sentence, two types
    pair = query_pairs(con).iloc[0]
    assert set(pair["types"].split(", ")) == kinds - {"other"}
    assert pair["links"] == 1  # and still one evidence sentence
    narrowed = query_pairs(con, start=date(2024, 1, 1))  # computed from the links, not kept
    assert narrowed.iloc[0]["types"] == pair["types"]
    # A version 3 store kept only each sentence's first type: opened, it is counted again.
    con.execute("DELETE FROM pair_types WHERE type = 'economic'")
    con.execute("UPDATE schema_version SET version = 3")
    con.close()
    con = open_store(db)
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    assert query_pairs(con).iloc[0]["types"] == pair["types"]
    pd.testing.assert_frame_equal(
        query_pairs(con), count_pairs(load_corpus(con).links), check_dtype=False
    )
    con.close()


def test_killed_ingest_leaves_whole_batches_and_a_rerun_completes(tmp_path):
    source = write_jsonl(tmp_path / "many.jsonl", make_articles(300))
    db, clean = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    args = [sys.executable, "-m", "diplomap.cli", "ingest", str(source), "--db", str(db)]
    proc = subprocess.Popen(
        [*args, "--batch-size", "10", "-v"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()  # blocks until the first batch has committed
    assert line.startswith("committed:"), line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    con = open_store(db, read_only=True)
    stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    orphans = con.execute(
        "SELECT count(*) FROM (SELECT article FROM links UNION SELECT article FROM mentions) r "
        "WHERE r.article NOT IN (SELECT id FROM articles)"
    ).fetchall()[0][0]
    con.close()
    assert 10 <= stored < 300
    assert stored % 10 == 0  # whole batches only
    assert orphans == 0

    rerun = run_cli("ingest", str(source), "--db", str(db))
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{300 - stored} added, {stored} skipped as duplicates")
    assert run_cli("ingest", str(source), "--db", str(clean)).returncode == 0
    assert_same_store(db, clean)


def test_workers_give_the_single_process_rows(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl", make_articles(40))
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert run_cli("ingest", str(source), "--db", str(one), "--batch-size", "8").returncode == 0
    result = run_cli("ingest", str(source), "--db", str(two), "--batch-size", "8", "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert_same_store(one, two)


def test_dask_gives_the_single_process_rows(tmp_path):
    pytest.importorskip("distributed")
    source = write_jsonl(tmp_path / "a.jsonl", make_articles(40))
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert run_cli("ingest", str(source), "--db", str(one), "--batch-size", "8").returncode == 0
    # The cluster runs in a process of its own (2 worker processes on 127.0.0.1), as a real one
    # would, so its spawned workers never re-run pytest's or AppTest's __main__.
    starter = (
        "import sys\n"
        "from distributed import LocalCluster\n"
        "with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host='127.0.0.1',"
        " dashboard_address=None) as c:\n"
        "    print(c.scheduler_address, flush=True)\n"
        "    sys.stdin.read()\n"
    )
    cluster = subprocess.Popen(
        [sys.executable, "-c", starter], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        address = cluster.stdout.readline().strip()
        assert address.startswith("tcp://127.0.0.1:"), address
        result = run_cli(
            "ingest", str(source), "--db", str(two), "--batch-size", "8", "--scheduler", address
        )
        assert result.returncode == 0, result.stderr
    finally:
        cluster.stdin.close()
        try:
            cluster.wait(timeout=60)
        except subprocess.TimeoutExpired:
            cluster.kill()
    assert_same_store(one, two)
    corpora = []
    for db in (one, two):
        con = open_store(db, read_only=True)
        corpora.append(load_corpus(con))
        con.close()
    pd.testing.assert_frame_equal(corpora[0].links, corpora[1].links)


def test_unreachable_scheduler_is_one_line(tmp_path):
    result = run_cli(
        "ingest", "seeds", "--db", str(tmp_path / "s.duckdb"), "--scheduler", "tcp://127.0.0.1:9"
    )
    assert result.returncode != 0
    assert result.stderr.strip().startswith("diplomap: error:")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_dashboard_totals_come_from_the_store_named_by_the_environment(tmp_path, monkeypatch):
    from diplomap.views import state

    db = tmp_path / "s.duckdb"
    con = open_store(db)
    ingest(con, read_sources(find_sources([write_jsonl(tmp_path / "a.jsonl", make_articles(5))])))
    expected = query_summary(con, FilterSpec(min_evidence=2))
    con.close()
    monkeypatch.setenv("DIPLOMAP_DB", str(db))
    spec = FilterSpec(min_evidence=2)
    view = state.get_view(spec)
    assert list(view.articles["article"]) == [f"r{i}" for i in range(5)]
    for got, want in zip(state.get_summary(view), expected, strict=True):
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    con = open_store(db)
    ingest(con, read_sources(find_sources([write_jsonl(tmp_path / "b.jsonl", make_articles(9))])))
    con.close()
    counts, _ = state.get_summary(state.get_view(spec))  # a new commit is seen
    assert counts["mentions"].sum() > expected[0]["mentions"].sum()
    assert state.get_article_total() == 9


def test_dashboard_stores_the_seeds_when_no_store_is_named(monkeypatch):
    from diplomap.views import state

    monkeypatch.delenv("DIPLOMAP_DB", raising=False)
    path = state.get_base()
    con = open_store(path, read_only=True)
    corpus = load_corpus(con)
    assert describe_store(con)["links"] == len(corpus.links) > 10
    con.close()
    assert list(corpus.articles["article"]) == list(read_seeds()["article"])
    specs = [FilterSpec(), FilterSpec(types=("meeting",)), FilterSpec(focus="RUS", min_evidence=2)]
    for spec in specs:
        links = view_links(corpus.links, corpus.articles, spec)
        mentions = filter_mentions(corpus.mentions, corpus.articles, spec)
        want = (count_mentions(mentions), count_pairs(links, tuple(links["mode"].unique())))
        for got, table in zip(state.get_summary(state.get_view(spec)), want, strict=True):
            pd.testing.assert_frame_equal(got, table, check_dtype=False)


# Specs whose SQL totals must equal pandas' on the filtered tables (dates: see filter_store).
FILTER_SPECS = [
    FilterSpec(),
    FilterSpec(min_evidence=3),
    FilterSpec(types=("cooperation",)),
    FilterSpec(types=("meeting", "legal", "nothing")),
    FilterSpec(quads=(1, 3)),
    FilterSpec(quads=(0, 4)),
    FilterSpec(focus="FRA"),
    FilterSpec(focus="RUS", modes=("asserted", "planned", "historical", "hypothetical", "negated")),
    FilterSpec(start=date(2024, 3, 3)),
    FilterSpec(end=date(2024, 3, 5)),
    FilterSpec(start=date(2023, 10, 17), end=date(2023, 10, 17)),
    FilterSpec(start=date(2024, 3, 3), end=date(2024, 3, 5), min_evidence=2),
    FilterSpec(modes=("negated", "hypothetical")),
    FilterSpec(modes=("asserted",), focus="CHN", types=("meeting", "cooperation")),
    FilterSpec(types=("meeting", "criticism"), quads=(1, 3), min_evidence=2, focus="RUS"),
    FilterSpec(focus="RUS", ego=True),
    FilterSpec(focus="CHN", ego=True, min_evidence=2, types=("meeting", "cooperation")),
]


@pytest.fixture(scope="module")
def filter_store(tmp_path_factory):
    """Generated articles, some undated, two sharing each name, on ten dates; plus the seeds."""
    path = tmp_path_factory.mktemp("filters") / "a.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(make_articles(60, seed=5)):
            item = {"id": f"r{i % 50}", "text": text}
            if i % 7:
                item["date"] = f"2024-03-{1 + i % 10:02d}"
            handle.write(json.dumps(item) + "\n")
    con = open_memory_store()
    ingest(con, read_sources(find_sources([path])), batch_size=9)
    ingest(con, table_articles(read_seeds()))
    yield con, load_corpus(con)
    con.close()


@pytest.mark.parametrize("spec", FILTER_SPECS, ids=lambda s: str(s.to_params() or "default"))
def test_sql_totals_through_filters_equal_pandas(filter_store, spec):
    con, corpus = filter_store
    counts, pairs = query_summary(con, spec)
    links = view_links(corpus.links, corpus.articles, spec)
    mentions = filter_mentions(corpus.mentions, corpus.articles, spec)
    expected = count_pairs(links, tuple(links["mode"].unique()))
    pd.testing.assert_frame_equal(counts, count_mentions(mentions), check_dtype=False)
    pd.testing.assert_frame_equal(pairs, expected, check_dtype=False, check_index_type=False)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_writes_every_table(tmp_path, fmt):
    db = tmp_path / "s.duckdb"
    assert run_cli("ingest", "seeds", "--db", str(db)).returncode == 0
    out = tmp_path / "out"
    result = run_cli("export", "--db", str(db), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    stats = json.loads(run_cli("stats", "--db", str(db), "--json").stdout)
    for table in ("articles", "mentions", "links"):
        read = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt]
        path = out / f"{table}.{fmt}"
        frame = read(path, lines=True) if fmt == "json" else read(path)
        assert len(frame) == stats[table]


@pytest.mark.parametrize("spec", FILTER_SPECS, ids=lambda s: str(s.to_params() or "default"))
def test_sql_view_through_filters_equals_pandas(filter_store, spec):
    con, corpus = filter_store
    links = view_links(corpus.links, corpus.articles, spec).reset_index(drop=True)
    mentions = filter_mentions(corpus.mentions, corpus.articles, spec).reset_index(drop=True)
    articles = filter_articles(corpus.articles, spec).reset_index(drop=True)
    got_articles, got_mentions, got_links = query_view(con, spec)
    pd.testing.assert_frame_equal(_nulls(got_links), _nulls(links), check_dtype=False)
    pd.testing.assert_frame_equal(got_mentions, mentions, check_dtype=False)
    pd.testing.assert_frame_equal(
        got_articles.drop(columns="text"), articles.drop(columns="text"), check_dtype=False
    )
    assert count_articles(con, spec) == len(articles)
    if spec.ego:
        assert query_pair_keys(con, spec) == sorted(pair_keys(links).unique())
        return
    keys = pair_keys(links) if not links.empty else pd.Series([], dtype=str)
    assert query_pair_keys(con, spec) == sorted(keys.unique())
    assert query_link_totals(con, spec) == {
        "links": len(links),
        "sentences": count_sentences(links),
        "pairs": keys.nunique(),
        "articles": links["article"].nunique(),
    }
    by_type = query_link_counts(con, spec, "type")
    assert by_type.to_dict() == count_sentences_by(links, "type").to_dict()
    # Evidence sentences: the SQL page, grouped, is the pandas grouping's rows.
    evidence = group_evidence(query_evidence(con, spec))
    assert len(evidence) == count_sentences(links)
    expected_rows = group_evidence(links)
    assert list(evidence["sentence"]) == list(expected_rows["sentence"])
    assert [list(t) for t in evidence["types"]] == [list(t) for t in expected_rows["types"]]
    by_day = count_by_day(links, corpus.articles)
    expected = by_day.sort_values(["day", "quad"], ignore_index=True)
    pd.testing.assert_frame_equal(query_by_day(con, spec), expected, check_dtype=False)
    if not links.empty:
        pair = tuple(keys.iloc[-1].split("–"))
        article = links["article"].iloc[-1]
        chosen = links[(keys == keys.iloc[-1]) & (links["article"] == article)]
        page = query_links(con, spec, pair=pair, article=article, limit=2, offset=1)
        pd.testing.assert_frame_equal(
            _nulls(page), _nulls(chosen.iloc[1:3].reset_index(drop=True)), check_dtype=False
        )


def _nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None, whichever way a column holds them (NaN from SQL, None in memory)."""
    return frame.astype(object).where(frame.notna(), None)


def test_one_article_with_its_mentions(filter_store):
    con, corpus = filter_store
    name = corpus.articles["article"].iloc[3]
    row, mentions = query_article(con, name)
    assert row["text"] == corpus.articles["text"].iloc[3]
    expected = corpus.mentions[corpus.mentions["article"] == name].reset_index(drop=True)
    pd.testing.assert_frame_equal(mentions, expected, check_dtype=False)
    assert query_article(con, "no such article")[0] == {}
    listed = query_articles(con, FilterSpec(), limit=len(corpus.articles), counts=True)
    assert list(listed["article"]) == list(corpus.articles["article"])
    factual = corpus.links[corpus.links["mode"].isin(FACTUAL_MODES)]
    per_article = (  # evidence sentences: once per pair and sentence
        factual.assign(lo=factual[["a", "b"]].min(axis=1), hi=factual[["a", "b"]].max(axis=1))
        .drop_duplicates(["article", "lo", "hi", "sent_start"])
        .groupby("article")
        .size()
    )
    assert listed.set_index("article")["links"].to_dict() == {
        name: int(per_article.get(name, 0)) for name in listed["article"]
    }
    assert listed["mentions"].sum() == len(corpus.mentions)
    types, actors, bounds = query_choices(con)
    assert types == sorted(corpus.links["type"].unique())
    assert set(actors) == set(corpus.links["a"]) | set(corpus.links["b"]) | set(
        corpus.mentions["code"]
    )
    days = [d for d in corpus.articles["date"] if isinstance(d, date)]
    assert bounds == (min(days), max(days))


def test_a_reader_gets_in_between_the_batches_of_a_running_ingest(tmp_path):
    from diplomap.corpus.store import StoreBusyError

    source = write_jsonl(tmp_path / "many.jsonl", make_articles(1200))  # a few seconds
    db = tmp_path / "shared.duckdb"
    args = [sys.executable, "-m", "diplomap.cli", "ingest", str(source), "--db", str(db)]
    proc = subprocess.Popen(
        [*args, "--batch-size", "10", "-v"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith("committed:")  # the store exists now
    seen, busy = [], 0
    while proc.poll() is None:
        try:
            con = open_store(db, read_only=True, wait=3.0)  # as the dashboard opens it
        except StoreBusyError:
            busy += 1
            continue
        seen.append(con.execute("SELECT count(*) FROM articles").fetchall()[0][0])
        con.close()
    proc.stderr.read()
    assert proc.wait() == 0
    assert busy == 0
    assert len(set(seen)) > 1, seen  # reads saw the store grow while the ingest ran
    assert seen == sorted(seen)
    assert all(n % 10 == 0 for n in seen)  # whole batches only
    con = open_store(db, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 1200
    con.close()


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)")
con.execute("INSERT INTO held VALUES (1)")
print("holding", flush=True)
sys.stdin.read()
"""


def overview_page():
    from diplomap.views import overview

    overview.render()


def test_the_dashboard_shows_the_last_read_store_while_another_process_holds_it(
    tmp_path, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    from diplomap.views import state

    db = tmp_path / "s.duckdb"
    ingest(db, read_sources(find_sources([write_jsonl(tmp_path / "a.jsonl", make_articles(6))])))
    monkeypatch.setenv("DIPLOMAP_DB", str(db))
    monkeypatch.setattr(state, "READ_WAIT", 0.3)
    at = AppTest.from_function(overview_page, default_timeout=120).run()
    assert not at.exception
    assert at.metric[0].value == "6"
    assert not at.info
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"  # and the store has changed
        at.run()
        assert not at.exception
        assert at.metric[0].value == "6"  # the corpus read last
        assert "store is busy" in at.info[0].value
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    at.run()
    assert not at.exception
    assert not at.info


def evidence_page():
    from diplomap.views import evidence

    evidence.render()


def test_evidence_page_pages_a_store_and_says_how_much_there_is(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from diplomap.views import evidence

    db = tmp_path / "s.duckdb"
    ingest(db, read_sources(find_sources([write_jsonl(tmp_path / "a.jsonl", make_articles(30))])))
    monkeypatch.setenv("DIPLOMAP_DB", str(db))
    monkeypatch.setattr(evidence, "ARTICLES_LISTED", 5)
    con = open_store(db, read_only=True)
    links = query_link_totals(con, FilterSpec())["sentences"]
    con.close()
    at = AppTest.from_function(evidence_page, default_timeout=120).run()
    assert not at.exception
    # The newest first (the last stored), so an article just added is at the top.
    shown = at.selectbox(key="evidence_article").options  # by title: the text's first line
    assert [o.split(".")[0] for o in shown] == [f"Report number {i}" for i in range(29, 24, -1)]
    assert any("The newest 5 of 30 articles" in c.value for c in at.caption)
    assert at.markdown[0].value.startswith(f"{links:,} evidence sentences")
    assert links > evidence.PER_PAGE
    page = at.number_input(key="evidence_page")
    assert page.max == -(-links // evidence.PER_PAGE)
    page.set_value(2).run()
    assert not at.exception
    fresh = AppTest.from_function(evidence_page, default_timeout=120)
    fresh.query_params["article"] = "r20"  # past the listed ones: it joins the list
    fresh.run()
    assert not fresh.exception
    assert fresh.selectbox(key="evidence_article").value == "r20"
    assert fresh.selectbox(key="evidence_open").value == "r20"


def test_the_overview_says_which_store_it_shows(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    db = tmp_path / "named.duckdb"
    assert run_cli("ingest", str(ROOT / "seeds"), "--db", str(db)).returncode == 0
    monkeypatch.setenv("DIPLOMAP_DB", str(db))
    at = AppTest.from_string(
        "from diplomap.views import overview\noverview.render()", default_timeout=120
    )
    text = " ".join(m.value for m in at.run().markdown)
    assert "Showing the store /" in text  # the path, Markdown-escaped
    assert "named\\.duckdb" in text
    assert "seed corpus" not in text
