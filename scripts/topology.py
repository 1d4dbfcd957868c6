"""Encode the map countries as the base-map TopoJSON plotly.js reads (``world_110m.json``).

plotly.js draws a geo subplot's base layers and its ``locationmode="ISO-3"`` traces from one
TopoJSON file fetched from the ``topojsonURL`` config option (or from
``window.PlotlyGeoAssets.topojson``). It reads these objects:

- ``countries``: one geometry per country, ``id`` the ISO 3166-1 alpha-3 code (what
  ``locations`` name), ``properties.ct`` the point its hover label points at;
- ``land`` and ``ocean`` (fills), ``coastlines`` (lines) for ``showland``, ``showocean`` and
  ``showcoastlines``; ``countries`` again, as lines, for ``showcountries``;
- ``lakes``, ``rivers`` and ``subunits``, kept empty here.

Borders shared by two countries are stored once (TopoJSON arcs), coordinates are quantized to
a ``SCALE``-degree grid and delta-encoded; the output is deterministic (sorted codes, no floats
beyond fixed rounding), so a rebuild is byte-identical.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

SCALE = 0.001  # degrees per quantized step: the finest grid the map geometry uses
OCEAN_STEP = 1.0  # degrees between the ocean rectangle's vertices
# The ocean is a rectangle just inside the map's edges: land is drawn over it. A ring on the
# poles and the antimeridian themselves would be degenerate on the sphere.
OCEAN_EDGE = (179.999, 89.999)

Point = tuple[int, int]
Ring = list[Point]


def quantize_ring(coords: np.ndarray) -> Ring:
    """A ring's lon/lat as grid points, repeated points dropped, closed (first == last)."""
    grid = np.rint((coords + np.array([180.0, 90.0])) / SCALE).astype(np.int64)
    ring: Ring = []
    for x, y in grid.tolist():
        if not ring or ring[-1] != (x, y):
            ring.append((x, y))
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def polygon_rings(geom: BaseGeometry) -> list[list[Ring]]:
    """Each polygon of `geom` as its quantized rings (exterior first); degenerate rings dropped."""
    out = []
    for part in shapely.get_parts(geom):
        rings = [quantize_ring(np.asarray(r.coords)) for r in [part.exterior, *part.interiors]]
        rings = [r for r in rings if len(r) >= 4]
        if rings and len(rings[0]) >= 4:
            out.append(rings)
    return out


def find_junctions(rings: Iterable[Ring]) -> set[Point]:
    """Points where rings part ways: met with other neighbours than on their first visit."""
    neighbours: dict[Point, tuple[Point, Point]] = {}
    junctions: set[Point] = set()
    for ring in rings:
        points = ring[:-1]
        n = len(points)
        for i, point in enumerate(points):
            pair = (points[i - 1], points[(i + 1) % n])
            seen = neighbours.setdefault(point, pair)
            if seen != pair and seen != pair[::-1]:
                junctions.add(point)
    return junctions


class ArcStore:
    """Arcs cut from rings at junctions, each stored once (a reversed use is ``~index``)."""

    def __init__(self, junctions: set[Point]) -> None:
        self.junctions = junctions
        self.arcs: list[list[Point]] = []
        self.index: dict[tuple[Point, ...], int] = {}

    def add_ring(self, ring: Ring) -> list[int]:
        """The ring as arc indexes."""
        points = ring[:-1]
        cuts = [i for i, p in enumerate(points) if p in self.junctions]
        if not cuts:  # a ring touching no other: one arc, started at its smallest point
            start = points.index(min(points))
            rotated = points[start:] + points[:start]
            return [self._add([*rotated, rotated[0]], closed=True)]
        rotated = points[cuts[0] :] + points[: cuts[0]]
        rotated.append(rotated[0])
        ids, begin = [], 0
        for i in range(1, len(rotated)):
            if rotated[i] in self.junctions or i == len(rotated) - 1:
                ids.append(self._add(rotated[begin : i + 1]))
                begin = i
        return ids

    def _add(self, arc: list[Point], closed: bool = False) -> int:
        key = tuple(arc)
        if key in self.index:
            return self.index[key]
        back = key[::-1]
        if closed:  # the same closed ring run the other way, from the same smallest point
            start = back[:-1].index(min(back))
            back = back[start:-1] + back[:start] + (back[start],)
        if back in self.index:
            return ~self.index[back]
        self.index[key] = len(self.arcs)
        self.arcs.append(arc)
        return len(self.arcs) - 1

    def encoded(self) -> list[list[list[int]]]:
        """The arcs delta-encoded, as TopoJSON stores quantized arcs."""
        out = []
        for arc in self.arcs:
            steps = [list(arc[0])]
            steps += [[x - px, y - py] for (px, py), (x, y) in itertools.pairwise(arc)]
            out.append(steps)
        return out


def _geometry(polygons: list[list[list[int]]]) -> dict[str, object]:
    if len(polygons) == 1:
        return {"type": "Polygon", "arcs": polygons[0]}
    return {"type": "MultiPolygon", "arcs": polygons}


def ocean_ring() -> Ring:
    """A clockwise rectangle just inside the map's edges, densified along every side."""
    lon, lat = OCEAN_EDGE
    xs = np.append(np.arange(-lon, lon, OCEAN_STEP), lon)
    ys = np.append(np.arange(-lat, lat, OCEAN_STEP), lat)
    top = [(x, lat) for x in xs]
    east = [(lon, y) for y in ys[::-1]]
    bottom = [(x, -lat) for x in xs[::-1]]
    west = [(-lon, y) for y in ys]
    return quantize_ring(np.array(top + east + bottom + west))


def build_topology(
    shapes: Mapping[str, BaseGeometry], centres: Mapping[str, tuple[float, float]]
) -> dict[str, object]:
    """The base-map topology for `shapes` (code -> clockwise polygons, EPSG:4326).

    `centres` gives each code's hover point (lon, lat); land is the union of all shapes and
    its boundary the coastlines.
    """
    codes = sorted(shapes)
    oriented = shapely.orient_polygons([shapes[c] for c in codes], exterior_cw=True)
    countries = {code: polygon_rings(geom) for code, geom in zip(codes, oriented, strict=True)}
    land_geom = shapely.orient_polygons(shapely.coverage_union_all(oriented), exterior_cw=True)
    land = polygon_rings(land_geom)
    every = [r for polys in [*countries.values(), land] for rings in polys for r in rings]
    store = ArcStore(find_junctions(every))
    geometries = []
    for code in codes:
        polygons = [[store.add_ring(r) for r in rings] for rings in countries[code]]
        if not polygons:
            continue
        lon, lat = centres[code]
        geometries.append(
            {
                **_geometry(polygons),
                "id": code,
                "properties": {"ct": [round(lon, 2), round(lat, 2)]},
            }
        )
    land_arcs = [[store.add_ring(r) for r in rings] for rings in land]
    coast = [ids for rings in land_arcs for ids in rings]
    ocean = [[store.add_ring(ocean_ring())]]
    empty: dict[str, object] = {"type": "GeometryCollection", "geometries": []}
    return {
        "type": "Topology",
        "transform": {"scale": [SCALE, SCALE], "translate": [-180, -90]},
        "objects": {
            "countries": {"type": "GeometryCollection", "geometries": geometries},
            "land": {"type": "GeometryCollection", "geometries": [_geometry(land_arcs)]},
            "coastlines": {
                "type": "GeometryCollection",
                "geometries": [{"type": "MultiLineString", "arcs": coast}],
            },
            "ocean": {"type": "GeometryCollection", "geometries": [_geometry(ocean)]},
            "lakes": empty,
            "rivers": empty,
            "subunits": empty,
        },
        "arcs": store.encoded(),
    }


def dump_topology(topology: Mapping[str, object]) -> str:
    """Compact, key-ordered JSON: the same topology always gives the same bytes."""
    return json.dumps(topology, separators=(",", ":"), sort_keys=True) + "\n"
