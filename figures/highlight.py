"""Article text as safe HTML: every character escaped, then <mark> tags around chosen spans."""

from __future__ import annotations

import html
import re
from typing import Any, NamedTuple

import pandas as pd

from figures.style import HIGHLIGHTS

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


class Span(NamedTuple):
    """A stretch of text to mark: character offsets, a CSS class and a hover title."""

    start: int
    end: int
    kind: str
    title: str = ""


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
        cursor = span.end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def highlight_link(link: Any) -> str:
    """A link's sentence with its two actors and its cue marked (offsets are into the article)."""
    base = int(link.sent_start)
    spans = [
        Span(int(link.a_start) - base, int(link.a_end) - base, "actor", str(link.a)),
        Span(int(link.b_start) - base, int(link.b_end) - base, "actor", str(link.b)),
        Span(int(link.cue_start) - base, int(link.cue_end) - base, "cue", str(link.type)),
    ]
    return highlight(str(link.sentence), spans)


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


def evidence_table(links: pd.DataFrame, names: dict[str, str]) -> str:
    """Links as an HTML table: the marked sentence, the pair, type (with a meeting's place, when
    its sentence names it), mode and article."""
    rows = []
    for link in links.itertuples(index=False):
        pair = f"{names.get(link.a, link.a)} – {names.get(link.b, link.b)}"
        venue = getattr(link, "venue", None)
        kind = str(link.type)
        if isinstance(venue, str) and venue:
            kind += f" (in {names.get(venue, venue)})"  # where the sentence says it took place
        cells = (
            highlight_link(link),
            html.escape(pair),
            html.escape(kind),
            html.escape(str(link.mode)),
            html.escape(str(link.article)),
        )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("sentence", "pair", "type", "mode", "article"))
    return (
        '<table class="dm-evidence" style="width:100%;border-collapse:collapse;font-size:0.9rem">'
        f'<thead style="text-align:left"><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "<style>.dm-evidence td{border-top:1px solid #ddd;padding:4px 6px;vertical-align:top}"
        ".dm-evidence td:first-child{width:60%}</style>"
    )


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows as typed: every Markdown and HTML character escaped."""
    return _MARKDOWN.sub(r"\\\1", text)
