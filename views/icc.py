"""The ICC page: the world shaded by Rome Statute status on a chosen date, and who had to arrest whom."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from corpus.filters import mark_hosts
from figures import add_bloc_outlines, make_icc_map
from figures.export import to_standalone_html
from geo.icc import compare_statuses, statuses_on
from geo.warrants import check_visits, find_warrant_meetings, select_warrant_pairs, warrants_on
from views.state import (
    BORDERS_NOTE,
    PLOTLY_CONFIG,
    get_bloc_outline,
    get_geojson,
    get_latest_article_date,
    get_names,
    get_places,
    get_points,
    get_summary,
    get_treaty,
    get_view,
    get_warrants,
    today,
)

DAY_KEY = "icc_day"
BLOCS_KEY = "icc_blocs"
AS_OF_LABEL = "As of the corpus's article date"
EARLIEST = date(1998, 7, 17)  # the Rome Statute was adopted
MAX_OUTLINED = 60  # more outlines than this say nothing, and each one sends its shape again
STATUS_COLUMNS = [
    "iso3",
    "name",
    "status",
    "since",
    "status_now",
    "since_now",
    "verified",
    "source",
]
VISIT_COLUMNS = [
    "person", "host", "host_name", "host_stated", "day", "host_status", "obliged_to_arrest",
]  # fmt: skip
VISIT_NOTE = (
    "A state party (a withdrawing one included) must arrest a person under an ICC warrant who is on "
    "its territory. The host is the country the sentence says the meeting was in: the one visited "
    '(visited, travelled to, trip to), the one that hosted or received, or a capital after "in" '
    "(met ... in Beijing); a meeting the leader held at home is left out. Where the sentence does "
    'not say (met, held talks), the other country stands in and "host stated" is unticked: that '
    "row says whether the other country would have been obliged."
)


def render() -> None:
    """Draw the status map for the chosen date, the corpus's countries then and now, and visits."""
    st.header("ICC membership")
    now = today()
    day = _pick_day(now)
    points, names = get_points(), get_names()
    statuses = get_statuses(day)
    counts, pairs = get_summary()
    countries = counts[counts["kind"] == "country"]
    actors = list(countries["code"])
    outlined = list(countries.nlargest(MAX_OUTLINED, "mentions")["code"])
    in_force = warrants_on(day, get_warrants())
    marked = select_warrant_pairs(pairs, in_force)
    fig = get_icc_map(day, tuple(outlined), marked)
    blocs = st.session_state.get(BLOCS_KEY, [])
    if blocs:  # the cached figure is shared: outline a copy
        fig = go.Figure(fig)
        outlines = {code: get_bloc_outline(code, day) for code in blocs}
        add_bloc_outlines(fig, outlines, day.isoformat())
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="icc_map")
    st.download_button(
        "Download this map (HTML, opens offline)",
        data=lambda: to_standalone_html(fig, f"Diplomap: ICC status on {day.isoformat()}"),
        file_name=f"diplomap-icc-{day.isoformat()}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
    parties = int((statuses["status"] == "party").sum())
    wanted = ", ".join(
        f"{p} ({c})" for p, c in zip(in_force["person"], in_force["iso3"], strict=True)
    )
    st.caption(
        f"{parties} states parties on {day.isoformat()}. Hover a country for its status, since "
        "when, the source, and UNVERIFIED where a date is from memory. Dashed black arcs: the "
        "corpus's links involving a country whose sitting leader is under an ICC arrest warrant "
        f"on that date ({wanted or 'none'}). Outlined in black: the corpus's countries"
        + (
            f", its {MAX_OUTLINED} most mentioned of {len(actors)}."
            if len(actors) > MAX_OUTLINED
            else "."
        )
    )
    st.multiselect(
        "Outline blocs as they stood on that date",
        ["EU", "NATO"],
        key=BLOCS_KEY,
        help="The union of the bloc's member states on the chosen date (the UK is in the EU until 2020-01-31).",
    )
    st.caption(BORDERS_NOTE)
    table = get_comparison(tuple(actors), day, now).assign(name=lambda t: t["iso3"].map(names))
    labels = {"status": f"status on {day}", "status_now": f"status today ({now})"}
    st.dataframe(table[STATUS_COLUMNS], hide_index=True, column_config=labels)
    _render_visits(list(points["iso3"]), names)


def _pick_day(now: date) -> date:
    """The date control (default: today) and the one-click "as of the article's date"."""
    latest = get_latest_article_date()
    st.session_state.setdefault(DAY_KEY, now)
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    if latest is not None:
        label = f"{AS_OF_LABEL} ({latest.isoformat()})"
        right.button(label, on_click=_set_day, args=(latest,))
    last = date(now.year + 10, 12, 31)
    return left.date_input(
        "Status on", key=DAY_KEY, format="YYYY-MM-DD", min_value=EARLIEST, max_value=last
    )


def _set_day(day: date) -> None:
    st.session_state[DAY_KEY] = day


def _render_visits(countries: list[str], names: dict[str, str]) -> None:
    """The obligation question for every meeting of a leader under warrant, on the article's date."""
    st.subheader("Visits under warrant")
    corpus = get_view()
    links = select_warrant_meetings(corpus.links, set(get_warrants()["iso3"]))
    days = corpus.articles.loc[
        corpus.articles["article"].isin(links["article"]), ["article", "date"]
    ]
    visits = get_visits(links, days, tuple(countries))
    if visits.empty:
        st.caption("No meeting in the corpus involves a leader under an ICC warrant on its date.")
        return
    visits = visits.assign(host_name=visits["host"].map(names))
    labels = {"host_stated": "host stated", "obliged_to_arrest": "obliged to arrest"}
    st.dataframe(
        visits[[*VISIT_COLUMNS, "host_verified", "article"]], hide_index=True, column_config=labels
    )
    st.caption(VISIT_NOTE)


def select_warrant_meetings(links: pd.DataFrame, subjects: set[str]) -> pd.DataFrame:
    """The meeting links that touch a country with a leader ever under warrant (the only ones
    :func:`find_warrant_meetings` can keep), in the columns it reads, with the host each cue
    states."""
    meetings = links[links["type"] == "meeting"]
    touching = meetings["a"].isin(subjects) | meetings["b"].isin(subjects)
    hosted = mark_hosts(meetings.loc[touching, ["a", "b", "type", "article", "cue", "venue"]])
    # only what the cached lookup reads: the cue strings would be hashed for its key on every rerun
    return hosted[["a", "b", "type", "article", "host"]].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=16)
def get_statuses(day: date) -> pd.DataFrame:
    """Every country's Rome Statute status on `day`."""
    return statuses_on(get_treaty(), list(get_points()["iso3"]), day)


@st.cache_data(show_spinner=False, max_entries=16)
def get_comparison(actors: tuple[str, ...], day: date, now: date) -> pd.DataFrame:
    """The corpus's countries then and now."""
    return compare_statuses(get_treaty(), list(actors), day, now)


@st.cache_data(show_spinner=False, max_entries=16)
def get_visits(links: pd.DataFrame, days: pd.DataFrame, countries: tuple[str, ...]) -> pd.DataFrame:
    """Meetings of a leader under warrant, each with the obligation to arrest (empty: none)."""
    warrants = get_warrants()
    meetings = find_warrant_meetings(links, days, countries, warrants)
    if meetings.empty:
        return pd.DataFrame()
    return check_visits(meetings, get_treaty(), warrants)


@st.cache_resource(show_spinner=False, max_entries=16)
def get_icc_map(day: date, outlined: tuple[str, ...], marked: pd.DataFrame) -> go.Figure:
    """The status map on `day` (shared, never changed after it is made: copy it to add to it)."""
    return make_icc_map(
        get_geojson(),
        get_statuses(day),
        get_points(),
        list(outlined),
        get_names(),
        day.isoformat(),
        marked,
        get_places(),
    )
