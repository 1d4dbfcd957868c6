"""The sidebar filters every page shares, kept in the URL so a copied link reproduces the view."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from diplomap.corpus.filters import (
    MAX_EVIDENCE,
    MODES,
    PARAMS,
    QUADS,
    FilterSpec,
    find_unread_params,
)
from diplomap.figures.style import LINK_COLOURS
from diplomap.views.state import (
    SPEC_KEY,
    URL_NOTICE_KEY,
    WS_PARAM,
    get_choices,
    get_names,
    get_workspace,
    keep_workspace_in_url,
    quote_param,
    read_params,
    show_notice,
    sync_params,
)

SEEDED_KEY = "filters_seeded"
BOUNDS_KEY = "filters_bounds"
KEYS = {
    "types": "f_types",
    "quads": "f_quads",
    "modes": "f_modes",
    "min_evidence": "f_min_evidence",
    "focus": "f_focus",
    "dates": "f_dates",
}


def render_filters() -> FilterSpec:
    """Draw the filters in the sidebar, keep them in the URL, and return them."""
    keep_workspace_in_url()
    types, actors, bounds = _seed_once()
    names = get_names()
    _follow_bounds(bounds)
    with st.sidebar:
        show_notice()
        st.subheader("Filters")
        st.multiselect("Link types", types, key=KEYS["types"], placeholder="All types")
        st.multiselect(
            "Cooperation / conflict",
            list(QUADS),
            format_func=QUADS.get,
            key=KEYS["quads"],
            placeholder="All classes",
            help="The cue's quad class: verbal or material cooperation or conflict.",
        )
        st.multiselect(
            "Mode",
            list(MODES),
            key=KEYS["modes"],
            help="What the text does with the link. By default what it asserts, plans or recalls; "
            "add hypothetical or negated to see what it imagines or denies. None chosen: the default.",
        )
        st.number_input(
            "Minimum evidence sentences per pair",
            1,
            MAX_EVIDENCE,
            step=1,
            key=KEYS["min_evidence"],
        )
        st.selectbox(
            "Focus actor",
            actors,
            index=None,
            format_func=lambda c: f"{names.get(c, c)} ({c})",
            key=KEYS["focus"],
            placeholder="Everyone",
            help="Only links that involve this actor; the network shows its ego network.",
        )
        if bounds is not None:
            st.date_input(
                "Article dates",
                key=KEYS["dates"],
                min_value=bounds[0],
                max_value=bounds[1],
                format="YYYY-MM-DD",
            )
        spec = _read_widgets(bounds)
        st.session_state[SPEC_KEY] = spec
        _write_params(spec)
        st.button("Reset filters", on_click=_reset, args=(types, actors, bounds))
    return spec


def _seed_once() -> tuple[list[str], list[str], tuple[date, date] | None]:
    """The filters' choices (types, actors, date bounds); in a new session, the filters start
    from the URL."""
    stored_types, actors, bounds = get_choices()  # asked of the store, plus this session's
    types = sorted(set(LINK_COLOURS) | set(stored_types))
    if not st.session_state.get(SEEDED_KEY):
        params = read_params()
        _seed(FilterSpec.from_params(params), types, actors, bounds)
        st.session_state[SEEDED_KEY] = True
        unread = find_unread_params(params, types, actors)
        if unread:
            said = "; ".join(f"{quote_param(given)} ({why})" for given, why in unread)
            st.session_state[URL_NOTICE_KEY] = f"Left out of the address's filters: {said}."
    return types, actors, bounds


def keep_filters() -> None:
    """On a page that does not use the filters (Sources): draw none, keep their values for the
    other pages (a widget not drawn in a run would lose its value), and say so in the sidebar."""
    keep_workspace_in_url()
    _follow_bounds(_seed_once()[2])
    state = st.session_state
    for key in KEYS.values():
        if key in state:
            state[key] = state[key]
    with st.sidebar:
        show_notice()
        st.caption("The filters apply to the other pages: this page lists every article.")


def render_view_link() -> None:
    """The address of exactly this view, with a copy button: the sidebar's filters and the page's
    own options (drawn after the page ran, so that what the page put in the URL is in it).

    It sits in a popover: the code box's copy button brings a syntax highlighter that costs the
    browser about 0.3 s to load, which a closed popover defers until someone opens it."""
    params = read_params()
    workspace = get_workspace()
    with st.sidebar, st.popover("Copy link to this view", icon=":material/link:"):
        if workspace is None:
            st.caption("The filters and page options are in this address:")
            st.code(_view_url(params), language=None, wrap_lines=True)
            return
        if workspace.editable:
            st.caption(
                "The filters, page options and your workspace are in this address; whoever has "
                "it can add articles to the workspace:"
            )
            st.code(_view_url({**params, WS_PARAM: workspace.key}), language=None, wrap_lines=True)
        st.caption("Read-only: shows the same articles, and cannot add to them:")
        readonly = {**params, WS_PARAM: workspace.read_key}
        st.code(_view_url(readonly), language=None, wrap_lines=True)


def drop_page_params(keep: tuple[str, ...], others: tuple[str, ...]) -> None:
    """Remove other pages' own URL parameters (`others`) except those in `keep`."""
    for key in others:
        if key not in keep and key in st.query_params:
            del st.query_params[key]


def _seed(
    spec: FilterSpec, types: list[str], actors: list[str], bounds: tuple[date, date] | None
) -> None:
    """Put a spec into the widgets, dropping values the widgets cannot show."""
    state = st.session_state
    state[KEYS["types"]] = [t for t in spec.types if t in types]
    state[KEYS["quads"]] = list(spec.quads)
    state[KEYS["modes"]] = list(spec.modes)
    state[KEYS["min_evidence"]] = spec.min_evidence
    state[KEYS["focus"]] = spec.focus if spec.focus in actors else None
    if bounds is not None:
        lo, hi = bounds
        start = min(max(spec.start or lo, lo), hi)
        end = max(min(spec.end or hi, hi), start)
        state[KEYS["dates"]] = (start, end)


def _follow_bounds(bounds: tuple[date, date] | None) -> None:
    """When added articles widen the corpus's dates, a range that spanned it all keeps doing so."""
    state = st.session_state
    previous = state.get(BOUNDS_KEY)
    if bounds is not None:
        current = state.get(KEYS["dates"])
        if current is None or (previous is not None and tuple(current) == tuple(previous)):
            state[KEYS["dates"]] = bounds
        elif any(not bounds[0] <= day <= bounds[1] for day in current):  # articles removed
            lo, hi = bounds
            state[KEYS["dates"]] = tuple(min(max(day, lo), hi) for day in current)
    state[BOUNDS_KEY] = bounds


def _reset(types: list[str], actors: list[str], bounds: tuple[date, date] | None) -> None:
    _seed(FilterSpec(), types, actors, bounds)


def _read_widgets(bounds: tuple[date, date] | None) -> FilterSpec:
    state = st.session_state
    default = FilterSpec()
    start = end = None
    dates = state.get(KEYS["dates"])
    if bounds is not None and isinstance(dates, tuple | list) and len(dates) == 2:
        start = dates[0] if dates[0] > bounds[0] else None
        end = dates[1] if dates[1] < bounds[1] else None
    previous = state.get(SPEC_KEY)
    if bounds is not None and isinstance(dates, tuple | list) and len(dates) == 1 and previous:
        start, end = previous.start, previous.end  # a range half picked: keep the last one
    modes = tuple(m for m in MODES if m in state.get(KEYS["modes"], ()))
    return FilterSpec(
        types=tuple(state.get(KEYS["types"], ())),
        quads=tuple(sorted(state.get(KEYS["quads"], ()))),
        modes=modes or default.modes,
        min_evidence=int(state.get(KEYS["min_evidence"]) or 1),
        focus=state.get(KEYS["focus"]),
        start=start,
        end=end,
    )


def _write_params(spec: FilterSpec) -> None:
    """Make the URL's filter parameters say exactly what `spec` says (other parameters stay)."""
    wanted = spec.to_params()
    sync_params({key: wanted.get(key) for key in PARAMS.values()})


def _view_url(params: dict[str, str]) -> str:
    try:
        base = str(st.context.url or "").split("?")[0]
    except Exception:  # no browser session (tests)
        base = ""
    query = urlencode(params, safe=",")
    return f"{base}?{query}" if query else base or "(default view)"
