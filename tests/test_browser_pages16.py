"""Overview, Network, Evidence and Sources in a real browser: one unit (the evidence sentence)
counted alike on every page, one pair order, plurals, titles, readable network labels, and the
evidence table's pronouns, dates, scores, sorting and one row per sentence."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ARTIFACTS
from tests.test_browser import open_page, outside
from tests.test_browser_hostile import go_to, paste_article
from tests.test_browser_network import NODE_AT, NODES_DRAWN

pytestmark = pytest.mark.browser

ROWS = "table.dm-evidence tbody tr"
# The seeds' China–Russia pair: its evidence sentences in the default modes.
CHN_RUS = 14  # the link model on 3,256 Wikinews articles, precision bar 0.72 (2026-12-07)
# Each node label's fill colour and whether it sits clear of its marker (above it).
LABELS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const i = gd._fullData.findIndex(t => t.name === 'actors');
    const layer = gd.querySelectorAll('.scatterlayer .trace')[i];
    const points = [...layer.querySelectorAll('.point')];
    return [...layer.querySelectorAll('.textpoint text')].map((t, k) => {
        const box = t.getBoundingClientRect(), dot = points[k].getBoundingClientRect();
        return [t.textContent, getComputedStyle(t).fill, box.bottom <= dot.top + 2];
    });
}"""
LEGEND = "[...document.querySelectorAll('.legendtext')].map(t => t.textContent)"
# Buttons whose label is cut (an ellipsis: the text is wider than its box).
CUT_BUTTONS = """() => [...document.querySelectorAll('[data-testid=stDownloadButton] button')]
    .filter(b => [...b.querySelectorAll('p, span, div')].some(e => e.scrollWidth > e.clientWidth + 1))
    .map(b => b.innerText)"""


def _wait_network(page) -> None:
    page.wait_for_function(NODES_DRAWN, timeout=60_000)
    page.wait_for_timeout(1500)


def _body(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def _shown(box) -> str:
    """What a select box shows: its text and its input's value."""
    return box.evaluate(
        "e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')"
    )


def _no_bad_plurals(text: str) -> None:
    bad = re.findall(r"(?<![\d,])1 (?:articles|pairs|evidence sentences|mentions|partners)\b", text)
    assert bad == [], bad


def test_overview_counts_evidence_sentences_and_opens_a_pairs_evidence(server, browser):
    context, page, requests = open_page(browser, server)
    page.get_by_text("Strongest pairs").wait_for(timeout=60_000)
    page.locator("table.dm-articles").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "p16_overview.png"))
    body = _body(page)
    assert "Counts are evidence sentences." in body  # the definition, once, where counts start
    assert body.count("An evidence sentence is one sentence") == 1
    assert "Russia – China" not in body  # one pair order: by name, A to Z
    _no_bad_plurals(body)
    # The article list shows titles, not file names; a long source wraps inside its cell.
    articles = page.locator("table.dm-articles").inner_text()
    assert "Putin in Beijing for the Belt and Road forum" in articles
    assert "000_fd8e0b73a57fc3dc.txt" not in articles
    source = page.locator("table.dm-articles td", has_text="credits AP").first
    assert source.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    # The pair's count, then a click on the pair opens its evidence in the same session.
    link = page.get_by_role("link", name="China – Russia")
    row = link.locator("xpath=ancestor::div[@data-testid='stHorizontalBlock'][1]")
    assert re.search(rf"\b{CHN_RUS}\b", row.inner_text())
    link.click()
    page.wait_for_url(re.compile(r"/evidence\?.*pair=CHN(%2C|,)RUS"), timeout=30_000)
    page.get_by_text(f"{CHN_RUS} evidence sentences · 1 pair · 2 articles").wait_for(timeout=30_000)
    page.locator(ROWS).nth(CHN_RUS - 1).wait_for(timeout=30_000)  # the table follows the count
    assert page.locator(ROWS).count() == CHN_RUS
    pair_box = page.get_by_test_id("stSelectbox").filter(has_text="Pair").first
    assert "China – Russia" in _shown(pair_box)
    assert outside(requests) == []
    context.close()


def test_network_labels_legend_buttons_and_counts(server, browser):
    context, page, requests = open_page(browser, f"{server}/network?pick=RUS,CHN")
    _wait_network(page)
    page.screenshot(path=str(ARTIFACTS / "p16_network_force.png"))
    labels = page.evaluate(LABELS)
    assert {"CHN", "RUS", "MNG", "EU"} <= {t for t, _, _ in labels}
    for text, fill, above in labels:  # dark labels beside the node, on white, not inside it
        assert fill == "rgb(26, 26, 26)", (text, fill)
        assert above, text
    legend = page.evaluate(LEGEND)
    assert "bloc" in legend
    assert not any("seat" in t for t in legend)
    # A node's hover names the country.
    page.mouse.move(*page.evaluate(NODE_AT, "MNG"))
    page.locator(".hoverlayer .hovertext").filter(has_text="Mongolia").wait_for(timeout=15_000)
    # The pick counts what Overview and Evidence count for the pair.
    page.get_by_text("Evidence: China – Russia").wait_for(timeout=30_000)
    page.get_by_text(f"{CHN_RUS} evidence sentences in 2 articles").wait_for(timeout=30_000)
    assert page.locator(ROWS).count() == CHN_RUS
    page.get_by_role("button", name="Network (HTML)").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert page.evaluate(CUT_BUTTONS) == []
    labels = page.locator("[data-testid=stDownloadButton] button").all_inner_texts()
    shown = {t.replace("download", "").strip() for t in labels}
    assert shown == {"Network (GraphML)", "Pairs (CSV)", "Network (HTML)"}
    page.screenshot(path=str(ARTIFACTS / "p16_network_buttons.png"))
    assert outside(requests) == []
    context.close()


def test_network_geographic_legend_and_a_single_sentence_pick(server, browser):
    context, page, requests = open_page(browser, f"{server}/network?layout=geo&pick=MNG,RUS")
    _wait_network(page)
    page.screenshot(path=str(ARTIFACTS / "p16_network_geo.png"))
    assert "bloc (at its seat)" in page.evaluate(LEGEND)
    page.get_by_text("Evidence: Mongolia – Russia").wait_for(timeout=30_000)
    page.get_by_text("1 evidence sentence in 1 article.").wait_for(timeout=30_000)
    _no_bad_plurals(_body(page))
    assert outside(requests) == []
    context.close()


def test_evidence_rows_are_sentences_with_pronouns_dates_scores_and_sorting(server, browser):
    context, page, requests = open_page(browser, f"{server}/evidence?pair=RUS,CHN")
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "p16_evidence.png"))
    heads = page.locator("table.dm-evidence th").all_inner_texts()
    assert heads == ["sentence", "pair", "type", "mode", "score", "date", "article"]
    rows = page.locator(ROWS)
    assert rows.count() == CHN_RUS  # one row per sentence, not per link (a sentence holds several)
    # The sentence with "He": who it stands for.
    he = rows.filter(has_text="will deliver a speech")
    assert he.count() == 1
    assert "He (= Russia)" in he.locator("td").nth(0).inner_text()
    assert he.locator("td").nth(2).inner_text() == "meeting"
    assert he.locator("td").nth(4).inner_text() == "+1.0"
    # A sentence the model gives several types: all in one row.
    partner = rows.filter(has_text="most reliable economic and diplomatic partner")
    assert partner.count() == 1
    types = partner.locator("td").nth(2).inner_text().split(", ")
    assert len(types) >= 2
    assert "economic" in types
    assert he.locator("td").nth(5).inner_text() == "2023-10-17"
    assert he.locator("td").nth(6).inner_text() == "Putin in Beijing for the Belt and Road forum"
    assert set(rows.locator("td:nth-child(2)").all_inner_texts()) == {"China – Russia"}
    # Sorting by score: the most conflictual first, marked on its column.
    page.locator(".st-key-evidence_sort [data-testid=stSelectbox]").click()
    page.get_by_role("option", name="Score, most conflictual first").click()
    page.locator("th", has_text="score ▲").wait_for(timeout=30_000)
    scores = [float(s) for s in rows.locator("td:nth-child(5)").all_inner_texts()]
    assert scores == sorted(scores)
    assert scores[0] < 0 < scores[-1]
    _no_bad_plurals(_body(page))
    assert outside(requests) == []
    context.close()


def test_sources_hides_the_filters_and_a_new_article_comes_first(server, browser):
    context, page, requests = open_page(browser, f"{server}/sources?types=meeting")
    page.get_by_text("Add the files").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "p16_sources.png"))
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Link types").count() == 0
    assert sidebar.get_by_text("Filters", exact=True).count() == 0
    assert sidebar.get_by_text("The filters apply to the other pages").count() == 1
    paste_article(page, "Chile and Peru signed a fisheries treaty in Lima.", "A fresh accord")
    go_to(page, "Evidence")
    page.locator("mark.dm-cue").first.wait_for(timeout=60_000)
    # The filters the URL brought are still in force on the other pages.
    sidebar.get_by_text("Link types").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"types=meeting"), timeout=30_000)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Article").first
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=15_000)
    assert options.first.inner_text() == "A fresh accord"  # newest first, by its title
    page.keyboard.press("Escape")
    assert outside(requests) == []
    context.close()
