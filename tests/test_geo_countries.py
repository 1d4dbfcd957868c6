import json
from importlib.resources import files

import numpy as np
import pytest
import shapely
from diplomap.geo import countries as gc
from shapely.geometry import Point, shape

# The 193 UN member states and the 2 observer states (Holy See, Palestine).
_UN_MEMBER_CODES = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
    COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
    GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
    LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE
    MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
    QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
    SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA
    USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
UN_MEMBERS = set(_UN_MEMBER_CODES.split())
UN_OBSERVERS = {"VAT", "PSE"}
SIMFEROPOL = Point(34.1, 45.0)
TAMAN = Point(37.1, 45.2)  # Russia's side of the Kerch Strait
LAAYOUNE = Point(-13.2, 27.15)
DAKHLA = Point(-15.93, 23.7)
RABAT = Point(-6.84, 34.02)
NORTH_OF_LINE = Point(-10.0, 27.75)  # inland, just north of 27°40'N: Morocco
SOUTH_OF_LINE = Point(-10.0, 27.6)  # just south of it: Western Sahara


@pytest.fixture(scope="module")
def countries():
    return gc.load_countries()


@pytest.fixture(scope="module")
def points():
    return gc.load_points()


def geometry_of(countries, code):
    return countries.loc[countries[gc.ISO3] == code, "geometry"].item()


def test_column_constants():
    assert (gc.ISO3, gc.NAME, gc.LON, gc.LAT, gc.HAS_POLYGON) == (
        "iso3",
        "name",
        "lon",
        "lat",
        "has_polygon",
    )


def test_un_list_is_complete():
    assert len(UN_MEMBERS) == 193
    assert not UN_MEMBERS & UN_OBSERVERS


def test_countries_table(countries):
    assert list(countries.columns) == [gc.ISO3, gc.NAME, "geometry"]
    assert countries.crs.to_epsg() == 4326
    codes = countries[gc.ISO3]
    assert codes.is_unique
    assert list(codes) == sorted(codes)
    assert codes.str.fullmatch(r"[A-Z]{3}").all()
    assert "-99" not in set(codes)
    assert (countries[gc.NAME].str.len() > 0).all()


def test_points_table(points):
    assert list(points.columns) == [gc.ISO3, gc.NAME, gc.LON, gc.LAT, gc.HAS_POLYGON]
    assert points[gc.HAS_POLYGON].dtype == bool
    assert points[gc.ISO3].is_unique
    assert points[gc.ISO3].str.fullmatch(r"[A-Z]{3}").all()
    assert points[gc.LON].between(-180, 180).all()
    assert points[gc.LAT].between(-90, 90).all()
    assert {"NAM", "XKX"} <= set(points[gc.ISO3])  # Namibia's code survives CSV parsing


def test_every_un_member_and_observer_is_shown(countries, points):
    in_points = set(points[gc.ISO3])
    with_polygon = set(countries[gc.ISO3])
    for code in UN_MEMBERS | UN_OBSERVERS:
        assert code in in_points, code
    assert (UN_MEMBERS | UN_OBSERVERS) - with_polygon == {"TUV"}


def test_has_polygon_matches_countries(countries, points):
    flagged = set(points.loc[points[gc.HAS_POLYGON], gc.ISO3])
    assert flagged == set(countries[gc.ISO3])


def test_polygon_points_lie_inside_their_polygon(countries, points):
    polygons = dict(zip(countries[gc.ISO3], countries.geometry, strict=True))
    for row in points[points[gc.HAS_POLYGON]].itertuples():
        assert polygons[row.iso3].contains(Point(row.lon, row.lat)), row.iso3


@pytest.mark.parametrize(
    ("code", "lon", "lat"),
    [("FRA", 2.35, 46.5), ("NOR", 10.75, 61.0), ("USA", -98.0, 39.0), ("XKX", 21.0, 42.6)],
)
def test_mainland_points(points, code, lon, lat):
    row = points.set_index(gc.ISO3).loc[code]
    assert abs(row[gc.LON] - lon) < 6
    assert abs(row[gc.LAT] - lat) < 4


@pytest.mark.parametrize("code", ["FRA", "NOR", "XKX", "TWN", "PSE", "ESH", "VAT", "MCO"])
def test_has_polygon(countries, code):
    assert not geometry_of(countries, code).is_empty


def test_crimea_is_in_ukraine(countries):
    assert geometry_of(countries, "UKR").contains(SIMFEROPOL)
    assert not geometry_of(countries, "RUS").intersects(SIMFEROPOL)
    assert geometry_of(countries, "RUS").contains(TAMAN)
    assert not geometry_of(countries, "UKR").intersects(TAMAN)


def test_western_sahara_is_the_whole_territory(countries):
    esh, mar = geometry_of(countries, "ESH"), geometry_of(countries, "MAR")
    assert esh.contains(LAAYOUNE)
    assert not mar.intersects(LAAYOUNE)
    assert esh.distance(DAKHLA) < 0.1  # on a thin peninsula that simplification narrows
    assert mar.distance(DAKHLA) > 4  # degrees: Morocco now ends at 27°40'N
    assert mar.contains(RABAT)
    assert mar.contains(NORTH_OF_LINE)
    assert esh.contains(SOUTH_OF_LINE)
    assert not esh.intersects(RABAT)
    assert mar.bounds[1] >= 27 + 40 / 60 - 0.001  # nothing of Morocco south of 27°40'N
    assert esh.bounds[3] <= 27 + 40 / 60 + 0.001
    assert esh.intersection(mar).area == 0


def test_western_sahara_point_lies_inside_it(points, countries):
    row = points.set_index(gc.ISO3).loc["ESH"]
    assert geometry_of(countries, "ESH").contains(Point(row[gc.LON], row[gc.LAT]))


def test_disputed_features_are_dissolved(countries):
    codes = set(countries[gc.ISO3])
    assert {"CYP", "SOM", "IND", "CXR", "CCK"} <= codes
    assert geometry_of(countries, "CYP").contains(Point(33.36, 35.2))  # north Nicosia
    assert geometry_of(countries, "SOM").contains(Point(44.06, 9.56))  # Hargeisa


def test_no_ring_jumps_across_the_antimeridian(countries):
    for code, geom in zip(countries[gc.ISO3], countries.geometry, strict=True):
        for part in shapely.get_parts(geom):
            for ring in [part.exterior, *part.interiors]:
                xy = np.asarray(ring.coords)
                jumps = np.abs(np.diff(xy[:, 0])) > 180
                along_pole = (np.abs(xy[:-1, 1]) == 90) & (np.abs(xy[1:, 1]) == 90)
                assert not (jumps & ~along_pole).any(), code


def test_no_part_spans_more_than_180_degrees(countries):
    wide = set()
    for code, geom in zip(countries[gc.ISO3], countries.geometry, strict=True):
        for part in shapely.get_parts(geom):
            minx, miny, maxx, _ = part.bounds
            if maxx - minx > 180:
                wide.add(code)
                assert miny == -90, code  # only a polygon round the South Pole may
    assert wide == {"ATA"}


def test_split_at_the_antimeridian(countries):
    for code in ["RUS", "FJI"]:
        minx, _, maxx, _ = geometry_of(countries, code).bounds
        assert (minx, maxx) == (-180, 180), code


def test_geometries_are_valid(countries):
    assert countries.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert countries.geometry.is_valid.all()
    assert not countries.geometry.is_empty.any()


def test_geojson_file():
    resource = files("diplomap.geo") / "data" / "countries.geojson"
    raw = resource.read_bytes()
    assert len(raw) < 1_000_000
    features = json.loads(raw)["features"]
    codes = [f["id"] for f in features]
    assert codes == sorted(set(codes))
    for feature in features:
        assert set(feature["properties"]) == {"iso3", "name"}
        assert feature["properties"]["iso3"] == feature["id"]


def test_to_geojson_ids_and_winding(countries):
    collection = gc.to_geojson(countries)
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == list(countries[gc.ISO3])
    json.dumps(collection)
    for feature in collection["features"]:
        assert set(feature["properties"]) == {gc.ISO3, gc.NAME}
        for part in shapely.get_parts(shape(feature["geometry"])):
            assert not part.exterior.is_ccw, feature["id"]  # d3-geo / plotly winding
            assert all(hole.is_ccw for hole in part.interiors), feature["id"]


def test_to_geojson_rewinds_anticlockwise_input(countries):
    ccw = countries.copy()
    ccw["geometry"] = shapely.orient_polygons(ccw.geometry.to_numpy(), exterior_cw=False)
    feature = gc.to_geojson(ccw.iloc[:3])["features"][0]
    assert not shapely.get_parts(shape(feature["geometry"]))[0].exterior.is_ccw


@pytest.fixture(scope="module")
def map_countries():
    return gc.load_countries("map")


def test_map_detail_has_every_code_valid_and_smaller(countries, map_countries):
    assert list(map_countries[gc.ISO3]) == list(countries[gc.ISO3])
    assert map_countries.geometry.is_valid.all()
    assert not map_countries.geometry.is_empty.any()
    full = (files("diplomap.geo") / "data" / "countries.geojson").read_bytes()
    coarse = (files("diplomap.geo") / "data" / "countries_map.geojson").read_bytes()
    assert len(coarse) < len(full) / 2


def test_map_detail_keeps_border_decisions(map_countries):
    assert geometry_of(map_countries, "UKR").contains(SIMFEROPOL)
    assert geometry_of(map_countries, "RUS").contains(TAMAN)
    assert geometry_of(map_countries, "ESH").contains(LAAYOUNE)
    assert geometry_of(map_countries, "MAR").contains(RABAT)


def test_unknown_detail_is_refused():
    with pytest.raises(ValueError, match="detail must be one of"):
        gc.load_countries("fine")
