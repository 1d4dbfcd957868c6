"""Docs to plain rows: the only shape that leaves the extract package."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from diplomap.extract.coref import PRONOUN
from diplomap.extract.gazetteer import load_gazetteer
from diplomap.extract.labels import ANAPHORA
from diplomap.extract.lexicon import ASSERTED
from diplomap.extract.relation import LINK_FIELDS
from diplomap.extract.words import words_of
from spacy.language import Language
from spacy.tokens import Doc

# Columns of a mention row.
MENTION_FIELDS = ("article", "code", "kind", "via", "text", "start", "end", "sent_start")
COUNTRY = "country"
BLOC = "bloc"


def doc_mentions(doc: Doc, article: str) -> list[dict[str, Any]]:
    """Every resolved actor mention of a doc, with character offsets into the article text."""
    blocs = load_gazetteer().bloc_codes
    # Pronouns and "the two countries" / "the bloc" stand for actors named elsewhere: not mentions.
    mentions = [m for m in doc._.mentions or () if m.label != PRONOUN and m.label not in ANAPHORA]
    if not mentions:
        return []
    words = words_of(doc)
    rows = []
    for m in mentions:
        rows.append(
            {
                "article": article,
                "code": m.code,
                "kind": BLOC if m.code in blocs else COUNTRY,
                "via": m.label.lower(),
                "text": words.span_text(m.start, m.end),
                "start": words.idx[m.start],
                "end": words.end_char(m.end),
                "sent_start": words.idx[words.sent_starts[words.sentence(m.start)]],
            }
        )
    return rows


def doc_links(doc: Doc, article: str) -> list[dict[str, Any]]:
    """The links of a doc, each stamped with its article id."""
    return [{"article": article, **link} for link in doc._.links or []]


# Texts longer than this go through the pipeline in pieces cut at line or sentence ends (spaCy
# refuses a text over `nlp.max_length`, and one huge doc would hold every token in memory at once).
# A person learned or a pronoun resolved in one piece is not carried into the next.
PIECE_CHARS = 100_000


def split_text(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """`text` as (offset, piece) pairs of at most `size` characters, cut at the last line break,
    else sentence end, else space in the second half of each window (a hard cut if none)."""
    pieces, start, n = [], 0, len(text)
    while n - start > size:
        window = text[start : start + size]
        cut = -1
        for mark in ("\n", ". ", " "):
            cut = window.rfind(mark, size // 2)
            if cut >= 0:
                cut += len(mark)
                break
        cut = cut if cut > 0 else size
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def run_pipeline(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[tuple[Doc, tuple[str, int, bool]]]:
    """The processed doc of every (article id, text, date) triple with (article id, offset of the
    doc in the article, whether it is the article's last piece); long texts come in pieces."""

    def docs() -> Iterator[tuple[Doc, tuple[str, int, bool]]]:
        for article, text, day in articles:
            pieces = split_text(text) if len(text) > PIECE_CHARS else [(0, text)]
            for i, (offset, piece) in enumerate(pieces):
                doc = nlp.make_doc(piece)
                doc._.date = day
                doc._.text = piece
                yield doc, (article, offset, i == len(pieces) - 1)

    return nlp.pipe(docs(), as_tuples=True, batch_size=batch_size)


MENTION_OFFSETS = ("start", "end", "sent_start")
LINK_OFFSETS = ("sent_start", "a_start", "a_end", "b_start", "b_end", "cue_start", "cue_end")


def _shift(
    rows: list[dict[str, Any]], fields: tuple[str, ...], offset: int
) -> list[dict[str, Any]]:
    """Offsets of a piece's rows made offsets into the whole article."""
    if offset:
        for row in rows:
            for field in fields:
                row[field] += offset
    return rows


def extract_rows(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Run the pipeline over (article id, text, date) triples; yield (mentions, links) per article."""
    return _article_rows(nlp, articles, batch_size, with_mentions=True)


def extract_links(
    nlp: Language, articles: Iterable[tuple[str, str, date | None]], batch_size: int = 64
) -> Iterator[list[dict[str, Any]]]:
    """Like `extract_rows`, links only: what `diplomap extract` writes."""
    return (links for _, links in _article_rows(nlp, articles, batch_size, with_mentions=False))


def _article_rows(
    nlp: Language,
    articles: Iterable[tuple[str, str, date | None]],
    batch_size: int,
    with_mentions: bool,
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """(mentions, links) per article, its pieces' rows joined with whole-article offsets."""
    mentions: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for doc, (article, offset, last) in run_pipeline(nlp, articles, batch_size):
        if with_mentions:
            mentions += _shift(doc_mentions(doc, article), MENTION_OFFSETS, offset)
        links += _shift(doc_links(doc, article), LINK_OFFSETS, offset)
        doc._.words = None  # the token facts the components shared: not needed any more
        if last:
            yield mentions, links
            mentions, links = [], []


# What one piece of evidence keeps: a link row less the fields that name the link itself.
EVIDENCE_FIELDS = tuple(
    f for f in LINK_FIELDS if f not in {"a", "b", "type", "event", "quad", "score"}
)


def merge_evidence(links: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One link per (article, unordered pair, type), keeping every sentence as evidence.

    The first piece of evidence gives the link its top-level fields; the mode is "asserted" when
    any evidence asserts it.
    """
    merged: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for row in links:
        a, b = row["a"], row["b"]
        key = (row["article"], a, b, row["type"]) if a < b else (row["article"], b, a, row["type"])
        evidence = {field: row[field] for field in EVIDENCE_FIELDS}
        link = merged.get(key)
        if link is None:
            merged[key] = {**row, "evidence": [evidence]}
        else:
            link["evidence"].append(evidence)
            if row["mode"] == ASSERTED:
                link["mode"] = ASSERTED
    for link in merged.values():
        evidence = link["evidence"]
        link["sentences"] = len({e["sent_start"] for e in evidence}) if len(evidence) > 1 else 1
    return list(merged.values())


# A link row's keys in order: the link's own fields, then its evidence (from "mode" on).
ROW_FIELDS = ("article", *LINK_FIELDS)
_MODE_KEY = '"mode": '


def link_lines(links: Iterable[dict[str, Any]]) -> list[str]:
    """The JSON line (with its newline) of every link `merge_evidence` gives, in its order: what
    `diplomap extract` writes.

    Each row is encoded once: a piece of evidence is its row from "mode" on, and a merged link is
    its first row with the evidence list added, so the lines are cut and joined from the encoded
    rows instead of encoding a copy of every row twice. The text is the same, byte for byte, as
    encoding `merge_evidence`'s dicts; rows with other keys are encoded that slow way.
    """
    links = list(links)
    merged: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in links:
        if tuple(row) != ROW_FIELDS:
            return [_encode(link) + "\n" for link in merge_evidence(links)]
        a, b = row["a"], row["b"]
        key = (row["article"], a, b, row["type"]) if a < b else (row["article"], b, a, row["type"])
        rows = merged.get(key)
        if rows is None:
            merged[key] = [row]
        else:
            rows.append(row)
    lines = []
    for rows in merged.values():
        first = _encode(rows[0])
        # '"mode": ' with its quotes can only be a key: a quote inside a string value is escaped.
        at = first.index(_MODE_KEY)
        if len(rows) == 1:
            lines.append(f'{first[:-1]}, "evidence": [{{{first[at:]}], "sentences": 1}}\n')
            continue
        head = first[:-1]
        if rows[0]["mode"] != ASSERTED and any(r["mode"] == ASSERTED for r in rows):
            after = at + len(_MODE_KEY) + len(_encode(rows[0]["mode"]))
            head = f"{first[:at]}{_MODE_KEY}{_encode(ASSERTED)}{first[after:-1]}"
        texts = [first[at:], *(_encode(r) for r in rows[1:])]
        evidence = ", ".join("{" + text[text.index(_MODE_KEY) :] for text in texts)
        count = len({r["sent_start"] for r in rows})
        lines.append(f'{head}, "evidence": [{evidence}], "sentences": {count}}}\n')
    return lines


_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
