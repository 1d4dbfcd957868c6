"""Rome Statute status on given dates, warrants against sitting leaders, and the ICC map."""

from datetime import date

import pandas as pd
import pytest
from diplomap.geo.countries import load_countries, load_points, to_geojson
from diplomap.geo.icc import (
    THEN_NOW_FIELDS,
    compare_statuses,
    count_parties,
    load_treaty,
    status_of,
    statuses_on,
)
from diplomap.geo.warrants import (
    MEETING_FIELDS,
    VISIT_FIELDS,
    WARRANT_FIELDS,
    check_visit,
    check_visits,
    find_warrant_meetings,
    load_leader_warrants,
    select_warrant_pairs,
    warrants_on,
)

from diplomap.corpus.filters import mark_hosts
from diplomap.figures.maps import make_icc_map


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


@pytest.mark.parametrize(
    ("day", "parties", "withdrawing"),
    [
        (date(2023, 10, 17), 123, 0),
        (date(2025, 6, 1), 125, 0),
        (date(2025, 7, 1), 125, 1),  # Hungary notified on 2025-06-02: still a party
        (date(2026, 6, 1), 125, 1),  # the last day before its withdrawal takes effect
        (date(2026, 6, 2), 124, 0),  # one year after notification (Art. 127)
    ],
)
def test_party_count_counts_a_state_until_its_withdrawal_takes_effect(
    treaty, day, parties, withdrawing
):
    table = statuses_on(treaty, sorted(set(treaty.parties["iso3"]) | {"CHN", "USA"}), day)
    assert count_parties(table) == parties
    assert (table["status"] == "withdrawing").sum() == withdrawing


def test_unverified_dates_are_flagged(treaty):
    assert status_of(treaty, "HUN", date(2026, 7, 1))["verified"] is False
    assert status_of(treaty, "UKR", date(2025, 6, 1))["verified"] is True


# Then and now.


def test_compare_statuses_hungary_then_and_now(treaty):
    table = compare_statuses(treaty, ["HUN", "UKR", "CHN"], date(2023, 10, 17), date(2026, 11, 22))
    assert tuple(table.columns) == THEN_NOW_FIELDS
    rows = table.set_index("iso3")
    assert tuple(rows.loc["HUN", ["status", "status_now"]]) == ("party", "withdrawn")
    assert rows.loc["HUN", "since_now"] == date(2026, 6, 2)
    assert tuple(rows.loc["UKR", ["status", "status_now"]]) == ("non-party", "party")
    assert tuple(rows.loc["CHN", ["status", "status_now"]]) == ("non-party", "non-party")
    assert not rows.loc["HUN", "verified"]


# Warrants against sitting leaders, and the obligation to arrest.


@pytest.fixture(scope="module")
def warrants():
    return load_leader_warrants()


def test_warrant_table(warrants):
    assert tuple(warrants.columns) == WARRANT_FIELDS
    assert set(warrants["iso3"]) == {"SDN", "LBY", "RUS", "ISR", "AFG"}  # former leaders excluded
    assert all(isinstance(d, date) for d in warrants["warrant_date"])
    putin = warrants.set_index("iso3").loc["RUS"]
    assert putin["warrant_date"] == date(2023, 3, 17)
    assert putin["office_end"] is None
    assert bool(putin["verified"])
    assert not warrants.set_index("iso3").loc["LBY", "verified"]  # exact date from memory


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (date(2009, 3, 3), set()),
        (date(2009, 3, 4), {"SDN"}),
        (date(2011, 7, 1), {"SDN", "LBY"}),
        (date(2019, 6, 1), set()),  # al-Bashir ousted 2019-04-11
        (date(2023, 3, 16), set()),
        (date(2023, 3, 17), {"RUS"}),
        (date(2023, 10, 17), {"RUS"}),
        (date(2024, 11, 21), {"RUS", "ISR"}),
        (date(2025, 7, 8), {"RUS", "ISR", "AFG"}),
    ],
)
def test_warrants_on(warrants, day, codes):
    assert set(warrants_on(day, warrants)["iso3"]) == codes


def test_warrants_on_defaults_to_the_shipped_table():
    assert list(warrants_on(date(2023, 10, 17))["iso3"]) == ["RUS"]


@pytest.mark.parametrize(
    ("host", "day", "status", "obliged"),
    [
        ("CHN", date(2023, 10, 17), "non-party", False),
        ("KGZ", date(2023, 10, 10), "signatory", False),
        ("MNG", date(2024, 9, 3), "party", True),
        ("HUN", date(2023, 10, 17), "party", True),
        (
            "HUN",
            date(2025, 12, 1),
            "withdrawing",
            True,
        ),  # a party until the withdrawal takes effect
        ("HUN", date(2026, 7, 1), "withdrawn", False),
        ("MNG", date(2023, 3, 16), "party", False),  # the day before the warrant
    ],
)
def test_obligation_to_arrest_putin(treaty, warrants, host, day, status, obliged):
    answer = check_visit("RUS", host, day, treaty, warrants)
    assert tuple(answer) == VISIT_FIELDS
    assert answer["host_status"] == status
    assert answer["obliged_to_arrest"] is obliged
    assert answer["warrant_in_force"] is (day >= date(2023, 3, 17))


def test_no_warrant_no_obligation(treaty, warrants):
    answer = check_visit("CHN", "MNG", date(2024, 9, 3), treaty, warrants)
    assert (answer["warrant_in_force"], answer["obliged_to_arrest"]) == (False, False)
    assert answer["person"] is None


def test_a_visit_needs_a_host_abroad(treaty, warrants):
    with pytest.raises(ValueError, match="host"):
        check_visit("RUS", "RUS", date(2024, 9, 3), treaty, warrants)


def test_check_visits_table(treaty, warrants):
    visits = pd.DataFrame(
        {
            "subject": ["RUS", "RUS", "RUS"],
            "host": ["CHN", "KGZ", "MNG"],
            "day": [date(2023, 10, 17), date(2023, 10, 10), date(2024, 9, 3)],
            "article": ["a", "b", "c"],
        }
    )
    checked = check_visits(visits, treaty, warrants)
    assert list(checked.columns) == [*VISIT_FIELDS, "article"]
    assert list(checked["obliged_to_arrest"]) == [False, False, True]
    assert list(checked["article"]) == ["a", "b", "c"]


def test_find_warrant_meetings_from_links(warrants):
    links = pd.DataFrame(
        {
            "a": ["RUS", "CHN", "RUS", "RUS", "EU", "CHN", "RUS"],
            "b": ["CHN", "RUS", "HUN", "ICC", "RUS", "USA", "KGZ"],
            "type": ["meeting", "meeting", "meeting", "meeting", "meeting", "meeting", "criticism"],
            "article": ["x", "x", "x", "x", "x", "x", "x"],
        }
    )
    articles = pd.DataFrame({"article": ["x"], "date": [date(2023, 10, 17)]})
    found = find_warrant_meetings(links, articles, ["RUS", "CHN", "HUN", "USA", "KGZ"], warrants)
    assert tuple(found.columns) == MEETING_FIELDS
    assert list(zip(found["subject"], found["counterpart"], strict=True)) == [
        ("RUS", "CHN"),
        ("RUS", "HUN"),
    ]  # merged; blocs are no counterpart; CHN-USA involves no warrant; criticism is no meeting
    # No host column: no sentence says where they met, so the host is unknown (never the
    # counterpart standing in for it).
    assert list(found["host"]) == [None, None]
    assert not found["host_stated"].any()
    assert list(found["evidence"]) == [2, 1]  # RUS-CHN and CHN-RUS: two links, one meeting
    before = pd.DataFrame({"article": ["x"], "date": [date(2022, 10, 17)]})
    assert find_warrant_meetings(links, before, ["RUS", "CHN"], warrants).empty


def test_warrant_meetings_follow_the_stated_host(warrants):
    # Invented sentences' links: "Putin visited Mongolia", "Russia hosted Hungary's leader",
    # "Putin met the Chinese leader" and, the same day, "Putin travelled to China".
    links = mark_hosts(
        pd.DataFrame(
            {
                "a": ["RUS", "RUS", "RUS", "RUS"],
                "b": ["MNG", "HUN", "CHN", "CHN"],
                "type": ["meeting"] * 4,
                "article": ["x"] * 4,
                "cue": ["visited", "Hosted", "met", "travelled  to"],
                "sent_start": [0, 40, 80, 120],
            }
        )
    )
    assert list(links["host"]) == ["MNG", "RUS", None, "CHN"]
    articles = pd.DataFrame({"article": ["x"], "date": [date(2024, 9, 3)]})
    found = find_warrant_meetings(links, articles, ["RUS", "MNG", "HUN", "CHN"], warrants)
    # Hungary came to Russia: no visit abroad. China: the stated host wins, and the meeting's
    # unplaced sentence counts as its evidence too.
    assert list(zip(found["host"], found["host_stated"], found["evidence"], strict=True)) == [
        ("MNG", True, 1),
        ("CHN", True, 2),
    ]

    # "met Orban in Beijing": the stated place is a third country, and the only host
    third = pd.DataFrame(
        {"a": ["RUS"], "b": ["HUN"], "type": ["meeting"], "article": ["x"], "cue": ["met"],
         "venue": ["CHN"]}
    )  # fmt: skip
    found = find_warrant_meetings(mark_hosts(third), articles, ["RUS", "HUN", "CHN"], warrants)
    assert list(
        zip(
            found["subject"], found["counterpart"], found["host"], found["host_stated"], strict=True
        )
    ) == [("RUS", "HUN", "CHN", True)]


def test_an_unstated_host_is_unknown_not_the_counterpart(treaty, warrants):
    # "He also met with Mongolia's president" (in Beijing, but this sentence does not say so):
    # Mongolia, a state party, must not be said to be bound to arrest.
    links = mark_hosts(
        pd.DataFrame(
            {"a": ["RUS"], "b": ["MNG"], "type": ["meeting"], "article": ["x"], "cue": ["met"]}
        )
    )
    articles = pd.DataFrame({"article": ["x"], "date": [date(2023, 10, 17)]})
    found = find_warrant_meetings(links, articles, ["RUS", "MNG", "CHN"], warrants)
    assert list(zip(found["counterpart"], found["host"], strict=True)) == [("MNG", None)]
    checked = check_visits(found, treaty, warrants).iloc[0]
    assert checked["warrant_in_force"]
    assert checked["host"] is None
    assert checked["host_status"] is None
    assert checked["obliged_to_arrest"] is None  # unknown: neither bound nor free


def test_check_visit_with_an_unknown_host(treaty, warrants):
    answer = check_visit("RUS", None, date(2023, 10, 17), treaty, warrants)
    assert tuple(answer) == VISIT_FIELDS
    assert answer["warrant_in_force"] is True
    assert (answer["host_status"], answer["obliged_to_arrest"]) == (None, None)


def test_select_warrant_pairs(warrants):
    pairs = pd.DataFrame({"a": ["CHN", "CHN", "EU"], "b": ["RUS", "USA", "ISR"]})
    marked = select_warrant_pairs(pairs, warrants_on(date(2023, 10, 17), warrants))
    assert list(marked["b"]) == ["RUS"]
    assert (
        marked["warrant"].item() == "Vladimir Vladimirovich Putin (RUS): ICC warrant of 2023-03-17"
    )
    later = select_warrant_pairs(pairs, warrants_on(date(2025, 1, 1), warrants))
    assert list(later["b"]) == ["RUS", "ISR"]


# The ICC map figure.


def test_icc_map_highlights_warrant_links_and_flags_unverified(treaty, warrants):
    geojson = to_geojson(load_countries())
    points = load_points()
    day = date(2023, 10, 17)
    statuses = statuses_on(treaty, list(points["iso3"]), day)
    pairs = pd.DataFrame(
        {
            "a": ["CHN", "CHN"],
            "b": ["RUS", "USA"],
            "links": [3, 1],
            "types": ["meeting", "criticism"],
        }
    )
    places = points.rename(columns={"iso3": "code"})
    marked = select_warrant_pairs(pairs, warrants_on(day, warrants))
    fig = make_icc_map(geojson, statuses, points, ["CHN", "RUS"], {}, "2023-10-17", marked, places)
    dashed = [t for t in fig.data if t.type == "scattergeo" and t.line.dash == "dash"]
    assert len(dashed) == 1
    assert dashed[0].showlegend is not False
    assert dashed[0].name == "Link involving a leader under ICC warrant"
    assert dashed[0].lon[-1] is None  # one arc: CHN-RUS, sampled along a curve, then a break
    assert sum(x is None for x in dashed[0].lon) == 1
    assert max(dashed[0].lat[:-1]) < 80  # the curve stays below the map's top edge
    hovers = [t for t in fig.data if t.legendgroup == "warrant" and t.mode == "markers"]
    assert "Putin" in hovers[0].text[0]
    party = next(t for t in fig.data if t.name == "State party")
    mng = party.text[list(party.locations).index("MNG")]
    assert "since 2002-07-01" in mng
    assert "source:" in mng
    assert "UNVERIFIED" in mng
    assert all(t.geojson is None for t in fig.data if t.type == "choropleth")  # codes only
    without = make_icc_map(geojson, statuses, points, ["CHN"], {}, "2023-10-17")
    assert not [t for t in without.data if t.legendgroup == "warrant"]
