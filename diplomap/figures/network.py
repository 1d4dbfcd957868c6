"""The relation network: actors as nodes sized by mentions, links as edges weighted by evidence."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from diplomap.figures.arcs import escape_html
from diplomap.figures.graphs import find_groups, name_groups, pack_components
from diplomap.figures.maps import classify_pairs, pair_hover
from diplomap.figures.placing import place_labels, separate_markers, spread_coincident
from diplomap.figures.style import BALANCE_COLOURS, BORDER, GROUP_COLOURS, GROUP_OTHER, LAND
from diplomap.figures.words import plural

LAYOUT_SEED = 7
# How the nodes are placed (the network page's `layout` URL parameter).
LAYOUTS = {"force": "Force-directed", "geo": "Geographic"}
# Edges are told apart by dash as well as by colour, so print and colour-blind readers can read them.
BALANCE_DASHES = {"cooperation": "solid", "conflict": "dash", "balanced": "dot"}
BALANCE_LABELS = {
    "cooperation": "more cooperation",
    "conflict": "more conflict",
    "balanced": "balanced or no class",
}
WIDTH_STEPS = 5
# Geographic layout: the part of the world a plate carrée view shows, and where unplaced actors go.
GEO_X, GEO_Y = (-170.0, 190.0), (-62.0, 84.0)
UNPLACED_Y = -57.0
NODE_COLOURS = {"country": "#4D4D4D", "bloc": "#4D4D4D"}  # the legend's kind keys
NODE_SYMBOLS = {"country": "circle", "bloc": "diamond"}
LABELLED = 15  # only the most mentioned nodes (and a ringed one) carry a label when more are drawn
NODE_LABELS = {"country": "country", "bloc": "bloc"}
NODE_LABELS_GEO = {"country": "country", "bloc": "bloc (at its seat)"}
LABEL_COLOUR = "#1A1A1A"  # node labels: dark, beside the node, readable on any node colour
PICKED = "#000000"
# Edge routing: the plot's height in pixels per layout, and the bends an edge may take (as a
# share of its length, to either side) to pass clear of nodes it does not join.
PLOT_HEIGHT = {"force": 510, "geo": 390}
GEO_WIDTH_PX = 800  # the geographic plot's width in a 1280 px window, about
FORCE_WIDTH_PX = 470  # the force layout's (beside its table), about
BENDS = (0.0, 0.18, -0.18, 0.32, -0.32, 0.5, -0.5)
CURVE_POINTS = 17


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
    """A seeded spring layout, so the picture stays put between reruns; the connected components
    packed beside the largest one (see :func:`graphs.pack_components`)."""
    return pack_components(graph)


def layout_force(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...]
) -> dict[str, tuple[float, float]]:
    """:func:`layout_graph` from plain tuples (hashable, so a caller can cache it)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges, weight="links")
    return layout_graph(graph)


def layout_geo(
    nodes: list[str], places: pd.DataFrame
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Nodes at their country's point or bloc's seat (x: longitude, y: latitude).

    Actors with no place are set in a row under the map; they are returned second.
    """
    at = places.drop_duplicates("code").set_index("code")[["lon", "lat"]]
    placed = {n: (float(at.at[n, "lon"]), float(at.at[n, "lat"])) for n in nodes if n in at.index}
    pos = spread_coincident(placed)
    unplaced = sorted(n for n in nodes if n not in pos)
    step = (GEO_X[1] - GEO_X[0] - 40) / max(len(unplaced), 1)
    for i, code in enumerate(unplaced):
        pos[code] = (GEO_X[0] + 20 + step * (i + 0.5), UNPLACED_Y)
    return pos, unplaced


def outline_land(geojson: dict[str, Any], step: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Every country's outer rings snapped to a `step`-degree grid, NaN between rings.

    A light backdrop for the geographic layout: a few thousand points instead of the tens of
    thousands the map pages draw.
    """
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    gap = np.array([np.nan])
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            ring = np.round(np.asarray(polygon[0], dtype=float) / step) * step
            keep = np.r_[True, np.any(np.diff(ring, axis=0) != 0, axis=1)]
            ring = ring[keep]
            if len(ring) < 4 or ring[:, 1].max() < GEO_Y[0] + 4:  # Antarctica: under the view
                continue
            xs += [ring[:, 0], gap]
            ys += [ring[:, 1], gap]
    if not xs:
        return np.array([]), np.array([])
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.float32)


def strongest_pairs(pairs: pd.DataFrame, most: int) -> pd.DataFrame:
    """The `most` pairs with the most evidence sentences (ties: the order they came in)."""
    if len(pairs) <= most:
        return pairs
    return pairs.sort_values("links", ascending=False, kind="stable").head(most)


def read_pick(points: list[dict[str, Any]]) -> str | None:
    """What a chart selection picked: a pair key ("CHN–RUS") or an actor code; None for nothing.

    Edges carry their pair key and nodes their code as the first item of ``customdata``.
    """
    for point in points or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if isinstance(data, str) and data:
            return data
    return None


def make_network(
    counts: pd.DataFrame,
    pairs: pd.DataFrame,
    names: dict[str, str],
    focus: str | None = None,
    *,
    links: pd.DataFrame | None = None,
    pos: dict[str, tuple[float, float]] | None = None,
    backdrop: tuple[np.ndarray, np.ndarray] | None = None,
    pick: str | None = None,
) -> go.Figure:
    """Nodes sized by mentions; edges coloured and dashed by their balance, as wide as their evidence.

    `links` give each pair's balance of cooperation and conflict; `pos` places the nodes (default:
    the seeded force layout); a `backdrop` (x, y outlines) makes a geographic layout. The `focus`
    actor has a thick black ring, and so has the `pick` (a node's code, or a pair key for an edge).
    """
    table = classify_pairs(pairs, links if links is not None else pd.DataFrame())
    linked = set(table["a"]) | set(table["b"])
    graph = build_graph(counts[counts["code"].isin(linked)], table)
    pos = round_positions(pos if pos is not None else layout_graph(graph))
    geographic = backdrop is not None
    ringed = {focus, pick} - {None}
    per_px = _data_per_px(pos, geographic)  # the map's is fixed: nudging below does not move it
    if geographic:  # markers that would overlap nudged apart (sized unringed: a pick moves none)
        unringed = dict(zip(graph.nodes, _node_sizes(graph, set()) / 2, strict=True))
        pos = round_positions(separate_markers(pos, unringed, per_px))
    sizes = _node_sizes(graph, ringed)
    radii = dict(zip(graph.nodes, sizes / 2, strict=True))
    routes = route_edges(table, pos, radii, PLOT_HEIGHT["geo" if geographic else "force"])
    fig = go.Figure()
    if backdrop is not None:
        fig.add_trace(_land(*backdrop))
    fig.add_traces(_edges(table, routes))
    if pick in set(table["key"]):
        fig.add_trace(_picked_edge(routes[pick]))
    fig.add_trace(_edge_points(table, routes, names))
    groups = find_groups(graph, {n: d["mentions"] for n, d in graph.nodes(data=True)})
    fig.add_trace(_nodes(graph, pos, names, ringed, groups, sizes, per_px))
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    labels = NODE_LABELS_GEO if geographic else NODE_LABELS
    fig.add_traces([_node_key(kind, labels[kind]) for kind in NODE_COLOURS if kind in kinds])
    fig.add_traces(_group_keys(groups, graph, names))
    _lay_out(fig, geographic=geographic)
    return fig


def route_edges(
    table: pd.DataFrame,
    pos: dict[str, tuple[float, float]],
    radii: dict[str, float],
    height_px: float,
) -> dict[str, np.ndarray]:
    """Each pair key's edge as points from its first node to its second: straight where that
    passes clear of every other node, else the first bend of BENDS (a quadratic curve) that does
    (the clearest one if none does). `radii` are the nodes' radii in pixels; `height_px` the
    plot's height, which the positions' vertical extent fills."""
    if table.empty or not pos:
        return {}
    codes = list(pos)
    xy = np.array([pos[c] for c in codes], dtype=float)
    span = float(np.ptp(xy[:, 1])) or float(np.ptp(xy[:, 0])) or 1.0
    per_px = span * 1.1 / height_px
    clear = np.array([(radii.get(c, 7.0) + 4.0) * per_px for c in codes])
    index = {c: i for i, c in enumerate(codes)}
    t = np.linspace(0.0, 1.0, CURVE_POINTS)[:, None]
    routes = {}
    for key, a, b in zip(table["key"], table["a"], table["b"], strict=True):
        p0, p1 = xy[index[a]], xy[index[b]]
        others = np.ones(len(codes), dtype=bool)
        others[[index[a], index[b]]] = False
        normal = np.array([p0[1] - p1[1], p1[0] - p0[0]])
        best, best_gap = None, -np.inf
        for bend in BENDS:
            control = (p0 + p1) / 2 + bend * normal
            curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * control + t**2 * p1
            gap = _clearance(curve, xy[others], clear[others])
            if gap >= 0:
                best = curve
                break
            if gap > best_gap:
                best, best_gap = curve, gap
        routes[key] = best if best is not None else np.array([p0, p1])
    return routes


def _clearance(curve: np.ndarray, nodes: np.ndarray, clear: np.ndarray) -> float:
    """How far a polyline passes outside the nodes' clear circles (negative: through one)."""
    if not len(nodes):
        return np.inf
    a, b = curve[:-1], curve[1:]
    d = b - a
    length = np.maximum((d**2).sum(axis=1), 1e-12)
    rel = nodes[:, None, :] - a[None, :, :]
    s = np.clip((rel * d[None]).sum(axis=2) / length[None], 0.0, 1.0)
    nearest = a[None] + s[..., None] * d[None]
    dist = np.sqrt(((nodes[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)
    return float((dist - clear).min())


def round_positions(
    pos: dict[str, tuple[float, float]], digits: int = 5
) -> dict[str, tuple[float, float]]:
    """Positions rounded to `digits` significant digits of the layout's extent: a tenth of a pixel
    on any screen, and a third of the characters a chart's JSON would otherwise spend on them."""
    if not pos:
        return pos
    xy = np.asarray(list(pos.values()), dtype=float)
    span = float(np.ptp(xy, axis=0).max()) or 1.0
    decimals = max(0, digits - 1 - int(np.floor(np.log10(span))))
    return {node: (round(x, decimals), round(y, decimals)) for node, (x, y) in pos.items()}


def _land(x: np.ndarray, y: np.ndarray) -> go.Scatter:
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        fill="toself",
        fillcolor=LAND,
        line={"color": BORDER, "width": 0.6},
        hoverinfo="skip",
        showlegend=False,
        name="land",
    )


def _edges(table: pd.DataFrame, routes: dict[str, np.ndarray]) -> list[go.Scatter]:
    """A few line traces: one per balance and width step, edges split by NaN."""
    if table.empty:
        return []
    top = max(int(table["links"].max()), 1)
    step = np.ceil(WIDTH_STEPS * table["links"].to_numpy() / top).clip(1, WIDTH_STEPS)
    gap = np.full((1, 2), np.nan)
    traces = []
    for balance in BALANCE_COLOURS:
        shown = False
        for width in range(1, WIDTH_STEPS + 1):
            group = table[(table["balance"] == balance) & (step == width)]
            if group.empty:
                continue
            points = np.concatenate([np.vstack([routes[k], gap]) for k in group["key"]])
            traces.append(
                go.Scatter(
                    x=points[:, 0],
                    y=points[:, 1],
                    mode="lines",
                    line={
                        "width": 1 + 1.5 * (width - 1),
                        "color": BALANCE_COLOURS[balance],
                        "dash": BALANCE_DASHES[balance],
                    },
                    opacity=0.7,
                    hoverinfo="skip",
                    name=BALANCE_LABELS[balance],
                    legendgroup=balance,
                    showlegend=not shown,
                )
            )
            shown = True
    return traces


def _picked_edge(route: np.ndarray) -> go.Scatter:
    return go.Scatter(
        x=route[:, 0],
        y=route[:, 1],
        mode="lines",
        line={"width": 5, "color": PICKED},
        hoverinfo="skip",
        showlegend=False,
        name="picked",
    )


def _edge_points(
    table: pd.DataFrame, routes: dict[str, np.ndarray], names: dict[str, str]
) -> go.Scatter:
    """Clear points at edge midpoints: they carry the evidence hover and can be clicked."""
    mid = [routes[k][len(routes[k]) // 2] for k in table["key"]]
    return go.Scatter(
        x=[float(m[0]) for m in mid],
        y=[float(m[1]) for m in mid],
        mode="markers",
        marker={"size": 12, "color": "rgba(0,0,0,0)"},
        selected={"marker": {"color": PICKED, "size": 10}},
        unselected={"marker": {"opacity": 0}},
        showlegend=False,
        customdata=list(table["key"]),
        text=[pair_hover(r, names) for r in table.itertuples(index=False)],
        hovertemplate="%{text}<br><i>Click for all its evidence.</i><extra></extra>",
        name="links",
    )


def _node_sizes(graph: nx.Graph, ringed: set[str]) -> np.ndarray:
    """Marker diameters in pixels: by mentions (square root), at least 30 for a ringed node."""
    nodes = list(graph.nodes(data=True))
    mentions = np.array([d["mentions"] for _, d in nodes], dtype=float)
    top = mentions.max() if len(mentions) and mentions.max() else 1.0
    sizes = 14 + 30 * np.sqrt(mentions / top)
    return np.where([n in ringed for n, _ in nodes], np.maximum(sizes, 30), sizes)


def _nodes(
    graph: nx.Graph,
    pos: dict[str, tuple[float, float]],
    names: dict[str, str],
    ringed: set[str],
    groups: dict[str, int],
    sizes: np.ndarray,
    per_px: float,
) -> go.Scatter:
    """The actors: markers coloured by group and shaped by kind (blocs: diamonds); the most
    mentioned labelled with their code in dark text beside them, above unless that side is taken
    (`place_labels`; `per_px`: data units per pixel), every name on hover."""
    nodes: list[Any] = list(graph.nodes(data=True))
    labelled = labelled_nodes(graph, ringed)
    texts = [n if n in labelled else "" for n, _ in nodes]
    sides = place_labels([pos[n] for n, _ in nodes], list(sizes), texts, per_px)
    hover = [
        f"<b>{escape_html(names.get(n, n))}</b> ({n})<br>{plural(d['mentions'], 'mention')} · "
        f"{plural(graph.degree(n), 'partner')}"
        for n, d in nodes
    ]
    return go.Scatter(
        x=[pos[n][0] for n, _ in nodes],
        y=[pos[n][1] for n, _ in nodes],
        mode="markers+text",
        text=texts,
        textposition=sides,
        textfont={"size": 11, "color": LABEL_COLOUR, "shadow": "auto"},
        marker={
            "size": sizes,
            "opacity": 1.0,  # plotly makes sized markers (bubbles) 0.7: edges would show through
            "color": [group_colour(groups.get(n, 0)) for n, _ in nodes],
            "symbol": [NODE_SYMBOLS.get(d["kind"], "circle") for _, d in nodes],
            "line": {
                "width": [4 if n in ringed else 1 for n, _ in nodes],
                "color": [PICKED if n in ringed else "white" for n, _ in nodes],
            },
        },
        unselected={"marker": {"opacity": 0.45}, "textfont": {"color": LABEL_COLOUR}},
        customdata=[[n, h] for (n, _), h in zip(nodes, hover, strict=True)],
        hovertemplate="%{customdata[1]}<br><i>Click for its evidence.</i><extra></extra>",
        showlegend=False,
        name="actors",
    )


def _data_per_px(pos: dict[str, tuple[float, float]], geographic: bool) -> float:
    """About how many data units a pixel of the plot spans: the map's degrees over the plot's
    width or height, whichever binds at a 1280 px window; for the force layout, its nodes' extent
    over the plot's width or height, whichever binds."""
    if geographic:
        return max((GEO_Y[1] - GEO_Y[0]) / PLOT_HEIGHT["geo"], (GEO_X[1] - GEO_X[0]) / GEO_WIDTH_PX)
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    tall = ((max(ys) - min(ys)) if ys else 0.0) * 1.1 / PLOT_HEIGHT["force"]
    wide = ((max(xs) - min(xs)) if xs else 0.0) * 1.1 / FORCE_WIDTH_PX
    return max(tall, wide) or 1.1 / PLOT_HEIGHT["force"]  # the square plot: the tighter side


def labelled_nodes(graph: nx.Graph, ringed: set[str], most: int = LABELLED) -> set[str]:
    """The nodes that carry a label: all of them when `most` or fewer are drawn, else the `most`
    most mentioned (and the ringed ones)."""
    if graph.number_of_nodes() <= most:
        return set(graph.nodes)
    ranked = sorted(graph.nodes(data=True), key=lambda nd: (-nd[1]["mentions"], nd[0]))
    return {n for n, _ in ranked[:most]} | (ringed & set(graph.nodes))


def group_colour(group: int) -> str:
    """A group's colour: one each for the first groups (by mentions), one for the rest."""
    return GROUP_COLOURS[group] if group < len(GROUP_COLOURS) else GROUP_OTHER


def _group_keys(groups: dict[str, int], graph: nx.Graph, names: dict[str, str]) -> list[go.Scatter]:
    """Legend entries naming each coloured group by its most mentioned members."""
    mentions = {n: d["mentions"] for n, d in graph.nodes(data=True)}
    named = name_groups(groups, mentions, names)
    keys = []
    for group, label in named.items():
        if group >= len(GROUP_COLOURS):
            others = len(named) - len(GROUP_COLOURS)
            label = f"{plural(others, 'smaller group')}"
        keys.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 11, "color": group_colour(group)},
                name=escape_html(label),
                legendgroup="groups",
                legendgrouptitle_text="Groups (community detection):" if not keys else None,
                hoverinfo="skip",
            )
        )
        if group >= len(GROUP_COLOURS):
            break
    return keys


def _node_key(kind: str, label: str) -> go.Scatter:
    """A legend entry for a kind of node (its marker's shape)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={"size": 11, "color": NODE_COLOURS[kind], "symbol": NODE_SYMBOLS[kind]},
        name=label,
        legendgroup="kinds",
        hoverinfo="skip",
    )


def _lay_out(fig: go.Figure, geographic: bool) -> None:
    if geographic:
        fig.update_xaxes(visible=False, range=list(GEO_X))
        fig.update_yaxes(visible=False, range=list(GEO_Y), scaleanchor="x", scaleratio=1)
        title = "Relation network on the map (size: mentions; width: evidence sentences)"
        height = 520
    else:
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False, scaleanchor="x")
        title = "Relation network (node size: mentions; edge width: evidence sentences)"
        height = 640
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 90},
        plot_bgcolor="white",
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.01,
            "x": 0.01,
            "font": {"size": 12},
            "tracegroupgap": 4,
        },
        clickmode="event+select",
        dragmode="pan",
        hovermode="closest",
        uirevision="network",
    )
