"""The evidence page: every link with its sentence, actors and cue marked; an article's full text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.filters import FilterSpec
from figures.export import to_csv, to_json
from figures.highlight import escape_markdown, evidence_table, highlight_article
from views.state import (
    get_article,
    get_article_count,
    get_article_list,
    get_link_totals,
    get_links,
    get_names,
    get_pair_keys,
    get_spec,
    get_view,
    read_params,
    show_notice,
    sync_params,
)

PAIR_KEY = "evidence_pair"
ARTICLE_KEY = "evidence_article"
OPEN_KEY = "evidence_open"
PAGE_KEY = "evidence_page"
SEEDED_KEY = "evidence_seeded"
URL_PARAMS = ("pair", "article")  # this page's own URL parameters
PER_PAGE = 50
ARTICLES_LISTED = 1000  # articles offered in the pickers; the caption says how many there are
MAX_DOWNLOAD = 100_000  # rows in a download


def render() -> None:
    """The filtered links with marked sentences, narrowed by pair and article; then an article."""
    st.header("Evidence")
    names = get_names()
    spec = get_spec()
    st.caption(
        "Each link with the sentence that says so: actors in blue, the cue in orange. Type, mode, "
        "cooperation/conflict, focus actor and dates come from the sidebar filters."
    )
    left, right = st.columns(2)
    pairs = get_pair_keys(spec)
    listed = get_article_list(spec, ARTICLES_LISTED)
    articles = list(listed["article"])
    _seed_from_url(pairs, articles)
    show_notice()
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
    total = get_article_count(spec)
    if total > len(articles):
        right.caption(f"The first {len(articles):,} of {total:,} articles, in the order stored.")
    _write_url(pair, article)
    totals = get_link_totals(spec, pair, article)
    if not totals["links"]:
        st.info(
            "No link matches: loosen the filters in the sidebar or pick another pair or article."
        )
    else:
        _render_links(spec, pair, article, totals, names)
    _render_downloads(spec, pair, article, totals["links"])
    _render_article(articles, article, names)


def _seed_from_url(pairs: list[str], articles: list[str]) -> None:
    """Start a session's pair and article from the URL; drop choices the view no longer has.

    An article past the listed ones (the list is bounded) joins the list when it is chosen.
    """
    state = st.session_state
    if not state.get(SEEDED_KEY):
        params = read_params()
        state[PAIR_KEY] = str(params.get("pair", "")).replace(",", "–") or None
        state[ARTICLE_KEY] = params.get("article")
        state[SEEDED_KEY] = True
    if state.get(PAIR_KEY) not in pairs:
        state[PAIR_KEY] = None
    chosen = state.get(ARTICLE_KEY)
    if chosen and chosen not in articles and get_article(chosen)[0]:
        articles.append(chosen)
    if state.get(ARTICLE_KEY) not in articles:
        state[ARTICLE_KEY] = None
    elif state.get(ARTICLE_KEY):
        state.setdefault(OPEN_KEY, state[ARTICLE_KEY])


def _write_url(pair: str | None, article: str | None) -> None:
    """Keep the chosen pair and article in the URL, beside the sidebar's filters."""
    sync_params({"pair": pair.replace("–", ",") if pair else None, "article": article})


def _open_chosen() -> None:
    """Choosing an article also opens it below."""
    if st.session_state.get(ARTICLE_KEY):
        st.session_state[OPEN_KEY] = st.session_state[ARTICLE_KEY]


def _pair_label(pair: str) -> str:
    names = get_names()
    a, _, b = pair.partition("–")
    return f"{names.get(a, a)} – {names.get(b, b)}"


def _render_links(
    spec: FilterSpec,
    pair: str | None,
    article: str | None,
    totals: dict[str, int],
    names: dict[str, str],
) -> None:
    pages = max(1, -(-totals["links"] // PER_PAGE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages:,})", 1, pages, step=1, key=PAGE_KEY))
    chunk = get_links(spec, pair, article, PER_PAGE, (page - 1) * PER_PAGE)
    st.write(f"{totals['links']} links, {totals['pairs']} pairs, {totals['articles']} articles")
    st.html(evidence_table(chunk, names))


def _render_downloads(spec: FilterSpec, pair: str | None, article: str | None, links: int) -> None:
    """Downloads of the matching links and mentions, built when clicked (at most MAX_DOWNLOAD)."""
    cols = st.columns(4)

    def table() -> pd.DataFrame:
        return get_links(spec, pair, article, MAX_DOWNLOAD)

    def mentions() -> pd.DataFrame:
        if article:
            return get_article(article)[1]
        return get_view(spec).mentions.head(MAX_DOWNLOAD)

    more = f" (the first {MAX_DOWNLOAD:,} of {links:,})" if links > MAX_DOWNLOAD else ""
    for col, (label, data, name, mime) in zip(
        cols,
        (
            ("Links (CSV)", lambda: to_csv(table()), "links.csv", "text/csv"),
            ("Links (JSON)", lambda: to_json(table()), "links.json", "application/json"),
            ("Mentions (CSV)", lambda: to_csv(mentions()), "mentions.csv", "text/csv"),
            ("Mentions (JSON)", lambda: to_json(mentions()), "mentions.json", "application/json"),
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
            help=f"The matching rows{more}; `diplomap export` writes the whole store.",
        )


def _render_article(articles: list[str], chosen: str | None, names: dict[str, str]) -> None:
    st.subheader("Read an article")
    if not articles:
        st.info("No article in the view.")
        return
    if st.session_state.get(OPEN_KEY) not in articles:
        st.session_state[OPEN_KEY] = chosen if chosen in articles else articles[0]
    name = st.selectbox("Article to open", articles, key=OPEN_KEY)
    row, mentions = get_article(name)
    if not row:
        st.info("That article is no longer in the store.")
        return
    st.caption(
        f"{escape_markdown(str(row['title']))} · {row['date'] or 'undated'} · "
        f"{escape_markdown(str(row['source'] or 'no source'))} · "
        f"{len(mentions)} mentions marked (hover one for its actor)"
    )
    with st.container(height=420, border=True):
        st.html(highlight_article(str(row["text"]), mentions, names))
