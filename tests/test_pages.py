"""Every page through Streamlit's AppTest: it runs without exceptions and renders its parts."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest


def overview_page():
    from views import overview

    overview.render()


def map_page():
    from views import worldmap

    worldmap.render()


def network_page():
    from views import network

    network.render()


def icc_page():
    from views import icc

    icc.render()


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def test_overview_page():
    at = AppTest.from_function(overview_page, default_timeout=120).run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["Articles", "Countries", "Blocs", "Linked pairs"]
    assert at.metric[0].value == "2"


def test_map_page():
    at = AppTest.from_function(map_page, default_timeout=120).run()
    assert not at.exception
    assert at.header[0].value == "Map"
    assert len(charts(at)) == 1
    assert "Crimea" in at.caption[0].value


def test_network_page():
    at = AppTest.from_function(network_page, default_timeout=120).run()
    assert not at.exception
    assert len(charts(at)) == 1
    table = at.dataframe[0].value
    pairs = {frozenset((a, b)) for a, b in zip(table["a"], table["b"], strict=True)}
    assert frozenset(("CHN", "RUS")) in pairs


def test_icc_page_date_control():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert not at.exception
    assert at.date_input[0].value == date.today()
    at.date_input[0].set_value(date(2025, 5, 1)).run()
    assert not at.exception
    assert "125 states parties on 2025-05-01" in at.caption[0].value
    table = at.dataframe[0].value.set_index("iso3")
    assert table.loc["HUN", "status"] == "party"
    at.date_input[0].set_value(date(2026, 7, 1)).run()
    assert at.dataframe[0].value.set_index("iso3").loc["HUN", "status"] == "withdrawn"


def test_icc_page_as_of_the_article_date():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert not at.exception
    button = next(b for b in at.button if b.label.startswith("As of the corpus's article date"))
    assert "2023-10-17" in button.label
    button.click().run()
    assert not at.exception
    assert at.date_input[0].value == date(2023, 10, 17)
    assert "123 states parties on 2023-10-17" in at.caption[0].value
    assert "Putin" in at.caption[0].value
    table = at.dataframe[0].value.set_index("iso3")
    assert tuple(table.loc["HUN", ["status", "status_now"]]) == ("party", "withdrawn")
    assert tuple(table.loc["UKR", ["status", "status_now"]]) == ("non-party", "party")


def test_icc_page_borders_caption():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    borders = at.caption[1].value
    for words in ("Crimea", "68/262", "Kosovo", "XKX", "Western Sahara"):
        assert words in borders


def test_icc_page_visits_under_warrant():
    at = AppTest.from_function(icc_page, default_timeout=120).run()
    assert not at.exception
    assert "Visits under warrant" in [h.value for h in at.subheader]
    visits = at.dataframe[1].value.set_index("host")
    china = visits.loc["CHN"]
    assert china["day"] == date(2023, 10, 17)
    assert china["host_status"] == "non-party"
    assert not china["obliged_to_arrest"]
    assert "Putin" in china["person"]
    for host, obliged in (("HUN", True), ("KGZ", False), ("MNG", True)):
        if host in visits.index:  # depends on which meetings extraction finds
            assert bool(visits.loc[host, "obliged_to_arrest"]) is obliged, host


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
