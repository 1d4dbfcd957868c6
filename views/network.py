"""The network page: actors as nodes, links as edges; one actor's ego network when focused."""

from __future__ import annotations

import streamlit as st

from corpus.filters import ego_links, filter_links
from figures import make_network
from figures.export import to_graphml, to_standalone_html
from views.state import get_names, get_session_corpus, get_spec, get_summary, get_view

EGO_KEY = "network_ego"


def render() -> None:
    """Draw the relation network (or the focus actor's ego network) and the table behind it."""
    st.header("Network")
    spec, names = get_spec(), get_names()
    view = get_view(spec)
    if spec.focus:
        who = names.get(spec.focus, spec.focus)
        if st.toggle("Also links among its partners (ego network)", value=True, key=EGO_KEY):
            corpus = get_session_corpus()
            others = filter_links(corpus.links, corpus.articles, spec.without_focus())
            view = type(view)(view.articles, view.mentions, ego_links(others, spec.focus))
        st.caption(f"Focused on {who} (set in the sidebar).")
    counts, pairs = get_summary(view)
    if pairs.empty:
        st.info("No links to show: loosen the filters in the sidebar, or add articles on Sources.")
        return
    fig = make_network(counts, pairs, names, focus=spec.focus)
    st.plotly_chart(fig, key="network")
    st.dataframe(
        pairs[["a", "b", "links", "articles", "types", "sentence", "article"]],
        hide_index=True,
        column_config={"sentence": st.column_config.TextColumn("top evidence", width="large")},
    )
    left, right = st.columns(2)
    left.download_button(
        "Download the network (GraphML)",
        data=lambda: to_graphml(counts, pairs, names),
        file_name="diplomap-network.graphml",
        mime="application/xml",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Download this network (HTML, opens offline)",
        data=lambda: to_standalone_html(fig, "Diplomap network"),
        file_name="diplomap-network.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
