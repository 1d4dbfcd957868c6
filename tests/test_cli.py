"""The `diplomap` command as a user runs it: output shapes, and one-line errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
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
        "France and Germany signed a treaty in Paris.", encoding="utf-8"
    )
    gold = tmp_path / "gold.jsonl"
    line = {
        "file": "a.txt",
        "countries": ["FRA", "DEU"],
        "blocs": [],
        "links": [{"a": "FRA", "b": "DEU", "type": "cooperation", "evidence": "x"}],
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
    assert "Traceback" not in result.stderr
