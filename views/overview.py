"""The overview page: what the corpus holds, and where to look next."""

from __future__ import annotations

import streamlit as st

from corpus.filters import QUADS
from figures.timeline import count_by_day, make_timeline
from views.state import ADDED_KEY, get_names, get_summary, get_view


def render() -> None:
    """Corpus size, links by type and the strongest pairs."""
    st.header("Diplomap")
    added = st.session_state.get(ADDED_KEY)
    extra = (
        f", plus {len(added.articles)} articles you added (Sources)" if added is not None else ""
    )
    st.write(
        "Countries and blocs the news mentions, the links between them, and each link's evidence "
        f"sentence. Showing the seed corpus shipped with Diplomap{extra}, through the sidebar's "
        "filters."
    )
    corpus = get_view()
    counts, pairs = get_summary(corpus)
    cols = st.columns(4)
    cols[0].metric("Articles", len(corpus.articles))
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
    by_type = corpus.links.groupby("type").size().rename("sentences").sort_values(ascending=False)
    left.subheader("Links by type")
    left.dataframe(by_type, column_config={"type": "type"})
    by_quad = corpus.links["quad"].map(QUADS).value_counts().rename("sentences")
    left.subheader("Cooperation / conflict")
    left.dataframe(by_quad.rename_axis("class"))
    right.subheader("Strongest pairs")
    top = pairs.head(10).assign(
        pair=lambda t: (
            t["a"].map(lambda c: names.get(c, c)) + " – " + t["b"].map(lambda c: names.get(c, c))
        )
    )
    right.dataframe(top[["pair", "links", "articles", "types"]], hide_index=True)
    by_day = count_by_day(corpus.links, corpus.articles)
    if by_day["day"].nunique() > 1:  # one date makes no timeline
        st.plotly_chart(make_timeline(by_day), key="timeline")
    st.subheader("Articles")
    st.dataframe(corpus.articles[["article", "title", "date", "source"]], hide_index=True)
