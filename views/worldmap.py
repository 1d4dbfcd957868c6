"""The map page: countries shaded by mentions or by net cooperation minus conflict, arcs for links."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures import make_mention_map
from figures.export import to_standalone_html
from figures.maps import SHADES
from views.state import (
    BORDERS_NOTE,
    PLOTLY_CONFIG,
    get_geojson,
    get_names,
    get_places,
    get_summary,
    get_view,
    read_params,
    sync_params,
)

SHADE_KEY = "map_shade"
URL_PARAMS = ("shade",)  # this page's own URL parameter
CAPTIONS = {
    "mentions": "Shading: how often the corpus mentions a country (log scale). Arcs: links between "
    "actors, coloured by their main type and as wide as their evidence; hover an arc's dot for a "
    "sentence. ",
    "net": "Shading: net cooperation minus conflict. Each factual link (asserted, planned or "
    "historical; one cue in one sentence) counts +1 for both its countries when its cue is "
    "cooperation (quad 1-2) and -1 when it is conflict (quad 3-4); links with no class count 0. The "
    "cue's score is not used, so one harsh word weighs as much as one mild one. Blue: more "
    "cooperation; orange: more conflict; white: balanced. Arcs: each pair by the same balance, as "
    "wide as its evidence; hover an arc's dot for its counts and a sentence. ",
}


def render() -> None:
    """Draw the world map of the current corpus, shaded as the URL or the toggle says."""
    st.header("Map")
    shade = _read_shade()
    view = get_view()
    counts, pairs = get_summary(view)
    links = view.links[["a", "b", "quad", "mode"]] if shade == "net" else None
    fig = get_map(counts, pairs, shade, links)
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
        CAPTIONS[shade]
        + "Links to a bloc are drawn to its seat (EU: Brussels, UN: New York, ICC: The Hague). "
        + BORDERS_NOTE
    )


def _read_shade() -> str:
    """The shading control, started from the URL's `shade` and written back to it."""
    if SHADE_KEY not in st.session_state:
        wanted = str(read_params().get("shade", "mentions"))
        st.session_state[SHADE_KEY] = wanted if wanted in SHADES else "mentions"
    shade = st.radio(
        "Shade countries by", list(SHADES), format_func=SHADES.get, key=SHADE_KEY, horizontal=True
    )
    sync_params({"shade": shade if shade != "mentions" else None})
    return shade


@st.cache_resource(show_spinner=False, max_entries=16)
def get_map(
    counts: pd.DataFrame, pairs: pd.DataFrame, shade: str, links: pd.DataFrame | None
) -> go.Figure:
    """The map figure for these totals (shared, never changed after it is made)."""
    return make_mention_map(
        get_geojson(), counts, pairs, get_places(), get_names(), shade=shade, links=links
    )
