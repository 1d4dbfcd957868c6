"""The network page in a real browser: the geographic layout draws, and a click shows evidence."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside

pytestmark = pytest.mark.browser

NODES_DRAWN = "document.querySelectorAll('.scatterlayer .textpoint text').length > 3"
# The centre of each point of the chart's trace called `name`, in page coordinates.
TRACE_POINTS = """name => {
    const gd = document.querySelector('.js-plotly-plot');
    const i = gd._fullData.findIndex(t => t.name === name);
    const layer = gd.querySelectorAll('.scatterlayer .trace')[i];
    return [...layer.querySelectorAll('.point')].map(p => {
        const r = p.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2];
    });
}"""
HEADING = "[data-testid=stHeading]"
# The centre of an actor's node marker, in page coordinates.
NODE_AT = """code => {
    const gd = document.querySelector('.js-plotly-plot');
    const i = gd._fullData.findIndex(t => t.name === 'actors');
    const k = gd._fullData[i].customdata.findIndex(c => c[0] === code);
    const r = gd.querySelectorAll('.scatterlayer .trace')[i].querySelectorAll('.point')[k]
        .getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
}"""


def test_geographic_network_click_shows_evidence(server, browser):
    context, page, requests = open_page(browser, f"{server}/network?layout=geo")
    page.wait_for_function(NODES_DRAWN, timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "network_geo.png"))
    labels = set(page.locator(".scatterlayer .textpoint text").all_text_contents())
    assert {"CHN", "RUS", "USA", "UKR"} <= labels
    # No label runs into another (Mongolia's and China's stood side by side above their nodes).
    boxes = page.locator(".scatterlayer .textpoint text").evaluate_all(
        "ts => ts.map(t => { const r = t.getBoundingClientRect();"
        " return [t.textContent, r.left, r.top, r.right, r.bottom]; })"
    )
    for i, (a, *p) in enumerate(boxes):
        for b, *q in boxes[i + 1 :]:
            apart = p[2] <= q[0] or q[2] <= p[0] or p[3] <= q[1] or q[3] <= p[1]
            assert apart, (a, b)
    # The land backdrop is drawn under the nodes (a filled path, not an empty trace).
    land = page.evaluate(TRACE_POINTS.replace(".point", "path.js-fill"), "land")
    assert len(land) > 0

    # Click the China node: its evidence appears under the chart, with a link to the Evidence page.
    x, y = page.evaluate(NODE_AT, "CHN")  # the marker: the label sits above it
    page.mouse.click(x, y)
    page.get_by_text("Evidence: China (CHN), all its links").wait_for(timeout=30_000)
    page.wait_for_selector("table.dm-evidence mark.dm-actor", timeout=30_000)
    assert "pick=CHN" in page.url
    assert "layout=geo" in page.url
    link = page.get_by_role("link", name=re.compile("on the Evidence page"))
    assert "focus=CHN" in (link.get_attribute("href") or "")

    # Click an edge's middle: that pair's sentences, actors and cue marked.
    for mx, my in page.evaluate(TRACE_POINTS, "links"):
        page.mouse.click(mx, my)
        try:
            page.get_by_text(re.compile(r"^Evidence: .+ – .+$")).wait_for(timeout=8_000)
            break
        except Exception:  # the click landed on a node drawn over this edge's middle
            continue
    else:
        pytest.fail("no edge click showed a pair's evidence")
    page.wait_for_selector("table.dm-evidence mark.dm-cue", timeout=30_000)
    assert re.search(r"pick=[A-Z0-9]+%2C[A-Z0-9]+|pick=[A-Z0-9]+,[A-Z0-9]+", page.url)
    sentences = page.locator("table.dm-evidence tbody tr").count()
    assert sentences > 0
    page.wait_for_timeout(1000)  # a rerun may redraw the table after the click
    page.locator("table.dm-evidence").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "network_geo_evidence.png"))
    assert outside(requests) == []
    context.close()


def test_network_pick_from_the_url_restores_the_evidence(server, browser):
    context, page, requests = open_page(browser, f"{server}/network?pick=CHN,RUS")
    page.wait_for_function(NODES_DRAWN, timeout=60_000)
    page.get_by_text("Evidence: China – Russia").wait_for(timeout=30_000)
    text = page.locator("table.dm-evidence").inner_text()
    assert "Putin" in text or "Xi" in text
    href = page.get_by_role("link", name=re.compile("on the Evidence page")).get_attribute("href")
    assert "pair=CHN" in (href or "")
    assert "RUS" in (href or "")
    assert outside(requests) == []
    context.close()


def test_options_the_address_gets_wrong_are_named_above_the_page(server, browser):
    url = f"{server}/network?layout=zzz&pick=ZZZ&types=bogus"
    context, page, _ = open_page(browser, url)
    page.wait_for_function(NODES_DRAWN, timeout=60_000)  # the default layout, drawn
    alerts = page.locator("[data-testid=stAlertContentInfo]")
    alerts.first.wait_for(timeout=30_000)
    said = " ".join(alerts.all_inner_texts())
    assert "layout=zzz could not be used: not one of Force-directed, Geographic" in said
    assert "pick=ZZZ could not be used: no actor has the code ZZZ" in said
    assert "Left out of the address's filters: types=bogus (not a link type)" in said
    # Above the page's heading, in the main column (the filters' notice is in the sidebar).
    notice = page.get_by_text("layout=zzz could not be used")
    assert notice.bounding_box()["y"] < page.locator(HEADING).first.bounding_box()["y"]
    page.screenshot(path=str(ARTIFACTS / "network_bad_address.png"))
    context.close()
