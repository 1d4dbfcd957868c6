"""Text -> actor mentions -> links, on a blank English spaCy pipeline (no model download)."""

from diplomap.extract.pipeline import make_pipeline
from diplomap.extract.relation import FACTUAL_MODES, LINK_FIELDS, find_host
from diplomap.extract.rows import MENTION_FIELDS, extract_rows, merge_evidence

__all__ = [
    "FACTUAL_MODES",
    "LINK_FIELDS",
    "MENTION_FIELDS",
    "extract_rows",
    "find_host",
    "make_pipeline",
    "merge_evidence",
]
