"""The overview page: what the corpus holds, and where to look next."""

from __future__ import annotations

import html
from datetime import date, datetime

import pandas as pd
import streamlit as st

from diplomap.corpus.filters import QUADS, FilterSpec
from diplomap.figures.highlight import escape_markdown
from diplomap.figures.timeline import make_timeline
from diplomap.figures.words import (
    UNIT,
    UNIT_DEFINITION,
    article_title,
    format_count,
    pair_label,
    plural,
)
from diplomap.views import evidence
from diplomap.views.state import (
    describe_corpus,
    get_article_count,
    get_article_list,
    get_by_day,
    get_link_counts,
    get_names,
    get_shared_figure,
    get_spec,
    get_summary,
    show_notice,
)

ARTICLES_SHOWN = 1000  # rows of the articles table; the count above it says how many there are
PAIRS_SHOWN = 10
SENTENCES = f"{UNIT}s"  # the count columns' heading
# The Evidence page, to link a pair to (a page with the same url_path is the registered one).
EVIDENCE_PAGE = st.Page(evidence.render, title="Evidence", url_path="evidence")


def render() -> None:
    """Corpus size, evidence sentences by type and the strongest pairs; the articles."""
    st.header("Diplomap")
    st.write(
        "Countries and blocs the news mentions, the links between them, and each link's evidence "
        f"sentence. Showing {escape_markdown(describe_corpus())}, through the sidebar's "
        "filters."
    )
    st.caption(f"**Counts are evidence sentences.** {UNIT_DEFINITION}")
    spec = get_spec()
    counts, pairs = get_summary()
    articles = get_article_count(spec)
    show_notice()
    cols = st.columns(5)
    cols[0].metric("Articles", format_count(articles))
    cols[1].metric("Countries", format_count(int((counts["kind"] == "country").sum())))
    cols[2].metric("Blocs", format_count(int((counts["kind"] == "bloc").sum())))
    cols[3].metric("Linked pairs", format_count(len(pairs)))
    cols[4].metric(SENTENCES.capitalize(), format_count(int(pairs["links"].sum())))
    if pairs.empty:
        st.info(
            "No links to show. Loosen the filters in the sidebar, or add articles on the Sources "
            "page to see what they relate."
        )
        return
    names = get_names()
    _render_pairs(pairs.head(PAIRS_SHOWN), names, spec)
    left, right = st.columns(2, gap="large")
    # Small tables are plain HTML tables: a data grid each would cost the browser more than the chart.
    left.subheader("By type")
    by_type = get_link_counts("type", spec).map(format_count)  # "1,170", as everywhere
    left.table(by_type.rename(SENTENCES).rename_axis("type"))
    by_quad = get_link_counts("quad", spec).rename(index=QUADS).rename(SENTENCES)
    right.subheader("Cooperation / conflict")
    right.table(by_quad.map(format_count).rename_axis("class"))
    by_day = get_by_day(spec)
    if by_day["day"].nunique() > 1:  # one date makes no timeline
        st.plotly_chart(get_shared_figure(make_timeline, by_day), key="timeline")
    st.subheader("Articles")
    if articles > ARTICLES_SHOWN:
        st.caption(
            f"The first {format_count(ARTICLES_SHOWN)} of {plural(articles, 'article')}, in the "
            "order stored."
        )
    table = get_article_list(spec, ARTICLES_SHOWN)
    with st.container(height=min(420, 60 + 44 * len(table)), border=False):
        st.html(article_table(table))


def _render_pairs(top: pd.DataFrame, names: dict[str, str], spec: FilterSpec) -> None:
    """The strongest pairs, each a link to its evidence on the Evidence page."""
    st.subheader("Strongest pairs")
    st.caption("Click a pair to read its evidence.")
    widths = [4, 2, 1, 5]
    head = st.columns(widths, vertical_alignment="bottom", gap="small")
    for col, label in zip(head, ("pair", SENTENCES, "articles", "types"), strict=True):
        col.markdown(f"**{label}**")
    params = spec.to_params()
    for row in top.itertuples(index=False):
        cols = st.columns(widths, vertical_alignment="center", gap="small")
        cols[0].page_link(
            EVIDENCE_PAGE,
            label=pair_label(row.a, row.b, names),
            query_params={**params, "pair": f"{row.a},{row.b}"},
            icon=":material/format_quote:",
        )
        cols[1].write(format_count(int(row.links)))
        cols[2].write(format_count(int(row.articles)))
        cols[3].write(escape_markdown(str(row.types)))


def article_table(table: pd.DataFrame) -> str:
    """The articles as an HTML table that wraps long titles and sources: the title (the name
    when there is none, and as the title's hover), date and source."""
    rows = []
    for row in table.itertuples(index=False):
        day = row.date.date() if isinstance(row.date, datetime) else row.date
        cells = (
            f'<span title="{html.escape(str(row.article), quote=True)}">'
            f"{html.escape(article_title(row.article, row.title))}</span>",
            html.escape(str(day)) if isinstance(day, date) else "undated",
            html.escape(str(row.source)) if isinstance(row.source, str) and row.source else "",
        )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        '<table class="dm-articles" style="width:100%;border-collapse:collapse;font-size:0.9rem">'
        '<thead style="text-align:left"><tr><th>title</th><th>date</th><th>source</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
        "<style>.dm-articles td{border-top:1px solid #ddd;padding:4px 6px;vertical-align:top;"
        "overflow-wrap:break-word}.dm-articles th{padding:4px 6px}"
        ".dm-articles td:nth-child(2){white-space:nowrap}"
        ".dm-articles td:first-child{width:50%}</style>"
    )
