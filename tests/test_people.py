"""The built people table: corrections of the references, shared surnames and common words.

Sentences are written for these tests. The build itself is checked when the reference folder
(../shared/reference/leaders) is present.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from diplomap.extract import make_pipeline

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "leaders"


@pytest.fixture(scope="module")
def people():
    text = (files("diplomap.extract") / "data" / "people.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def held(people, name, day):
    """(code, role) of every role `name` holds on `day`."""
    out = set()
    for r in people:
        end = date.fromisoformat(r["end"]) if r["end"] else date.max
        if r["name"] == name and date.fromisoformat(r["start"]) <= day <= end:
            out.add((r["code"], r["role"]))
    return out


def codes(text, day):
    """The country and bloc codes people stand for in `text`, on `day`."""
    doc = make_pipeline(default_date=day)(text)
    return {m.code for m in doc._.mentions if m.label in ("PERSON", "LEARNED")}


# ---- corrections of known reference errors


def test_reign_medvedev_presidency_is_not_putins(people):
    """REIGN codes Putin as Russia's leader through 2008-2012; he was prime minister then."""
    day = date(2010, 6, 1)
    assert held(people, "Vladimir Putin", day) == {("RUS", "head_of_government")}
    assert ("RUS", "head_of_state") in held(people, "Dmitry Medvedev", day)
    assert codes("President Medvedev spoke with Putin about the budget.", day) == {"RUS"}


def test_rejected_reign_spells_name_no_one(people):
    """US officials REIGN codes as Iraq's leaders in 2003, the Houthi leader coded for Yemen."""
    names = {r["name"] for r in people}
    assert not names & {"Bremer", "Paul Bremer", "Jay Garner", "Tommy Ray Franks", "Houthi"}
    assert codes(
        "Abdrabbuh Mansur Hadi returned to Aden as Houthi fighters advanced.", date(2015, 3, 25)
    ) == {"YEM"}


def test_unverifiable_wikidata_2026_claims_are_left_out(people):
    day = date(2026, 6, 1)
    assert held(people, "Andy Burnham", day) == set()
    assert held(people, "Keir Starmer", day) == {("GBR", "head_of_government")}
    assert held(people, "Keiko Fujimori", day) == set()
    assert held(people, "Bah Ndaw", date(2021, 3, 1)) == {("MLI", "head_of_state")}


def test_odarchive_saudi_head_of_state_is_the_king(people):
    day = date(2026, 6, 1)
    assert held(people, "Salman bin Abdulaziz", day) == {("SAU", "head_of_state")}
    assert ("SAU", "head_of_state") not in held(people, "Mohammed bin Salman", day)


# ---- leaders of 1995-2025 now in the table


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "Kirchner told reporters in Buenos Aires that the debt deal was fair.",
            date(2006, 3, 1),
            {"ARG"},
        ),
        ("Kirchner told reporters the grain tax would stay.", date(2010, 3, 1), {"ARG"}),
        ("Chirac and Schröder opposed the plan.", date(2003, 2, 1), {"FRA", "DEU"}),
        ("Koizumi visited the shrine again.", date(2005, 10, 17), {"JPN"}),
        ("Lula welcomed Chávez to Brasília.", date(2007, 5, 1), {"BRA", "VEN"}),
        ("Olmert and Abbas met in Jerusalem.", date(2007, 4, 15), {"ISR", "PSE"}),
        ("Wen Jiabao and Manmohan Singh signed the accord.", date(2008, 1, 14), {"CHN", "IND"}),
        ("Mbeki flew to Harare to see Mugabe.", date(2008, 5, 9), {"ZAF", "ZWE"}),
    ],
)
def test_leaders_resolve_on_their_dates(text, day, expected):
    assert codes(text, day) == expected


# ---- shared surnames and common words


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # two Korean leaders named Kim in office together: only the full name resolves
        ("Kim said the talks would go on.", date(2000, 6, 13), set()),
        ("Kim Dae-jung met Kim Jong-il in Pyongyang.", date(2000, 6, 13), {"KOR", "PRK"}),
        # "Lee": Singapore's and South Korea's leaders in office together
        ("Lee said the economy would grow.", date(2009, 6, 1), set()),
        ("Lee Hsien Loong met Lee Myung-bak.", date(2009, 6, 1), {"SGP", "KOR"}),
        # "Sharif" alone is no one; the full name, and the surname after it, are
        ("Sharif said the army would stay neutral.", date(2014, 6, 1), set()),
        ("Nawaz Sharif spoke first. Later Sharif met the envoy.", date(2014, 6, 1), {"PAK"}),
        # surnames that are ordinary words or names stand for no leader on their own
        ("Chris Brown and Brian May played at the gala.", date(2008, 6, 1), set()),
        ("Gordon Brown met the press.", date(2008, 6, 1), {"GBR"}),
        ("Howard Dean spoke in Vermont.", date(2005, 3, 1), set()),
        (
            "John Howard spoke in Canberra. Howard said the troops would stay.",
            date(2005, 3, 1),
            {"AUS"},
        ),
        ("Major Smith led the patrol.", date(1996, 6, 1), set()),
        ("The board of Meta met Christian Fox.", date(2018, 6, 1), set()),
        # a regnal number is no name of its own
        ("Pope Benedict XVI met Prince Hans-Adam II.", date(2010, 6, 1), {"VAT", "LIE"}),
        ("Henry II founded the abbey.", date(2010, 6, 1), set()),
        # nor is a one-letter one learned as a surname: "I" stays a pronoun
        ("Juan Carlos I opened the session. I was there, said a guest.", date(2005, 6, 1), {"ESP"}),
    ],
)
def test_shared_surnames_and_common_words(text, day, expected):
    assert codes(text, day) == expected


# ---- the build


def _build_module():
    sys.path.insert(0, str(ROOT / "scripts"))  # build_people imports people_rows beside it
    spec = importlib.util.spec_from_file_location(
        "build_people", ROOT / "scripts" / "build_people.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the reference folder is not here")
def test_build_is_deterministic_and_matches_the_shipped_table():
    pytest.importorskip("pycountry")
    build = _build_module()
    rows, _, figures = build.build(REFERENCE)
    again, _, _ = build.build(REFERENCE)
    assert rows == again
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    assert text == (files("diplomap.extract") / "data" / "people.jsonl").read_text(encoding="utf-8")
    assert figures["coverage"] >= 0.95
