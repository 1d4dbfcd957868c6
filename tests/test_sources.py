"""The Sources page through AppTest: .html and .jsonl uploads, and pages and feeds from 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diplomap.corpus.fetch import ENV_PRIVATE
from tests.test_fetch import ARTICLE, EMPTY, serve_site


def sources_page():
    from diplomap.views import sources

    sources.render()


def sources_then_evidence():
    from diplomap.views import evidence, sources

    sources.render()
    evidence.render()


@pytest.fixture(scope="module")
def site():
    with serve_site() as base:
        yield base


@pytest.fixture
def local_fetch(monkeypatch):
    """The page may fetch from 127.0.0.1, as an operator allows with the environment."""
    monkeypatch.setenv(ENV_PRIVATE, "1")


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def table(at: AppTest):
    return at.dataframe[0].value.set_index("article")


def shown(at: AppTest) -> str:
    """Every message the page shows, as the Markdown it was given."""
    parts = [*at.success, *at.error, *at.warning, *at.info, *at.caption, *at.markdown]
    return "\n".join(p.value for p in parts)


JSONL = b"\n".join(
    [
        b'{"id": "pact-1", "text": "Japan and Australia signed a defence pact in Tokyo.",'
        b' "title": "Pact", "date": "2024-03-01", "source": "Invented Wire"}',
        b"{broken",
        b'{"text": "Kenya and Uganda agreed on a railway in Nairobi."}',
        b'{"title": "no text here"}',
    ]
)


def test_upload_html_and_jsonl():
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.file_uploader[0].set_value(
        [
            ("harbour.html", ARTICLE.encode(), "text/html"),
            ("wire.jsonl", JSONL, "application/jsonl"),
            ("empty.html", EMPTY.encode(), "text/html"),
        ]
    )
    button(at, "Add the files").click().run()
    assert not at.exception
    rows = table(at)
    assert len(rows) == 5  # the two seeds and three new articles
    assert rows.loc["harbour.html", "title"] == "Harbour talks in Jakarta"
    assert rows.loc["harbour.html", "date"] == "2024-02-03"  # as the table shows it
    assert rows.loc["harbour.html", "source"] == "The Lantern Post"
    assert rows.loc["harbour.html", "links"] >= 2
    assert rows.loc["pact-1", "date"] == "2024-03-01"
    assert rows.loc["wire.jsonl:3", "links"] >= 1
    assert rows[["added"]].sum().item() == 3
    errors = [e.value for e in at.error]
    assert errors == [
        r"Skipped wire\.jsonl\:2\: not valid JSON \(Expecting property name enclosed in double quotes\)",
        r"Skipped wire\.jsonl\:4\: no \`text\` string",
        r"Skipped empty\.html\: no article text found in the HTML",
    ]
    assert at.info[-1].value == "3 added, 0 duplicates skipped, 3 failed\\."
    # the same files again: every article is a duplicate, nothing is added twice
    at.file_uploader[0].set_value([("harbour-copy.html", ARTICLE.encode(), "text/html")])
    button(at, "Add the files").click().run()
    assert len(table(at)) == 5
    assert r"Already here, skipped: harbour\-copy\.html" in shown(at)


def test_fetch_an_article_url(site, local_fetch):
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.text_input(key="sources_url").set_value(f"{site}/article.html")
    button(at, "Fetch").click().run()
    assert not at.exception
    row = table(at).loc[f"{site}/article.html"]
    assert row["title"] == "Harbour talks in Jakarta"
    assert row["date"] == "2024-02-03"
    assert row["links"] >= 2
    assert len(at.success) == 1


def test_fetch_a_feed_with_a_failing_entry(site, local_fetch):
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.text_input(key="sources_url").set_value(f"{site}/rss.xml")
    button(at, "Fetch").click().run()
    assert not at.exception
    rows = table(at)
    assert rows.loc[f"{site}/second.html", "title"] == "River dispute"
    assert rows.loc[f"{site}/second.html", "date"] == "2024-02-07"
    assert len(at.success) == 2
    assert [e.value for e in at.error] == [
        f"Skipped {_md(site)}/missing\\.html\\: HTTP 404 Not Found",
    ]
    assert at.info[-1].value == "2 added, 0 duplicates skipped, 1 failed\\."


def test_a_big_feed_reads_only_the_entries_asked_for(site, local_fetch):
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.text_input(key="sources_url").set_value(f"{site}/big.xml")
    at.number_input(key="sources_entries").set_value(3)
    button(at, "Fetch").click().run()
    assert not at.exception
    assert len(table(at)) == 2 + 3
    summary = at.info[-1].value
    assert (
        summary
        == "3 added, 0 duplicates skipped, 0 failed \\(the first 3 of 10,000 entries in the feed\\)\\."
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", r"only http\:// and https\:// addresses are fetched, not file\://"),
        ("ftp://127.0.0.1/a.html", r"only http\:// and https\:// addresses are fetched"),
        ("news.invalid/a.html", r"give a full address starting with http\:// or https\://"),
        ("", "no address given"),
    ],
)
def test_refused_addresses(url, reason):
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.text_input(key="sources_url").set_value(url)
    button(at, "Fetch").click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert reason in at.error[0].value
    assert len(table(at)) == 2


def test_local_addresses_are_refused_without_the_operator(site, monkeypatch):
    monkeypatch.delenv(ENV_PRIVATE, raising=False)
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.text_input(key="sources_url").set_value(f"{site}/article.html")
    button(at, "Fetch").click().run()
    assert not at.exception
    assert "is a private or local address" in at.error[0].value
    assert len(table(at)) == 2


def test_hostile_title_is_shown_as_text(site, local_fetch):
    at = AppTest.from_function(sources_then_evidence, default_timeout=120).run()
    at.text_input(key="sources_url").set_value(f"{site}/hostile.html")
    button(at, "Fetch").click().run()
    assert not at.exception
    title = "<script>alert(1)</script> **Bold** [link](http://evil.invalid)"
    assert table(at).loc[f"{site}/hostile.html", "title"] == title  # data, kept as written
    at.selectbox(key="evidence_article").set_value(f"{site}/hostile.html").run()
    assert not at.exception
    page = shown(at)
    assert "<script>" not in page
    assert "**Bold**" not in page
    assert r"\<script\>alert\(1\)\</script\> \*\*Bold\*\*" in page


def _md(text: str) -> str:
    """As escape_markdown writes a url."""
    from diplomap.figures.highlight import escape_markdown

    return escape_markdown(text)


def test_a_long_list_shows_the_added_articles_first_and_says_how_many(monkeypatch):
    monkeypatch.setattr("diplomap.views.sources.LISTED", 2)
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    assert len(table(at)) == 2
    assert not any("of 2 articles" in c.value for c in at.caption)
    at.text_area(key="sources_paste").set_value("Chile and Peru signed a fisheries accord in Lima.")
    button(at, "Add the text").click().run()
    assert not at.exception
    rows = at.dataframe[0].value
    assert len(rows) == 2
    assert rows["added"].tolist() == [True, False]  # what this visitor added comes first
    assert any("The first 2 of 3 articles" in c.value for c in at.caption)
    # a stored seed's text pasted again is a duplicate, though the table no longer lists it
    seed = next(p for p in Path("seeds").iterdir() if p.suffix == ".txt")
    at.text_area(key="sources_paste").set_value(seed.read_text(encoding="utf-8"))
    button(at, "Add the text").click().run()
    assert "Already here, skipped" in shown(at)


def test_a_refused_paste_keeps_what_was_typed_and_an_added_one_empties_the_form(monkeypatch):
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    text = "Chile and Peru signed a fisheries accord in Lima."
    monkeypatch.setenv("DIPLOMAP_MAX_ARTICLE_MB", "lots")  # every addition refused
    at.text_input(key="sources_title").set_value("Fisheries")
    at.text_area(key="sources_paste").set_value(text)
    button(at, "Add the text").click().run()
    assert not at.exception
    assert r"Skipped the pasted text\: " in shown(at)  # named, as a file's failure is
    assert "must be a positive number" in shown(at)
    assert at.text_area(key="sources_paste").value == text
    assert at.text_input(key="sources_title").value == "Fisheries"
    monkeypatch.delenv("DIPLOMAP_MAX_ARTICLE_MB")  # mended: the same form adds
    button(at, "Add the text").click().run()
    assert "Added" in shown(at)
    assert at.text_area(key="sources_paste").value == ""
    assert at.text_input(key="sources_title").value == ""
