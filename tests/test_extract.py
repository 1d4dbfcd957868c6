"""Extraction on sentences written for these tests: actors, traps, dated people, links and offsets."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_rows
from extract.pipeline import ACTORS

OCT_2023 = date(2023, 10, 17)


def run(nlp, text: str, day: date = OCT_2023):
    doc = nlp.make_doc(text)
    doc._.date = day
    return nlp(doc)


def codes(nlp, text: str, day: date = OCT_2023) -> list[str]:
    doc = run(nlp, text, day)
    return [span.kb_id_ for span in doc.spans[ACTORS]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chinese and Russian diplomats spoke by phone.", ["CHN", "RUS"]),
        ("Officials in Beijing answered Washington on Friday.", ["CHN", "USA"]),
        ("The Kremlin rejected the proposal.", ["RUS"]),
        ("Brussels and Kyiv agreed on a timetable.", ["EU", "UKR"]),
        ("The U.S. and the UK held a drill with Czechia.", ["USA", "GBR", "CZE"]),
        (
            "Ivory Coast hosted a delegation from Côte d'Ivoire's neighbour Ghana.",
            ["CIV", "CIV", "GHA"],
        ),
        ("The Security Council and NATO discussed the ICC.", ["UN", "NATO", "ICC"]),
        ("Hungarians voted while Hungary's neighbours watched.", ["HUN", "HUN"]),
    ],
)
def test_actors_by_name_demonym_capital_metonym(nlp, text, expected):
    assert codes(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Agence France-Presse reported the vote.",
        "The Times of Israel carried the interview.",
        "A scholar at the Carnegie Russia Eurasia Center commented.",
        "Michael Jordan visited the stadium.",
        "Voters in Washington state went to the polls.",
        "a London-based analyst said so",
        "They ate turkey and drank from china cups.",
        "the West responded with caution",
        "Fishing boats crowded the South China Sea.",
    ],
)
def test_traps_give_no_actor(nlp, text):
    assert codes(nlp, text) == []


def test_person_resolves_only_while_in_office(nlp):
    assert codes(nlp, "Putin spoke.", date(2023, 10, 17)) == ["RUS"]
    assert codes(nlp, "Borrell spoke.", date(2023, 10, 17)) == ["EU"]
    assert codes(nlp, "Borrell spoke.", date(2025, 6, 1)) == []


def test_accented_and_plain_names_match(nlp):
    assert codes(nlp, "Orbán spoke, and Orban answered.") == ["HUN", "HUN"]


def test_links_pair_actors_of_a_sentence_with_type_and_offsets(nlp):
    text = "Russia invaded Ukraine. Later, France and Germany signed a treaty."
    doc = run(nlp, text)
    links = {frozenset((lk["a"], lk["b"])): lk for lk in doc._.links}
    assert links[frozenset(("RUS", "UKR"))]["type"] == "conflict"
    assert links[frozenset(("FRA", "DEU"))]["type"] == "cooperation"
    assert frozenset(("RUS", "FRA")) not in links
    for lk in doc._.links:
        assert text[lk["a_start"] : lk["a_end"]] == lk["a_text"]
        assert text[lk["b_start"] : lk["b_end"]] == lk["b_text"]
        assert text[lk["cue_start"] : lk["cue_end"]] == lk["cue"]
        assert lk["sentence"] == text[lk["sent_start"] : lk["sent_start"] + len(lk["sentence"])]


def test_mode_of_a_planned_meeting(nlp):
    (link,) = run(nlp, "Japan's leader will meet Indian officials next week.")._.links
    assert (link["type"], link["mode"]) == ("meeting", "planned")


def test_rows_carry_article_ids(nlp):
    rows = list(extract_rows(nlp, [("a1", "Chile met Peru.", None), ("a2", "Nothing here.", None)]))
    (m1, l1), (m2, l2) = rows
    assert {m["article"] for m in m1} == {"a1"}
    assert l1[0]["article"] == "a1"
    assert (m2, l2) == ([], [])


def test_empty_and_odd_text_do_not_raise(nlp):
    for text in ["", "   ", "\n\n", "—", "🙂 " * 50, "a" * 10_000]:
        run(nlp, text)
