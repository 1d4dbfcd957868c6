"""Blocs on the map: the seat where a link to a bloc is drawn."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

PLACE_FIELDS = ("code", "name", "lon", "lat")


def load_bloc_seats() -> pd.DataFrame:
    """Bloc code, name, seat city and its coordinates (empty for blocs with no seat)."""
    with (files("geo") / "data" / "bloc_seats.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle)


def place_actors(points: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    """One map point per actor code: countries at their representative point, blocs at their seat."""
    countries = points.rename(columns={"iso3": "code"})[list(PLACE_FIELDS)]
    blocs = seats.dropna(subset=["lon", "lat"])[list(PLACE_FIELDS)]
    return pd.concat([countries, blocs], ignore_index=True).drop_duplicates("code")
