"""The map pages in a real browser: arcs visible on dark shading, shading that follows the filters,
a click that opens a pair's evidence, and little sent over the websocket."""

from __future__ import annotations

import io
import re

import pytest

from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside

pytestmark = pytest.mark.browser

MAX_WEBSOCKET_KB = 100
DRAWN = (
    "document.querySelectorAll('.layer.land path').length > 0"
    " && document.querySelectorAll('path.choroplethlocation').length > 5"
    " && document.querySelectorAll('.scattergeo path.js-line').length > 0"
)
# Points along the meeting arcs' coloured lines that lie over Russia or China, in page pixels,
# with the fill of the country beneath and the arc's own colour.
ARC_POINTS_OVER = """() => {
  const rgb = c => c.match(/\\d+/g).slice(0, 3).map(Number);
  const countries = {};
  for (const p of document.querySelectorAll('path.choroplethlocation')) {
    const loc = p.__data__ && p.__data__.loc;
    if (loc === 'RUS' || loc === 'CHN') countries[loc] = p;
  }
  const out = [];
  for (const line of document.querySelectorAll('.scattergeo path.js-line')) {
    const stroke = getComputedStyle(line).stroke;
    if (!stroke.startsWith('rgb(0, 114, 178')) continue;  // meeting: #0072B2
    const total = line.getTotalLength();
    const toPage = line.getScreenCTM();
    for (let at = 0; at < total; at += 6) {
      const p = line.getPointAtLength(at).matrixTransform(toPage);
      for (const [code, shape] of Object.entries(countries)) {
        const local = new DOMPoint(p.x, p.y).matrixTransform(shape.getScreenCTM().inverse());
        if (shape.isPointInFill(local)) {
          out.push({x: p.x, y: p.y, code, fill: rgb(getComputedStyle(shape).fill),
                    arc: rgb(stroke)});
        }
      }
    }
  }
  return out;
}"""

# The centres of the arcs' click dots (the hover points along the arcs are transparent), in page
# pixels.
DOT_CENTRES = """() => [...document.querySelectorAll('.scattergeo .point')]
  .filter(p => getComputedStyle(p).fillOpacity !== '0')
  .map(p => p.getBoundingClientRect()).filter(r => r.width > 4)
  .map(r => [r.x + r.width / 2, r.y + r.height / 2])"""


def _distance(a: tuple[int, ...], b: list[int]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a[:3], b, strict=False)) ** 0.5


def _websocket_bytes(page) -> list[int]:
    """A running total of the payload bytes every websocket of `page` receives."""
    total = [0]

    def watch(ws) -> None:
        ws.on("framereceived", lambda payload: total.__setitem__(0, total[0] + len(payload)))

    page.on("websocket", watch)
    return total


def test_arcs_stay_visible_over_dark_shading(server, browser):
    from PIL import Image

    context, page, requests = open_page(browser, f"{server}/map")
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_timeout(1500)
    shot = page.screenshot()
    (ARTIFACTS / "map_arcs.png").write_bytes(shot)
    dots = page.evaluate(DOT_CENTRES)
    # A click dot (9 px, a white rim) stands on each arc: the points it covers are not the line's.
    points = [
        p
        for p in page.evaluate(ARC_POINTS_OVER)
        if all((p["x"] - x) ** 2 + (p["y"] - y) ** 2 > 7**2 for x, y in dots)
    ]
    assert len(points) >= 10, "no meeting arc crosses Russia or China"
    assert {p["code"] for p in points} == {"RUS", "CHN"}
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    # At each point the arc's colour shows (within a pixel: lines are anti-aliased, and other arcs
    # cross), and the pixel is far from the dark fill beneath it.
    seen = [image.getpixel((round(p["x"]), round(p["y"]))) for p in points]
    near_arc = [
        min(
            _distance(image.getpixel((round(p["x"]) + dx, round(p["y"]) + dy)), p["arc"])
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        )
        < 60
        for p in points
    ]
    far_from_fill = [_distance(px, p["fill"]) > 80 for px, p in zip(seen, points, strict=True)]
    assert sum(near_arc) >= 0.8 * len(points)
    assert sum(far_from_fill) >= 0.8 * len(points)
    assert max(_distance(tuple(p["fill"]), [255, 255, 255]) for p in points) > 200  # dark shading
    assert outside(requests) == []
    context.close()


def test_shading_follows_the_filters_and_says_when_nothing_matches(server, browser):
    context, page, requests = open_page(browser, f"{server}/map?types=legal&focus=HUN")
    page.get_by_text("No link matches these filters").wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.layer.land path').length > 0")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "map_nothing_matches.png"), full_page=True)
    assert page.locator("path.choroplethlocation").count() == 0  # the whole corpus is not shaded
    assert page.locator(".scattergeo path.js-line").count() == 0
    context.close()

    context, page, _ = open_page(browser, f"{server}/map?focus=HUN")
    page.wait_for_function(
        "document.querySelectorAll('.scattergeo path.js-line').length > 0", timeout=60_000
    )
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "map_focus.png"), full_page=True)
    shaded, linked = page.evaluate(
        """() => {
          const data = document.querySelector('.js-plotly-plot').data;
          const shaded = data.filter(t => t.type === 'choropleth').flatMap(t => t.locations);
          const linked = data.filter(t => t.customdata).flatMap(t => t.customdata)
            .flatMap(pair => pair.split(','));
          return [shaded, [...new Set(linked)]];
        }"""
    )
    assert "HUN" in shaded
    assert set(shaded) <= set(linked)  # only the countries of the links the filter keeps
    assert page.get_by_text("No link matches these filters").count() == 0
    assert outside(requests) == []
    context.close()


def test_clicking_an_arc_dot_opens_that_pairs_evidence(server, browser):
    context, page, requests = open_page(browser, f"{server}/map?types=meeting")
    page.wait_for_function(
        "document.querySelectorAll('.scattergeo .point').length > 0", timeout=60_000
    )
    page.wait_for_timeout(1500)
    pair = page.evaluate(
        """() => {
          const dot = [...document.querySelectorAll('.scattergeo .point')]
            .filter(p => p.__data__ && p.__data__.tx && p.__data__.tx.includes('China – Russia'))
            .map(p => p.getBoundingClientRect()).find(r => r.width > 4);
          return dot && {x: dot.x + dot.width / 2, y: dot.y + dot.height / 2};
        }"""
    )
    assert pair, "no visible dot for China – Russia"
    page.mouse.move(pair["x"], pair["y"])
    page.wait_for_timeout(300)
    page.mouse.click(pair["x"], pair["y"])
    page.wait_for_url(re.compile(r"/evidence\?.*pair=CHN(%2C|,)RUS"), timeout=30_000)
    assert "types=meeting" in page.url
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    pairs = page.locator("table.dm-evidence tbody tr td:nth-child(2)").all_text_contents()
    assert pairs
    assert all({"China", "Russia"} <= set(re.split(r" – ", p)) for p in pairs)
    page.screenshot(path=str(ARTIFACTS / "map_click_evidence.png"), full_page=True)
    assert outside(requests) == []
    context.close()


def test_no_arc_dot_hides_another(server, browser):
    # Arcs from China to Brussels and to The Hague run nearly together: their dots had lain 1.6 px
    # apart, and a click on one opened the other's evidence.
    context, page, _ = open_page(browser, f"{server}/map")
    page.wait_for_function(
        "document.querySelectorAll('.scattergeo .point').length > 0", timeout=60_000
    )
    page.wait_for_timeout(1500)
    centres = page.evaluate(DOT_CENTRES)
    page.screenshot(path=str(ARTIFACTS / "map_dots.png"))
    assert len(centres) == 14  # one dot per linked pair of the seeds
    gaps = [
        ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5
        for i, (x1, y1) in enumerate(centres)
        for x2, y2 in centres[i + 1 :]
    ]
    assert min(gaps) > 7  # a dot is 9 px across: at most a sliver of one under another
    context.close()


@pytest.mark.parametrize("path", ["map", "icc"])
def test_map_pages_send_little_over_the_websocket(server, browser, path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    total = _websocket_bytes(page)
    page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    page.wait_for_function(
        "document.querySelectorAll('path.choroplethlocation').length > 5", timeout=60_000
    )
    page.wait_for_timeout(3000)  # whatever else the page run sends
    page.screenshot(path=str(ARTIFACTS / f"{path}_websocket.png"))
    kb = total[0] / 1024
    print(f"{path}: {kb:.1f} KB received over the websocket")
    assert 0 < kb <= MAX_WEBSOCKET_KB
    context.close()
