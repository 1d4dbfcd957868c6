"""The learned link decision: candidates, features, the shipped model and its card, the decision
over the rules' proposals, and the annotated real news it was trained on (facts only, joined to
../shared at run time; those tests skip when ../shared is absent)."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import numpy as np
import pytest
from diplomap.extract.relation.candidates import find_candidates, find_salient, main_actor
from diplomap.extract.relation.features import (
    doc_features,
    rule_links_by_pair,
)
from diplomap.extract.relation.keys import feature_key, feature_name
from diplomap.extract.relation.model import (
    LABELS,
    LINK_FLOOR,
    THRESHOLDS,
    blend_sums,
    decide,
    load_model,
    logistic,
    read_model,
)
from diplomap.extract.relation.type_words import type_keys

from diplomap.training import Fitted, export_model
from diplomap.wikinews import ANNOTATIONS, SECOND, corpus_missing, load_gold, read_annotations

DAY = date(2023, 10, 17)
CODES = {"a", "b", "type", "mode", "evidence"}
needs_corpus = pytest.mark.skipif(corpus_missing() is not None, reason=str(corpus_missing()))


def run(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.date = DAY
    return nlp(doc)


def candidate_keys(nlp, text: str, find=find_candidates) -> list[list[tuple[int, int]]]:
    """The feature keys of each candidate `find` gives for `text`, read by the rules."""
    doc = run(nlp, text)
    w = doc._.words
    ruled = rule_links_by_pair(w, doc._.links)
    return doc_features(w, doc._.mentions, find(w, doc._.mentions), doc._.cues, ruled)


def test_one_candidate_per_sentence_and_pair_of_actors(rules_nlp):
    doc = run(
        rules_nlp, "Kenya and Uganda met Tanzania. Rwanda spoke. Chad praised Niger and Mali."
    )
    found = find_candidates(doc._.words, doc._.mentions)
    assert [(c.n, c.key) for c in found] == [
        (0, ("KEN", "UGA")),
        (0, ("KEN", "TZA")),
        (0, ("TZA", "UGA")),
        (2, ("NER", "TCD")),
        (2, ("MLI", "TCD")),
        (2, ("MLI", "NER")),
    ]


def test_a_pair_phrase_is_one_candidate_on_its_own_tokens(rules_nlp):
    doc = run(rules_nlp, "Peru and Chile met in May. The two countries signed a pact on Friday.")
    (second,) = [c for c in find_candidates(doc._.words, doc._.mentions) if c.n == 1]
    assert second.key == ("CHL", "PER")
    assert second.a.start == second.b.start  # both on "The two countries"


MAIN_ACTOR_TEXT = (
    "Chad closed its border on Monday. Chad said the border would stay shut. "
    "Niger and Mali made similar calls on Tuesday. Chad thanked them."
)


def test_the_main_actor_pairs_with_the_actors_of_sentences_that_do_not_name_it(rules_nlp):
    doc = run(rules_nlp, MAIN_ACTOR_TEXT)
    w, mentions = doc._.words, doc._.mentions
    assert main_actor(mentions) == "TCD"
    found = find_salient(w, mentions)
    assert [(c.n, c.key, c.salient) for c in found] == [
        (2, ("NER", "TCD"), True),
        (2, ("MLI", "TCD"), True),
    ]
    # The main actor's mention is its nearest before the sentence: "Chad said".
    assert [w.span_text(c.b.start, c.b.end) for c in found] == ["Chad", "Chad"]
    assert {w.sentence(c.b.start) for c in found} == {1}
    assert not any(c.salient for c in find_candidates(w, mentions))


def test_an_article_of_one_actor_has_no_main_actor_candidates(rules_nlp):
    doc = run(rules_nlp, "Chad closed its border. Chad said it would stay shut.")
    assert find_salient(doc._.words, doc._.mentions) == []


def test_a_main_actor_candidate_is_described_by_its_sentence(rules_nlp):
    keys = candidate_keys(rules_nlp, MAIN_ACTOR_TEXT, find_salient)
    names = {feature_name(k, rules_nlp.vocab.strings) for k in keys[0]}
    assert {"salient=main", "sentence_word=similar", "sentence_word=calls"} <= names
    assert "sentence_word=niger" not in names  # actor words are left out
    assert not any(n.startswith("between=") for n in names)


def test_a_link_to_the_main_actor_keeps_its_sentence_and_both_mentions():
    from diplomap.extract import make_pipeline

    nlp = make_pipeline(default_date=DAY)
    # A model that links every candidate with every type, to read the rows it makes.
    every = {
        "labels": list(LABELS),
        "features": ["salient=main"],
        "weights": [[0.0] * len(LABELS)],
        "intercepts": [5.0] * len(LABELS),
        "thresholds": dict.fromkeys(THRESHOLDS, 0.5),
    }
    nlp.get_pipe("diplomap_links").model = read_model(every)
    doc = run(nlp, MAIN_ACTOR_TEXT)
    text = MAIN_ACTOR_TEXT
    rows = [r for r in doc._.links if {r["a"], r["b"]} == {"NER", "TCD"}]
    assert {r["type"] for r in rows} >= {"meeting", "criticism"}
    for row in rows:
        assert row["sentence"] == "Niger and Mali made similar calls on Tuesday."
        assert text[row["a_start"] : row["a_end"]] == row["a_text"] == "Niger"
        assert (row["b_text"], row["b_start"]) == ("Chad", text.index("Chad said"))
        assert text[row["cue_start"] : row["cue_end"]] == row["cue"]
        assert row["sent_start"] <= row["cue_start"] < row["sent_start"] + len(row["sentence"])
        assert row["venue"] is None


def test_feature_names_round_trip(rules_nlp):
    text = "Ghana's president met Togo's prime minister in Accra on Monday."
    (keys,) = candidate_keys(rules_nlp, text)
    names = [feature_name(k, rules_nlp.vocab.strings) for k in keys]
    assert "between=met" in names
    assert "rule=meeting" in names
    assert [feature_key(n) for n in names] == keys


def standing_names(nlp, text: str, find=find_candidates) -> list[set[str]]:
    """The "ranks" and "least" feature names of each candidate `find` gives for `text`."""
    strings = nlp.vocab.strings
    names = [{feature_name(k, strings) for k in keys} for keys in candidate_keys(nlp, text, find)]
    return [{n for n in each if n.startswith(("ranks=", "least="))} for each in names]


def test_a_candidate_knows_how_much_the_article_names_each_actor(rules_nlp):
    text = (
        "Ghana hosted talks on fishing rights. Ghana and Togo agreed on quotas. "
        "Ghana thanked Togo and Benin for their patience."
    )
    named = standing_names(rules_nlp, text)
    # Ghana is named 3 times (rank 1), Togo twice (rank 2), Benin once (rank 3).
    assert named[0] == {"ranks=<=1|<=2", "least=<=2"}  # Ghana-Togo, second sentence
    assert {"ranks=<=1|<=3", "least=<=1"} in named  # Ghana-Benin
    assert {"ranks=<=2|<=3", "least=<=1"} in named  # Togo-Benin
    # Actors named as often share the better rank.
    tied = standing_names(rules_nlp, "Ghana thanked Togo and Benin for their patience.")
    assert tied == [{"ranks=<=1|<=1", "least=<=1"}] * 3
    # A main-actor candidate is described by its sentence instead.
    salient = standing_names(rules_nlp, text + " Benin agreed.", find_salient)
    assert salient == [set()]


def test_a_list_holding_both_actors_is_described_by_what_stands_around_it(rules_nlp):
    text = "Last week Ghana and Togo quietly signed a border treaty. Ghana met Togo in Lome."
    listed, apart = candidate_keys(rules_nlp, text)
    names = {feature_name(k, rules_nlp.vocab.strings) for k in listed}
    assert {"flag=same_group", "group_size=<=2", "group_before=week"} <= names
    assert {"group_after=quietly", "group_after=signed", "group_cue=cooperation"} <= names
    assert "group_after=." not in names  # five words after the list, no more
    strings = rules_nlp.vocab.strings
    assert not any(feature_name(k, strings).startswith("group_") for k in apart)


def test_the_types_also_read_the_words_of_the_whole_sentence(rules_nlp):
    text = "Officials said that Ghana and Togo, after long talks, agreed on fishing quotas."
    doc = run(rules_nlp, text)
    w, mentions = doc._.words, doc._.mentions
    strings = rules_nlp.vocab.strings
    (pair,) = type_keys(w, mentions, find_candidates(w, mentions))
    names = [feature_name(k, strings) for k in pair]
    assert {"type_word=officials", "type_word=talks", "type_word=quotas"} <= set(names)
    assert not {"type_word=ghana", "type_word=togo", "type_word=,"} & set(names)
    assert len(names) == len(set(names))
    # Main-actor candidates read their sentence's words through features of their own.
    doc = run(rules_nlp, MAIN_ACTOR_TEXT)
    salient = find_salient(doc._.words, doc._.mentions)
    assert salient
    assert type_keys(doc._.words, doc._.mentions, salient) == [[]] * len(salient)


def word_model(link_feature: str, link_weight: float, bars: dict[str, float]) -> dict:
    """A model that links on one feature and makes a link economic when "quotas" stands anywhere
    in its sentence; it also gives that type word a weight for the link label, never read."""
    weights = np.zeros((2, len(LABELS)))
    weights[0, 0] = link_weight
    weights[1, LABELS.index("economic")] = 10.0
    weights[1, 0] = 10.0
    return {
        "labels": list(LABELS),
        "features": [link_feature, "type_word=quotas"],
        "weights": weights.tolist(),
        "intercepts": [-5.0] * len(LABELS),
        "thresholds": {**dict.fromkeys(THRESHOLDS, 0.5), **bars},
    }


def test_a_type_word_types_a_linked_pair_and_never_links_one():
    from diplomap.extract import make_pipeline

    nlp = make_pipeline(default_date=DAY)
    nlp.get_pipe("diplomap_links").model = read_model(word_model("between=with", 10.0, {}))
    linked = run(nlp, "Ghana spoke with Togo about fishing quotas.")
    rows = [(r["a"], r["b"], r["type"], r["cue"]) for r in linked._.links]
    assert rows == [("GHA", "TGO", "economic", "quotas")]  # the word that made it economic
    assert run(nlp, "Ghana and Togo spoke about fishing quotas.")._.links == []


def test_a_pair_the_rules_linked_is_typed_by_its_words_under_the_lower_bar():
    from diplomap.extract import make_pipeline

    nlp = make_pipeline(default_date=DAY)
    # Link probability 0.62: under the link bar, over the bar for a pair the rules linked.
    model = word_model("rule=cooperation", 5.5, {"link": 0.9, "rule_link": 0.5})
    nlp.get_pipe("diplomap_links").model = read_model(model)
    doc = run(nlp, "Ghana signed a pact with Togo on fishing quotas.")
    assert {(r["a"], r["b"], r["type"]) for r in doc._.links} == {("GHA", "TGO", "economic")}


def test_with_a_types_weight_the_whole_sentence_weighs_in_the_link_decision():
    from diplomap.extract import make_pipeline

    nlp = make_pipeline(default_date=DAY)
    # "with" alone gives a link probability of 0.2: over the floor, under the link bar.
    model = word_model("between=with", 3.6, {})
    model["weights"][1][LABELS.index("economic")] = 12.0
    nlp.get_pipe("diplomap_links").model = read_model({**model, "type_weight": 1.0})
    linked = run(nlp, "Ghana spoke with Togo about fishing quotas.")
    assert [(r["a"], r["b"], r["type"]) for r in linked._.links] == [("GHA", "TGO", "economic")]
    assert run(nlp, "Ghana spoke with Togo about fishing.")._.links == []
    # Under the floor, the types are not read and the pair is not linked.
    assert run(nlp, "Ghana and Togo spoke about fishing quotas.")._.links == []
    # Without the types' weight, the link label decides alone.
    nlp.get_pipe("diplomap_links").model = read_model(model)
    assert run(nlp, "Ghana spoke with Togo about fishing quotas.")._.links == []


def test_a_fitted_models_types_weight_is_written_and_read_back(rules_nlp):
    key = feature_key("between=with")
    weights = np.zeros((1, len(LABELS)))
    weights[0] = 1.0
    fitted = Fitted(
        {key: 0}, weights, np.zeros(len(LABELS)), np.full(len(THRESHOLDS), 0.5), 0.3, 0.75
    )
    data = export_model(fitted, rules_nlp.vocab.strings, {})
    assert data["type_weight"] == 0.75
    assert read_model(json.loads(json.dumps(data))).type_weight == 0.75
    del data["type_weight"]  # a model file from before the types weighed in
    assert read_model(data).type_weight == 0.0


def test_the_types_weight_averages_the_link_and_the_likeliest_type_over_the_floor():
    floor = np.log(LINK_FLOOR / (1 - LINK_FLOOR))
    sums = np.array(
        [
            [1.0, -2.0, 3.0, 0, 0, 0, 0, 0],  # over the floor: (1 + 0.5 * 3) / 1.5
            [floor - 0.01, 9.0, 0, 0, 0, 0, 0, 0],  # under it: kept
        ]
    )
    blended = blend_sums(sums, 0.5)
    assert blended[:, 0].tolist() == pytest.approx([2.5 / 1.5, floor - 0.01])
    assert (blended[:, 1:] == sums[:, 1:]).all()
    assert (sums[:, 0] == [1.0, floor - 0.01]).all()  # the input is left as it was
    assert blend_sums(sums, 0.0) is sums


def test_the_shipped_models_link_label_has_no_weight_for_type_words():
    path = files("diplomap.extract") / "data" / "link_model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = zip(data["features"], data["weights"], strict=True)
    rows = [w for name, w in pairs if name.startswith("type_word=")]
    assert rows
    assert all(w[0] == 0.0 for w in rows)


def test_the_decision_types_linked_candidates_and_each_linked_pair_once_at_least():
    thresholds = np.array([0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.3])
    pairs = [("CHL", "PER"), ("CHL", "PER"), ("BOL", "PER"), ("ARG", "BRA")]
    probs = np.array(
        [
            [0.9, 0.7, 0.1, 0.65, 0, 0, 0, 0],  # linked: meeting and economic
            [0.8, 0.2, 0.1, 0.10, 0, 0, 0, 0],  # linked, no type of its own: the pair has some
            [0.4, 0.1, 0.2, 0.05, 0, 0, 0, 0],  # under 0.5 but over 0.3 for a rule link: typed once
            [0.4, 0.9, 0.0, 0.00, 0, 0, 0, 0],  # under the link threshold: nothing
        ]
    )
    chosen = decide(pairs, probs, [False, False, True, False], thresholds)
    assert chosen == [(0, 1), (0, 3), (2, 2)]


def test_the_shipped_model_loads_offline_and_has_its_card():
    model = load_model()
    path = files("diplomap.extract") / "data" / "link_model.json"
    assert len(path.read_bytes()) < 20_000_000
    assert model.labels == LABELS
    assert model.meta["articles"] >= 400
    assert set(json.loads(path.read_text(encoding="utf-8"))["thresholds"]) == set(THRESHOLDS)
    card = (files("diplomap.extract") / "data" / "LINK_MODEL.md").read_text(encoding="utf-8")
    assert "CC BY 2.5" in card
    assert f"{model.meta['articles']:,} English Wikinews articles" in card


def test_a_model_file_without_the_labels_is_refused():
    with pytest.raises(ValueError, match="labels"):
        read_model({"labels": ["link"], "features": [], "weights": [], "thresholds": {}})


def test_a_model_sums_known_weights_and_reads_unknown_keys_as_zero():
    labels = list(LABELS)
    data = {
        "labels": labels,
        "features": ["between=signed", "after=talks"],
        "weights": [[1.0] * len(labels), [2.0] * len(labels)],
        "intercepts": [-0.5] * len(labels),
        "thresholds": dict.fromkeys(THRESHOLDS, 0.5),
    }
    model = read_model(data)
    known = feature_key("between=signed")
    other = feature_key("after=talks")
    unknown = (known[0], known[1] + 1)
    sums = model.sums([[known, unknown], [], [unknown, other, known]])
    assert sums[:, 0].tolist() == [0.5, -0.5, 2.5]
    # Without the intercept an empty list sums to 0, not to its neighbour's first row.
    bare = model.sums([[], [other], []], intercept=False)
    assert bare[:, 0].tolist() == [0.0, 2.0, 0.0]
    assert model.sums([]).shape == (0, len(labels))
    assert np.allclose(logistic(model.sums([[known]])), 1 / (1 + np.exp(-0.5)))


@pytest.mark.parametrize(
    "text",
    [
        "Ghana's president spoke by telephone with Togo's prime minister on Friday.",
        "Peru condemned Chile's decision to close the border, officials in Lima said.",
        "Japan and South Korea signed a currency swap deal worth $10 billion.",
        "The European Union imposed new sanctions on Belarus on Monday.",
    ],
)
def test_learned_links_keep_their_evidence_and_offsets(nlp, text):
    doc = run(nlp, text)
    assert doc._.links
    for link in doc._.links:
        assert text[link["a_start"] : link["a_end"]] == link["a_text"]
        assert text[link["b_start"] : link["b_end"]] == link["b_text"]
        assert text[link["cue_start"] : link["cue_end"]] == link["cue"]
        start = link["sent_start"]
        assert text[start : start + len(link["sentence"])] == link["sentence"]
        assert start <= link["cue_start"] < link["cue_end"] <= start + len(link["sentence"])
        assert link["quad"] in (0, 1, 2, 3, 4)


def test_a_model_rows_cue_is_a_word_not_a_number_or_a_stray_tag(nlp):
    # Before the cue was held to words of two letters or more, the cooperation row's cue was the
    # "b" of "<b>"; on real news, years and amounts ("2002", "50,000") were cues.
    text = "Peru met Chile <img src=x> in Lima to sign a [treaty](javascript:x) on <b>ports</b>."
    cues = {link["cue"] for link in run(nlp, text)._.links}
    assert cues
    assert all(len(cue) > 1 and cue.isalpha() for cue in cues)


def test_a_model_rows_cue_is_no_day_or_month_name():
    from diplomap.extract import make_pipeline

    weights = np.zeros((3, len(LABELS)))
    weights[0, 0] = 10.0  # "asked" between the two: linked
    weights[1, LABELS.index("meeting")] = 8.0  # meetings are dated: the day weighs most
    weights[2, LABELS.index("meeting")] = 6.0
    model = {
        "labels": list(LABELS),
        "features": ["between=asked", "type_word=tuesday", "type_word=talks"],
        "weights": weights.tolist(),
        "intercepts": [-5.0] * len(LABELS),
        "thresholds": dict.fromkeys(THRESHOLDS, 0.5),
    }
    nlp = make_pipeline(default_date=DAY)
    nlp.get_pipe("diplomap_links").model = read_model(model)
    doc = run(nlp, "Ghana asked Togo on Tuesday about border talks in March.")
    assert [(r["type"], r["cue"]) for r in doc._.links] == [("meeting", "talks")]


def test_a_conjoined_pair_named_once_is_linked(nlp):
    # Missed by the model before the actors' standing was a feature (0.32, under its bar of 0.40);
    # with it, 0.43 against a bar of 0.35 for a pair the rules linked: a retrain may move it.
    doc = run(nlp, "France and Germany signed a treaty in Paris.")
    assert {(lk["a"], lk["b"]) for lk in doc._.links} == {("FRA", "DEU")}


def test_a_model_link_without_a_rule_cue_explains_itself_with_a_content_word(nlp):
    doc = run(nlp, "Ghana's president spoke by telephone with Togo's prime minister on Friday.")
    cues = {link["cue"].lower() for link in doc._.links}
    assert cues.isdisjoint({"with", "by", "on", "'s", "the"})


def test_annotations_keep_facts_only():
    for path in (ANNOTATIONS, SECOND):
        rows = read_annotations(path)
        assert rows
        for row in rows:
            assert set(row) == {"id", "batch", "countries", "blocs", "links"}
            assert all(len(c) == 3 and c.isupper() for c in row["countries"])
            for link in row["links"]:
                assert set(link) == CODES
                start, end = link["evidence"]
                assert isinstance(start, int)
                assert isinstance(end, int)
                assert start < end


def test_the_second_annotation_covers_articles_of_the_first():
    first = {row["id"] for row in read_annotations(ANNOTATIONS)}
    second = {row["id"] for row in read_annotations(SECOND)}
    assert len(second) == 70
    assert second <= first


@needs_corpus
def test_annotations_join_the_shared_corpus():
    gold, articles = load_gold()
    assert len(gold) >= 400
    assert sum(len(row["links"]) for row in gold) >= 2000
    for row in gold:
        text = articles[row["file"]].text
        for link in row["links"]:
            assert link["evidence"] == text[link["start"] : link["end"]]
            assert link["evidence"].strip()


@needs_corpus
def test_a_model_trained_on_some_articles_beats_every_pair_on_others(rules_nlp):
    from diplomap.crossval import pair_sets
    from diplomap.training import article_sets, count_matches, f1, fit_model, read_candidates

    gold, articles = load_gold()
    train, test = gold[:150], gold[150:210]
    docs = read_candidates(rules_nlp, [articles[row["file"]] for row in train + test])
    fitted = fit_model(docs[:150], train, seed=15, inner=2)
    held = docs[150:]
    found = article_sets(held, [fitted.predict(d) for d in held], fitted.thresholds)
    truth = [{tuple(sorted((lk["a"], lk["b"]))) for lk in row["links"]} for row in test]
    model = f1(*count_matches([f[0] for f in found], truth))
    every_pair = f1(*count_matches([pair_sets(d)["links"] for d in held], truth))
    assert model > every_pair
