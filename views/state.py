"""Cached loaders for the pages: the pipeline, the corpus, the geometry. Caching lives only here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import streamlit as st
from spacy.language import Language

from corpus import Corpus, read_seeds
from corpus.filters import FilterSpec, filter_articles, filter_links, filter_mentions
from corpus.ingest import ingest, table_articles
from corpus.queries import query_summary
from corpus.store import (
    ENV_DB,
    load_corpus,
    open_memory_store,
    open_store,
    read_corpus,
    store_stamp,
)
from corpus.summary import count_mentions, count_pairs
from corpus.uploads import join_corpora
from extract import make_pipeline
from extract.gazetteer import load_gazetteer
from geo.blocs import (
    bloc_members_on,
    dissolve_bloc,
    load_bloc_members,
    load_bloc_seats,
    place_actors,
)
from geo.countries import load_countries, load_points, to_geojson
from geo.icc import Treaty, load_treaty
from geo.warrants import load_leader_warrants

# plotly.js asks for a base-map topojson whenever a geo trace has a location mode; we serve a stub from
# ./static (server.enableStaticServing) so that no request leaves the machine. All shapes are our GeoJSON.
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
def get_seed_store() -> duckdb.DuckDBPyConnection:
    """The embedded default store: the seed articles ingested (as `diplomap ingest` does) into an
    in-memory DuckDB database, once per server. Use it through `store_connection()`."""
    con = open_memory_store()
    ingest(con, table_articles(read_seeds()), nlp=get_pipeline())
    return con


@contextmanager
def store_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of this thread's own to the store the pages show, closed on exit: the store
    $DIPLOMAP_DB names (read-only), else the seed store."""
    path = os.environ.get(ENV_DB)
    con = open_store(path, read_only=True) if path else get_seed_store().cursor()
    try:
        yield con
    finally:
        con.close()


def get_store_stamp() -> tuple[Any, ...]:
    """Tells versions of the shown store apart: its path and commit times (seeds: empty)."""
    path = os.environ.get(ENV_DB)
    return (path, *store_stamp(path)) if path else ()


@st.cache_data(show_spinner="Reading the seed corpus…")
def get_seed_corpus() -> Corpus:
    """The embedded default corpus: every row of the seed store."""
    with store_connection() as con:
        return load_corpus(con)


def get_corpus() -> Corpus:
    """The corpus the pages show: the store $DIPLOMAP_DB names, else the seed store.

    The store is read again whenever an ingest has committed to it since the last read.
    """
    path = os.environ.get(ENV_DB)
    if not path:
        return get_seed_corpus()
    load = st.cache_data(read_corpus, show_spinner="Reading the corpus store…", max_entries=2)
    return load(path, store_stamp(path))


# Session-state keys: the articles this visitor added, and the filters the sidebar set.
ADDED_KEY = "added_corpus"
SPEC_KEY = "filter_spec"


def get_session_corpus() -> Corpus:
    """The shared corpus plus what this visitor added (never visible to another session)."""
    added: Corpus | None = st.session_state.get(ADDED_KEY)
    return join_corpora(get_corpus(), added) if added is not None else get_corpus()


def get_spec() -> FilterSpec:
    """The filters in force: the sidebar's, else the URL's (pages run alone in tests)."""
    spec = st.session_state.get(SPEC_KEY)
    return spec if isinstance(spec, FilterSpec) else FilterSpec.from_params(read_params())


def read_params() -> dict[str, str]:
    """The URL query parameters, one (the last) value per key."""
    return st.query_params.to_dict()


@dataclass(frozen=True)
class View(Corpus):
    """A filtered corpus; `spec` is set when the store alone holds it (nothing added in this
    session), so its totals can be asked of the store. A View built any other way has none."""

    spec: FilterSpec | None = None


def get_view(spec: FilterSpec | None = None) -> Corpus:
    """The session's corpus through the filters: articles, mentions and links."""
    spec = spec or get_spec()
    corpus = get_session_corpus()
    return View(
        articles=filter_articles(corpus.articles, spec),
        mentions=filter_mentions(corpus.mentions, corpus.articles, spec),
        links=filter_links(corpus.links, corpus.articles, spec),
        spec=spec if st.session_state.get(ADDED_KEY) is None else None,
    )


def get_summary(view: Corpus | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions per actor and links per pair, for the filtered view (default: `get_view()`).

    A view that is the store through the filters is summed up in SQL by the store; any other (with
    articles added in this session, or links picked by a page) in pandas.
    """
    if view is None:
        spec = get_spec() if st.session_state.get(ADDED_KEY) is None else None
    else:
        spec = view.spec if isinstance(view, View) else None
    if spec is not None:
        return query_store_summary(spec, get_store_stamp())
    view = view or get_view()
    return summarise(view.mentions, view.links)


@st.cache_data(show_spinner=False, max_entries=64)
def query_store_summary(
    spec: FilterSpec, stamp: tuple[Any, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The store's totals through a spec, computed in DuckDB (`stamp`: the store's version)."""
    with store_connection() as con:
        return query_summary(con, spec)


@st.cache_data(show_spinner=False)
def summarise(mentions: pd.DataFrame, links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions per actor and links per pair (every mode in `links` counts: it is filtered)."""
    modes = tuple(links["mode"].unique())
    return count_mentions(mentions), count_pairs(links, modes=modes)


@st.cache_resource(show_spinner="Loading country shapes…")
def get_geojson() -> dict[str, Any]:
    """Country shapes as GeoJSON with ISO3 feature ids."""
    return to_geojson(load_countries())


@st.cache_data
def get_points() -> pd.DataFrame:
    """A point per country (tiny states included)."""
    return load_points()


@st.cache_data
def get_places() -> pd.DataFrame:
    """Where each actor sits on the map: countries and bloc seats."""
    return place_actors(load_points(), load_bloc_seats())


@st.cache_resource
def get_treaty() -> Treaty:
    """The Rome Statute tables."""
    return load_treaty()


@st.cache_data
def get_names() -> dict[str, str]:
    """Actor code -> display name."""
    return load_gazetteer().names


@st.cache_data
def get_warrants() -> pd.DataFrame:
    """ICC warrants against sitting leaders."""
    return load_leader_warrants()


def get_latest_article_date() -> date | None:
    """The latest article date in the corpus (None if no article is dated)."""
    days = [d for d in get_session_corpus().articles["date"] if isinstance(d, date)]
    return max(days, default=None)


def today() -> date:
    """The date the ICC page opens on."""
    return date.today()


@st.cache_data(show_spinner=False)
def get_bloc_outline(code: str, day: date) -> dict[str, Any]:
    """A bloc's members on `day`, dissolved into one outline, as GeoJSON with the bloc code as id."""
    members = bloc_members_on(code, day, load_bloc_members())
    union = dissolve_bloc(load_countries(), members, code).rename(columns={"code": "iso3"})
    geojson = to_geojson(union.assign(name=code))
    for feature in geojson["features"]:
        feature["id"] = code
    return geojson
