"""The gazetteer: countries, blocs, people and blockers as package data, turned into ruler patterns."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

# Span labels the actor ruler produces; "via" in the mentions table is the lower-case form.
NAME = "NAME"
DEMONYM = "DEMONYM"
CAPITAL = "CAPITAL"
METONYM = "METONYM"
BLOC = "BLOC"
PERSON = "PERSON"
BLOCK = "BLOCK"

_COUNTRY_FIELDS = {"aliases": NAME, "demonyms": DEMONYM, "capitals": CAPITAL, "metonyms": METONYM}


@dataclass(frozen=True)
class Role:
    """One dated role of a person: the actor code they stand for between start and end."""

    person: str
    code: str
    role: str
    title: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        """Whether the role is held on `day` (end is inclusive; None means still held)."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Gazetteer:
    """Everything the actor ruler and resolver need, read from package data."""

    countries: tuple[dict[str, Any], ...]
    blocs: tuple[dict[str, Any], ...]
    people: tuple[dict[str, Any], ...]
    blockers: tuple[dict[str, Any], ...]

    @cached_property
    def bloc_codes(self) -> frozenset[str]:
        """Upper-case codes of the supranational actors (built once: rows reads it per doc)."""
        return frozenset(b["code"] for b in self.blocs)

    @property
    def names(self) -> dict[str, str]:
        """Actor code -> display name, countries and blocs alike."""
        return {row["code"]: row["name"] for row in (*self.countries, *self.blocs)}


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """Read one JSONL file of the package's data folder."""
    text = (files("diplomap.extract") / "data" / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def load_gazetteer() -> Gazetteer:
    """Load the four gazetteer files shipped in `extract/data`."""
    return Gazetteer(
        countries=tuple(read_jsonl("countries.jsonl")),
        blocs=tuple(read_jsonl("blocs.jsonl")),
        people=tuple(read_jsonl("people.jsonl")),
        blockers=tuple(read_jsonl("blockers.jsonl")),
    )


def fold_accents(text: str) -> str:
    """Drop combining accents: "Orbán" -> "Orban", "Élysée" -> "Elysee"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variants(form: str, fold: bool) -> set[str]:
    """A surface form, its accent-free spelling if asked, and (for forms starting "the ") without it."""
    forms = {form, fold_accents(form)} if fold else {form}
    return forms | {f[4:] for f in forms if f.lower().startswith("the ")}


def build_patterns(gaz: Gazetteer) -> list[dict[str, str]]:
    """Phrase patterns (span_ruler shape) for the gazetteer matcher: label is how the actor is named,
    id is its code or person key."""
    patterns: list[dict[str, str]] = []

    def add(label: str, form: str, ident: str) -> None:
        # Place names list their accent-free spellings by hand ("Malé" folds to the word "Male");
        # people's names are folded here, so "Orbán" and "Orban" both match.
        variants = _variants(form, fold=label == PERSON)
        patterns.extend({"label": label, "pattern": v, "id": ident} for v in variants if v)

    for row in gaz.countries:
        add(NAME, row["name"], row["code"])
        for field, label in _COUNTRY_FIELDS.items():
            for form in row.get(field, ()):
                add(label, form, row["code"])
    for row in gaz.blocs:
        code = row.get("reported_as", row["code"])  # a UN organ is reported as the UN (FORMAT.md)
        add(BLOC, row["name"], code)
        for form in row.get("aliases", ()):
            add(BLOC, form, code)
    for row in gaz.people:
        for form in person_forms(row):
            add(PERSON, form, fold_accents(form))
    for row in gaz.blockers:
        add(BLOCK, row["pattern"], "BLOCK")
    return _dedupe(patterns)


def _dedupe(patterns: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drop repeated (label, pattern, id) triples, keeping order."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for p in patterns:
        key = (p["label"], p["pattern"], p["id"])
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def person_forms(row: dict[str, Any]) -> list[str]:
    """A person's name and aliases: the surface forms that name them."""
    return [row["name"], *row.get("aliases", ())]


def build_roles(gaz: Gazetteer) -> dict[str, tuple[Role, ...]]:
    """Person key (a name or alias, accent-free) -> the dated roles of everyone it names.

    A surname two people held one after the other ("Kirchner", "Bush") keys both: the article's
    date picks the one in office. The people table lets no two people share a form at one time.
    """
    roles: dict[str, list[Role]] = {}
    for row in gaz.people:
        end = row.get("end")
        role = Role(
            person=row["name"],
            code=row["code"],
            role=row["role"],
            title=row.get("title", ""),
            start=date.fromisoformat(row["start"]),
            end=date.fromisoformat(end) if end else None,
        )
        for key in dict.fromkeys(fold_accents(f) for f in person_forms(row)):
            roles.setdefault(key, []).append(role)
    return {k: tuple(v) for k, v in roles.items()}


def resolve_person(roles: tuple[Role, ...], day: date | None) -> Role | None:
    """The role a person holds on `day`; heads of state win over other roles held the same day.

    With no date at all, the person's latest role: an undated article most likely speaks of it.
    """
    rank = {"head_of_state": 0, "head_of_government": 1, "bloc_official": 2}
    if day is None:
        return max(roles, key=lambda r: (r.start, -rank.get(r.role, 3)), default=None)
    held = [r for r in roles if r.covers(day)]
    return min(held, key=lambda r: rank.get(r.role, 3), default=None)
