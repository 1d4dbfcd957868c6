"""The network page: actors as nodes, links as edges."""

from __future__ import annotations

import streamlit as st

from figures import make_network
from views.state import get_names, get_summary


def render() -> None:
    """Draw the relation network and the table behind it."""
    st.header("Network")
    counts, pairs = get_summary()
    if pairs.empty:
        st.info("No links yet: the corpus has no sentence relating two actors.")
        return
    st.plotly_chart(make_network(counts, pairs, get_names()), key="network")
    st.dataframe(
        pairs[["a", "b", "links", "articles", "types", "sentence", "article"]],
        hide_index=True,
        column_config={"sentence": st.column_config.TextColumn("top evidence", width="large")},
    )
