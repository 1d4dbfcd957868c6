"""World maps on plotly's geo family: a base map from our TopoJSON, countries by ISO-3 code.

The base map (land, ocean, coastlines, borders) and every country shape come from the TopoJSON
plotly.js fetches once from the ``topojsonURL`` config option (``static/topojson/world_110m.json``,
built by ``scripts/build_geometry.py``): figures carry codes and values only.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from diplomap.corpus.filters import pair_keys
from diplomap.extract import FACTUAL_MODES
from diplomap.figures.arcs import MAX_ARCS, arc_path, arc_traces, evidence_count, locate_pairs
from diplomap.figures.arcs import escape_html as _esc
from diplomap.figures.style import (
    BALANCE_COLOURS,
    BORDER,
    COAST,
    ICC_COLOURS,
    ICC_LABELS,
    LAND,
    LINK_COLOURS,
    MENTION_SCALE,
    NET_SCALE,
    OCEAN,
    OUTLINE,
    WARRANT_LABEL,
    WARRANT_LINK,
)
from diplomap.figures.words import format_count, pair_label, plural
from diplomap.geo.countries import drop_uninhabited

# What the map page can shade countries by (the `shade` URL parameter's values).
SHADES = {"mentions": "Mentions", "net": "Net cooperation minus conflict"}
# A link's sign in the net balance: cooperation (quad 1-2) +1, conflict (quad 3-4) -1, no class 0.
QUAD_SIGNS = {1: 1, 2: 1, 3: -1, 4: -1}
BALANCE_FIELDS = ("cooperation", "conflict", "net")
MAP_HEIGHT = 520
ARC_KEY = "Arcs by main type; width by evidence:"
# Inside the map, over the Pacific: the colour bar takes none of the map's width.
COLORBAR = {"thickness": 10, "len": 0.42, "x": 0.015, "xanchor": "left", "y": 0.08,
            "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.75)", "outlinewidth": 0}  # fmt: skip


def shape_codes(shapes: Collection[str] | dict[str, Any]) -> set[str]:
    """The codes the base map has a polygon for: a collection of codes, or (as callers passed
    before the base map carried the shapes) a GeoJSON FeatureCollection with them as ids."""
    if isinstance(shapes, dict) and "features" in shapes:
        return {str(f["id"]) for f in shapes["features"]}
    return {str(c) for c in shapes}


def _country_layer(codes: Any, **kwargs: Any) -> go.Choropleth:
    """Countries by ISO-3 code, drawn from the base map's shapes (nothing but codes is sent)."""
    style = {"marker_line_color": BORDER, "marker_line_width": 0.5}
    return go.Choropleth(locations=list(codes), locationmode="ISO-3", **{**style, **kwargs})


def _layout(fig: go.Figure, title: str) -> go.Figure:
    if not fig.data:  # nothing to shade or link: an empty trace still makes plotly draw the map
        fig.add_trace(go.Scattergeo(lon=[], lat=[], showlegend=False, hoverinfo="skip"))
    fig.update_geos(
        projection_type="natural earth",
        # The whole world, always. Streamlit's theme fits the view to the traces' locations, which
        # turned the ICC map towards the Pacific and cut off its top when warrant arcs crossed it.
        fitbounds=False,
        resolution=110,  # plotly.js reads world_110m.json: our own shapes, at 1:50m simplified
        lataxis_range=[-58, 86],  # Antarctica left out: the rest of the world gets the height
        showland=True,
        landcolor=LAND,
        showocean=True,
        oceancolor=OCEAN,
        showcountries=True,
        countrycolor=BORDER,
        countrywidth=0.5,
        showcoastlines=True,
        coastlinecolor=COAST,
        coastlinewidth=0.5,
        showlakes=False,
        showrivers=False,
        showframe=False,
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        title={"text": title, "x": 0.01, "y": 0.99, "yanchor": "top", "font": {"size": 14}},
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        height=MAP_HEIGHT,
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.01,
            "x": 0.0,
            "font": {"size": 12},
            "groupclick": "toggleitem",
        },
        paper_bgcolor="white",
        hoverdistance=12,
    )
    return fig


def count_balance(links: pd.DataFrame, by: str = "actor") -> pd.DataFrame:
    """Cooperation links (+1, quad 1-2) minus conflict links (-1, quad 3-4), per actor or pair.

    Only factual links count (asserted, planned, historical); each link row counts once, for both of
    its actors. `by="actor"` gives ``code`` rows; `by="pair"` gives unordered ``a``/``b`` rows (``a`` <
    ``b``), as in :func:`corpus.summary.count_pairs`. Columns: ``cooperation``, ``conflict``, ``net``.
    """
    keys = ["code"] if by == "actor" else ["a", "b"]
    links = links[links["mode"].isin(FACTUAL_MODES)]
    if links.empty:
        return pd.DataFrame(columns=[*keys, *BALANCE_FIELDS])
    sign = links["quad"].map(QUAD_SIGNS).fillna(0).astype(int)
    signs = pd.DataFrame(
        {"cooperation": sign.gt(0).astype(int), "conflict": sign.lt(0).astype(int), "net": sign}
    )
    if by == "actor":
        rows = pd.concat([signs.assign(code=links["a"]), signs.assign(code=links["b"])])
    else:
        rows = signs.assign(a=links[["a", "b"]].min(axis=1), b=links[["a", "b"]].max(axis=1))
    table = rows.groupby(keys, as_index=False)[list(BALANCE_FIELDS)].sum()
    return table.sort_values(
        ["net", *keys], ascending=[False, *[True] * len(keys)], ignore_index=True
    )


def classify_pairs(pairs: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The pairs with their balance of cooperation and conflict (see :func:`count_balance`).

    Adds ``cooperation``, ``conflict``, ``net``, ``balance`` (cooperation/conflict/balanced) and
    ``key``, the pair's label as on the Evidence page (e.g. "CHN–RUS").
    """
    if pairs.empty:
        return pairs.assign(cooperation=0, conflict=0, net=0, balance="balanced", key="")
    balance = count_balance(links, by="pair") if not links.empty else None
    table = pairs.drop(columns=["cooperation", "conflict", "net"], errors="ignore")
    if balance is not None and not balance.empty:
        table = table.merge(balance, on=["a", "b"], how="left")
    for column in ("cooperation", "conflict", "net"):
        table[column] = table.get(column, pd.Series(0, index=table.index)).fillna(0).astype(int)
    table["balance"] = np.select(
        [table["net"] > 0, table["net"] < 0], ["cooperation", "conflict"], "balanced"
    )
    table["key"] = pair_keys(table)
    return table


def keep_linked(counts: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """The actors of `counts` that are in one of `pairs`: the shading when link filters are set,
    so that a map with no arc has no shading either."""
    linked = set(pairs["a"]) | set(pairs["b"]) if not pairs.empty else set()
    return counts[counts["code"].isin(linked)]


def arcs_title(pairs: pd.DataFrame, most: int | None) -> str:
    """How many links the arcs show: "the 100 strongest of 765 links", or "the links"."""
    total = len(pairs)
    if most is None or total <= most:
        return "the links between them"
    return f"the {format_count(most)} strongest of {plural(total, 'link')} between them"


def net_ticks(top: int) -> tuple[list[float], list[str]]:
    """Colour-bar ticks for the log-scaled net balance: -top ... -10, -1, 0, +1, +10 ... +top."""
    values, texts = mention_ticks(top)
    if len(values) > 2:  # +1 and -1 would sit on 0
        values, texts = values[1:], texts[1:]
    below = [-v for v in reversed(values)]
    signed = [f"−{t}" for t in reversed(texts)] + ["0"] + [f"+{t}" for t in texts]
    return [*below, 0.0, *values], signed


def signed_log(values: pd.Series) -> np.ndarray:
    """sign(x) * log10(1 + |x|): the net balance on a log scale, 0 staying 0."""
    x = values.to_numpy(dtype=float)
    return np.round(np.sign(x) * np.log10(1 + np.abs(x)), 4)


def mention_ticks(top: int) -> tuple[list[float], list[str]]:
    """Colour-bar ticks for the log-scaled mentions: 1, 10, 100... up to `top` (and `top`)."""
    values = [v for v in (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000) if v <= top]
    if not values or top > values[-1] * 2:
        values.append(top)
    return [round(float(np.log10(v + 1)), 4) for v in values], [f"{v:,}" for v in values]


def make_mention_map(
    shapes: Collection[str] | dict[str, Any],
    counts: pd.DataFrame,
    pairs: pd.DataFrame,
    places: pd.DataFrame,
    names: dict[str, str],
    shade: str = "mentions",
    links: pd.DataFrame | None = None,
    most: int | None = MAX_ARCS,
) -> go.Figure:
    """Countries shaded by mentions, or by net cooperation minus conflict; arcs for links.

    `shapes` are the codes the base map draws (see :func:`shape_codes`). With `shade="mentions"`
    arcs are coloured by their main type; with `shade="net"` countries and arcs follow
    :func:`count_balance` over `links` (cooperation blue, conflict orange), on a log scale. Arcs
    are drawn for the `most` pairs with the most evidence (None: all), as wide and as opaque as
    their evidence either way. Uninhabited places (Antarctica...) are shaded only when in a link.
    """
    codes = shape_codes(shapes)
    fig = go.Figure()
    if shade == "net":
        links = links if links is not None else pd.DataFrame(columns=["a", "b", "quad", "mode"])
        fig.add_traces(_net_layer(codes, count_balance(links), names))
        pairs = classify_pairs(pairs, links)
        fig.add_traces(
            arc_traces(
                pairs,
                places,
                names,
                "balance",
                BALANCE_COLOURS,
                lambda r: pair_hover(r, names),
                most,
            )
        )
        fig.update_layout(legend_title_text=ARC_KEY)
        title = f"Net cooperation minus conflict, and the balance of {arcs_title(pairs, most)}"
        return _layout(fig, title.replace(" between them", ""))
    linked = set(pairs["a"]) | set(pairs["b"]) if not pairs.empty else set()
    shown = drop_uninhabited(counts[counts["code"].isin(codes)], linked)
    if not shown.empty:
        top = int(shown["mentions"].max())
        tickvals, ticktext = mention_ticks(top)
        fig.add_trace(
            _country_layer(
                shown["code"],
                z=np.round(np.log10(shown["mentions"].astype(float) + 1), 4),
                zmin=0,
                zmax=max(float(np.log10(top + 1)), 0.3),
                text=[
                    f"<b>{_esc(names.get(c, c))}</b><br>{plural(m, 'mention')} in "
                    f"{plural(a, 'article')}"
                    for c, m, a in zip(
                        shown["code"], shown["mentions"], shown["articles"], strict=True
                    )
                ],
                colorscale=MENTION_SCALE,
                colorbar={
                    **COLORBAR,
                    "title": {"text": "mentions", "side": "top"},
                    "tickvals": tickvals,
                    "ticktext": ticktext,
                },
                hovertemplate="%{text}<extra></extra>",
                name="mentions",
                showlegend=False,
            )
        )
    fig.add_traces(
        arc_traces(
            pairs, places, names, "top_type", LINK_COLOURS, lambda r: pair_hover(r, names), most
        )
    )
    fig.update_layout(legend_title_text=ARC_KEY)
    return _layout(fig, f"Who the corpus mentions, and {arcs_title(pairs, most)}")


def _net_layer(
    codes: set[str], balance: pd.DataFrame, names: dict[str, str]
) -> list[go.Choropleth]:
    """Countries on a diverging log scale centred on zero: conflict orange, cooperation blue
    (log, so that at any corpus size the few most active countries do not wash out the rest)."""
    shown = balance[balance["code"].isin(codes)]
    if shown.empty:
        return []
    top = max(int(shown["net"].abs().max()), 1)
    reach = max(float(np.log10(top + 1)), 0.3)
    tickvals, ticktext = net_ticks(top)
    return [
        _country_layer(
            shown["code"],
            z=signed_log(shown["net"]),
            zmin=-reach,
            zmax=reach,
            zmid=0,
            text=[
                f"<b>{_esc(names.get(r.code, r.code))}</b><br>net {int(r.net):+d}: "
                f"{plural(int(r.cooperation), 'cooperation link')}, "
                f"{plural(int(r.conflict), 'conflict link')}"
                for r in shown.itertuples(index=False)
            ],
            colorscale=NET_SCALE,
            colorbar={
                **COLORBAR,
                "title": {"text": "cooperation<br>− conflict", "side": "top"},
                "tickvals": tickvals,
                "ticktext": ticktext,
            },
            hovertemplate="%{text}<extra></extra>",
            name="net cooperation",
            showlegend=False,
        )
    ]


def pair_hover(row: Any, names: dict[str, str]) -> str:
    """A pair's hover box: its names, its evidence, its types, its balance and one sentence."""
    sentence = _wrap(str(row.sentence))
    net = getattr(row, "net", None)
    balance = (
        f"net {int(net):+d}: {plural(int(row.cooperation), 'cooperation link')}, "
        f"{plural(int(row.conflict), 'conflict link')}<br>"
        if net is not None
        else ""
    )
    return (
        f"<b>{_esc(pair_label(row.a, row.b, names))}</b><br>"
        f"{evidence_count(row)} · {_esc(row.types)}<br>{balance}"
        f"<i>{sentence}</i><br>({_esc(row.article)})"
    )


def _wrap(text: str, width: int = 70, limit: int = 280) -> str:
    """Escape and wrap a sentence for a plotly hover box."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(_esc(x) for x in lines)


def make_icc_map(
    shapes: Collection[str] | dict[str, Any],
    statuses: pd.DataFrame,
    points: pd.DataFrame,
    actors: list[str],
    names: dict[str, str],
    day_label: str,
    warrant_pairs: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> go.Figure:
    """The world shaded by Rome Statute status; the corpus's actors outlined; tiny states as dots.

    `shapes` are the codes the base map draws (see :func:`shape_codes`). `warrant_pairs` (pairs
    with a ``warrant`` column, as from :func:`geo.warrants.select_warrant_pairs`) are drawn as
    dashed arcs on a wide white casing between their `places` (``code``, ``lon``, ``lat``), over
    the shading and the outlines.
    """
    polygons = shape_codes(shapes)
    fig = go.Figure()
    for status, label in ICC_LABELS.items():
        group = statuses[statuses["status"] == status]
        if group.empty:
            continue
        colour = ICC_COLOURS[status]
        hover = [_status_hover(r, names) for r in group.itertuples(index=False)]
        shapes_in = group["iso3"].isin(polygons)
        fig.add_trace(
            _country_layer(
                group.loc[shapes_in, "iso3"],
                z=[1] * int(shapes_in.sum()),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                name=label,
                showlegend=True,
                legendgroup=status,
                text=[h for h, s in zip(hover, shapes_in, strict=True) if s],
                hovertemplate="%{text}<extra></extra>",
            )
        )
        dots = points[points["iso3"].isin(group.loc[~shapes_in, "iso3"])]
        if not dots.empty:
            text = dict(zip(group["iso3"], hover, strict=True))
            fig.add_trace(
                go.Scattergeo(
                    lon=dots["lon"],
                    lat=dots["lat"],
                    mode="markers",
                    legendgroup=status,
                    marker={"size": 6, "color": colour, "line": {"width": 0.5, "color": "#555"}},
                    showlegend=False,
                    text=[text[c] for c in dots["iso3"]],
                    hovertemplate="%{text}<extra></extra>",
                    name=label,
                )
            )
    outlined = [c for c in actors if c in polygons]
    if outlined:
        fig.add_trace(
            _country_layer(
                outlined,
                z=[0] * len(outlined),
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker_line_color=OUTLINE,
                marker_line_width=1.3,
                name="in the corpus",
                showlegend=False,
                legendgroup="outline",
                hoverinfo="skip",
            )
        )
        fig.add_trace(_swatch("in the corpus", OUTLINE, "outline", 1.5))
    if warrant_pairs is not None and places is not None:
        fig.add_traces(_warrant_traces(warrant_pairs, places, names))
    return _layout(
        fig, f"Rome Statute (ICC) status on {day_label}; the corpus's countries outlined"
    )


def _swatch(name: str, colour: str, group: str, width: float) -> go.Scattergeo:
    """A legend entry for an outline: a choropleth's own swatch shows its (transparent) fill."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker={"symbol": "square-open", "size": 12, "color": colour, "line": {"width": width}},
        name=name,
        legendgroup=group,
        hoverinfo="skip",
    )


def _warrant_traces(
    pairs: pd.DataFrame, places: pd.DataFrame, names: dict[str, str]
) -> list[go.Scattergeo]:
    """Dashed black arcs on a wide white casing, and a hover dot, for links touching a leader
    under warrant. The casing keeps them apart from the thin solid outlines beneath."""
    located = locate_pairs(pairs, places)
    if located.empty:
        return []
    lons: list[float | None] = []
    lats: list[float | None] = []
    middle = []
    for r in located.itertuples(index=False):
        lon, lat = arc_path((r.lon_a, r.lat_a), (r.lon_b, r.lat_b))
        lons += [*lon.tolist(), None]
        lats += [*lat.tolist(), None]
        middle.append((lon[len(lon) // 2], lat[len(lat) // 2]))
    hover = [
        f"<b>{_esc(pair_label(r.a, r.b, names))}</b><br>"
        f"{plural(int(r.links), 'evidence sentence')} · {_esc(r.types)}<br>{_esc(r.warrant)}"
        for r in located.itertuples(index=False)
    ]
    common = {
        "lon": lons,
        "lat": lats,
        "mode": "lines",
        "hoverinfo": "skip",
        "legendgroup": "warrant",
    }
    return [
        go.Scattergeo(**common, line={"width": 7, "color": "white"}, showlegend=False),
        go.Scattergeo(
            **common, line={"width": 3, "color": WARRANT_LINK, "dash": "dash"}, name=WARRANT_LABEL
        ),
        go.Scattergeo(
            lon=[m[0] for m in middle],
            lat=[m[1] for m in middle],
            mode="markers",
            marker={
                "size": 10,
                "color": WARRANT_LINK,
                "symbol": "diamond",
                "line": {"width": 1.5, "color": "white"},
            },
            legendgroup="warrant",
            showlegend=False,
            name=WARRANT_LABEL,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
        ),
    ]


def _status_hover(row: Any, names: dict[str, str]) -> str:
    from diplomap.figures.style import (
        cite_icc_sources,  # here, to keep this edit inside the function
    )

    since = f" since {row.since}" if row.since else ""
    check = "" if row.verified else "<br><b>UNVERIFIED</b>: date from memory, not checked"
    source = f"<br>source: {_esc(cite_icc_sources(row.source))}" if row.source else ""
    return f"<b>{_esc(names.get(row.iso3, row.iso3))}</b><br>{ICC_LABELS[row.status]}{since}{source}{check}"


BLOC_COLOURS = {"EU": "#F0A800", "NATO": "#009E73"}


def add_bloc_outlines(
    fig: go.Figure, outlines: dict[str, dict[str, Any]], day_label: str
) -> go.Figure:
    """Draw each bloc's dissolved outline (a GeoJSON with one feature whose id is the bloc code),
    with a square swatch in the legend."""
    for code, geojson in outlines.items():
        if not geojson["features"]:
            continue
        colour = BLOC_COLOURS.get(code, "#555555")
        name = f"{code} on {day_label}"
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                featureidkey="id",
                locations=[code],
                z=[0],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker_line_color=colour,
                marker_line_width=2.6,
                name=name,
                legendgroup=f"bloc-{code}",
                showlegend=False,
                hovertemplate=f"<b>{code}</b> members on {day_label}<extra></extra>",
            )
        )
        fig.add_trace(_swatch(name, colour, f"bloc-{code}", 2.6))
    return fig
