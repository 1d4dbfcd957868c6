"""The `diplomap` command as a user runs it: output shapes, and one-line errors on bad input."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "eval" / "gold_seeds.jsonl"
LINK_KEYS = {"a", "b", "type", "article", "sentence", "a_start", "a_end", "b_start", "b_end"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "diplomap.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, needle: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("diplomap: error:")
    assert needle in lines[0]


def test_extract_seeds_prints_the_expected_links():
    result = run("extract", "seeds")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]  # stdout: links only
    assert rows
    # The summary goes to stderr, one line, in the pages' unit.
    assert result.stderr.splitlines() == [
        f"{len(rows)} links (38 evidence sentences) from 2 articles"
    ], result.stderr
    assert all(row.keys() >= LINK_KEYS for row in rows)
    pairs = {frozenset((r["a"], r["b"])) for r in rows}
    assert {frozenset(p) for p in [("CHN", "RUS"), ("HUN", "RUS"), ("CHN", "EU")]} <= pairs
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    for r in rows:
        text = texts[r["article"]]
        assert text[r["a_start"] : r["a_end"]] in r["sentence"]
        assert text[r["b_start"] : r["b_end"]] in r["sentence"]


def test_extract_writes_a_file(tmp_path):
    out = tmp_path / "links.jsonl"
    result = run("extract", "seeds/000_fd8e0b73a57fc3dc.txt", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text().count("\n") > 3


def test_extract_counts_evidence_sentences_once_per_pair_as_the_pages_do(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # One sentence, one pair, two types (meeting and economic): one evidence sentence.
    (folder / "a.txt").write_text(
        "Ghana's president met Togo's prime minister in Accra and signed a trade deal.\n"
    )
    out = tmp_path / "links.jsonl"
    result = run("extract", str(folder), "-o", str(out), "--date", "2023-10-17")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) >= 2, rows
    assert "(1 evidence sentence)" in result.stderr, result.stderr


@pytest.mark.skipif(not GOLD.exists(), reason="the team's gold file sits outside the repository")
def test_evaluate_json_prints_one_object():
    result = run("evaluate", "--gold", str(GOLD), "--articles", "seeds", "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) == {"countries", "blocs", "links", "typed_links", "articles"}
    assert scores["articles"] == 2
    for key in ("countries", "blocs", "links", "typed_links"):
        assert set(scores[key]) == {"precision", "recall", "f1"}


def test_evaluate_with_own_gold(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Ghana's president spoke by telephone with Togo's prime minister on Friday.",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    line = {
        "file": "a.txt",
        "countries": ["GHA", "TGO"],
        "blocs": [],
        "links": [{"a": "GHA", "b": "TGO", "type": "meeting", "evidence": "x"}],
    }
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run("evaluate", "--gold", str(gold), "--articles", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["countries"]["f1"] == 1.0
    assert scores["links"]["f1"] == 1.0
    assert scores["typed_links"]["recall"] == 1.0


def test_missing_path():
    assert_one_line_error(run("extract", "no/such/dir"), "no such file or folder")


def test_binary_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe\x00binary")
    assert_one_line_error(run("extract", str(bad)), "bad.txt")


def test_latin1_file_is_refused_clearly(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Caf\xe9 in Paris".encode("latin-1"))
    assert_one_line_error(run("extract", str(bad)), "not UTF-8")


def test_unwritable_output(tmp_path):
    assert_one_line_error(
        run("extract", "seeds", "-o", str(tmp_path / "no" / "dir" / "x")), "cannot write"
    )


def test_bad_gold_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"file": "000_fd8e0b73a57fc3dc.txt"}\n{not json\n', encoding="utf-8")
    assert_one_line_error(
        run("evaluate", "--gold", str(gold), "--articles", "seeds"), "gold.jsonl:2"
    )


def test_gold_naming_a_missing_article(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"file": "nope.txt", "countries": []}\n', encoding="utf-8")
    assert_one_line_error(run("evaluate", "--gold", str(gold), "--articles", "seeds"), "nope.txt")


def test_missing_gold_file():
    assert_one_line_error(
        run("evaluate", "--gold", "nope.jsonl", "--articles", "seeds"), "nope.jsonl"
    )


def test_icc_json():
    result = run("icc", "--on", "2025-06-01", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sum(r["status"] == "party" for r in rows) == 125
    assert {"iso3", "name", "status", "since"} <= rows[0].keys()


def test_bad_date_is_a_usage_error():
    result = run("icc", "--on", "yesterday")
    assert result.returncode == 2
    assert_one_line_error(result, "argument --on: not a date (YYYY-MM-DD): 'yesterday'")


# ---- one language: the same inputs, help everywhere, one-line errors (run as `python -m diplomap`)

PAGE = b"""<html><head><title>Fisheries accord</title></head><body><article>
<h1>Fisheries accord</h1>
<p>Chile signed a fisheries accord with Peru in Lima on Monday, the two governments said in a
joint statement after two days of talks between their delegations.</p>
<p>Officials from both countries described the agreement as a step toward closer cooperation on
the shared coastline and the fish stocks that cross it every season.</p>
</article></body></html>"""
LINES = (
    json.dumps(
        {"id": "wire-1", "text": "The French president signed a treaty with Germany in Paris."}
    )
    + "\n\n"
    + json.dumps({"text": "Kenya met Uganda in Kampala.", "date": "2024-02-01"})
    + "\n"
)
HEX64 = r"[0-9a-f]{64}"


def run_m(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "diplomap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A folder with one article of each kind: text, HTML, and JSON lines (two articles)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "note.txt").write_text("Japan met India in Delhi.\n", encoding="utf-8")
    (folder / "page.html").write_bytes(PAGE)
    (folder / "wire.jsonl").write_text(LINES, encoding="utf-8")
    return folder


def test_version():
    result = run_m("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"diplomap \d+\.\d+\.\d+\S*\n", result.stdout)


def test_no_command_is_one_line():
    assert_one_line_error(run_m(), "choose a command: extract, evaluate, icc")


def test_every_option_has_help_and_every_command_examples():
    from diplomap.cli import RUNS
    from diplomap.cli_args import build_parser

    parser = build_parser(RUNS)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == set(RUNS)
    for name, command in [("diplomap", parser), *commands.choices.items()]:
        for action in command._actions:
            assert action.help, (name, action.dest)
        examples = command.epilog.split("examples:\n")[1].splitlines()
        assert 1 <= len(examples) <= 2, name
        assert all(line.strip().startswith(("diplomap ", "DIPLOMAP_")) for line in examples)
    result = run_m("icc", "--help")
    assert result.returncode == 0
    assert result.stdout.rstrip().splitlines()[-1].strip().startswith("diplomap icc --on")


def test_one_reader_for_extract_ingest_and_uploads(inputs):
    from diplomap.corpus import read_articles
    from diplomap.corpus.ingest import find_sources, read_sources
    from diplomap.corpus.uploads import read_files

    keys = ["article", "title", "date", "text"]
    extract = read_articles([inputs], lines_in_folders=True)[keys].to_dict("records")
    ingest = [
        {"article": a.name, "title": a.title, "date": a.date, "text": a.text}
        for a in read_sources(find_sources([inputs]))
    ]
    files = sorted(inputs.iterdir())
    uploads = [  # every reader gives the one shape: an Article
        {"article": a.name, "title": a.title, "date": a.date, "text": a.text}
        for a in read_files((p.name, p.read_bytes()) for p in files)
    ]
    assert extract == ingest == uploads
    assert [r["article"] for r in extract] == ["note.txt", "page.html", "wire-1", "wire.jsonl:3"]
    assert extract[1]["title"] == "Fisheries accord"
    assert str(extract[3]["date"]) == "2024-02-01"


def test_extract_reads_html_and_json_lines(inputs):
    result = run_m("extract", str(inputs))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    found = {(r["article"], r["a"], r["b"]) for r in rows}
    assert {("page.html", "CHL", "PER"), ("wire-1", "FRA", "DEU")} <= found


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("notes.docx", b"France met Spain.", "not a .txt, .md, .html or .jsonl file: "),
        ("empty.txt", b"", "empty.txt: empty file"),
        ("blank.html", b"  \n", "blank.html: empty file"),
        ("menu.html", b"<html><body><p>Home</p></body></html>", "no article text"),
        ("feed.jsonl", b'{"text": "Chile met Peru."}\n{oops\n', "feed.jsonl:2: not valid JSON"),
    ],
)
def test_extract_bad_input_is_one_line(tmp_path, name, data, needle):
    path = tmp_path / name
    path.write_bytes(data)
    assert_one_line_error(run_m("extract", str(path)), needle)


def test_extract_bad_date_and_missing_path_are_one_line(tmp_path):
    assert_one_line_error(run_m("extract", "seeds", "--date", "2025-13-01"), "not a date")
    assert_one_line_error(run_m("extract", str(tmp_path / "nope.html")), "no such file or folder")
    assert_one_line_error(run_m("extract", str(tmp_path)), "no .txt, .md, .html or .jsonl")


def test_icc_table_has_a_header():
    result = run_m("icc", "--on", "2025-06-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ISO3", "STATUS", "SINCE", "VERIFIED", "COUNTRY"]
    assert lines[-1].startswith("125 of ")
    assert "states parties on 2025-06-01" in lines[-1]
    afg = next(line for line in lines if line.startswith("AFG"))
    assert afg.split()[:3] == ["AFG", "party", "2003-05-01"]


def test_icc_csv_and_json_agree():
    as_csv = run_m("icc", "--on", "2025-06-01", "--csv")
    as_json = run_m("icc", "--on", "2025-06-01", "--json")
    assert as_csv.returncode == as_json.returncode == 0
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    objects = json.loads(as_json.stdout)
    assert list(rows[0]) == ["iso3", "name", "status", "since", "verified"]
    assert [r["iso3"] for r in rows] == [o["iso3"] for o in objects]
    assert sum(r["status"] == "party" for r in rows) == 125


def test_icc_usage_errors_are_one_line():
    assert_one_line_error(run_m("icc", "--on", "yesterday"), "not a date")
    assert_one_line_error(run_m("icc", "--csv", "--json"), "not allowed with")


def test_serve_bad_port_is_one_line():
    assert_one_line_error(run_m("serve", "--port", "99999"), "not a port")


def test_export_names_each_article_with_its_id_beside(inputs, tmp_path):
    db = tmp_path / "s.duckdb"
    ingested = run_m("ingest", str(inputs), "--db", str(db))
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith("4 added")
    out = tmp_path / "out"
    result = run_m("export", "--db", str(db), "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    names = {"note.txt", "page.html", "wire-1", "wire.jsonl:3"}
    articles = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8")))
    assert {a["article"] for a in articles} == names
    ids = {a["article"]: a["article_id"] for a in articles}
    assert all(re.fullmatch(HEX64, i) for i in ids.values())
    for table in ("mentions", "links"):
        rows = list(csv.DictReader((out / f"{table}.csv").open(encoding="utf-8")))
        assert rows, table
        assert list(rows[0])[:2] == ["article", "article_id"]
        assert all(ids[r["article"]] == r["article_id"] for r in rows)
    extracted = run_m("extract", str(inputs))
    links = list(csv.DictReader((out / "links.csv").open(encoding="utf-8")))
    assert {json.loads(line)["article"] for line in extracted.stdout.splitlines()} == {
        r["article"] for r in links
    }


def test_export_without_a_store_is_one_line(tmp_path):
    result = run_m("export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv", "-o", "x")
    assert_one_line_error(result, "no store at")


def test_icc_counts_a_withdrawing_state_as_a_party_until_it_takes_effect():
    # Hungary notified its withdrawal on 2025-06-02; it takes effect a year later (Rome Statute art. 127).
    pending = run_m("icc", "--on", "2025-07-01").stdout.splitlines()
    effective = run_m("icc", "--on", "2026-07-01").stdout.splitlines()
    assert pending[-1].startswith("125 of ")
    assert effective[-1].startswith("124 of ")
    assert next(line for line in pending if line.startswith("HUN")).split()[1] == "withdrawing"


def test_serve_shows_the_default_store_when_it_holds_articles(tmp_path, monkeypatch):
    from diplomap.cli import CliError, serve_env
    from diplomap.corpus import InputError
    from diplomap.corpus.ingest import ingest, table_articles
    from diplomap.corpus.store import open_store

    default = tmp_path / "data" / "diplomap.duckdb"
    monkeypatch.setattr("diplomap.corpus.store.default_db_path", lambda: default)
    args = argparse.Namespace(db=None, data_dir=None)
    bare = {"PATH": os.environ.get("PATH", "")}
    assert "DIPLOMAP_DB" not in serve_env(args, bare)  # no default store: the seeds
    open_store(default).close()
    assert "DIPLOMAP_DB" not in serve_env(args, bare)  # an empty one: the seeds
    rows = pd.DataFrame(
        [
            {
                "article": "a.txt",
                "title": "",
                "date": None,
                "source": "",
                "path": "",
                "text": "France and Germany signed a treaty in Paris.",
            }
        ]
    )
    ingest(default, table_articles(rows))
    env = serve_env(args, bare)
    assert env["DIPLOMAP_DB"] == str(default.resolve())  # what `diplomap ingest` wrote
    named = tmp_path / "named.duckdb"
    open_store(named).close()
    assert serve_env(args, {**bare, "DIPLOMAP_DB": str(named)})["DIPLOMAP_DB"] == str(named)
    flag = argparse.Namespace(db=str(named), data_dir=str(tmp_path / "ws"))
    env = serve_env(flag, {**bare, "DIPLOMAP_DB": str(default)})
    assert env["DIPLOMAP_DB"] == str(named)  # --db wins
    assert env["DIPLOMAP_DATA_DIR"] == str((tmp_path / "ws").resolve())
    with pytest.raises((CliError, InputError), match="no store at"):
        serve_env(argparse.Namespace(db=str(tmp_path / "none.duckdb"), data_dir=None), bare)
