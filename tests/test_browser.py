"""The dashboard in a real browser: every page draws, and no request leaves 127.0.0.1."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

LOCAL = {"127.0.0.1", "localhost"}
# The warrant links: dashed line paths drawn in the geo subplot.
DASHED_ARCS = """[...document.querySelectorAll('.scattergeo path.js-line')]
    .some(p => (p.style.strokeDasharray || 'none') !== 'none')"""


def open_page(browser, url: str):
    """A fresh 1280x800 page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="domcontentloaded")
    return context, page, requests


def outside(requests: list[str]) -> list[str]:
    return [
        u
        for u in requests
        if urlparse(u).scheme in {"http", "https", "ws", "wss"}
        and urlparse(u).hostname not in LOCAL
    ]


@pytest.mark.parametrize("path", ["map", "icc"])
def test_map_pages_draw_countries_offline(server, browser, path):
    context, page, requests = open_page(browser, f"{server}/{path}")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_function(
        "document.querySelectorAll('path.choroplethlocation').length > 150", timeout=60_000
    )
    page.wait_for_timeout(1500)
    name = "icc_today" if path == "icc" else path  # icc.png is the "as of" view, below
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    shapes = page.locator("path.choroplethlocation").count()
    assert shapes > 150
    assert page.get_by_text("Error", exact=True).count() == 0
    assert outside(requests) == []
    context.close()


def test_map_page_draws_link_arcs(server, browser):
    context, page, _ = open_page(browser, f"{server}/map")
    page.wait_for_function(
        "document.querySelectorAll('.scattergeo path.js-line').length > 0", timeout=60_000
    )
    assert page.locator(".scattergeo path.js-line").count() >= 3
    context.close()


def test_network_page_draws_nodes_offline(server, browser):
    context, page, requests = open_page(browser, f"{server}/network")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_function(
        "document.querySelectorAll('.scatterlayer .point').length > 3", timeout=60_000
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "network.png"), full_page=True)
    labels = page.locator(".scatterlayer .textpoint text").all_text_contents()
    assert {"CHN", "RUS", "HUN"} <= set(labels)
    assert outside(requests) == []
    context.close()


def test_overview_is_the_default_page(server, browser):
    context, page, requests = open_page(browser, server)
    page.get_by_text("Strongest pairs").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert page.get_by_text("Linked pairs").count() == 1
    assert outside(requests) == []
    context.close()


def test_icc_date_control_redraws(server, browser):
    context, page, requests = open_page(browser, f"{server}/icc")
    page.wait_for_function(
        "document.querySelectorAll('path.choroplethlocation').length > 150", timeout=60_000
    )
    for part, value in (("year", "2025"), ("month", "05"), ("day", "01")):
        page.get_by_role("spinbutton", name=f"{part}, Status on").click()
        page.keyboard.type(value)
    page.get_by_role("heading", name="ICC membership").click()  # leaving the field commits the date
    page.get_by_text("125 states parties on 2025-05-01").wait_for(timeout=30_000)
    page.get_by_role("button", name=re.compile("As of the corpus's article date")).click()
    page.get_by_text("123 states parties on 2023-10-17").wait_for(timeout=30_000)
    page.wait_for_function(DASHED_ARCS, timeout=30_000)
    page.get_by_text("Visits under warrant").wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1280, "height": 1500})  # Streamlit scrolls inside the page
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "icc.png"), full_page=True)
    assert page.locator("path.choroplethlocation").count() > 150
    assert page.get_by_text("Link involving a leader under ICC warrant").count() == 1  # legend
    assert outside(requests) == []
    context.close()
