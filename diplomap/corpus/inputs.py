"""The one article reader: .txt, .md, .html and .jsonl files, named or in folders, or uploaded.

`diplomap extract`, `diplomap ingest` and the Sources page all read through here, so they take
the same inputs by the same rules. A file (or a JSON line) that cannot be an article gives a
Failure naming it and saying why; `read_articles` turns the first one into an InputError.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from diplomap.corpus.articles import (
    ARTICLE_FIELDS,
    NOT_ARTICLES,
    InputError,
    article_row,
    decode_text,
    find_files,
    normalize_newlines,
    read_meta,
    unique_ids,
)
from diplomap.corpus.limits import check_article_size, read_input_limits
from diplomap.corpus.store import Article, content_id

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIX = ".jsonl"
INPUT_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, JSONL_SUFFIX)
KINDS = ".txt, .md, .html or .jsonl file"
JSONL_FIELDS = ("id", "title", "date", "source", "url")


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or stored: where (file or file:line) and why."""

    where: str
    reason: str


def is_input(path: Path) -> bool:
    """A file named directly that the reader takes, by its extension."""
    return path.suffix.lower() in INPUT_SUFFIXES


def _in_folder(path: Path, lines: bool = True) -> bool:
    """A file found in a folder: an input (a .jsonl file only if `lines`), not hidden, not the
    folder's README or SOURCES."""
    return (
        is_input(path)
        and (lines or path.suffix.lower() != JSONL_SUFFIX)
        and path.stem.lower() not in NOT_ARTICLES
        and not path.name.startswith(".")
        and path.is_file()
    )


def find_inputs(paths: Iterable[str | Path], lines_in_folders: bool = True) -> list[Path]:
    """Input files named directly or found in folders (recursively), in a stable order;
    InputError for a path that does not exist or a file of another kind. With
    `lines_in_folders` False, .jsonl files are read only when named."""
    return find_files(
        paths,
        in_folder=lambda p: _in_folder(p, lines_in_folders),
        named=is_input,
        kinds=KINDS,
    )


def read_inputs(paths: list[Path], default_date: date | None = None) -> Iterator[Article | Failure]:
    """Articles from input files, lazily (a JSON-lines file is read line by line), with a
    Failure for each file or line that is unusable. A folder's meta.json gives its files' title,
    date and source; `default_date` stands in for missing dates."""
    return (item for _, item in _read_paths(paths, default_date))


def _read_paths(
    paths: list[Path], default_date: date | None
) -> Iterator[tuple[Path, Article | Failure]]:
    """Each article or Failure with the file it came from."""
    read_input_limits()  # a bad limit setting is one error, not one failure per file
    metas: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in paths:
        if path.suffix.lower() == JSONL_SUFFIX:
            yield from ((path, item) for item in read_jsonl_file(path, default_date))
            continue
        if path.parent not in metas:
            try:
                metas[path.parent] = read_meta(path.parent)
            except InputError as err:
                metas[path.parent] = {}
                yield path, Failure(str(path.parent / "meta.json"), str(err))
        try:
            data = path.read_bytes()
        except OSError as err:
            yield path, Failure(str(path), f"cannot read: {err.strerror}")
            continue
        meta = metas[path.parent].get(path.name, {})
        yield path, read_document(path.name, data, str(path), meta, default_date)


def read_data(name: str, data: bytes, where: str = "") -> list[Article | Failure]:
    """One file's bytes (an upload) as articles: a .jsonl file gives one per line."""
    where = where or name
    if PurePath(name).suffix.lower() == JSONL_SUFFIX:
        lines = io.BytesIO(data.removeprefix(b"\xef\xbb\xbf"))
        out = list(read_jsonl_lines(lines, where, name))
        return out or [Failure(where, "no articles (every line is blank)")]
    if not is_input(PurePath(name)):
        return [Failure(where, f"not a {KINDS}")]
    return [read_document(name, data, where)]


def read_document(
    name: str,
    data: bytes,
    where: str,
    meta: dict[str, Any] | None = None,
    default_date: date | None = None,
) -> Article | Failure:
    """A .txt, .md or .html file's bytes as one article named `name`, or a Failure at `where`.

    An HTML page gives its main text, title, date and site name; `meta` (from meta.json) wins."""
    meta = meta or {}
    try:
        if meta.get("date"):
            _check_date(meta["date"])
        if not data.strip():
            raise InputError("empty file")
        if PurePath(name).suffix.lower() in HTML_SUFFIXES:
            row = _html_row(name, data, meta)
        else:
            text = decode_text(data, where)
            if not text.strip():
                raise InputError("empty file")
            row = article_row(name, text, meta)
    except (InputError, ValueError) as err:
        return Failure(where, _reason(err).removeprefix(f"{where}: "))
    return make_article(row, name, "", default_date)


def _html_row(name: str, data: bytes, meta: dict[str, Any]) -> dict[str, Any]:
    from diplomap.corpus.fetch import (  # trafilatura: HTML only
        FetchError,
        FetchLimits,
        extract_html,
    )

    if len(data) > FetchLimits.max_bytes:
        raise InputError(f"larger than {FetchLimits.max_bytes / 1e6:g} MB")
    try:
        page = extract_html(data)
    except FetchError as err:
        raise InputError(str(err)) from None
    check_article_size(len(page.text.encode("utf-8")), name)
    page_meta = {"title": page.title, "source": page.site}
    row = article_row(name, page.text, {**page_meta, **{k: v for k, v in meta.items() if v}})
    if not meta.get("date"):
        row["date"] = page.date
    return row


def read_jsonl_file(path: Path, default_date: date | None = None) -> Iterator[Article | Failure]:
    """A JSON-lines file on disk, one article per line, read lazily."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failure(str(path), f"cannot read: {err.strerror}")
        return
    with handle:
        yield from read_jsonl_lines(handle, str(path), path.name, default_date)


def read_jsonl_lines(
    lines: Iterable[bytes], where: str, name: str, default_date: date | None = None
) -> Iterator[Article | Failure]:
    """JSON lines as articles: `text` required; `id` (its name), `title`, `date`, `source`, `url`
    optional. A bad line is a Failure at `where:line`; an article with no `id` is `name:line`."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
            yield _jsonl_article(item, f"{name}:{number}", default_date)
        except (ValueError, TypeError, InputError) as err:
            yield Failure(f"{where}:{number}", _reason(err))


def _jsonl_article(item: Any, fallback: str, default_date: date | None) -> Article:
    if not isinstance(item, dict):
        raise InputError("not a JSON object")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no `text` string")
    check_article_size(len(text.encode("utf-8")), "`text`")
    bad = [k for k in JSONL_FIELDS if item.get(k) is not None and not isinstance(item[k], str)]
    if bad:
        raise InputError(f"`{bad[0]}` is not a string")
    if item.get("date"):
        _check_date(item["date"])
    name = item.get("id") or fallback
    meta = {k: item[k] for k in ("title", "date", "source") if item.get(k)}
    row = article_row(name, normalize_newlines(text), meta)
    return make_article(row, name, item.get("url") or "", default_date)


def read_articles(paths: list[str | Path], lines_in_folders: bool = False) -> pd.DataFrame:
    """Read articles from files and folders into a table with ARTICLE_FIELDS columns; the first
    file or line that cannot be an article is an InputError naming it.

    A .jsonl file named directly is read; one found in a folder only with `lines_in_folders`
    (`diplomap extract` sets it, as ingest does; off, a folder's gold.jsonl is not an article)."""
    files = find_inputs(paths, lines_in_folders)
    if not files:
        kinds = ".txt, .md, .html or .jsonl" if lines_in_folders else ".txt, .md or .html"
        raise InputError(f"no {kinds} articles found in " + _list(paths))
    rows = []
    for path, item in _read_paths(files, None):
        if isinstance(item, Failure):
            raise InputError(f"{item.where}: {item.reason}")
        rows.append(article_to_row(item, path=item.url or str(path)))
    return unique_ids(pd.DataFrame(rows, columns=list(ARTICLE_FIELDS)))


def article_to_row(article: Article, path: str | None = None) -> dict[str, Any]:
    """An article as a table row (ARTICLE_FIELDS); `path` defaults to its url."""
    return {
        "article": article.name,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "path": article.url if path is None else path,
        "text": article.text,
    }


def _list(paths: Iterable[str | Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _check_date(value: Any) -> None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"`date` is not a YYYY-MM-DD date: {value!r}") from None


def row_article(row: dict[str, Any], default_date: date | None = None) -> Article:
    """An article row (corpus.articles.article_row) as an Article: named by its `article`, its
    `path` stored as its url."""
    return make_article(row, str(row["article"]), str(row.get("path") or ""), default_date)


def make_article(row: dict[str, Any], name: str, url: str, default_date: date | None) -> Article:
    """One article from a row of title, date, source and text; its id is the text's."""
    return Article(
        id=content_id(row["text"]),
        name=name,
        title=row["title"],
        date=row["date"] or default_date,
        source=row["source"] or "",
        url=url,
        text=row["text"],
    )


def _reason(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    if isinstance(err, json.JSONDecodeError):
        return f"not valid JSON ({err.msg})"
    if isinstance(err, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(err, OSError):
        return f"cannot read: {err.strerror}"
    return text
