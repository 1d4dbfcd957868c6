"""The relation network at any size: which actors and pairs to draw, where, in which group.

Pure functions on the tables the pages already have (``counts``: code, mentions, kind; ``pairs``: a,
b, links, ...): the strongest actors and pairs, a force layout with the connected components
packed beside the largest one, groups found by community detection, and the most central actors.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx
import numpy as np
import pandas as pd

LAYOUT_SEED = 7
STRIP = 0.3  # the width of the column the smaller components are packed in (the main one: 1 x 1)
GAP = 0.06  # between the main component and that column, and between the packed components


def actor_strength(pairs: pd.DataFrame) -> pd.Series:
    """Each actor's evidence sentences over all its pairs (its weighted degree), strongest first."""
    if pairs.empty:
        return pd.Series(dtype=int)
    both = pd.concat(
        [pairs[["a", "links"]].rename(columns={"a": "code"}), pairs[["b", "links"]].rename(
            columns={"b": "code"})]
    )  # fmt: skip
    strength = both.groupby("code")["links"].sum().astype(int)
    order = sorted(strength.index, key=lambda c: (-strength[c], c))
    return strength.loc[order]


def select_network(
    pairs: pd.DataFrame, actors: int | None, per_actor: int = 3, keep: Collection[str] = ()
) -> pd.DataFrame:
    """The pairs to draw: among the `actors` strongest actors (with those in `keep`), the
    ``per_actor * actors`` pairs with the most evidence. `actors=None` draws every pair."""
    if actors is None or pairs.empty:
        return pairs
    strength = actor_strength(pairs)
    if len(strength) <= actors:
        chosen = set(strength.index)
    else:
        chosen = set(strength.index[:actors]) | (set(keep) & set(strength.index))
    among = pairs[pairs["a"].isin(chosen) & pairs["b"].isin(chosen)]
    most = per_actor * max(actors, len(chosen))
    return among.sort_values("links", ascending=False, kind="stable").head(most)


def pack_components(graph: nx.Graph, k_scale: float = 1.2) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of each connected component, packed: the largest fills the unit
    square, the others sit in a column to its right (smaller boxes, largest first, wrapping into
    more columns), so one outlier never shrinks the rest."""
    if graph.number_of_nodes() == 0:
        return {}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    pos = _fit(_spring(graph.subgraph(parts[0]), k_scale), (0.0, 0.0, 1.0, 1.0))
    rest = parts[1:]
    if not rest:
        return pos
    rows = max(1, min(len(rest), 6))
    cell = (1.0 - GAP * (rows - 1)) / rows
    width = min(STRIP, cell * 1.6)
    for i, part in enumerate(rest):
        column, row = divmod(i, rows)
        x0 = 1.0 + GAP + column * (width + GAP)
        y1 = 1.0 - row * (cell + GAP)
        box = (x0, y1 - cell, x0 + width, y1)
        pos.update(_fit(_spring(graph.subgraph(part), k_scale), box))
    return pos


def _spring(graph: nx.Graph, k_scale: float) -> dict[str, tuple[float, float]]:
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(graph.nodes)
        return {a: (-1.0, 0.0), b: (1.0, 0.0)}
    # Pull by the log of the evidence: at scale the strongest pairs would otherwise collapse.
    weighted = nx.Graph()
    weighted.add_nodes_from(sorted(graph.nodes))
    weighted.add_weighted_edges_from(
        (a, b, 1.0 + np.log1p(d.get("links", 1))) for a, b, d in graph.edges(data=True)
    )
    pos = nx.spring_layout(weighted, seed=LAYOUT_SEED, k=k_scale / np.sqrt(n))
    return _turn_wide(pos)


def _turn_wide(pos: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """`pos` turned so its widest spread lies along x: a force layout has no up, and a chart is
    wider than tall, so a layout that came out tall would leave half the chart empty. Turned onto
    its principal axes, each axis pointed so its farthest node is on the positive side (so the
    picture does not mirror with the linear algebra library), and x and y swapped if the extent
    is still taller than wide."""
    xy = np.array(list(pos.values()), dtype=float)
    xy -= xy.mean(axis=0)
    _, _, axes = np.linalg.svd(xy, full_matrices=False)
    turned = xy @ axes.T
    far = turned[np.abs(turned).argmax(axis=0), [0, 1]]
    turned *= np.where(far < 0, -1.0, 1.0)
    if np.ptp(turned[:, 1]) > np.ptp(turned[:, 0]):
        turned = turned[:, ::-1]
    return {node: (float(x), float(y)) for node, (x, y) in zip(pos, turned, strict=True)}


def _fit(
    pos: dict[str, tuple[float, float]], box: tuple[float, float, float, float]
) -> dict[str, tuple[float, float]]:
    """`pos` scaled (keeping its aspect) and centred into `box` (x0, y0, x1, y1)."""
    xy = np.array(list(pos.values()), dtype=float)
    low, span = xy.min(axis=0), np.ptp(xy, axis=0)
    width, height = box[2] - box[0], box[3] - box[1]
    scale = min(width / span[0] if span[0] else np.inf, height / span[1] if span[1] else np.inf)
    scale = 1.0 if not np.isfinite(scale) else scale
    centre = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
    placed = (xy - low - span / 2) * scale + centre
    return {node: (float(x), float(y)) for node, (x, y) in zip(pos, placed, strict=True)}


def find_groups(graph: nx.Graph, mentions: dict[str, int]) -> dict[str, int]:
    """Each node's group (Louvain communities on the evidence weights, seeded): 0 is the group
    with the most mentions, then 1... Nodes of one group are linked more among themselves."""
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph.nodes, 0)
    found = nx.community.louvain_communities(graph, weight="links", seed=LAYOUT_SEED)
    ranked = sorted(found, key=lambda g: (-sum(mentions.get(n, 0) for n in g), min(g)))
    return {node: i for i, group in enumerate(ranked) for node in group}


def name_groups(
    groups: dict[str, int], mentions: dict[str, int], names: dict[str, str], members: int = 3
) -> dict[int, str]:
    """Each group's name: its `members` most mentioned actors ("United States, Iraq, Iran")."""
    by_group: dict[int, list[str]] = {}
    for node, group in groups.items():
        by_group.setdefault(group, []).append(node)
    named = {}
    for group, nodes in sorted(by_group.items()):
        top = sorted(nodes, key=lambda n: (-mentions.get(n, 0), names.get(n, n)))
        label = ", ".join(names.get(n, n) for n in top[:members])
        named[group] = label + (f" and {len(top) - members} more" if len(top) > members else "")
    return named


def rank_centrality(pairs: pd.DataFrame, most: int = 15) -> pd.DataFrame:
    """The `most` central actors of the pairs' network: ``code``, ``partners`` (degree),
    ``evidence`` (strength: evidence sentences over its pairs) and ``betweenness`` (the share of
    shortest paths between other actors that pass through it, unweighted), by partners, then
    evidence."""
    columns = ["code", "partners", "evidence", "betweenness"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        zip(pairs["a"], pairs["b"], pairs["links"].astype(int), strict=True), weight="links"
    )
    between = nx.betweenness_centrality(graph, normalized=True)
    table = pd.DataFrame(
        {
            "code": list(graph.nodes),
            "partners": [graph.degree(n) for n in graph.nodes],
            "evidence": [graph.degree(n, weight="links") for n in graph.nodes],
            "betweenness": [round(between[n], 3) for n in graph.nodes],
        }
    )
    table = table.sort_values(
        ["partners", "evidence", "code"], ascending=[False, False, True], ignore_index=True
    )
    return table.head(most)[columns]
