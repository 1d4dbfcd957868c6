"""The ICC page: the world shaded by Rome Statute status on a chosen date."""

from __future__ import annotations

import streamlit as st

from figures import make_icc_map
from geo.icc import statuses_on
from views.state import (
    PLOTLY_CONFIG,
    get_geojson,
    get_names,
    get_points,
    get_summary,
    get_treaty,
    today,
)


def render() -> None:
    """Draw the status map for the chosen date and a table of the corpus's countries."""
    st.header("ICC membership")
    day = st.date_input("Status on", value=today(), key="icc_day", format="YYYY-MM-DD")
    points = get_points()
    statuses = statuses_on(get_treaty(), list(points["iso3"]), day)
    counts, _ = get_summary()
    actors = list(counts.loc[counts["kind"] == "country", "code"])
    names = get_names()
    fig = make_icc_map(get_geojson(), statuses, points, actors, names, day.isoformat())
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="icc_map")
    parties = int((statuses["status"] == "party").sum())
    st.caption(
        f"{parties} states parties on {day.isoformat()}. Hover a country for its dates and source."
    )
    table = statuses[statuses["iso3"].isin(actors)].assign(name=lambda t: t["iso3"].map(names))
    st.dataframe(table[["iso3", "name", "status", "since", "verified", "source"]], hide_index=True)
