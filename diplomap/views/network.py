"""The network page: actors as nodes, links as edges; one actor's ego network when focused."""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from diplomap.corpus.filters import FilterSpec, pair_keys
from diplomap.corpus.summary import group_evidence
from diplomap.figures.export import to_graphml, to_standalone_html
from diplomap.figures.graphs import rank_centrality, select_network
from diplomap.figures.highlight import escape_markdown, evidence_table
from diplomap.figures.network import (
    LAYOUTS,
    layout_force,
    layout_geo,
    make_network,
    outline_land,
    read_pick,
    strongest_pairs,
)
from diplomap.figures.words import (
    UNIT,
    article_title,
    format_count,
    pair_key,
    pair_label,
    parse_codes,
    plural,
)
from diplomap.views.state import (
    View,
    explain_absent,
    get_ego_view,
    get_geojson,
    get_names,
    get_places,
    get_shared_figure,
    get_spec,
    get_summary,
    get_view,
    note_unread_param,
    read_choice,
    read_params,
    sync_params,
)

EGO_KEY = "network_ego"
ACTORS_KEY = "network_actors"
LAYOUT_KEY = "network_layout"
PICK_SEEDED_KEY = "network_pick_seeded"  # the pick was read from the URL in this session
PICK_KEY = "network_pick"
TABLE_KEY = "network_table"
CHART_KEY = "network"
URL_PARAMS = ("layout", "pick", "actors")  # this page's own URL parameters
SHOWN_EVIDENCE = 25
TABLE_ROWS = 200  # the table's first rows; every pair is in its CSV download
DRAWN_PAIRS = 1000  # more edges than this make a hairball, slow to draw and to read
# How many actors are drawn (the strongest by evidence), and with them at most 3 pairs each.
ACTOR_CHOICES = ("40", "80", "160", "all")
PAIRS_PER_ACTOR = 3
CENTRAL_ROWS = 15
CAPTION = (
    "Edges: blue solid where a pair's factual links are more cooperation (quad 1-2) than conflict, "
    "orange dashed where more conflict (quad 3-4), grey dotted when balanced or unclassed; as wide "
    "as the pair's evidence sentences. Click an edge's middle or a node to read its evidence below."
)

GEO_NOTE = (
    " Nodes stand at a country's point or a bloc's seat; places under 2 degrees apart (the EU in "
    "Brussels, the ICC in The Hague) are set 10 degrees apart round their middle, side by side "
    "unless that would put one on another place; nodes that would still overlap are pushed apart, "
    "the smaller further."
)


def render() -> None:
    """Draw the relation network (or the focus actor's ego network), the picked evidence, the table."""
    st.header("Network")
    spec, names = get_spec(), get_names()
    view = get_view(spec)
    layout_column, actors_column = st.columns([1, 1])
    with layout_column:
        layout = _read_layout()
    with actors_column:
        most = _read_actors()
    if spec.focus:
        who = names.get(spec.focus, spec.focus)
        if st.toggle("Also links among its partners (ego network)", value=True, key=EGO_KEY):
            view = get_ego_view(spec)
        st.caption(f"Focused on {who} (set in the sidebar).")
    counts, pairs = get_summary(view)
    if pairs.empty:
        st.info("No links to show: loosen the filters in the sidebar, or add articles on Sources.")
        return
    keys = list(pair_keys(pairs))
    actors = sorted(set(pairs["a"]) | set(pairs["b"]))
    pick = _seed_pick(keys, actors)
    every = pairs
    keep = {spec.focus, *(pick or "").split("–")} - {None, ""}
    pairs = strongest_pairs(select_network(pairs, most, PAIRS_PER_ACTOR, keep=keep), DRAWN_PAIRS)
    # The box lists the drawn pairs (and a picked one that is not drawn): thousands of options
    # cost the page about 0.3 s to send and mount. Every pair stays on the Evidence page.
    drawn = set(pair_keys(pairs))
    listed = sorted(
        (k for k in keys if k in drawn or k == pick), key=lambda k: _pick_label(k, names)
    )
    nodes = tuple(sorted(set(pairs["a"]) | set(pairs["b"])))
    if layout == "geo":
        pos, unplaced = layout_geo(list(nodes), get_places())
        backdrop = get_land()
    else:
        edges = tuple(zip(pairs["a"], pairs["b"], pairs["links"].astype(int), strict=True))
        pos, unplaced, backdrop = get_force_positions(nodes, edges), [], None
    fig = get_shared_figure(  # made once per store version, filters and options
        make_network,
        counts,
        pairs,
        names,
        spec.focus,
        links=view.links,
        pos=pos,
        backdrop=backdrop,
        pick=pick,
    )
    if layout == "geo":  # a world map needs the page's width: the table goes beneath it
        chart, table = st.container(), st.container()
    else:
        chart, table = st.columns([2, 1.3])
    with chart:
        st.plotly_chart(
            fig,
            key=CHART_KEY,
            on_select=_take_selection,
            selection_mode="points",
            config={"displaylogo": False, "scrollZoom": False},
        )
    with table:
        _render_central(every, names)
    note = f" No map place for: {', '.join(unplaced)} (set in the row below)." if unplaced else ""
    if layout == "geo":
        note += GEO_NOTE
    st.caption(CAPTION + note + drawn_note(len(nodes), len(actors), len(pairs), len(every)))
    pick = st.selectbox(
        "Evidence for",
        [*listed, *actors],
        key=PICK_KEY,
        index=None,
        placeholder="Click an edge or a node, or choose a pair or an actor",
        format_func=lambda p: _pick_label(p, names),
    )
    _write_url(layout, pick, most)
    if pick:
        _render_evidence(view, pick, spec, names)
    _render_table(counts, every, names, fig)


def drawn_note(nodes: int, actors: int, drawn: int, pairs: int) -> str:
    """What the chart leaves out, in one line ("" when it draws everything)."""
    if drawn >= pairs:
        return ""
    return (
        f" Drawn: {format_count(nodes)} of {plural(actors, 'actor')} and the "
        f"{format_count(drawn)} strongest of {plural(pairs, 'pair')} ({format_count(pairs - drawn)} "
        "hidden); draw more with “Actors drawn” above, raise the minimum evidence or focus on an "
        "actor. Colours: groups of actors linked more among themselves (community detection). "
        "Every pair is in the table and the CSV below and on the Evidence page."
    )


def _render_central(pairs: pd.DataFrame, names: dict[str, str]) -> None:
    """The most central actors of the whole view (every pair, drawn or not), as a plain table: a
    data grid would cost the page's first draw more than the chart."""
    central = get_centrality(pairs)
    shown = pd.DataFrame(
        {
            "partners": [format_count(n) for n in central["partners"]],
            "evidence": [format_count(n) for n in central["evidence"]],
            "between": [f"{b:.2f}" for b in central["betweenness"]],
        },
        index=pd.Index([names.get(c, c) for c in central["code"]], name="actor"),
    )
    st.markdown("**Most central actors**")
    st.table(shown)
    st.caption(
        f"Of {plural(len(set(pairs['a']) | set(pairs['b'])), 'actor')} in the view, drawn or not, "
        "by partners (degree), then evidence (sentences over all its pairs). Between: the share of "
        "shortest paths between two other actors that pass through it."
    )


def _read_actors() -> int | None:
    """How many actors to draw, started from the URL's `actors` (default: the fewest choice)."""
    chosen = read_choice(
        "Actors drawn",
        ACTOR_CHOICES,
        ACTORS_KEY,
        "actors",
        help="The strongest actors by evidence, with at most "
        f"{PAIRS_PER_ACTOR} of their strongest pairs per actor drawn",
    )
    return None if chosen == "all" else int(chosen)


def _read_layout() -> str:
    """The layout control, started from the URL's `layout` (default: force-directed)."""
    return read_choice("Layout", list(LAYOUTS), LAYOUT_KEY, "layout", format_func=LAYOUTS.get)


def _seed_pick(keys: list[str], actors: list[str]) -> str | None:
    """The picked pair or actor: the URL's `pick` in a new session ("CHN,RUS", either order, or
    "CHN"); dropped if the view lost it."""
    state = st.session_state
    seeding = not state.get(PICK_SEEDED_KEY)  # not PICK_KEY: a widget's key goes when it does
    if seeding:
        state[PICK_SEEDED_KEY] = True
        codes = parse_codes(read_params().get("pick"))
        state[PICK_KEY] = pair_key(*codes) if len(codes) == 2 else (codes[0] if codes else None)
    if state.get(PICK_KEY) not in keys and state.get(PICK_KEY) not in actors:
        state[PICK_KEY] = None
    asked = read_params().get("pick")
    if seeding and asked and state[PICK_KEY] is None:
        note_unread_param(f"pick={asked}", explain_absent(parse_codes(asked)))
    return state[PICK_KEY]


def _take_selection() -> None:
    """A click on the chart picks its edge or node (an empty selection keeps the pick)."""
    event = st.session_state.get(CHART_KEY)
    points = (event or {}).get("selection", {}).get("points", [])
    picked = read_pick(points)
    if picked:
        st.session_state[PICK_KEY] = picked


def _write_url(layout: str, pick: str | None, most: int | None) -> None:
    """Keep the layout, the pick and how many actors are drawn in the URL, beside the filters."""
    actors = "all" if most is None else str(most)
    sync_params(
        {
            "layout": layout if layout != "force" else None,
            "pick": _pick_param(pick),
            "actors": actors if actors != ACTOR_CHOICES[0] else None,
        }
    )


def _pick_param(pick: str | None) -> str | None:
    return pick.replace("–", ",") if pick else None


def _pick_label(pick: str, names: dict[str, str]) -> str:
    a, _, b = pick.partition("–")
    if b:
        return pair_label(a, b, names)
    return f"{names.get(a, a)} ({a}), all its links"


def evidence_for(links: pd.DataFrame, pick: str) -> pd.DataFrame:
    """The links behind a pick: a pair key's links, or every link of an actor."""
    if links.empty:
        return links
    if "–" in pick:
        return links[pair_keys(links) == pick]
    return links[(links["a"] == pick) | (links["b"] == pick)]


def evidence_url(pick: str, spec: FilterSpec) -> str:
    """The Evidence page with the same filters, narrowed to the pair (an actor: as focus)."""
    params = spec.to_params()
    if "–" in pick:
        params["pair"] = _pick_param(pick) or ""
    else:
        params["focus"] = pick
    return f"evidence?{urlencode(params, safe=',')}"


def _render_evidence(view: View, pick: str, spec: FilterSpec, names: dict[str, str]) -> None:
    """The pick's evidence sentences (as the Evidence page counts and shows them), the first few."""
    chosen = evidence_for(view.links, pick)
    label = escape_markdown(_pick_label(pick, names))
    st.subheader(f"Evidence: {_pick_label(pick, names)}")
    if chosen.empty:
        st.info("No link sentence for this pick in the view: loosen the filters in the sidebar.")
        return
    articles = view.articles.drop_duplicates("article").set_index("article")
    titles = articles["title"]
    rows = group_evidence(
        chosen.assign(
            date=chosen["article"].map(articles["date"]),
            title=[article_title(a, titles.get(a)) for a in chosen["article"]],
        )
    )
    more = len(rows) - SHOWN_EVIDENCE
    st.markdown(
        f"{plural(len(rows), UNIT)} in {plural(chosen['article'].nunique(), 'article')}"
        + (f"; the first {SHOWN_EVIDENCE} here." if more > 0 else ".")
        + f" [Open {label} on the Evidence page]({evidence_url(pick, spec)})"
    )
    st.html(evidence_table(rows.head(SHOWN_EVIDENCE), names))


def _render_table(
    counts: pd.DataFrame, pairs: pd.DataFrame, names: dict[str, str], fig: go.Figure
) -> None:
    table = pairs[["a", "b", "links", "articles", "types", "sentence", "article"]]
    labels = [pair_label(a, b, names) for a, b in zip(table["a"], table["b"], strict=True)]
    shown = table.assign(pair=labels)
    # The data grid costs a first visit about 0.2 s before the chart draws: it waits for a click.
    if st.toggle(
        f"Table of the pairs with the most evidence ({plural(len(table), 'pair')})", key=TABLE_KEY
    ):
        if len(table) > TABLE_ROWS:
            st.caption(
                f"The {TABLE_ROWS} pairs with the most evidence, of {format_count(len(table))}; "
                "every pair is in the CSV below."
            )
        st.dataframe(
            shown.head(TABLE_ROWS),
            hide_index=True,
            column_order=["pair", *table.columns[2:]],  # the codes stay in the data
            column_config={
                "links": st.column_config.NumberColumn("evidence sentences", format="localized"),
                "articles": st.column_config.NumberColumn("articles", format="localized"),
                "sentence": st.column_config.TextColumn("top evidence", width="large"),
            },
        )
    left, middle, right = st.columns(3)
    middle.download_button(
        "Pairs (CSV)",
        data=lambda: table.to_csv(index=False),
        file_name="diplomap-pairs.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help=f"All {plural(len(table), 'pair')} with their evidence counts, as CSV.",
    )
    left.download_button(
        "Network (GraphML)",
        data=lambda: to_graphml(counts, pairs, names),
        file_name="diplomap-network.graphml",
        mime="application/xml",
        on_click="ignore",
        icon=":material/download:",
        help="The network as GraphML, for Gephi or networkx.",
    )
    right.download_button(
        "Network (HTML)",
        data=lambda: to_standalone_html(fig, "Diplomap network"),
        file_name="diplomap-network.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        help="This chart as one HTML file that opens offline.",
    )


@st.cache_data(show_spinner=False, max_entries=32)
def get_force_positions(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...]
) -> dict[str, tuple[float, float]]:
    """The seeded force layout of a graph (the same graph always gets the same picture)."""
    return layout_force(nodes, edges)


@st.cache_data(show_spinner=False, max_entries=16)
def get_centrality(pairs: pd.DataFrame) -> pd.DataFrame:
    """The most central actors of these pairs (see :func:`graphs.rank_centrality`)."""
    return rank_centrality(pairs[["a", "b", "links"]], CENTRAL_ROWS)


@st.cache_resource(show_spinner=False)
def get_land() -> tuple[np.ndarray, np.ndarray]:
    """Country outlines for the geographic layout's backdrop."""
    return outline_land(get_geojson())
