"""The ICC page: the world shaded by Rome Statute status on a chosen date, and who had to arrest whom."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from diplomap.corpus.filters import mark_hosts
from diplomap.figures.export import to_standalone_html
from diplomap.figures.highlight import escape_markdown
from diplomap.figures.maps import add_bloc_outlines, make_icc_map
from diplomap.figures.style import ICC_LABELS, list_icc_sources
from diplomap.figures.words import pair_label, plural
from diplomap.geo.icc import WITHDRAWING, compare_statuses, count_parties, statuses_on
from diplomap.geo.warrants import (
    check_visits,
    find_warrant_meetings,
    select_warrant_pairs,
    warrants_on,
)
from diplomap.views.state import (
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
    note_unread_param,
    read_params,
    sync_params,
    today,
)

DAY_PARAM = "on"  # the date in the URL, YYYY-MM-DD
URL_PARAMS = (DAY_PARAM,)  # this page's own URL parameters
DAY_KEY = "icc_day"
FOLLOW_KEY = "icc_day_follows"  # the date follows the latest article date until one is picked
BLOCS_KEY = "icc_blocs"
LATEST_LABEL = "Latest article date"
TODAY_LABEL = "Today"
EARLIEST = date(1998, 7, 17)  # the Rome Statute was adopted
MAX_OUTLINED = 60  # more outlines than this say nothing, and each one sends its shape again
DASH = "—"  # an empty cell
HOST_UNKNOWN = "Not stated"
DUTY_UNKNOWN = "Unknown"
LEADER = "Leader under warrant"
VISIT_WIDTHS = {
    "Date": st.column_config.TextColumn(width=92),  # a whole date on one line
    "Evidence": st.column_config.NumberColumn(width="small", help="Evidence sentences"),
    "Article": st.column_config.TextColumn(width=160),
    "Host's status then": st.column_config.TextColumn(width=130),  # a long status wraps
}
# Rows over 4 rem wrap a long title onto lines of the narrow Article column (about 20 characters
# each): 3 lines at least (72 px), more for a longer title, 5 at most.
LINE_PX, TITLE_LINE_CHARS, TITLE_LINES = 18, 20, (3, 5)
FROM_MEMORY = " *"  # after a host's status whose date is from memory (VISIT_NOTE says so)
SOURCE_WIDTH = {"Source": st.column_config.TextColumn(width="small")}
VISIT_NOTE = (
    "A state party (a withdrawing one included, until its withdrawal takes effect) must arrest a "
    "person under an ICC warrant who is on its territory. The host is the country a sentence "
    "about the meeting says it was in: the one visited (visited, travelled to, trip to), the one "
    'that hosted or received, or a capital after "in" (met ... in Beijing); a meeting the leader '
    "held at home is left out. Where no sentence says (met, held talks), the host is unknown, and "
    "so is whether anyone had to arrest: the other side of the meeting is not taken for the host. "
    "The date is the article's date; Evidence counts the evidence sentences. A status marked * has "
    "its date from memory, not checked against a source."
)


def render() -> None:
    """Draw the status map for the chosen date, the corpus's countries then and now, and visits."""
    st.header("ICC membership")
    now = today()
    day = _pick_day(now, get_latest_article_date())
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
    wanted = ", ".join(
        f"{p} ({names.get(c, c)})"
        for p, c in zip(in_force["person"], in_force["iso3"], strict=True)
    )
    outline_note = (
        f", its {MAX_OUTLINED} most mentioned of {plural(len(actors), 'country')}."
        if len(actors) > MAX_OUTLINED
        else "."
    )
    st.caption(
        f"{describe_parties(statuses, day, names)} Hover a country for its status, since when, "
        "the source, and UNVERIFIED where a date is from memory. Dashed black arcs: the corpus's "
        "links involving a country whose sitting leader is under an ICC arrest warrant on that "
        f"date ({wanted or 'none'}). Outlined in black: the corpus's countries{outline_note}"
    )
    st.multiselect(
        "Outline blocs as they stood on that date",
        ["EU", "NATO"],
        key=BLOCS_KEY,
        help="The union of the bloc's member states on the chosen date (the UK is in the EU until 2020-01-31).",
    )
    st.caption(BORDERS_NOTE)
    st.subheader("The corpus's countries then and now")
    table = get_comparison(tuple(actors), day, now)
    shown, sources = format_comparison(table, names, day, now)
    st.dataframe(shown, hide_index=True, column_config=SOURCE_WIDTH)
    if sources:
        st.caption("Sources: " + "; ".join(f"[{n}] {s}" for n, s in enumerate(sources, 1)) + ".")
    _render_visits(list(points["iso3"]), names)


def describe_parties(statuses: pd.DataFrame, day: date, names: dict[str, str]) -> str:
    """ "125 states parties on 2025-07-01, Hungary among them (…)." : withdrawing states count."""
    parties = plural(count_parties(statuses), "state party", "states parties")
    leaving = statuses[statuses["status"] == WITHDRAWING]
    if leaving.empty:
        return f"{parties} on {day.isoformat()}."
    which = ", ".join(
        f"{names.get(c, c)} (withdrawal notified {since})"
        for c, since in zip(leaving["iso3"], leaving["since"], strict=True)
    )
    return (
        f"{parties} on {day.isoformat()}, {which} among them: a withdrawal takes effect one year "
        "after its notification (Rome Statute art. 127), and the state is a party until then."
    )


def format_comparison(
    table: pd.DataFrame, names: dict[str, str], day: date, now: date
) -> tuple[pd.DataFrame, list[str]]:
    """The then-and-now table in words (the legend's status names, dates) and its sources: the
    table cites each by number ("[1]", "[1] [2]"), so its columns fit the page."""
    rows = pd.DataFrame(
        {
            "Country": [names.get(c, c) for c in table["iso3"]],
            f"Status on {day.isoformat()}": table["status"].map(ICC_LABELS),
            "Status since": [_day_text(d) for d in table["since"]],
            f"Status today ({now.isoformat()})": table["status_now"].map(ICC_LABELS),
            "Since (today)": [_day_text(d) for d in table["since_now"]],
            "Dates checked": ["Yes" if v else "No, from memory" for v in table["verified"]],
            "Source": [list_icc_sources(s) for s in table["source"]],
        }
    )
    rows = rows.sort_values("Country", kind="stable").reset_index(drop=True)
    rows["Source"], sources = number_sources(list(rows["Source"]))
    return rows, sources


def number_sources(cited: list[list[str]]) -> tuple[list[str], list[str]]:
    """Each row's citations (`list_icc_sources`) as numbers ("[1] [2]", a dash for none), and the
    sources in the order they are first cited."""
    order: dict[str, int] = {}
    shown = []
    for parts in cited:
        numbers = [order.setdefault(p, len(order) + 1) for p in parts]
        shown.append(" ".join(f"[{n}]" for n in numbers) or DASH)
    return shown, list(order)


def _day_text(day: object) -> str:
    return day.isoformat() if isinstance(day, date) else DASH


def _pick_day(now: date, latest: date | None) -> date:
    """The date control: from the URL, else the latest article date of the filtered corpus (else
    today), which it follows until a date is picked; today one click away. Kept in the URL."""
    state = st.session_state
    default = latest or now
    last = date(now.year + 10, 12, 31)
    if DAY_KEY not in state:  # a new visit to the page: start from the URL
        asked = str(read_params().get(DAY_PARAM, "")).strip()
        day = _parse_day(asked, EARLIEST, last)
        if asked and day is None:  # said above the page, as every option the address gets wrong
            why = f"not a date from {EARLIEST} to {last} (YYYY-MM-DD): showing {default}"
            note_unread_param(f"{DAY_PARAM}={asked}", why)
        state[DAY_KEY] = day or default
        state[FOLLOW_KEY] = day is None
    elif state.get(FOLLOW_KEY) and state[DAY_KEY] != default:  # the filters moved the default
        state[DAY_KEY] = default
    left, middle, right = st.columns([2, 2, 2], vertical_alignment="bottom")
    picked = left.date_input(
        "Status on",
        key=DAY_KEY,
        format="YYYY-MM-DD",
        min_value=EARLIEST,
        max_value=last,
        on_change=_stop_following,
        help="Starts on the latest article date of the filtered corpus; the address keeps the date.",
    )
    if latest is not None:
        middle.button(
            f"{LATEST_LABEL} ({latest.isoformat()})",
            on_click=_set_day,
            args=(latest, True),
            icon=":material/article:",
        )
    right.button(
        f"{TODAY_LABEL} ({now.isoformat()})",
        on_click=_set_day,
        args=(now, False),
        icon=":material/today:",
    )
    day = picked if isinstance(picked, date) else default
    sync_params({DAY_PARAM: day.isoformat()})
    return day


def _parse_day(text: str, lo: date, hi: date) -> date | None:
    """A YYYY-MM-DD date from `lo` to `hi`, else None."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if lo <= day <= hi else None


def _set_day(day: date, follow: bool) -> None:
    st.session_state[DAY_KEY] = day
    st.session_state[FOLLOW_KEY] = follow


def _stop_following() -> None:
    st.session_state[FOLLOW_KEY] = False


def _render_visits(countries: list[str], names: dict[str, str]) -> None:
    """The obligation question for every meeting of a leader under warrant, on the article's date."""
    st.subheader("Visits under warrant")
    corpus = get_view()
    links = select_warrant_meetings(corpus.links, set(get_warrants()["iso3"]))
    articles = corpus.articles[corpus.articles["article"].isin(links["article"])]
    visits = get_visits(links, articles[["article", "date"]], tuple(countries))
    if visits.empty:
        st.caption("No meeting in the corpus involves a leader under an ICC warrant on its date.")
        return
    titles = dict(zip(articles["article"], articles["title"], strict=True))
    # A table per leader, named above it: without a column for the name, the columns fit the page.
    for leader, rows in split_by_leader(format_visits(visits, names, titles)):
        st.markdown(f"{LEADER}: **{escape_markdown(leader)}**")
        height = fit_row_height(rows["Article"])
        st.dataframe(rows, hide_index=True, column_config=VISIT_WIDTHS, row_height=height)
    st.caption(VISIT_NOTE)


def fit_row_height(titles: Iterable[str]) -> int:
    """A row height (px) that shows the longest title whole in the Article column, within
    TITLE_LINES lines."""
    longest = max((len(str(t)) for t in titles), default=0)
    lines = min(max(TITLE_LINES[0], -(-longest // TITLE_LINE_CHARS)), TITLE_LINES[1])
    return LINE_PX * (lines + 1)


def split_by_leader(shown: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The visits table as one table per leader under warrant, in the order they first come,
    each without the leader's column."""
    return [
        (str(leader), rows.drop(columns=LEADER).reset_index(drop=True))
        for leader, rows in shown.groupby(LEADER, sort=False)
    ]


def format_visits(
    visits: pd.DataFrame, names: dict[str, str], titles: dict[str, str]
) -> pd.DataFrame:
    """The visits table in words: who met whom, where (or that the host is unknown), and whether
    the host had to arrest."""
    status = [
        DASH if not isinstance(s, str) else ICC_LABELS[s] + ("" if v else FROM_MEMORY)
        for s, v in zip(visits["host_status"], visits["host_verified"], strict=True)
    ]
    bound = {True: "Yes", False: "No"}
    return pd.DataFrame(
        {
            LEADER: visits["person"],
            "Meeting": [
                pair_label(a, b, names)
                for a, b in zip(visits["subject"], visits["counterpart"], strict=True)
            ],
            "Date": [_day_text(d) for d in visits["day"]],
            "Held in": [
                names.get(h, h) if isinstance(h, str) else HOST_UNKNOWN for h in visits["host"]
            ],
            "Host bound to arrest": [
                bound[o] if isinstance(o, bool) else DUTY_UNKNOWN
                for o in visits["obliged_to_arrest"]
            ],
            "Host's status then": status,
            "Evidence": [int(n) for n in visits["evidence"]],
            "Article": [titles.get(a) or a for a in visits["article"]],
        }
    )


def select_warrant_meetings(links: pd.DataFrame, subjects: set[str]) -> pd.DataFrame:
    """The meeting links that touch a country with a leader ever under warrant (the only ones
    :func:`find_warrant_meetings` can keep), in the columns it reads, with the host each cue
    states."""
    meetings = links[links["type"] == "meeting"]
    touching = meetings["a"].isin(subjects) | meetings["b"].isin(subjects)
    columns = ["a", "b", "type", "article", "sent_start", "cue", "venue"]
    hosted = mark_hosts(meetings.loc[touching, [c for c in columns if c in meetings]])
    # only what the cached lookup reads: the cue strings would be hashed for its key on every rerun
    kept = [c for c in ("a", "b", "type", "article", "sent_start", "host") if c in hosted]
    return hosted[kept].reset_index(drop=True)


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
