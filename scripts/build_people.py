"""Build ``extract/data/people.jsonl``, the dated roles, from reference facts and hand-kept files.

Reads the reference folder (``../shared/reference/leaders`` beside the repository, or --reference):
REIGN's leader list (Bell, Besaw and Frank 2021; facts with a citation, never the file), Wikidata's
heads of state and government 2021-2026 and foreign ministers 2022, the odarchive list of current
leaders (mid-2026) and ``iso3_map.csv``. Hand-kept inputs in ``extract/data``:

* ``offices.jsonl``: per country and period, how its offices are shared (which one REIGN's effective
  leader holds; whether the president also heads the government) and their titles;
* ``leader_names.jsonl``: full names and aliases of REIGN's leaders, by REIGN leader id;
* ``people_manual.jsonl``: roles no reference covers and corrections, each with its source: single
  roles, successions of holders, references rejected as wrong, words that are never aliases.

Deterministic: the same inputs give a byte-identical file. Prints coverage and verified shares.
Run: ``python3 scripts/build_people.py`` (``--check`` compares instead of writing).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from people_rows import (
    FIRST,
    HOG,
    HOS,
    LEADER,
    Office,
    Row,
    alike,
    close,
    close_open_rows,
    coverage,
    day,
    derive_aliases,
    manual_rows,
    mostly_overlaps,
    office_on,
    read_jsonl,
    read_offices,
    same_person,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "extract" / "data"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "leaders"
REIGN = "REIGN 2021-03 (Bell, Besaw and Frank 2021)"
REIGN_END = date(2021, 3, 1)  # REIGN's last day: an open spell is known to last until then
WIKIDATA = "Wikidata (CC0) via every-politician-scrapers"
ODARCHIVE = "odarchive world-leaders-current 2026 (CC BY-SA 4.0)"
# days a reference may differ and still back a row (REIGN gives its ends to the month)
START_SLACK, END_SLACK = 14, 45


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Piece:
    """Part of a REIGN spell within one office period: who led, in which office, from when."""

    leadid: str
    leader: str
    code: str
    role: str
    start: date
    end: date | None
    spell_start: bool  # start is the spell's own (not an office boundary)
    spell_end: bool  # end is the spell's own and known
    end_note: str


# ---------------------------------------------------------------- REIGN


def read_cow(reference: Path) -> dict[str, list[dict[str, str]]]:
    cow: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv(reference / "iso3_map.csv"):
        if row["scheme"] == "cow":
            cow[row["code"]].append(row)
    return cow


def iso3_on(cow: dict[str, list[dict[str, str]]], ccode: str, when: date) -> str:
    for row in cow.get(ccode, ()):
        since, until = day(row["valid_from"]), day(row["valid_to"])
        if (since is None or since <= when) and (until is None or when <= until):
            return row["iso3"]
    return ""


def read_reign(reference: Path) -> list[dict[str, Any]]:
    """REIGN spells in office on or after FIRST, with ISO3 codes and day-precise ends where the
    successor's start gives one."""
    cow = read_cow(reference)
    spells = []
    for row in read_csv(reference / "reign_leaderlist_2021_03.csv"):
        start = date(int(row["syear"]), int(row["smonth"]), int(row["sdate"]))
        month = date(int(row["eyear"]), int(row["emonth"]), 1) if row["eyear"] else None
        spells.append({**row, "start": start, "month": month})
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for spell in spells:
        by_country[spell["ccode"]].append(spell)
    out = []
    for country in by_country.values():
        country.sort(key=lambda s: s["start"])
        for spell, after in zip(country, [*country[1:], None], strict=True):
            month = spell["month"]
            if month is not None and month < FIRST:
                continue
            end, note = None, ""
            if month is not None:
                if after is not None and month <= after["start"] < month + timedelta(days=62):
                    end, note = after["start"], "end: successor's start in REIGN"
                else:
                    end, note = month, "end: REIGN gives the month only"
            code = iso3_on(cow, spell["ccode"], max(spell["start"], FIRST))
            if code:
                out.append({**spell, "code": code, "end": end, "end_note": note})
    return out


def pieces_of(spell: dict[str, Any], offices: list[Office]) -> Iterator[Piece]:
    """A spell cut at the country's office boundaries, each part in the office REIGN's leader held."""
    start, end = spell["start"], spell["end"]
    for office in offices:
        lo = max(start, office.since)
        hi = min(end or date.max, office.until or date.max)
        if lo >= hi and not (lo == hi == start == end):
            continue  # empty, unless the spell itself lasted a day
        yield Piece(
            spell["leadid"], spell["leader"].strip(), spell["code"], office.effective, lo,
            None if hi == date.max else hi, lo == start, hi == end and end is not None,
            spell["end_note"],
        )  # fmt: skip


def merge_reign(
    rows: list[Row], pieces: list[Piece], names: dict[str, dict[str, Any]], offices: dict
) -> tuple[list[Row], list[str]]:
    """Back hand-kept rows with REIGN's spells; add a row for each spell no hand-kept row holds."""
    added, report = [], []
    for piece in pieces:
        if piece.start > REIGN_END:
            continue  # an office boundary after REIGN's last day: nothing REIGN says
        named = names.get(piece.leadid, {})
        leader = named.get("name", piece.leader)
        matches = sorted(
            (
                r
                for r in rows
                if r.code == piece.code
                and r.role == piece.role
                and mostly_overlaps(r, piece.start, piece.end or REIGN_END)
                and (r.name == leader if "name" in named else same_person(r, leader))
            ),
            key=lambda r: r.start,
        )
        cite = f"{REIGN}, leader {piece.leadid}"
        if matches:
            first, last = matches[0], matches[-1]
            bad = []
            if piece.spell_start and not close(first.start, piece.start, START_SLACK):
                bad.append(f"REIGN {piece.leadid} starts {piece.start}")
            if piece.spell_end and not close(last.end, piece.end, END_SLACK):
                bad.append(f"REIGN {piece.leadid} ends {piece.end}")
            for r in matches:
                if bad and (r is first or r is last):
                    r.notes.append("; ".join(bad) + ": dates follow this row's source")
                    report.append(f"differs: {r.code} {r.name} {r.start}..{r.end}: {bad}")
                else:
                    r.notes.append(f"backed by {cite}")
                    r.verified = True
            continue
        office = office_on(offices[piece.code], piece.start)
        if "name" not in named and (" " not in leader or not leader[0].isupper()):
            report.append(f"no name: {piece.code} {piece.leadid} {piece.leader} {piece.start}")
        title = office.hog if piece.role == HOG else office.hos
        title = named.get("title", title)
        notes = [] if not piece.end_note or not piece.spell_end else [piece.end_note]
        if not piece.spell_start:
            notes.append("start: office boundary (offices.jsonl)")
        added.append(
            Row(
                leader, list(named.get("aliases", [])), piece.code, piece.role, title,
                piece.start, piece.end, cite, True, notes,
                fixed_aliases="aliases" in named or office.surname_first,
            )
        )  # fmt: skip
    return rows + added, report


# ---------------------------------------------------------------- Wikidata and odarchive

_HOG_WORDS = re.compile(
    r"Prime Minister|prime minister|Premier|Chancellor|Taoiseach|Council of Ministers|Government|"
    r"Cabinet|State Counsellor|Chief Minister|Chairman of the Presidential Council"
)
_SKIP_WORDS = re.compile(r"Governor-General|Swiss Federal Council|Yang di-Pertua Negeri|Chief Exec")


def wikidata_role(position: str, office: Office | None) -> str:
    """head_of_state or head_of_government for a Wikidata position label, '' to leave it out."""
    if office is None or _SKIP_WORDS.search(position):
        return ""
    if _HOG_WORDS.search(position):
        return HOG
    if (
        position.startswith(("President", "president"))
        and office.hog.startswith("President")
        and not office.single
    ):
        return HOG  # Iran: the president heads the government under the Supreme Leader
    return HOS


def read_wikidata(reference: Path, rejected: set[str]) -> list[dict[str, Any]]:
    """One entry per (country, person, position): the union of Wikidata's statements."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    path = reference / "wikidata_heads_of_state_government_2021_2026.csv"
    for row in read_csv(path):
        if not row["iso3"] or row["label_missing"] or int(row["start_year"]) < 1990:
            continue
        if row["person_qid"] in rejected or f"{row['iso3']}:{row['person_qid']}" in rejected:
            continue
        key = (row["iso3"], row["person_qid"], row["position"])
        entry = merged.setdefault(key, {**row, "years": []})
        end = int(row["end_year"]) if row["end_year"] else None
        entry["years"].append((int(row["start_year"]), end, row["in_2026_version"] == "yes"))
    out = []
    for entry in merged.values():
        years = entry.pop("years")
        entry["from"] = min(y[0] for y in years)
        current = any(y[2] and y[1] is None for y in years)
        ends = [y[1] for y in years if y[1] is not None]
        entry["to"] = None if current or len(ends) < len(years) else max(ends)
        entry["current"] = current
        out.append(entry)
    return sorted(out, key=lambda e: (e["iso3"], e["from"], e["person"], e["position"]))


def merge_wikidata(
    rows: list[Row], entries: list[dict[str, Any]], offices: dict[str, list[Office]]
) -> tuple[list[Row], list[str]]:
    """Back rows Wikidata names; add year-precise rows for holders no other source has."""
    report, added = [], []
    for e in entries:
        code = e["iso3"]
        office = office_on(offices.get(code, []), date(max(e["from"], 2021), 7, 1))
        role = wikidata_role(e["position"], office)
        if not role or (role == HOS and office is not None and office.hos_of):
            continue  # a realm's monarch is listed once, for the United Kingdom
        lo = date(e["from"], 1, 1)
        hi = date(e["to"], 12, 31) if e["to"] else None
        cite = f"{WIKIDATA}: {e['person_qid']} {e['position']} {e['from']}-{e['to'] or ''}"
        matches = [
            r
            for r in rows
            if r.code == code
            and r.role == role
            and (same_person(r, e["person"]) if office.surname_first else alike(r, e["person"]))
            and r.overlaps(lo, hi or date(2026, 12, 31))
        ]
        if matches:
            latest = max(matches, key=lambda r: r.start)
            for r in matches:
                late = e["current"] and r is latest and r.end is not None and r.end.year < 2026
                if late:
                    r.notes.append(f"{WIKIDATA} has {e['person_qid']} in office in 2026")
                    report.append(f"wikidata later: {code} {r.name} ends {r.end}")
                else:
                    r.notes.append(f"backed by {cite}")
                    r.verified = True
            continue
        if e["from"] < 2019 or (e["to"] is not None and e["to"] < 2021):
            continue  # before 2019 the file holds only holders whose statements outlived 2021
        note = "years only" + ("" if e["current"] or e["to"] else "; left office 2023-2026")
        added.append(
            Row(
                e["person"], [], code, role, e["position"], lo, hi, cite, True, [note],
                fixed_aliases=office.surname_first, by_year=True,
            )
        )  # fmt: skip
    return rows + added, report


def read_odarchive(reference: Path, rejected: set[str]) -> list[tuple[str, str, str, date]]:
    """(alpha-2 code, role, person, since) for each current holder with a date."""
    out = []
    for row in read_csv(reference / "odarchive_current_leaders_2026.csv"):
        for role, person, since in (
            (HOG, row["Head of Government"], row["HoG Since"]),
            (HOS, row["Head of State"], row["HoS Since"]),
        ):
            if person and since and f"{row['ISO']}:{role}" not in rejected:
                out.append((row["ISO"], role, person, date.fromisoformat(since)))
    return out


def merge_odarchive(
    rows: list[Row], entries: list[tuple[str, str, str, date]], alpha2: dict[str, str]
) -> list[str]:
    """Back open rows whose start the odarchive list confirms."""
    report = []
    for iso2, role, person, since in entries:
        code = alpha2.get(iso2, iso2 if iso2 == "EU" else "")
        for r in rows:
            if r.code != code or r.end is not None or not same_person(r, person):
                continue
            r.notes.append(f"in office mid-2026 per {ODARCHIVE}")
            r.verified = True
            if r.by_year and r.role == role and r.start.year == since.year:
                r.start, r.by_year = since, False
                r.notes.append(f"start: {ODARCHIVE}")
            if r.role == role and not close(r.start, since, START_SLACK):
                r.notes.append(f"odarchive gives {since} as the start")
                report.append(f"odarchive differs: {code} {r.name} {r.start} vs {since}")
    return report


def build(reference: Path) -> tuple[list[dict[str, Any]], list[str], dict[str, float]]:
    countries = read_jsonl(DATA / "countries.jsonl")
    blocs = read_jsonl(DATA / "blocs.jsonl")
    names = {c["code"]: c["name"] for c in countries}
    offices = read_offices(read_jsonl(DATA / "offices.jsonl"), names)
    leader_names = {r["reign"]: r for r in read_jsonl(DATA / "leader_names.jsonl")}
    manual = read_jsonl(DATA / "people_manual.jsonl")
    rejected = {r["reject"] for r in manual if "reject" in r}
    stops = {r["not_alias"] for r in manual if "not_alias" in r}
    rows = manual_rows(manual)
    hand_verified = sum(r.verified for r in rows) / len(rows)

    pieces = [
        p
        for spell in read_reign(reference)
        if spell["leadid"] not in rejected and spell["code"] in offices
        for p in pieces_of(spell, offices[spell["code"]])
        if p.role in (HOS, HOG, LEADER)
    ]
    rows, report = merge_reign(rows, pieces, leader_names, offices)
    rows, more = merge_wikidata(rows, read_wikidata(reference, rejected), offices)
    report += more
    report += merge_odarchive(rows, read_odarchive(reference, rejected), alpha2_codes())
    close_open_rows(rows)
    actor_forms = {f for c in countries for k in ("aliases", "demonyms", "capitals", "metonyms")
                   for f in c[k]} | {c["name"] for c in countries}  # fmt: skip
    actor_forms |= {f for b in blocs for f in (b["name"], *b["aliases"])}
    derive_aliases(rows, stops, actor_forms)
    rows.sort(key=lambda r: (r.code, r.role, r.start, r.name, r.title))
    members = [c["code"] for c in countries if c["status"] in ("un_member", "un_observer")]
    figures = {
        "roles": len(rows),
        "verified_hand_kept": hand_verified,
        "verified": sum(r.verified for r in rows) / len(rows),
        "coverage": coverage(rows, offices, sorted({*members, "TWN", "XKX"})),
    }
    return [r.as_json() for r in rows], report, figures


def alpha2_codes() -> dict[str, str]:
    import pycountry  # the build extra; only this script needs it

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DATA / "people.jsonl")
    parser.add_argument("--check", action="store_true", help="fail if the file would change")
    parser.add_argument("--report", action="store_true", help="list disagreements and gaps")
    args = parser.parse_args(argv)
    rows, report, figures = build(args.reference)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.report:
        print("\n".join(report), file=sys.stderr)
    print(
        f"roles {figures['roles']}; verified {figures['verified']:.1%} "
        f"(hand-kept rows alone {figures['verified_hand_kept']:.1%}); "
        f"coverage {figures['coverage']:.1%} of (country, year) pairs 1995-2025 "
        "with a head of state and a head of government"
    )
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("unchanged" if same else f"{args.out} would change")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
