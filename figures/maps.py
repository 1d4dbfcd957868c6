"""World maps on plotly's geo family: our own GeoJSON, a real projection, great-circle arcs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from corpus.filters import pair_keys
from extract import FACTUAL_MODES
from figures.style import (
    BALANCE_COLOURS,
    BORDER,
    ICC_COLOURS,
    ICC_LABELS,
    LAND,
    LINK_COLOURS,
    MENTION_SCALE,
    NET_SCALE,
    OUTLINE,
    WARRANT_LABEL,
    WARRANT_LINK,
)

MAX_ARCS = 300
# What the map page can shade countries by (the `shade` URL parameter's values).
SHADES = {"mentions": "Mentions", "net": "Net cooperation minus conflict"}
# A link's sign in the net balance: cooperation (quad 1-2) +1, conflict (quad 3-4) -1, no class 0.
QUAD_SIGNS = {1: 1, 2: 1, 3: -1, 4: -1}
BALANCE_FIELDS = ("cooperation", "conflict", "net")


def _base_layer(geojson: dict[str, Any], iso3s: list[str]) -> go.Choropleth:
    """The countries in `iso3s` in light grey, so unshaded states stay visible (each shape is sent
    to the browser once: the shaded layers carry their own)."""
    return go.Choropleth(
        geojson=subset_geojson(geojson, iso3s),
        featureidkey="id",
        locations=iso3s,
        z=[0] * len(iso3s),
        colorscale=[[0, LAND], [1, LAND]],
        showscale=False,
        marker_line_color=BORDER,
        marker_line_width=0.4,
        hoverinfo="skip",
        name="countries",
    )


def subset_geojson(geojson: dict[str, Any], codes: Any) -> dict[str, Any]:
    """Only the features a trace draws: each trace ships its own GeoJSON to the browser."""
    wanted = set(codes)
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["id"] in wanted],
    }


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_geos(
        projection_type="natural earth",
        # The whole world, always. Streamlit's theme fits the view to the traces' locations, which
        # turned the ICC map towards the Pacific and cut off its top when warrant arcs crossed it.
        fitbounds=False,
        resolution=110,
        showland=False,
        showcountries=False,
        showcoastlines=False,
        # Layers drawn from plotly's own topojson stay off: we serve an empty stub, all shapes are ours.
        showocean=False,
        showlakes=False,
        showrivers=False,
        showframe=True,
        framecolor="#C8D3DE",
        framewidth=1,
    )
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        height=560,
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.08, "x": 0.01},
        paper_bgcolor="white",
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


def make_mention_map(
    geojson: dict[str, Any],
    counts: pd.DataFrame,
    pairs: pd.DataFrame,
    places: pd.DataFrame,
    names: dict[str, str],
    shade: str = "mentions",
    links: pd.DataFrame | None = None,
) -> go.Figure:
    """Countries shaded by mentions, or by net cooperation minus conflict; arcs for links.

    With `shade="mentions"` arcs are coloured by their main type; with `shade="net"` countries and
    arcs follow :func:`count_balance` over `links` (cooperation blue, conflict orange). Arcs are as
    wide as their evidence either way.
    """
    iso3s = [f["id"] for f in geojson["features"]]
    fig = go.Figure()
    if shade == "net":
        links = links if links is not None else pd.DataFrame(columns=["a", "b", "quad", "mode"])
        net = _net_layer(geojson, iso3s, count_balance(links), names)
        shaded = set(net[0].locations) if net else set()
        fig.add_trace(_base_layer(geojson, [c for c in iso3s if c not in shaded]))
        fig.add_traces(net)
        pairs = classify_pairs(pairs, links)
        fig.add_traces(_arc_traces(pairs, places, names, "balance", BALANCE_COLOURS))
        return _layout(fig, "Net cooperation minus conflict, and the balance of each link")
    shown = counts[counts["code"].isin(iso3s)]
    mentioned = set(shown["code"])
    fig.add_trace(_base_layer(geojson, [c for c in iso3s if c not in mentioned]))
    if not shown.empty:
        fig.add_trace(
            go.Choropleth(
                geojson=subset_geojson(geojson, shown["code"]),
                featureidkey="id",
                locations=shown["code"],
                z=np.log10(shown["mentions"].astype(float) + 1),
                customdata=np.stack([shown["mentions"], shown["articles"]], axis=-1),
                text=[names.get(c, c) for c in shown["code"]],
                colorscale=MENTION_SCALE,
                marker_line_color=BORDER,
                marker_line_width=0.5,
                colorbar={"title": "mentions", "tickvals": [], "thickness": 10, "len": 0.5},
                hovertemplate="<b>%{text}</b><br>%{customdata[0]} mentions in %{customdata[1]} articles"
                "<extra></extra>",
                name="mentions",
            )
        )
    fig.add_traces(_arc_traces(pairs, places, names, "top_type", LINK_COLOURS))
    return _layout(fig, "Who the corpus mentions, and the links between them")


def _net_layer(
    geojson: dict[str, Any], iso3s: list[str], balance: pd.DataFrame, names: dict[str, str]
) -> list[go.Choropleth]:
    """Countries on a diverging scale centred on zero: conflict orange, cooperation blue."""
    shown = balance[balance["code"].isin(iso3s)]
    if shown.empty:
        return []
    top = max(int(shown["net"].abs().max()), 1)
    return [
        go.Choropleth(
            geojson=subset_geojson(geojson, shown["code"]),
            featureidkey="id",
            locations=shown["code"],
            z=shown["net"],
            zmin=-top,
            zmax=top,
            zmid=0,
            customdata=np.stack([shown["cooperation"], shown["conflict"]], axis=-1),
            text=[names.get(c, c) for c in shown["code"]],
            colorscale=NET_SCALE,
            marker_line_color=BORDER,
            marker_line_width=0.5,
            colorbar={
                "title": "cooperation<br>− conflict",
                "thickness": 10,
                "len": 0.5,
                "tickformat": "+d",
            },
            hovertemplate="<b>%{text}</b><br>net %{z:+d}: %{customdata[0]} cooperation, "
            "%{customdata[1]} conflict links<extra></extra>",
            name="net cooperation",
        )
    ]


def _arc_traces(
    pairs: pd.DataFrame,
    places: pd.DataFrame,
    names: dict[str, str],
    colour_by: str,
    colours: dict[str, str],
) -> list[go.Scattergeo]:
    """One line trace per colour group (`colour_by` column), one hover point at each arc's middle."""
    at = places.set_index("code")[["lon", "lat"]]
    located = pairs[pairs["a"].isin(at.index) & pairs["b"].isin(at.index)].head(MAX_ARCS)
    if located.empty:
        return []
    top = max(int(located["links"].max()), 1)
    traces = []
    for key, group in located.groupby(colour_by, sort=True):
        colour = colours.get(str(key), "#999999")
        for width, sub in group.groupby(group["links"].map(lambda n: 1 + round(4 * n / top))):
            lons, lats = [], []
            for row in sub.itertuples(index=False):
                lons += [at.at[row.a, "lon"], at.at[row.b, "lon"], None]
                lats += [at.at[row.a, "lat"], at.at[row.b, "lat"], None]
            traces.append(
                go.Scattergeo(
                    lon=lons,
                    lat=lats,
                    mode="lines",
                    line={"width": width, "color": colour},
                    opacity=0.8,
                    hoverinfo="skip",
                    legendgroup=str(key),
                    showlegend=False,
                )
            )
        mid = group.apply(
            lambda r: _midpoint(at.loc[r.a], at.loc[r.b]), axis=1, result_type="expand"
        )
        traces.append(
            go.Scattergeo(
                lon=mid[0],
                lat=mid[1],
                mode="markers",
                marker={"size": 7, "color": colour, "line": {"width": 1, "color": "white"}},
                name=str(key),
                legendgroup=str(key),
                text=[pair_hover(r, names) for r in group.itertuples(index=False)],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def _midpoint(a: pd.Series, b: pd.Series) -> tuple[float, float]:
    """The great-circle midpoint of two lon/lat points, in degrees."""
    lon1, lat1, lon2, lat2 = map(np.radians, (a["lon"], a["lat"], b["lon"], b["lat"]))
    bx, by = np.cos(lat2) * np.cos(lon2 - lon1), np.cos(lat2) * np.sin(lon2 - lon1)
    lat = np.arctan2(np.sin(lat1) + np.sin(lat2), np.hypot(np.cos(lat1) + bx, by))
    lon = lon1 + np.arctan2(by, np.cos(lat1) + bx)
    return float(np.degrees(lon)), float(np.degrees(lat))


def pair_hover(row: Any, names: dict[str, str]) -> str:
    sentence = _wrap(str(row.sentence))
    net = getattr(row, "net", None)
    balance = (
        f"net {int(net):+d}: {int(row.cooperation)} cooperation, {int(row.conflict)} conflict links<br>"
        if net is not None
        else ""
    )
    return (
        f"<b>{_esc(names.get(row.a, row.a))} – {_esc(names.get(row.b, row.b))}</b><br>"
        f"{row.links} sentences in {row.articles} articles · {_esc(row.types)}<br>{balance}"
        f"<i>{sentence}</i><br>({_esc(row.article)})"
    )


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    geojson: dict[str, Any],
    statuses: pd.DataFrame,
    points: pd.DataFrame,
    actors: list[str],
    names: dict[str, str],
    day_label: str,
    warrant_pairs: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> go.Figure:
    """The world shaded by Rome Statute status; the corpus's actors outlined; tiny states as dots.

    `warrant_pairs` (pairs with a ``warrant`` column, as from
    :func:`geo.warrants.select_warrant_pairs`) are drawn as dashed black arcs between their
    `places` (``code``, ``lon``, ``lat``), over the shading.
    """
    polygons = {f["id"] for f in geojson["features"]}
    fig = go.Figure()
    for status, label in ICC_LABELS.items():
        group = statuses[statuses["status"] == status]
        if group.empty:
            continue
        colour = ICC_COLOURS[status]
        hover = [_status_hover(r, names) for r in group.itertuples(index=False)]
        shapes = group["iso3"].isin(polygons)
        fig.add_trace(
            go.Choropleth(
                geojson=subset_geojson(geojson, group.loc[shapes, "iso3"]),
                featureidkey="id",
                locations=group.loc[shapes, "iso3"],
                z=[1] * int(shapes.sum()),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker_line_color=BORDER,
                marker_line_width=0.4,
                name=label,
                showlegend=True,
                legendgroup=status,
                text=[h for h, s in zip(hover, shapes, strict=True) if s],
                hovertemplate="%{text}<extra></extra>",
            )
        )
        dots = points[points["iso3"].isin(group.loc[~shapes, "iso3"])]
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
            go.Choropleth(
                geojson=subset_geojson(geojson, outlined),
                featureidkey="id",
                locations=outlined,
                z=[0] * len(outlined),
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker_line_color=OUTLINE,
                marker_line_width=2.2,
                name="in the corpus",
                showlegend=False,
                legendgroup="outline",
                hoverinfo="skip",
            )
        )
        # A choropleth's legend swatch shows its (transparent) fill: a hollow square stands in.
        fig.add_trace(
            go.Scattergeo(
                lon=[None],
                lat=[None],
                mode="markers",
                marker={
                    "symbol": "square-open",
                    "size": 11,
                    "color": OUTLINE,
                    "line": {"width": 2},
                },
                name="in the corpus",
                legendgroup="outline",
                hoverinfo="skip",
            )
        )
    if warrant_pairs is not None and places is not None:
        fig.add_traces(_warrant_traces(warrant_pairs, places, names))
    return _layout(
        fig, f"Rome Statute (ICC) status on {day_label}; the corpus's countries outlined"
    )


def _warrant_traces(
    pairs: pd.DataFrame, places: pd.DataFrame, names: dict[str, str]
) -> list[go.Scattergeo]:
    """Dashed black arcs (on a white halo) and a hover dot for links touching a leader under warrant."""
    at = places.set_index("code")[["lon", "lat"]]
    located = pairs[pairs["a"].isin(at.index) & pairs["b"].isin(at.index)].head(MAX_ARCS)
    if located.empty:
        return []
    lons: list[float | None] = []
    lats: list[float | None] = []
    for row in located.itertuples(index=False):
        lons += [at.at[row.a, "lon"], at.at[row.b, "lon"], None]
        lats += [at.at[row.a, "lat"], at.at[row.b, "lat"], None]
    mid = [_midpoint(at.loc[a], at.loc[b]) for a, b in zip(located["a"], located["b"], strict=True)]
    hover = [
        f"<b>{_esc(names.get(r.a, r.a))} – {_esc(names.get(r.b, r.b))}</b><br>"
        f"{r.links} sentences · {_esc(r.types)}<br>{_esc(r.warrant)}"
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
        go.Scattergeo(
            **common, line={"width": 4.5, "color": "white"}, opacity=0.7, showlegend=False
        ),
        go.Scattergeo(
            **common, line={"width": 2.5, "color": WARRANT_LINK, "dash": "dash"}, name=WARRANT_LABEL
        ),
        go.Scattergeo(
            lon=[m[0] for m in mid],
            lat=[m[1] for m in mid],
            mode="markers",
            marker={
                "size": 8,
                "color": WARRANT_LINK,
                "symbol": "diamond",
                "line": {"width": 1, "color": "white"},
            },
            legendgroup="warrant",
            showlegend=False,
            name=WARRANT_LABEL,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
        ),
    ]


def _status_hover(row: Any, names: dict[str, str]) -> str:
    from figures.style import cite_icc_sources  # here, to keep this edit inside the function

    since = f" since {row.since}" if row.since else ""
    check = "" if row.verified else "<br><b>UNVERIFIED</b>: date from memory, not checked"
    source = f"<br>source: {_esc(cite_icc_sources(row.source))}" if row.source else ""
    return f"<b>{_esc(names.get(row.iso3, row.iso3))}</b><br>{ICC_LABELS[row.status]}{since}{source}{check}"


BLOC_COLOURS = {"EU": "#F0A800", "NATO": "#009E73"}


def add_bloc_outlines(
    fig: go.Figure, outlines: dict[str, dict[str, Any]], day_label: str
) -> go.Figure:
    """Draw each bloc's dissolved outline (a GeoJSON with one feature whose id is the bloc code)."""
    for code, geojson in outlines.items():
        if not geojson["features"]:
            continue
        colour = BLOC_COLOURS.get(code, "#555555")
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
                name=f"{code} on {day_label}",
                showlegend=True,
                hovertemplate=f"<b>{code}</b> members on {day_label}<extra></extra>",
            )
        )
    return fig
