"""Country geometry and marker points shipped in ``geo/data`` (see ``geo/data/SOURCES.md``)."""

from __future__ import annotations

import io
import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping

ISO3 = "iso3"
NAME = "name"
LON = "lon"
LAT = "lat"
HAS_POLYGON = "has_polygon"
CRS = "EPSG:4326"
DETAILS = {"full": "countries.geojson", "map": "countries_map.geojson"}
TOPOJSON = "world_110m.json"
# Places with no permanent population (research stations, military bases and wildlife only): a
# mention ("a glacier in Antarctica") names a place, not an actor, so the maps shade them only when
# the text makes them one, i.e. when they are in a link.
UNINHABITED = frozenset({"ATA", "ATF", "BVT", "HMD", "IOT", "SGS", "UMI"})


def _data(name: str) -> Traversable:
    return files("diplomap.geo") / "data" / name


def load_countries(detail: str = "full") -> gpd.GeoDataFrame:
    """Load one (multi)polygon per ISO 3166-1 alpha-3 code.

    Parameters
    ----------
    detail : str
        ``"full"`` (simplified to 0.06 degrees, 3 decimals) for analysis and exports, or
        ``"map"`` (0.2 degrees, 2 decimals: about a third of the vertices) for world maps
        drawn on screen. Both hold the same codes.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso3``, ``name``, ``geometry``; CRS EPSG:4326; sorted by ``iso3``.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {sorted(DETAILS)}, not {detail!r}")
    collection = json.loads(_data(DETAILS[detail]).read_text(encoding="utf-8"))
    countries = gpd.GeoDataFrame.from_features(collection["features"], crs=CRS)
    return countries[[ISO3, NAME, "geometry"]]


def load_points() -> pd.DataFrame:
    """Load a marker point for every ISO 3166-1 alpha-3 code plus Kosovo (XKX).

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``name``, ``lon``, ``lat``, ``has_polygon`` (bool: False for codes
        with no polygon in :func:`load_countries`, whose point is their capital or main island).
    """
    text = _data("country_points.csv").read_text(encoding="utf-8")
    points = pd.read_csv(
        io.StringIO(text),
        dtype={ISO3: str, NAME: str, LON: float, LAT: float, HAS_POLYGON: str},
        keep_default_na=False,
    )
    points[HAS_POLYGON] = points[HAS_POLYGON].str.lower().map({"true": True, "false": False})
    return points.astype({HAS_POLYGON: bool})


def load_anchors() -> pd.DataFrame:
    """Where map arcs meet a country, where its marker point would mislead (a large country's
    pole of inaccessibility, e.g. Russia's in Siberia): its capital, from ``map_anchors.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``place``, ``lon``, ``lat``, ``source``.
    """
    text = _data("map_anchors.csv").read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), dtype={ISO3: str, LON: float, LAT: float})


def anchor_points(points: pd.DataFrame, anchors: pd.DataFrame) -> pd.DataFrame:
    """`points` (as :func:`load_points`) with each anchored code moved to its anchor."""
    moved = anchors.set_index(ISO3)[[LON, LAT]]
    out = points.copy()
    hit = out[ISO3].isin(moved.index)
    out.loc[hit, [LON, LAT]] = moved.loc[out.loc[hit, ISO3]].to_numpy()
    return out


def drop_uninhabited(counts: pd.DataFrame, linked: set[str]) -> pd.DataFrame:
    """The rows of `counts` (a ``code`` column) that are actors: every code but an uninhabited
    place's (see UNINHABITED), which stays only if it is in `linked` (the codes in a link)."""
    place = counts["code"].isin(UNINHABITED - set(linked))
    return counts[~place]


def read_topojson() -> str:
    """The base-map TopoJSON plotly.js draws world maps from (``world_110m.json``, written by
    ``scripts/build_geometry.py``; the dashboard serves a copy from ``static/topojson``)."""
    return _data(TOPOJSON).read_text(encoding="utf-8")


def to_geojson(countries: gpd.GeoDataFrame) -> dict[str, Any]:
    """Turn a countries table into a GeoJSON FeatureCollection whose feature ids are ``iso3``.

    Exterior rings are made clockwise (inner rings anticlockwise), the winding d3-geo and so
    plotly ``geo`` traces expect; use with
    ``go.Choropleth(geojson=..., locations=..., featureidkey="id")``.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Columns ``iso3``, ``name`` and polygonal geometries in EPSG:4326.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection; properties ``iso3`` and ``name``.
    """
    oriented = shapely.orient_polygons(countries.geometry.to_numpy(), exterior_cw=True)
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {ISO3: code, NAME: name},
            "geometry": mapping(geom),
        }
        for code, name, geom in zip(countries[ISO3], countries[NAME], oriented, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}
