"""Link arcs on the world maps: curves that stay inside the map, a halo, hover along the arc."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from diplomap.figures.words import pair_label, plural

MAX_ARCS = 300  # the most arcs any map draws unless told otherwise
TOP_ARCS = 100  # the map page's default: the strongest pairs only
ARC_POINTS = 13  # samples along each arc: a smooth curve at laptop width
HOVER_STEP = 3  # every third sample answers hover, so hover works along the whole arc
BEND = 0.2  # how far an arc bows (north) from the straight line, as a share of its length
MAX_LAT = 80.0  # no arc rises past this latitude (the map's top edge)
HALO = "#FFFFFF"  # under each arc, faded with it
# Degrees (about 12 px on the map page at 1280 px) between two arcs' dots, or one hides the other.
DOT_APART = 4.0
DOT_SHIFTS = (0, -1, 1, -2, 2, -3, 3)  # samples from an arc's middle its dot may stand on
WIDTHS = (1.5, 2.5, 3.5, 4.5, 5.5)  # an arc's width by its share of the strongest pair's evidence
# ... and its opacity: weak arcs fade, the strongest stand out (their halo fades with them).
ALPHAS = (0.45, 0.6, 0.75, 0.9, 1.0)
FADE_FROM = 30  # arcs fade only when this many or more are drawn: a few never crowd each other


def arc_path(a: tuple[float, float], b: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat samples of a curve from `a` to `b` that bows north and never leaves the map.

    A quadratic Bézier in lon/lat: it lies inside the triangle of its two ends and its control
    point, which is kept inside [-179, 179] x [-80, 80]. So no arc crosses the antimeridian or
    runs over a pole, as great circles between distant capitals (Washington - Beijing) do.
    """
    start, end = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    step = end - start
    normal = np.array([-step[1], step[0]])
    if normal[1] < 0 or (normal[1] == 0 and normal[0] < 0):
        normal = -normal
    control = (start + end) / 2 + BEND * normal
    control = np.clip(control, [-179.0, -MAX_LAT], [179.0, MAX_LAT])
    t = np.linspace(0.0, 1.0, ARC_POINTS)[:, None]
    curve = (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end
    return np.round(curve[:, 0], 2), np.round(curve[:, 1], 2)


def arc_step(links: int, top: int) -> int:
    """A pair's strength step, 0 to len(WIDTHS) - 1: its evidence on a log scale up to `top`, the
    most any drawn pair has (so at any corpus size the steps spread, not all in the first one)."""
    if top <= 1:
        return len(WIDTHS) - 1
    share = np.log(max(links, 1)) / np.log(top)
    return min(int(share * len(WIDTHS)), len(WIDTHS) - 1)


def arc_width(links: int, top: int) -> float:
    """The line width for a pair with `links` evidence sentences, `top` the most any pair has."""
    return WIDTHS[arc_step(links, top)]


def fade(colour: str, alpha: float) -> str:
    """A "#RRGGBB" colour as "rgba(r,g,b,alpha)"."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def pair_code(row: Any) -> str:
    """The pair as the Evidence page's `pair` URL parameter reads it ("CHN,RUS")."""
    lo, hi = sorted((str(row.a), str(row.b)))
    return f"{lo},{hi}"


def short_hover(row: Any, names: dict[str, str]) -> str:
    """A pair's name and evidence, for hover along its arc."""
    label = escape_html(pair_label(row.a, row.b, names))
    return f"<b>{label}</b><br>{evidence_count(row)}<br>click for the evidence"


def evidence_count(row: Any) -> str:
    """ "12 evidence sentences in 3 articles"."""
    return (
        f"{plural(int(row.links), 'evidence sentence')} in {plural(int(row.articles), 'article')}"
    )


def locate_pairs(
    pairs: pd.DataFrame, places: pd.DataFrame, most: int | None = MAX_ARCS
) -> pd.DataFrame:
    """The `most` pairs with the most evidence (all for None) whose two ends have a place, with
    ``lon_a`` ... ``lat_b``, strongest first."""
    at = places.drop_duplicates("code").set_index("code")[["lon", "lat"]]
    located = pairs[pairs["a"].isin(at.index) & pairs["b"].isin(at.index)]
    if "links" in located:
        located = located.sort_values("links", ascending=False, kind="stable")
    located = located.head(most) if most is not None else located
    ends = [at.loc[located[end]].set_axis([f"lon_{end}", f"lat_{end}"], axis=1) for end in "ab"]
    return pd.concat(
        [located.reset_index(drop=True)] + [e.reset_index(drop=True) for e in ends], axis=1
    )


def arc_traces(
    pairs: pd.DataFrame,
    places: pd.DataFrame,
    names: dict[str, str],
    colour_by: str,
    colours: dict[str, str],
    hover: Any,
    most: int | None = MAX_ARCS,
) -> list[go.Scattergeo]:
    """Arcs for the `most` strongest `pairs`, coloured by their `colour_by` column, as wide as
    their evidence and, from FADE_FROM arcs on, as opaque (weak arcs fade); strong ones are drawn
    last, on top.

    Per arc: a white halo under a coloured line (visible on any shading), invisible hover points
    along it, and a dot at its middle (or near it, off another arc's dot: `place_dots`) in the
    legend; hover and dots carry the pair ("CHN,RUS")
    as customdata, for a click to open its evidence. `hover(row)` gives the dot's hover text.
    The dots' traces have ``meta="arcs"``: one dot per arc drawn.
    """
    located = locate_pairs(pairs, places, most)
    if located.empty:
        return []
    top = int(located["links"].max())
    paths = [
        arc_path((r.lon_a, r.lat_a), (r.lon_b, r.lat_b)) for r in located.itertuples(index=False)
    ]
    located = located.assign(
        _width=[arc_width(int(n), top) for n in located["links"]],
        _key=[str(k) for k in located[colour_by]],
    )
    spots = place_dots(paths)
    lines, hovers, dots = [], [], []
    crowded = len(located) >= FADE_FROM
    for width, step in located.groupby("_width", sort=True):  # weakest first, strongest on top
        alpha = ALPHAS[WIDTHS.index(width)] if crowded else 1.0
        lons, lats = _joined([paths[i] for i in step.index])
        lines.append(_line(lons, lats, width + 3, fade(HALO, round(0.9 * alpha, 2))))
        for key, group in step.groupby("_key", sort=True):
            lons, lats = _joined([paths[i] for i in group.index])
            colour = fade(colours.get(key, "#999999"), alpha)
            lines.append(_line(lons, lats, width, colour, legendgroup=key))
    for key, group in located.groupby("_key", sort=True):
        colour = colours.get(key, "#999999")
        rows = list(group.itertuples())
        samples = [paths[r.Index] for r in rows]
        step = slice(HOVER_STEP // 2, None, HOVER_STEP)
        hovers.append(
            go.Scattergeo(
                lon=[x for s in samples for x in s[0][step]],
                lat=[y for s in samples for y in s[1][step]],
                mode="markers",
                marker={"size": 12, "color": "rgba(0,0,0,0)"},
                text=[
                    short_hover(r, names)
                    for r, s in zip(rows, samples, strict=True)
                    for _ in s[0][step]
                ],
                customdata=[
                    pair_code(r) for r, s in zip(rows, samples, strict=True) for _ in s[0][step]
                ],
                hovertemplate="%{text}<extra></extra>",
                hoverlabel={"bgcolor": colour},
                legendgroup=key,
                showlegend=False,
                name=key,
            )
        )
        dots.append(
            go.Scattergeo(
                lon=[paths[r.Index][0][spots[r.Index]] for r in rows],
                lat=[paths[r.Index][1][spots[r.Index]] for r in rows],
                mode="markers",
                marker={"size": 9, "color": colour, "line": {"width": 1.5, "color": "white"}},
                name=key,
                legendgroup=key,
                text=[hover(r) for r in rows],
                customdata=[pair_code(r) for r in rows],
                hovertemplate="%{text}<extra></extra>",
                meta="arcs",
            )
        )
    return [*lines, *hovers, *dots, *width_key(top)]


def place_dots(paths: list[tuple[np.ndarray, np.ndarray]]) -> list[int]:
    """The sample of each arc (strongest first) its dot stands on: its middle, else the nearest
    sample to it (DOT_SHIFTS) at least DOT_APART degrees from the dots placed before (longitude
    shrunk by the cosine of latitude), else the one farthest from them. Two arcs that share an
    end and nearly their other (China to Brussels, China to The Hague) would hide one dot."""
    placed: list[tuple[float, float]] = []
    spots = []
    for lons, lats in paths:
        best = (-1.0, ARC_POINTS // 2)
        for shift in DOT_SHIFTS:
            at = ARC_POINTS // 2 + shift
            gap = min((_degrees_apart((lons[at], lats[at]), p) for p in placed), default=np.inf)
            if gap >= DOT_APART:
                best = (gap, at)
                break
            best = max(best, (gap, at), key=lambda b: b[0])
        spots.append(best[1])
        placed.append((float(lons[best[1]]), float(lats[best[1]])))
    return spots


def _degrees_apart(p: tuple[float, float], q: tuple[float, float]) -> float:
    """About how far apart two lon/lat points look on the map, in degrees of latitude."""
    squeeze = np.cos(np.radians((p[1] + q[1]) / 2))
    return float(np.hypot((p[0] - q[0]) * squeeze, p[1] - q[1]))


def width_key(top: int) -> list[go.Scattergeo]:
    """Legend entries that show what an arc's width means (in evidence sentences)."""
    counts = sorted({1, max(1, round(np.sqrt(top))), top})  # the middle of the log scale
    return [
        go.Scattergeo(
            lon=[None],
            lat=[None],
            mode="lines",
            line={"width": arc_width(n, top), "color": "#555555"},
            name=plural(n, "evidence sentence"),
            hoverinfo="skip",
        )
        for n in counts
    ]


def _joined(paths: list[tuple[np.ndarray, np.ndarray]]) -> tuple[list, list]:
    lons: list[float | None] = []
    lats: list[float | None] = []
    for lon, lat in paths:
        lons += [*lon.tolist(), None]
        lats += [*lat.tolist(), None]
    return lons, lats


def _line(
    lons: list, lats: list, width: float, colour: str, legendgroup: str = ""
) -> go.Scattergeo:
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"width": width, "color": colour},
        hoverinfo="skip",
        showlegend=False,
        legendgroup=legendgroup or None,
    )


def escape_html(text: str) -> str:
    """Text safe inside a plotly hover label (which reads a few HTML tags)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
