"""The cue lexicons (relation cues and mode cues) as data, and the modes a link can have."""

from __future__ import annotations

from functools import cache
from typing import Any

from diplomap.extract.gazetteer import read_jsonl

CUE = "CUE"
MODE = "MODE"
ASSERTED = "asserted"
PLANNED = "planned"
NEGATED = "negated"
# Modes of links the text stands behind (gold, the map); negated and hypothetical links are kept apart.
FACTUAL_MODES = ("asserted", "planned", "historical")


@cache
def load_lexicon() -> dict[str, dict[str, Any]]:
    """Cue (lower case) -> its type, event, quad class, score, role and reciprocity."""
    return {row["cue"]: row for row in read_jsonl("relations.jsonl")}


@cache
def load_modes() -> dict[str, str]:
    """Mode cue (lower case) -> mode (negated, planned, hypothetical, historical)."""
    return {row["cue"]: row["mode"] for row in read_jsonl("modes.jsonl")}


def build_cue_patterns() -> list[dict[str, str]]:
    """Patterns for the cue ruler: relation cues and mode cues, matched on lower-case text."""
    cues = [{"label": CUE, "pattern": cue, "id": cue} for cue in load_lexicon()]
    modes = [{"label": MODE, "pattern": cue, "id": cue} for cue in load_modes()]
    return cues + modes
