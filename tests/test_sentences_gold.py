"""The rules against sentences written for these tests, annotated as FORMAT.md asks (a regression
floor for the rules, which propose the links the learned model decides over; text the team wrote is
no evidence of quality on news: see bench/extract_quality.py for real news)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from diplomap.extract.relation import FACTUAL_MODES

GOLD = Path(__file__).parent / "data" / "sentences_gold.jsonl"


def score(nlp):
    tp = fp = fn = 0
    misses = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        doc = nlp.make_doc(item["text"])
        doc._.date = date.fromisoformat(item["date"])
        doc = nlp(doc)
        found = {
            (*sorted((lk["a"], lk["b"])), lk["type"])
            for lk in doc._.links
            if lk["mode"] in FACTUAL_MODES
        }
        truth = {(*sorted((a, b)), t) for a, b, t in item["links"]}
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
        if found != truth:
            misses.append((item["text"], sorted(found - truth), sorted(truth - found)))
    return tp, fp, fn, misses


def test_typed_links_on_written_sentences(rules_nlp):
    tp, fp, fn, misses = score(rules_nlp)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    # A floor a little under what the rules reach today, to catch regressions, not to tune to.
    assert f1 >= 0.85, misses
