"""Articles in, tables out: reading article files and running extraction over them."""

from corpus.articles import ARTICLE_FIELDS, InputError, read_seeds
from corpus.inputs import read_articles
from corpus.tables import Corpus, build_corpus

__all__ = ["ARTICLE_FIELDS", "Corpus", "InputError", "build_corpus", "read_articles", "read_seeds"]
