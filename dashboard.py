"""Diplomap's Streamlit entry point: a frame and router over the pages in views/."""

from pathlib import Path

import streamlit as st

from views import icc, network, overview, worldmap

# A local icon: a Material icon name here would make the browser fetch the favicon from a CDN.
st.set_page_config(
    page_title="Diplomap",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)

pages = [
    st.Page(
        overview.render,
        title="Overview",
        url_path="overview",
        icon=":material/dashboard:",
        default=True,
    ),
    st.Page(worldmap.render, title="Map", url_path="map", icon=":material/public:"),
    st.Page(network.render, title="Network", url_path="network", icon=":material/hub:"),
    st.Page(icc.render, title="ICC", url_path="icc", icon=":material/gavel:"),
]
st.navigation(pages).run()
