"""The map page: countries shaded by mentions or by net cooperation minus conflict, arcs for links."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from diplomap.corpus.filters import FilterSpec
from diplomap.figures.arcs import TOP_ARCS
from diplomap.figures.export import to_standalone_html
from diplomap.figures.maps import SHADES, keep_linked, make_mention_map
from diplomap.figures.words import format_count, plural
from diplomap.views import evidence, filters
from diplomap.views.state import (
    BORDERS_NOTE,
    PLOTLY_CONFIG,
    get_names,
    get_places,
    get_shape_codes,
    get_spec,
    get_summary,
    get_view,
    read_choice,
    sync_params,
)

SHADE_KEY = "map_shade"
ARCS_KEY = "map_arcs"
URL_PARAMS = ("shade", "arcs")  # this page's own URL parameters
# How many arcs are drawn: the strongest pairs by evidence (the first choice is the default).
ARC_CHOICES = (str(TOP_ARCS), "250", "500", "all")
CAPTIONS = {
    "mentions": "Shading: how often the corpus mentions a country (log scale); when a link filter "
    "is set (type, class, mode, focus, minimum evidence), only the countries in the links it keeps; "
    "uninhabited places (Antarctica...) only when they are in a link. "
    "Arcs: links between actors, coloured by their main type and as wide as their evidence. ",
    "net": "Shading: net cooperation minus conflict. Each factual link (asserted, planned or "
    "historical; one cue in one sentence) counts +1 for both its countries when its cue is "
    "cooperation (quad 1-2) and -1 when it is conflict (quad 3-4); links with no class count 0. The "
    "cue's score is not used, so one harsh word weighs as much as one mild one. Blue: more "
    "cooperation; orange: more conflict; white: balanced. Arcs: each pair by the same balance, as "
    "wide as its evidence. The shading is on a log scale, so that the few most active countries "
    "do not wash out the rest. ",
}
HOW_TO = "Hover anywhere along an arc for its pair; click an arc's dot to open its evidence. "
EMPTY_NOTE = (
    "No link matches these filters, so no country is shaded and no arc is drawn. Loosen the "
    "filters in the sidebar."
)


def render() -> None:
    """Draw the world map of the current corpus, shaded as the URL or the toggle says."""
    title, control, arcs, download = st.columns([1, 2.4, 1.6, 1.4], vertical_alignment="center")
    title.header("Map")
    with control:
        shade = _read_shade()
    with arcs:
        most = _read_arcs()
    spec = get_spec()
    view = get_view()
    counts, pairs = get_summary(view)
    if narrows_links(spec):
        counts = keep_linked(counts, pairs)
    links = view.links[["a", "b", "quad", "mode"]] if shade == "net" else None
    if pairs.empty:
        st.info(EMPTY_NOTE, icon=":material/filter_alt_off:")
    fig = get_map(counts, pairs, shade, links, most)
    download.download_button(
        "Download this map",
        data=lambda: to_standalone_html(fig, "Diplomap map"),
        file_name="diplomap-map.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        help="This map as one HTML file that opens offline",
    )
    event = st.plotly_chart(
        fig,
        config=PLOTLY_CONFIG,
        key="mention_map",
        on_select="rerun",
        selection_mode="points",
    )
    _open_clicked_pair(event, spec)
    st.caption(
        hidden_note(len(pairs), most)
        + CAPTIONS[shade]
        + HOW_TO
        + "Links to a bloc are drawn to its seat (EU: Brussels, UN: New York, ICC: The Hague); "
        "a large country's arcs meet at its capital. " + BORDERS_NOTE
    )


def hidden_note(pairs: int, most: int | None) -> str:
    """The line that says how many arcs are not drawn ("" when all are)."""
    if most is None or pairs <= most:
        return ""
    return (
        f"**Arcs drawn: the {format_count(most)} pairs with the most evidence, of "
        f"{format_count(pairs)}; {plural(pairs - most, 'weaker pair')} hidden** (draw more with "
        "“Arcs drawn” above; every pair is on the Evidence page). Weak arcs fade, the strongest "
        "stand out. "
    )


def narrows_links(spec: FilterSpec) -> bool:
    """Whether a filter beyond the date range picks links (the map then shades only their actors)."""
    default = FilterSpec()
    return any(
        getattr(spec, name) != getattr(default, name)
        for name in ("types", "quads", "modes", "min_evidence", "focus")
    )


def clicked_pair(event: Any) -> str | None:
    """The pair ("CHN,RUS") of the arc point a click picked, if any."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        data = point.get("customdata")
        data = data[0] if isinstance(data, list) and data else data
        if isinstance(data, str) and data.count(",") == 1:
            return data
    return None


def _open_clicked_pair(event: Any, spec: FilterSpec) -> None:
    """A click on an arc opens the Evidence page on that pair, with the same filters (URL only)."""
    pair = clicked_pair(event)
    if pair is None:
        return
    # The Evidence page and the sidebar read the URL afresh, as on a link opened in a new tab.
    st.session_state.pop(evidence.SEEDED_KEY, None)
    st.session_state.pop(filters.SEEDED_KEY, None)
    st.switch_page(
        st.Page(evidence.render, url_path="evidence"),
        query_params={**spec.to_params(), "pair": pair},
    )


def _read_shade() -> str:
    """The shading control, started from the URL's `shade` and written back to it."""
    shade = read_choice(
        "Shade countries by", list(SHADES), SHADE_KEY, "shade", format_func=SHADES.get
    )
    sync_params({"shade": shade if shade != "mentions" else None})
    return shade


def _read_arcs() -> int | None:
    """How many arcs to draw, started from the URL's `arcs` and written back to it."""
    chosen = read_choice(
        "Arcs drawn",
        ARC_CHOICES,
        ARCS_KEY,
        "arcs",
        help="The pairs with the most evidence sentences",
    )
    sync_params({"arcs": chosen if chosen != ARC_CHOICES[0] else None})
    return None if chosen == "all" else int(chosen)


@st.cache_resource(show_spinner=False, max_entries=16)
def get_map(
    counts: pd.DataFrame,
    pairs: pd.DataFrame,
    shade: str,
    links: pd.DataFrame | None,
    most: int | None = TOP_ARCS,
) -> go.Figure:
    """The map figure for these totals (shared, never changed after it is made)."""
    return make_mention_map(
        get_shape_codes(),
        counts,
        pairs,
        get_places(),
        get_names(),
        shade=shade,
        links=links,
        most=most,
    )
