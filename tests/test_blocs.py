"""Blocs as geometry: dated EU and NATO membership, dissolved into one shape."""

from datetime import date, timedelta

import pandas as pd
import pytest
import shapely
from diplomap.geo import blocs
from diplomap.geo.countries import load_countries
from shapely.geometry import Point

LONDON = Point(-0.13, 51.5)
PARIS = Point(2.35, 48.86)
HELSINKI = Point(24.94, 60.17)


@pytest.fixture(scope="module")
def countries():
    return load_countries()


@pytest.fixture(scope="module")
def members():
    return blocs.load_bloc_members()


def test_member_table(members):
    assert tuple(members.columns) == blocs.MEMBER_FIELDS
    assert set(members[blocs.BLOC]) == {"EU", "NATO"}
    assert all(isinstance(d, date) for d in members[blocs.JOINED])
    gbr = members[(members[blocs.BLOC] == "EU") & (members[blocs.ISO3] == "GBR")].iloc[0]
    assert (gbr[blocs.JOINED], gbr[blocs.LEFT]) == (date(1973, 1, 1), date(2020, 2, 1))


@pytest.mark.parametrize(
    ("code", "day", "count"),
    [
        ("EU", date(2019, 6, 1), 28),
        ("EU", date(2021, 1, 1), 27),
        ("EU", date(2013, 6, 30), 27),  # before Croatia
        ("EU", date(1958, 1, 1), 6),
        ("NATO", date(1949, 8, 24), 12),
        ("NATO", date(2023, 4, 3), 30),
        ("NATO", date(2023, 4, 4), 31),
        ("NATO", date(2024, 3, 7), 32),
    ],
)
def test_member_counts(members, code, day, count):
    assert len(blocs.bloc_members_on(code, day, members)) == count


def test_united_kingdom_leaves_the_eu_after_31_january_2020(members):
    assert "GBR" in blocs.bloc_members_on("EU", date(2020, 1, 31), members)
    assert "GBR" not in blocs.bloc_members_on("EU", date(2020, 2, 1), members)
    assert "GBR" in blocs.bloc_members_on("NATO", date(2020, 2, 1), members)


@pytest.mark.parametrize(("iso3", "joined"), [("FIN", date(2023, 4, 4)), ("SWE", date(2024, 3, 7))])
def test_nato_nordic_accessions(members, iso3, joined):
    assert iso3 not in blocs.bloc_members_on("NATO", joined - timedelta(days=1), members)
    assert iso3 in blocs.bloc_members_on("NATO", joined, members)


def test_members_default_to_the_shipped_tables():
    assert blocs.bloc_members_on("EU", date(2021, 1, 1)) == sorted(
        blocs.bloc_members_on("EU", date(2021, 1, 1))
    )
    assert "DEU" in blocs.bloc_members_on("EU", date(2021, 1, 1))


def test_unknown_bloc_is_refused(members):
    with pytest.raises(ValueError, match="UN"):
        blocs.bloc_members_on("UN", date(2021, 1, 1), members)


def test_eu_geometry_with_the_united_kingdom(countries, members):
    eu = blocs.dissolve_bloc(
        countries, blocs.bloc_members_on("EU", date(2019, 6, 1), members), "EU"
    )
    assert len(eu) == 1
    assert (eu["code"].item(), eu["members"].item()) == ("EU", 28)
    union = eu.geometry.item()
    assert union.is_valid
    assert union.contains(LONDON)
    assert union.contains(PARIS)
    assert eu.crs == countries.crs


def test_eu_geometry_without_the_united_kingdom(countries, members):
    union = blocs.dissolve_bloc(
        countries, blocs.bloc_members_on("EU", date(2021, 1, 1), members)
    ).geometry.item()
    assert not union.contains(LONDON)
    assert union.contains(PARIS)


def test_nato_geometry_gains_finland(countries, members):
    before = blocs.dissolve_bloc(
        countries, blocs.bloc_members_on("NATO", date(2023, 4, 3), members)
    )
    after = blocs.dissolve_bloc(countries, blocs.bloc_members_on("NATO", date(2023, 4, 4), members))
    assert not before.geometry.item().contains(HELSINKI)
    assert after.geometry.item().contains(HELSINKI)


def test_dissolve_is_one_shape_not_a_pile_of_borders(countries):
    union = blocs.dissolve_bloc(countries, ["FRA", "DEU"]).geometry.item()
    separate = list(countries[countries["iso3"].isin(["FRA", "DEU"])].geometry)
    assert union.area == pytest.approx(sum(g.area for g in separate), rel=1e-6)
    # the shared border is gone: mainland France and Germany became one part
    assert len(shapely.get_parts(union)) < sum(len(shapely.get_parts(g)) for g in separate)


def test_links_to_a_bloc_are_placed_at_its_seat():
    seats = blocs.load_bloc_seats()
    points = pd.DataFrame({"iso3": ["BEL"], "name": ["Belgium"], "lon": [4.6], "lat": [50.6]})
    places = blocs.place_actors(points, seats).set_index("code")
    assert tuple(places.loc["EU", ["lon", "lat"]]) == (4.352, 50.847)  # Brussels
    assert tuple(places.loc["NATO", ["lon", "lat"]]) == (4.425, 50.877)
    assert "G7" not in places.index  # no seat, no arcs
