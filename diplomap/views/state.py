"""Cached loaders for the pages: the pipeline, the corpus, the geometry. Caching lives only here."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

import duckdb
import geopandas as gpd
import pandas as pd
import streamlit as st
from spacy.language import Language

from diplomap.corpus import Corpus, read_seeds
from diplomap.corpus.filters import (
    FilterSpec,
    filter_articles,
    filter_links,
    filter_mentions,
    keep_evidenced,
    pair_keys,
)
from diplomap.corpus.ingest import ingest, table_articles
from diplomap.corpus.queries import (
    count_articles,
    query_article,
    query_article_keys,
    query_articles,
    query_by_day,
    query_choices,
    query_evidence,
    query_link_counts,
    query_link_totals,
    query_links,
    query_pair_keys,
    query_summary,
    query_table,
)
from diplomap.corpus.store import (
    ENV_DB,
    StoreBusyError,
    content_id,
    load_corpus,
    open_memory_store,
    open_store,
    store_stamp,
)
from diplomap.corpus.summary import (
    SENTENCE_KEY,
    count_mentions,
    count_pairs,
    count_sentences,
    count_sentences_by,
    group_evidence,
    sort_evidence,
    with_pair,
)
from diplomap.extract import FACTUAL_MODES, make_pipeline
from diplomap.extract.gazetteer import load_gazetteer
from diplomap.figures.timeline import count_by_day
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
def get_seed_store() -> duckdb.DuckDBPyConnection:
    """The embedded default store: the seed articles ingested (as `diplomap ingest` does) into an
    in-memory DuckDB database, once per server. Use it through `store_connection()`."""
    con = open_memory_store()
    ingest(con, table_articles(read_seeds()), nlp=get_pipeline())
    return con


# How long a page waits for an ingest to let go of the store (it does after every batch).
READ_WAIT = 3.0
BUSY_NOTICE = (
    "The store is busy: an ingest is writing to it. Showing what it held when last read; "
    "reload in a moment for the newest articles."
)
NOTICE_KEY = "store_notice"
# Per store path: the last version (stamp) read in full, shown while an ingest holds the file.
_last_read: dict[str, tuple[Any, ...]] = {}


@contextmanager
def store_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of this thread's own to the store the pages show, closed on exit: the store
    $DIPLOMAP_DB names (read-only, waiting up to READ_WAIT for an ingest's batch), else the seed
    store."""
    path = os.environ.get(ENV_DB)
    con = open_store(path, read_only=True, wait=READ_WAIT) if path else get_seed_store().cursor()
    try:
        yield con
    finally:
        con.close()


def describe_corpus() -> str:
    """What the pages show, in words: the store $DIPLOMAP_DB names, else the seed corpus."""
    path = os.environ.get(ENV_DB)
    return f"the store {path}" if path else "the seed corpus shipped with Diplomap"


def get_store_stamp() -> tuple[Any, ...]:
    """Tells versions of the shown store apart: its path and commit times (seeds: empty)."""
    path = os.environ.get(ENV_DB)
    return (path, *store_stamp(path)) if path else ()


def ask_store(query: Callable[..., T], *args: Any) -> T:
    """`query(*args, stamp)` for the shown store's current version. While an ingest holds the
    file, the answer for the version read last (from the cache), with a one-line notice; if
    there is none, the notice alone and the page stops."""
    stamp = get_store_stamp()
    try:
        result = query(*args, stamp)
    except StoreBusyError:
        st.session_state[NOTICE_KEY] = BUSY_NOTICE
        last = _last_read.get(str(stamp[0])) if stamp else None
        if last is None or last == stamp:
            show_notice()
            st.stop()
        try:
            return query(*args, last)
        except StoreBusyError:
            show_notice()
            st.stop()
    if stamp:
        _last_read[str(stamp[0])] = stamp
    st.session_state.pop(NOTICE_KEY, None)  # a notice left by a later read of the last run
    return result


def show_notice() -> None:
    """The store notice, once, if a read this run found the store busy."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice, icon=":material/hourglass_top:")


@st.cache_data(show_spinner="Reading the seed corpus…")
def get_seed_corpus() -> Corpus:
    """The embedded default corpus: every row of the seed store."""
    with store_connection() as con:
        return load_corpus(con)


def get_corpus() -> Corpus:
    """Every row of the store the pages show ($DIPLOMAP_DB, else the seed store). Pages ask the
    store for what they show instead (get_view, get_summary and the get_* below): this reads it
    all, and is read again whenever an ingest has committed since."""
    path = os.environ.get(ENV_DB)
    if not path:
        return get_seed_corpus()
    return ask_store(read_store_corpus)


@st.cache_data(show_spinner="Reading the corpus store…", max_entries=2)
def read_store_corpus(stamp: tuple[Any, ...]) -> Corpus:
    """Every row of the store $DIPLOMAP_DB names, at version `stamp`."""
    with store_connection() as con:
        return load_corpus(con)


# Session-state keys: the articles this visitor added, and the filters the sidebar set.
ADDED_KEY = "added_corpus"
SPEC_KEY = "filter_spec"


def get_added() -> Corpus | None:
    """The articles this visitor added on the Sources page (None: none)."""
    return st.session_state.get(ADDED_KEY)


def get_spec() -> FilterSpec:
    """The filters in force: the sidebar's, else the URL's (pages run alone in tests)."""
    spec = st.session_state.get(SPEC_KEY)
    return spec if isinstance(spec, FilterSpec) else FilterSpec.from_params(read_params())


def read_params() -> dict[str, str]:
    """The URL query parameters, one (the last) value per key."""
    return st.query_params.to_dict()


def sync_params(wanted: dict[str, str | None]) -> None:
    """Make the URL say `wanted`: a key with a value gets it (if it differs), a key with none is
    removed; parameters not named stay."""
    current = read_params()
    for key, value in wanted.items():
        if value and current.get(key) != value:
            st.query_params[key] = value
        elif not value and key in current:
            del st.query_params[key]


@dataclass(frozen=True)
class View(Corpus):
    """A filtered corpus; `spec` is set when the store alone holds it (nothing added in this
    session), so its totals can be asked of the store. A View built any other way has none."""

    spec: FilterSpec | None = None


class StoreView(View):
    """The store through a spec, each table read from DuckDB (filtered there; articles without
    their text) when a page first uses it."""

    def __init__(self, spec: FilterSpec) -> None:
        object.__setattr__(self, "spec", spec)

    def _table(self, name: str) -> pd.DataFrame:
        return ask_store(query_store_table, name, self.spec)

    articles = property(lambda self: self._table("articles"))  # type: ignore[assignment]
    mentions = property(lambda self: self._table("mentions"))  # type: ignore[assignment]
    links = property(lambda self: self._table("links"))  # type: ignore[assignment]


@st.cache_data(show_spinner="Reading the corpus store…", max_entries=12)
def query_store_table(name: str, spec: FilterSpec, stamp: tuple[Any, ...]) -> pd.DataFrame:
    """One table of the store through a spec (see StoreView), at version `stamp`."""
    with store_connection() as con:
        return query_table(con, name, spec)


def get_view(spec: FilterSpec | None = None) -> Corpus:
    """The session's corpus through the filters: articles, mentions and links. The store's rows
    are read in SQL when a page uses them; articles added in this session are filtered here."""
    spec = spec or get_spec()
    added = get_added()
    store = StoreView(spec=spec)
    if added is None:
        return store
    return View(
        articles=pd.concat(
            [store.articles, filter_articles(added.articles, spec)], ignore_index=True
        ),
        mentions=pd.concat(
            [store.mentions, filter_mentions(added.mentions, added.articles, spec)],
            ignore_index=True,
        ),
        links=_session_links(store, added, spec),
    )


def _session_links(store: StoreView, added: Corpus, spec: FilterSpec) -> pd.DataFrame:
    """The store's and the session's links through a spec; min_evidence counts both together."""
    if spec.min_evidence <= 1:
        mine = filter_links(added.links, added.articles, spec)
        return pd.concat([store.links, mine], ignore_index=True) if not mine.empty else store.links
    loose = replace(spec, min_evidence=1)
    both = pd.concat(
        [StoreView(spec=loose).links, filter_links(added.links, added.articles, loose)],
        ignore_index=True,
    )
    return keep_evidenced(both, spec.min_evidence).reset_index(drop=True)


def get_summary(view: Corpus | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions per actor and links per pair, for the filtered view (default: `get_view()`).

    A view that is the store through the filters is summed up in SQL by the store; any other (with
    articles added in this session, or links picked by a page) in pandas.
    """
    if view is None:
        spec = get_spec() if get_added() is None else None
    else:
        spec = view.spec if isinstance(view, View) else None
    if spec is not None:
        return ask_store(query_store_summary, spec)
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


# What the overview, evidence and filters ask: of the store in SQL (cached per store version)
# when nothing was added in this session, else of the session's view in pandas.


@st.cache_data(show_spinner=False, max_entries=64)
def query_store(what: str, spec: FilterSpec, args: tuple[Any, ...], stamp: tuple[Any, ...]) -> Any:
    """One of the pages' questions (`what`) of the store through a spec, at version `stamp`."""
    with store_connection() as con:
        if what == "count_articles":
            return count_articles(con, spec)
        if what == "articles":
            return query_articles(con, spec, limit=args[0], counts=args[1], newest=args[2])
        if what == "link_counts":
            return query_link_counts(con, spec, args[0])
        if what == "by_day":
            return query_by_day(con, spec)
        if what == "pair_keys":
            return query_pair_keys(con, spec)
        if what == "links":
            pair, article, limit, offset = args
            return query_links(con, spec, pair=pair, article=article, limit=limit, offset=offset)
        if what == "evidence":
            pair, article, order, descending, limit, offset = args
            return query_evidence(
                con,
                spec,
                pair=pair,
                article=article,
                order=order,
                descending=descending,
                limit=limit,
                offset=offset,
            )
        if what == "link_totals":
            return query_link_totals(con, spec, *args)
        if what == "article":
            return query_article(con, args[0])
        if what == "choices":
            return query_choices(con)
        if what == "article_keys":
            return query_article_keys(con)
    raise ValueError(f"no such store question: {what}")


def _ask(what: str, spec: FilterSpec, *args: Any) -> Any:
    return ask_store(query_store, what, spec, args)


def get_article_count(spec: FilterSpec | None = None) -> int:
    """Articles in the view."""
    spec = spec or get_spec()
    if get_added() is None:
        return _ask("count_articles", spec)
    return len(get_view(spec).articles)


def get_article_total() -> int:
    """Every article the session sees, whatever the filters: stored (counted in SQL) and added."""
    added = get_added()
    return _ask("count_articles", FilterSpec()) + (len(added.articles) if added is not None else 0)


def get_article_list(
    spec: FilterSpec | None = None,
    limit: int = 1000,
    counts: bool = False,
    mine_first: bool = False,
    newest: bool = False,
) -> pd.DataFrame:
    """The view's first `limit` articles (article, title, date, source, path; with `counts`, their
    `mentions` and `links`, evidence sentences in the factual modes), in stored order; with `mine_first`, the articles this
    session added come before the stored ones; with `newest`, the last added first."""
    spec = spec or get_spec()
    stored = _ask("articles", spec, limit, counts, newest)
    added = get_added()
    if added is None:
        return stored
    mine = filter_articles(added.articles, spec).drop(columns="text")
    if newest:
        mine = mine.iloc[::-1]
    if counts:
        factual = added.links[added.links["mode"].isin(FACTUAL_MODES)]
        per = {
            "mentions": added.mentions.groupby("article").size(),
            "links": with_pair(factual).drop_duplicates(SENTENCE_KEY).groupby("article").size(),
        }
        for table, n in per.items():
            mine = mine.assign(**{table: mine["article"].map(n).fillna(0).astype(int)})
    both = [mine, stored] if mine_first else [stored, mine]
    return pd.concat(both, ignore_index=True).head(limit)


def get_article_keys() -> tuple[set[str], set[str]]:
    """The content ids and display names of every article the session sees (stored and added)."""
    ids, names = _ask("article_keys", FilterSpec())
    ids, names = set(ids), set(names)
    added = get_added()
    if added is not None:
        ids |= {content_id(str(t)) for t in added.articles["text"]}
        names |= set(added.articles["article"])
    return ids, names


def get_link_counts(column: str, spec: FilterSpec | None = None) -> pd.Series:
    """The view's evidence sentences per link type or quad class, most first (a sentence counts
    once under each type it carries)."""
    spec = spec or get_spec()
    if get_added() is None:
        return _ask("link_counts", spec, column)
    return count_sentences_by(get_view(spec).links, column)


def get_by_day(spec: FilterSpec | None = None) -> pd.DataFrame:
    """The view's link sentences per article date and quad class."""
    spec = spec or get_spec()
    if get_added() is None:
        return _ask("by_day", spec)
    view = get_view(spec)
    return count_by_day(view.links, view.articles)


def get_pair_keys(spec: FilterSpec | None = None) -> list[str]:
    """The pairs the view's links join ("lo–hi"), sorted."""
    spec = spec or get_spec()
    if get_added() is None:
        return _ask("pair_keys", spec)
    links = get_view(spec).links
    return sorted(pair_keys(links).unique()) if not links.empty else []


def get_links(
    spec: FilterSpec | None = None,
    pair: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The view's links, narrowed to a pair ("lo–hi") and an article; `limit` from `offset`."""
    spec = spec or get_spec()
    if get_added() is None:
        lo_hi = tuple(pair.split("–")) if pair else None
        return _ask("links", spec, lo_hi, article, limit, offset)
    links = _narrow(get_view(spec).links, pair, article)
    end = None if limit is None else offset + limit
    return links.iloc[offset:end].reset_index(drop=True)


def get_link_totals(
    spec: FilterSpec | None = None, pair: str | None = None, article: str | None = None
) -> dict[str, int]:
    """How many links (rows), evidence sentences, pairs and articles the view (narrowed to a pair,
    an article) holds."""
    spec = spec or get_spec()
    if get_added() is None:
        return _ask("link_totals", spec, tuple(pair.split("–")) if pair else None, article)
    links = _narrow(get_view(spec).links, pair, article)
    pairs = pair_keys(links).nunique() if not links.empty else 0
    return {
        "links": len(links),
        "sentences": count_sentences(links),
        "pairs": pairs,
        "articles": links["article"].nunique(),
    }


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
    spec = spec or get_spec()
    if get_added() is None:
        lo_hi = tuple(pair.split("–")) if pair else None
        return group_evidence(
            _ask("evidence", spec, lo_hi, article, order, descending, limit, offset)
        )
    view = get_view(spec)
    links = _narrow(view.links, pair, article)
    articles = view.articles.drop_duplicates("article").set_index("article")
    titled = articles["title"].where(articles["title"].fillna("").astype(str) != "")
    links = links.assign(
        date=links["article"].map(articles["date"]),
        title=links["article"].map(titled).fillna(links["article"]),
    )
    table = sort_evidence(group_evidence(links), order, descending)
    end = None if limit is None else offset + limit
    return table.iloc[offset:end].reset_index(drop=True)


def _narrow(links: pd.DataFrame, pair: str | None, article: str | None) -> pd.DataFrame:
    if pair and not links.empty:
        links = links[pair_keys(links) == pair]
    if article:
        links = links[links["article"] == article]
    return links


def get_article(name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """One article of the session's corpus with its text, and its mentions ({} if none)."""
    added = get_added()
    if added is not None and name in set(added.articles["article"]):
        row = added.articles[added.articles["article"] == name].iloc[0].to_dict()
        return row, added.mentions[added.mentions["article"] == name]
    return _ask("article", FilterSpec(), name)


def get_choices() -> tuple[list[str], list[str], tuple[date, date] | None]:
    """What the filters offer: link types, actor codes, and the first and last article dates."""
    types, actors, bounds = _ask("choices", FilterSpec())
    added = get_added()
    if added is None:
        return types, actors, bounds
    types = sorted(set(types) | set(added.links["type"]))
    actors = sorted(
        set(actors) | set(added.links["a"]) | set(added.links["b"]) | set(added.mentions["code"])
    )
    days = [d for d in added.articles["date"] if isinstance(d, date)]
    if bounds is not None:
        days += list(bounds)
    return types, actors, (min(days), max(days)) if days else None


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
