"""The annotated Wikinews articles: facts kept in the repository, text read from the shared corpus.

The repository keeps, per article, its id, countries, blocs and links (pair, type, mode) with the
evidence as character offsets into the article's text in `../shared/corpus/wikinews/articles.jsonl`
(see `tests/data/wikinews/README.md`). No article text is committed: `join_gold` reads it from the
corpus and gives gold rows in the shape of `../shared/eval/FORMAT.md`, evidence sentences included.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from diplomap.corpus import InputError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"
ANNOTATIONS = ROOT / "tests" / "data" / "wikinews" / "annotations.jsonl"
SECOND = ROOT / "tests" / "data" / "wikinews" / "second.jsonl"
# The corpus version the offsets point into (its SOURCES.md gives the same sum).
CORPUS_SHA256 = "5cd30e4aa5493861d5a9feb7ce622415543b4236f6d446dd3d0509b97dccd7d0"


@dataclass(frozen=True)
class Article:
    """One Wikinews article: its id (slug), title, date and text."""

    id: str
    title: str
    day: date | None
    text: str


def read_corpus(path: Path = CORPUS, check: bool = True) -> dict[str, Article]:
    """Every article of the shared corpus by id, after checking it is the version annotated."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"no Wikinews corpus at {path} (../shared beside the repository)"
        ) from None
    if check and hashlib.sha256(data).hexdigest() != CORPUS_SHA256:
        raise InputError(f"{path} is not the corpus version the annotations point into")
    out = {}
    for line in data.decode("utf-8").splitlines():
        row = json.loads(line)
        day = date.fromisoformat(row["date"]) if row.get("date") else None
        out[row["id"]] = Article(row["id"], row["title"], day, row["text"])
    return out


def read_annotations(path: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    """The annotation lines of one file (facts only: ids, codes, types, modes, offsets)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"no annotation file at {path}") from None
    return [json.loads(line) for line in lines if line.strip()]


def join_gold(rows: list[dict[str, Any]], corpus: dict[str, Article]) -> list[dict[str, Any]]:
    """Annotation lines as gold rows (`file`: the article id), each link with its evidence text
    and offsets; an id or offset that does not fit the corpus is an error."""
    gold = []
    for row in rows:
        article = corpus.get(row["id"])
        if article is None:
            raise InputError(f"annotated article {row['id']!r} is not in the corpus")
        links = []
        for link in row["links"]:
            start, end = link["evidence"]
            if not 0 <= start < end <= len(article.text):
                raise InputError(f"{row['id']}: evidence offsets {start}-{end} outside the text")
            links.append({**link, "start": start, "end": end, "evidence": article.text[start:end]})
        gold.append({**row, "file": row["id"], "links": links})
    return gold


def load_gold(
    annotations: Path = ANNOTATIONS, corpus_path: Path = CORPUS
) -> tuple[list[dict[str, Any]], dict[str, Article]]:
    """The annotated articles as gold rows, and the corpus articles they come from."""
    corpus = read_corpus(corpus_path)
    gold = join_gold(read_annotations(annotations), corpus)
    return gold, {row["file"]: corpus[row["file"]] for row in gold}


def corpus_missing(path: Path = CORPUS) -> str | None:
    """Why the shared corpus cannot be read (a one-line reason for a skipped test), or None."""
    return None if path.is_file() else f"the Wikinews corpus is not at {path}"
