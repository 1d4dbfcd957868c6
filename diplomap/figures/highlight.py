"""Article text as safe HTML: every character escaped, then <mark> tags around chosen spans."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any, NamedTuple

import pandas as pd

from diplomap.corpus.summary import group_evidence
from diplomap.figures.style import HIGHLIGHTS
from diplomap.figures.words import pair_label

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


class Span(NamedTuple):
    """A stretch of text to mark: character offsets, a CSS class and a hover title."""

    start: int
    end: int
    kind: str
    title: str = ""
    after: str = ""  # text set just after the mark (who a pronoun stands for)


def highlight(text: str, spans: list[Span]) -> str:
    """Escape `text` and wrap each span in a <mark>; a span overlapping an earlier one is skipped."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end <= span.start or span.end > len(text):
            continue
        colour = HIGHLIGHTS.get(span.kind, HIGHLIGHTS["actor"])
        title = html.escape(span.title, quote=True)
        out.append(html.escape(text[cursor : span.start]))
        out.append(
            f'<mark class="dm-{span.kind}" title="{title}" style="background:{colour};'
            f'padding:0 2px;border-radius:3px">{html.escape(text[span.start : span.end])}</mark>'
        )
        if span.after:
            out.append(f'<span class="dm-stands">{html.escape(span.after)}</span>')
        cursor = span.end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


# Actor words that stand for an actor named elsewhere: the table says whom they stand for.
PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their", "it", "its"}
SCORE_HELP = (
    "The cue's score on the Goldstein scale, from -10 (conflict) to +10 (cooperation); the mean "
    "when the sentence carries several types."
)


def stands_for(text: str) -> bool:
    """Whether an actor's words stand for an actor named elsewhere: a pronoun ("He") or a
    description ("the two nations", "the bloc")."""
    words = str(text).strip().lower()
    return words in PRONOUNS or words.startswith(("the ", "both "))


def highlight_link(link: Any, names: dict[str, str] | None = None) -> str:
    """A link's sentence with its two actors and its cues marked (offsets are into the article).

    `link` is a link row (one cue) or an evidence sentence (`cues`: every (start, end, type)). An
    actor named by a pronoun or a description gets whom it stands for after it: "He (= Russia)".
    An actor named in another sentence (the article's main actor) is named after the sentence.
    """
    names = names or {}
    base = int(link.sent_start)
    elsewhere = ""
    sentence = str(link.sentence)
    if not 0 <= int(link.b_start) - base < len(sentence):
        code = str(link.b)
        name = f"{names.get(code, code)} ({code})" if names else code
        note = f" (with {name}, named elsewhere in the article)"
        elsewhere = f'<span class="dm-elsewhere">{html.escape(note)}</span>'

    a_span = (int(link.a_start) - base, int(link.a_end) - base)
    b_span = (int(link.b_start) - base, int(link.b_end) - base)
    spans = []
    for code, (start, end), text in (
        (str(link.a), a_span, str(getattr(link, "a_text", ""))),
        (str(link.b), b_span, str(getattr(link, "b_text", ""))),
    ):
        if (start, end) == b_span and code != str(link.b):  # "the two nations": both actors
            both = pair_label(str(link.a), str(link.b), names).replace(" – ", " and ")
            spans.append(Span(start, end, "actor", both, f" (= {both})"))
            continue
        name = names.get(code, code)
        after = f" (= {name})" if stands_for(text) else ""
        spans.append(Span(start, end, "actor", f"{name} ({code})" if names else code, after))
    cues = getattr(link, "cues", None)
    if not isinstance(cues, list | tuple):
        cues = [(int(link.cue_start), int(link.cue_end), str(link.type))]
    spans += [Span(int(s) - base, int(e) - base, "cue", str(t)) for s, e, t in cues]
    return highlight(sentence, spans) + elsewhere


def highlight_article(text: str, mentions: pd.DataFrame, names: dict[str, str]) -> str:
    """An article's text with every actor mention marked (blocs in their own colour)."""
    spans = [
        Span(int(m.start), int(m.end), "bloc" if m.kind == "bloc" else "actor", _label(m, names))
        for m in mentions.itertuples(index=False)
    ]
    body = highlight(text, spans)
    return f'<div style="white-space:pre-wrap;line-height:1.6">{body}</div>'


def _label(mention: Any, names: dict[str, str]) -> str:
    code = str(mention.code)
    return f"{names.get(code, code)} ({code}, via {mention.via})"


EVIDENCE_COLUMNS = {
    "sentence": "sentence",
    "pair": "pair",
    "type": "type",
    "mode": "mode",
    "score": "score",
    "date": "date",
    "article": "article",
}


def evidence_table(
    links: pd.DataFrame, names: dict[str, str], sort: tuple[str, bool] | None = None
) -> str:
    """Evidence sentences as an HTML table, one row each: the marked sentence (a pronoun with whom
    it stands for), the pair, its types (with a meeting's place, when its sentence names it),
    modes, score, article date and title. Link rows are grouped into sentences first. `sort`
    (column, descending) puts an arrow on the column the rows are sorted by."""
    rows = links if "types" in links.columns else group_evidence(links)
    body = []
    for link in rows.itertuples(index=False):
        venue = getattr(link, "venue", None)
        kinds = ", ".join(map(str, link.types))
        if isinstance(venue, str) and venue:
            kinds += f" (in {names.get(venue, venue)})"  # where the sentence says it took place
        day = getattr(link, "date", None)
        day = day.date() if isinstance(day, datetime) else day
        title = getattr(link, "title", None)
        title = title if isinstance(title, str) and title else str(link.article)
        cells = (
            highlight_link(link, names),
            html.escape(pair_label(str(link.a), str(link.b), names)),
            html.escape(kinds),
            html.escape(", ".join(map(str, link.modes))),
            f"{float(link.score):+.1f}" if pd.notna(link.score) else "",  # type: ignore[arg-type]
            html.escape(str(day)) if isinstance(day, date) else "undated",
            f'<span title="{html.escape(str(link.article), quote=True)}">{html.escape(title)}</span>',
        )
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(_head(key, label, sort) for key, label in EVIDENCE_COLUMNS.items())
    return (
        '<table class="dm-evidence" style="width:100%;border-collapse:collapse;font-size:0.9rem">'
        f'<thead style="text-align:left"><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        "</table><style>.dm-evidence td{border-top:1px solid #ddd;padding:4px 6px;"
        "vertical-align:top;overflow-wrap:break-word}.dm-evidence th{padding:4px 6px}"
        ".dm-evidence td:first-child{width:42%}.dm-evidence td:nth-child(2){min-width:7em}"
        ".dm-evidence td:nth-child(7){min-width:9em}"
        ".dm-evidence td:nth-child(5){text-align:right;white-space:nowrap}"
        ".dm-evidence td:nth-child(6){white-space:nowrap}"
        ".dm-stands{color:#444;font-style:italic}</style>"
    )


def _head(key: str, label: str, sort: tuple[str, bool] | None) -> str:
    arrow = ""
    if sort and sort[0] == key:
        arrow = " ▼" if sort[1] else " ▲"
    helps = {"score": SCORE_HELP, "date": "The article's date."}
    title = f' title="{html.escape(helps[key], quote=True)}"' if key in helps else ""
    return f'<th data-col="{key}"{title}>{label}{arrow}</th>'


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows as typed: every Markdown and HTML character escaped."""
    return _MARKDOWN.sub(r"\\\1", text)
