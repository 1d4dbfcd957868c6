"""The rule pass: for every sentence with two actors and a cue, the typed pairs its cues relate."""

from __future__ import annotations

from typing import Any

from diplomap.extract.lexicon import CUE, MODE, load_lexicon, load_modes
from diplomap.extract.relation.cues import adjectival, by_sentence, in_name, strained
from diplomap.extract.relation.evidence import link_row, sentence_text
from diplomap.extract.relation.groups import group_actors
from diplomap.extract.relation.modes import mode_of
from diplomap.extract.relation.roles import relate
from diplomap.extract.relation.types import typed_pairs
from diplomap.extract.relation.venues import meeting_place
from diplomap.extract.words import Match, Mention, Words


def find_links(w: Words, actors: list[Mention], cues: list[Match]) -> list[dict[str, Any]]:
    """Links of every sentence, one row per (sentence, pair, type), with the cue that made it."""
    lexicon, modes = load_lexicon(), load_modes()
    links: list[dict[str, Any]] = []
    for n, mentions, sent_cues in by_sentence(w, actors, cues):
        relation = [
            c
            for c in sent_cues
            if c.label == CUE
            and not adjectival(w, c, lexicon, mentions)
            and not strained(w, c, n)
            and not in_name(w, c, n)
        ]
        if not relation:
            continue
        groups = group_actors(w, mentions, {i for c in relation for i in range(c.start, c.end)})
        mode_cues = [c for c in sent_cues if c.label == MODE]
        seen: set[tuple[str, str, str]] = set()
        sentence: tuple[str, int] | None = None
        related = relate(w, groups, relation, lexicon)
        courtesy = any(lexicon[cue.key].get("courtesy") for cue, _ in related)
        called = _met_pairs(related, lexicon) if courtesy else set()
        for cue, pairs in related:
            mode = mode_of(w, cue, mode_cues, modes, relation)
            for a, b, entry in typed_pairs(w, cue, pairs, relation, lexicon, mentions):
                kind = entry["type"]
                x, y = a.code, b.code
                key = (x, y, kind) if x < y else (y, x, kind)
                if x == y or key in seen:
                    continue
                if entry.get("courtesy") and key[:2] in called:
                    continue  # "congratulated Aliyev in a phone call": the call is the link
                seen.add(key)
                sentence = sentence or sentence_text(w, n)
                venue = meeting_place(w, entry, a, b, mentions) if kind == "meeting" else None
                links.append(link_row(w, sentence, a, b, cue, entry, mode, venue))
    return links


def _met_pairs(
    related: list[tuple[Match, list[tuple[Mention, Mention]]]], lexicon: dict[str, dict[str, Any]]
) -> set[tuple[str, str]]:
    """The (sorted) code pairs a meeting cue of the sentence relates."""
    return {
        (a.code, b.code) if a.code < b.code else (b.code, a.code)
        for cue, pairs in related
        if lexicon[cue.key]["type"] == "meeting"
        for a, b in pairs
    }
