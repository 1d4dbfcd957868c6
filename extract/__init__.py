"""Text -> actor mentions -> links, on a blank English spaCy pipeline (no model download)."""

from extract.pipeline import make_pipeline
from extract.relation import LINK_FIELDS
from extract.rows import MENTION_FIELDS, extract_rows

__all__ = ["LINK_FIELDS", "MENTION_FIELDS", "extract_rows", "make_pipeline"]
