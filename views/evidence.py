"""The evidence page: every link with its sentence, actors and cue marked; an article's full text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.filters import pair_keys
from figures.export import to_csv, to_json
from figures.highlight import escape_markdown, evidence_table, highlight_article
from views.state import get_names, get_session_corpus, get_view, read_params

PAIR_KEY = "evidence_pair"
ARTICLE_KEY = "evidence_article"
OPEN_KEY = "evidence_open"
PAGE_KEY = "evidence_page"
SEEDED_KEY = "evidence_seeded"
URL_PARAMS = ("pair", "article")  # this page's own URL parameters
PER_PAGE = 50
SHOWN = ["article", "a", "b", "type", "event", "quad", "mode", "cue", "sentence"]


def render() -> None:
    """The filtered links with marked sentences, narrowed by pair and article; then an article."""
    st.header("Evidence")
    names = get_names()
    view = get_view()
    links = view.links.assign(pair=pair_keys(view.links)) if not view.links.empty else view.links
    st.caption(
        "Each link with the sentence that says so: actors in blue, the cue in orange. Type, mode, "
        "cooperation/conflict, focus actor and dates come from the sidebar filters."
    )
    left, right = st.columns(2)
    pairs = sorted(links["pair"].unique()) if not links.empty else []
    articles = list(view.articles["article"])
    _seed_from_url(pairs, articles)
    pair = left.selectbox(
        "Pair", pairs, index=None, key=PAIR_KEY, placeholder="Every pair", format_func=_pair_label
    )
    article = right.selectbox(
        "Article",
        articles,
        index=None,
        key=ARTICLE_KEY,
        placeholder="Every article",
        on_change=_open_chosen,
    )
    _write_url(pair, article)
    if pair:
        links = links[links["pair"] == pair]
    if article:
        links = links[links["article"] == article]
    if links.empty:
        st.info(
            "No link matches: loosen the filters in the sidebar or pick another pair or article."
        )
    else:
        _render_links(links, names)
    _render_downloads(
        links, view.mentions if not article else view.mentions.query("article == @article")
    )
    _render_article(articles, article, names)


def _seed_from_url(pairs: list[str], articles: list[str]) -> None:
    """Start a session's pair and article from the URL; drop choices the view no longer has."""
    state = st.session_state
    if not state.get(SEEDED_KEY):
        params = read_params()
        state[PAIR_KEY] = str(params.get("pair", "")).replace(",", "–") or None
        state[ARTICLE_KEY] = params.get("article")
        state[SEEDED_KEY] = True
    if state.get(PAIR_KEY) not in pairs:
        state[PAIR_KEY] = None
    if state.get(ARTICLE_KEY) not in articles:
        state[ARTICLE_KEY] = None
    elif state.get(ARTICLE_KEY):
        state.setdefault(OPEN_KEY, state[ARTICLE_KEY])


def _write_url(pair: str | None, article: str | None) -> None:
    """Keep the chosen pair and article in the URL, beside the sidebar's filters."""
    for key, value in (("pair", pair.replace("–", ",") if pair else None), ("article", article)):
        if value and read_params().get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def _open_chosen() -> None:
    """Choosing an article also opens it below."""
    if st.session_state.get(ARTICLE_KEY):
        st.session_state[OPEN_KEY] = st.session_state[ARTICLE_KEY]


def _pair_label(pair: str) -> str:
    names = get_names()
    a, _, b = pair.partition("–")
    return f"{names.get(a, a)} – {names.get(b, b)}"


def _render_links(links: pd.DataFrame, names: dict[str, str]) -> None:
    pages = max(1, -(-len(links) // PER_PAGE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages})", 1, pages, step=1, key=PAGE_KEY))
    chunk = links.iloc[(page - 1) * PER_PAGE : page * PER_PAGE]
    st.write(
        f"{len(links)} links, {links['pair'].nunique()} pairs, {links['article'].nunique()} articles"
    )
    st.html(evidence_table(chunk, names))


def _render_downloads(links: pd.DataFrame, mentions: pd.DataFrame) -> None:
    cols = st.columns(4)
    table = links[[c for c in links.columns if c != "pair"]]
    for col, (label, data, name, mime) in zip(
        cols,
        (
            ("Links (CSV)", lambda: to_csv(table), "links.csv", "text/csv"),
            ("Links (JSON)", lambda: to_json(table), "links.json", "application/json"),
            ("Mentions (CSV)", lambda: to_csv(mentions), "mentions.csv", "text/csv"),
            ("Mentions (JSON)", lambda: to_json(mentions), "mentions.json", "application/json"),
        ),
        strict=True,
    ):
        col.download_button(
            label,
            data=data,
            file_name=f"diplomap-{name}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
        )


def _render_article(articles: list[str], chosen: str | None, names: dict[str, str]) -> None:
    st.subheader("Read an article")
    if not articles:
        st.info("No article in the view.")
        return
    if st.session_state.get(OPEN_KEY) not in articles:
        st.session_state[OPEN_KEY] = chosen if chosen in articles else articles[0]
    name = st.selectbox("Article to open", articles, key=OPEN_KEY)
    corpus = get_session_corpus()
    row = corpus.articles[corpus.articles["article"] == name].iloc[0]
    mentions = corpus.mentions[corpus.mentions["article"] == name]
    st.caption(
        f"{escape_markdown(str(row['title']))} · {row['date'] or 'undated'} · "
        f"{escape_markdown(str(row['source'] or 'no source'))} · "
        f"{len(mentions)} mentions marked (hover one for its actor)"
    )
    with st.container(height=420, border=True):
        st.html(highlight_article(str(row["text"]), mentions, names))
