"""An article's date read from its own text, for articles that come without one."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE), ("M", "d", "y")),
    (re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b", re.IGNORECASE), ("d", "M", "y")),
]
HEAD = 400  # characters where a dateline or byline date sits


def find_dates(text: str) -> list[tuple[int, date]]:
    """Every full date written in the text ("2023-10-17", "October 17, 2023", "17 Oct 2023"), with its offset."""
    found = []
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
            try:
                found.append((match.start(), date(int(parts["y"]), month, int(parts["d"]))))
            except ValueError:
                continue
    return sorted(found)


def infer_date(text: str, latest: date) -> date | None:
    """The article's likely date: a date in its opening lines, else the latest date it mentions.

    Dates after `latest` (usually today) are ignored: they are plans, not the day of writing.
    """
    dates = [(at, day) for at, day in find_dates(text) if day <= latest]
    head = [day for at, day in dates if at < HEAD]
    if head:
        return head[0]
    return max((day for _, day in dates), default=None)
