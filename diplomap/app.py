"""Diplomap's Streamlit app: a frame and router over the pages in `diplomap.views`.

`dashboard.py` at the top of the repository runs it (the Streamlit entry file). `diplomap serve`
runs this file itself, beside the package's `static/`, so an installed wheel serves the same app.
"""

from __future__ import annotations

from importlib.resources import files

import streamlit as st

from diplomap.views import evidence, icc, network, overview, sources, worldmap
from diplomap.views.filters import drop_page_params, keep_filters, render_filters, render_view_link
from diplomap.views.state import show_page_notices


def list_pages() -> list[st.Page]:
    """The pages, in the sidebar's order; Overview is the default."""
    return [
        st.Page(overview.render, title="Overview", icon=":material/dashboard:", default=True),
        st.Page(worldmap.render, title="Map", url_path="map", icon=":material/public:"),
        st.Page(network.render, title="Network", url_path="network", icon=":material/hub:"),
        st.Page(icc.render, title="ICC", url_path="icc", icon=":material/gavel:"),
        st.Page(
            evidence.render, title="Evidence", url_path="evidence", icon=":material/format_quote:"
        ),
        st.Page(sources.render, title="Sources", url_path="sources", icon=":material/article:"),
        # The default page lives at `/`; `/overview` is the same page, so a link to it works too.
        st.Page(overview.render, title="Overview", url_path="overview", visibility="hidden"),
    ]


def run_app() -> None:
    """Draw the frame, route to the page the URL names, then the copy-link."""
    # A local icon: a Material icon name here would make the browser fetch it from a CDN.
    st.set_page_config(
        page_title="Diplomap",
        page_icon=str(files("diplomap") / "static" / "favicon.png"),
        layout="wide",
    )
    page = st.navigation(list_pages())
    if page.url_path == "sources":
        keep_filters()  # the Sources page lists every article, whatever the filters
    else:
        render_filters()  # shared by the other pages, kept in the URL
    # Page-own URL parameters (evidence's pair and article, the map's shading, the ICC date) stay
    # on their page.
    own = {
        "evidence": evidence.URL_PARAMS,
        "map": worldmap.URL_PARAMS,
        "network": network.URL_PARAMS,
        "icc": icc.URL_PARAMS,
    }
    drop_page_params(own.get(page.url_path, ()), tuple(p for ps in own.values() for p in ps))
    notices = st.container()  # above the page: what it could not use of the address
    page.run()
    show_page_notices(notices)
    render_view_link()  # after the page, so its own URL options are in the link


if __name__ == "__main__":  # `streamlit run` runs its file as __main__
    run_app()
