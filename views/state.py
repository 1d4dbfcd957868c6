"""Cached loaders for the pages: the pipeline, the corpus, the geometry. Caching lives only here."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from spacy.language import Language

from corpus import Corpus, build_corpus, read_seeds
from corpus.filters import FilterSpec, filter_articles, filter_links, filter_mentions
from corpus.store import ENV_DB, read_corpus, store_stamp
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


@st.cache_data(show_spinner="Extracting the seed corpus…")
def get_seed_corpus() -> Corpus:
    """The embedded default corpus: the seed articles, extracted once per server."""
    return build_corpus(get_pipeline(), read_seeds())


def get_corpus() -> Corpus:
    """The corpus the pages show: the store $DIPLOMAP_DB names, else the seed articles.

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


def get_view(spec: FilterSpec | None = None) -> Corpus:
    """The session's corpus through the filters: articles, mentions and links."""
    spec = spec or get_spec()
    corpus = get_session_corpus()
    return Corpus(
        articles=filter_articles(corpus.articles, spec),
        mentions=filter_mentions(corpus.mentions, corpus.articles, spec),
        links=filter_links(corpus.links, corpus.articles, spec),
    )


def get_summary(view: Corpus | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions per actor and links per pair, for the filtered view."""
    view = view or get_view()
    return summarise(view.mentions, view.links)


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
