"""The dashboard in a real browser: every page draws, and no request leaves 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path
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
    shaded = 150 if path == "icc" else 5  # the map page shades the countries the corpus mentions
    page.wait_for_function(
        f"document.querySelectorAll('path.choroplethlocation').length > {shaded}", timeout=60_000
    )
    page.wait_for_timeout(1500)
    name = "icc_default" if path == "icc" else path  # icc.png is the full page, below
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.locator("path.choroplethlocation").count() > shaded
    assert page.locator(".layer.land path").count() == 1  # the base map, from our topojson
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
    page.get_by_text("Linked pairs").wait_for(timeout=30_000)
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
    page.get_by_role("button", name=re.compile("Latest article date")).click()
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


@pytest.mark.parametrize("path", ["evidence", "sources"])
def test_new_pages_load_offline(server, browser, path):
    context, page, requests = open_page(browser, f"{server}/{path}")
    heading = "Evidence" if path == "evidence" else "Sources"
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    if path == "evidence":
        page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
        assert page.locator("mark.dm-actor").count() > 10
    else:
        page.get_by_text("Add the files").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / f"{path}.png"), full_page=True)
    assert page.get_by_text("Traceback").count() == 0
    assert outside(requests) == []
    context.close()


def _linked_pairs(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Linked pairs")
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def test_filter_goes_into_the_url_and_the_url_restores_it(server, browser):
    context, page, requests = open_page(browser, server)
    page.get_by_text("Strongest pairs").wait_for(timeout=60_000)
    before = _linked_pairs(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("conflict")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"types=conflict"), timeout=30_000)
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stMetricValue]')].length == 5", timeout=30_000
    )
    page.wait_for_timeout(1500)
    after = _linked_pairs(page)
    assert after != before
    shared = page.url
    page.get_by_test_id("stSidebarNav").get_by_text("Evidence").click()
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    page.wait_for_url(re.compile(r"/evidence\?.*types=conflict"), timeout=30_000)
    assert page.locator("td", has_text="meeting").count() == 0  # the filter follows to other pages
    assert outside(requests) == []
    context.close()

    context, page, requests = open_page(browser, shared)
    page.get_by_text("Strongest pairs").wait_for(timeout=60_000)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    page.locator("table.dm-articles").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "overview_filtered.png"), full_page=True)
    assert _linked_pairs(page) == after
    chips = page.get_by_test_id("stSidebar").get_by_text("conflict", exact=True)
    assert chips.count() >= 1
    assert "types=conflict" in page.url
    assert outside(requests) == []
    context.close()


def test_upload_in_the_browser_adds_links(server, browser, tmp_path):
    article = tmp_path / "visit.txt"
    article.write_text(
        "Brazil's President met Indonesia's President in Jakarta on Monday to sign a trade pact.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Caf\xe9".encode("latin-1"))
    context, page, requests = open_page(browser, f"{server}/sources")
    page.get_by_text("Add the files").wait_for(timeout=60_000)
    page.locator('input[type="file"]').set_input_files([str(article), str(bad)])
    page.get_by_text("visit.txt").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Add the files").click()
    page.get_by_text("Added visit.txt").wait_for(timeout=60_000)
    page.get_by_text("Skipped bad.txt: not UTF-8 text").wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "sources_added.png"), full_page=True)
    page.get_by_test_id("stSidebarNav").get_by_text("Network").click()
    page.wait_for_function(
        "[...document.querySelectorAll('.scatterlayer .textpoint text')].some(t => t.textContent == 'BRA')",
        timeout=60_000,
    )
    # On the map, the new pair has its arc: a geo trace whose hover names both countries.
    page.get_by_test_id("stSidebarNav").get_by_text("Map").click()
    page.wait_for_function(
        """[...document.querySelectorAll('.js-plotly-plot')].some(p => (p.data || []).some(
            t => t.type === 'scattergeo' && JSON.stringify(t.text || '').includes('Brazil – Indonesia')))""",
        timeout=60_000,
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "map_after_upload.png"), full_page=True)
    assert outside(requests) == []
    context.close()


def test_network_focus_from_the_url(server, browser):
    context, page, requests = open_page(browser, f"{server}/network?focus=USA")
    page.wait_for_function(
        "document.querySelectorAll('.scatterlayer .textpoint text').length > 2", timeout=60_000
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "network_focus.png"), full_page=True)
    labels = set(page.locator(".scatterlayer .textpoint text").all_text_contents())
    assert {"USA", "CHN", "RUS"} <= labels
    assert "UKR" not in labels
    assert "focus=USA" in page.url
    assert outside(requests) == []
    context.close()


def test_map_download_is_a_standalone_page(server, browser):
    context, page, requests = open_page(browser, f"{server}/map")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile("Download this map")).click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "window.PlotlyGeoAssets" in html.split("</head>")[0]
    assert "choropleth" in html
    assert outside(requests) == []
    context.close()


def test_evidence_view_restores_from_its_url(server, browser):
    url = f"{server}/evidence?types=meeting&pair=CHN,RUS"
    context, page, requests = open_page(browser, url)
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"^\d+ evidence sentences · 1 pair · ")).wait_for(timeout=30_000)
    rows = page.locator("table.dm-evidence tbody tr")
    assert rows.count() >= 2
    kinds = rows.locator("td:nth-child(3)").all_text_contents()  # "meeting (in China)" too
    assert all(t.partition(" (in ")[0] == "meeting" for t in kinds)
    page.get_by_test_id("stSidebarNav").get_by_text("Map").click()
    page.wait_for_url(re.compile(r"/map"), timeout=30_000)
    page.wait_for_timeout(1000)
    assert "types=meeting" in page.url
    assert "pair=" not in page.url  # the pair belongs to the evidence page
    assert outside(requests) == []
    context.close()


def test_pasted_dated_article_makes_a_timeline(server, browser):
    context, page, requests = open_page(browser, f"{server}/sources")
    page.get_by_text("Add the text").wait_for(timeout=60_000)
    page.get_by_label("Or paste an article's text").fill(
        "Japan and Australia signed a defence pact in Tokyo on Friday."
    )
    for part, value in (("year", "2024"), ("month", "03"), ("day", "01")):
        page.get_by_role("spinbutton", name=f"{part}, Date (optional)").click()
        page.keyboard.type(value)
    page.get_by_role("button", name="Add the text").click()
    page.get_by_text("Added pasted-1.txt").wait_for(timeout=60_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Overview").click()
    page.get_by_text("Evidence sentences by article date").wait_for(timeout=60_000)
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "overview_timeline.png"), full_page=True)
    assert "to=" not in page.url  # the range grew with the corpus; it filters nothing
    assert outside(requests) == []
    context.close()


def test_copy_link_holds_the_filters_and_the_page_options(server, browser):
    url = f"{server}/network?types=meeting&layout=geo&pick=CHN,RUS"
    context, page, requests = open_page(browser, url)
    page.get_by_text("Evidence: China – Russia").wait_for(timeout=60_000)
    page.get_by_test_id("stSidebar").get_by_text("Copy link to this view").click()
    link = page.get_by_test_id("stCode").inner_text(timeout=30_000)
    assert link.startswith(f"{server}/network?")
    for part in ("types=meeting", "layout=geo", "pick=CHN,RUS"):
        assert part in link, link
    # Opening the copied link in a new session gives the same view.
    again, page2, _ = open_page(browser, link.strip())
    page2.get_by_text("Evidence: China – Russia").wait_for(timeout=60_000)
    assert page2.get_by_label("Geographic").is_checked()
    assert outside(requests) == []
    context.close()
    again.close()


def test_overview_also_answers_at_its_own_path(server, browser):
    context, page, requests = open_page(browser, f"{server}/overview?types=meeting")
    page.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("heading", name="Diplomap").count() == 1
    assert "types=meeting" in page.url
    assert outside(requests) == []
    context.close()
