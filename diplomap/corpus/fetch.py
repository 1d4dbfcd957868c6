"""Articles from the web: one page or an RSS/Atom feed's entries, fetched within set limits.

Only http and https addresses are fetched, with no proxy, and by default only from public
addresses (a redirect or a DNS answer that leads to a private, loopback or link-local address is
refused). A request goes to the address given, to the redirects it answers with, and to nothing
else: extraction (trafilatura) and feed parsing (feedparser) run on the bytes already fetched.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import os
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import trafilatura
from trafilatura.settings import use_config

from diplomap.corpus.articles import InputError, article_row, normalize_newlines
from diplomap.corpus.inputs import Failure, row_article
from diplomap.corpus.store import Article

SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
ENV_PRIVATE = "DIPLOMAP_FETCH_PRIVATE"
USER_AGENT = "Diplomap/0.1 (article reader)"
MAX_URL = 2048
MAX_TITLE = 200
MIN_TEXT = 20  # characters: less is a menu or a stub, not an article
_CHUNK = 65536
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signal alarms: pages run in threads


class FetchError(InputError):
    """A page or feed that could not be read; its message is one line."""


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on what one fetch may cost."""

    timeout: float = 10.0  # seconds per request, connecting and reading included
    max_bytes: int = 5_000_000  # largest response body read
    max_entries: int = 20  # feed entries fetched
    max_redirects: int = 5
    allow_private: bool = False  # loopback, private and link-local addresses (tests, intranets)


@dataclass(frozen=True)
class Fetched:
    """A response: the final url (after redirects), its content type and its body."""

    url: str
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Page:
    """What a page holds: its main text, and its title, date and site when it says them."""

    text: str
    title: str = ""
    date: date | None = None
    site: str = ""


@dataclass(frozen=True)
class Entry:
    """An article to read: its url, the title and date a feed gave it, its body if fetched."""

    url: str
    title: str = ""
    date: date | None = None
    body: bytes | None = None


@dataclass(frozen=True)
class Source:
    """What a url holds: one article page, or a feed's first entries (`total` in the feed)."""

    url: str
    entries: list[Entry] = field(default_factory=list)
    total: int = 0
    feed_title: str = ""
    is_feed: bool = False


def check_url(url: str) -> str:
    """The url, stripped, if it is an http(s) address that can be fetched; else FetchError."""
    url = url.strip()
    if not url:
        raise FetchError("no address given")
    if len(url) > MAX_URL:
        raise FetchError(f"the address is longer than {MAX_URL} characters")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise FetchError("the address contains spaces or control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if "://" not in url:
        raise FetchError("give a full address starting with http:// or https://")
    if scheme not in SCHEMES:
        raise FetchError(f"only http:// and https:// addresses are fetched, not {scheme}://")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise FetchError("the address has a bad port number") from None
    if not parts.hostname:
        raise FetchError("the address has no host name")
    if parts.username is not None or parts.password is not None:
        raise FetchError("addresses with a user name or password are not fetched")
    return url


def fetch_url(url: str, limits: FetchLimits | None = None) -> Fetched:
    """GET one http(s) url within the limits; FetchError (one line) on any failure."""
    url = check_url(url)
    limits = limits or FetchLimits()
    opener = _opener(limits)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    deadline = time.monotonic() + limits.timeout
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            size = response.headers.get("Content-Length", "")
            if size.isdigit() and int(size) > limits.max_bytes:
                raise FetchError(f"larger than {_megabytes(limits.max_bytes)}")
            body = _read_body(response, limits.max_bytes, deadline, limits.timeout)
            has_type = response.headers.get("Content-Type")
            content_type = response.headers.get_content_type() if has_type else ""
            return Fetched(response.geturl(), content_type, body)
    except FetchError:
        raise
    except urllib.error.HTTPError as err:
        raise FetchError(" ".join(f"HTTP {err.code} {err.reason}".split())[:200]) from None
    except urllib.error.URLError as err:
        raise FetchError(_say(err.reason, limits.timeout)) from None
    except (OSError, http.client.HTTPException, ValueError) as err:
        raise FetchError(_say(err, limits.timeout)) from None


def read_source(url: str, limits: FetchLimits | None = None) -> Source:
    """Fetch a url and tell what it is: an article page (one entry, already fetched) or a feed
    (its first `limits.max_entries` entries, to be fetched with `read_entry`)."""
    limits = limits or FetchLimits()
    fetched = fetch_url(url, limits)
    if is_feed(fetched):
        entries, title = read_feed(fetched.body, fetched.url)
        kept = entries[: max(limits.max_entries, 0)]
        return Source(fetched.url, kept, len(entries), title, is_feed=True)
    if fetched.content_type and fetched.content_type not in HTML_TYPES:
        raise FetchError(f"not an HTML page or a feed ({fetched.content_type})")
    return Source(fetched.url, [Entry(fetched.url, body=fetched.body)], 1)


def read_entry(entry: Entry, limits: FetchLimits | None = None) -> Article:
    """One entry's page as an article; the url is its name and its url."""
    body, url = entry.body, entry.url
    if body is None:
        fetched = fetch_url(entry.url, limits)
        if fetched.content_type and fetched.content_type not in HTML_TYPES:
            raise FetchError(f"not an HTML page ({fetched.content_type})")
        body, url = fetched.body, fetched.url
    page = extract_html(body, url)
    meta = {
        "title": clean_title(entry.title) or page.title,
        "source": page.site or (urlsplit(url).hostname or ""),
    }
    row = article_row(entry.url, page.text, meta, entry.url)
    row["date"] = entry.date or page.date
    return row_article(row)


def read_entries(
    entries: list[Entry], limits: FetchLimits | None = None
) -> Iterator[Article | Failure]:
    """Each entry's article, in order, or a Failure (its url and a one-line reason)."""
    for entry in entries:
        try:
            yield read_entry(entry, limits)
        except InputError as err:
            yield Failure(entry.url, str(err))


def read_limits(max_entries: int = FetchLimits.max_entries) -> FetchLimits:
    """The limits the dashboard fetches with; $DIPLOMAP_FETCH_PRIVATE=1 allows local addresses."""
    allow = os.environ.get(ENV_PRIVATE, "").strip().lower() in {"1", "true", "yes"}
    return FetchLimits(max_entries=max_entries, allow_private=allow)


def is_feed(fetched: Fetched) -> bool:
    """An RSS or Atom document, by its content type or, failing that, its first tag."""
    if fetched.content_type in FEED_TYPES:
        return True
    head = fetched.body[:4096].lstrip().lower()
    if b"<html" in head:
        return False
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def read_feed(data: bytes, url: str = "") -> tuple[list[Entry], str]:
    """The entries of an RSS or Atom document (url, title, date) and the feed's title.

    Entries without an http(s) link are left out. FetchError if the document holds no entries.
    """
    try:  # a stream: feedparser would open a path or url given as its input
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as err:  # it means not to raise, but some broken bytes still get through
        raise FetchError(f"not an RSS or Atom feed ({type(err).__name__})") from None
    if not parsed.entries:
        problem = " (not well-formed XML)" if parsed.get("bozo") else ""
        raise FetchError(f"not an RSS or Atom feed with entries{problem}")
    entries = []
    for item in parsed.entries:
        link = _entry_link(url, item.get("link") or "")
        if not link:
            continue
        # plain dict look-ups: feedparser's own map one key to the other, with a warning
        day = dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")
        entries.append(
            Entry(link, clean_title(item.get("title", "")), date(*day[:3]) if day else None)
        )
    if not entries:
        raise FetchError("the feed's entries have no http(s) links")
    return entries, clean_title(parsed.feed.get("title", ""))


def _entry_link(base: str, link: str) -> str:
    """A feed entry's link made absolute, or "" when it is not a well-formed http(s) url
    ("http://[broken" makes urllib raise)."""
    if not link:
        return ""
    try:
        link = urljoin(base, link)
        return link if urlsplit(link).scheme.lower() in SCHEMES else ""
    except ValueError:
        return ""


def extract_html(data: bytes, url: str = "") -> Page:
    """The main text of an HTML document, with its title, date and site name; FetchError if
    there is no text. Offline: nothing is fetched, the url only names the page."""
    try:
        doc = trafilatura.bare_extraction(
            data,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_CONFIG,
        )
    except Exception as err:  # the parsers' failures on broken or hostile input
        raise FetchError(f"cannot read the HTML ({type(err).__name__})") from None
    text = (doc.text or "").strip() if doc is not None else ""
    if len(text) < MIN_TEXT:
        raise FetchError("no article text found in the HTML")
    return Page(
        text=normalize_newlines(text),
        title=clean_title(doc.title or ""),
        date=_to_date(doc.date),
        site=clean_title(doc.sitename or ""),
    )


def clean_title(title: str) -> str:
    """A title on one line: whitespace and control characters collapsed, at most MAX_TITLE long."""
    title = " ".join("".join(c if c.isprintable() else " " for c in title or "").split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def _to_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _read_body(response: Any, max_bytes: int, deadline: float, timeout: float) -> bytes:
    chunks, size = [], 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"larger than {_megabytes(max_bytes)}")
        if time.monotonic() > deadline:
            raise FetchError(f"no complete answer within {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _say(err: object, timeout: float) -> str:
    """An exception from the network as one line."""
    if isinstance(err, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(err, socket.gaierror):
        return "cannot find the host (DNS lookup failed)"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, ssl.SSLError):
        return f"TLS error ({err.reason or 'handshake failed'})"
    if isinstance(err, http.client.HTTPException):
        return f"bad HTTP answer ({type(err).__name__})"
    return " ".join(str(err).split())[:200] or type(err).__name__


# Connections: every socket is checked for where it really went (after DNS and redirects).


def _connect(
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
    *,
    allow_private: bool,
) -> socket.socket:
    sock = socket.create_connection(address, timeout, source_address)
    peer = ipaddress.ip_address(sock.getpeername()[0])
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped:
        peer = peer.ipv4_mapped
    if not allow_private and not peer.is_global:
        sock.close()
        said = "" if address[0] == str(peer) else f" ({peer})"
        raise FetchError(f"refused: {address[0]} is a private or local address{said}")
    return sock


def _checked(cls: type[http.client.HTTPConnection], allow_private: bool) -> Callable[..., Any]:
    def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        conn = cls(*args, **kwargs)
        # http.client opens its socket through this attribute (its documented test seam)
        conn._create_connection = partial(_connect, allow_private=allow_private)
        return conn

    return make


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_checked(http.client.HTTPConnection, self.allow_private), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _checked(http.client.HTTPSConnection, self.allow_private),
            req,
            context=ssl.create_default_context(),
        )


class _Redirect(urllib.request.HTTPRedirectHandler):
    def __init__(self, max_redirects: int) -> None:
        super().__init__()
        self.max_redirections = max_redirects

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FetchError(f"redirects to a {urlsplit(newurl).scheme or 'relative'}:// address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(limits: FetchLimits) -> urllib.request.OpenerDirector:
    """http and https only, no proxy, no file:// or ftp:// handler, redirects bounded."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _HTTP(limits.allow_private),
        _HTTPS(limits.allow_private),
        _Redirect(limits.max_redirects),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener
