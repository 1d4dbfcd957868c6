"""Reading the CSV tables shipped in `geo/data`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib.resources import files

import pandas as pd


def read_csv(name: str, date_columns: Iterable[str] = ()) -> pd.DataFrame:
    """Read one CSV of `geo/data` as text; the named date columns as `datetime.date` (missing: None).

    Date columns the file does not have are ignored, so one list can serve related files.
    """
    with (files("diplomap.geo") / "data" / name).open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    for column in date_columns:
        if column in table.columns:
            table[column] = pd.Series(
                [date.fromisoformat(v) if v else None for v in table[column]],
                index=table.index,
                dtype=object,
            )
    return table
