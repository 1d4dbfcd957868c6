"""The spaCy pipeline: blank English, sentences, gazetteer names, actor resolution, cues, links."""

from __future__ import annotations

import re
from datetime import date

import diplomap.extract.anaphora  # registers the diplomap_pairs factory
import diplomap.extract.coref  # registers the diplomap_affiliations and diplomap_pronouns factories
import diplomap.extract.phrases  # noqa: F401 - registers the diplomap_candidates and diplomap_cues factories
import numpy as np
import spacy
from diplomap.extract.coref import ABBREVIATIONS, NOT_NAMES, TITLES
from diplomap.extract.dates import infer_date
from diplomap.extract.gazetteer import (
    BLOCK,
    CAPITAL,
    NAME,
    PERSON,
    build_roles,
    load_gazetteer,
    resolve_person,
)
from diplomap.extract.relation import find_links
from diplomap.extract.relation.links import decide_links
from diplomap.extract.relation.model import LinkModel, load_model
from diplomap.extract.words import (
    BREAK,
    HYPHEN,
    PUNCT,
    Lexicon,
    Match,
    Mention,
    Words,
    read_words,
    string_id,
    words_of,
)
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc, Span

SENT_END = Sentencizer.default_punct_chars
_DESCRIBED = {string_id(w) for w in ("based", "born", "listed", "headquartered")}
# A capital naming a group, treaty or process ("the Lima Group", "the Minsk Agreements", "the Paris
# Club", "the Astana Process"): a name, not the state. Matched on the exact (capitalised) token.
NAMED_AFTER = {
    string_id(w)
    for w in (
        "Group", "Club", "Process", "Format", "Accord", "Accords", "Agreement", "Agreements",
        "Protocol", "Protocols", "Declaration", "Statute", "Convention", "Principles", "Consensus",
        "Round", "Charter", "Communique", "Communiqué", "Pact", "Initiative", "Document",
    )
}  # fmt: skip
# "ABUJA, Nigeria (AP) —", "BANGKOK (Reuters) -": where the story was filed, not an actor.
DATELINE = re.compile(
    r"^[ \t]*[A-Z]{2}[A-Z.'\- ]*(?P<where>(?:, [A-Z][\w.'\- ]{1,40})?(?: \([\w.\- ]{1,30}\))?) ?[—–-]{1,2}[ \t]",
    re.MULTILINE,
)
DATELINE_HEAD = 600  # characters where a dateline sits (after a headline)
_new_mention = tuple.__new__  # Mention(...) without the NamedTuple's Python-level __new__

Doc.set_extension("date", default=None, force=True)
Doc.set_extension("links", default=None, force=True)
# Resolved actor mentions, in token order: what the actor components read and write.
Doc.set_extension("mentions", default=None, force=True)


# Countries that are also given names, and words after a country that make a place, not a person.
GIVEN_NAMES = {"Chad", "Jordan", "Georgia", "India", "Israel", "Kenya"}
_GIVEN_NAMES = {string_id(w) for w in GIVEN_NAMES}
PLACE_WORDS = {"Valley", "River", "Sea", "Basin", "Gulf", "Strait", "Dream", "Defense", "Defence"}


@Language.factory("diplomap_sentences", default_config={"punct_chars": list(SENT_END)})
def make_sentences(nlp: Language, name: str, punct_chars: list[str]) -> Sentences:
    """Sentence boundaries after full stops and at every line break, computed over whole arrays."""
    return Sentences(nlp, punct_chars)


class Sentences:
    """The sentencizer's rule (a sentence starts at the first non-punctuation token after a full
    stop), plus a hard break after every line break, vectorised: no Python loop over tokens."""

    def __init__(self, nlp: Language, punct_chars: list[str]) -> None:
        self.ends = np.array(
            sorted({nlp.vocab.strings.add(c) for c in punct_chars}), dtype=np.uint64
        )
        self.abbreviations = np.array(
            sorted({nlp.vocab.strings.add(a) for a in ABBREVIATIONS}), dtype=np.uint64
        )
        self.lexicon = Lexicon(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        words, flags = read_words(doc, self.lexicon, [])  # the token facts later components share
        starts = self.find_starts(words, flags)
        # SENT_START is 1 for a sentence start and -1 (as uint64) for any other token.
        values = np.full(len(words), 2**64 - 1, dtype=np.uint64)
        values[starts] = 1
        doc.from_array([SENT_START], values.reshape(-1, 1))
        words.sent_starts = starts
        doc._.words = words
        return doc

    def find_starts(self, words: Words, flags: np.ndarray) -> list[int]:
        """The first token of every sentence, in order, given each token's lexicon flags."""
        is_punct = (flags & PUNCT).astype(bool)
        punct = np.flatnonzero(is_punct)
        marks = punct[words.has(self.ends)[punct]]
        # "Col ." as the tokenizer splits an abbreviated title: its stop ends no sentence.
        after_title = words.has(self.abbreviations, lower=True)[marks - 1] & (marks > 0)
        starts = np.zeros(len(words), dtype=bool)
        starts[first_words_after(marks[~after_title], np.flatnonzero(~is_punct))] = True
        starts[0] = True
        found = np.flatnonzero(starts).tolist()
        # A whitespace token holding a line break: the next token starts a sentence.
        breaks = np.flatnonzero(flags[:-1] & BREAK).tolist()
        return sorted({*found, *(i + 1 for i in breaks)}) if breaks else found


def first_words_after(marks: np.ndarray, words: np.ndarray) -> np.ndarray:
    """For each sentence-final mark, the first word (non-punctuation token) after it: a sentence
    starts there, the sentencizer's rule (a word after a run of punctuation holding a mark)."""
    at = np.searchsorted(words, marks)
    return words[at[at < len(words)]]


@Language.factory("diplomap_actors", default_config={"default_date": ""})
def make_actor_resolver(nlp: Language, name: str, default_date: str) -> ActorResolver:
    """Turn gazetteer candidates into actor mentions (`doc._.mentions`) coded ISO3 or bloc."""
    fallback = date.fromisoformat(default_date) if default_date else None
    return ActorResolver(fallback)


class ActorResolver:
    """Drops blocked and descriptive matches and resolves people to countries on the article's date.

    The date is the article's own (metadata), else the pipeline's default, else one read from the
    text; an article with no date at all resolves each person to their latest role.
    """

    def __init__(self, fallback: date | None) -> None:
        self.fallback = fallback
        self.roles = build_roles(load_gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        day: date | None = doc._.date or self.fallback
        dated = day is not None
        words = words_of(doc)
        mentions = []
        dateline = DATELINE.search(words.text[:DATELINE_HEAD])
        for cand in doc._.candidates or ():
            if cand.label == BLOCK or _is_descriptor(words, cand.end):
                continue
            if cand.label == CAPITAL and _names_something(words, cand.end):
                continue
            if cand.label == NAME and _first_name(words, cand):
                continue
            if (
                dateline is not None
                and dateline.start("where") <= words.idx[cand.start] < dateline.end()
            ):
                continue
            code = cand.key
            if cand.label == PERSON:
                if not dated:  # read the date from the text once, and only when a person needs it
                    day, dated = infer_date(words.text, date.today()), True
                role = resolve_person(self.roles.get(cand.key, ()), day)
                if role is None:
                    continue
                code = role.code
            mentions.append(_new_mention(Mention, (cand.start, cand.end, cand.label, code)))
        doc._.mentions = mentions
        return doc


def _is_descriptor(words: Words, end: int) -> bool:
    """ "London-based", "Moscow-backed": a place used to describe something else, not an actor."""
    if end + 1 < len(words) and words.orths[end] == HYPHEN:
        return words.lower[end + 1] in _DESCRIBED
    return False


def _first_name(words: Words, cand: Match) -> bool:
    """ "Chad Peterson", "Jordan Smith": a country that is also a given name, followed by a
    capitalised word that is no title or institution, outside a title-case headline."""
    end = cand.end
    if words.orths[cand.start] not in _GIVEN_NAMES or end >= len(words):
        return False
    text = words.span_text(end, end + 1)
    if not (text.isalpha() and text.istitle()) or text.lower() in TITLES:
        return False
    if text in NOT_NAMES or text in PLACE_WORDS:
        return False
    return not words.title_case(words.sentence(cand.start))  # a headline names no one this way


def _names_something(words: Words, end: int) -> bool:
    """ "Lima Group", "Oslo Accords": a capital in the name of a group, treaty or process."""
    return end < len(words) and words.orths[end] in NAMED_AFTER


DECIDERS = ("learned", "rules")


@Language.factory("diplomap_links", default_config={"decide": "learned"})
def make_linker(nlp: Language, name: str, decide: str) -> Linker:
    """Pair the actors of each sentence into typed links, kept in `doc._.links`: the rules propose
    and the learned model decides (`decide="learned"`), or the rules alone decide (`"rules"`)."""
    if decide not in DECIDERS:
        raise ValueError(f"decide must be one of {DECIDERS}, not {decide!r}")
    return Linker(load_model() if decide == "learned" else None)


class Linker:
    """Writes one dict per linked pair, type and sentence to `doc._.links`."""

    def __init__(self, model: LinkModel | None) -> None:
        self.model = model  # None: the rules decide

    def __call__(self, doc: Doc) -> Doc:
        words = words_of(doc)
        mentions, cues = doc._.mentions or [], doc._.cues or []
        rows = find_links(words, mentions, cues)
        if self.model is not None:
            rows = decide_links(words, mentions, cues, rows, self.model)
        doc._.links = rows
        return doc


def actor_spans(doc: Doc) -> list[Span]:
    """The actor mentions as spaCy spans (label: how the actor was named; kb_id: its code).

    Made on request (`doc._.actor_spans`): the pipeline itself passes plain mentions along.
    """
    return [Span(doc, m.start, m.end, label=m.label, kb_id=m.code) for m in doc._.mentions or ()]


Doc.set_extension("actor_spans", getter=actor_spans, force=True)


def make_pipeline(
    default_date: date | None = None,
    affiliations: bool = True,
    pronouns: bool = True,
    decide: str = "learned",
) -> Language:
    """A blank English pipeline with Diplomap's rules and link model; no model download.

    `affiliations` learns people the article ties to a country; `pronouns` resolves he/his/she/her
    to the leading person of a recent sentence. Both are on by default; the switches let a benchmark
    measure what each adds. `decide` says who decides the links: the learned model over the rules'
    proposals ("learned", the default) or the rules alone ("rules").
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("diplomap_sentences")
    nlp.add_pipe("diplomap_candidates")
    nlp.add_pipe(
        "diplomap_actors",
        config={"default_date": default_date.isoformat() if default_date else ""},
    )
    if affiliations:
        nlp.add_pipe("diplomap_affiliations")
    if pronouns:
        nlp.add_pipe("diplomap_pronouns")
    nlp.add_pipe("diplomap_pairs")
    nlp.add_pipe("diplomap_cues")
    nlp.add_pipe("diplomap_links", config={"decide": decide})
    return nlp
