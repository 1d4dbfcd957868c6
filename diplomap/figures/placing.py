"""Where the network's nodes and labels go, so that none hides another: places that nearly coincide
set apart (the geographic layout), and each label put on the side of its node that is free."""

from __future__ import annotations

import numpy as np

# Places closer than NEAR degrees (the EU in Brussels, the ICC in The Hague: 1.2 degrees) would draw
# one node over the other: they are set APART degrees apart, round their middle.
NEAR, APART = 2.0, 10.0
ROTATIONS = 12  # turns of such a circle tried, to keep its nodes off other places


def spread_coincident(
    pos: dict[str, tuple[float, float]], near: float = NEAR, apart: float = APART
) -> dict[str, tuple[float, float]]:
    """The positions with each cluster of places closer than `near` (chained) set on a circle
    around its middle, neighbours `apart` degrees apart, in the order they stand round it: the first
    due west (a pair side by side, so their labels stay apart) unless that brings one within twice
    `near` of another place: then the circle turns to keep its nodes farthest from the others.
    The rest kept."""
    out = dict(pos)
    for group in _cluster_places(pos, near):
        others = [out[c] for c in out if c not in group]
        mid_x = float(np.mean([pos[c][0] for c in group]))
        mid_y = float(np.mean([pos[c][1] for c in group]))
        # Round the circle in the order the places stand round their middle (ties by code).
        group.sort(key=lambda c: (np.arctan2(pos[c][1] - mid_y, pos[c][0] - mid_x), c))
        radius = apart / (2 * float(np.sin(np.pi / len(group))))
        best: dict[str, tuple[float, float]] = {}
        best_room = 0.0
        for turn in range(ROTATIONS * len(group)):  # the whole circle: each node at each spot
            start = np.pi + 2 * np.pi * turn / (ROTATIONS * len(group))
            spots = {
                c: (
                    mid_x + radius * float(np.cos(start + 2 * np.pi * k / len(group))),
                    mid_y + radius * float(np.sin(start + 2 * np.pi * k / len(group))),
                )
                for k, c in enumerate(group)
            }
            gap = min(
                (np.hypot(x - u, y - v) for x, y in spots.values() for u, v in others),
                default=np.inf,
            )
            room = round(float(min(gap, 2 * near)), 6)  # room enough: the first turn wins
            if not best or room > best_room:
                best, best_room = spots, room
        out.update(best)
    return out


def _cluster_places(pos: dict[str, tuple[float, float]], near: float) -> list[list[str]]:
    """The groups of two or more codes whose places are closer than `near`, chained."""
    codes = sorted(pos)
    parent = {c: c for c in codes}

    def root(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    for i, x in enumerate(codes):
        for y in codes[i + 1 :]:
            if np.hypot(pos[x][0] - pos[y][0], pos[x][1] - pos[y][1]) < near:
                parent[root(y)] = root(x)
    groups: dict[str, list[str]] = {}
    for c in codes:
        groups.setdefault(root(c), []).append(c)
    return [g for g in groups.values() if len(g) > 1]


GAP_PX = 2.0  # the room kept between two markers
NUDGES = 80  # rounds of pushing overlapping markers apart, at most
# How far a marker may be pushed from its place: its own radius and this many pixels more. A
# crowd (Europe with every actor drawn) stays crowded rather than spread far from its places.
REACH_PX = 12.0


def separate_markers(
    pos: dict[str, tuple[float, float]], radii: dict[str, float], per_px: float
) -> dict[str, tuple[float, float]]:
    """The positions with markers that would overlap (`radii` in pixels, `per_px` data units per
    pixel) pushed apart along the line between their centres, each pair's overlap shared so that
    the bigger marker moves less, until none overlaps (or NUDGES rounds), none further than its
    radius and REACH_PX from its place. Markers that do not touch keep their places."""
    codes = sorted(c for c in pos if c in radii)
    if len(codes) < 2:
        return dict(pos)
    xy = np.array([pos[c] for c in codes], dtype=float) / per_px
    r = np.array([radii[c] for c in codes], dtype=float)
    need = r[:, None] + r[None, :] + GAP_PX
    np.fill_diagonal(need, 0.0)
    area = r**2
    home, reach = xy.copy(), r + REACH_PX
    share = area[None, :] / (area[:, None] + area[None, :])  # of a pair's overlap, i's part
    for _ in range(NUDGES):
        apart = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(apart[..., 0], apart[..., 1])
        over = np.clip(need - dist, 0.0, None)
        if over.max() < 0.5:
            break
        same = dist < 1e-9  # one on another: the earlier code goes west
        apart[same] = np.array([-1.0, 0.0])
        apart[np.tril(same)] = np.array([1.0, 0.0])
        unit = apart / np.maximum(dist, 1e-9)[..., None]
        unit[same] = apart[same]
        xy += 0.5 * ((over * share)[..., None] * unit).sum(axis=1)
        shift = xy - home
        length = np.hypot(shift[:, 0], shift[:, 1])
        cut = length > reach
        xy[cut] = home[cut] + shift[cut] * (reach[cut] / length[cut])[:, None]
    out = dict(pos)
    out.update(
        {c: (float(x * per_px), float(y * per_px)) for c, (x, y) in zip(codes, xy, strict=True)}
    )
    return out


# Where a label may stand by its node, in the order tried, as plotly names them, with the direction
# of its box's centre from the node's (x right, y up).
LABEL_SIDES = {
    "top center": (0.0, 1.0),
    "bottom center": (0.0, -1.0),
    "middle right": (1.0, 0.0),
    "middle left": (-1.0, 0.0),
    "top right": (1.0, 1.0),
    "top left": (-1.0, 1.0),
    "bottom right": (1.0, -1.0),
    "bottom left": (-1.0, -1.0),
}
CHAR_PX, LINE_PX = 7.5, 14.0  # a label's box: per character of its 11 px font, and its height
PAD_PX = 3.0  # the room kept round a label's box
HALF_PX = LINE_PX / 2 + PAD_PX  # half a label box's height, its room included


def place_labels(
    points: list[tuple[float, float]], sizes: list[float], labels: list[str], per_px: float
) -> list[str]:
    """Each label's side of its node (LABEL_SIDES), the biggest nodes first: the first side whose
    box covers no node and no label placed before it, else the side that covers least. `points`
    in data units, `sizes` the markers' diameters in pixels, `per_px` data units per pixel."""
    xy = np.asarray(points, dtype=float).reshape(-1, 2) / per_px  # in pixels from here on
    radii = np.asarray(sizes, dtype=float) / 2
    boxes: list[tuple[float, float, float, float]] = []
    sides = ["top center"] * len(labels)
    for i in sorted(range(len(labels)), key=lambda k: -radii[k]):
        if not labels[i]:
            continue
        width, tried = CHAR_PX * len(labels[i]) + 2 * PAD_PX, []
        for side, (dx, dy) in LABEL_SIDES.items():
            cx = xy[i, 0] + dx * (radii[i] + width / 2 + 2)
            cy = xy[i, 1] + dy * (radii[i] + LINE_PX / 2 + 1)
            box = (cx - width / 2, cy - HALF_PX, cx + width / 2, cy + HALF_PX)
            tried.append((_measure_cover(box, xy, radii, boxes, i), side, box))
            if tried[-1][0] == 0.0:
                break
        _, sides[i], box = min(tried, key=lambda t: t[0])
        boxes.append(box)
    return sides


def _measure_cover(
    box: tuple[float, float, float, float],
    xy: np.ndarray,
    radii: np.ndarray,
    boxes: list[tuple[float, float, float, float]],
    own: int,
) -> float:
    """How much of other nodes (as squares round their circles) and placed labels a box covers,
    in square pixels."""
    nodes = sum(
        _measure_overlap(box, (x - r, y - r, x + r, y + r))
        for k, ((x, y), r) in enumerate(zip(xy, radii, strict=True))
        if k != own
    )
    return nodes + sum(_measure_overlap(box, other) for other in boxes)


def _measure_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The area two boxes (x0, y0, x1, y1) share."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
