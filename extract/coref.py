"""Who a name or pronoun stands for within one article: affiliations learned from the text, pronouns."""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.gazetteer import DEMONYM, NAME, PERSON, fold_accents

LEARNED = "LEARNED"
PRONOUN = "PRONOUN"
PRONOUNS = {"he", "him", "his", "she", "her"}
PRONOUN_REACH = 3  # sentences back to look for the person a pronoun stands for
TITLES = {
    "president", "prime", "minister", "foreign", "defence", "defense", "chancellor", "premier",
    "leader", "king", "queen", "emperor", "crown", "prince", "princess", "sheikh", "emir", "sultan",
    "general", "secretary", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
    "newly", "elected", "new", "former", "then", "acting", "interim", "deputy", "vice", "state",
    "chief", "head", "top", "diplomat", "official", "finance", "trade", "interior", "economy",
    "opposition", "military", "army", "commander", "ruler", "supreme", "president-elect", "pm",
}  # fmt: skip
NOT_NAMES = {
    "Ministry", "Office", "Council", "Parliament", "Government", "Army", "Navy", "Embassy", "Bank",
    "Party", "Cabinet", "Court", "Senate", "Congress", "Assembly", "Forces", "Force", "Department",
    "Agency", "Committee", "Commission", "Belt", "Road", "Initiative", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "A", "An", "In", "On", "At",
}  # fmt: skip


@Language.factory("diplomap_affiliations", default_config={"spans_key": "actors"})
def make_affiliations(nlp: Language, name: str, spans_key: str) -> Affiliations:
    """Learn people named next to their country ("Hungary's Viktor Orban") and find them again."""
    return Affiliations(spans_key)


class Affiliations:
    """Adds actor spans for people the article itself ties to a country."""

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        actors = list(doc.spans[self.spans_key])
        taken = {i for a in actors for i in range(a.start, a.end)}
        learned: dict[tuple[str, ...], str] = {}
        for span in actors:
            if span.label_ in (NAME, DEMONYM):
                name = _name_after(doc, span, taken)
                if name is not None:
                    actors.append(Span(doc, name.start, name.end, label=LEARNED, kb_id=span.kb_id_))
                    taken.update(range(name.start, name.end))
                    for key in _keys(name):
                        learned.setdefault(key, span.kb_id_)
        if learned:
            actors += _find_again(doc, learned, taken)
        doc.spans[self.spans_key] = sorted(actors, key=lambda s: s.start)
        return doc


def _name_after(doc: Doc, span: Span, taken: set[int]) -> Span | None:
    """ "Hungary 's Viktor Orban", "Hungarian Prime Minister Viktor Orbán": the name, if any."""
    i = span.end
    possessive = i < len(doc) and doc[i].text in {"'s", "’s"}
    i += possessive
    titles = 0
    while i < len(doc) and doc[i].lower_ in TITLES and i not in taken:
        titles += 1
        i += 1
    start = i
    while i < len(doc) and i - start < 3 and _is_name_token(doc[i]) and i not in taken:
        i += 1
    length = i - start
    if length == 0 or (titles == 0 and (not possessive or length < 2)):
        return None
    if span.label_ == DEMONYM and titles == 0:
        return None
    return doc[start:i]


def _is_name_token(token: Token) -> bool:
    return token.is_alpha and token.is_title and token.text not in NOT_NAMES


def _keys(name: Span) -> list[tuple[str, ...]]:
    """The full name and the surname, accent-folded."""
    words = tuple(fold_accents(t.text) for t in name)
    return [words, words[-1:]] if len(words) > 1 else [words]


def _find_again(doc: Doc, learned: dict[tuple[str, ...], str], taken: set[int]) -> list[Span]:
    """Later (or earlier) mentions of learned names, longest first."""
    found = []
    lengths = sorted({len(k) for k in learned}, reverse=True)
    i = 0
    while i < len(doc):
        for n in lengths:
            key = tuple(fold_accents(t.text) for t in doc[i : i + n])
            if key in learned and not taken.intersection(range(i, i + n)):
                found.append(Span(doc, i, i + n, label=PERSON, kb_id=learned[key]))
                taken.update(range(i, i + n))
                i += n - 1
                break
        i += 1
    return found


@Language.factory("diplomap_pronouns", default_config={"spans_key": "actors"})
def make_pronouns(nlp: Language, name: str, spans_key: str) -> Pronouns:
    """Resolve he/him/his/she/her to the leading person of the same or a recent sentence."""
    return Pronouns(spans_key)


class Pronouns:
    """Adds PRONOUN actor spans; bounded to a few sentences back, people only."""

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        actors = list(doc.spans[self.spans_key])
        people = [a for a in actors if a.label_ in (PERSON, LEARNED)]
        if not people:
            return doc
        sents = list(doc.sents)
        index = {s.start: n for n, s in enumerate(sents)}
        leading: dict[int, Span] = {}
        for p in people:
            leading.setdefault(index[p.sent.start], p)
        added = []
        lower = doc.to_array(LOWER)
        for i in np.flatnonzero(np.isin(lower, [doc.vocab.strings.add(p) for p in PRONOUNS])):
            token = doc[int(i)]
            n = index[token.sent.start]
            person = _antecedent(token, n, leading)
            if person is not None:
                added.append(Span(doc, token.i, token.i + 1, label=PRONOUN, kb_id=person.kb_id_))
        doc.spans[self.spans_key] = sorted(actors + added, key=lambda s: s.start)
        return doc


def _antecedent(token: Token, n: int, leading: dict[int, Span]) -> Span | None:
    same = leading.get(n)
    if same is not None and same.end <= token.i:
        return same
    for back in range(1, PRONOUN_REACH + 1):
        if n - back in leading:
            return leading[n - back]
    return None
