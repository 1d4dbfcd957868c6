"""The filters every page shares, and their round trip through URL query parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

import pandas as pd

from diplomap.extract import FACTUAL_MODES, find_host

MODES = ("asserted", "planned", "historical", "hypothetical", "negated")
# CAMEO/PLOVER quad classes: what the cue says about the relation (0: no class).
QUADS = {
    0: "no class",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
MAX_EVIDENCE = 1000
# URL parameter names, one per FilterSpec field.
PARAMS = {
    "types": "types",
    "quads": "quads",
    "modes": "modes",
    "min_evidence": "min_evidence",
    "focus": "focus",
    "start": "from",
    "end": "to",
}
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_WORD = re.compile(r"^[a-z][a-z_-]{0,30}$")


@dataclass(frozen=True)
class FilterSpec:
    """What to show: empty `types`/`quads` mean all; `start`/`end` None mean no date bound.

    `ego` (with `focus`): the focus actor's ego network, its links and the links among its
    partners (a page's own choice, not a URL filter)."""

    types: tuple[str, ...] = ()
    quads: tuple[int, ...] = ()
    modes: tuple[str, ...] = FACTUAL_MODES
    min_evidence: int = 1
    focus: str | None = None
    start: date | None = None
    end: date | None = None
    ego: bool = False

    def to_params(self) -> dict[str, str]:
        """The non-default fields as URL query parameters (lists comma-joined, dates ISO)."""
        default = FilterSpec()
        params: dict[str, str] = {}
        for field in fields(self):
            if field.name not in PARAMS:
                continue
            value = getattr(self, field.name)
            if value == getattr(default, field.name):
                continue
            if isinstance(value, tuple):
                text = ",".join(str(v) for v in value)
            elif isinstance(value, date):
                text = value.isoformat()
            else:
                text = str(value)
            params[PARAMS[field.name]] = text
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> FilterSpec:
        """Read a spec from query parameters; a missing or bad value falls back to its default."""
        default = cls()
        get = {name: _last(params.get(key)) for name, key in PARAMS.items()}
        types = tuple(dict.fromkeys(t for t in _split(get["types"]) if _WORD.match(t)))
        quads = tuple(
            sorted({int(q) for q in _split(get["quads"]) if q in {"0", "1", "2", "3", "4"}})
        )
        modes = tuple(m for m in MODES if m in set(_split(get["modes"])))
        focus = (get["focus"] or "").strip().upper()
        start, end = _day(get["start"]), _day(get["end"])
        if start and end and start > end:
            start, end = None, None
        return cls(
            types=types,
            quads=quads,
            modes=modes if get["modes"] is not None and modes else default.modes,
            min_evidence=_count(get["min_evidence"], default.min_evidence),
            focus=focus if _CODE.match(focus) else None,
            start=start,
            end=end,
        )

    def without_focus(self) -> FilterSpec:
        """The same filters for every actor."""
        return replace(self, focus=None, ego=False)


def find_unread_params(
    params: Mapping[str, Any], types: list[str], actors: list[str]
) -> list[tuple[str, str]]:
    """The filter values of a URL that `FilterSpec.from_params` (or the filters' choices: the link
    types and actors there are) leaves out, each as ("name=value", why), in PARAMS order; an
    empty value counts as absent."""
    get = {key: _last(params.get(key)) or None for key in PARAMS.values()}
    checks = (
        ("types", lambda t: t in types, "not a link type"),
        ("quads", lambda q: q in {"0", "1", "2", "3", "4"}, "not a class from 0 to 4"),
        ("modes", lambda m: m in MODES, "not a mode"),
    )
    out = [
        (f"{key}={','.join(bad)}", why)
        for key, fits, why in checks
        if (bad := [v for v in _split(get[key]) if not fits(v)])
    ]
    count = get["min_evidence"]
    if count is not None and _count(count, 0) == 0:
        out.append((f"min_evidence={count}", f"not a whole number from 1 to {MAX_EVIDENCE}"))
    focus = (get["focus"] or "").strip()
    if focus and focus.upper() not in actors:
        out.append((f"focus={focus}", "no actor of the corpus has this code"))
    days = {key: get[key] for key in ("from", "to") if get[key] is not None}
    out += [
        (f"{k}={text}", "not a date (YYYY-MM-DD)") for k, text in days.items() if not _day(text)
    ]
    start, end = _day(get["from"]), _day(get["to"])
    if start and end and start > end:
        out.append((f"from={get['from']}&to={get['to']}", "the start is after the end"))
    return out


def _last(value: Any) -> str | None:
    """A query parameter's value: the last one when it is repeated."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _split(text: str | None) -> list[str]:
    return [part.strip().lower() for part in (text or "").split(",") if part.strip()]


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text else None
    except ValueError:
        return None


def _count(text: str | None, default: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        return default
    return value if 1 <= value <= MAX_EVIDENCE else default


def pair_keys(links: pd.DataFrame) -> pd.Series:
    """An unordered pair label per link, e.g. "CHN–RUS"."""
    lo = links[["a", "b"]].min(axis=1)
    hi = links[["a", "b"]].max(axis=1)
    return lo + "–" + hi


def mark_hosts(links: pd.DataFrame) -> pd.DataFrame:
    """Links with a ``host`` column: the country a meeting took place in, where its sentence says
    (the link's ``venue``, or for links stored without one, a travel cue: "A visited B": B, "A
    hosted B": A), else None. Reads ``a``, ``b``, ``cue`` and ``venue`` if there is one."""
    venues = links["venue"] if "venue" in links else [None] * len(links)
    hosts = [
        venue
        if isinstance(venue, str) and venue
        else (find_host(cue, a, b) if isinstance(cue, str) else None)
        for a, b, cue, venue in zip(links["a"], links["b"], links["cue"], venues, strict=True)
    ]
    return links.assign(host=pd.Series(hosts, index=links.index, dtype=object))
