"""The evidence page: every link with its sentence, actors and cue marked; an article's full text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diplomap.corpus.filters import FilterSpec
from diplomap.figures.export import to_csv, to_json
from diplomap.figures.highlight import escape_markdown, evidence_table, highlight_article
from diplomap.figures.words import (
    UNIT,
    UNIT_DEFINITION,
    article_title,
    format_count,
    pair_key,
    pair_label,
    parse_codes,
    plural,
)
from diplomap.views.state import (
    explain_absent,
    get_article,
    get_article_count,
    get_article_list,
    get_evidence,
    get_link_totals,
    get_links,
    get_names,
    get_pair_keys,
    get_spec,
    get_view,
    note_unread_param,
    read_params,
    show_notice,
    sync_params,
)

PAIR_KEY = "evidence_pair"
ARTICLE_KEY = "evidence_article"
OPEN_KEY = "evidence_open"
PAGE_KEY = "evidence_page"
SEEDED_KEY = "evidence_seeded"
SORT_KEY = "evidence_sort"
URL_SEEN_KEY = "evidence_url_seen"  # the pair and article the URL said when last read
URL_PARAMS = ("pair", "article")  # this page's own URL parameters
PER_PAGE = 50
ARTICLES_LISTED = 1000  # articles offered in the pickers; the caption says how many there are
MAX_DOWNLOAD = 100_000  # rows in a download
# How the table can be sorted: label -> (column, descending).
SORTS = {
    "Order in the articles": ("order", False),
    "Date, newest first": ("date", True),
    "Date, oldest first": ("date", False),
    "Score, most cooperative first": ("score", True),
    "Score, most conflictual first": ("score", False),
    "Article title, A to Z": ("article", False),
}


def render() -> None:
    """The filtered evidence sentences, narrowed by pair and article and sorted; then an article.

    The URL `?pair=CHN,RUS` (codes in either order; `&article=` a stored name) opens a pair's
    evidence, also when the session had this page open before."""
    st.header("Evidence")
    names = get_names()
    spec = get_spec()
    st.caption(
        "Each evidence sentence once per pair, with every type it carries: actors in blue (a "
        "pronoun with whom it stands for), the cues in orange. Type, mode, cooperation/conflict, "
        "focus actor and dates come from the sidebar filters.",
        help=UNIT_DEFINITION,
    )
    left, right = st.columns(2)
    pairs = sorted(get_pair_keys(spec), key=lambda k: pair_label(*k.split("–"), names))
    listed = get_article_list(spec, ARTICLES_LISTED, mine_first=True, newest=True)
    articles = list(listed["article"])
    titles = _article_titles(listed)
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
        placeholder="Every article (newest first)",
        on_change=_open_chosen,
        format_func=lambda a: titles.get(a, a),
    )
    total = get_article_count(spec)
    if total > len(articles):
        right.caption(
            f"The newest {format_count(len(articles))} of {plural(total, 'article')}; yours first."
        )
    _write_url(pair, article)
    totals = get_link_totals(spec, pair, article)
    if not totals["sentences"]:
        st.info(
            "No link matches: loosen the filters in the sidebar or pick another pair or article."
        )
    else:
        _render_links(spec, pair, article, totals, names)
    _render_downloads(spec, pair, article, totals["links"])
    _render_article(articles, article, names, titles)


def _article_titles(listed: pd.DataFrame) -> dict[str, str]:
    """Article name -> what the pickers show: its title (its name when it has none; a title
    several share gets the name after it)."""
    titles = {
        str(a): article_title(a, t) for a, t in zip(listed["article"], listed["title"], strict=True)
    }
    shared = pd.Series(list(titles.values())).value_counts()
    return {a: t if shared[t] == 1 else f"{t} ({a})" for a, t in titles.items()}


def _seed_from_url(pairs: list[str], articles: list[str]) -> None:
    """Start the pair and article from the URL in a new session, and whenever the URL names
    others than it did when last read (a link from another page); drop choices the view no
    longer has. An article past the listed ones (the list is bounded) joins the list when chosen.
    """
    state = st.session_state
    params = read_params()
    wanted = (_url_pair(params.get("pair")), params.get("article") or None)
    seeding = not state.get(SEEDED_KEY) or (any(wanted) and wanted != state.get(URL_SEEN_KEY))
    if seeding:
        state[PAIR_KEY], state[ARTICLE_KEY] = wanted
        if wanted[1]:
            state[OPEN_KEY] = wanted[1]
        state[PAGE_KEY] = 1
        state[SEEDED_KEY] = True
    state[URL_SEEN_KEY] = wanted
    if state.get(PAIR_KEY) not in pairs:
        state[PAIR_KEY] = None
    chosen = state.get(ARTICLE_KEY)
    if chosen and chosen not in articles and get_article(chosen)[0]:
        articles.append(chosen)
    if state.get(ARTICLE_KEY) not in articles:
        state[ARTICLE_KEY] = None
    elif state.get(ARTICLE_KEY):
        state.setdefault(OPEN_KEY, state[ARTICLE_KEY])
    if seeding:
        not_in_view = "not in this view (see the filters)"
        linked = {code for key in pairs for code in key.split("–")}
        unknown = [c for c in parse_codes(params.get("pair")) if c not in linked]
        why = {"pair": not_in_view if wanted[0] else "not two actor codes (CHN,RUS)"}
        if wanted[0] and unknown:
            links = f"no pair in this view links {', '.join(unknown)} (see the filters)"
            why["pair"] = explain_absent(unknown, known=links)
        for param, key in (("pair", PAIR_KEY), ("article", ARTICLE_KEY)):
            if params.get(param) and not state.get(key):
                note_unread_param(f"{param}={params[param]}", why.get(param, not_in_view))


def _url_pair(value: str | None) -> str | None:
    """The URL's pair ("CHN,RUS", either order) as a pair key ("CHN–RUS")."""
    codes = parse_codes(value)
    return pair_key(*codes) if len(codes) == 2 else None


def _write_url(pair: str | None, article: str | None) -> None:
    """Keep the chosen pair and article in the URL, beside the sidebar's filters."""
    param = pair.replace("–", ",") if pair else None
    sync_params({"pair": param, "article": article})
    st.session_state[URL_SEEN_KEY] = (pair, article)


def _open_chosen() -> None:
    """Choosing an article also opens it below."""
    if st.session_state.get(ARTICLE_KEY):
        st.session_state[OPEN_KEY] = st.session_state[ARTICLE_KEY]


def _pair_label(pair: str) -> str:
    return pair_label(*pair.split("–"), get_names())


def _render_links(
    spec: FilterSpec,
    pair: str | None,
    article: str | None,
    totals: dict[str, int],
    names: dict[str, str],
) -> None:
    top, sort_col = st.columns([3, 1])
    top.write(
        f"{plural(totals['sentences'], UNIT)} · {plural(totals['pairs'], 'pair')} · "
        f"{plural(totals['articles'], 'article')}"
    )
    label = sort_col.selectbox("Sort by", list(SORTS), key=SORT_KEY, label_visibility="collapsed")
    order, descending = SORTS[label]
    pages = max(1, -(-totals["sentences"] // PER_PAGE))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(f"Page (of {format_count(pages)})", 1, pages, step=1, key=PAGE_KEY)
        )
    chunk = get_evidence(spec, pair, article, order, descending, PER_PAGE, (page - 1) * PER_PAGE)
    st.html(evidence_table(chunk, names, (order, descending) if order != "order" else None))


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


def _render_article(
    articles: list[str], chosen: str | None, names: dict[str, str], titles: dict[str, str]
) -> None:
    st.subheader("Read an article")
    if not articles:
        st.info("No article in the view.")
        return
    if st.session_state.get(OPEN_KEY) not in articles:
        st.session_state[OPEN_KEY] = chosen if chosen in articles else articles[0]
    name = st.selectbox(
        "Article to open", articles, key=OPEN_KEY, format_func=lambda a: titles.get(a, a)
    )
    row, mentions = get_article(name)
    if not row:
        st.info("That article is no longer in the store.")
        return
    st.caption(
        f"{escape_markdown(str(row['title'] or name))} · {row['date'] or 'undated'} · "
        f"{escape_markdown(str(row['source'] or 'no source'))} · "
        f"{plural(len(mentions), 'mention')} marked (hover one for its actor)"
    )
    with st.container(height=420, border=True):
        st.html(highlight_article(str(row["text"]), mentions, names))
