"""Reading articles from files and folders into one table."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd

from diplomap.corpus.columns import ARTICLE_FIELDS
from diplomap.corpus.errors import InputError
from diplomap.corpus.limits import Limits, check_article_size

SUFFIXES = {".txt", ".md"}
META_FILE = "meta.json"
# Files in a folder that describe the folder rather than being articles (named directly, they are read).
NOT_ARTICLES = {"readme", "sources", "license", "changelog"}


def find_files(
    paths: Iterable[str | Path],
    in_folder: Callable[[Path], bool] | None = None,
    named: Callable[[Path], bool] | None = None,
    kinds: str = ".txt or .md article",
) -> list[Path]:
    """Files named directly (`named`) or found recursively in folders (`in_folder`), in a stable order.

    The defaults take .txt/.md articles; ingest passes tests that also take JSON-lines files.
    """
    in_folder = in_folder or _is_article
    named = named or (lambda p: p.suffix.lower() in SUFFIXES)
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if in_folder(p)))
        elif named(path):
            found.append(path)
        else:
            raise InputError(f"not a {kinds}: {path}")
    return found


def _is_article(path: Path) -> bool:
    """A .txt/.md file in a folder, not hidden and not the folder's README or SOURCES."""
    return (
        path.suffix.lower() in SUFFIXES
        and path.stem.lower() not in NOT_ARTICLES
        and not path.name.startswith(".")
        and path.is_file()
    )


def decode_text(data: bytes, name: str, limits: Limits | None = None) -> str:
    """Article bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM; binary is refused,
    and so is an article over the size limit (corpus.limits: `limits`, else the settings')."""
    check_article_size(len(data), name, limits)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text") from None
    if "\x00" in text:
        raise InputError(f"{name}: looks like a binary file, not text")
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """Windows and old Mac line endings as \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_row(name: str, text: str, meta: dict[str, Any], path: str = "") -> dict[str, Any]:
    """One article as a table row; its id is the file name, title and date from metadata if given."""
    first = next((line.strip().lstrip("# ") for line in text.splitlines() if line.strip()), "")
    day = meta.get("date")
    return {
        "article": name,
        "title": meta.get("title") or (first[:117] + "..." if len(first) > 120 else first),
        "date": date.fromisoformat(day) if day else None,
        "source": meta.get("source", ""),
        "path": path,
        "text": text,
    }


def read_meta(folder: Path | Traversable) -> dict[str, dict[str, Any]]:
    """Optional per-folder metadata: `meta.json` maps a file name to its title, date and source."""
    meta = folder / META_FILE
    if not meta.is_file():
        return {}
    try:
        return json.loads(meta.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError(f"{meta}: not valid JSON ({err})") from None


def read_seeds() -> pd.DataFrame:
    """The demo corpus shipped in the `seeds` package: the embedded default. Read under the default
    limits: a bad limit setting is for the articles a user adds, and must not stop the demo."""
    folder = files("diplomap.seeds")
    meta = read_meta(folder)
    rows = [
        article_row(
            item.name, decode_text(item.read_bytes(), item.name, Limits()), meta.get(item.name, {})
        )
        for item in sorted(folder.iterdir(), key=lambda p: p.name)
        if item.name.endswith(".txt")
    ]
    return pd.DataFrame(rows, columns=list(ARTICLE_FIELDS))


def unique_ids(articles: pd.DataFrame) -> pd.DataFrame:
    """Two files with one name in different folders get a short content hash appended."""
    dup = articles["article"].duplicated(keep=False)
    if dup.any():
        digest = articles.loc[dup, "text"].map(lambda t: hashlib.sha256(t.encode()).hexdigest()[:8])
        articles.loc[dup, "article"] = articles.loc[dup, "article"] + "#" + digest
    return articles
