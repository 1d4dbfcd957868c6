"""The Sources page in a real browser: an .html upload whose links then show on the evidence page."""

from __future__ import annotations

import os
import re

import pytest

from diplomap.corpus.fetch import ENV_PRIVATE
from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside
from tests.test_browser_hostile import pick
from tests.test_fetch import ARTICLE, serve_site

pytestmark = pytest.mark.browser


def test_html_upload_adds_links_seen_on_the_evidence_page(server, browser, tmp_path):
    page_file = tmp_path / "harbour.html"
    page_file.write_text(ARTICLE, encoding="utf-8")
    lines = tmp_path / "wire.jsonl"
    lines.write_text(
        '{"id": "wire-1", "text": "Kenya and Uganda signed a railway agreement in Nairobi."}\n'
        "{broken\n",
        encoding="utf-8",
    )
    context, page, requests = open_page(browser, f"{server}/sources")
    page.get_by_text("Add the files").wait_for(timeout=60_000)
    page.locator('input[type="file"]').set_input_files([str(page_file), str(lines)])
    page.get_by_text("harbour.html").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Add the files").click()
    page.get_by_text("Added harbour.html").wait_for(timeout=60_000)
    page.get_by_text("Added wire-1").wait_for(timeout=30_000)
    page.get_by_text("Skipped wire.jsonl:2: not valid JSON").wait_for(timeout=30_000)
    page.get_by_text("2 added, 0 duplicates skipped, 1 failed.").wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "sources_html_added.png"), full_page=True)

    page.get_by_test_id("stSidebarNav").get_by_text("Evidence").click()
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    pick(page, "Article", re.compile("^Harbour talks"))  # the picker shows titles
    rows = page.locator("table.dm-evidence tbody tr", has_text="Harbour talks")
    rows.first.wait_for(timeout=60_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)  # run done
    page.wait_for_timeout(500)  # the table the pick's run drew, not the one it replaces
    pairs = " ".join(rows.locator("td:nth-child(2)").all_text_contents())
    assert "Brazil" in pairs or "BRA" in pairs
    assert "Indonesia" in pairs or "IDN" in pairs
    rows.first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "sources_html_evidence.png"))
    assert outside(requests) == []
    context.close()


@pytest.mark.skipif(bool(os.environ.get(ENV_PRIVATE)), reason="the operator allows local fetches")
def test_a_local_feed_address_is_refused_with_one_line(server, browser):
    with serve_site() as site:
        context, page, requests = open_page(browser, f"{server}/sources")
        box = page.get_by_label("Or an article's or a feed's address (http:// or https://)")
        box.wait_for(timeout=60_000)
        box.fill(f"{site}/rss.xml")
        page.get_by_role("button", name="Fetch").click()
        page.get_by_text("is a private or local address").wait_for(timeout=60_000)
        box.fill("file:///etc/passwd")
        page.get_by_role("button", name="Fetch").click()
        page.get_by_text("only http:// and https:// addresses are fetched").wait_for(timeout=60_000)
        page.get_by_role("button", name="Fetch").scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / "sources_refused.png"))
        assert outside(requests) == []
        context.close()
