"""The overview page: what the corpus holds, and where to look next."""

from __future__ import annotations

import streamlit as st

from corpus.filters import QUADS
from figures.highlight import escape_markdown
from figures.timeline import make_timeline
from views.state import (
    describe_corpus,
    get_added,
    get_article_count,
    get_article_list,
    get_by_day,
    get_link_counts,
    get_names,
    get_spec,
    get_summary,
    show_notice,
)

ARTICLES_SHOWN = 1000  # rows of the articles table; the count above it says how many there are


def render() -> None:
    """Corpus size, links by type and the strongest pairs."""
    st.header("Diplomap")
    added = get_added()
    extra = (
        f", plus {len(added.articles)} articles you added (Sources)" if added is not None else ""
    )
    st.write(
        "Countries and blocs the news mentions, the links between them, and each link's evidence "
        f"sentence. Showing {escape_markdown(describe_corpus())}{extra}, through the sidebar's "
        "filters."
    )
    spec = get_spec()
    counts, pairs = get_summary()
    articles = get_article_count(spec)
    show_notice()
    cols = st.columns(4)
    cols[0].metric("Articles", articles)
    cols[1].metric("Countries", int((counts["kind"] == "country").sum()))
    cols[2].metric("Blocs", int((counts["kind"] == "bloc").sum()))
    cols[3].metric("Linked pairs", len(pairs))
    if pairs.empty:
        st.info(
            "No links to show. Loosen the filters in the sidebar, or add articles on the Sources "
            "page to see what they relate."
        )
        return
    names = get_names()
    left, right = st.columns([1, 2])
    # Small tables are plain HTML tables: a data grid each would cost the browser more than the chart.
    left.subheader("Links by type")
    left.table(get_link_counts("type", spec).rename("sentences"))
    by_quad = get_link_counts("quad", spec).rename(index=QUADS).rename("sentences")
    left.subheader("Cooperation / conflict")
    left.table(by_quad.rename_axis("class"))
    right.subheader("Strongest pairs")
    top = pairs.head(10).assign(
        pair=lambda t: (
            t["a"].map(lambda c: names.get(c, c)) + " – " + t["b"].map(lambda c: names.get(c, c))
        )
    )
    right.table(top[["pair", "links", "articles", "types"]].set_index("pair"))
    by_day = get_by_day(spec)
    if by_day["day"].nunique() > 1:  # one date makes no timeline
        st.plotly_chart(make_timeline(by_day), key="timeline")
    st.subheader("Articles")
    if articles > ARTICLES_SHOWN:
        st.caption(f"The first {ARTICLES_SHOWN:,} of {articles:,} articles, in the order stored.")
    table = get_article_list(spec, ARTICLES_SHOWN)
    st.dataframe(table[["article", "title", "date", "source"]], hide_index=True)
