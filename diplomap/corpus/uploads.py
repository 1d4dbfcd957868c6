"""Articles a visitor adds in one session: reading uploads and pasted text, joining corpora."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import Any

import pandas as pd

from diplomap.corpus.articles import ARTICLE_FIELDS, InputError, article_row, normalize_newlines
from diplomap.corpus.inputs import (
    HTML_SUFFIXES,
    INPUT_SUFFIXES,
    KINDS,
    TEXT_SUFFIXES,
    Failure,
    article_to_row,
    read_data,
    read_document,
)
from diplomap.corpus.limits import check_article_size
from diplomap.corpus.store import content_id
from diplomap.corpus.tables import Corpus

UPLOAD_SUFFIXES = INPUT_SUFFIXES


def base_name(name: str) -> str:
    """A file name without any folder part, whichever separator it uses; control characters go."""
    base = re.split(r"[\\/]", name)[-1]
    return "".join(c for c in base if c.isprintable()).strip() or "unnamed"


def read_upload(name: str, data: bytes) -> dict[str, object]:
    """One uploaded .txt, .md or .html file as an article row; InputError (one line) if it cannot
    be an article. An HTML page gives its main text, title, date and site name. The article is
    named by the file's own name: any folder part ("../", "a\\b/") is dropped."""
    name = base_name(name)
    if PurePath(name).suffix.lower() not in (*TEXT_SUFFIXES, *HTML_SUFFIXES):
        raise InputError(f"{name}: not a {KINDS}")
    item = read_document(name, data, name)
    if isinstance(item, Failure):
        raise InputError(f"{name}: {item.reason}")
    return article_to_row(item)


def read_files(files: Iterable[tuple[str, bytes]]) -> list[dict[str, Any] | Failure]:
    """Uploaded files as article rows, in order, read by the rules of `diplomap ingest`
    (corpus.inputs); a file or line that fails gives a Failure. A JSON-lines file gives an
    article per line. Articles are named by the file's own name: any folder part is dropped."""
    out: list[dict[str, Any] | Failure] = []
    for name, data in files:
        for item in read_data(base_name(name), data, where=name):
            out.append(item if isinstance(item, Failure) else article_to_row(item))
    return out


def split_known(
    rows: list[dict[str, Any]], known: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows whose text is new, and rows whose text is already in `known` (content ids, updated)."""
    new, seen = [], []
    for row in rows:
        key = content_id(str(row["text"]))
        (seen if key in known else new).append(row)
        known.add(key)
    return new, seen


def read_pasted(text: str, title: str, number: int, day: date | None = None) -> dict[str, object]:
    """Pasted text as an article row named `pasted-<number>.txt`, with an optional date."""
    if not text.strip():
        raise InputError("the pasted text is empty")
    check_article_size(len(text.encode("utf-8")), "the pasted text")
    text = normalize_newlines(text)
    meta = {"title": title.strip(), "date": day.isoformat() if day else None}
    return article_row(f"pasted-{number}.txt", text, meta)


def rename_taken(rows: list[dict[str, object]], taken: set[str]) -> list[dict[str, object]]:
    """Rows whose id is already taken get a short content hash appended."""
    seen = set(taken)
    out = []
    for row in rows:
        name = str(row["article"])
        if name in seen:
            digest = hashlib.sha1(str(row["text"]).encode()).hexdigest()[:8]
            row = {**row, "article": f"{name}#{digest}"}
        seen.add(str(row["article"]))
        out.append(row)
    return out


def to_articles(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows as an articles table."""
    return pd.DataFrame(rows, columns=list(ARTICLE_FIELDS))


def join_corpora(first: Corpus, *more: Corpus) -> Corpus:
    """One corpus holding every article, mention and link of the given ones."""
    parts = [first, *more]
    if len(parts) == 1:
        return first
    return Corpus(
        articles=pd.concat([c.articles for c in parts], ignore_index=True),
        mentions=pd.concat([c.mentions for c in parts], ignore_index=True),
        links=pd.concat([c.links for c in parts], ignore_index=True),
    )
