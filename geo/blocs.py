"""Blocs on the map: the seat where a link to a bloc is drawn, and members as geometry on a date."""

from __future__ import annotations

from datetime import date, timedelta
from importlib.resources import files

import geopandas as gpd
import pandas as pd
import shapely
from diplomap.geo._tables import read_csv

PLACE_FIELDS = ("code", "name", "lon", "lat")

# Columns of a membership table: one row per spell of a state in a bloc.
BLOC = "bloc"
ISO3 = "iso3"
NAME = "name"
JOINED = "joined"
LEFT = "left"  # the first day out; None while still a member
SOURCE = "source"
VERIFICATION = "verification"
MEMBER_FIELDS = (BLOC, ISO3, NAME, JOINED, LEFT, SOURCE, VERIFICATION)
# Blocs with dated member files in geo/data (see SOURCES.md).
MEMBER_FILES = {
    "EU": ("eu_member_states.csv", "eu_former_members.csv"),
    "NATO": ("nato_member_states.csv",),
}


def load_bloc_seats() -> pd.DataFrame:
    """Bloc code, name, seat city and its coordinates (empty for blocs with no seat)."""
    with (files("diplomap.geo") / "data" / "bloc_seats.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle)


def place_actors(points: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    """One map point per actor code: countries at their representative point, blocs at their seat."""
    countries = points.rename(columns={"iso3": "code"})[list(PLACE_FIELDS)]
    blocs = seats.dropna(subset=["lon", "lat"])[list(PLACE_FIELDS)]
    return pd.concat([countries, blocs], ignore_index=True).drop_duplicates("code")


def load_bloc_members() -> pd.DataFrame:
    """Dated membership of the EU and NATO, from the member files of `geo/data`.

    Returns
    -------
    pandas.DataFrame
        Columns MEMBER_FIELDS. ``joined`` is the accession date; ``left`` the day after the
        last day of membership (the UK: last day 2020-01-31, so ``left`` is 2020-02-01).
    """
    spells = []
    for bloc, names in MEMBER_FILES.items():
        for name in names:
            table = read_csv(name, ["accession_date", "exit_date"])
            exits = table.get("exit_date", pd.Series([None] * len(table), dtype=object))
            table[LEFT] = [d + timedelta(days=1) if d else None for d in exits]
            spells.append(table.assign(**{BLOC: bloc, JOINED: table["accession_date"]}))
    members = pd.concat(spells, ignore_index=True)
    return members[list(MEMBER_FIELDS)]


def bloc_members_on(code: str, day: date, members: pd.DataFrame | None = None) -> list[str]:
    """The ISO3 codes of the bloc's members on `day`, sorted.

    Parameters
    ----------
    code : str
        A bloc with a member file: ``"EU"`` or ``"NATO"``.
    day : datetime.date
        Members who joined on or before `day` and had not left by it.
    members : pandas.DataFrame, optional
        A table from :func:`load_bloc_members` (loaded when omitted).
    """
    if code not in MEMBER_FILES:
        raise ValueError(f"no member list for bloc {code!r}; known: {', '.join(MEMBER_FILES)}")
    table = load_bloc_members() if members is None else members
    spells = table[table[BLOC] == code]
    current = [
        iso3
        for iso3, joined, left in zip(spells[ISO3], spells[JOINED], spells[LEFT], strict=True)
        if joined <= day and (left is None or day < left)
    ]
    return sorted(set(current))


def dissolve_bloc(
    countries: gpd.GeoDataFrame, members: list[str], code: str = ""
) -> gpd.GeoDataFrame:
    """The members' shapes dissolved into one geometry.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Columns ``iso3`` and polygonal geometries (as from :func:`geo.countries.load_countries`).
    members : list of str
        ISO3 codes; codes with no polygon are skipped.
    code : str
        The bloc code to put in the result.

    Returns
    -------
    geopandas.GeoDataFrame
        One row: ``code``, ``members`` (how many shapes were dissolved) and the union.
    """
    chosen = countries[countries[ISO3].isin(members)]
    union = shapely.make_valid(shapely.union_all(chosen.geometry.to_numpy()))
    return gpd.GeoDataFrame(
        {"code": [code], "members": [len(chosen)]}, geometry=[union], crs=countries.crs
    )
