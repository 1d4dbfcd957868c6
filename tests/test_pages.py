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


def test_dashboard_router_runs():
    at = AppTest.from_file("../dashboard.py", default_timeout=120).run()
    assert not at.exception
