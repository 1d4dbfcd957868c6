"""Exports and evidence highlighting: pure functions, and a standalone map that draws from disk."""

from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import pandas as pd
import pytest

from diplomap.corpus import build_corpus, read_seeds
from diplomap.figures.export import to_csv, to_graphml, to_json, to_standalone_html
from diplomap.figures.highlight import Span, highlight, highlight_article, highlight_link
from diplomap.figures.maps import make_mention_map
from tests.conftest import ARTIFACTS
from tests.oracle import count_by_day, count_mentions, count_pairs


@pytest.fixture(scope="module")
def seeds(nlp):
    return build_corpus(nlp, read_seeds())


def test_highlight_escapes_text_before_marking():
    text = "<script>alert(1)</script> *Russia* & [China](http://x)"
    out = highlight(text, [Span(26, 34, "actor", 'R"US'), Span(38, 43, "cue")])
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert '<mark class="dm-actor" title="R&quot;US"' in out
    assert ">*Russia*</mark>" in out
    assert ">China</mark>](http://x)" in out  # as text: it goes out through st.html, not Markdown


def test_highlight_skips_overlapping_and_bad_spans():
    out = highlight("abcdef", [Span(0, 3, "actor"), Span(2, 4, "cue"), Span(4, 99, "cue")])
    assert out.count("<mark") == 1


def test_link_sentence_marks_both_actors_and_the_cue(seeds):
    link = seeds.links.iloc[0]
    out = highlight_link(link)
    for word in (link.a_text, link.b_text, link.cue):
        assert f">{word}</mark>" in out


def test_an_actor_named_in_another_sentence_is_named_after_the_sentence():
    text = "Chad closed its border. Niger made similar calls."
    start = text.index("Niger")
    link = pd.Series(
        {
            "a": "NER", "b": "TCD", "type": "criticism", "sentence": text[start:],
            "sent_start": start, "a_text": "Niger", "a_start": start, "a_end": start + 5,
            "b_text": "Chad", "b_start": 0, "b_end": 4, "cue": "calls",
            "cue_start": text.index("calls"), "cue_end": text.index("calls") + 5,
        }
    )  # fmt: skip
    out = highlight_link(link, {"TCD": "Chad", "NER": "Niger"})
    assert ">Niger</mark>" in out
    assert ">calls</mark>" in out
    assert out.endswith("(with Chad (TCD), named elsewhere in the article)</span>")
    assert out.count("<mark") == 2


def test_article_marks_every_mention(seeds):
    name = seeds.articles["article"].iloc[0]
    mentions = seeds.mentions[seeds.mentions["article"] == name]
    out = highlight_article(seeds.articles["text"].iloc[0], mentions, {})
    assert out.count("<mark") == len(mentions)


def test_tables_as_csv_and_json(seeds):
    csv = to_csv(seeds.links).decode()
    assert csv.splitlines()[0].startswith("article,a,b,type")
    assert len(pd.read_csv(io.StringIO(csv))) == len(seeds.links)
    rows = json.loads(to_json(seeds.articles[["article", "date"]]))
    assert rows[0]["date"] == "2023-10-17"
    assert json.loads(to_json(seeds.links))[0]["quad"] in {1, 2, 3, 4}


def test_network_as_graphml(seeds, tmp_path):
    counts, pairs = count_mentions(seeds.mentions), count_pairs(seeds.links)
    path = tmp_path / "n.graphml"
    path.write_bytes(to_graphml(counts, pairs, {"RUS": "Russia"}))
    graph = nx.read_graphml(path)
    assert graph.nodes["RUS"]["name"] == "Russia"
    assert graph.has_edge("CHN", "RUS")
    assert graph.edges["CHN", "RUS"]["links"] >= 1


@pytest.mark.browser
def test_standalone_map_draws_from_disk(seeds, browser):
    from diplomap.views.state import get_names, get_places, get_shape_codes

    places, names = get_places(), get_names()
    counts, pairs = count_mentions(seeds.mentions), count_pairs(seeds.links)
    html = to_standalone_html(make_mention_map(get_shape_codes(), counts, pairs, places, names))
    head = html.split("</head>")[0]
    assert "window.PlotlyGeoAssets" in head
    assert '"countries"' in head  # the base map's topology, inline
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "map-export.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function(
        "document.querySelectorAll('path.choroplethlocation').length > 5", timeout=60_000
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "map-export.png"))
    assert page.locator("path.choroplethlocation").count() == (counts["kind"] == "country").sum()
    assert page.locator(".layer.land path").count() == 1  # the base map drew from the inline file
    assert page.locator(".scattergeo path.js-line").count() >= 3
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:"))] == []
    context.close()


def test_escape_markdown_keeps_text_literal():
    from diplomap.figures.highlight import escape_markdown

    assert escape_markdown("**a** [x](y) <b> :red[z]") == (r"\*\*a\*\* \[x\]\(y\) \<b\> \:red\[z\]")


def test_timeline_counts_sentences_per_day_and_class(seeds):
    from diplomap.figures.timeline import make_timeline

    articles = seeds.articles.assign(date=[date(2023, 10, 17), date(2023, 10, 18)])
    counts = count_by_day(seeds.links, articles)
    assert set(counts["day"]) == {date(2023, 10, 17), date(2023, 10, 18)}
    assert set(counts["quad"]) <= {0, 1, 2, 3, 4}
    names = {trace.name for trace in make_timeline(counts).data}
    assert "material conflict" in names
    undated = seeds.articles.assign(date=None)
    assert count_by_day(seeds.links, undated).empty


def test_count_balance_signs_quads_per_actor_and_pair():
    import pandas as pd

    from diplomap.figures.maps import count_balance

    links = pd.DataFrame(
        {
            "a": ["RUS", "RUS", "CHN", "RUS", "FRA"],
            "b": ["UKR", "UKR", "RUS", "CHN", "DEU"],
            "quad": [4, 3, 1, 2, 0],
            "mode": ["asserted", "asserted", "planned", "negated", "asserted"],
        }
    )
    actors = count_balance(links).set_index("code")
    assert actors.loc["RUS", "net"] == -1  # -1 -1 +1; the negated link does not count
    assert tuple(actors.loc["UKR", ["cooperation", "conflict", "net"]]) == (0, 2, -2)
    assert actors.loc["CHN", "net"] == 1
    assert actors.loc["FRA", "net"] == 0
    pairs = count_balance(links, by="pair").set_index(["a", "b"])
    assert pairs.loc[("RUS", "UKR"), "net"] == -2
    assert pairs.loc[("CHN", "RUS"), "net"] == 1  # ordered a < b, as count_pairs orders them


def test_timeline_bins_long_spans_by_week_then_month():
    from datetime import date, timedelta

    import pandas as pd

    from diplomap.figures.timeline import bin_days, make_timeline

    def days(n: int) -> pd.DataFrame:
        first = date(2024, 1, 1)  # a Monday
        return pd.DataFrame(
            {"day": [first + timedelta(d) for d in range(n)], "quad": 1, "sentences": 1}
        )

    short, unit = bin_days(days(60))
    assert unit == "day"
    assert len(short) == 60
    weeks, unit = bin_days(days(400))
    assert unit == "week"
    assert weeks["sentences"].sum() == 400
    assert weeks["sentences"].max() == 7
    assert all(d.weekday() == 0 for d in weeks["day"])
    months, unit = bin_days(days(1000))
    assert unit == "month"
    assert all(d.day == 1 for d in months["day"])
    assert months["sentences"].sum() == 1000
    fig = make_timeline(days(1000))
    assert fig.data[0].x[0] == "2024-01"
    assert "per month" in fig.layout.title.text
