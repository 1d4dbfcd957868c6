"""Extraction on sentences written for these tests: actors, traps, dated people, and the links the
rules propose, with their types, modes, venues and offsets.

These tests run the rules-only pipeline (`decide="rules"`): the rules are what they test. What the
learned model decides over the rules' proposals is tested in test_links.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from diplomap.extract import extract_rows

OCT_2023 = date(2023, 10, 17)


@pytest.fixture(scope="module")
def nlp(rules_nlp):
    return rules_nlp


def run(nlp, text: str, day: date = OCT_2023):
    doc = nlp.make_doc(text)
    doc._.date = day
    return nlp(doc)


def codes(nlp, text: str, day: date = OCT_2023) -> list[str]:
    doc = run(nlp, text, day)
    return [span.kb_id_ for span in doc._.actor_spans]


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
        "Voters in Atlanta, Georgia backed the measure.",
        "The governor of New Mexico spoke.",
        "She grew up in Paris, Texas.",
        "LONDON — officials said on Monday that talks would resume.",
        "The Soviet Union and Yugoslavia no longer exist.",
        "Reuters and Agence France-Presse reported it.",
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


def links_of(nlp, text: str, day: date = OCT_2023) -> set[tuple[str, str, str, str]]:
    doc = run(nlp, text, day)
    return {(*sorted((lk["a"], lk["b"])), lk["type"], lk["mode"]) for lk in doc._.links}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of attendees is not a relation
        ("India, Japan and Australia attended the meeting, officials said.", set()),
        ("Diplomats from Chile, Peru and Bolivia were present.", set()),
        # subject and object around a verb cue, every object of a list
        (
            "Kenya met Uganda and Rwanda.",
            {("KEN", "UGA", "meeting", "asserted"), ("KEN", "RWA", "meeting", "asserted")},
        ),
        # a coordinated subject with a reciprocal cue
        ("Kenya and Ethiopia signed an accord.", {("ETH", "KEN", "cooperation", "asserted")}),
        # possessive agent of an event noun; the critic links to the agent, not to the victim
        (
            "Brazil condemned Israel's strikes on Lebanon.",
            {("BRA", "ISR", "criticism", "asserted"), ("ISR", "LBN", "conflict", "asserted")},
        ),
        # "A became B's partner"
        (
            "Ghana has become Togo's main trading partner.",
            {("GHA", "TGO", "economic", "asserted")},
        ),
        # talks between a pair
        (
            "Officials praised the talks between Serbia and Kosovo.",
            {("SRB", "XKX", "meeting", "asserted")},
        ),
        # a fronted visit takes its subject after the comma
        (
            "During a visit to Peru, Chile's foreign minister signed nothing.",
            {("CHL", "PER", "meeting", "asserted")},
        ),
        # modes, scoped to the cue they precede
        ("Nigeria did not sign the deal with Ghana.", {("GHA", "NGA", "cooperation", "negated")}),
        ("Norway will host talks with Colombia.", {("COL", "NOR", "meeting", "planned")}),
        ("Egypt could restore ties with Iran.", {("EGY", "IRN", "cooperation", "hypothetical")}),
        # "his" before an actor only determines it; "its" stands for the group before
        ("Modi held talks with his Japanese counterpart.", {("IND", "JPN", "meeting", "asserted")}),
        ("The EU extended its sanctions against Russia.", {("EU", "RUS", "economic", "asserted")}),
        # an attribute cue ("oil") neither links nor takes the object of the verb
        (
            "Ukrainian drones struck an oil refinery in Russia.",
            {("RUS", "UKR", "conflict", "asserted")},
        ),
    ],
)
def test_links_need_a_cue_that_relates_the_pair(nlp, text, expected):
    assert links_of(nlp, text) == expected


def test_pronoun_takes_the_leading_person_of_a_recent_sentence(nlp):
    text = "Putin held talks with Orban in Beijing. Earlier, he traveled to Kyrgyzstan."
    assert ("KGZ", "RUS", "meeting", "asserted") in links_of(nlp, text)


def test_affiliation_learned_in_the_article(nlp):
    text = "Freedonia's neighbour Ruritania? No: Estonia's Prime Minister Kaarel Tamm spoke. Later Tamm visited Latvia."
    doc = run(nlp, text)
    tamm = [s for s in doc._.actor_spans if s.text == "Tamm"]
    assert [s.kb_id_ for s in tamm] == ["EST"]
    assert ("EST", "LVA", "meeting", "asserted") in links_of(nlp, text)


def test_surname_of_a_person_in_the_table_is_found_again(nlp):
    # the table knows "Samia Suluhu Hassan", not a bare "Hassan": the article ties the two
    text = "Tanzania's Samia Suluhu Hassan spoke. Later Hassan visited Uganda."
    assert ("TZA", "UGA", "meeting", "asserted") in links_of(nlp, text)
    text = "Tanzania's Samia Suluhu Hassan spoke. Later President Hassan visited Uganda."
    assert ("TZA", "UGA", "meeting", "asserted") in links_of(nlp, text)
    # another full name ending in the same word is someone else
    text = "Tanzania's Samia Suluhu Hassan spoke. A trader, Ahmed Hassan, visited Uganda."
    assert links_of(nlp, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence opening with "It" after one opening with a state: the state
        (
            "South Korea has become an arms exporter. It sold howitzers to Egypt.",
            {("EGY", "KOR", "economic", "asserted")},
        ),
        (
            "The African Union met in May. It urged Sudan to talk.",
            {("AU", "SDN", "criticism", "asserted")},
        ),
        # "it" after a reporting verb, in a sentence opening with a state: the state
        (
            "Japan, which has sent hundreds of engineers and doctors to Laos since the floods of"
            " last year, said it backed the efforts of ASEAN.",
            {("ASEAN", "JPN", "cooperation", "asserted")},
        ),
        (
            "Japan, which has sent hundreds of engineers and doctors to Laos since the floods of"
            " last year, announced on Friday that it backed the efforts of ASEAN.",
            {("ASEAN", "JPN", "cooperation", "asserted")},
        ),
        # not an expletive "It is", nor after a sentence opening with no state
        (
            "South Korea has become an arms exporter. It is unclear who sold howitzers to Egypt.",
            set(),
        ),
        ("Analysts said South Korea grew fast. It sold howitzers to Egypt.", set()),
        ("South Korean officials spoke on Monday. It sold howitzers to Egypt.", set()),
    ],
)
def test_it_stands_for_a_state_opening_a_sentence(nlp, text, expected):
    assert links_of(nlp, text) == expected


def test_single_token_and_headline_docs_have_sentences(nlp):
    assert [s.text for s in run(nlp, "Putin").sents] == ["Putin"]
    doc = run(nlp, "Headline about Chile\nChile met Peru.")
    assert [s.text.strip() for s in doc.sents] == ["Headline about Chile", "Chile met Peru."]


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


def test_undated_article_reads_its_date_from_the_text(nlp_undated):
    # Borrell was the EU's foreign-policy chief from 2019-12-01 to 2024-11-30.
    assert codes(nlp_undated, "BRUSSELS, 12 March 2021 — Borrell spoke.", day=None) == ["EU"]


def test_article_with_no_date_anywhere_takes_the_latest_role(nlp_undated):
    # Putin was prime minister (2008-2012) and is president since 2012: both RUS.
    assert codes(nlp_undated, "Putin spoke.", day=None) == ["RUS"]


@pytest.fixture(scope="module")
def nlp_undated():
    from diplomap.extract import make_pipeline

    return make_pipeline(decide="rules")


def test_infer_date_prefers_the_dateline_and_ignores_future_plans():
    from diplomap.extract.dates import infer_date

    today = date(2026, 11, 22)
    assert infer_date("KYIV, Oct. 17, 2023 — Talks began. In 2014 ...", today) == date(2023, 10, 17)
    assert infer_date(
        "x " * 300 + "on 1 May 2024 and 2 June 2025; next on 2030-01-01", today
    ) == date(2025, 6, 2)
    assert infer_date("no date", today) is None


@pytest.mark.parametrize(
    "text",
    [
        'Hi. "Yes!" he said. Wait... ok?! Fine.',
        "A (b.) c",
        "Dr. Smith went. Then",
        "...",
        "End.\n\nNew para. (Aside.) Next",
        "Is it？ Yes。 Ok",
    ],
)
def test_sentences_follow_the_sentencizer_plus_line_breaks(nlp, text):
    import spacy

    ref = spacy.blank("en")
    ref.add_pipe("sentencizer")
    expected = [x.strip() for s in ref(text).sents for x in s.text.split("\n") if x.strip()]
    assert [s.text.strip() for s in run(nlp, text).sents if s.text.strip()] == expected


def test_central_banks_act_for_their_state(nlp):
    # Decision (README): a central bank is an organ of its state and counts as the country.
    assert codes(nlp, "The People's Bank of China cut rates.") == ["CHN"]
    assert codes(nlp, "The Bank of England raised rates.") == ["GBR"]


def test_country_names_that_are_also_other_things_still_count_as_the_country(nlp):
    assert codes(nlp, "Georgia and Armenia signed a border deal.") == ["GEO", "ARM"]
    assert codes(nlp, "Jordan hosted talks with Egypt.") == ["JOR", "EGY"]


# Components on blank pipelines, with inline patterns: the phrase table, cues, shared token facts.


def blank_with(*pipes: str):
    import diplomap.extract  # noqa: F401 - registers the diplomap_* factories
    import spacy

    nlp = spacy.blank("en")
    for pipe in pipes:
        nlp.add_pipe(pipe)
    return nlp


INLINE = [
    {"label": "NAME", "pattern": "Guinea", "id": "GIN"},
    {"label": "NAME", "pattern": "Equatorial Guinea", "id": "GNQ"},
    {"label": "NAME", "pattern": "Guinea-Bissau", "id": "GNB"},
    {"label": "NAME", "pattern": "New Guinea Bank", "id": "X1"},
    {"label": "BLOCK", "pattern": "New Guinea", "id": "BLOCK"},
    {"label": "NAME", "pattern": "Georgia", "id": "GEO"},
    {"label": "CAPITAL", "pattern": "Georgia", "id": "GEO"},
    {"label": "NAME", "pattern": "the U.S.", "id": "USA"},
    {"label": "NAME", "pattern": "U.S.", "id": "USA"},
    {"label": "NAME", "pattern": "Rama X", "id": "THA"},
]
INLINE_TEXTS = [
    "Equatorial Guinea, Guinea and Guinea-Bissau met in Papua New Guinea Bank offices.",
    "georgia and Georgia; the U.S. and U.S. officials; New Guinea. Rama X spoke.",
    "New Guinea Bank New Guinea Equatorial Guinea-Bissau",
]


@pytest.mark.parametrize("lower", [False, True])
def test_phrase_table_matches_what_span_ruler_finds(lower):
    import spacy
    from diplomap.extract.phrases import PhraseTable
    from diplomap.extract.words import words_of

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe(
        "span_ruler",
        config={
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "phrase_matcher_attr": "LOWER" if lower else None,
        },
    )
    ruler.add_patterns(INLINE)
    table = PhraseTable(nlp, INLINE, lower=lower)
    for text in INLINE_TEXTS:
        doc = nlp(text)
        expected = [(s.start, s.end, s.label_, s.id_) for s in doc.spans["ruler"]]
        words = words_of(doc)
        assert [tuple(m) for m in table.match(words, table.starts(words).tolist())] == expected


def test_phrase_shortcut_splits_the_shipped_phrases_as_the_tokenizer_does():
    import spacy
    from diplomap.extract.gazetteer import build_patterns, load_gazetteer
    from diplomap.extract.lexicon import build_cue_patterns
    from diplomap.extract.phrases import pattern_ids

    nlp = spacy.blank("en")
    for patterns in (build_patterns(load_gazetteer()), build_cue_patterns()):
        texts = [p["pattern"] for p in patterns]
        for lower in (False, True):
            fast = pattern_ids(nlp, texts, lower)
            assert fast == pattern_ids(nlp, texts, lower, shortcut=False)


def test_candidates_component_keeps_case_and_the_longest_match():
    nlp = blank_with("diplomap_sentences", "diplomap_candidates")
    doc = nlp("Equatorial Guinea met georgia, Georgia and Agence France-Presse.")
    found = [(doc[m.start : m.end].text, m.label, m.key) for m in doc._.candidates]
    assert found == [
        ("Equatorial Guinea", "NAME", "GNQ"),
        ("Georgia", "NAME", "GEO"),
        ("Agence France-Presse", "BLOCK", "BLOCK"),
    ]


def test_cues_are_found_only_in_sentences_with_two_actors():
    nlp = blank_with(
        "diplomap_sentences", "diplomap_candidates", "diplomap_actors", "diplomap_cues"
    )
    doc = nlp("Chile met officials. Peru did not meet Bolivia.")
    cues = [(doc[c.start : c.end].text, c.label) for c in doc._.cues]
    assert cues == [("not", "MODE"), ("meet", "CUE")]


def test_docs_leave_the_pipeline_with_plain_mentions(nlp):
    doc = run(nlp, "Estonia's Kaarel Tamm met Putin. Later he visited Kyrgyzstan.")
    found = [(doc[m.start : m.end].text, m.label, m.code) for m in doc._.mentions]
    assert found == [
        ("Estonia", "NAME", "EST"),
        ("Kaarel Tamm", "LEARNED", "EST"),
        ("Putin", "PERSON", "RUS"),
        ("he", "PRONOUN", "EST"),
        ("Kyrgyzstan", "NAME", "KGZ"),
    ]
    assert [(s.text, s.kb_id_) for s in doc._.actor_spans] == [f[::2] for f in found]


def test_extract_links_gives_the_links_of_extract_rows(nlp):
    from diplomap.extract.rows import extract_links

    articles = [("a1", "Chile met Peru. Peru condemned Bolivia.", None), ("a2", "No actors.", None)]
    assert list(extract_links(nlp, articles)) == [links for _, links in extract_rows(nlp, articles)]


def test_a_learned_surname_that_ends_the_text_is_found(nlp):
    doc = run(nlp, "Estonia's Prime Minister Kaarel Tamm spoke. Later: Tamm")
    assert [(s.text, s.kb_id_) for s in doc._.actor_spans][-1] == ("Tamm", "EST")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline's country is where the story was filed, not an actor
        (
            "LIMA, Peru (AP) — Chilean officials on Monday asked Bolivia to reopen the border.",
            {("BOL", "CHL", "criticism", "asserted")},
        ),
        (
            "QUITO (Reuters) - Colombia and Ecuador signed a border accord.",
            {("COL", "ECU", "cooperation", "asserted")},
        ),
        # a verb cue with a coordinated object links its subject to each conjunct
        (
            "Kenya's president will travel to Kampala and Kigali next week.",
            {("KEN", "UGA", "meeting", "planned"), ("KEN", "RWA", "meeting", "planned")},
        ),
        # a title abbreviation between a possessive and a name does not end the sentence
        (
            "Chad's Lt. Gen. Ali Mahamat hosted Sudan's Maj. Omar Haroun. Later Haroun visited Libya.",
            {("SDN", "TCD", "meeting", "asserted"), ("LBY", "SDN", "meeting", "asserted")},
        ),
        # a title and a comma before the name: the person still takes the country
        (
            "Gabon's interim leader, Gen. Paul Obame, met Cameroon's foreign minister.",
            {("CMR", "GAB", "meeting", "asserted")},
        ),
        # "a truce between A and B" links A and B; "brokered by C" links C to each side
        (
            "A truce between Ethiopia and Eritrea, brokered by Kenya, held on Friday.",
            {
                ("ERI", "ETH", "cooperation", "asserted"),
                ("ERI", "KEN", "meeting", "asserted"),
                ("ETH", "KEN", "meeting", "asserted"),
            },
        ),
        # "the two countries", "both leaders", "the three governments": the list just named
        (
            "Peru and Chile are at odds. The two countries held talks on Monday.",
            {("CHL", "PER", "meeting", "asserted")},
        ),
        (
            "Peru and Chile traded barbs. Brazil's president spoke to both leaders by phone.",
            {
                ("CHL", "PER", "criticism", "asserted"),
                ("BRA", "CHL", "meeting", "asserted"),
                ("BRA", "PER", "meeting", "asserted"),
            },
        ),
        (
            "Laos, Vietnam and Cambodia met in Hanoi. The three governments signed a pact.",
            {
                ("KHM", "LAO", "cooperation", "asserted"),
                ("KHM", "VNM", "cooperation", "asserted"),
                ("LAO", "VNM", "cooperation", "asserted"),
                ("KHM", "LAO", "meeting", "asserted"),
                ("KHM", "VNM", "meeting", "asserted"),
                ("LAO", "VNM", "meeting", "asserted"),
            },
        ),
        # attendees of a bloc's own summit are members, not partners of the bloc
        (
            "Ghana's president and Togo's president were among the leaders at the summit of the African Union.",
            set(),
        ),
        ("The African Union's annual summit in Ghana opened on Monday.", set()),
        # a passive agent is no fronted subject: "negotiated by A and B, C and D" pairs nobody
        (
            "The text was negotiated by six envoys: Peru's Ana Soto and Chile's Luis Vera for one side, Brazil's Rui Sa for the other.",
            set(),
        ),
        # "protests from A and B": A and B protest; they are not the target of the sentence's subject
        (
            "The summit chose Portugal's candidate and Estonia's candidate, overriding protests from Italy and Hungary.",
            set(),
        ),
        # a verb that carries a noun cue shares the noun's object
        (
            "Fiji switched its stance in 2020 and signed a security pact with Japan that worried Canberra.",
            {
                ("FJI", "JPN", "cooperation", "asserted"),
                ("AUS", "FJI", "criticism", "asserted"),  # what worried Canberra: the pact
                ("AUS", "JPN", "criticism", "asserted"),
            },
        ),
        # a list that goes on past its actors ("... and Western governments") is a closed list
        (
            "Somalia, the African Union and Western donors accuse Eritrea of backing the rebels.",
            {("AU", "ERI", "criticism", "asserted"), ("ERI", "SOM", "criticism", "asserted")},
        ),
        # a participle clause after a comma takes the clause's subject
        (
            "In May, Peru closed the border for a week, accusing Chile of smuggling.",
            {("CHL", "PER", "criticism", "asserted")},
        ),
        # "accused B of <conflict>" with no other target: B against the accuser
        (
            "Ghana accused Togo of attacking its border posts.",
            {("GHA", "TGO", "criticism", "asserted"), ("GHA", "TGO", "conflict", "asserted")},
        ),
        # "its" before a hyphenated compound still stands for the group before
        (
            "Canada lifted its decade-old sanctions against Cuba.",
            {("CAN", "CUB", "economic", "asserted")},
        ),
        # a capital after "in" is where, when someone else can be the subject
        (
            "Ruto used a speech in Addis Ababa to renew accusations that Somalia harbours rebels.",
            {("KEN", "SOM", "criticism", "asserted")},
        ),
        (
            "Officials in Kyiv accused Belarus of training the troops.",
            {("BLR", "UKR", "criticism", "asserted")},
        ),
        # "the bloc" stands for the bloc named last
        (
            "ASEAN leaders met on Monday. On Tuesday the bloc opened talks with Japan.",
            {("ASEAN", "JPN", "meeting", "asserted")},
        ),
        # ... and so do "the regional bloc", "the 10-member bloc", "the world body"
        (
            "SADC leaders met on Monday. Peru urged the regional bloc to act.",
            {("PER", "SADC", "criticism", "asserted")},
        ),
        (
            "ASEAN leaders met on Monday. China urged the 10-member bloc to act.",
            {("ASEAN", "CHN", "criticism", "asserted")},
        ),
        (
            "The UN voted on Monday. Chile urged the world body to act.",
            {("CHL", "UN", "criticism", "asserted")},
        ),
        # ... but not a bare "the body", a name, or "the bloc" before the name it describes
        ("The UN voted on Monday. Chile urged the body to act.", set()),
        ("The EU voted. The Patriotic Electoral Bloc urged Russia to act.", set()),
        (
            "The European Union urged the South American bloc Mercosur to act.",
            {("EU", "MERCOSUR", "criticism", "asserted")},
        ),
        # "the possibility of A normalising relations with B" is hypothetical
        (
            "They discussed the possibility of Oman normalising relations with Israel.",
            {("ISR", "OMN", "cooperation", "hypothetical")},
        ),
        # a verb after a relative clause takes the group the clause describes
        (
            "Japan, which has invested heavily in Laos, urged Vietnam and Thailand to talk.",
            {
                ("JPN", "LAO", "economic", "asserted"),
                ("JPN", "VNM", "criticism", "asserted"),
                ("JPN", "THA", "criticism", "asserted"),
            },
        ),
        # ... and after a participle clause
        (
            "Peruvian President Dina Boluarte, attending her first summit abroad this year, met Lula.",
            {("BRA", "PER", "meeting", "asserted")},
        ),
        # an apposition "A, B's <noun cue>" relates A and B, not B and what follows
        (
            "Norway, Chile's biggest trading partner after Peru, said little.",
            {("CHL", "NOR", "economic", "asserted")},
        ),
        # ... and a noun cue after "and" shares the pairs of the one before
        (
            "Norway, Chile's largest investor and oldest ally, said little.",
            {("CHL", "NOR", "economic", "asserted"), ("CHL", "NOR", "cooperation", "asserted")},
        ),
        # a light verb and its noun after "and" share the subject of the verb before
        (
            "Chile's Gabriel Boric, speaking after a long forum session on trade and climate, met"
            " Lula and later held a bilateral with Petro.",
            {("BRA", "CHL", "meeting", "asserted"), ("CHL", "COL", "meeting", "asserted")},
        ),
        # a light verb in -ing carries its noun
        ("Chile is imposing new sanctions on Peru.", {("CHL", "PER", "economic", "asserted")}),
        # turning to a state for help is cooperation
        ("Mali has turned to Turkey for drones.", {("MLI", "TUR", "cooperation", "asserted")}),
        # aid stopped or cut is economic, no cooperation
        ("Japan froze its development aid to Laos.", {("JPN", "LAO", "economic", "asserted")}),
        # meeting, cooperation and economic cues of wire copy
        (
            "Ghanaian President John Mahama sat down with Senegal's prime minister.",
            {("GHA", "SEN", "meeting", "asserted")},
        ),
        (
            "Mexico and Cuba issued statements congratulating Honduran voters.",
            {("CUB", "HND", "cooperation", "asserted"), ("HND", "MEX", "cooperation", "asserted")},
        ),
        (
            "Canada announced asset freezes on three Belarusian officials.",
            {("BLR", "CAN", "economic", "asserted")},
        ),
        (
            "Japan has doubled its purchases of Qatari gas.",
            {("JPN", "QAT", "economic", "asserted")},
        ),
        (
            "The Dutch premier had spoken by phone with Polish President Andrzej Duda.",
            {("NLD", "POL", "meeting", "asserted")},
        ),
        (
            "Peru inked a mining deal with Chile.",
            {("CHL", "PER", "cooperation", "asserted")},
        ),
        # a verb after "and" shares the subject of the verb before
        (
            'Kenya\'s foreign ministry condemned the decision as "hasty and unwise" and summoned '
            "the Ugandan envoy.",
            {("KEN", "UGA", "criticism", "asserted")},
        ),
        # "said it would" reports a plan, not a hypothesis
        (
            "Ghana said it would sign a pact with Togo.",
            {("GHA", "TGO", "cooperation", "planned")},
        ),
        # "the kingdom" stands for the state named most before its sentence
        (
            "Jordan hosted the talks. Jordan also sent aid. Later the kingdom signed a pact with Iraq.",
            {("IRQ", "JOR", "cooperation", "asserted")},
        ),
        # a capital after "in" is where a pair or a bloc met, not a partner
        (
            "Chad and Niger met in Abuja on Friday.",
            {("NER", "TCD", "meeting", "asserted")},
        ),
        ("Envoys prepared the next ASEAN summit in Jakarta.", set()),
        # an economic topic of a meeting or an agreement ("on tariffs") gives the pair a second type
        (
            "Vietnam and Laos held talks on tariffs.",
            {("LAO", "VNM", "meeting", "asserted"), ("LAO", "VNM", "economic", "asserted")},
        ),
        (
            "Ghana signed accords with Togo on trade and energy.",
            {("GHA", "TGO", "cooperation", "asserted"), ("GHA", "TGO", "economic", "asserted")},
        ),
        # a hyphenated compound between an owner and its cue counts as one word
        (
            "Exports fell after Ethiopia's full-scale offensive against Eritrea.",
            {("ERI", "ETH", "conflict", "asserted")},
        ),
        # ... and no state in its own sentence: "China is now the kingdom's customer"
        (
            "Oman spoke. Kenya noted that India is now the kingdom's largest customer.",
            set(),
        ),
    ],
)
def test_wire_copy_patterns(nlp, text, expected):
    assert links_of(nlp, text) == expected


def test_pairs_component_on_a_blank_pipeline():
    """ "the two countries" takes the last "A and B"; "both" with no list before adds nothing."""
    from diplomap.extract.words import Mention

    nlp = blank_with("diplomap_sentences")
    pairs = nlp.add_pipe("diplomap_pairs")
    doc = nlp.make_doc("Peru and Chile met. Later the two countries signed a deal.")
    doc = nlp.get_pipe("diplomap_sentences")(doc)
    doc._.mentions = [Mention(0, 1, "NAME", "PER"), Mention(2, 3, "NAME", "CHL")]
    doc = pairs(doc)
    added = [(doc[m.start : m.end].text, m.code) for m in doc._.mentions if m.label == "PAIR"]
    assert added == [("the two countries", "PER"), ("the two countries", "CHL")]
    doc = nlp.make_doc("Peru met. Both leaders spoke.")
    doc = nlp.get_pipe("diplomap_sentences")(doc)
    doc._.mentions = [Mention(0, 1, "NAME", "PER"), Mention(1, 2, "NAME", "PER")]
    assert [m.label for m in pairs(doc)._.mentions] == ["NAME", "NAME"]


def test_abbreviated_title_does_not_end_a_sentence():
    nlp = blank_with("diplomap_sentences")
    doc = nlp("Mali's Col. Amadou Keita spoke. Then Capt. Sow left.")
    assert [s.text for s in doc.sents] == [
        "Mali's Col. Amadou Keita spoke.",
        "Then Capt. Sow left.",
    ]


def test_un_organs_are_reported_as_the_un_and_outlets_are_no_actor(nlp):
    assert codes(nlp, "The International Court of Justice ruled on Monday.") == ["UN"]
    assert codes(nlp, "The Jordan Times and the Minsk Group said so.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a call is a meeting; "in a telephone call" after another cue adds meeting to its pairs
        (
            "Ghana's president spoke by telephone with Togo's prime minister on Friday.",
            {("GHA", "TGO", "meeting", "asserted")},
        ),
        (
            "Senegal's President Amadou Diallo congratulated Gambian President Lamin Jallow"
            " in a telephone call.",
            {("GMB", "SEN", "meeting", "asserted")},  # a courtesy paid in a call is the call
        ),
        # "the neighbours" with no count stands for the pair just named
        (
            "Peru and Ecuador are old rivals. The neighbours went to war in 1941.",
            {("ECU", "PER", "conflict", "asserted")},
        ),
        # a relative clause after a cue holds no object of it
        (
            "Eritrea and Djibouti clashed. The neighbours fought over an island, which the court"
            " awarded to Yemen.",
            {("DJI", "ERI", "conflict", "asserted")},
        ),
        # a warning is criticism, a warning of force is conflict
        (
            "Algeria warned Tunisia that any new border post would need its consent.",
            {("DZA", "TUN", "criticism", "asserted")},
        ),
        (
            "Algeria warned Tunisia of military retaliation.",
            {("DZA", "TUN", "conflict", "asserted")},
        ),
        # aid in money or goods is economic; an agreement to pay is cooperation and economic
        (
            "Norway pledged $40 million for a school programme in Malawi.",
            {("MWI", "NOR", "economic", "asserted")},
        ),
        (
            "Japan agreed to pay Palau 50 million dollars over five years.",
            {("JPN", "PLW", "cooperation", "asserted"), ("JPN", "PLW", "economic", "asserted")},
        ),
        (
            "Qatar supplied most of the gas burned in Kuwait last year.",
            {("KWT", "QAT", "economic", "asserted")},
        ),
        (
            "Kenya's president is due to travel on to Kigali for talks.",
            {("KEN", "RWA", "meeting", "planned")},
        ),
        # two leaders signing together met; two states signing may have done it apart
        (
            "Peruvian President Ana Torres and Chilean President Luis Vega signed the declaration"
            " at the palace.",
            {("CHL", "PER", "cooperation", "asserted"), ("CHL", "PER", "meeting", "asserted")},
        ),
        # a mode word ends with its clause: "unless ..., held talks" is asserted
        (
            "Fiji, which had threatened to quit the forum unless the dispute ended, held talks"
            " with Samoa.",
            {("FJI", "WSM", "meeting", "asserted")},
        ),
        (
            "A Gabonese delegation was refused entry to Cameroon on Monday.",
            {("CMR", "GAB", "legal", "asserted")},
        ),
        ("Chad closed its airspace to all Libyan aircraft.", {("LBY", "TCD", "legal", "asserted")}),
        # "the junta" stands for the state named most before it
        (
            "Guinea's army seized power in May. The junta has accused Senegal of plotting a coup.",
            {("GIN", "SEN", "criticism", "asserted")},
        ),
        (
            "Ghana and Togo sent a joint delegation to Bamako.",
            {("GHA", "MLI", "meeting", "asserted"), ("MLI", "TGO", "meeting", "asserted")},
        ),
        # a verb carrying an aid noun gives it its subject; a clause break holds after a quote
        (
            "Sweden provided 30 million euros in humanitarian aid to Sudan last year.",
            {("SDN", "SWE", "economic", "asserted")},
        ),
        (
            'The Nepali envoy called the claims "baseless," and said Nepal had provided more than'
            " $5 million in aid to Bhutan.",
            {("BTN", "NPL", "economic", "asserted")},
        ),
        # "the two countries": a list named in passing paragraphs back is not the pair
        (
            "Peru and Chile signed a pact in Lima. Analysts said Bolivia and Ecuador could join"
            " later. Chile's minister disagreed. The two countries held talks on Monday.",
            {("CHL", "PER", "cooperation", "asserted"), ("CHL", "PER", "meeting", "asserted")},
        ),
        # a learned name's first word alone finds the person again
        (
            "Malaysian Prime Minister Aziz Rahman arrived. Later Aziz visited Brunei.",
            {("BRN", "MYS", "meeting", "asserted")},
        ),
    ],
)
def test_link_types_from_calls_money_goods_force_and_signing(nlp, text, expected):
    assert links_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # a verb after "and" whose first verb is no cue shares the sentence's opening subject, not
        # the first verb's object
        (
            "Vanuatu moved its embassy from Canberra to Wellington in 2020 and signed a maritime"
            " pact with France two years later.",
            OCT_2023,
            {("FRA", "VUT", "cooperation", "asserted")},
        ),
        # "and" may stand a few words of time before the verb it coordinates
        (
            "Rubio met Ghana's foreign minister on Monday, and later that evening met the"
            " Kenyan foreign minister.",
            date(2025, 6, 1),
            {("GHA", "USA", "meeting", "asserted"), ("KEN", "USA", "meeting", "asserted")},
        ),
        # leaders of the wider people list resolve to their countries on the article's date
        (
            "Ruto hosted Museveni in Nairobi for talks on the pipeline.",
            date(2024, 5, 1),
            {("KEN", "UGA", "meeting", "asserted")},
        ),
    ],
)
def test_coordinated_verbs_and_more_leaders(nlp, text, day, expected):
    assert links_of(nlp, text, day) == expected


def test_a_country_named_with_its_leader_counts_once_for_a_later_count_phrase(nlp):
    text = (
        "Chile's President Ana Soto, Peru's Luis Mora and Ecuador's Rosa Vega attended."
        " Officials met all week in Lima.\n\nLater, Colombia hosted Bolivia's leader and"
        " Paraguay's leader in Bogota. The three leaders signed a treaty."
    )
    links = links_of(nlp, text)
    assert not any("CHL" in link[:2] for link in links)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # an envoy's post is no actor: the country that sent the envoy acts
        (
            "Kenya's ambassador to Ethiopia, Joseph Mwangi, met Tanzanian President Samia Suluhu"
            " Hassan on Monday.",
            OCT_2023,
            {("KEN", "TZA", "meeting", "asserted")},
        ),
        # a hyphenated participle describes the pact; the pact names its own parties after
        # "between", and they are also what the verb before it is about
        (
            "Officials in Jakarta criticised the newly-signed defence pact between Vietnam and"
            " Cambodia.",
            OCT_2023,
            {
                ("IDN", "VNM", "criticism", "asserted"),
                ("IDN", "KHM", "criticism", "asserted"),
                ("KHM", "VNM", "cooperation", "asserted"),
            },
        ),
        # where someone is ("is in Bogota") is not who acts
        (
            "Vice President Pence is in Bogota, Colombia, to meet with Venezuelan opposition"
            " leaders.",
            date(2019, 2, 25),
            {("USA", "VEN", "meeting", "asserted")},
        ),
        # an event noun with no agent takes only an object just after it
        (
            "The new round of sanctions comes as Vice President Pence is in Bogota, Colombia, to"
            " meet with Venezuelan opposition leaders.",
            date(2019, 2, 25),
            {("USA", "VEN", "meeting", "asserted")},
        ),
        # a letter is a contact
        (
            "Mexico's foreign minister sent a letter to the Guatemalan government on Friday.",
            OCT_2023,
            {("GTM", "MEX", "meeting", "asserted")},
        ),
        # "would" after a reporting verb is a plan; with a condition it stays hypothetical
        (
            "The Kremlin said Putin would hold a phone call with Lula after the summit.",
            date(2025, 7, 7),
            {("BRA", "RUS", "meeting", "planned")},
        ),
        (
            "Officials said Ghana would condemn Togo if the talks failed.",
            OCT_2023,
            {("GHA", "TGO", "criticism", "hypothetical")},
        ),
        # the group before "who" is the subject of the verbs in its clause
        (
            "The Kenyan minister who during a visit to Uganda urged Rwanda to reopen the border"
            " spoke on Monday.",
            OCT_2023,
            {("KEN", "UGA", "meeting", "asserted"), ("KEN", "RWA", "criticism", "asserted")},
        ),
        # what a meeting is held "to discuss" types it too
        (
            "The Kenyan president met his Ugandan counterpart to discuss oil exports.",
            OCT_2023,
            {("KEN", "UGA", "meeting", "asserted"), ("KEN", "UGA", "economic", "asserted")},
        ),
        # a capital in the name of a group or treaty is not the state
        (
            "Diplomats from the Paris Club met in Ottawa.",
            OCT_2023,
            set(),
        ),
        # ... but the Lima Group is a bloc of its own
        (
            "Canada hosted the Lima Group in Ottawa.",
            OCT_2023,
            {("CAN", "LIMA", "meeting", "asserted")},
        ),
    ],
)
def test_envoys_adjectives_whereabouts_and_named_groups(nlp, text, day, expected):
    assert links_of(nlp, text, day) == expected


def test_a_capital_in_a_treaty_name_is_no_mention(nlp):
    assert codes(nlp, "The Oslo Accords and the Minsk Agreements were signed long ago.") == []


def test_both_countries_never_named_as_a_pair_are_the_two_the_article_names_most(nlp):
    text = (
        "Algeria accused Morocco of spying. Algeria later cut gas supplies. Morocco said it"
        " regretted the move. The Arab League urged both countries to show restraint."
    )
    assert links_of(nlp, text) == {
        ("DZA", "MAR", "criticism", "asserted"),
        ("DZA", "LAS", "criticism", "asserted"),
        ("LAS", "MAR", "criticism", "asserted"),
    }
    # no clear pair: three states named as often stay unresolved
    assert links_of(
        nlp, "Chad met Niger. Mali met Chad. Niger met Mali. Ghana urged both countries."
    ) == {
        ("NER", "TCD", "meeting", "asserted"),
        ("MLI", "TCD", "meeting", "asserted"),
        ("MLI", "NER", "meeting", "asserted"),
    }


def test_a_country_that_is_a_given_name_before_a_surname_is_a_person(nlp):
    assert codes(nlp, '"Both sides are under pressure," said Chad Peterson, an economist.') == []
    assert codes(nlp, "The report was written by Chad Peterson") == []  # the text's last word
    assert set(codes(nlp, "Chad President Mahamat Deby met Niger's leader.")) == {"NER", "TCD"}
    assert codes(nlp, "Chad Signs Deal With Niger") == ["TCD", "NER"]  # a title-case headline


def test_strained_relations_are_no_cooperation(nlp):
    assert (
        links_of(nlp, "Relations between Spain and Venezuela have been tense since May.") == set()
    )
    assert links_of(nlp, "Spain and Venezuela have close ties.") == {
        ("ESP", "VEN", "cooperation", "asserted")
    }


def test_a_summit_in_a_named_capital_is_a_place_not_a_partner(nlp):
    text = "Meeting in the Nigerian capital, ECOWAS leaders named a new chairman."
    assert links_of(nlp, text) == set()


def test_link_lines_are_the_encoded_merged_links():
    import json

    from diplomap.extract import LINK_FIELDS, merge_evidence
    from diplomap.extract.rows import link_lines

    def row(article, a, b, kind, mode, start, text="Hungary met China."):
        values = {f: f"{f}-{start}" for f in LINK_FIELDS}
        values.update(a=a, b=b, type=kind, mode=mode, sent_start=start, sentence=text, score=1.5)
        return {"article": article, **values}

    odd = 'x", "mode": "é'  # an article id holding the key the lines are cut at
    rows = [
        row("a1", "HUN", "CHN", "meeting", "negated", 0),
        row("a1", "CHN", "HUN", "meeting", "asserted", 20, 'He said: "mode": \\ no'),
        row("a1", "CHN", "HUN", "meeting", "planned", 20),
        row(odd, "HUN", "CHN", "meeting", "planned", 3),
        row(odd, "HUN", "CHN", "conflict", "planned", 3),
        row(odd, "HUN", "CHN", "conflict", "historical", 9),
    ]
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    expected = [encode(link) + "\n" for link in merge_evidence(rows)]
    assert link_lines(rows) == expected
    assert link_lines([{"extra": 1, **r} for r in rows]) == [
        encode(link) + "\n" for link in merge_evidence([{"extra": 1, **r} for r in rows])
    ]


def test_words_read_through_the_lexicon_match_the_doc_columns():
    import numpy as np
    import spacy
    from diplomap.extract.words import Lexicon, read_words, table_words, words_of

    class Small(Lexicon):
        ROOM = 2  # room for two words at first: the arrays grow as docs add words

    nlp = spacy.blank("en")
    lexicon = Small(nlp.vocab)
    ids = np.array(sorted(nlp.vocab.strings.add(w) for w in ("said", ".", "Orbán")), np.uint64)
    texts = [
        "Hungary 's Orbán met Xi .\nTalks  went on!\n\n  \t SAID officials.",
        "Naïve “quotes” — and a dash; then:\r\nmore… Said ORBÁN.",
        "",
        "said said said\n",
    ]
    made = []
    for text in texts * 2:  # the second round reads words the lexicon already holds
        doc = nlp.make_doc(text)
        if not len(doc):
            continue
        words, flags = read_words(doc, lexicon, [])
        words.has(ids, lower=True)  # a set known before later docs add words
        made.append((words, doc))
        assert flags.tolist() == table_words(doc, [])[1].tolist()  # a large vocabulary's way
    for words, doc in made:  # rows of earlier docs stay valid as later docs add words
        plain = words_of(doc)
        assert plain.lexicon is None
        assert (words.orths, words.lower) == (plain.orths, plain.lower)
        assert (words.punct, words.space) == (plain.punct, plain.space)
        assert (words.idx, words.length) == (plain.idx, plain.length)
        assert words.rows.tolist() == lexicon.rows(doc, words.orths).tolist()
        for lower in (False, True):
            assert words.has(ids, lower).tolist() == plain.has(ids, lower).tolist()


def test_the_first_word_of_a_compound_cue_takes_no_object_of_its_own(nlp):
    text = (
        "Norway wants to raise its gas exports to Germany as a response to sanctions imposed"
        " over the Ukraine war."
    )
    assert links_of(nlp, text) == {("DEU", "NOR", "economic", "asserted")}


def test_meeting_links_carry_the_place_their_sentence_names(nlp):
    def venues(text):
        return {(lk["a"], lk["b"], lk["venue"]) for lk in run(nlp, text, OCT_2023)._.links}

    assert venues("On Tuesday in Beijing, Putin held a meeting with Hungary's Viktor Orban.") == {
        ("RUS", "HUN", "CHN")
    }
    assert venues("Putin visited Mongolia.") == {("RUS", "MNG", "MNG")}
    assert venues("Mongolia hosted Putin.") == {("MNG", "RUS", "MNG")}
    assert venues("Putin met Orban.") == {("RUS", "HUN", None)}
    assert venues("Russia condemned Ukraine in Moscow.") == {("RUS", "UKR", None)}  # no meeting


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # expelling diplomats or declaring them unwelcome is a designation: legal
        ("Peru expelled a Bolivian diplomat on Tuesday.", {("BOL", "PER", "legal", "asserted")}),
        (
            "Two Chilean diplomats were declared persona non grata by Peru.",
            {("CHL", "PER", "legal", "asserted")},
        ),
        ("Benin kicked out two Nigerien diplomats.", {("BEN", "NER", "legal", "asserted")}),
        (
            "Peru's expulsion of Bolivian diplomats surprised analysts.",
            {("BOL", "PER", "legal", "asserted")},
        ),
        # a verb whose object is its own subject's members
        (
            "Laos and Thailand each expelled three of the other's diplomats.",
            {("LAO", "THA", "legal", "asserted")},
        ),
        (
            "Sudan and Chad accused each other of arming rebels.",
            {("SDN", "TCD", "criticism", "asserted")},
        ),
        (
            "Armenia and Georgia blamed one another for the delay.",
            {("ARM", "GEO", "criticism", "asserted")},
        ),
        # "each" alone: both did it, to something else
        ("Egypt and Sudan each condemned the attack.", set()),
    ],
)
def test_expulsions_and_verbs_on_each_other(nlp, text, expected):
    assert links_of(nlp, text) == expected


def test_a_feeling_of_one_actor_about_another(nlp):
    text = "The deal deepened the concerns of Fiji and Samoa about Chinese fishing fleets."
    assert links_of(nlp, text) == {
        ("CHN", "FJI", "criticism", "asserted"),
        ("CHN", "WSM", "criticism", "asserted"),
    }
    # with nothing after it, "of" names the target, as before
    assert links_of(nlp, "Beijing dismissed the concerns of Fiji.") == {
        ("CHN", "FJI", "criticism", "asserted")
    }


def test_parties_named_after_a_place_and_an_acronym_in_brackets(nlp):
    text = (
        "A pact was signed in Accra on Monday between the Economic Community of West African"
        " States (ECOWAS), the Republic of Ghana and the Kingdom of Morocco."
    )
    assert links_of(nlp, text) == {
        ("ECOWAS", "GHA", "cooperation", "asserted"),
        ("ECOWAS", "MAR", "cooperation", "asserted"),
        ("GHA", "MAR", "cooperation", "asserted"),
    }
    # "the Kingdom" inside "the Kingdom of Morocco" stands for no other state
    assert codes(nlp, "Spain met Portugal. Officials from the Kingdom of Morocco came too.") == [
        "ESP",
        "PRT",
        "MAR",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gabonese patrol boats fired water cannon at a Cameroonian trawler.", ("CMR", "GAB")),
        ("Eritrea fired a missile over Djibouti.", ("DJI", "ERI")),
        ("Nigerien strikes on Malian border posts continued.", ("MLI", "NER")),
        ("A clash between Bhutanese and Nepali guards left two hurt.", ("BTN", "NPL")),
    ],
)
def test_force_told_by_firing_strikes_and_clashes(nlp, text, expected):
    assert links_of(nlp, text) == {(*expected, "conflict", "asserted")}


def test_a_cue_word_inside_a_name_is_no_cue(nlp):
    found = run(
        nlp, "The UN Assistance Mission in Haiti said on Friday it had praised Kenya."
    )._.links
    assert "Assistance" not in {lk["cue"] for lk in found}
    assert links_of(nlp, "Togo sent envoys to the Rapid Support Forces in Sudan.") == set()
    # a headline in title case keeps its cues
    assert links_of(nlp, "Chad Signs Deal With Niger") == {
        ("NER", "TCD", "cooperation", "asserted")
    }


def test_a_reciprocal_cue_links_its_passive_agents(nlp):
    text = "A memorandum of understanding was signed by Ghana and Togo on Friday."
    assert links_of(nlp, text) == {("GHA", "TGO", "cooperation", "asserted")}
    assert links_of(nlp, "The truce was brokered by Qatar and Egypt.") == set()


def test_an_accord_a_third_party_brokered_is_between_the_article_pair(nlp):
    story = "Laos and Vietnam traded accusations for weeks. Vietnam shelled Laos again. "
    assert links_of(nlp, story + "Anwar, who chairs ASEAN this year, brokered the truce.") >= {
        ("LAO", "MYS", "meeting", "asserted"),
        ("MYS", "VNM", "meeting", "asserted"),
    }
    assert links_of(nlp, story + "The fighting ended in a ceasefire brokered by Moscow.") >= {
        ("LAO", "RUS", "meeting", "asserted"),
        ("RUS", "VNM", "meeting", "asserted"),
    }
    # parties named with the accord are its parties
    found = links_of(nlp, story + "Qatar brokered a deal between Chad and Sudan.")
    assert ("QAT", "SDN", "meeting", "asserted") in found
    assert ("LAO", "QAT", "meeting", "asserted") not in found


def test_an_accord_named_by_an_economic_word_is_economic(nlp):
    assert links_of(nlp, "Kenya and Ethiopia signed a trade agreement.") == {
        ("ETH", "KEN", "economic", "asserted")
    }
    assert links_of(nlp, "Russia signed a gas deal with China.") == {
        ("CHN", "RUS", "economic", "asserted")
    }
    assert links_of(nlp, "Japan and India signed a security pact.") == {
        ("IND", "JPN", "cooperation", "asserted")
    }
    # what was agreed: an economic act, or working together
    assert links_of(nlp, "Ghana and Togo agreed to expand trade.") == {
        ("GHA", "TGO", "economic", "asserted")
    }
    assert links_of(nlp, "Ghana and Togo agreed to work together.") == {
        ("GHA", "TGO", "cooperation", "asserted")
    }


def test_us_executive_departments_stand_for_the_us(nlp):
    assert codes(nlp, "The Treasury Department and the Justice Department acted.") == ["USA", "USA"]
    assert codes(nlp, "Britain's Treasury and the Treasury of Jamaica met.") == ["GBR", "JAM"]


def test_an_act_that_alarmed_others_links_them_to_its_parties(nlp):
    text = "Tonga signed a security pact with China that alarmed Canberra and Washington."
    assert links_of(nlp, text) == {
        ("CHN", "TON", "cooperation", "asserted"),
        ("AUS", "TON", "criticism", "asserted"),
        ("TON", "USA", "criticism", "asserted"),
        ("AUS", "CHN", "criticism", "asserted"),
        ("CHN", "USA", "criticism", "asserted"),
    }
    # the alarmed one initiates the criticism
    doc = run(nlp, "China's move angered Japan.")
    assert [(lk["a"], lk["b"], lk["type"]) for lk in doc._.links] == [("JPN", "CHN", "criticism")]


def test_a_measure_kept_in_place_is_carried_by_its_verb(nlp):
    assert links_of(nlp, "The European Union still maintains an arms embargo on Zimbabwe.") == {
        ("EU", "ZWE", "economic", "asserted")
    }


def test_the_two_sides_may_be_a_state_and_a_bloc_of_their_sentence(nlp):
    text = (
        "Laos met Thailand. The Japanese premier is due on Monday for a meeting with ASEAN"
        " leaders at which the two sides will sign a trade agreement."
    )
    assert links_of(nlp, text) >= {
        ("ASEAN", "JPN", "meeting", "asserted"),
        ("ASEAN", "JPN", "economic", "planned"),
    }
    assert ("LAO", "THA", "economic", "planned") not in links_of(nlp, text)


def test_a_courtesy_paid_in_a_call_is_the_call(nlp):
    assert links_of(nlp, "Ghana's president congratulated Togo's leader in a phone call.") == {
        ("GHA", "TGO", "meeting", "asserted")
    }
    assert links_of(nlp, "Ghana congratulated Togo on its election.") == {
        ("GHA", "TGO", "cooperation", "asserted")
    }


def test_a_verb_with_two_objects_each_taking_its_complement(nlp):
    assert links_of(
        nlp, "Sudan accused Egypt of arming the rebels and Chad of sheltering them."
    ) == {
        ("EGY", "SDN", "criticism", "asserted"),
        ("SDN", "TCD", "criticism", "asserted"),
    }
    assert links_of(
        nlp, "Ghana urged Togo to reopen the border and Benin to lift its tariffs."
    ) >= {
        ("GHA", "TGO", "criticism", "asserted"),
        ("BEN", "GHA", "criticism", "asserted"),
    }
    # a list after "to" is no second object
    assert links_of(nlp, "Ghana urged Togo to talk to Benin and Niger.") == {
        ("GHA", "TGO", "criticism", "asserted")
    }
