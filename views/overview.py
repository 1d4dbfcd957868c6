"""The overview page: what the corpus holds, and where to look next."""

from __future__ import annotations

import streamlit as st

from views.state import get_corpus, get_names, get_summary


def render() -> None:
    """Corpus size, links by type and the strongest pairs."""
    st.header("Diplomap")
    st.write(
        "Countries and blocs the news mentions, the links between them, and each link's evidence "
        "sentence. Showing the seed corpus shipped with Diplomap."
    )
    corpus = get_corpus()
    counts, pairs = get_summary()
    cols = st.columns(4)
    cols[0].metric("Articles", len(corpus.articles))
    cols[1].metric("Countries", int((counts["kind"] == "country").sum()))
    cols[2].metric("Blocs", int((counts["kind"] == "bloc").sum()))
    cols[3].metric("Linked pairs", len(pairs))
    if pairs.empty:
        st.info("No links yet. Add articles with `diplomap extract PATH` to see what they relate.")
        return
    names = get_names()
    left, right = st.columns([1, 2])
    by_type = corpus.links.groupby("type").size().rename("sentences").sort_values(ascending=False)
    left.subheader("Links by type")
    left.dataframe(by_type, column_config={"type": "type"})
    right.subheader("Strongest pairs")
    top = pairs.head(10).assign(
        pair=lambda t: (
            t["a"].map(lambda c: names.get(c, c)) + " – " + t["b"].map(lambda c: names.get(c, c))
        )
    )
    right.dataframe(top[["pair", "links", "articles", "types"]], hide_index=True)
    st.subheader("Articles")
    st.dataframe(corpus.articles[["article", "title", "date", "source"]], hide_index=True)
