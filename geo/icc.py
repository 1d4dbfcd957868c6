"""Rome Statute (ICC) membership on any date, from the dated tables in `geo/data`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from diplomap.geo._tables import read_csv

# Statuses, from most to least bound by the Statute.
PARTY = "party"
WITHDRAWING = "withdrawing"
WITHDRAWN = "withdrawn"
SIGNATORY = "signatory"
UNSIGNED = "unsigned"
NON_PARTY = "non-party"
STATUSES = (PARTY, WITHDRAWING, WITHDRAWN, SIGNATORY, UNSIGNED, NON_PARTY)
# Still a state party: a withdrawal takes effect one year after its notification (Art. 127(1)),
# and until then the state is bound by the Statute (and counted among the parties).
BOUND = (PARTY, WITHDRAWING)

# Columns of a status table.
ISO3 = "iso3"
STATUS = "status"
SINCE = "since"
SOURCE = "source"
VERIFIED = "verified"
STATUS_FIELDS = (ISO3, STATUS, SINCE, SOURCE, VERIFIED)

_DATE_COLUMNS = {
    "icc_states_parties.csv": [
        "date_deposited",
        "date_in_force",
        "withdrawal_notified",
        "withdrawal_effective",
    ],
    "icc_signatories_not_ratified.csv": ["date_signed"],
    "icc_unsigned.csv": ["date_declared"],
    "icc_warrants_leaders.csv": ["warrant_date"],
}


@dataclass(frozen=True)
class Treaty:
    """The three ICC tables: states parties, signatories that never ratified, unsignings."""

    parties: pd.DataFrame
    signatories: pd.DataFrame
    unsigned: pd.DataFrame


def read_table(name: str) -> pd.DataFrame:
    """Read one CSV of `geo/data`, its date columns as `datetime.date` (missing: None)."""
    return read_csv(name, _DATE_COLUMNS.get(name, []))


def load_treaty() -> Treaty:
    """Load the Rome Statute tables."""
    return Treaty(
        parties=read_table("icc_states_parties.csv"),
        signatories=read_table("icc_signatories_not_ratified.csv"),
        unsigned=read_table("icc_unsigned.csv"),
    )


def load_warrants() -> pd.DataFrame:
    """Public ICC arrest warrants against sitting leaders, with their dates."""
    return read_table("icc_warrants_leaders.csv")


def _is_verified(text: str) -> bool:
    return "unverified" not in text.lower()


def status_of(treaty: Treaty, iso3: str, day: date) -> dict[str, object]:
    """One country's Rome Statute status on `day`: a row with STATUS_FIELDS."""
    row = treaty.parties[treaty.parties["iso3"] == iso3]
    if not row.empty:
        p = row.iloc[0]
        verified = _is_verified(p["verification"])
        if p["withdrawal_effective"] and day >= p["withdrawal_effective"]:
            return _status(iso3, WITHDRAWN, p["withdrawal_effective"], p["source"], verified)
        if (
            p["withdrawal_notified"]
            and day >= p["withdrawal_notified"]
            and day >= p["date_in_force"]
        ):
            return _status(iso3, WITHDRAWING, p["withdrawal_notified"], p["source"], verified)
        if day >= p["date_in_force"]:
            return _status(iso3, PARTY, p["date_in_force"], p["source"], verified)
        return _status(iso3, NON_PARTY, None, p["source"], verified)
    row = treaty.unsigned[treaty.unsigned["iso3"] == iso3]
    if not row.empty and day >= row.iloc[0]["date_declared"]:
        u = row.iloc[0]
        return _status(
            iso3, UNSIGNED, u["date_declared"], u["source"], _is_verified(u["verification"])
        )
    row = treaty.signatories[treaty.signatories["iso3"] == iso3]
    if not row.empty and day >= row.iloc[0]["date_signed"]:
        s = row.iloc[0]
        return _status(
            iso3, SIGNATORY, s["date_signed"], s["source"], _is_verified(s["verification"])
        )
    return _status(iso3, NON_PARTY, None, "", True)


def _status(
    iso3: str, status: str, since: date | None, source: str, verified: bool
) -> dict[str, object]:
    return {ISO3: iso3, STATUS: status, SINCE: since, SOURCE: source, VERIFIED: verified}


def statuses_on(treaty: Treaty, iso3s: list[str], day: date) -> pd.DataFrame:
    """The status of every listed country on `day`, one row each."""
    return pd.DataFrame(
        [status_of(treaty, code, day) for code in iso3s], columns=list(STATUS_FIELDS)
    )


def count_parties(statuses: pd.DataFrame) -> int:
    """How many rows of a status table are states parties, those withdrawing included (a
    withdrawal counts only once it takes effect)."""
    return int(statuses[STATUS].isin(BOUND).sum())


# Extra columns of a then-and-now table.
STATUS_NOW = "status_now"
SINCE_NOW = "since_now"
THEN_NOW_FIELDS = (ISO3, STATUS, SINCE, STATUS_NOW, SINCE_NOW, VERIFIED, SOURCE)


def compare_statuses(treaty: Treaty, iso3s: list[str], then: date, now: date) -> pd.DataFrame:
    """Each listed country's status on `then` and on `now`, one row each.

    Returns
    -------
    pandas.DataFrame
        Columns THEN_NOW_FIELDS; ``verified`` is False if either date is unverified, ``source``
        names the sources of both rows.
    """
    before, after = statuses_on(treaty, iso3s, then), statuses_on(treaty, iso3s, now)
    sources = [
        " / ".join(dict.fromkeys(s for s in pair if s))
        for pair in zip(before[SOURCE], after[SOURCE], strict=True)
    ]
    table = before.assign(
        **{
            STATUS_NOW: after[STATUS],
            SINCE_NOW: after[SINCE],
            VERIFIED: before[VERIFIED] & after[VERIFIED],
            SOURCE: sources,
        }
    )
    return table[list(THEN_NOW_FIELDS)]
