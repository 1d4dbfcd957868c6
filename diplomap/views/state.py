"""Streamlit state and caching for the pages: the session's workspace and filters, the shared
caches (per store version and filter set, for every visitor), the geometry. What a question
means is in plain modules: corpus.shown routes it, corpus.queries answers it in SQL."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st
from spacy.language import Language
from streamlit.delta_generator import DeltaGenerator

from diplomap.corpus import InputError, read_seeds
from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.ingest import ingest, table_articles
from diplomap.corpus.shown import Shown, ask
from diplomap.corpus.store import ENV_DB, StoreBusyError
from diplomap.corpus.summary import group_evidence
from diplomap.corpus.workspaces import (
    Workspace,
    create_workspace,
    open_workspace,
)
from diplomap.extract import make_pipeline
from diplomap.extract.gazetteer import load_gazetteer
from diplomap.figures.highlight import escape_markdown
from diplomap.geo.blocs import (
    bloc_members_on,
    dissolve_bloc,
    load_bloc_members,
    load_bloc_seats,
    place_actors,
)
from diplomap.geo.countries import (
    anchor_points,
    load_anchors,
    load_countries,
    load_points,
    to_geojson,
)
from diplomap.geo.icc import Treaty, load_treaty
from diplomap.geo.warrants import load_leader_warrants

T = TypeVar("T")

# plotly.js draws the maps' base layers and every country from one topojson (world_110m.json, our
# shapes: scripts/build_geometry.py), fetched once from ./static (server.enableStaticServing): no
# request leaves the machine, and figures carry country codes only.
PLOTLY_CONFIG = {"topojsonURL": "app/static/topojson/", "displaylogo": False, "scrollZoom": False}
# The border choices, said on every map page (geo/data/SOURCES.md has the details).
BORDERS_NOTE = (
    "Borders: Crimea is shown as part of Ukraine (UN General Assembly resolution 68/262); Kosovo "
    "as its own territory (XKX); Western Sahara as the whole territory south of 27°40'N, a UN "
    "Non-Self-Governing Territory, Laayoune and Dakhla included (Morocco's berm is not drawn); "
    "Northern Cyprus in Cyprus, Somaliland in Somalia."
)


@st.cache_resource(show_spinner="Loading the extraction pipeline…")
def get_pipeline() -> Language:
    """The blank-English pipeline with the gazetteer rules."""
    return make_pipeline()


@st.cache_resource(show_spinner="Storing the seed corpus…")
def get_seed_store() -> Path:
    """The embedded default store: the seed articles ingested (as `diplomap ingest` does) into a
    store file of this process's own, once per server (removed when it exits)."""
    folder = Path(tempfile.mkdtemp(prefix="diplomap-seeds-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "seeds.duckdb"
    ingest(path, table_articles(read_seeds()), nlp=get_pipeline())
    return path


def get_base() -> Path:
    """The base store every visitor sees: the file $DIPLOMAP_DB names, else the seed store."""
    path = os.environ.get(ENV_DB)
    return Path(path) if path else get_seed_store()


# Session-state keys: the visitor's workspace, the filters the sidebar set, a one-line notice.
WS_PARAM = "ws"
WS_KEY = "workspace"
SPEC_KEY = "filter_spec"
NOTICE_KEY = "store_notice"
WS_NOTICE_KEY = "workspace_notice"
URL_NOTICE_KEY = "url_notice"  # filter values in the address that could not be used
PAGE_NOTICES_KEY = "page_notices"  # a page's own values in the address that it could not use


def get_workspace() -> Workspace | None:
    """The workspace this session shows: the one the URL's `ws` names (opened once per session
    and id), else the one this session made or opened last (navigation drops the URL's
    parameters; the filters write it back). An unknown or expired id: one line, the base corpus."""
    key = read_params().get(WS_PARAM)
    held = st.session_state.get(WS_KEY)
    if isinstance(held, Workspace) and not held.path.is_file():  # expired while shown
        key = held.key
        held = None
    if not key or (isinstance(held, Workspace) and held.key == key):
        return held if isinstance(held, Workspace) else None
    try:
        found = open_workspace(key)
    except InputError as err:
        line = str(err)
        st.session_state[WS_NOTICE_KEY] = (
            f"{line[:1].upper()}{line[1:]}. Showing the corpus without it."
        )
        leave_workspace()
        return None
    st.session_state[WS_KEY] = found
    return found


def keep_workspace_in_url() -> None:
    """Write the session's workspace id into the URL (so a reload or a copied link keeps it)."""
    found = get_workspace()
    sync_params({WS_PARAM: found.key if found else None})


def make_workspace() -> Workspace:
    """The session's workspace, made now if it has none (and put in the URL); WorkspaceError if
    the server may not make one."""
    found = get_workspace()
    if found is None:
        found = create_workspace()
        st.session_state[WS_KEY] = found
        sync_params({WS_PARAM: found.key})
    return found


def leave_workspace() -> None:
    """This session stops showing its workspace (the workspace stays, for its link)."""
    st.session_state.pop(WS_KEY, None)
    if WS_PARAM in st.query_params:
        del st.query_params[WS_PARAM]


def get_shown() -> Shown:
    """What this session sees: the base store, and its workspace if any."""
    found = get_workspace()
    return Shown(get_base(), found.path if found else None)


def describe_corpus() -> str:
    """What the pages show, in words: the base store ($DIPLOMAP_DB, else the seed corpus), and
    the workspace's articles if the link carries one."""
    path = os.environ.get(ENV_DB)
    base = f"the store {path}" if path else "the seed corpus shipped with Diplomap"
    found = get_workspace()
    if found is None:
        return base
    kind = "your workspace" if found.editable else "a shared workspace (read-only)"
    return f"{base}, plus the articles in {kind}"


# How long a page waits for an ingest to let go of a store (it does after every batch).
READ_WAIT = 3.0
BUSY_NOTICE = (
    "The store is busy: an ingest is writing to it. Showing what it held when last read; "
    "reload in a moment for the newest articles."
)
# Per corpus shown: the last version (stamp) read in full, shown while an ingest holds a file.
_last_read: dict[Shown, tuple[Any, ...]] = {}


@st.cache_data(show_spinner=False, max_entries=256)
def ask_cached(
    shown: Shown, what: str, spec: FilterSpec, args: tuple[Any, ...], stamp: tuple[Any, ...]
) -> Any:
    """One of the pages' questions (corpus.shown.QUESTIONS) of `shown` at version `stamp`: asked
    once per store version and filter set, whichever visitor asks, then shared."""
    return ask(shown, what, spec, args, wait=READ_WAIT)


def _ask(what: str, spec: FilterSpec, *args: Any) -> Any:
    """`what` of this session's corpus, through a spec. While an ingest holds a file, the answer
    for the version read last (from the cache), with a one-line notice; if there is none, the
    notice alone and the page stops."""
    shown = get_shown()
    stamp = shown.stamp()
    try:
        result = ask_cached(shown, what, spec, args, stamp)
    except StoreBusyError:
        st.session_state[NOTICE_KEY] = BUSY_NOTICE
        last = _last_read.get(shown)
        if last is None or last == stamp:
            show_notice()
            st.stop()
        try:
            return ask_cached(shown, what, spec, args, last)
        except StoreBusyError:
            show_notice()
            st.stop()
    _last_read[shown] = stamp
    st.session_state.pop(NOTICE_KEY, None)  # a notice left by a later read of the last run
    return result


def show_notice() -> None:
    """The store's and the workspace's notices, once, if this run left any."""
    icons = {
        WS_NOTICE_KEY: ":material/link_off:",
        NOTICE_KEY: ":material/hourglass_top:",
        URL_NOTICE_KEY: ":material/link:",
    }
    for key, icon in icons.items():
        notice = st.session_state.pop(key, None)
        if notice:
            st.info(notice, icon=icon)


def get_spec() -> FilterSpec:
    """The filters in force: the sidebar's, else the URL's (pages run alone in tests)."""
    spec = st.session_state.get(SPEC_KEY)
    return spec if isinstance(spec, FilterSpec) else FilterSpec.from_params(read_params())


def read_params() -> dict[str, str]:
    """The URL query parameters, one (the last) value per key."""
    return st.query_params.to_dict()


def read_choice(label: str, choices: Sequence[str], key: str, param: str, **radio: Any) -> str:
    """A horizontal radio of `choices` under `key`, started in a new session from the URL's
    `param` (the first choice when the URL has none or one not offered)."""
    if key not in st.session_state:
        wanted = str(read_params().get(param) or choices[0])  # an empty value: as if absent
        st.session_state[key] = wanted if wanted in choices else choices[0]
        if wanted not in choices:
            shown = radio.get("format_func", str)
            offered = ", ".join(str(shown(c)) for c in choices)
            note_unread_param(
                f"{param}={wanted}", f"not one of {offered}: showing {shown(choices[0])}"
            )
    return st.radio(label, list(choices), key=key, horizontal=True, **radio)


def note_unread_param(given: str, why: str) -> None:
    """Leave a notice that the address's `given` ("pair=CHN,ZZZ") could not be used, and `why`;
    the app shows it above the page (`show_page_notices`)."""
    notice = f"The address's {quote_param(given)} could not be used: {why}."
    st.session_state.setdefault(PAGE_NOTICES_KEY, []).append(notice)


def show_page_notices(slot: DeltaGenerator) -> None:
    """Write the notices the page left (an address's value it could not use) into `slot`, a
    container made above the page before it ran."""
    for notice in st.session_state.pop(PAGE_NOTICES_KEY, []):
        slot.info(notice, icon=":material/link:")


def quote_param(text: str, most: int = 60) -> str:
    """A URL's parameter as a notice shows it: cut to `most` characters, Markdown escaped."""
    cut = text if len(text) <= most else text[: most - 1] + "…"
    return escape_markdown(cut)


def sync_params(wanted: dict[str, str | None]) -> None:
    """Make the URL say `wanted`: a key with a value gets it (if it differs), a key with none is
    removed; parameters not named stay."""
    current = read_params()
    for key, value in wanted.items():
        if value and current.get(key) != value:
            st.query_params[key] = value
        elif not value and key in current:
            del st.query_params[key]


class View:
    """This session's corpus through a spec: each table read from the store in SQL (filtered
    there; articles without their text) when a page first uses it."""

    def __init__(self, spec: FilterSpec) -> None:
        self.spec = spec

    articles = property(lambda self: _ask("table", self.spec, "articles"))
    mentions = property(lambda self: _ask("table", self.spec, "mentions"))
    links = property(lambda self: _ask("table", self.spec, "links"))


def get_view(spec: FilterSpec | None = None) -> View:
    """The session's corpus through the filters (default: the ones in force): articles, mentions
    and links, each asked of the store when a page uses it."""
    return View(spec or get_spec())


def get_ego_view(spec: FilterSpec) -> View:
    """The focus actor's ego network through the filters: its links and those among its partners."""
    return View(replace(spec, ego=True))


def get_summary(view: View | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions per actor and links per pair (corpus.columns COUNT_FIELDS, PAIR_FIELDS) for a
    view (default: `get_view()`), summed up in SQL."""
    return _ask("summary", view.spec if view is not None else get_spec())


def get_article_count(spec: FilterSpec | None = None) -> int:
    """Articles in the view."""
    return _ask("count_articles", spec or get_spec())


def get_article_total() -> int:
    """Every article the session sees, whatever the filters."""
    return _ask("count_articles", FilterSpec())


def get_article_list(
    spec: FilterSpec | None = None,
    limit: int = 1000,
    counts: bool = False,
    mine_first: bool = False,
    newest: bool = False,
) -> pd.DataFrame:
    """The view's first `limit` articles (article, title, date, source, path, `added`: held by the
    workspace; with `counts`, their `mentions` and `links`, evidence sentences in the factual
    modes), in stored order; with `mine_first`, the workspace's first; with `newest`, the last
    added first."""
    return _ask("articles", spec or get_spec(), limit, counts, newest, mine_first)


def get_article_keys() -> tuple[set[str], set[str]]:
    """The content ids and display names of every article the session sees."""
    ids, names = _ask("article_keys", FilterSpec())
    return set(ids), set(names)


def get_link_counts(column: str, spec: FilterSpec | None = None) -> pd.Series:
    """The view's evidence sentences per link type or quad class, most first (a sentence counts
    once under each type it carries)."""
    return _ask("link_counts", spec or get_spec(), column)


def get_by_day(spec: FilterSpec | None = None) -> pd.DataFrame:
    """The view's link sentences per article date and quad class."""
    return _ask("by_day", spec or get_spec())


def get_pair_keys(spec: FilterSpec | None = None) -> list[str]:
    """The pairs the view's links join ("lo–hi"), sorted."""
    return _ask("pair_keys", spec or get_spec())


def _pair(pair: str | None) -> tuple[str, ...] | None:
    return tuple(pair.split("–")) if pair else None


def get_links(
    spec: FilterSpec | None = None,
    pair: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The view's links, narrowed to a pair ("lo–hi") and an article; `limit` from `offset`."""
    return _ask("links", spec or get_spec(), _pair(pair), article, limit, offset)


def get_link_totals(
    spec: FilterSpec | None = None, pair: str | None = None, article: str | None = None
) -> dict[str, int]:
    """How many links (rows), evidence sentences, pairs and articles the view (narrowed to a pair,
    an article) holds."""
    return _ask("link_totals", spec or get_spec(), _pair(pair), article)


def get_evidence(
    spec: FilterSpec | None = None,
    pair: str | None = None,
    article: str | None = None,
    order: str = "order",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The view's evidence sentences (corpus.summary.group_evidence, with `date` and `title`),
    narrowed to a pair and an article, sorted by `order`; `limit` from `offset`."""
    links = _ask(
        "evidence", spec or get_spec(), _pair(pair), article, order, descending, limit, offset
    )
    return group_evidence(links)


def get_article(name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """One article of the session's corpus with its text, and its mentions ({} if none)."""
    return _ask("article", FilterSpec(), name)


def get_choices() -> tuple[list[str], list[str], tuple[date, date] | None]:
    """What the filters offer: link types, actor codes, and the first and last article dates."""
    return _ask("choices", FilterSpec())


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_result(
    _make: Callable[..., Any],
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    return _make(*args, **dict(kwargs))


def get_shared_figure(make: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`make(*args, **kwargs)` made once for every visitor who asks with the same arguments (the
    tables a page passes are hashed by value): for figures, which are the same for everyone who
    sees the same store version, filters and options. Shared: never change what it returns."""
    name = f"{make.__module__}.{make.__qualname__}"  # the key: functions are not hashed
    return _shared_result(make, name, args, tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner="Loading country shapes…")
def get_map_countries() -> gpd.GeoDataFrame:
    """Country shapes at the detail drawn on world maps, read once per process."""
    return load_countries("map")


@st.cache_resource(show_spinner=False)
def get_geojson() -> dict[str, Any]:
    """Country shapes as GeoJSON with ISO3 feature ids, at the detail drawn on world maps."""
    return to_geojson(get_map_countries())


@st.cache_data
def get_shape_codes() -> frozenset[str]:
    """The codes the base map (static/topojson/world_110m.json) has a polygon for."""
    points = load_points()
    return frozenset(points.loc[points["has_polygon"], "iso3"])


@st.cache_data
def get_points() -> pd.DataFrame:
    """A point per country (tiny states included)."""
    return load_points()


@st.cache_data
def get_places() -> pd.DataFrame:
    """Where each actor's arcs meet on the map: countries (large ones at their capital, see
    geo/data/map_anchors.csv) and bloc seats."""
    return place_actors(anchor_points(load_points(), load_anchors()), load_bloc_seats())


@st.cache_resource
def get_treaty() -> Treaty:
    """The Rome Statute tables."""
    return load_treaty()


@st.cache_data
def get_names() -> dict[str, str]:
    """Actor code -> display name."""
    return load_gazetteer().names


def explain_absent(codes: list[str], known: str = "not in this view (see the filters)") -> str:
    """Why actors an address names are not in the view: codes no actor has, else `known` (the
    filters leave them out)."""
    names = get_names()
    unknown = [c for c in codes if c not in names]
    return f"no actor has the code {', '.join(unknown)}" if unknown else known


@st.cache_data
def get_warrants() -> pd.DataFrame:
    """ICC warrants against sitting leaders."""
    return load_leader_warrants()


def get_latest_article_date(spec: FilterSpec | None = None) -> date | None:
    """The latest article date in the session's corpus through the filters (default: the ones in
    force); None if no article there is dated."""
    days = [d for d in get_view(spec).articles["date"] if isinstance(d, date)]
    return max(days) if days else None


def today() -> date:
    """Today's date, as the ICC page offers it (one click away) and compares with."""
    return date.today()


@st.cache_data(show_spinner=False)
def get_bloc_outline(code: str, day: date) -> dict[str, Any]:
    """A bloc's members on `day`, dissolved into one outline, as GeoJSON with the bloc code as id."""
    members = bloc_members_on(code, day, load_bloc_members())
    union = dissolve_bloc(get_map_countries(), members, code).rename(columns={"code": "iso3"})
    geojson = to_geojson(union.assign(name=code))
    for feature in geojson["features"]:
        feature["id"] = code
    return geojson
