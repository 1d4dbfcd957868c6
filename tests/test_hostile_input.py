"""Whatever files people throw at `diplomap ingest` and `diplomap extract`: every bad file gets one
line saying why, the good ones go in, and nothing already stored is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from diplomap.corpus.articles import InputError, read_seeds
from diplomap.corpus.limits import ENV_ARTICLE_MB, ENV_UPLOAD_ARTICLES, Limits, read_input_limits
from diplomap.corpus.uploads import read_pasted, read_upload

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Chile signed a fisheries accord with Peru in Lima on Monday.\n"
LONG_LINE_WORDS = 200_000  # a single line of about a million characters


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "diplomap.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A folder of every kind of bad file next to good ones (all written for this test)."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\t\n   ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Caf\xe9: France met Spain.".encode("latin-1"))
    (folder / "utf16.txt").write_bytes(
        "Kenya met Uganda in Kampala.\n".encode("utf-16")  # with its byte-order mark
    )
    (folder / "mixed.txt").write_bytes(
        b"Japan met India in Delhi.\r\nEgypt hosted Jordan.\rGhana met Togo.\n"
    )
    filler = "talks " * LONG_LINE_WORDS
    (folder / "oneline.txt").write_text(
        f"{filler}Norway condemned Iran over the arrests. {filler}Mexico met Canada.",
        encoding="utf-8",
    )
    with (folder / "huge.txt").open("w", encoding="utf-8") as out:  # 50 MB, over the default limit
        for _ in range(50):
            out.write(GOOD * (1_000_000 // len(GOOD) + 1))
    (folder / "feed.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"text": "Brazil met Argentina.", "title": "one"}),
                "{not json",
                json.dumps({"title": "no text"}),
                json.dumps({"text": "Qatar met Oman.", "date": "2024-13-40"}),
                json.dumps([1, 2]),
                "",
                json.dumps({"text": "Fiji met Samoa.", "date": "2024-02-01"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    loop = folder / "loop"
    loop.mkdir()
    (loop / "up").symlink_to("..", target_is_directory=True)  # a folder that contains itself
    return folder


EXPECTED_FAILURES = {
    "empty.txt": "empty",
    "blank.txt": "empty",
    "binary.txt": "not UTF-8",
    "latin1.txt": "not UTF-8",
    "huge.txt": "over the 10 MB limit per article",
    "feed.jsonl:2": "not valid JSON",
    "feed.jsonl:3": "no `text`",
    "feed.jsonl:4": "date",
    "feed.jsonl:5": "not a JSON object",
}


def test_ingest_takes_the_good_files_and_names_each_bad_one(hostile, tmp_path):
    db = tmp_path / "store.duckdb"
    result = run("ingest", str(hostile), "--db", str(db))
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.returncode == 3, out  # some failed, the rest stored
    assert out.startswith("6 added, 0 skipped as duplicates, 9 failed"), out
    failed = [line for line in out.splitlines() if line.strip().startswith("failed:")]
    assert len(failed) == len(EXPECTED_FAILURES), out
    for name, reason in EXPECTED_FAILURES.items():
        line = next((f for f in failed if f"{name}:" in f), None)
        assert line is not None, (name, out)
        assert reason in line, (name, out)

    con = duckdb.connect(str(db), read_only=True)
    texts = dict(con.execute("SELECT name, text FROM articles").fetchall())
    links = con.execute(
        "SELECT a.text, l.a_start, l.a_end, l.a_text, l.b_start, l.b_end, l.b_text "
        "FROM links l JOIN articles a ON a.id = l.article"
    ).fetchall()
    con.close()
    assert (
        texts["mixed.txt"] == "Japan met India in Delhi.\nEgypt hosted Jordan.\nGhana met Togo.\n"
    )
    assert texts["utf16.txt"] == "Kenya met Uganda in Kampala.\n"
    assert len(texts["oneline.txt"]) > 2 * LONG_LINE_WORDS * 6
    for text, a_start, a_end, a_text, b_start, b_end, b_text in links:
        assert text[a_start:a_end] == a_text
        assert text[b_start:b_end] == b_text
    pairs = {(row[3], row[6]) for row in links}
    assert {("Norway", "Iran"), ("Mexico", "Canada")} <= pairs  # both ends of the long line

    again = run("ingest", str(hostile), "--db", str(db))
    assert again.stdout.startswith("0 added, 6 skipped as duplicates, 9 failed"), again.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 6
    con.close()


def test_a_raised_limit_lets_a_big_article_in(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(GOOD * (3_000_000 // len(GOOD)), encoding="utf-8")  # 3 MB
    refused = run("extract", str(big), env={ENV_ARTICLE_MB: "2"})
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"diplomap: error: {big}: 3.0 MB, over the 2 MB limit per article "
        f"(set ${ENV_ARTICLE_MB} to raise it)"
    )
    taken = run("extract", str(big), "-o", str(tmp_path / "out.jsonl"), env={ENV_ARTICLE_MB: "4"})
    assert taken.returncode == 0, taken.stderr
    links = [json.loads(line) for line in (tmp_path / "out.jsonl").open(encoding="utf-8")]
    assert {(link["a"], link["b"]) for link in links} == {("CHL", "PER")}
    # a line per type; the surest has every sentence, in every piece
    assert max(len(link["evidence"]) for link in links) == 3_000_000 // len(GOOD)


@pytest.mark.parametrize("value", ["abc", "-1", "0"])
def test_a_bad_limit_setting_is_one_line(value):
    result = run("extract", "seeds", env={ENV_ARTICLE_MB: value})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"diplomap: error: ${ENV_ARTICLE_MB} must be a positive number, not {value!r}"
    )


def test_limits_come_from_the_environment(monkeypatch):
    assert read_input_limits() == Limits()
    monkeypatch.setenv(ENV_ARTICLE_MB, "0.5")
    monkeypatch.setenv(ENV_UPLOAD_ARTICLES, "7")
    assert read_input_limits() == Limits(article_mb=0.5, upload_articles=7)
    with pytest.raises(InputError, match=r"over the 0\.5 MB limit"):
        read_pasted("x" * 600_000, "", 1)
    with pytest.raises(InputError, match=r"over the 0\.5 MB limit"):
        read_upload("big.txt", b"y" * 600_000)


def test_a_bad_limit_setting_refuses_additions_but_not_the_seeds(monkeypatch):
    monkeypatch.setenv(ENV_ARTICLE_MB, "lots")
    assert len(read_seeds()) == 2  # the demo opens (its store is built from these)
    with pytest.raises(InputError, match="must be a positive number"):
        read_pasted("Kenya and Uganda signed a railway agreement.", "", 1)


@pytest.mark.parametrize(
    ("name", "kept"),
    [("../../etc/passwd.txt", "passwd.txt"), ("a\\b\\c.md", "c.md"), ("x/../y.txt", "y.txt")],
)
def test_uploaded_names_lose_their_folders(name, kept):
    assert read_upload(name, GOOD.encode()).name == kept
