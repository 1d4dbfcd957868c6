"""Dated roles for the people table: rows, offices, name matching, aliases and the coverage figure.

Used by ``scripts/build_people.py``; no reference file is read here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIRST, LAST = date(1995, 1, 1), date(2025, 12, 31)  # the years the coverage figure counts
HOS, HOG, LEADER = "head_of_state", "head_of_government", "leader"
# system -> (the office REIGN's effective leader holds, whether one office heads state and government)
SYSTEMS = {
    "presidential": (HOS, True),
    "absolute": (HOS, True),
    "semi": (HOS, False),
    "monarchy": (HOS, False),
    "parliamentary": (HOG, False),
    "party": (LEADER, False),
    "collective": ("", True),  # a council is head of state (San Marino): no REIGN rows
}


@dataclass
class Row:
    """One dated role, as written to people.jsonl."""

    name: str
    aliases: list[str]
    code: str
    role: str
    title: str
    start: date
    end: date | None
    source: str
    verified: bool
    notes: list[str] = field(default_factory=list)
    fixed_aliases: bool = True  # False: aliases derived here, not written by hand
    by_year: bool = False  # dates known to the year only (Wikidata): snapped to neighbours

    def overlaps(self, start: date, end: date | None) -> bool:
        return self.start <= (end or date.max) and start <= (self.end or date.max)

    def as_json(self) -> dict[str, Any]:
        source = "; ".join(dict.fromkeys([self.source, *self.notes]))
        return {
            "name": self.name,
            "aliases": self.aliases,
            "code": self.code,
            "role": self.role,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "source": source,
            "verified": self.verified,
        }


def fold(text: str) -> str:
    """Lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> set[str]:
    """Name words of three letters or more, folded: what two spellings of a name share."""
    return {t for t in re.split(r"[^a-z']+", fold(text)) if len(t) >= 3}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# ---------------------------------------------------------------- offices


@dataclass(frozen=True)
class Office:
    """How a country's offices stood from `since` (inclusive) to `until` (exclusive)."""

    code: str
    system: str
    since: date
    until: date | None
    hos: str
    hog: str
    hos_of: str  # the code whose head of state is this country's too (realms, Andorra)
    surname_first: bool

    @property
    def effective(self) -> str:
        return SYSTEMS[self.system][0]

    @property
    def single(self) -> bool:
        return SYSTEMS[self.system][1]


def read_offices(rows: list[dict[str, Any]], names: dict[str, str]) -> dict[str, list[Office]]:
    """Office periods per country, in order; a row's period ends where the next row's begins."""
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_code[row["code"]].append(row)
    out = {}
    for code, periods in by_code.items():
        country = periods[0].get("of", names.get(code, code))
        offices = []
        since = day(periods[0].get("since")) or date(1900, 1, 1)
        for row in periods:
            until = day(row.get("until"))
            system = row["system"]
            hos = row.get("hos") or f"President of {country}"
            hog = row.get("hog") or (hos if SYSTEMS[system][1] else f"Prime Minister of {country}")
            offices.append(
                Office(
                    code, system, since, until, hos, hog, row.get("hos_of", ""),
                    bool(periods[0].get("surname_first")),
                )
            )  # fmt: skip
            since = until or since
        out[code] = offices
    return out


def office_on(offices: list[Office], when: date) -> Office | None:
    for office in offices:
        if office.since <= when and (office.until is None or when < office.until):
            return office
    return None


# ---------------------------------------------------------------- hand-kept rows


def manual_rows(rows: list[dict[str, Any]]) -> list[Row]:
    """Single roles as they are; successions as one role per holder, each ending where the next
    begins (the last at the succession's `end`, if any)."""
    out = []
    for row in rows:
        if "holders" in row:
            holders = row["holders"]
            for n, holder in enumerate(holders):
                name, start, *rest = holder
                end = holders[n + 1][1] if n + 1 < len(holders) else row.get("end")
                out.append(
                    Row(
                        name, rest[0] if rest else [], row["code"], row["role"], row["title"],
                        day(start), day(end), row["source"], row.get("verified", False),
                        fixed_aliases=bool(rest),
                    )
                )  # fmt: skip
        elif "role" in row:
            out.append(
                Row(
                    row["name"], list(row["aliases"]), row["code"], row["role"], row["title"],
                    day(row["start"]), day(row["end"]), row["source"], row["verified"],
                )
            )  # fmt: skip
    return out


COMMON_WORDS = {
    "mohammed", "mohamed", "muhammad", "mohammad", "abdul", "abdullah", "ahmed", "ahmad", "sheikh",
    "hamad", "khalifa", "zayed", "salman", "sabah", "jaber", "nawaf", "maria", "jose", "juan",
    "carlos", "luis", "john", "jean", "michel", "ali",
}  # fmt: skip


def alike(row: Row, name: str) -> bool:
    """Looser than same_person, for a full name from Wikidata spelled another way ("Djerrad",
    "Djerad"): the same surname, or a shared name word that is not a common given name."""
    if same_person(row, name):
        return True
    known = tokens(" ".join([row.name, *row.aliases])) - COMMON_WORDS
    return any(len(t) > 3 for t in tokens(name) & known)


def same_person(row: Row, leader: str) -> bool:
    """Whether a reference's name for a leader (often a surname alone) names this row's person:
    its last word of three letters or more is one of the row's name words."""
    words = [t for t in re.split(r"[^a-z']+", fold(re.sub(r"\(.*?\)", "", leader))) if len(t) > 2]
    known = tokens(" ".join([row.name, *row.aliases]))
    return words[-1] in known if words else False


def mostly_overlaps(row: Row, start: date, end: date | None) -> bool:
    """Whether a row and a span share at least half of the shorter one (a surname two relatives
    held one after the other shares a day at most)."""
    lo, hi = max(row.start, start), min(row.end or LAST, end or LAST)
    shorter = min((row.end or LAST) - row.start, (end or LAST) - start)
    return hi >= lo and (hi - lo) * 2 >= shorter


def close(a: date | None, b: date | None, slack: int) -> bool:
    if a is None or b is None:
        return a == b
    return abs((a - b).days) <= slack


# ---------------------------------------------------------------- aliases, closing, output


def close_open_rows(rows: list[Row]) -> None:
    """An open role whose office a later holder took ends on that holder's start; a role known to
    the year starts where its predecessor's ended and ends where its successor's began, that year."""
    by_office: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_office[(r.code, r.role)].append(r)
    for group in by_office.values():
        group.sort(key=lambda r: (r.start, r.name))
        for r in (r for r in group if r.by_year):
            before = [
                s.end for s in group if s.end and s.end.year == r.start.year and not s.by_year
            ]
            after = [s.start for s in group if r.end and s.start.year == r.end.year
                     and s.start > r.start and not s.by_year and s.name != r.name]  # fmt: skip
            if before and max(before) <= (r.end or date.max):
                r.start = max(before)
                r.notes.append("start: predecessor's end")
            if after and min(after) >= r.start:
                r.end = min(after)
                r.notes.append("end: successor's start")
        for r in group:
            if r.end is not None or r.role not in (HOS, HOG, LEADER):
                continue
            later = [
                s
                for s in group
                if s.start > r.start
                and s.name != r.name
                and (s.end is None or (s.end - s.start).days > 366)
            ]  # an interim of a few months ends no one's term: the holder came back
            if later:
                r.end = later[0].start
                r.notes.append(f"end: {later[0].name}'s start")


def derive_aliases(rows: list[Row], stops: set[str], actor_forms: set[str]) -> None:
    """Give rows without hand-written aliases their surname; drop derived surnames that are
    ordinary words or common names, forms that name an actor, and forms another person of another
    country holds at the same time (beyond a handover day)."""
    for r in rows:
        if not r.fixed_aliases and " " in r.name:
            last = r.name.split()[-1]
            if re.fullmatch(r"[^\W\d_][^\W\d_'’]{3,}", last) and last[1:].lower() == last[1:]:
                r.aliases = [last]  # a word of four letters or more: not "II", "Do", "Jr."
    for r in rows:
        r.aliases = [
            a for a in r.aliases if a not in stops and a not in actor_forms and a != r.name
        ]
    by_form: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        for form in {fold(f) for f in (r.name, *r.aliases)}:
            by_form[form].append(r)
    clashes: set[str] = set()
    for form, group in by_form.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.code != b.code and overlap_days(a, b) > 1:
                    clashes.add(form)
    for r in rows:
        r.aliases = [a for a in r.aliases if fold(a) not in clashes]


def overlap_days(a: Row, b: Row) -> int:
    lo, hi = max(a.start, b.start), min(a.end or date.max, b.end or date.max)
    return (hi - lo).days + 1 if lo <= hi else 0


def coverage(rows: list[Row], offices: dict[str, list[Office]], codes: list[str]) -> float:
    """Share of (country, year) pairs FIRST..LAST in which someone held the head of state's and
    someone the head of government's office on at least 90% of the country's days that year."""
    held: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
    for r in rows:
        held[(r.code, r.role)].append((r.start, r.end or date.max))
    pairs = covered = 0
    for code in codes:
        first = offices[code][0].since if code in offices else FIRST
        for year in range(FIRST.year, LAST.year + 1):
            lo, hi = max(date(year, 1, 1), first), date(year, 12, 31)
            if lo > hi:
                continue
            pairs += 1
            ok = True
            for want in (HOS, HOG):
                days = 0
                for office in offices.get(code, []):
                    a = max(lo, office.since)
                    b = min(hi, (office.until or date.max) - timedelta(days=1))
                    if a > b:
                        continue
                    source = office.hos_of if want == HOS and office.hos_of else code
                    roles = [want, HOS] if want == HOG and office.single else [want]
                    spans = [s for role in roles for s in held[(source, role)]]
                    days += covered_days(spans, a, b)
                if days < 0.9 * ((hi - lo).days + 1):
                    ok = False
            covered += ok
    return covered / pairs if pairs else 0.0


def covered_days(spans: Iterable[tuple[date, date]], lo: date, hi: date) -> int:
    cut = sorted((max(a, lo), min(b, hi)) for a, b in spans if a <= hi and b >= lo)
    total, reach = 0, lo - timedelta(days=1)
    for a, b in cut:
        if b <= reach:
            continue
        total += (b - max(a, reach + timedelta(days=1))).days + 1
        reach = b
    return total
