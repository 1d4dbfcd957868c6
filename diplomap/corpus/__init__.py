"""Articles in, tables out: reading article files and running extraction over them."""

from diplomap.corpus.articles import ARTICLE_FIELDS, InputError, read_seeds
from diplomap.corpus.inputs import read_articles
from diplomap.corpus.tables import Corpus, build_corpus

__all__ = ["ARTICLE_FIELDS", "Corpus", "InputError", "build_corpus", "read_articles", "read_seeds"]
