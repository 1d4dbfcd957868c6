"""Downloads built from the tables and figures: CSV, JSON, GraphML and standalone HTML."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from figures.network import build_graph

# plotly.js reads base-map topojson from window.PlotlyGeoAssets before it fetches anything: an empty
# topology is enough, since every shape comes from our own GeoJSON (see the maps-offline notes).
GEO_STUB = (
    '<script>window.PlotlyGeoAssets={topojson:{world_110m:{"type":"Topology","objects":{},'
    '"arcs":[]}}};</script>'
)


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
    """A figure as one HTML file with plotly.js inlined, that draws from disk with no network."""
    page = fig.to_html(
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "scrollZoom": False},
    )
    head = f"<title>{_escape(title)}</title>{GEO_STUB}"
    return page.replace("<head>", "<head>" + head, 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
