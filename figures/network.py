"""The relation network: actors as nodes sized by mentions, links as edges weighted by evidence."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from figures.maps import pair_hover
from figures.style import LINK_COLOURS

LAYOUT_SEED = 7


def build_graph(counts: pd.DataFrame, pairs: pd.DataFrame) -> nx.Graph:
    """An undirected graph: node attribute `mentions`, edge attributes from the pairs table."""
    graph = nx.Graph()
    for row in counts.itertuples(index=False):
        graph.add_node(row.code, mentions=int(row.mentions), kind=row.kind)
    for row in pairs.itertuples(index=False):
        for code in (row.a, row.b):
            if code not in graph:
                graph.add_node(code, mentions=0, kind="")
        graph.add_edge(row.a, row.b, links=int(row.links), top_type=row.top_type)
    return graph


def layout_graph(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """A seeded spring layout, so the picture stays put between reruns."""
    if graph.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(
        graph, seed=LAYOUT_SEED, weight="links", k=1.2 / np.sqrt(graph.number_of_nodes())
    )
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}


def make_network(
    counts: pd.DataFrame, pairs: pd.DataFrame, names: dict[str, str], focus: str | None = None
) -> go.Figure:
    """Nodes sized by mentions, edges coloured by their main link type and as wide as their evidence.

    A `focus` actor is drawn with a thick black ring.
    """
    linked = set(pairs["a"]) | set(pairs["b"])
    graph = build_graph(counts[counts["code"].isin(linked)], pairs)
    pos = layout_graph(graph)
    fig = go.Figure()
    top = max([d["links"] for *_, d in graph.edges(data=True)], default=1)
    for row in pairs.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[row.a], pos[row.b]
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={
                    "width": 1 + 7 * row.links / top,
                    "color": LINK_COLOURS.get(row.top_type, "#999"),
                },
                opacity=0.75,
            )
        )
    fig.add_trace(_edge_hover(pairs, pos, names))
    fig.add_trace(_nodes(graph, pos, names, focus))
    for link_type, colour in LINK_COLOURS.items():
        if link_type in set(pairs["top_type"]):
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="lines",
                    line={"color": colour, "width": 4},
                    name=link_type,
                    showlegend=True,
                )
            )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    fig.update_layout(
        title={
            "text": "Relation network (node size: mentions; edge width: evidence sentences)",
            "x": 0.01,
            "font": {"size": 15},
        },
        height=600,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.02},
    )
    return fig


def _edge_hover(
    pairs: pd.DataFrame, pos: dict[str, tuple[float, float]], names: dict[str, str]
) -> go.Scatter:
    """Invisible points at edge midpoints that carry the evidence hover."""
    mids = [
        ((pos[r.a][0] + pos[r.b][0]) / 2, (pos[r.a][1] + pos[r.b][1]) / 2)
        for r in pairs.itertuples()
    ]
    return go.Scatter(
        x=[m[0] for m in mids],
        y=[m[1] for m in mids],
        mode="markers",
        marker={"size": 10, "color": "rgba(0,0,0,0.01)"},
        showlegend=False,
        text=[pair_hover(r, names) for r in pairs.itertuples(index=False)],
        hovertemplate="%{text}<extra></extra>",
        name="evidence",
    )


def _nodes(
    graph: nx.Graph, pos: dict[str, tuple[float, float]], names: dict[str, str], focus: str | None
) -> go.Scatter:
    nodes: list[Any] = list(graph.nodes(data=True))
    mentions = np.array([d["mentions"] for _, d in nodes], dtype=float)
    sizes = 14 + 36 * np.sqrt(mentions / mentions.max()) if len(mentions) and mentions.max() else []
    if focus is not None and len(sizes):
        sizes = np.where([n == focus for n, _ in nodes], np.maximum(sizes, 34), sizes)
    return go.Scatter(
        x=[pos[n][0] for n, _ in nodes],
        y=[pos[n][1] for n, _ in nodes],
        mode="markers+text",
        text=[n for n, _ in nodes],
        textposition="middle center",
        textfont={"size": 11, "color": "white"},
        marker={
            "size": sizes,
            "color": ["#444444" if d["kind"] == "bloc" else "#0072B2" for _, d in nodes],
            "line": {
                "width": [4 if n == focus else 1 for n, _ in nodes],
                "color": ["#000000" if n == focus else "white" for n, _ in nodes],
            },
        },
        customdata=[[names.get(n, n), d["mentions"], graph.degree(n)] for n, d in nodes],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} mentions · %{customdata[2]} partners"
        "<extra></extra>",
        showlegend=False,
        name="actors",
    )
