"""Hostile articles and many visitors, in a real browser: nothing an article says executes, and what
one visitor adds stays in that visitor's session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside

pytestmark = pytest.mark.browser

# Written for this test: every way an article could try to run code or restyle the page.
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"> **Bold** title'
HOSTILE_TEXT = (
    "France condemned Germany over the <script>window.__pwned=2</script> tariff plan on Monday. "
    'Peru met Chile <img src=x onerror="window.__pwned=3"> in Lima to sign a '
    "[treaty](javascript:window.__pwned=4) on **fisheries** and <b>ports</b>."
)


def paste_article(page, text: str, title: str = "") -> None:
    page.get_by_text("Add the text").wait_for(timeout=60_000)
    page.get_by_label("Or paste an article's text").fill(text)
    if title:
        page.get_by_label(re.compile("^Title")).fill(title)
    page.get_by_role("button", name="Add the text").click()
    page.get_by_text(re.compile(r"^Added ")).first.wait_for(timeout=60_000)


def go_to(page, name: str) -> None:
    """Move between pages the way a visitor does (the session survives; a reload would not)."""
    page.get_by_test_id("stSidebarNav").get_by_text(name, exact=True).click()


def pick(page, box: str, option: re.Pattern[str]) -> None:
    """Choose an option of one of the page's select boxes, as a visitor does (an article added in
    the session may be on a later page of the evidence: the seeds give more than one page). A
    rerun that redraws the page may close the list before it shows: open it again."""
    select = page.get_by_test_id("stSelectbox").filter(has_text=box).first
    choice = page.get_by_role("option", name=option).first
    for _ in range(5):
        select.click()
        try:
            choice.wait_for(timeout=5_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        choice.click()
        return
    raise AssertionError(f"no option {option.pattern!r} in the {box!r} box")


def test_hostile_article_shows_literally_and_runs_nothing(server, browser):
    context, page, requests = open_page(browser, f"{server}/sources")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    paste_article(page, HOSTILE_TEXT, HOSTILE_TITLE)
    go_to(page, "Evidence")
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    pick(page, "Article", re.compile("^" + re.escape(HOSTILE_TITLE) + "$"))  # shown by title
    page.get_by_text("<script>window.__pwned=2</script>", exact=False).first.wait_for(
        timeout=30_000
    )
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "evidence_hostile.png"), full_page=True)
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned=2</script>" in body
    assert 'onerror="window.__pwned=3"' in body
    go_to(page, "Sources")
    # The article table is a canvas grid; its accessible cells hold the title as plain text.
    page.get_by_text("**Bold** title", exact=False).first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "sources_hostile.png"), full_page=True)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    # No element the article wrote exists in the page: no <img src=x>, no javascript: link.
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert outside(requests) == []
    context.close()


def test_what_one_visitor_adds_the_other_never_sees(server, browser):
    text = "Iceland signed a fisheries accord with Mauritius in Reykjavik on Tuesday."
    ctx_a, page_a, _ = open_page(browser, f"{server}/sources")
    ctx_b, page_b, _ = open_page(browser, f"{server}/sources")
    paste_article(page_a, text, "Visitor A's article")
    go_to(page_a, "Evidence")
    page_a.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    pick(page_a, "Article", re.compile("^Visitor A's article$"))
    page_a.get_by_text("Iceland signed a fisheries accord", exact=False).first.wait_for(
        timeout=60_000
    )
    # Visitor B, already connected, and a visitor C who arrives afterwards.
    page_b.get_by_text("Add the text").wait_for(timeout=60_000)
    go_to(page_b, "Evidence")
    page_b.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    ctx_c, page_c, _ = open_page(browser, f"{server}/evidence?pair=ISL,MUS")
    page_c.locator("[data-testid='stMain']").get_by_text(
        re.compile("link|evidence", re.I)
    ).first.wait_for(timeout=60_000)
    page_c.wait_for_timeout(1500)
    for page in (page_b, page_c):
        assert "Iceland signed a fisheries accord" not in page.locator("body").inner_text()
    go_to(page_b, "Sources")
    page_b.get_by_text("Add the text").wait_for(timeout=60_000)
    page_b.wait_for_timeout(1000)
    assert "Visitor A's article" not in page_b.locator("body").inner_text()
    page_c.screenshot(path=str(ARTIFACTS / "isolation_other_visitor.png"), full_page=True)
    for ctx in (ctx_a, ctx_b, ctx_c):
        ctx.close()
