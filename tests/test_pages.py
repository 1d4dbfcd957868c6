"""Every page through Streamlit's AppTest: it runs without exceptions and renders its parts."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from streamlit.testing.v1 import AppTest


def overview_page():
    from diplomap.views import overview

    overview.render()


def map_page():
    from diplomap.views import worldmap

    worldmap.render()


def map_page_with_notices():
    import streamlit as st

    from diplomap.views import state, worldmap

    slot = st.container()
    worldmap.render()
    state.show_page_notices(slot)


def network_page():
    from diplomap.views import network

    network.render()


def icc_page():
    from diplomap.views import icc

    icc.render()


def icc_page_with_notices():
    import streamlit as st

    from diplomap.views import icc, state

    slot = st.container()
    icc.render()
    state.show_page_notices(slot)


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def test_overview_page():
    at = AppTest.from_function(overview_page, default_timeout=120).run()
    assert not at.exception
    labels = ["Articles", "Countries", "Blocs", "Linked pairs", "Evidence sentences"]
    assert [m.label for m in at.metric] == labels
    assert at.metric[0].value == "2"
    assert at.metric[4].value == "38"  # as the Evidence page counts them: once per pair


def test_pages_ask_the_store_for_their_totals():
    from diplomap.corpus import filters, summary
    from diplomap.views import state

    for module, name in ((state, "summarise"), (summary, "count_pairs"), (filters, "filter_links")):
        assert not hasattr(module, name)  # one query path: SQL only
    for page in (overview_page, icc_page):
        at = AppTest.from_function(page, default_timeout=120)
        at.query_params["types"] = "meeting,legal"
        at.query_params["min_evidence"] = "2"
        at.run()
        assert not at.exception, page.__name__
    at = AppTest.from_function(network_page, default_timeout=120).run()
    assert not at.exception


def test_map_page():
    at = AppTest.from_function(map_page, default_timeout=120).run()
    assert not at.exception
    assert at.header[0].value == "Map"
    assert len(charts(at)) == 1
    assert "Crimea" in at.caption[0].value


def test_map_page_shades_by_net_cooperation_and_keeps_it_in_the_url():
    at = AppTest.from_function(map_page, default_timeout=120).run()
    assert at.radio(key="map_shade").value == "mentions"
    assert "shade" not in at.query_params
    at.radio(key="map_shade").set_value("net").run()
    assert not at.exception
    assert at.query_params["shade"] in ("net", ["net"])
    data = _figure(at)["data"]
    net = next(t for t in data if t.get("name") == "net cooperation")
    assert net["zmid"] == 0
    assert net["zmin"] == -net["zmax"]
    assert {"cooperation", "conflict"} <= {t.get("name") for t in data}
    assert "quad 3-4" in at.caption[0].value
    at.radio(key="map_shade").set_value("mentions").run()
    assert "shade" not in at.query_params


def test_map_shading_restores_from_the_url():
    at = AppTest.from_function(map_page, default_timeout=120)
    at.query_params["shade"] = "net"
    at.run()
    assert not at.exception
    assert at.radio(key="map_shade").value == "net"
    assert "net cooperation" in [t.get("name") for t in _figure(at)["data"]]
    bad = AppTest.from_function(map_page_with_notices, default_timeout=120)
    bad.query_params["shade"] = "<script>"
    bad.run()
    assert not bad.exception
    assert bad.radio(key="map_shade").value == "mentions"
    notice = " ".join(i.value for i in bad.info)
    assert "\\<script\\>" in notice  # Markdown escaped
    assert "shade=<script> could not be used: not one of" in notice.replace("\\", "")


def test_network_page():
    at = AppTest.from_function(network_page, default_timeout=120).run()
    assert not at.exception
    assert len(charts(at)) == 1
    assert not at.dataframe  # the table waits for its toggle
    at.toggle(key="network_table").set_value(True).run()
    table = at.dataframe[0].value
    pairs = {frozenset((a, b)) for a, b in zip(table["a"], table["b"], strict=True)}
    assert frozenset(("CHN", "RUS")) in pairs


def test_network_table_shows_the_strongest_pairs_and_offers_all(monkeypatch):
    monkeypatch.setattr("diplomap.views.network.TABLE_ROWS", 2)
    at = AppTest.from_function(network_page, default_timeout=120).run()
    at.toggle(key="network_table").set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 2
    assert list(table["links"]) == sorted(table["links"], reverse=True)
    captions = " ".join(c.value for c in at.caption)
    assert "The 2 pairs with the most evidence, of" in captions
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Pairs (CSV)" in labels


def test_network_geographic_layout_round_trips_the_url():
    at = AppTest.from_function(network_page, default_timeout=120).run()
    assert at.radio(key="network_layout").value == "force"
    assert "layout" not in at.query_params
    at.radio(key="network_layout").set_value("geo").run()
    assert not at.exception
    assert at.query_params["layout"] in ("geo", ["geo"])
    data = _figure(at)["data"]
    assert data[0]["name"] == "land"
    assert "on the map" in _figure(at)["layout"]["title"]["text"]
    at.radio(key="network_layout").set_value("force").run()
    assert "layout" not in at.query_params
    again = AppTest.from_function(network_page, default_timeout=120)
    again.query_params["layout"] = "geo"
    again.run()
    assert again.radio(key="network_layout").value == "geo"
    bad = AppTest.from_function(network_page, default_timeout=120)
    bad.query_params["layout"] = "<b>"
    bad.run()
    assert not bad.exception
    assert bad.radio(key="network_layout").value == "force"


def test_network_pick_shows_its_evidence_and_keeps_it_in_the_url():
    at = AppTest.from_function(network_page, default_timeout=120)
    at.query_params["pick"] = "CHN,RUS"
    at.run()
    assert not at.exception
    assert at.selectbox(key="network_pick").value == "CHN–RUS"
    table = at.get("html")[0].proto.body
    assert 'class="dm-actor"' in table
    assert 'class="dm-cue"' in table
    assert any("evidence?pair=CHN,RUS" in m.value for m in at.markdown)
    assert any(t.get("name") == "picked" for t in _figure(at)["data"])
    at.selectbox(key="network_pick").set_value("USA").run()
    assert at.query_params["pick"] in ("USA", ["USA"])
    assert any("focus=USA" in m.value for m in at.markdown)
    at.selectbox(key="network_pick").set_value(None).run()
    assert "pick" not in at.query_params
    assert not at.get("html")
    gone = AppTest.from_function(network_page, default_timeout=120)
    gone.query_params["pick"] = "XXA,<script>"
    gone.run()
    assert not gone.exception
    assert gone.selectbox(key="network_pick").value is None


def test_network_evidence_helpers():
    from diplomap.corpus.filters import FilterSpec
    from diplomap.views.network import evidence_for, evidence_url

    links = pd.DataFrame({"a": ["RUS", "CHN", "USA"], "b": ["CHN", "USA", "RUS"], "n": [1, 2, 3]})
    assert list(evidence_for(links, "CHN–RUS")["n"]) == [1]
    assert list(evidence_for(links, "USA")["n"]) == [2, 3]
    url = evidence_url("CHN–RUS", FilterSpec(types=("meeting",)))
    assert url == "evidence?types=meeting&pair=CHN,RUS"
    assert evidence_url("USA", FilterSpec()) == "evidence?focus=USA"


def _status_table(at: AppTest):
    codes = {"China": "CHN", "Hungary": "HUN", "Russia": "RUS", "Ukraine": "UKR"}
    return at.dataframe[0].value.assign(code=lambda t: t["Country"].map(codes)).set_index("code")


def test_icc_page_date_control():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert not at.exception
    assert at.date_input[0].value == date(2023, 10, 17)  # the seed corpus's latest article date
    assert at.query_params["on"] == "2023-10-17"
    at.date_input[0].set_value(date(2025, 5, 1)).run()
    assert not at.exception
    assert "125 states parties on 2025-05-01" in at.caption[0].value
    assert at.query_params["on"] == "2025-05-01"
    table = _status_table(at)
    assert table.loc["HUN", "Status on 2025-05-01"] == "State party"
    at.date_input[0].set_value(date(2026, 7, 1)).run()
    assert _status_table(at).loc["HUN", "Status on 2026-07-01"] == "Withdrawn"


def test_icc_page_counts_a_withdrawing_state_as_a_party():
    at = AppTest.from_function(icc_page, default_timeout=120)
    at.query_params["on"] = "2025-07-01"
    at.run()
    assert not at.exception
    assert at.date_input[0].value == date(2025, 7, 1)
    caption = at.caption[0].value
    assert caption.startswith("125 states parties on 2025-07-01, Hungary")
    assert "art. 127" in caption


def test_icc_page_starts_on_the_filtered_corpus_latest_date():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert at.date_input[0].value == date(2023, 10, 17)
    at.query_params["from"] = "2024-01-01"  # the filters leave no article: no latest date
    at.run()
    assert not at.exception
    assert at.date_input[0].value == date.today()  # the date followed the filters
    assert not [b for b in at.button if b.label.startswith("Latest article date")]
    at.date_input[0].set_value(date(2020, 1, 1)).run()  # picked: it no longer follows
    del at.query_params["from"]
    at.run()
    assert at.date_input[0].value == date(2020, 1, 1)
    assert at.query_params["on"] == "2020-01-01"


def test_icc_page_reads_its_date_from_the_url():
    at = AppTest.from_function(icc_page, default_timeout=120)
    at.query_params["on"] = "2019-06-01"
    at.run()
    assert at.date_input[0].value == date(2019, 6, 1)
    bad = AppTest.from_function(icc_page_with_notices, default_timeout=120)
    bad.query_params["on"] = "yesterday"
    bad.run()
    assert not bad.exception
    assert bad.date_input[0].value == date(2023, 10, 17)
    notice = " ".join(i.value for i in bad.info).replace("\\", "")
    assert "on=yesterday could not be used: not a date from 1998-07-17" in notice
    assert "showing 2023-10-17" in notice


def test_icc_page_today_is_one_click_away():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert not at.exception
    button = next(b for b in at.button if b.label.startswith("Today"))
    assert date.today().isoformat() in button.label
    button.click().run()
    assert not at.exception
    assert at.date_input[0].value == date.today()
    latest = next(b for b in at.button if b.label.startswith("Latest article date"))
    assert "2023-10-17" in latest.label
    latest.click().run()
    assert at.date_input[0].value == date(2023, 10, 17)
    assert "123 states parties on 2023-10-17" in at.caption[0].value
    assert "Putin" in at.caption[0].value


def test_icc_page_status_table_in_words():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    table = _status_table(at)
    now = date.today().isoformat()
    assert list(table.columns) == [
        "Country",
        "Status on 2023-10-17",
        "Status since",
        f"Status today ({now})",
        "Since (today)",
        "Dates checked",
        "Source",
    ]
    assert tuple(table.loc["HUN", ["Status on 2023-10-17", f"Status today ({now})"]]) == (
        "State party",
        "Withdrawn",
    )
    assert table.loc["UKR", "Status on 2023-10-17"] == "Not a party"
    assert table.loc["RUS", "Status on 2023-10-17"] == "Declared it will not ratify"
    text = table.astype(str).to_string()
    for raw in ("None", "memory:", "UNTC_XVIII", "since_now", "non-party", "unsigned", "nan"):
        assert raw not in text, raw
    for cell in table["Source"]:
        assert cell == "—" or re.fullmatch(r"\[\d+\]( \[\d+\])*", cell), cell
    sources = next(c.value for c in at.caption if c.value.startswith("Sources: [1] "))
    assert "UN Treaty Collection, ch. XVIII-10" in sources
    cited = {int(n) for cell in table["Source"] for n in re.findall(r"\[(\d+)\]", cell)}
    assert cited == set(range(1, len(re.findall(r"\[\d+\] ", sources)) + 1))


def test_icc_page_borders_caption():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    borders = at.caption[1].value
    for words in ("Crimea", "68/262", "Kosovo", "XKX", "Western Sahara"):
        assert words in borders


def test_icc_page_visits_under_warrant():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert not at.exception
    assert "Visits under warrant" in [h.value for h in at.subheader]
    visits = at.dataframe[1].value
    text = visits.astype(str).to_string()
    for raw in ("None", "host_verified", "True", "False", "nan"):
        assert raw not in text, raw
    rows = visits.set_index("Meeting")
    china = rows.loc["China – Russia"]
    assert china["Date"] == "2023-10-17"
    assert china["Held in"] == "China"
    assert china["Host's status then"] == "Not a party"
    assert china["Host bound to arrest"] == "No"
    assert "Leader under warrant" not in visits.columns  # one leader: named above the table
    assert any("Leader under warrant: **Vladimir" in m.value for m in at.markdown)
    assert china["Evidence"] > 1  # evidence sentences, counted
    # "He also met with ... Mongolia's president": in Beijing, but the sentence does not say so.
    mongolia = rows.loc["Mongolia – Russia"]
    assert mongolia["Held in"] == "Not stated"
    assert mongolia["Host bound to arrest"] == "Unknown"
    assert rows.loc["Hungary – Russia", "Held in"] == "China"  # "in Beijing ... Orban"
    if "Kyrgyzstan – Russia" in rows.index:  # depends on which meetings extraction finds
        assert rows.loc["Kyrgyzstan – Russia", "Host bound to arrest"] == "No"
    assert at.dataframe[1].proto.row_height == 72  # the seeds' titles fit 3 lines


def test_visit_rows_grow_with_the_longest_title():
    from diplomap.views.icc import fit_row_height

    assert fit_row_height(["Putin in Beijing for the Belt and Road forum"]) == 72  # 3 lines
    assert fit_row_height(["x" * 61]) == 90  # 4 lines of about 20 characters
    assert fit_row_height(["x" * 500, "short"]) == 108  # 5 at most
    assert fit_row_height([]) == 72


def test_dashboard_says_which_filter_values_in_the_address_it_cannot_use():
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    for key, value in (("types", "bogus"), ("from", "notadate"), ("focus", "ZZZ"), ("quads", "2")):
        at.query_params[key] = value
    at.run()
    assert not at.exception
    notice = " ".join(i.value for i in at.sidebar.info).replace("\\", "")  # Markdown escapes
    assert notice.startswith("Left out of the address's filters: types=bogus (not a link type);")
    for said in ("focus=ZZZ (no actor of the corpus", "from=notadate (not a date (YYYY-MM-DD))"):
        assert said in notice, said
    assert "quads" not in notice  # a value it could use
    at.run()  # said once, when the filters start from the address
    assert not any("Left out" in i.value for i in at.sidebar.info)


def network_page_with_notices():
    import streamlit as st

    from diplomap.views import network, state

    slot = st.container()
    network.render()
    state.show_page_notices(slot)


def test_network_page_says_a_pick_it_cannot_use_once():
    at = AppTest.from_function(network_page_with_notices, default_timeout=120)
    at.query_params["pick"] = "CHN,RUS"
    at.query_params["layout"] = "zzz"
    at.run()
    assert not at.exception
    notice = " ".join(i.value for i in at.info).replace("\\", "")
    assert "pick" not in notice  # a pair of the view
    assert "layout=zzz could not be used: not one of Force-directed, Geographic" in notice
    # The view empties (the picker goes with it) and fills again: the address said nothing new.
    at.query_params["min_evidence"] = "1000"
    at.run()
    at.query_params["min_evidence"] = "1"
    at.query_params["focus"] = "THA"
    at.run()
    assert not any("could not be used" in i.value for i in at.info)
    bad = AppTest.from_function(network_page_with_notices, default_timeout=120)
    bad.query_params["pick"] = "ZZZ"
    bad.run()
    notice = " ".join(i.value for i in bad.info).replace("\\", "")
    assert "pick=ZZZ could not be used: no actor has the code ZZZ" in notice
    known = AppTest.from_function(network_page_with_notices, default_timeout=120)
    known.query_params["pick"] = "FRA"  # an actor, but none of the seeds'
    known.run()
    notice = " ".join(i.value for i in known.info).replace("\\", "")
    assert "pick=FRA could not be used: not in this view (see the filters)" in notice


def test_a_long_address_value_is_cut_and_escaped():
    from diplomap.views.state import quote_param

    long = quote_param("layout=" + "x" * 100)
    assert long.replace("\\", "") == "layout=" + "x" * 52 + "…"
    link = quote_param("shade=[x](javascript:alert(1))")
    for part in ("\\[", "\\]", "\\("):
        assert part in link, part


def evidence_page_with_notices():
    import streamlit as st

    from diplomap.views import evidence, state

    slot = st.container()
    evidence.render()
    state.show_page_notices(slot)


def test_evidence_page_says_a_pair_of_the_address_is_not_in_the_view():
    at = AppTest.from_function(evidence_page_with_notices, default_timeout=120)
    at.query_params["pair"] = "CHN,ZZZ"
    at.run()
    assert not at.exception
    notice = " ".join(i.value for i in at.info).replace("\\", "")
    assert "pair=CHN,ZZZ could not be used: no actor has the code ZZZ" in notice
    known = AppTest.from_function(evidence_page_with_notices, default_timeout=120)
    known.query_params["pair"] = "CHN,FRA"  # an actor, but none of the seeds'
    known.run()
    notice = " ".join(i.value for i in known.info).replace("\\", "")
    assert "pair=CHN,FRA could not be used: no pair in this view links FRA (see the" in notice
    alone = AppTest.from_function(evidence_page_with_notices, default_timeout=120)
    alone.query_params["pair"] = "CHN,MNG"  # both linked, but not with each other
    alone.run()
    notice = " ".join(i.value for i in alone.info).replace("\\", "")
    assert "pair=CHN,MNG could not be used: not in this view (see the filters)" in notice
    good = AppTest.from_function(evidence_page_with_notices, default_timeout=120)
    good.query_params["pair"] = "RUS,CHN"
    good.run()
    assert not any("could not be used" in i.value for i in good.info)


def test_the_sources_table_says_undated_as_the_other_pages_do():
    from datetime import date as day

    from diplomap.views.sources import list_articles

    articles = pd.DataFrame(
        {
            "article": ["a.txt", "b.txt"],
            "title": ["A", None],
            "date": [day(2023, 10, 17), None],
            "mentions": [3, 2],
            "links": [1, 0],
            "added": [False, True],
            "source": ["x", "y"],
        }
    )
    assert list(list_articles(articles)["date"]) == ["2023-10-17", "undated"]


def test_visits_of_several_leaders_are_a_table_each():
    from diplomap.views.icc import LEADER, split_by_leader

    shown = pd.DataFrame(
        {
            LEADER: ["B b", "A a", "B b"],
            "Meeting": ["X – Y", "Z – Y", "X – W"],
            "Evidence": [1, 2, 3],
        }
    )
    parts = split_by_leader(shown)
    assert [leader for leader, _ in parts] == ["B b", "A a"]  # as they first come
    assert list(parts[0][1]["Meeting"]) == ["X – Y", "X – W"]
    assert all(LEADER not in rows.columns for _, rows in parts)


def test_dashboard_router_runs():
    at = AppTest.from_file("../dashboard.py", default_timeout=120).run()
    assert not at.exception


def test_icc_page_outlines_blocs_on_the_date():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    at.date_input[0].set_value(date(2019, 6, 1)).run()
    at.multiselect[0].select("EU").run()
    assert not at.exception
    names = [trace["name"] for trace in _figure(at)["data"]]
    assert "EU on 2019-06-01" in names


def _figure(at: AppTest) -> dict:
    import json

    chart = at.get("plotly_chart")[0]
    return json.loads(chart.proto.spec)


def evidence_page():
    from diplomap.views import evidence

    evidence.render()


def sources_page():
    from diplomap.views import sources

    sources.render()


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_evidence_page_marks_and_filters_by_pair():
    at = AppTest.from_function(evidence_page, default_timeout=120).run()
    assert not at.exception
    body = _html(at)
    assert '<mark class="dm-cue"' in body
    assert "<script" not in body
    count = int(at.markdown[0].value.split()[0])
    pair = at.selectbox(key="evidence_pair")
    assert "CHN–RUS" in pair.options or "China – Russia" in pair.options
    pair.set_value("CHN–RUS").run()
    assert not at.exception
    narrowed = int(at.markdown[0].value.split()[0])
    assert 0 < narrowed < count
    assert "· 1 pair ·" in at.markdown[0].value
    assert len(at.get("download_button")) == 4


def test_evidence_page_opens_an_article_with_its_mentions():
    at = AppTest.from_function(evidence_page, default_timeout=120).run()
    article = at.selectbox(key="evidence_open")
    article.set_value(article.options[1]).run()
    assert not at.exception
    body = at.get("html")[-1].proto.body
    assert body.count('<mark class="dm-actor"') > 5
    assert "mentions marked" in at.caption[-1].value


def test_evidence_page_reads_the_filters_from_the_url():
    at = AppTest.from_function(evidence_page, default_timeout=120)
    at.query_params["types"] = "legal"
    at.query_params["modes"] = "asserted,negated"
    at.run()
    assert not at.exception
    body = _html(at)
    assert "<td>legal</td>" in body
    assert "<td>meeting</td>" not in body


def test_bad_query_params_fall_back_quietly():
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    for key, value in {
        "types": "<script>",
        "quads": "x",
        "min_evidence": "-1",
        "focus": "ZZZ",
        "from": "yesterday",
        "modes": "",
    }.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert at.metric[3].label == "Linked pairs"
    assert at.sidebar.selectbox[0].value is None  # an unknown focus actor is dropped
    assert "focus" not in at.query_params


def test_sidebar_filter_writes_the_url():
    at = AppTest.from_file("../dashboard.py", default_timeout=120).run()
    pairs = int(at.metric[3].value)
    at.sidebar.multiselect[0].set_value(["conflict"]).run()
    assert not at.exception
    assert at.query_params["types"] in ("conflict", ["conflict"])
    assert int(at.metric[3].value) < pairs
    at.sidebar.selectbox[0].set_value("HUN").run()
    assert at.query_params["focus"] in ("HUN", ["HUN"])


def test_network_page_focus_on_one_actor():
    at = AppTest.from_function(network_page, default_timeout=120)
    at.query_params["focus"] = "USA"
    at.run()
    at.toggle(key="network_table").set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    pairs = {frozenset(p) for p in zip(table["a"], table["b"], strict=True)}
    assert frozenset(("CHN", "USA")) in pairs
    assert frozenset(("CHN", "RUS")) in pairs  # among its partners: the ego network
    assert frozenset(("RUS", "UKR")) not in pairs
    at.toggle[0].set_value(False).run()
    table = at.dataframe[0].value
    assert all("USA" in (a, b) for a, b in zip(table["a"], table["b"], strict=True))
    labels = [b.label for b in at.get("download_button")]
    assert any("GraphML" in label for label in labels)


def test_sources_page_lists_the_articles():
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 2
    assert {"title", "date", "source", "mentions", "links"} <= set(table.columns)
    assert table["links"].sum() > 10
    shown = at.dataframe[0].proto
    assert list(shown.column_order)[:2] == ["title", "source"]  # titles, not hashed file names
    assert "article" not in shown.column_order
    assert shown.row_height > 64  # the grid wraps long titles and sources only in rows over 4 rem
    # The box says "50MB per file"; the label says what one article may hold (a .jsonl holds many).
    assert "each article up to 10 MB (an .html file up to 5 MB)" in at.file_uploader[0].label


def test_sources_page_names_a_changed_article_limit(monkeypatch):
    monkeypatch.setenv("DIPLOMAP_MAX_ARTICLE_MB", "2.5")
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    assert "each article up to 2.5 MB" in at.file_uploader[0].label
    monkeypatch.setenv("DIPLOMAP_MAX_ARTICLE_MB", "80")  # over the box's 50 MB per file
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    assert "each article up to 50 MB" in at.file_uploader[0].label
    monkeypatch.setenv("DIPLOMAP_MAX_ARTICLE_MB", "lots")  # a bad setting: one warning, defaults
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    assert "each article up to 10 MB" in at.file_uploader[0].label
    assert [w.value.count("DIPLOMAP_MAX_ARTICLE_MB") for w in at.warning] == [1]
    assert not at.exception


def test_sources_page_adds_files_to_a_workspace_the_link_carries():
    good = b"Hungary's Prime Minister Viktor Orban met Chinese President Xi Jinping in Beijing."
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.file_uploader[0].set_value(
        [
            ("orban.txt", good, "text/plain"),
            ("latin1.txt", "Caf\xe9 in Paris".encode("latin-1"), "text/plain"),
            ("empty.md", b"  \n", "text/markdown"),
            ("image.txt", b"\x89PNG\x00\x00", "text/plain"),
        ]
    )
    at.button[0].click().run()
    assert not at.exception
    assert len(at.success) == 1
    assert at.success[0].value.startswith(r"Added orban\.txt\:")  # Markdown-escaped file name
    errors = [e.value for e in at.error]
    assert len(errors) == 3
    assert any(r"not UTF\-8 text" in e for e in errors)
    assert any("empty" in e for e in errors)
    table = at.dataframe[0].value
    assert len(table) == 3
    assert bool(table.set_index("article").loc["orban.txt", "added"])
    key = at.query_params["ws"]
    key = key[0] if isinstance(key, list) else key
    assert len(key) == 22  # 128 bits, base64url
    other = AppTest.from_function(sources_page, default_timeout=120).run()  # no link: none of it
    assert len(other.dataframe[0].value) == 2
    shared = AppTest.from_function(sources_page, default_timeout=120)  # the link: all of it
    shared.query_params["ws"] = key
    assert len(shared.run().dataframe[0].value) == 3


def test_sources_page_adds_pasted_text():
    at = AppTest.from_function(sources_page, default_timeout=120).run()
    at.text_input[0].set_value("A pasted piece")
    at.text_area[0].set_value("France and Germany signed a treaty in Paris on Monday.")
    at.button[1].click().run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("article")
    assert table.loc["pasted-1.txt", "title"] == "A pasted piece"


def filters_and_sources():
    from diplomap.views import sources
    from diplomap.views.filters import render_filters

    render_filters()
    sources.render()


def test_a_later_article_widens_the_date_range_without_filtering():
    at = AppTest.from_function(filters_and_sources, default_timeout=120).run()
    assert at.sidebar.date_input[0].value == (date(2023, 10, 17), date(2023, 10, 17))
    at.text_area[0].set_value("Japan and Australia signed a defence pact in Tokyo.")
    at.date_input(key="sources_date").set_value(date(2024, 3, 1))
    next(b for b in at.button if b.label == "Add the text").click().run()
    assert not at.exception
    assert at.sidebar.date_input[0].value == (date(2023, 10, 17), date(2024, 3, 1))
    assert "to" not in at.query_params
    assert len(at.dataframe[0].value) == 3
    next(b for b in at.button if b.label.startswith("Leave this workspace")).click().run()
    assert not at.exception
    assert at.sidebar.date_input[0].value == (date(2023, 10, 17), date(2023, 10, 17))


def sources_then_evidence():
    from diplomap.views import evidence, sources

    sources.render()
    evidence.render()


def test_added_article_text_is_escaped_on_the_evidence_page():
    text = "<script>alert(1)</script> **Russia** met [China](http://evil.example) on Monday."
    at = AppTest.from_function(sources_then_evidence, default_timeout=120).run()
    at.text_input[0].set_value("<b>bold title</b>")
    at.text_area[0].set_value(text)
    next(b for b in at.button if b.label == "Add the text").click().run()
    assert not at.exception
    at.selectbox(key="evidence_article").set_value("pasted-1.txt").run()
    body = _html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>" not in body
    assert "<mark" in body
    assert r"\<b\>bold title\</b\>" in at.caption[-1].value


def test_evidence_pair_and_article_round_trip_through_the_url():
    at = AppTest.from_function(evidence_page, default_timeout=120)
    at.query_params["pair"] = "CHN,RUS"
    at.query_params["article"] = "nope.txt"  # unknown: dropped, no error
    at.run()
    assert not at.exception
    assert at.selectbox(key="evidence_pair").value == "CHN–RUS"
    assert at.selectbox(key="evidence_article").value is None
    assert "· 1 pair ·" in at.markdown[0].value
    assert "article" not in at.query_params
    at.selectbox(key="evidence_pair").set_value("EU–RUS").run()
    assert at.query_params["pair"] in ("EU,RUS", ["EU,RUS"])


def test_network_pick_box_lists_drawn_pairs_actors_and_an_undrawn_pick(monkeypatch):
    monkeypatch.setattr("diplomap.views.network.DRAWN_PAIRS", 1)
    at = AppTest.from_function(network_page, default_timeout=120).run()
    assert not at.exception
    options = at.selectbox(key="network_pick").options
    pairs = [o for o in options if "–" in o and "all its links" not in o]
    assert len(pairs) == 1  # the one drawn pair; every actor follows
    assert any("all its links" in o for o in options)
    # a pair that is not drawn can still be picked from the URL, and is listed while picked
    again = AppTest.from_function(network_page, default_timeout=120)
    again.query_params["pick"] = "HUN,RUS"
    again.run()
    assert not again.exception
    assert again.selectbox(key="network_pick").value == "HUN–RUS"
    assert "Evidence: Hungary – Russia" in [h.value for h in again.subheader]
