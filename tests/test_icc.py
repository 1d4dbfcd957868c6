"""Rome Statute status on given dates, from the dated tables."""

from datetime import date

import pytest

from geo.icc import load_treaty, status_of, statuses_on


@pytest.fixture(scope="module")
def treaty():
    return load_treaty()


@pytest.mark.parametrize(
    ("iso3", "day", "status"),
    [
        ("HUN", date(2025, 5, 1), "party"),
        ("HUN", date(2025, 12, 1), "withdrawing"),
        ("HUN", date(2026, 6, 1), "withdrawing"),
        ("HUN", date(2026, 6, 2), "withdrawn"),
        ("HUN", date(2026, 7, 1), "withdrawn"),
        ("PHL", date(2019, 3, 16), "withdrawing"),
        ("PHL", date(2019, 3, 17), "withdrawn"),
        ("BDI", date(2017, 10, 26), "withdrawing"),
        ("BDI", date(2017, 10, 27), "withdrawn"),
        ("UKR", date(2024, 12, 31), "non-party"),
        ("UKR", date(2025, 1, 1), "party"),
        ("PSE", date(2015, 3, 31), "non-party"),
        ("PSE", date(2015, 4, 1), "party"),
        ("USA", date(2001, 6, 1), "signatory"),
        ("USA", date(2002, 5, 6), "unsigned"),
        ("RUS", date(2023, 10, 17), "unsigned"),
        ("CHN", date(2023, 10, 17), "non-party"),
        ("KGZ", date(2023, 10, 17), "signatory"),
        ("MNG", date(2023, 10, 17), "party"),
    ],
)
def test_status_on_date(treaty, iso3, day, status):
    assert status_of(treaty, iso3, day)["status"] == status


def test_party_count_mid_2025(treaty):
    codes = sorted(set(treaty.parties["iso3"]) | {"CHN", "USA"})
    table = statuses_on(treaty, codes, date(2025, 6, 1))
    assert (table["status"] == "party").sum() == 125


def test_unverified_dates_are_flagged(treaty):
    assert status_of(treaty, "HUN", date(2026, 7, 1))["verified"] is False
    assert status_of(treaty, "UKR", date(2025, 6, 1))["verified"] is True
