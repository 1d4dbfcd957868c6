"""The ICC page in a real browser: its date round-trips through the URL and the copied link, it
starts on the latest article date with today one click away, and its tables speak in words."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside

pytestmark = pytest.mark.browser

SHAPES_DRAWN = "document.querySelectorAll('path.choroplethlocation').length > 150"
SEED_LATEST = "2023-10-17"  # the seed corpus's latest (and only) article date
RAW = ("None", "memory:", "UNTC_XVIII", "since_now", "host_verified", "non-party", "unsigned")


def shown_date(page) -> str:
    """The date the "Status on" control shows, as YYYY-MM-DD."""
    parts = [
        page.get_by_role("spinbutton", name=f"{part}, Status on").get_attribute("aria-valuenow")
        for part in ("year", "month", "day")
    ]
    return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"


def set_date(page, day: str) -> None:
    """Type a date into the "Status on" control and leave it (which commits it)."""
    for part, value in zip(("year", "month", "day"), day.split("-"), strict=True):
        page.get_by_role("spinbutton", name=f"{part}, Status on").click()
        page.keyboard.type(value)
    page.get_by_role("heading", name="ICC membership").click()


def copied_link(page) -> str:
    """The address the sidebar's "Copy link to this view" offers."""
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    code = page.locator("[data-testid=stPopoverBody] code").first
    code.wait_for(timeout=30_000)
    text = code.text_content() or ""
    page.keyboard.press("Escape")
    return text


def table_text(page, index: int) -> str:
    """The text of every column of the page's `index`-th table. st.dataframe draws a canvas and
    keeps an accessible table of the cells in view next to it: scroll it from left to right."""
    frame = page.locator("[data-testid=stDataFrame]").nth(index)
    frame.locator("table").wait_for(state="attached", timeout=30_000)
    scroller = frame.locator(".dvn-scroller").first
    width = scroller.evaluate("e => e.scrollWidth - e.clientWidth")
    seen: dict[str, str] = {}
    for left in [*range(0, width, 300), width]:
        scroller.evaluate("(e, x) => { e.scrollLeft = x; }", left)
        page.wait_for_timeout(300)
        cells = frame.locator("table th, table td").evaluate_all(
            "cs => cs.map(c => [c.id || 'h' + c.getAttribute('aria-colindex'), c.textContent])"
        )
        seen.update(dict(cells))
    scroller.evaluate("e => { e.scrollLeft = 0; }")
    return " | ".join(seen.values())


def test_icc_date_round_trips_through_the_url(server, browser):
    context, page, requests = open_page(browser, f"{server}/icc")
    page.wait_for_function(SHAPES_DRAWN, timeout=60_000)
    # It opens on the seed corpus's latest article date, and says so in the address.
    assert shown_date(page) == SEED_LATEST
    page.wait_for_url(re.compile(rf"on={SEED_LATEST}"), timeout=30_000)
    page.get_by_text(f"123 states parties on {SEED_LATEST}").wait_for(timeout=30_000)

    set_date(page, "2025-07-01")
    page.get_by_text("125 states parties on 2025-07-01, Hungary").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"on=2025-07-01"), timeout=30_000)
    assert "on=2025-07-01" in copied_link(page)

    # The address alone, in a new visit: the same date shown and used.
    address = page.url
    context.close()
    context, page, more = open_page(browser, address)
    page.wait_for_function(SHAPES_DRAWN, timeout=60_000)
    assert shown_date(page) == "2025-07-01"
    page.get_by_text("125 states parties on 2025-07-01, Hungary").wait_for(timeout=30_000)
    assert "Status on 2025-07-01" in table_text(page, 0)
    assert "on=2025-07-01" in copied_link(page)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "icc_2025-07-01.png"))
    assert outside(requests + more) == []
    context.close()


def test_icc_today_is_one_click_away(server, browser):
    context, page, requests = open_page(browser, f"{server}/icc")
    page.wait_for_function(SHAPES_DRAWN, timeout=60_000)
    today = date.today().isoformat()
    page.get_by_role("button", name=f"Today ({today})").click()
    page.get_by_text(re.compile(rf"states? part(y|ies) on {today}")).wait_for(timeout=30_000)
    assert shown_date(page) == today
    page.wait_for_url(re.compile(rf"on={today}"), timeout=30_000)
    page.wait_for_function(SHAPES_DRAWN, timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "icc_today.png"))
    page.get_by_role("button", name=f"Latest article date ({SEED_LATEST})").click()
    page.get_by_text(f"123 states parties on {SEED_LATEST}").wait_for(timeout=30_000)
    assert shown_date(page) == SEED_LATEST
    assert outside(requests) == []
    context.close()


def test_icc_tables_speak_in_words(server, browser):
    context, page, _ = open_page(browser, f"{server}/icc?on={SEED_LATEST}")
    page.wait_for_function(SHAPES_DRAWN, timeout=60_000)
    page.get_by_text("Visits under warrant").wait_for(timeout=60_000)
    today = date.today().isoformat()
    statuses = table_text(page, 0)
    for header in (f"Status on {SEED_LATEST}", f"Status today ({today})", "Dates checked"):
        assert header in statuses
    assert "Declared it will not ratify" in statuses  # the legend's words for Russia's status
    assert "[1]" in statuses
    assert page.get_by_text("UN Treaty Collection, ch. XVIII-10", exact=False).count() >= 1
    visits = table_text(page, 1)
    for header in ("Held in", "Host bound to arrest", "Evidence", "Article"):
        assert header in visits
    assert page.get_by_text("Leader under warrant: Vladimir", exact=False).count() == 1
    assert "Mongolia – Russia" in visits
    assert "Not stated" in visits  # "He also met with ... Mongolia's president"
    assert page.get_by_text("Evidence counts the evidence sentences", exact=False).count() == 1
    for raw in RAW:
        assert raw not in statuses + visits, raw
    for index in (0, 1):  # at 1280 px every column is in view: neither table scrolls sideways
        scroller = page.locator("[data-testid=stDataFrame]").nth(index).locator(".dvn-scroller")
        assert scroller.first.evaluate("e => e.scrollWidth - e.clientWidth") <= 1, index
    page.set_viewport_size({"width": 1280, "height": 2000})  # Streamlit scrolls inside the page
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "icc_tables.png"), full_page=True)
    context.close()
