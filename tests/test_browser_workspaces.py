"""Workspaces in real browsers: A adds an article, B opens A's link and sees it, C without the link
sees none of it; a reload keeps it; the read-only link shows it and cannot add."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from diplomap.corpus.workspaces import read_key_of
from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside

pytestmark = pytest.mark.browser

A_TITLE = "Harbour accord of the workspace test"
A_TEXT = "Japan and Australia signed a harbour accord in Tokyo on Monday."
C_TITLE = "Fisheries row of the third visitor"
C_TEXT = "Chile condemned Peru over the fisheries dispute in Lima on Friday."
WAIT = 90_000


def add_text(page, title: str, text: str) -> str:
    """Paste an article on the Sources page; the workspace id the URL then carries."""
    page.get_by_label("Title (optional)").wait_for(timeout=WAIT)
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_label("Or paste an article's text").fill(text)
    page.get_by_role("button", name="Add the text").click()
    page.get_by_text("Added pasted-").first.wait_for(timeout=WAIT)
    page.wait_for_function("location.search.includes('ws=')", timeout=WAIT)
    return parse_qs(urlparse(page.url).query)["ws"][0]


def article_titles(page) -> str:
    """The Overview's article table, once drawn."""
    table = page.locator("table.dm-articles")
    table.wait_for(timeout=WAIT)
    return table.inner_text()


def test_a_link_carries_the_workspace_and_nothing_else_does(server, browser):
    a, page_a, requests_a = open_page(browser, f"{server}/sources")
    key = add_text(page_a, A_TITLE, A_TEXT)
    assert len(key) == 22  # 128 bits from secrets, base64url
    page_a.wait_for_timeout(1000)
    page_a.screenshot(path=str(ARTIFACTS / "workspace_a_added.png"), full_page=True)
    page_a.reload(wait_until="domcontentloaded")  # F5 keeps the additions
    page_a.get_by_test_id("stSidebarNav").get_by_text("Overview").click()
    assert A_TITLE in article_titles(page_a)
    assert f"ws={key}" in page_a.url  # navigation keeps the workspace in the address

    b, page_b, requests_b = open_page(browser, f"{server}/?ws={key}")  # another browser
    assert A_TITLE in article_titles(page_b)
    page_b.get_by_text("plus the articles in your workspace").wait_for(timeout=WAIT)
    page_b.wait_for_timeout(1000)
    page_b.screenshot(path=str(ARTIFACTS / "workspace_b_opens_the_link.png"), full_page=True)

    c, page_c, requests_c = open_page(browser, f"{server}/")  # no link: the base corpus
    titles = article_titles(page_c)
    assert A_TITLE not in titles
    page_c.goto(f"{server}/sources", wait_until="domcontentloaded")
    other = add_text(page_c, C_TITLE, C_TEXT)  # C's own workspace
    assert other != key
    page_c.get_by_test_id("stSidebarNav").get_by_text("Overview").click()
    titles = article_titles(page_c)
    assert C_TITLE in titles
    assert A_TITLE not in titles
    page_c.wait_for_timeout(1000)
    page_c.screenshot(path=str(ARTIFACTS / "workspace_c_sees_only_its_own.png"), full_page=True)

    page_a.reload(wait_until="domcontentloaded")  # A sees nothing of C's
    titles = article_titles(page_a)
    assert A_TITLE in titles
    assert C_TITLE not in titles

    page_b.goto(f"{server}/sources?ws={read_key_of(key)}", wait_until="domcontentloaded")
    page_b.get_by_text("This link shows a shared workspace read-only").wait_for(timeout=WAIT)
    assert page_b.get_by_role("button", name="Add the text").count() == 0
    page_b.wait_for_timeout(1000)
    page_b.screenshot(path=str(ARTIFACTS / "workspace_read_only.png"), full_page=True)
    page_b.get_by_test_id("stSidebarNav").get_by_text("Overview").click()
    assert A_TITLE in article_titles(page_b)

    page_b.goto(f"{server}/?ws=AAAAAAAAAAAAAAAAAAAAAA", wait_until="domcontentloaded")
    page_b.get_by_text("No workspace 'AAAAAAAA…' here").wait_for(timeout=WAIT)
    assert A_TITLE not in article_titles(page_b)
    assert page_b.locator("[data-testid='stException']").count() == 0
    page_b.screenshot(path=str(ARTIFACTS / "workspace_unknown_id.png"))

    for requests in (requests_a, requests_b, requests_c):
        assert outside(requests) == []
    for context in (a, b, c):
        context.close()
