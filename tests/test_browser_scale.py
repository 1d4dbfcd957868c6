"""The map and the network stay readable on real news at scale: a 2,000-article store built from
the Wikinews corpus as bench/big_store.py builds the 100,000-article one, in Debian chromium."""

from __future__ import annotations

import importlib.util
import os
import re

import networkx as nx
import pytest

from tests.conftest import ARTIFACTS
from tests.live import ROOT, start_streamlit, stop_streamlit

ARTICLES = 2000
MAP_DRAWN = (
    "document.querySelectorAll('.layer.land path').length > 0"
    " && document.querySelectorAll('path.choroplethlocation').length > 20"
    " && document.querySelectorAll('.scattergeo path.js-line').length > 0"
)
NETWORK_DRAWN = "document.querySelectorAll('.scatterlayer .point').length > 10"
# The chart's figure as plotly drew it: its traces and its axes' ranges.
FIGURE = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const l = gd._fullLayout;
  return {data: gd.data.map(t => ({name: t.name, meta: t.meta || null, x: t.x || null,
             y: t.y || null, lon: t.lon || null, customdata: t.customdata || null,
             text: t.text || null, legendgroup: t.legendgroup || null,
             locations: t.locations || null})),
          title: l.title.text,
          xrange: l.xaxis ? l.xaxis.range : null, yrange: l.yaxis ? l.yaxis.range : null};
}"""


def _big_store():
    spec = importlib.util.spec_from_file_location("big_store", ROOT / "bench" / "big_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scale_server(tmp_path_factory):
    """The dashboard on a 2,000-article store of Wikinews copies (skipped without the corpus)."""
    big_store = _big_store()
    if not big_store.CORPUS.exists():
        pytest.skip(f"{big_store.CORPUS} is not here: the Wikinews corpus is not in the repo")
    db = tmp_path_factory.mktemp("scale") / "wikinews-2k.duckdb"
    big_store.build_store(db, ARTICLES, workers=2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "streamlit-scale.log").open("w") as log:
        proc, url = start_streamlit({**os.environ, "DIPLOMAP_DB": str(db)}, log)
        yield url
        stop_streamlit(proc)


def _open(browser, url: str, drawn: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_function(drawn, timeout=180_000)
    page.wait_for_timeout(1000)  # let the chart settle
    return page


def test_map_draws_the_strongest_arcs_and_says_how_many_are_hidden(scale_server, browser):
    page = _open(browser, f"{scale_server}/map", MAP_DRAWN)
    page.screenshot(path=str(ARTIFACTS / "scale_map.png"))
    figure = page.evaluate(FIGURE)
    arcs = sum(len(t["lon"]) for t in figure["data"] if t["meta"] == "arcs")
    assert arcs == 100, arcs
    assert "the 100 strongest of" in figure["title"]
    caption = page.get_by_text("Arcs drawn: the 100 pairs with the most evidence").inner_text()
    assert "weaker pairs hidden" in caption
    shaded = {c for t in figure["data"] if t["name"] == "mentions" for c in t["locations"]}
    assert len(shaded) > 100
    assert "ATA" not in shaded
    page.get_by_text("250", exact=True).click()
    page.wait_for_function("location.search.includes('arcs=250')", timeout=60_000)
    page.wait_for_function(
        "document.querySelector('.js-plotly-plot')?.layout?.title?.text?.includes('250')",
        timeout=60_000,
    )
    figure = page.evaluate(FIGURE)
    assert sum(len(t["lon"]) for t in figure["data"] if t["meta"] == "arcs") == 250
    page.close()


def test_network_packs_components_and_labels_the_largest_nodes(scale_server, browser):
    page = _open(browser, f"{scale_server}/network", NETWORK_DRAWN)
    page.screenshot(path=str(ARTIFACTS / "scale_network.png"))
    figure = page.evaluate(FIGURE)
    actors = next(t for t in figure["data"] if t["name"] == "actors")
    edges = next(t for t in figure["data"] if t["name"] == "links")
    codes = [c[0] for c in actors["customdata"]]
    pos = dict(zip(codes, zip(actors["x"], actors["y"], strict=True), strict=True))
    graph = nx.Graph(key.split("–") for key in edges["customdata"])
    assert 20 <= graph.number_of_nodes() <= 40 + 2  # the 40 strongest (and a pick or focus)
    assert len(edges["customdata"]) <= 3 * 40
    main = max(nx.connected_components(graph), key=len)
    xs, ys = [pos[c][0] for c in main], [pos[c][1] for c in main]
    (x0, x1), (y0, y1) = figure["xrange"], figure["yrange"]
    width, height = (max(xs) - min(xs)) / (x1 - x0), (max(ys) - min(ys)) / (y1 - y0)
    # The main component fills most of the chart's box: no outlier shrinks it into a corner.
    assert width > 0.55, (width, height)
    assert height > 0.55, (width, height)
    assert width * height > 0.4, (width, height)
    labels = [t for t in actors["text"] if t]
    assert 5 <= len(labels) <= 16, labels
    groups = [t for t in figure["data"] if t["legendgroup"] == "groups"]
    assert len(groups) >= 2, "groups named in the legend"
    assert page.get_by_text("Most central actors").is_visible()
    assert page.get_by_text("United States").first.is_visible()
    page.close()


def test_counts_have_thousands_separators(scale_server, browser):
    page = _open(browser, f"{scale_server}/", "document.body.innerText.includes('By type')")
    page.wait_for_function("document.body.innerText.includes('2,000')", timeout=60_000)
    # Wait for the tables' numbers, not only their cells: a table may still be filling in.
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stTable]')]"
        ".some(t => /\\d,\\d{3}/.test(t.innerText))",
        timeout=60_000,
    )
    tables = " ".join(page.get_by_test_id("stTable").all_inner_texts())
    counts = re.findall(r"\d[\d,]*", tables)
    assert any("," in c for c in counts), tables  # 2,000 articles hold over 1,000 of some type
    assert not [c for c in counts if "," not in c and len(c) > 3], tables
    page.close()
