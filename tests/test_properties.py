"""Property-based tests: extraction never raises on arbitrary text, and every offset it reports
slices the article text to exactly the words it names."""

from __future__ import annotations

import json
from datetime import date

import pytest
from diplomap.extract import extract_rows, merge_evidence
from diplomap.extract.rows import link_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Words that make the pipeline do something: actors of every kind, cues, modes, pronouns,
# traps, punctuation and line breaks. Mixed with arbitrary Unicode below.
VOCABULARY = [
    "Hungary",
    "Hungary's",
    "Hungarian",
    "China",
    "Beijing",
    "the Kremlin",
    "Brussels",
    "the EU",
    "NATO",
    "Viktor Orbán",
    "Orban",
    "Putin",
    "Xi Jinping",
    "Kyrgyzstan",
    "Georgia",
    "Washington",
    "Agence France-Presse",
    "London-based",
    "he",
    "He",
    "his",
    "she",
    "met",
    "visited",
    "signed",
    "condemned",
    "sanctions",
    "will meet",
    "did not meet",
    "warrant",
    "and",
    "with",
    "'s",
    ",",
    ".",
    "!",
    "?",
    "—",
    "\n",
    "\r\n",
    "\u2028",
    "\t",
    "  ",
    '"',
    "(",
    ")",
    "-",
    "🇭🇺",
    "e\u0301",
    "\u200b",
]
WORDS = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(min_size=1, max_size=12),
)
ACTORS = st.sampled_from(VOCABULARY[:18])
CUES = st.sampled_from(
    [
        "met",
        "visited",
        "signed a deal with",
        "condemned",
        "will meet",
        "did not meet",
        "sanctioned",
        "talked with",
    ]
)
# Sentences shaped like "ACTOR CUE ACTOR." with arbitrary text around them, so links do form.
CLAUSES = st.tuples(WORDS, ACTORS, CUES, ACTORS, WORDS).map(lambda t: " ".join(t) + ".")
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(CLAUSES, min_size=1, max_size=8).map(" ".join),
    st.lists(WORDS, max_size=80).map(" ".join),
    st.lists(WORDS, max_size=80).map("".join),
)
DATES = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)))

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _extract(nlp, text: str, day: date | None) -> tuple[list[dict], list[dict]]:
    ((mentions, links),) = list(extract_rows(nlp, [("art", text, day)]))
    return mentions, links


@pytest.fixture(scope="module")
def plain_nlp():
    """A pipeline with no default date: people resolve on the article's date or their latest role."""
    from diplomap.extract import make_pipeline

    return make_pipeline()


@SETTINGS
@given(text=TEXTS, day=DATES)
def test_extraction_never_raises_and_mentions_slice_exactly(plain_nlp, text, day):
    mentions, links = _extract(plain_nlp, text, day)
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert 0 <= m["sent_start"] <= m["start"]
    for link in links:
        assert link["a"] != link["b"]
        assert text[link["a_start"] : link["a_end"]] == link["a_text"]
        assert text[link["b_start"] : link["b_end"]] == link["b_text"]
        assert text[link["cue_start"] : link["cue_end"]].lower() == link["cue"].lower()
        start = link["sent_start"]
        assert text[start : start + len(link["sentence"])] == link["sentence"]
        assert -10 <= link["score"] <= 10
    merged = merge_evidence(links)
    assert sum(len(link["evidence"]) for link in merged) == len(links)
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    assert link_lines(links) == [encode(link) + "\n" for link in merged]


@SETTINGS
@given(text=TEXTS)
def test_extraction_is_deterministic(nlp, text):
    assert _extract(nlp, text, None) == _extract(nlp, text, None)
