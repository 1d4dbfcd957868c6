"""Fetching pages and feeds: parsing on invented documents, and real HTTP from a server on 127.0.0.1."""

from __future__ import annotations

import random
import socket
import threading
import time
from contextlib import contextmanager, suppress
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from diplomap.corpus.fetch import (
    Entry,
    FetchError,
    FetchLimits,
    check_url,
    clean_title,
    extract_html,
    fetch_url,
    read_entries,
    read_entry,
    read_feed,
    read_source,
)
from diplomap.corpus.ingest import Failure
from diplomap.corpus.inputs import article_to_row
from diplomap.corpus.store import Article
from diplomap.corpus.uploads import read_files
from tests.live import free_port

# Invented articles: no real news text.
ARTICLE = """<!doctype html>
<html><head><title>Harbour talks | The Lantern Post</title>
<meta property="og:site_name" content="The Lantern Post">
<meta property="article:published_time" content="2024-02-03T09:30:00Z">
<link rel="stylesheet" href="http://cdn.invalid/style.css">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Harbour talks in Jakarta</h1>
<p>Brazil's President met Indonesia's President in Jakarta on Monday to sign a trade pact on
coffee and nickel, after a long afternoon of talks between the two delegations.</p>
<p>The French president signed a treaty with Germany in Paris on Tuesday, officials said, after
weeks of talks between the two governments about the cost of energy.</p>
<img src="http://images.invalid/harbour.jpg"></article>
<footer>Copyright The Lantern Post. All rights reserved.</footer>
<script>window.tracker = "http://tracker.invalid/pixel";</script>
</body></html>"""

HOSTILE = """<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; **Bold** [link](http://evil.invalid)</title></head>
<body><p>Japan and Australia signed a defence pact in Tokyo on Friday, the two governments said in
a joint statement released after the meeting.</p></body></html>"""

SECOND = """<html><head><title>River dispute</title></head><body><article><p>Egypt criticised
Ethiopia over the dam on the Nile on Wednesday, and Sudan called for talks between the three
countries before the rainy season.</p></article></body></html>"""

EMPTY = "<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lantern Post world</title><link>http://127.0.0.1/</link>
<description>Invented stories</description>
<item><title>Harbour talks</title><link>{base}/article.html</link>
<pubDate>Mon, 05 Feb 2024 08:00:00 GMT</pubDate></item>
<item><title>River dispute</title><link>/second.html</link>
<pubDate>Wed, 07 Feb 2024 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
<item><title>No link at all</title></item>
<item><title>Not the web</title><link>file:///etc/passwd</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lantern Post (Atom)</title>
<id>urn:example:lantern</id><updated>2024-03-01T00:00:00Z</updated>
<entry><title>River dispute, again</title><id>urn:example:2</id>
<link rel="alternate" href="{base}/second.html"/><updated>2024-03-01T10:00:00Z</updated></entry>
<entry><title>Harbour talks</title><id>urn:example:1</id>
<link href="{base}/article.html"/><published>2024-02-28T10:00:00Z</published>
<updated>2024-02-29T10:00:00Z</updated></entry>
</feed>"""


def big_feed(base: str, n: int = 10_000) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}/story/{i}.html</link></item>" for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'


class Site(BaseHTTPRequestHandler):
    """The test site: pages, feeds and every way a fetch can go wrong."""

    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        path = self.path.split("?")[0]
        html = "text/html; charset=utf-8"
        routes = {
            "/article.html": (200, html, ARTICLE),
            "/hostile.html": (200, html, HOSTILE),
            "/second.html": (200, html, SECOND),
            "/empty.html": (200, html, EMPTY),
            "/rss.xml": (200, "application/rss+xml", RSS.format(base=base)),
            "/atom.xml": (200, "application/atom+xml", ATOM.format(base=base)),
            "/feed-as-xml": (200, "text/xml", RSS.format(base=base)),
            "/big.xml": (200, "application/rss+xml", big_feed(base)),
            "/image.png": (200, "image/png", "\x89PNG not really"),
            "/no-type": (200, None, ARTICLE),
        }
        if path in routes:
            code, kind, body = routes[path]
            return self._send(code, kind, body.encode("utf-8"))
        if path.startswith("/story/"):
            n = path.rsplit("/", 1)[1].split(".")[0]
            text = f"<html><body><p>Story {n}: Chile and Peru held talks in Lima.</p></body></html>"
            return self._send(200, html, text.encode())
        if path == "/redirect":
            return self._redirect("/article.html")
        if path == "/redirect-file":
            return self._redirect("file:///etc/passwd")
        if path == "/redirect-ftp":
            return self._redirect("ftp://127.0.0.1/article.html")
        if path == "/loop":
            return self._redirect("/loop")
        if path == "/slow":
            time.sleep(3)
            return self._send(200, html, ARTICLE.encode())
        if path == "/drip":  # headers at once, then the body a byte at a time
            return self._stream(html, [b" "] * 40, pause=0.1)
        if path == "/huge":  # says its size
            return self._send(200, html, b"<p>" + b"x" * 3_000_000 + b"</p>")
        if path == "/huge-unsaid":  # does not: read until the limit is passed
            return self._stream(html, [b"<p>" + b"y" * 65_536 + b"</p>"] * 50)
        return self._send(404, html, b"<h1>Not found</h1>")

    def _send(self, code, kind, body):
        self.send_response(code)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _stream(self, kind, chunks, pause=0.0):
        """A 200 that does not say its length: the chunks one by one, until the client stops."""
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(pause)

    def _redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def serve_site():
    """The test site on 127.0.0.1 (a free port), in a thread; yields its base url."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def site():
    with serve_site() as base:
        yield base


LOCAL = FetchLimits(timeout=5, max_bytes=1_000_000, max_entries=20, allow_private=True)


# Parsing, on documents in memory.


def test_extract_html_finds_text_title_date_and_site():
    page = extract_html(ARTICLE.encode(), "https://lantern.invalid/world/harbour")
    assert "Brazil's President met Indonesia's President" in page.text
    assert "The French president signed a treaty with Germany" in page.text
    for boilerplate in ("Sport", "Copyright", "tracker"):
        assert boilerplate not in page.text
    assert page.title == "Harbour talks in Jakarta"
    assert page.date == date(2024, 2, 3)
    assert page.site == "The Lantern Post"


def test_extract_html_keeps_a_hostile_title_as_plain_text():
    page = extract_html(HOSTILE.encode())
    assert page.title == "<script>alert(1)</script> **Bold** [link](http://evil.invalid)"
    assert "Japan and Australia" in page.text


def test_extract_html_refuses_pages_without_text():
    for data in (EMPTY.encode(), b"", b"\x89PNG\x00\x00\x01", b"plain words without any tag"):
        with pytest.raises(FetchError, match="no article text"):
            extract_html(data)


def test_extract_html_reads_other_encodings():
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Le président de la France a rencontré le chancelier allemand à Berlin lundi.</p></body></html>"
    assert "président" in extract_html(page.encode("latin-1")).text


def test_extraction_and_feed_parsing_open_no_connection(monkeypatch):
    """The pages name other hosts (stylesheet, image, tracker, links); nothing is fetched."""
    tried = []

    def refuse(self, address):
        tried.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: tried.append(a) or [])
    assert extract_html(ARTICLE.encode(), "https://lantern.invalid/a").title
    entries, _ = read_feed(
        RSS.format(base="https://lantern.invalid").encode(), "https://lantern.invalid/"
    )
    assert len(entries) == 3
    assert tried == []


def test_read_feed_rss():
    entries, title = read_feed(
        RSS.format(base="http://news.invalid").encode(), "http://news.invalid/rss"
    )
    assert title == "Lantern Post world"
    assert [e.url for e in entries] == [
        "http://news.invalid/article.html",
        "http://news.invalid/second.html",  # a relative link, resolved against the feed
        "http://news.invalid/missing.html",
    ]  # no link, and file://, are left out
    assert entries[0].title == "Harbour talks"
    assert entries[0].date == date(2024, 2, 5)
    assert entries[2].date is None


def test_a_feed_entry_with_a_malformed_link_is_left_out():
    feed = RSS.format(base="http://[broken").encode()  # urllib raises on an unclosed IPv6 host
    entries, _ = read_feed(feed, "http://news.invalid/rss")
    assert [e.url for e in entries] == ["http://news.invalid/second.html"]
    with pytest.raises(FetchError, match="no http"):
        read_feed(feed, "http://[broken/rss")


def test_read_feed_atom_dates_prefer_published():
    entries, title = read_feed(ATOM.format(base="http://news.invalid").encode())
    assert title == "Lantern Post (Atom)"
    assert [(e.title, e.date) for e in entries] == [
        ("River dispute, again", date(2024, 3, 1)),
        ("Harbour talks", date(2024, 2, 28)),
    ]


def test_read_feed_refuses_what_is_not_a_feed(tmp_path):
    for data in (ARTICLE.encode(), b"", b"\x00\x01"):
        with pytest.raises(FetchError, match="not an RSS or Atom feed"):
            read_feed(data)
    with pytest.raises(FetchError, match="no http"):
        read_feed(b"<rss><channel><item><title>cut short")
    # feedparser would open a path or url given as its input: bytes naming a file stay bytes
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS.format(base="http://news.invalid"), encoding="utf-8")
    with pytest.raises(FetchError):
        read_feed(str(feed).encode())


def test_read_feed_with_ten_thousand_entries():
    entries, _ = read_feed(big_feed("http://news.invalid").encode())
    assert len(entries) == 10_000


def test_clean_title():
    assert clean_title("  Two\n\tlines\x00 here ") == "Two lines here"
    assert len(clean_title("x" * 5000)) == 200


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://127.0.0.1/a.html", "only http:// and https://"),
        ("javascript:alert(1)", "full address"),
        ("data:text/html,<p>hi</p>", "full address"),
        ("news.invalid/a.html", "full address"),
        ("localhost:8000/a", "full address"),
        ("", "no address"),
        ("http://", "no host"),
        ("http://a b.invalid/", "spaces"),
        ("http://user:pw@news.invalid/", "user name"),
        ("http://news.invalid:99999/", "bad port"),
        ("http://news.invalid/" + "a" * 3000, "longer than"),
    ],
)
def test_check_url_refuses(url, reason):
    with pytest.raises(FetchError, match=reason):
        check_url(url)


def test_check_url_accepts_http_and_https():
    assert check_url("  https://news.invalid/a?b=1 ") == "https://news.invalid/a?b=1"
    assert check_url("HTTP://news.invalid/") == "HTTP://news.invalid/"


def test_dns_failure_is_one_line(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match=r"^cannot find the host \(DNS lookup failed\)$"):
        fetch_url("http://no-such-host.invalid/a.html", LOCAL)


# Real HTTP, from the test site on 127.0.0.1.


def test_fetch_an_article_page(site):
    source = read_source(f"{site}/article.html", LOCAL)
    assert not source.is_feed
    assert len(source.entries) == 1
    row = article_to_row(read_entry(source.entries[0], LOCAL))
    assert row["article"] == f"{site}/article.html"
    assert row["path"] == f"{site}/article.html"
    assert row["title"] == "Harbour talks in Jakarta"
    assert row["date"] == date(2024, 2, 3)
    assert row["source"] == "The Lantern Post"
    assert "Indonesia's President in Jakarta" in row["text"]


def test_page_without_site_name_is_sourced_by_host(site):
    row = article_to_row(read_entry(read_source(f"{site}/second.html", LOCAL).entries[0], LOCAL))
    assert row["source"].startswith("127.0.0.1")
    assert row["date"] is None


def test_local_addresses_are_refused_by_default(site):
    with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 is a private or local address"):
        fetch_url(f"{site}/article.html")
    with pytest.raises(FetchError, match="private or local"):
        fetch_url(site.replace("127.0.0.1", "localhost") + "/article.html")


def test_rss_feed_fetches_each_entry(site):
    source = read_source(f"{site}/rss.xml", LOCAL)
    assert source.is_feed
    assert source.feed_title == "Lantern Post world"
    assert source.total == 3
    items = _rows(read_entries(source.entries, LOCAL))
    rows = [i for i in items if isinstance(i, dict)]
    failed = [i for i in items if isinstance(i, Failure)]
    assert [r["title"] for r in rows] == ["Harbour talks", "River dispute"]  # the feed's titles
    assert [r["date"] for r in rows] == [date(2024, 2, 5), date(2024, 2, 7)]  # the feed's dates
    assert rows[1]["article"] == f"{site}/second.html"
    assert failed == [Failure(f"{site}/missing.html", "HTTP 404 Not Found")]


def test_atom_feed(site):
    source = read_source(f"{site}/atom.xml", LOCAL)
    assert source.is_feed
    rows = _rows(read_entries(source.entries, LOCAL))
    assert [r["date"] for r in rows] == [date(2024, 3, 1), date(2024, 2, 28)]
    assert "Egypt criticised" in rows[0]["text"]


def test_feed_served_as_plain_xml_is_recognised(site):
    assert read_source(f"{site}/feed-as-xml", LOCAL).is_feed


def test_big_feed_reads_only_the_first_entries(site):
    limits = FetchLimits(timeout=5, max_bytes=2_000_000, max_entries=3, allow_private=True)
    source = read_source(f"{site}/big.xml", limits)
    assert source.total == 10_000
    assert [e.url for e in source.entries] == [f"{site}/story/{i}.html" for i in range(3)]
    rows = _rows(read_entries(source.entries, limits))
    assert [r["text"] for r in rows][2] == "Story 2: Chile and Peru held talks in Lima."


def test_big_feed_over_the_size_limit(site):
    small = FetchLimits(max_bytes=500_000, allow_private=True)
    with pytest.raises(FetchError, match=r"^larger than 0\.5 MB$"):
        read_source(f"{site}/big.xml", small)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.html", r"^HTTP 404 Not Found$"),
        ("/image.png", r"^not an HTML page or a feed \(image/png\)$"),
        ("/huge", r"^larger than 1 MB$"),
        ("/huge-unsaid", r"^larger than 1 MB$"),
        ("/redirect-file", "^HTTP 302"),
        ("/redirect-ftp", r"^redirects to a ftp:// address$"),
        ("/loop", "^HTTP 302"),
    ],
)
def test_fetch_failures_are_one_line(site, path, reason):
    with pytest.raises(FetchError, match=reason) as info:
        read_source(f"{site}{path}", LOCAL)
    assert "\n" not in str(info.value)


def test_empty_page_has_no_text(site):
    source = read_source(f"{site}/empty.html", LOCAL)
    with pytest.raises(FetchError, match="no article text"):
        read_entry(source.entries[0], LOCAL)


def test_redirect_is_followed(site):
    fetched = fetch_url(f"{site}/redirect", LOCAL)
    assert fetched.url == f"{site}/article.html"
    assert fetched.content_type == "text/html"


def test_no_content_type_is_read_as_html(site):
    row = article_to_row(read_entry(read_source(f"{site}/no-type", LOCAL).entries[0], LOCAL))
    assert row["title"] == "Harbour talks in Jakarta"


def test_timeouts(site):
    quick = FetchLimits(timeout=0.5, allow_private=True)
    with pytest.raises(FetchError, match=r"^no answer within 0\.5 s$"):
        fetch_url(f"{site}/slow", quick)
    with pytest.raises(FetchError, match=r"within 0\.5 s$"):  # a body that drips in
        fetch_url(f"{site}/drip", quick)


def test_connection_refused():
    port = free_port()
    with pytest.raises(FetchError, match=r"^connection refused$"):
        fetch_url(f"http://127.0.0.1:{port}/", LOCAL)


def test_failed_entries_do_not_stop_the_others(site):
    entries = [
        Entry(f"{site}/missing.html"),
        Entry(f"{site}/slow"),
        Entry("file:///etc/passwd"),
        Entry(f"{site}/second.html", title="Given title"),
    ]
    quick = FetchLimits(timeout=0.5, allow_private=True)
    items = _rows(read_entries(entries, quick))
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Failure", "dict"]
    assert items[3]["title"] == "Given title"


# Uploads: .html and .jsonl files.


def test_upload_html_and_jsonl():
    jsonl = "\n".join(
        [
            '{"id": "pact-1", "text": "Japan and Australia signed a defence pact.", "title": "Pact",'
            ' "date": "2024-03-01", "source": "Invented Wire", "url": "https://wire.invalid/1"}',
            "",
            "{not json",
            '{"title": "no text"}',
            '{"text": "Chile and Peru held talks.", "date": "1 March"}',
            '{"text": 42}',
            '["a list"]',
            '{"text": "Kenya and Uganda agreed on a railway.", "source": 7}',
            '{"text": "Ghana hosted Nigeria for talks."}',
        ]
    ).encode()
    items = _rows(
        read_files(
            [
                ("page.html", ARTICLE.encode()),
                ("feed.jsonl", jsonl),
                ("blank.jsonl", b"\n \n"),
                ("empty.html", EMPTY.encode()),
                ("notes.pdf", b"%PDF"),
                ("huge.html", b"<p>" + b"z" * 6_000_000 + b"</p>"),
            ]
        )
    )
    rows = [i for i in items if isinstance(i, dict)]
    failed = {i.where: i.reason for i in items if isinstance(i, Failure)}
    assert [r["article"] for r in rows] == ["page.html", "pact-1", "feed.jsonl:9"]
    assert rows[0]["title"] == "Harbour talks in Jakarta"
    assert rows[0]["date"] == date(2024, 2, 3)
    assert rows[1] == {
        "article": "pact-1",
        "title": "Pact",
        "date": date(2024, 3, 1),
        "source": "Invented Wire",
        "path": "https://wire.invalid/1",
        "text": "Japan and Australia signed a defence pact.",
    }
    assert failed == {
        "feed.jsonl:3": "not valid JSON (Expecting property name enclosed in double quotes)",
        "feed.jsonl:4": "no `text` string",
        "feed.jsonl:5": "`date` is not a YYYY-MM-DD date: '1 March'",
        "feed.jsonl:6": "no `text` string",
        "feed.jsonl:7": "not a JSON object",
        "feed.jsonl:8": "`source` is not a string",
        "blank.jsonl": "no articles (every line is blank)",
        "empty.html": "no article text found in the HTML",
        "notes.pdf": "not a .txt, .md, .html or .jsonl file",
        "huge.html": "larger than 5 MB",
    }


def test_broken_documents_give_one_line_errors_only():
    """Seeded random damage to the test documents: each is read or refused with a FetchError."""
    rng = random.Random(5)
    docs = [ARTICLE.encode(), RSS.format(base="http://news.invalid").encode(), ATOM.encode()]
    junk = [b"<", b">", b"&", b"]]>", b"<![CDATA[", b"\x00", b"<?xml", b"</p>", b"\xf8\xff"]
    for _ in range(300):
        data = bytearray(rng.choice(docs))
        for _ in range(rng.randint(1, 30)):
            at = rng.randrange(len(data) + 1)
            if rng.random() < 0.4:
                del data[at : at + rng.randint(1, 50)]
            else:
                data[at:at] = rng.choice(junk) if rng.random() < 0.5 else rng.randbytes(4)
        for read in (extract_html, read_feed):
            with suppress(FetchError):
                read(bytes(data))


def _rows(items):
    """Readers give Articles (the one shape) or Failures; the Articles as table rows, to compare."""
    return [article_to_row(i) if isinstance(i, Article) else i for i in items]
