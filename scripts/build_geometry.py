"""Build the country geometry shipped in ``geo/data`` from the npm package world-atlas.

Writes ``countries.geojson`` (one feature per ISO 3166-1 alpha-3 code), ``countries_map.geojson``
(the same features drawn coarser for world maps on screen), ``country_points.csv``
(a point for every code, with or without a polygon), ``world_110m.json`` (the map countries as the
base-map TopoJSON plotly.js reads, also copied to ``static/topojson/`` where the dashboard serves
it) and the geometry section of ``SOURCES.md``.

Rebuild with ``pip install -e .[build] && python scripts/build_geometry.py`` (needs ``npm``);
``--topojson-only`` rebuilds the TopoJSON alone from the committed map geometry (no network).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from topology import build_topology, dump_topology

PACKAGE = "world-atlas"
VERSION = "2.0.2"
MEMBER = "countries-50m.json"
LAYER = "countries"
NATURAL_EARTH_VERSION = "4.1.0"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "geo" / "data"
STATIC_OUT = Path(__file__).resolve().parents[1] / "diplomap" / "static" / "topojson"
TOPOJSON = "world_110m.json"  # the name plotly.js asks for at layout.geo.resolution 110
DEFAULT_TOLERANCE = 0.06  # degrees: about 810 KiB of GeoJSON, see simplify_coverage
GRID = 0.001  # coordinates are snapped to this grid (3 decimals)
# The dashboard's world maps: a 1280-pixel-wide screen gives about 3 pixels per degree, so 0.2
# degrees moves no border by more than a pixel; about a third of the detailed file's size and
# vertices, which is what plotly.js spends most of a map's drawing time on.
MAP_TOLERANCE = 0.2
MAP_GRID = 0.01

Bbox = tuple[float, float, float, float]

# Natural Earth features that carry no numeric ISO 3166-1 id, keyed by their Natural Earth name:
# (target, why). The target is the code the feature is dissolved into, or {code: lon/lat bbox}
# to split it between codes.
SPECIAL_FEATURES: dict[str, tuple[str | dict[str, Bbox], str]] = {
    "Kosovo": (
        "XKX",
        "no ISO 3166-1 code; XKX is the user-assigned code used by the EU, IMF and World Bank",
    ),
    "N. Cyprus": (
        "CYP",
        "recognised only by Türkiye; UN Security Council resolution 541 (1983) holds it part of "
        "Cyprus: dissolved into CYP (UN-recognised border)",
    ),
    "Somaliland": (
        "SOM",
        "self-declared in 1991, recognised by no UN member: dissolved into SOM "
        "(UN-recognised border)",
    ),
    "Siachen Glacier": (
        "IND",
        "held by India since 1984 and claimed by Pakistan; Natural Earth draws it apart from "
        "both: dissolved into IND (de facto administration) so the map has no hole there",
    ),
    "Indian Ocean Ter.": (
        {"CXR": (105.0, -11.0, 106.5, -10.0), "CCK": (96.0, -13.0, 97.5, -11.5)},
        "two Australian external territories with ISO 3166-1 codes of their own: split by "
        "location into Christmas Island (CXR) and the Cocos (Keeling) Islands (CCK)",
    ),
}

# Crimea (UN General Assembly resolution 68/262: part of Ukraine). Natural Earth 4.1.0 draws the
# peninsula inside Russia as a polygon of its own (lat 44.39-46.22, lon 32.51-36.575). The cut
# box reaches north past the Perekop isthmus (46.22N) and ends in the Kerch Strait at 36.595E,
# between Crimea's eastern tip (36.575E) and Russia's Taman peninsula (western tip 36.618E).
# Only Russia's geometry is cut, so no part of mainland Ukraine can change hands.
CRIMEA_CUT = box(32.0, 44.0, 36.595, 46.30)
CRIMEA_AREA = (3.0, 3.2)  # square degrees; the build fails if the cut piece is not this size

# Western Sahara (a UN Non-Self-Governing Territory): the whole territory south of 27°40'N.
# Natural Earth 4.1.0 draws ESH only east of the Moroccan berm and puts the Moroccan-administered
# west (Laayoune, Dakhla) inside Morocco's polygon, down to the Mauritanian border at 21.3N.
# Every part of Morocco's geometry south of the parallel lies west of Algeria (8.685W) and north
# of Mauritania, inside the cut box; it is moved to ESH. Only Morocco's geometry is cut.
SAHARA_PARALLEL = 27 + 40 / 60
SAHARA_CUT = box(-18.0, 20.5, -8.5, SAHARA_PARALLEL)
SAHARA_AREA = (15.5, 16.5)  # square degrees; the build fails if the cut piece is not this size

# Common English short names where pycountry's (common_)name is a formal or sorted form.
NAME_OVERRIDES: dict[str, str] = {
    "BES": "Caribbean Netherlands",
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "MAF": "Saint Martin",
    "PCN": "Pitcairn Islands",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SHN": "Saint Helena",
    "SXM": "Sint Maarten",
    "UMI": "U.S. Minor Outlying Islands",
    "VAT": "Vatican City",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "XKX": "Kosovo",
}

# Codes with no polygon of their own at 1:50m: coordinates from memory, approx. (lon, lat, place).
MEMORY_POINTS: dict[str, tuple[float, float, str]] = {
    "BES": (-68.27, 12.15, "Kralendijk, Bonaire (drawn inside NLD's polygon)"),
    "BVT": (3.36, -54.42, "Bouvet Island (uninhabited)"),
    "GIB": (-5.35, 36.14, "Gibraltar"),
    "GLP": (-61.73, 16.0, "Basse-Terre, Guadeloupe (drawn inside FRA's polygon)"),
    "GUF": (-52.33, 4.92, "Cayenne, French Guiana (drawn inside FRA's polygon)"),
    "MTQ": (-61.07, 14.6, "Fort-de-France, Martinique (drawn inside FRA's polygon)"),
    "MYT": (45.23, -12.78, "Mamoudzou, Mayotte (drawn inside FRA's polygon)"),
    "REU": (55.45, -20.88, "Saint-Denis, Réunion (drawn inside FRA's polygon)"),
    "SJM": (15.65, 78.22, "Longyearbyen, Svalbard (drawn inside NOR's polygon)"),
    "TKL": (-171.22, -9.38, "Fakaofo atoll, Tokelau (drawn inside NZL's polygon)"),
    "TUV": (179.2, -8.52, "Funafuti, Tuvalu"),
    "UMI": (166.65, 19.3, "Wake Island (the islands are scattered across the Pacific)"),
}

SECTION_START = "<!-- geometry: written by scripts/build_geometry.py -->"
SOURCES_TEMPLATE = """\
{start}
## Country geometry: `countries.geojson`, `country_points.csv`, `world_110m.json`

Written by `scripts/build_geometry.py`; do not edit by hand. Rebuild (needs `npm` and the npm
registry) with:

    pip install -e .[build] && python scripts/build_geometry.py

### Source
- npm package `{package}@{version}`, file `{member}` (TopoJSON, scale 1:50m).
- Tarball `{filename}`: integrity `{integrity}`, shasum (sha1) `{shasum}`, checked against
  `npm pack --json` at build time.
- Data: Natural Earth {ne_version}, Admin 0 - Countries, public domain
  (https://www.naturalearthdata.com/about/terms-of-use/).
- world-atlas is under the ISC licence: "Copyright 2013-2019 Michael Bostock. Permission to use,
  copy, modify, and/or distribute this software for any purpose with or without fee is hereby
  granted, provided that the above copyright notice and this permission notice appear in all
  copies." (the full text, with its warranty disclaimer, is the package's `LICENSE`).

### Transformations, in order
1. **Codes.** Numeric ISO 3166-1 ids are mapped to alpha-3 with pycountry. Features without an
   id are handled by `SPECIAL_FEATURES` in the script:
{special}
   Features sharing a code are dissolved (Australia with Ashmore and Cartier Is., Cyprus with
   N. Cyprus, Somalia with Somaliland, India with Siachen Glacier). Territories with an ISO code
   of their own (Greenland, Hong Kong, Puerto Rico, Åland, the Crown dependencies...) keep their
   own polygon; territories that Natural Earth draws inside their sovereign's polygon (French
   overseas departments, Svalbard, Caribbean Netherlands, Tokelau) stay there.
2. **Antimeridian.** world-atlas stitches Russia (Chukotka, Wrangel Island) and Fiji across
   +-180 degrees and draws Antarctica as a ring round the South Pole. Such rings are unwrapped,
   closed along the pole where they encircle it, cut at +-180 into pieces inside [-180, 180] and
   passed through `make_valid`. Only Antarctica still spans 360 degrees of longitude, as a
   polygon reaching latitude -90; no ring jumps across the map.
3. **Crimea** (in Ukraine, UN General Assembly resolution 68/262). Natural Earth {ne_version}
   draws the peninsula inside Russia. The part of Russia's geometry inside the box
   {crimea_bounds} (lon/lat: north of the Perekop isthmus, east edge in the Kerch Strait between
   Crimea at 36.575E and the Taman peninsula at 36.618E) is moved to Ukraine; the build checks
   that this is exactly Russia's Crimean polygon and nothing else.
4. **Western Sahara** (a UN Non-Self-Governing Territory). Natural Earth {ne_version} draws
   ESH only east of the Moroccan berm, with Laayoune and Dakhla inside Morocco. The part of
   Morocco's geometry inside the box {sahara_bounds} (everything of it south of 27°40'N,
   the territory's northern limit; west of Algeria, north of Mauritania) is moved to Western
   Sahara; the build checks that no part of Morocco is left south of that parallel.
5. **Simplification.** `shapely.coverage_simplify` with tolerance {tolerance} (Visvalingam-Whyatt
   on all countries at once, so neighbours keep identical borders and no ring is dropped: every
   island survives), then `make_valid`.
6. **Rounding.** Coordinates snapped to a {grid}-degree grid (`shapely.set_precision`,
   3 decimals). Exterior rings are clockwise, the d3-geo convention plotly's `geo` traces
   follow.
6b. **Map detail** (`countries_map.geojson`, what the dashboard's world maps draw). Steps 5 and
   6 again from the same dissolved coverage with tolerance {map_tolerance} and a {map_grid}-degree
   grid (2 decimals): under a pixel on a laptop-wide world map, and about a third of the
   detailed file's vertices, which is what a browser spends a map's drawing time on. An island
   that vanishes at that grid keeps its detailed shape.
7. **Output.** {n_features} features, one per code, sorted by code; `id` and
   `properties.iso3` are the alpha-3 code, `properties.name` the common English short name.
8. **Base map** (`world_110m.json`, also written to `static/topojson/`, where the dashboard serves
   it to plotly.js; the name is the one plotly.js asks for). `countries_map.geojson` as read back
   from disk, encoded by `scripts/topology.py` as the TopoJSON plotly.js reads for its geo maps:
   objects `countries` (ids: the alpha-3 codes, what `locationmode="ISO-3"` matches;
   `properties.ct`: the point of `country_points.csv`), `land` (their union), `coastlines` (its
   boundary), `ocean` (a rectangle inside the map's edges, under the land) and empty `lakes`,
   `rivers`, `subunits`. Shared borders are stored once; coordinates are quantized to a
   0.001-degree grid and delta-encoded. Same border decisions as above. Deterministic: rebuilt
   with `python scripts/build_geometry.py --topojson-only` (no network) it is byte-identical.

### Border decisions
- Crimea in Ukraine (UKR), per UNGA resolution 68/262.
- Kosovo shown as its own polygon, code XKX.
- Taiwan shown as its own polygon, code TWN (its ISO 3166-1 code).
- Western Sahara (ESH): the whole territory south of 27°40'N, as the UN lists it (a
  Non-Self-Governing Territory), Moroccan-administered west (Laayoune, Dakhla) included. The
  Moroccan berm is not drawn; Natural Earth {ne_version} draws only the area east of it as ESH.
- Palestine (PSE): West Bank (with East Jerusalem) and Gaza as drawn by Natural Earth.
- Northern Cyprus in CYP and Somaliland in SOM (UN-recognised borders); Siachen Glacier in IND.
- Everywhere else Natural Earth's de facto lines stand, among them: the Golan Heights in ISR,
  Kashmir along the Line of Control with Aksai Chin in CHN, the southern Kuril Islands in RUS,
  Abkhazia and South Ossetia in GEO, Transnistria in MDA, Nagorno-Karabakh in AZE, Hala'ib in
  EGY, Abyei and Bir Tawil in SDN, the Ilemi triangle in KEN.

### Points (`country_points.csv`)
One row for every ISO 3166-1 alpha-3 code (pycountry) plus XKX. For a code with a polygon, the
point is the pole of inaccessibility (`shapely.maximum_inscribed_circle`, 0.01 degrees) of its
largest part by geodesic area, so it lies inside the mainland (France, Norway, the contiguous
United States...). Codes with no polygon of their own at 1:50m have `has_polygon = false`;
their coordinates are from memory, approx.:

| iso3 | name | lon | lat | place |
| --- | --- | --- | --- | --- |
{memory}
{end}
"""
SECTION_END = "<!-- /geometry -->"
GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Source:
    """The fetched package: where its data file is and how it was identified."""

    path: Path
    filename: str
    integrity: str
    shasum: str


def fetch_package(workdir: Path) -> Source:
    """Download world-atlas with ``npm pack``, check its integrity and extract the 50m file."""
    spec = f"{PACKAGE}@{VERSION}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    tarball = workdir / info["filename"]
    data = tarball.read_bytes()
    sha512 = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    sha1 = hashlib.sha1(data).hexdigest()
    if (sha512, sha1) != (info["integrity"], info["shasum"]):
        raise RuntimeError(f"{tarball.name}: hash differs from what npm reported")
    with tarfile.open(tarball) as tar:
        tar.extract(f"package/{MEMBER}", workdir, filter="data")
    return Source(workdir / "package" / MEMBER, tarball.name, sha512, sha1)


def assign_codes(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give every Natural Earth feature an alpha-3 code, splitting and merging special cases."""
    rows: list[tuple[str, BaseGeometry]] = []
    for ne_id, ne_name, geom in zip(raw["id"], raw["name"], raw.geometry, strict=True):
        if isinstance(ne_id, str):
            country = pycountry.countries.get(numeric=ne_id)
            if country is None:
                raise KeyError(f"numeric id {ne_id} ({ne_name}) is not in ISO 3166-1")
            rows.append((country.alpha_3, geom))
            continue
        if ne_name not in SPECIAL_FEATURES:
            raise KeyError(f"feature {ne_name!r} has no id and no entry in SPECIAL_FEATURES")
        target, _ = SPECIAL_FEATURES[ne_name]
        if isinstance(target, str):
            rows.append((target, geom))
        else:
            rows.extend(_split_by_bbox(geom, target, ne_name))
    codes, geoms = zip(*rows, strict=True)
    return gpd.GeoDataFrame({"iso3": codes}, geometry=list(geoms), crs="EPSG:4326")


def _split_by_bbox(
    geom: BaseGeometry, boxes: Mapping[str, Bbox], ne_name: str
) -> list[tuple[str, BaseGeometry]]:
    """Split ``geom`` into one geometry per code, every part going to the bbox that holds it."""
    parts = shapely.get_parts(geom)
    out = []
    for code, bbox in boxes.items():
        inside = [p for p in parts if box(*bbox).contains(p)]
        if not inside:
            raise ValueError(f"{ne_name}: no part inside the bbox of {code}")
        out.append((code, shapely.union_all(inside)))
    if sum(len(shapely.get_parts(g)) for _, g in out) != len(parts):
        raise ValueError(f"{ne_name}: some parts fall in no bbox")
    return out


def fix_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygons whose rings jump across +-180 degrees into pieces inside [-180, 180].

    world-atlas stitches features across the antimeridian (Russia, Fiji) and gives Antarctica a
    ring round the South Pole; read as flat coordinates these draw bands across the map.
    """
    parts = []
    for part in shapely.get_parts(geom):
        rings = [part.exterior, *part.interiors]
        if not any(_ring_needs_fix(np.asarray(r.coords)) for r in rings):
            parts.append(part)
            continue
        region: BaseGeometry = Polygon()
        for ring in rings:  # even-odd: holes cancel, however the rings are oriented
            region = region.symmetric_difference(_ring_region(np.asarray(ring.coords)))
        parts.extend(shapely.get_parts(region))
    return shapely.make_valid(MultiPolygon([p for p in parts if isinstance(p, Polygon)]))


def _ring_needs_fix(coords: np.ndarray) -> bool:
    """Whether a ring jumps across the antimeridian or runs along a pole."""
    jumps = np.abs(np.diff(coords[:, 0])) > 180
    return bool(jumps.any() or np.all(np.abs(coords[:, 1]) > 89.99))


def _ring_region(coords: np.ndarray) -> BaseGeometry:
    """The area a ring encloses, as polygons inside [-180, 180] (empty for a pole line)."""
    if np.all(np.abs(coords[:, 1]) > 89.99):
        return Polygon()  # a degenerate ring along the pole: no area on the sphere
    steps = np.round(np.diff(coords[:, 0]) / 360.0)
    lon = coords[:, 0] - 360.0 * np.concatenate([[0.0], np.cumsum(steps)])
    path = list(zip(lon, coords[:, 1], strict=True))
    if abs(lon[-1] - lon[0]) > 1e-9:  # the ring goes round a pole: close it along the pole
        pole = -90.0 if coords[:, 1].mean() < 0 else 90.0
        path += [(lon[-1], pole), (lon[0], pole)]
    unwrapped = shapely.make_valid(Polygon(path))
    pieces = []
    for k in range(-2, 3):
        piece = unwrapped.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        pieces.extend(
            shapely.transform(p, lambda xy, k=k: xy - [360.0 * k, 0.0])
            for p in shapely.get_parts(piece)
            if isinstance(p, Polygon) and not p.is_empty
        )
    return shapely.union_all(pieces)


def move_crimea(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move the Crimean peninsula from Russia's geometry to Ukraine's (UNGA resolution 68/262)."""
    geoms = countries.geometry.copy()
    rus = geoms.index[countries["iso3"] == "RUS"][0]
    ukr = geoms.index[countries["iso3"] == "UKR"][0]
    piece = geoms[rus].intersection(CRIMEA_CUT)
    low, high = CRIMEA_AREA
    if not (piece.geom_type == "Polygon" and low < piece.area < high):
        raise ValueError(f"Crimea cut gave {piece.geom_type} of area {piece.area:.3f}")
    rest = geoms[rus].difference(CRIMEA_CUT)
    if not shapely.equals_exact(piece.union(rest).normalize(), geoms[rus].normalize(), 1e-9):
        raise ValueError("the Crimea cut sliced through another part of Russia")
    geoms[rus] = rest
    geoms[ukr] = shapely.union_all([geoms[ukr], piece])
    return countries.set_geometry(geoms)


def move_western_sahara(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move Morocco's geometry south of 27°40'N to Western Sahara (the UN's territory)."""
    geoms = countries.geometry.copy()
    mar = geoms.index[countries["iso3"] == "MAR"][0]
    esh = geoms.index[countries["iso3"] == "ESH"][0]
    piece = geoms[mar].intersection(SAHARA_CUT)
    low, high = SAHARA_AREA
    if not (piece.geom_type == "Polygon" and low < piece.area < high):
        raise ValueError(f"Western Sahara cut gave {piece.geom_type} of area {piece.area:.3f}")
    rest = geoms[mar].difference(SAHARA_CUT)
    if rest.bounds[1] < SAHARA_PARALLEL - 1e-9:
        raise ValueError("part of Morocco south of 27°40'N lies outside the cut box")
    geoms[mar] = rest
    geoms[esh] = shapely.make_valid(shapely.union_all([geoms[esh], piece]))
    return countries.set_geometry(geoms)


def simplify_coverage(
    geoms: Iterable[BaseGeometry], tolerance: float, grid: float = GRID
) -> list[BaseGeometry]:
    """Simplify all countries together so shared borders stay shared, then snap to the grid.

    ``shapely.coverage_simplify`` (Visvalingam-Whyatt on the whole coverage) keeps neighbours
    edge-matched, unlike simplifying each country alone, and never drops a ring, so small
    islands survive (at worst as triangles).
    """
    simplified = shapely.coverage_simplify(np.asarray(list(geoms), dtype=object), tolerance)
    out = []
    for geom in simplified:
        snapped = shapely.set_precision(shapely.make_valid(geom), grid)
        polygons = [p for p in shapely.get_parts(snapped) if isinstance(p, Polygon)]
        out.append(shapely.orient_polygons(MultiPolygon(polygons), exterior_cw=True))
    return out


def common_name(code: str) -> str:
    """Common English short name of an alpha-3 code."""
    if code in NAME_OVERRIDES:
        return NAME_OVERRIDES[code]
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name


def marker_point(geom: BaseGeometry) -> tuple[float, float]:
    """Pole of inaccessibility of the largest part (by geodesic area): always inside it."""
    parts = shapely.get_parts(geom)
    largest = max(parts, key=lambda p: abs(GEOD.geometry_area_perimeter(p)[0]))
    centre = shapely.get_point(shapely.maximum_inscribed_circle(largest, 0.01), 0)
    return round(centre.x, 3), round(centre.y, 3)


def build_points(countries: gpd.GeoDataFrame) -> list[dict[str, object]]:
    """One row per ISO 3166-1 alpha-3 code plus XKX: a marker point and whether it has a polygon."""
    by_code = dict(zip(countries["iso3"], countries.geometry, strict=True))
    codes = sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"})
    rows = []
    for code in codes:
        if code in by_code:
            lon, lat = marker_point(by_code[code])
        elif code in MEMORY_POINTS:
            lon, lat, _ = MEMORY_POINTS[code]
        else:
            raise KeyError(f"{code} has neither a polygon nor an entry in MEMORY_POINTS")
        rows.append(
            {
                "iso3": code,
                "name": common_name(code),
                "lon": lon,
                "lat": lat,
                "has_polygon": "true" if code in by_code else "false",
            }
        )
    extra = set(by_code) - set(codes)
    if extra:
        raise ValueError(f"polygons with no ISO 3166-1 code: {sorted(extra)}")
    return rows


def feature_collection(countries: gpd.GeoDataFrame, decimals: int = 3) -> str:
    """GeoJSON text, one feature per line, coordinates with `decimals` decimals."""
    lines = []
    for code, name, geom in zip(
        countries["iso3"], countries["name"], countries.geometry, strict=True
    ):
        geometry = _rounded(mapping(geom), decimals)
        feature = {
            "type": "Feature",
            "id": code,
            "properties": {"iso3": code, "name": name},
            "geometry": geometry,
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def _rounded(obj: object, decimals: int) -> object:
    """Round every float in nested GeoJSON coordinates to `decimals` decimals."""
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, list | tuple):
        return [_rounded(v, decimals) for v in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v, decimals) for k, v in obj.items()}
    return obj


def build(
    source: Source, tolerance: float
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, list[dict[str, object]]]:
    """Run every transformation: codes, antimeridian, dissolve, Crimea, Western Sahara, simplify.

    Returns the detailed countries, the coarser map countries and the marker points.
    """
    raw = gpd.read_file(source.path, layer=LAYER)
    coded = assign_codes(raw)
    coded["geometry"] = [fix_antimeridian(g) for g in coded.geometry]
    dissolved = coded.dissolve(by="iso3", as_index=False).sort_values("iso3", ignore_index=True)
    dissolved = move_western_sahara(move_crimea(dissolved))
    countries = dissolved.set_geometry(simplify_coverage(dissolved.geometry, tolerance))
    lost = [c for c, g in zip(countries["iso3"], countries.geometry, strict=True) if g.is_empty]
    if lost:
        raise ValueError(f"simplification erased {lost}")
    countries.insert(1, "name", [common_name(c) for c in countries["iso3"]])
    coarse = simplify_coverage(dissolved.geometry, MAP_TOLERANCE, MAP_GRID)
    # An island smaller than the map grid vanishes there: it keeps its detailed shape.
    kept = [c if not c.is_empty else d for c, d in zip(coarse, countries.geometry, strict=True)]
    map_countries = countries.set_geometry(kept)
    return countries, map_countries, build_points(countries)


def write_points(rows: list[dict[str, object]], path: Path) -> None:
    """Write country_points.csv."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["iso3", "name", "lon", "lat", "has_polygon"])
        writer.writeheader()
        writer.writerows(rows)


def sources_section(source: Source, tolerance: float, n_features: int) -> str:
    """The geometry section of SOURCES.md."""
    memory = "\n".join(
        f"| {code} | {common_name(code)} | {lon} | {lat} | {place} |"
        for code, (lon, lat, place) in MEMORY_POINTS.items()
    )
    special = "\n".join(
        f"   - {name} -> {target if isinstance(target, str) else ' and '.join(target)}: {why}."
        for name, (target, why) in SPECIAL_FEATURES.items()
    )
    return SOURCES_TEMPLATE.format(
        start=SECTION_START,
        end=SECTION_END,
        package=PACKAGE,
        version=VERSION,
        member=MEMBER,
        ne_version=NATURAL_EARTH_VERSION,
        filename=source.filename,
        integrity=source.integrity,
        shasum=source.shasum,
        special=special,
        tolerance=tolerance,
        grid=GRID,
        map_tolerance=MAP_TOLERANCE,
        map_grid=MAP_GRID,
        n_features=n_features,
        memory=memory,
        crimea_bounds=CRIMEA_CUT.bounds,
        sahara_bounds=tuple(round(v, 4) for v in SAHARA_CUT.bounds),
    )


def write_sources(section: str, path: Path) -> None:
    """Replace this script's section of SOURCES.md, keeping whatever else the file holds."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Data sources\n"
    if SECTION_START in text:
        head, rest = text.split(SECTION_START, 1)
        text = head + section.strip() + rest.split(SECTION_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section.strip() + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help="coverage simplification tolerance in degrees",
    )
    parser.add_argument(
        "--topojson-only",
        action="store_true",
        help="only rebuild the TopoJSON from the map geometry already in --out (no network)",
    )
    parser.add_argument("--static", type=Path, default=STATIC_OUT, help="where the app serves it")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.topojson_only:
        write_topology(args.out, args.static)
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = fetch_package(Path(tmp))
        countries, map_countries, points = build(source, args.tolerance)
    geojson = args.out / "countries.geojson"
    geojson.write_text(feature_collection(countries), encoding="utf-8")
    map_geojson = args.out / "countries_map.geojson"
    map_geojson.write_text(feature_collection(map_countries, decimals=2), encoding="utf-8")
    write_points(points, args.out / "country_points.csv")
    write_sources(sources_section(source, args.tolerance, len(countries)), args.out / "SOURCES.md")
    print(f"{len(countries)} features, {geojson.stat().st_size / 1024:.0f} KiB -> {geojson}")
    print(f"map: {map_geojson.stat().st_size / 1024:.0f} KiB -> {map_geojson}")
    missing = [r["iso3"] for r in points if r["has_polygon"] == "false"]
    print(f"{len(points)} points; no polygon: {' '.join(missing)}")
    write_topology(args.out, args.static)


def write_topology(out: Path, static: Path) -> None:
    """Write the base-map TopoJSON from the map geometry and points in `out` (as committed, so a
    rebuild from them gives the same bytes) to `out` and to `static`."""
    countries = gpd.read_file(out / "countries_map.geojson")
    with (out / "country_points.csv").open(encoding="utf-8") as fh:
        centres = {r["iso3"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh)}
    shapes = dict(zip(countries["iso3"], countries.geometry, strict=True))
    text = dump_topology(build_topology(shapes, centres))
    static.mkdir(parents=True, exist_ok=True)
    for folder in (out, static):
        (folder / TOPOJSON).write_text(text, encoding="utf-8")
    print(f"topojson: {len(text.encode()) / 1024:.0f} KiB -> {out / TOPOJSON}, {static / TOPOJSON}")


if __name__ == "__main__":
    main()
