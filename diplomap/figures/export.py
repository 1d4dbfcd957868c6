"""Downloads built from the tables and figures: CSV, JSON, GraphML and standalone HTML."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from diplomap.figures.network import build_graph
from diplomap.geo.countries import read_topojson

# plotly.js takes a geo subplot's base map from window.PlotlyGeoAssets.topojson[<name>] when it is
# there, and fetches <topojsonURL><name>.json only when it is not: the page carries ours inline.
GEO_ASSETS = "<script>window.PlotlyGeoAssets={{topojson:{{world_110m:{topology}}}}};</script>"


def to_csv(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV."""
    return table.to_csv(index=False).encode("utf-8")


def to_json(table: pd.DataFrame) -> bytes:
    """A table as a JSON array of objects; dates as ISO strings."""
    records = table.to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=1, default=_plain).encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def to_graphml(counts: pd.DataFrame, pairs: pd.DataFrame, names: dict[str, str]) -> bytes:
    """The relation network as GraphML: nodes with name, kind and mentions; edges with evidence."""
    graph = build_graph(counts, pairs)
    for code, data in graph.nodes(data=True):
        data["name"] = names.get(code, code)
    for row in pairs.itertuples(index=False):
        graph.edges[row.a, row.b].update(
            articles=int(row.articles), types=str(row.types), sentence=str(row.sentence)
        )
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def to_standalone_html(fig: go.Figure, title: str = "Diplomap") -> str:
    """A figure as one HTML file with plotly.js and the base map inlined, that draws from disk with
    no network."""
    page = fig.to_html(
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "scrollZoom": False},
    )
    head = f"<title>{_escape(title)}</title>{geo_assets()}"
    return page.replace("<head>", "<head>" + head, 1)


def geo_assets() -> str:
    """The script that hands plotly.js our base-map topology before it plots (no fetch)."""
    topology = read_topojson().strip().replace("</", "<\\/")
    return GEO_ASSETS.format(topology=topology)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
