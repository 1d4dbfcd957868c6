"""Feature keys of the link model: the templates a feature is made from, the ids of label values,
and the names the model file gives keys ("between=with").

A key is `(template, value)`: a template number from TEMPLATES and a spaCy string id (a word's lower
case, or a label value such as a bucket name). `features` and `type_words` make keys; `model` reads
the model file's names back into keys.
"""

from __future__ import annotations

from typing import Any

from diplomap.extract.words import string_id

TEMPLATES = (
    "between",  # a word between the two mentions (actor words left out)
    "before",  # a word among the WINDOW before the first mention
    "after",  # a word among the WINDOW after the second mention
    "left1",  # the word just before the first mention
    "right1",  # the word just after the second mention
    "inner_a",  # the word just after the first mention, when words stand between
    "inner_b",  # the word just before the second mention, when words stand between
    "distance",  # words between, in buckets
    "kind_a",  # how the first actor is named (NAME, DEMONYM, PERSON, PRONOUN, PAIR, ...)
    "kind_b",
    "kinds",  # both, as one value
    "flag",  # yes/no facts (one list, hyphenated pair, "between A and B", ...)
    "actors",  # distinct actors in the sentence, in buckets
    "rule",  # a type the rules linked the pair with in this sentence ("none" if none)
    "rule_cue",  # the cue of that rule link
    "rule_mode",  # its mode
    "cue_type",  # the type of a relation cue anywhere in the sentence
    "cue_between",  # the type of a relation cue between the two mentions
    "cue_word",  # a relation cue between or next to the mentions
    "mode_word",  # a mode cue in the sentence ("not", "will", "would")
    "sentences",  # sentences of the article naming this pair, in buckets
    "position",  # the sentence's place in the article, in buckets
    # Main-actor candidates (`candidates.find_salient`) have features of their own:
    "salient",  # a main-actor candidate (one value: its bias)
    "main_share",  # the main actor's share of the article's mentions, in buckets
    "salient_kind",  # how the sentence's actor is named
    "salient_actors",  # distinct actors in the sentence, in buckets
    "salient_position",  # the sentence's place in the article, in buckets
    "sentence_word",  # a word of the sentence (actor words left out)
    "salient_cue_type",  # the type of a relation cue in the sentence
    "salient_cue",  # a relation or mode cue in the sentence
    "salient_near",  # a word among the WINDOW around the sentence's actor
    # Both actors in one list ("China and Russia signed ..."): what the list does decides.
    "group_after",  # a word among the GROUP_WINDOW after the list
    "group_before",  # a word among the WINDOW before the list
    "group_size",  # actors in the list, in buckets
    "group_cue",  # a relation cue among the GROUP_WINDOW after the list, and its type
    # How much the article names each actor:
    "ranks",  # both actors' ranks by mentions in the article, the better first ("<=1|<=3")
    "least",  # the fewer mentions of the two, in buckets
    # Read by the types only (`type_words.type_keys`):
    "type_word",  # a word of the sentence (actor words, spaces and punctuation left out)
)
TEMPLATE = {name: i for i, name in enumerate(TEMPLATES)}
_IDS: dict[str, int] = {}


def label_id(text: str) -> int:
    """The string id of a label value (memoised: label values are few)."""
    known = _IDS.get(text)
    if known is None:
        known = _IDS[text] = string_id(text)
    return known


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """The bucket name of n: the first edge it does not exceed ("<=3"), else past the last ("12+")."""
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f"{edges[-1]}+"


def label_names() -> dict[int, str]:
    """The label values seen so far, by id (to name features when a model is written)."""
    return {v: k for k, v in _IDS.items()}


def feature_name(key: tuple[int, int], strings: Any) -> str:
    """A key as text ("between=with"): its value through the vocab's StringStore, else through the
    label values seen (`label_id`)."""
    template, value = key
    name = strings[value] if value in strings else label_names()[value]
    return f"{TEMPLATES[template]}={name}"


def feature_key(name: str) -> tuple[int, int]:
    """The key of a feature named as `feature_name` names it."""
    template, _, value = name.partition("=")
    return TEMPLATE[template], string_id(value)
