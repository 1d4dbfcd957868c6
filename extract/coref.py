"""Who a name or pronoun stands for within one article: affiliations learned from the text, pronouns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container

import numpy as np
from diplomap.extract.gazetteer import DEMONYM, NAME, PERSON, fold_accents, read_jsonl
from diplomap.extract.words import Mention, Words, mention_tokens, string_id, words_of
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

LEARNED = "LEARNED"
PRONOUN = "PRONOUN"
PRONOUNS = {"he", "him", "his", "she", "her"}
PRONOUN_REACH = 3  # sentences back to look for the person a pronoun stands for
_TITLE_ROWS = read_jsonl("titles.jsonl")
TITLES = {row["title"] for row in _TITLE_ROWS}
# Abbreviated titles the tokenizer splits from their full stop ("Col", "."): the stop is no sentence end.
ABBREVIATIONS = {row["title"] for row in _TITLE_ROWS if row.get("abbreviation")}
NOT_NAMES = {
    "Ministry", "Office", "Council", "Parliament", "Government", "Army", "Navy", "Embassy", "Bank",
    "Party", "Cabinet", "Court", "Senate", "Congress", "Assembly", "Forces", "Force", "Department",
    "Agency", "Committee", "Commission", "Belt", "Road", "Initiative", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "A", "An", "In", "On", "At",
}  # fmt: skip


_TITLES = {string_id(w) for w in TITLES} | {string_id(w + ".") for w in ABBREVIATIONS}
_ABBREVIATIONS = {string_id(w) for w in ABBREVIATIONS}
_STOP = string_id(".")
_COMMA = string_id(",")
_POSSESSIVE = {string_id("'s"), string_id("’s")}
_PRONOUNS = np.array(sorted(string_id(w) for w in PRONOUNS), dtype=np.uint64)
PEOPLE = (PERSON, LEARNED)


@Language.factory("diplomap_affiliations")
def make_affiliations(nlp: Language, name: str) -> Affiliations:
    """Learn people named next to their country ("Hungary's Viktor Orban") and find them again."""
    return Affiliations(nlp.vocab)


class Affiliations:
    """Adds mentions (`doc._.mentions`) of people the article itself ties to a country."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.names: dict[int, bool] = {}  # token id -> whether it can be part of a name
        self.folded: dict[int, str] = {}  # token id -> its accent-free text

    def __call__(self, doc: Doc) -> Doc:
        words = words_of(doc)
        actors = list(doc._.mentions or ())
        taken = mention_tokens(actors)
        learned: dict[tuple[str, ...], str] = {}
        given: defaultdict[str, set[str]] = defaultdict(set)  # first name -> codes it stands for
        for m in [a for a in actors if a.label in (NAME, DEMONYM)]:
            name = self.name_after(words, m, taken)
            if name is not None:
                actors.append(Mention(*name, LEARNED, m.code))
                taken.update(range(*name))
                for key in self.keys(words, *name):
                    learned.setdefault(key, m.code)
                given[self.fold(words.orths[name[0]])].add(m.code)
        for first, codes in given.items():
            if len(codes) == 1 and (first,) not in learned:
                learned[(first,)] = codes.pop()  # "Anwar" for "Anwar Ibrahim", if no one else
        surnames = self.surnames(words, actors)
        for key, code in surnames.items():
            learned.setdefault(key, code)  # "Hassan" after "Samia Suluhu Hassan"
        if learned:
            actors += self.find_again(words, learned, taken, surnames)
        doc._.mentions = sorted(actors, key=lambda s: s.start)
        return doc

    def surnames(self, w: Words, actors: list[Mention]) -> dict[tuple[str, ...], str]:
        """The last word of each person the table names in full ("Samia Suluhu Hassan"), as a name
        of its own in this article, when no other person of another country shares it. A single
        letter is a regnal number ("Juan Carlos I"), not a name."""
        codes: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        for m in actors:
            if m.label == PERSON and m.end - m.start > 1 and self.is_name(w.orths[m.end - 1]):
                last = self.fold(w.orths[m.end - 1])
                if len(last) > 1:
                    codes[(last,)].add(m.code)
        return {key: found.pop() for key, found in codes.items() if len(found) == 1}

    def name_after(self, w: Words, m: Mention, taken: set[int]) -> tuple[int, int] | None:
        """ "Hungary 's Viktor Orban", "Hungarian Prime Minister Viktor Orbán": the name, if any."""
        size = len(w)
        i = m.end
        possessive = i < size and w.orths[i] in _POSSESSIVE
        i += possessive
        titles = 0
        while i < size and w.lower[i] in _TITLES and i not in taken:
            titles += 1
            i += 1
            if i < size and w.orths[i] == _STOP and w.lower[i - 1] in _ABBREVIATIONS:
                i += 1  # "Col ." as the tokenizer splits it
            elif titles and i + 1 < size and w.orths[i] == _COMMA and w.lower[i + 1] in _TITLES:
                i += 1  # "Niger 's military leader , Gen. Abdourahamane Tiani"
        if titles and possessive and i + 1 < size and w.orths[i] == _COMMA:
            i += 1  # "Thailand 's acting prime minister , Phumtham Wechayachai"
        start = i
        while i < size and i - start < 3 and self.is_name(w.orths[i]) and i not in taken:
            i += 1
        length = i - start
        if length == 0 or (titles == 0 and (not possessive or length < 2)):
            return None
        if m.label == DEMONYM and titles == 0:
            return None
        return start, i

    def after_name(self, w: Words, i: int) -> bool:
        """Whether token i follows a word of a name that is no title ("Nawaz Sharif", not
        "President Hassan"), nor its sentence's capitalised first word ("Later Hassan")."""
        before = i - 1
        if not self.is_name(w.orths[before]) or w.lower[before] in _TITLES:
            return False
        return w.sent_starts[w.sentence(before)] != before

    def is_name(self, orth: int) -> bool:
        """Whether a token can be part of a person's name: a capitalised word, not "Ministry"."""
        known = self.names.get(orth)
        if known is None:
            lex = self.vocab[orth]
            known = self.names[orth] = lex.is_alpha and lex.is_title and lex.orth_ not in NOT_NAMES
        return known

    def fold(self, orth: int) -> str:
        """A token's text without accents, by its id."""
        text = self.folded.get(orth)
        if text is None:
            text = self.folded[orth] = fold_accents(self.vocab.strings[orth])
        return text

    def keys(self, w: Words, start: int, end: int) -> list[tuple[str, ...]]:
        """The full name and the surname, accent-folded."""
        words = tuple(self.fold(o) for o in w.orths[start:end])
        return [words, words[-1:]] if len(words) > 1 else [words]

    def find_again(
        self,
        w: Words,
        learned: dict[tuple[str, ...], str],
        taken: set[int],
        alone: Container[tuple[str, ...]] = (),
    ) -> list[Mention]:
        """Later (or earlier) mentions of learned names, longest first. A name in `alone` counts
        only on its own: not as the last word of another full name ("Nawaz Sharif" is no
        "Sharif" learned from "Shehbaz Sharif")."""
        firsts = {k[0] for k in learned}
        ids, inverse = np.unique(w.orth, return_inverse=True)
        hit = np.array([self.fold(o) in firsts for o in ids.tolist()], dtype=bool)
        found: list[Mention] = []
        lengths = sorted({len(k) for k in learned}, reverse=True)
        after = 0  # tokens before this are inside a name just found
        for i in np.flatnonzero(hit[inverse]).tolist():
            if i < after:
                continue
            for n in lengths:
                if i + n > len(w):
                    continue  # a name longer than what is left of the doc (this used to raise)
                key = tuple(self.fold(o) for o in w.orths[i : i + n])
                if key in alone and i > 0 and self.after_name(w, i):
                    continue
                if key in learned and not taken.intersection(range(i, i + n)):
                    found.append(Mention(i, i + n, PERSON, learned[key]))
                    taken.update(range(i, i + n))
                    after = i + n
                    break
        return found


@Language.factory("diplomap_pronouns")
def make_pronouns(nlp: Language, name: str) -> Pronouns:
    """Resolve he/him/his/she/her to the leading person of the same or a recent sentence."""
    return Pronouns()


class Pronouns:
    """Adds PRONOUN mentions (`doc._.mentions`); bounded to a few sentences back, people only."""

    def __call__(self, doc: Doc) -> Doc:
        actors = list(doc._.mentions or ())
        people = [a for a in actors if a.label in PEOPLE]
        if not people:
            return doc
        w = words_of(doc)
        leading: dict[int, Mention] = {}
        for p in people:
            leading.setdefault(w.sentence(p.start), p)
        added = []
        for i in np.flatnonzero(w.has(_PRONOUNS, lower=True)).tolist():
            person = _antecedent(i, w.sentence(i), leading)
            if person is not None:
                added.append(Mention(i, i + 1, PRONOUN, person.code))
        doc._.mentions = sorted(actors + added, key=lambda s: s.start)
        return doc


def _antecedent(i: int, n: int, leading: dict[int, Mention]) -> Mention | None:
    same = leading.get(n)
    if same is not None and same.end <= i:
        return same
    for back in range(1, PRONOUN_REACH + 1):
        if n - back in leading:
            return leading[n - back]
    return None
