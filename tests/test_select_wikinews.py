"""The draws of articles to annotate (`scripts/select_wikinews.py`): pure functions on counts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "select_wikinews.py"
_SPEC = importlib.util.spec_from_file_location("select_wikinews", _SCRIPT)
select = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(select)
draw_rest, draw_sample = select.draw_rest, select.draw_sample

# (id, distinct actors, words): made-up counts
COUNTS = [
    ("one-actor", 1, 300),
    ("pair", 2, 400),
    ("dense", 4, 900),
    ("long-dense", 3, 2500),
    ("too-long", 5, 6000),
    ("drawn-before", 3, 500),
    ("another-pair", 2, 1200),
]


def test_the_rest_is_every_article_left_naming_two_or_more_within_the_length():
    rest = draw_rest(COUNTS, seed=20, skip=frozenset({"drawn-before"}), max_words=4000)
    assert sorted(rest) == ["another-pair", "dense", "long-dense", "pair"]


def test_the_rest_comes_in_a_seeded_order():
    skip = frozenset()
    assert draw_rest(COUNTS, 20, skip, 4000) == draw_rest(COUNTS, 20, skip, 4000)
    orders = {tuple(draw_rest(COUNTS, seed, skip, 4000)) for seed in range(20)}
    assert len(orders) > 1


def test_a_sample_keeps_to_the_length_and_leaves_out_earlier_draws():
    chosen = draw_sample(COUNTS, 2, seed=15, dense_share=0.5, skip=frozenset({"drawn-before"}))
    assert len(chosen) == 2
    assert "drawn-before" not in chosen
    assert "long-dense" not in chosen  # over 1,500 words by default
    longer = draw_sample(COUNTS, 3, 15, dense_share=1, max_words=4000)
    assert "long-dense" in longer
