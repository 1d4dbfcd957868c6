"""The map page: countries shaded by mentions, arcs for links."""

from __future__ import annotations

import streamlit as st

from figures import make_mention_map
from figures.export import to_standalone_html
from views.state import (
    BORDERS_NOTE,
    PLOTLY_CONFIG,
    get_geojson,
    get_names,
    get_places,
    get_summary,
)


def render() -> None:
    """Draw the world map of the current corpus."""
    st.header("Map")
    counts, pairs = get_summary()
    fig = make_mention_map(get_geojson(), counts, pairs, get_places(), get_names())
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="mention_map")
    st.download_button(
        "Download this map (HTML, opens offline)",
        data=lambda: to_standalone_html(fig, "Diplomap map"),
        file_name="diplomap-map.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(
        "Shading: how often the corpus mentions a country (log scale). Arcs: links between actors, "
        "coloured by their main type and as wide as their evidence; hover an arc's dot for a sentence. "
        "Links to a bloc are drawn to its seat (EU: Brussels, UN: New York, ICC: The Hague). "
        + BORDERS_NOTE
    )
