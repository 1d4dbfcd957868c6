"""Diplomap's Streamlit entry point: a frame and router over the pages in views/."""

from pathlib import Path

import streamlit as st

from views import evidence, icc, network, overview, sources, worldmap
from views.filters import drop_page_params, keep_filters, render_filters, render_view_link

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
        icon=":material/dashboard:",
        default=True,
    ),
    st.Page(worldmap.render, title="Map", url_path="map", icon=":material/public:"),
    st.Page(network.render, title="Network", url_path="network", icon=":material/hub:"),
    st.Page(icc.render, title="ICC", url_path="icc", icon=":material/gavel:"),
    st.Page(evidence.render, title="Evidence", url_path="evidence", icon=":material/format_quote:"),
    st.Page(sources.render, title="Sources", url_path="sources", icon=":material/article:"),
    # The default page lives at `/`; `/overview` is the same page, so a link to it works too.
    st.Page(overview.render, title="Overview", url_path="overview", visibility="hidden"),
]
page = st.navigation(pages)
if page.url_path == "sources":
    keep_filters()  # the Sources page lists every article, whatever the filters
else:
    render_filters()  # shared by the other pages, kept in the URL
# Page-own URL parameters (the evidence page's pair and article, the map's shading) stay on their page.
own = {"evidence": evidence.URL_PARAMS, "map": worldmap.URL_PARAMS, "network": network.URL_PARAMS}
own["icc"] = icc.URL_PARAMS  # the ICC page's date
drop_page_params(own.get(page.url_path, ()), tuple(p for ps in own.values() for p in ps))
page.run()
render_view_link()  # after the page, so its own URL options are in the link
