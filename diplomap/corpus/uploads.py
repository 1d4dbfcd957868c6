"""Articles a visitor adds on the Sources page: uploads and pasted text, read as `Article`s (the
one shape every reader gives) by the rules of `diplomap ingest`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

from diplomap.corpus.articles import InputError, article_row, normalize_newlines
from diplomap.corpus.inputs import (
    HTML_SUFFIXES,
    INPUT_SUFFIXES,
    KINDS,
    TEXT_SUFFIXES,
    Failure,
    read_data,
    read_document,
    row_article,
)
from diplomap.corpus.limits import check_article_size
from diplomap.corpus.store import Article

UPLOAD_SUFFIXES = INPUT_SUFFIXES


def base_name(name: str) -> str:
    """A file name without any folder part, whichever separator it uses; control characters go."""
    base = re.split(r"[\\/]", name)[-1]
    return "".join(c for c in base if c.isprintable()).strip() or "unnamed"


def read_upload(name: str, data: bytes) -> Article:
    """One uploaded .txt, .md or .html file as an article; InputError (one line) if it cannot
    be one. An HTML page gives its main text, title, date and site name. The article is named by
    the file's own name: any folder part ("../", "a\\b/") is dropped."""
    name = base_name(name)
    if PurePath(name).suffix.lower() not in (*TEXT_SUFFIXES, *HTML_SUFFIXES):
        raise InputError(f"{name}: not a {KINDS}")
    item = read_document(name, data, name)
    if isinstance(item, Failure):
        raise InputError(f"{name}: {item.reason}")
    return item


def read_files(files: Iterable[tuple[str, bytes]]) -> list[Article | Failure]:
    """Uploaded files as articles, in order, read by the rules of `diplomap ingest`
    (corpus.inputs); a file or line that fails gives a Failure. A JSON-lines file gives an
    article per line. Articles are named by the file's own name: any folder part is dropped."""
    out: list[Article | Failure] = []
    for name, data in files:
        out.extend(read_data(base_name(name), data, where=name))
    return out


def read_pasted(text: str, title: str, number: int, day: date | None = None) -> Article:
    """Pasted text as an article named `pasted-<number>.txt`, with an optional date."""
    if not text.strip():
        raise InputError("the pasted text is empty")
    check_article_size(len(text.encode("utf-8")), "the pasted text")
    text = normalize_newlines(text)
    meta = {"title": title.strip(), "date": day.isoformat() if day else None}
    return row_article(article_row(f"pasted-{number}.txt", text, meta))
