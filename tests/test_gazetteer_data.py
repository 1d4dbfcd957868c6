"""Checks on the gazetteer data files in extract/data (countries, blocs, blockers, people)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from importlib.resources import files

import pytest

COUNTRY_KEYS = {"code", "name", "status", "aliases", "demonyms", "capitals", "metonyms"}
COUNTRY_LISTS = ("aliases", "demonyms", "capitals", "metonyms")
STATUSES = {"un_member", "un_observer", "territory", "other"}
BLOC_KEYS = {"code", "name", "aliases"}
BLOCKER_KEYS = {"pattern", "reason"}
PEOPLE_KEYS = {"name", "aliases", "code", "role", "title", "start", "end", "source", "verified"}
ROLES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "bloc_official",
    "vice_president",
    "leader",
}
TOKEN = re.compile(r"\w+|[^\w\s]")


def load(name):
    text = (files("diplomap.extract") / "data" / name).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        assert line.strip(), f"{name}:{number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{name}:{number} is not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def countries():
    return load("countries.jsonl")


@pytest.fixture(scope="module")
def blocs():
    return load("blocs.jsonl")


@pytest.fixture(scope="module")
def blockers():
    return load("blockers.jsonl")


@pytest.fixture(scope="module")
def people():
    return load("people.jsonl")


def country_forms(row):
    return [row["name"], *(f for key in COUNTRY_LISTS for f in row[key])]


def bloc_forms(row):
    return [row["name"], *row["aliases"]]


@pytest.fixture(scope="module")
def surface(countries, blocs):
    """Surface form -> set of codes, over countries and blocs."""
    forms = defaultdict(set)
    for row in countries:
        for form in country_forms(row):
            forms[form].add(row["code"])
    for row in blocs:
        for form in bloc_forms(row):
            forms[form].add(row["code"])
    return forms


def nonblank(value):
    return isinstance(value, str) and bool(value.strip())


def is_str_list(value):
    return isinstance(value, list) and all(nonblank(v) for v in value)


def test_country_schema(countries):
    for row in countries:
        assert set(row) == COUNTRY_KEYS, row.get("code")
        assert re.fullmatch(r"[A-Z]{3}", row["code"]), row["code"]
        assert nonblank(row["name"])
        assert row["status"] in STATUSES, row["code"]
        for key in COUNTRY_LISTS:
            assert is_str_list(row[key]), (row["code"], key)
            assert len(row[key]) == len(set(row[key])), (row["code"], key, "repeated form")


def test_country_codes_unique_and_complete(countries):
    codes = [row["code"] for row in countries]
    assert len(codes) == len(set(codes))
    assert "XKX" in codes
    assert len(codes) == 250


def test_country_codes_match_iso_3166():
    pycountry = pytest.importorskip("pycountry")
    from_iso = {c.alpha_3 for c in pycountry.countries}
    ours = {row["code"] for row in load("countries.jsonl")}
    assert ours == from_iso | {"XKX"}


def test_un_status_counts(countries):
    by_status = defaultdict(set)
    for row in countries:
        by_status[row["status"]].add(row["code"])
    assert len(by_status["un_member"]) == 193
    assert by_status["un_observer"] == {"VAT", "PSE"}
    assert {"TWN", "XKX", "ATA"} <= by_status["other"]
    assert {"HKG", "PRI", "GRL", "GIB"} <= by_status["territory"]


def test_bloc_schema(blocs, countries):
    codes = [row["code"] for row in blocs]
    assert len(codes) == len(set(codes))
    assert not set(codes) & {row["code"] for row in countries}
    for row in blocs:
        assert BLOC_KEYS <= set(row) <= BLOC_KEYS | {"reported_as"}, row.get("code")
        assert row.get("reported_as", "UN") in codes, row["code"]  # reported as a listed bloc
        assert re.fullmatch(r"[A-Z][A-Z0-9]*", row["code"]), row["code"]
        assert nonblank(row["name"])
        assert is_str_list(row["aliases"]), row["code"]
    required = {"EU", "UN", "ICC", "ICJ", "NATO", "AU", "ASEAN", "BRICS", "SCO", "CSTO", "G7"}
    required |= {"G20", "OPEC", "GCC", "LAS", "MERCOSUR", "CIS", "APEC", "OSCE", "EAEU"}
    required |= {"ECOWAS", "OAS", "WTO", "IMF", "WBG"}
    assert required <= set(codes)


def test_no_surface_form_maps_to_two_codes(surface):
    clashes = {form: codes for form, codes in surface.items() if len(codes) > 1}
    assert not clashes


def test_forms_are_trimmed_and_have_no_leading_the(surface):
    for form in surface:
        assert form == form.strip(), repr(form)
        assert not form.lower().startswith("the "), form
        assert "  " not in form, form


def test_brussels_is_the_eu_not_a_country(countries, surface):
    for row in countries:
        assert not any("Brussels" in form for form in country_forms(row)), row["code"]
    assert surface["Brussels"] == {"EU"}


def test_blocker_schema_and_patterns(blockers, surface):
    token_forms = [TOKEN.findall(form) for form in surface]
    patterns = [row["pattern"] for row in blockers]
    assert len(patterns) == len(set(patterns))
    for row in blockers:
        assert set(row) == BLOCKER_KEYS, row
        assert nonblank(row["reason"])
        assert row["pattern"] not in surface, f"blocker equals an actor form: {row['pattern']}"
        tokens = TOKEN.findall(row["pattern"])
        assert len(tokens) >= 2, row["pattern"]
        assert any(contains(tokens, form) for form in token_forms), row["pattern"]


def contains(tokens, sub):
    n = len(sub)
    return any(tokens[i : i + n] == sub for i in range(len(tokens) - n + 1))


def test_people_schema_and_dates(people, countries, blocs):
    codes = {row["code"] for row in countries} | {row["code"] for row in blocs}
    for row in people:
        assert set(row) == PEOPLE_KEYS, row.get("name")
        assert nonblank(row["name"])
        assert is_str_list(row["aliases"]), row["name"]
        assert row["role"] in ROLES, row["name"]
        assert nonblank(row["title"])
        assert nonblank(row["source"]), row["name"]
        assert isinstance(row["verified"], bool), row["name"]
        assert row["code"] in codes, (row["name"], row["code"])
        start = date.fromisoformat(row["start"])
        if row["end"] is not None:
            assert start <= date.fromisoformat(row["end"]), row["name"]
        if row["role"] == "bloc_official":
            assert row["code"] in {b["code"] for b in blocs}, row["name"]


def test_people_lines_are_unique(people):
    keys = [(r["name"], r["role"], r["code"], r["start"]) for r in people]
    assert len(keys) == len(set(keys))


def span(row):
    end = date.fromisoformat(row["end"]) if row["end"] else date.max
    return date.fromisoformat(row["start"]), end


def test_no_alias_shared_by_two_people_in_office_together(people):
    """A form two people hold at once must stand for one country: the Kaczyński twins both stand
    for Poland, but no "Kim" may name a North and a South Korean leader. A handover day is shared."""
    by_form = defaultdict(list)
    for row in people:
        for form in {row["name"], *row["aliases"]}:
            by_form[form].append(row)
    for form, rows in by_form.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a["code"] == b["code"]:
                    continue
                (a0, a1), (b0, b1) = span(a), span(b)
                assert a1 <= b0 or b1 <= a0, f"{form!r}: {a['name']} and {b['name']} overlap"


def test_person_forms_are_not_actor_forms(people, surface):
    for row in people:
        for form in (row["name"], *row["aliases"]):
            assert form not in surface, (row["name"], form)


def resolve(people, form, day):
    codes = set()
    for row in people:
        if form in (row["name"], *row["aliases"]):
            start, end = span(row)
            if start <= day <= end:
                codes.add(row["code"])
    return codes


def test_spot_checks(countries, blocs, people, surface):
    by_code = {row["code"]: row for row in countries}
    assert "Beijing" in by_code["CHN"]["capitals"]
    assert "Chinese" in by_code["CHN"]["demonyms"]
    assert "People's Republic of China" in by_code["CHN"]["aliases"]
    assert "Kremlin" in by_code["RUS"]["metonyms"]
    assert "Moscow" in by_code["RUS"]["capitals"]
    assert "Washington" in by_code["USA"]["capitals"]
    assert "U.S." in by_code["USA"]["aliases"]
    assert "Hungarian" in by_code["HUN"]["demonyms"]
    assert by_code["TUR"]["name"] == "Turkey"
    assert "Türkiye" in by_code["TUR"]["aliases"]
    assert "Brussels" in {b["code"]: b for b in blocs}["EU"]["aliases"]
    assert surface["United Nations Security Council"] == {"UN"}
    assert surface["Kyiv"] == {"UKR"}
    assert surface["Bishkek"] == {"KGZ"}
    assert "The Hague" not in surface
    for ambiguous in ("Korean", "Congolese", "Guinean", "Arab", "Western", "European", "Soviet"):
        assert ambiguous not in surface, ambiguous
    assert resolve(people, "Putin", date(2023, 10, 17)) == {"RUS"}
    assert resolve(people, "Xi", date(2023, 10, 17)) == {"CHN"}
    assert resolve(people, "Borrell", date(2023, 10, 17)) == {"EU"}
    assert resolve(people, "Li Shangfu", date(2023, 10, 17)) == {"CHN"}
    assert resolve(people, "Srettha", date(2023, 10, 17)) == {"THA"}
    assert resolve(people, "Orbán", date(2023, 10, 17)) == {"HUN"}
    assert resolve(people, "Orban", date(2023, 10, 17)) == {"HUN"}
    assert resolve(people, "Orbán", date(2026, 11, 22)) == set()
    assert resolve(people, "Li Shangfu", date(2024, 1, 1)) == set()


def test_wider_leaders_resolve_on_their_dates(people):
    assert resolve(people, "Museveni", date(2024, 5, 1)) == {"UGA"}
    assert resolve(people, "Anwar", date(2025, 10, 26)) == {"MYS"}
    assert resolve(people, "Hun Manet", date(2025, 7, 1)) == {"KHM"}
    assert resolve(people, "Hun Sen", date(2025, 7, 1)) == set()
    assert resolve(people, "Luis Arce", date(2025, 12, 1)) == set()
    assert resolve(people, "Tiani", date(2024, 7, 6)) == {"NER"}
