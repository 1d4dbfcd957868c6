"""Articles a visitor adds in one session: reading uploads and pasted text, joining corpora."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import PurePath

import pandas as pd

from corpus.articles import ARTICLE_FIELDS, InputError, article_row, decode_text
from corpus.tables import Corpus

UPLOAD_SUFFIXES = (".txt", ".md")


def read_upload(name: str, data: bytes) -> dict[str, object]:
    """One uploaded file as an article row; InputError (one line) if it cannot be an article."""
    if PurePath(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise InputError(f"{name}: not a .txt or .md article")
    text = decode_text(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return article_row(name, text, {})


def read_pasted(text: str, title: str, number: int, day: date | None = None) -> dict[str, object]:
    """Pasted text as an article row named `pasted-<number>.txt`, with an optional date."""
    if not text.strip():
        raise InputError("the pasted text is empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
