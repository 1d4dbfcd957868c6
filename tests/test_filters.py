"""The shared filters: their URL round trip, bad values, and what they select."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from diplomap.corpus.filters import FilterSpec, find_unread_params
from tests.oracle import ego_links, filter_links, filter_mentions


def links_table() -> pd.DataFrame:
    rows = [
        # article, a, b, type, quad, mode, sent_start
        ("one", "RUS", "CHN", "meeting", 1, "asserted", 0),
        ("one", "CHN", "RUS", "meeting", 1, "asserted", 50),
        ("one", "RUS", "UKR", "conflict", 4, "asserted", 100),
        ("two", "RUS", "UKR", "conflict", 4, "negated", 0),
        ("two", "CHN", "HUN", "economic", 2, "planned", 40),
        ("three", "HUN", "EU", "criticism", 3, "hypothetical", 0),
    ]
    return pd.DataFrame(rows, columns=["article", "a", "b", "type", "quad", "mode", "sent_start"])


def articles_table() -> pd.DataFrame:
    days = [date(2023, 10, 17), date(2024, 1, 5), None]
    return pd.DataFrame({"article": ["one", "two", "three"], "date": days})


def test_default_spec_has_no_params_and_keeps_the_factual_modes():
    assert FilterSpec().to_params() == {}
    assert FilterSpec.from_params({}) == FilterSpec()
    kept = filter_links(links_table(), articles_table(), FilterSpec())
    assert set(kept["mode"]) == {"asserted", "planned"}
    assert len(kept) == 4


def test_params_round_trip():
    spec = FilterSpec(
        types=("meeting", "conflict"),
        quads=(1, 4),
        modes=("asserted", "negated"),
        min_evidence=2,
        focus="RUS",
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
    )
    params = spec.to_params()
    assert params["types"] == "meeting,conflict"
    assert params["from"] == "2023-01-01"
    assert FilterSpec.from_params(params) == spec


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_evidence": "lots"}, FilterSpec()),
        ({"min_evidence": "-3"}, FilterSpec()),
        ({"quads": "9,x"}, FilterSpec()),
        ({"modes": "nonsense"}, FilterSpec()),
        ({"focus": "<script>"}, FilterSpec()),
        ({"from": "2023-02-30"}, FilterSpec()),
        ({"from": "2024-01-01", "to": "2023-01-01"}, FilterSpec()),
        ({"types": "Meeting,<b>"}, FilterSpec(types=("meeting",))),
        ({"focus": "rus", "quads": ["1", "2,3"]}, FilterSpec(focus="RUS", quads=(2, 3))),
    ],
)
def test_bad_params_fall_back_to_defaults(params, expected):
    assert FilterSpec.from_params(params) == expected


TYPES = ["conflict", "meeting"]
ACTORS = ["CHN", "RUS"]


@pytest.mark.parametrize(
    ("params", "unread"),
    [
        ({}, []),
        ({"types": "meeting", "focus": "rus", "from": "2023-01-01", "min_evidence": "2"}, []),
        ({"types": "", "from": "", "focus": "", "min_evidence": ""}, []),  # empty: as if absent
        ({"types": "bogus,meeting"}, [("types=bogus", "not a link type")]),
        (
            {"quads": "1,9", "modes": "asserted,maybe"},
            [("quads=9", "not a class from 0 to 4"), ("modes=maybe", "not a mode")],
        ),
        ({"min_evidence": "0"}, [("min_evidence=0", "not a whole number from 1 to 1000")]),
        ({"min_evidence": "two"}, [("min_evidence=two", "not a whole number from 1 to 1000")]),
        ({"focus": "ZZZ"}, [("focus=ZZZ", "no actor of the corpus has this code")]),
        (
            {"from": "notadate", "to": "2023-13-01"},
            [
                ("from=notadate", "not a date (YYYY-MM-DD)"),
                ("to=2023-13-01", "not a date (YYYY-MM-DD)"),
            ],
        ),
        (
            {"from": "2024-01-01", "to": "2023-01-01"},
            [("from=2024-01-01&to=2023-01-01", "the start is after the end")],
        ),
    ],
)
def test_find_unread_params_names_what_the_filters_leave_out(params, unread):
    assert find_unread_params(params, TYPES, ACTORS) == unread
    if any(given.startswith("from=") for given, _ in unread):
        assert FilterSpec.from_params(params).start is None  # from_params leaves it out too


def test_filters_select_links():
    links, articles = links_table(), articles_table()
    assert set(filter_links(links, articles, FilterSpec(types=("conflict",)))["article"]) == {"one"}
    coop = filter_links(links, articles, FilterSpec(quads=(1, 2)))
    assert set(coop["type"]) == {"meeting", "economic"}
    every = FilterSpec(modes=("asserted", "planned", "historical", "hypothetical", "negated"))
    assert len(filter_links(links, articles, every)) == 6
    focus = filter_links(links, articles, FilterSpec(focus="UKR"))
    assert set(focus["a"]) | set(focus["b"]) == {"RUS", "UKR"}


def test_minimum_evidence_counts_sentences_per_pair():
    kept = filter_links(links_table(), articles_table(), FilterSpec(min_evidence=2))
    assert set(kept["type"]) == {"meeting"}  # RUS-CHN has two sentences, every other pair one


def test_date_range_drops_undated_articles():
    spec = FilterSpec(start=date(2024, 1, 1), modes=("planned", "hypothetical"))
    assert set(filter_links(links_table(), articles_table(), spec)["article"]) == {"two"}
    mentions = pd.DataFrame({"article": ["one", "two", "three"], "code": ["RUS", "CHN", "HUN"]})
    assert list(filter_mentions(mentions, articles_table(), spec)["code"]) == ["CHN"]


def test_ego_links_include_links_among_partners():
    links = links_table()
    ego = ego_links(links, "UKR")
    assert set(ego["type"]) == {"conflict"}
    extra = pd.DataFrame([{"article": "two", "a": "CHN", "b": "EU", "type": "legal"}])
    ego = ego_links(pd.concat([links, extra], ignore_index=True), "HUN")
    assert set(ego["type"]) == {"economic", "criticism", "legal"}  # CHN and EU are both partners
