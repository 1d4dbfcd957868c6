"""ICC arrest warrants against sitting leaders, and whether a host state had to arrest them.

A state party to the Rome Statute must arrest and surrender a person under an ICC warrant who is on its
territory (Art. 86 and 89). A withdrawing state is still a party until its withdrawal takes effect
(Art. 127). Non-parties have no such duty under the Statute.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd
from diplomap.geo._tables import read_csv
from diplomap.geo.icc import BOUND, Treaty, load_treaty, status_of

# Columns of a warrants table.
ISO3 = "iso3"
PERSON = "person"
OFFICE = "office"
ISSUED = "warrant_date"
OFFICE_END = "office_end"  # the first day the person was no longer the sitting leader; None: open
VERIFIED = "verified"  # the warrant's date is verified in a stored source
VERIFICATION = "verification"
WARRANT_FIELDS = (ISO3, PERSON, OFFICE, ISSUED, OFFICE_END, VERIFIED, VERIFICATION)

# Columns of a visits table (subject, host, day in; the rest out).
SUBJECT = "subject"
HOST = "host"
DAY = "day"
ARTICLE = "article"
HOST_STATED = "host_stated"  # the text says where the meeting was
COUNTERPART = "counterpart"  # the other side of the meeting
EVIDENCE = "evidence"  # the meeting's evidence sentences
IN_FORCE = "warrant_in_force"
HOST_STATUS = "host_status"
HOST_SINCE = "host_since"
HOST_VERIFIED = "host_verified"
OBLIGED = "obliged_to_arrest"
VISIT_FIELDS = (
    SUBJECT,
    HOST,
    DAY,
    PERSON,
    IN_FORCE,
    HOST_STATUS,
    HOST_SINCE,
    HOST_VERIFIED,
    OBLIGED,
)
# Columns of a meetings table (see find_warrant_meetings).
MEETING_FIELDS = (SUBJECT, COUNTERPART, HOST, DAY, ARTICLE, HOST_STATED, EVIDENCE)


def load_leader_warrants() -> pd.DataFrame:
    """Public ICC warrants issued against sitting leaders, with when each stopped being leader."""
    warrants = read_csv("icc_warrants_leaders.csv", [ISSUED])
    sitting = warrants[
        warrants["sitting_head_at_issuance"].str.startswith("yes") & warrants[ISSUED].notna()
    ]
    ends = read_csv("icc_warrants_office.csv", [OFFICE_END])[[ISO3, OFFICE_END]]
    table = sitting.merge(ends, on=ISO3, how="left", validate="one_to_one")
    table[OFFICE_END] = [d if isinstance(d, date) else None for d in table[OFFICE_END]]
    table[VERIFIED] = table[VERIFICATION].str.lower().str.startswith("verified")
    return table[list(WARRANT_FIELDS)].reset_index(drop=True)


def warrants_on(day: date, warrants: pd.DataFrame | None = None) -> pd.DataFrame:
    """The warrants in force on `day` against a country's sitting leader, one row each.

    Parameters
    ----------
    day : datetime.date
        Issued on or before `day`, while the person was still the leader on `day`.
    warrants : pandas.DataFrame, optional
        A table from :func:`load_leader_warrants` (loaded when omitted).
    """
    table = load_leader_warrants() if warrants is None else warrants
    live = [
        issued <= day and (end is None or day < end)
        for issued, end in zip(table[ISSUED], table[OFFICE_END], strict=True)
    ]
    return table[live].reset_index(drop=True)


def check_visit(
    subject: str,
    host: str | None,
    day: date,
    treaty: Treaty | None = None,
    warrants: pd.DataFrame | None = None,
) -> dict[str, object]:
    """Whether the leader of `subject`, abroad in `host` on `day`, had to be arrested there.

    Parameters
    ----------
    host : str or None
        The country the meeting was in; None where the text does not say (the host is unknown).

    Returns
    -------
    dict
        VISIT_FIELDS: ``warrant_in_force`` (a warrant against `subject`'s sitting leader),
        the host's Rome Statute status then, and ``obliged_to_arrest``: True when a warrant was
        in force and the host a party (withdrawing included), False when not, None when the host
        is unknown (its status and obligation are then None too).
    """
    if subject == host:
        raise ValueError(f"a visit abroad needs a host other than {subject}")
    live = warrants_on(day, warrants)
    live = live[live[ISO3] == subject]
    in_force = not live.empty
    answer: dict[str, object] = {
        SUBJECT: subject,
        HOST: host,
        DAY: day,
        PERSON: live[PERSON].iloc[0] if in_force else None,
        IN_FORCE: in_force,
        HOST_STATUS: None,
        HOST_SINCE: None,
        HOST_VERIFIED: None,
        OBLIGED: None,
    }
    if host is None:
        return answer
    status = status_of(load_treaty() if treaty is None else treaty, host, day)
    answer[HOST_STATUS] = status["status"]
    answer[HOST_SINCE] = status["since"]
    answer[HOST_VERIFIED] = status["verified"]
    answer[OBLIGED] = in_force and status["status"] in BOUND
    return answer


def check_visits(
    visits: pd.DataFrame, treaty: Treaty | None = None, warrants: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`check_visit` for every row of a table with columns ``subject``, ``host`` (None:
    unknown), ``day``."""
    treaty = load_treaty() if treaty is None else treaty
    warrants = load_leader_warrants() if warrants is None else warrants
    hosts = [h if isinstance(h, str) and h else None for h in visits[HOST]]
    rows = [
        check_visit(s, h, d, treaty, warrants)
        for s, h, d in zip(visits[SUBJECT], hosts, visits[DAY], strict=True)
    ]
    extra = [c for c in visits.columns if c not in VISIT_FIELDS]
    checked = pd.DataFrame(rows, columns=list(VISIT_FIELDS))
    return pd.concat([checked, visits[extra].reset_index(drop=True)], axis=1)


def find_warrant_meetings(
    links: pd.DataFrame,
    articles: pd.DataFrame,
    countries: Iterable[str],
    warrants: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Meetings in the corpus between a leader under warrant and another country, on the article's date.

    Parameters
    ----------
    links : pandas.DataFrame
        Columns ``a``, ``b``, ``type``, ``article``; only links of type ``meeting`` count. An
        optional column ``host`` names the country the meeting was in, where the text says (a
        visit to it, it hosted, or "in <its capital>"), which may be neither of the two; a meeting
        the subject held at home is no visit. An optional column ``sent_start`` tells a link's
        sentence apart, so that evidence is counted in sentences (else one per link).
    articles : pandas.DataFrame
        Columns ``article`` and ``date`` (a `datetime.date`, or missing).
    countries : iterable of str
        The codes that are countries (blocs cannot host a visit).

    Returns
    -------
    pandas.DataFrame
        Columns MEETING_FIELDS; one row per subject, counterpart and day (and stated host). The
        host is the country a sentence about that meeting names; where none does, the host is
        None (unknown) and ``host_stated`` False: the counterpart never stands in for it.
        ``evidence`` counts the meeting's evidence sentences, ``article`` is the first one's.
    """
    warrants = load_leader_warrants() if warrants is None else warrants
    days = dict(zip(articles["article"], articles["date"], strict=True))
    places = set(countries)
    meetings = links[links["type"] == "meeting"]
    hosts = meetings[HOST] if HOST in meetings else [None] * len(meetings)
    starts = meetings["sent_start"] if "sent_start" in meetings else range(len(meetings))
    wanted_on: dict[date, set[str]] = {}  # the warrants in force, looked up once per day
    rows = []
    for a, b, article, host, start in zip(
        meetings["a"], meetings["b"], meetings["article"], hosts, starts, strict=True
    ):
        day = days.get(article)
        if not isinstance(day, date):
            continue
        if day not in wanted_on:
            wanted_on[day] = set(warrants_on(day, warrants)[ISO3])
        stated = isinstance(host, str) and bool(host)
        for s, other in ((a, b), (b, a)):
            if s not in wanted_on[day] or s == other:
                continue
            if stated and host != s and host in places:  # a stated host may be a third country
                rows.append((s, other, host, day, article, (article, start)))
            elif not stated and other in places:
                rows.append((s, other, None, day, article, (article, start)))
    found = pd.DataFrame(rows, columns=[SUBJECT, COUNTERPART, HOST, DAY, ARTICLE, "sentence"])
    merged = [
        row
        for _, group in found.groupby([SUBJECT, COUNTERPART, DAY], sort=False)
        for row in _merge_meeting(group)
    ]
    return pd.DataFrame(merged, columns=list(MEETING_FIELDS))


def _merge_meeting(group: pd.DataFrame) -> Iterable[dict[str, object]]:
    """The rows of one meeting (subject, counterpart, day): one per stated host, each counting
    the sentences that name it and those that name none; else one row whose host is unknown."""
    unstated = group[group[HOST].isna()]
    stated = [h for h in dict.fromkeys(group[HOST]) if isinstance(h, str)]
    first = group.iloc[0]
    for host in stated or [None]:
        rows = group[group[HOST] == host] if host else unstated
        sentences = set(rows["sentence"]) | set(unstated["sentence"])
        yield {
            SUBJECT: first[SUBJECT],
            COUNTERPART: first[COUNTERPART],
            HOST: host,
            DAY: first[DAY],
            ARTICLE: rows[ARTICLE].iloc[0],
            HOST_STATED: host is not None,
            EVIDENCE: len(sentences),
        }


def select_warrant_pairs(pairs: pd.DataFrame, in_force: pd.DataFrame) -> pd.DataFrame:
    """The pairs (``a``, ``b``) that involve a country whose leader is under a warrant in force.

    Returns
    -------
    pandas.DataFrame
        Those rows of `pairs`, with a column ``warrant`` naming the person and the warrant date.
    """
    label = {
        code: f"{person} ({code}): ICC warrant of {issued.isoformat()}"
        for code, person, issued in zip(
            in_force[ISO3], in_force[PERSON], in_force[ISSUED], strict=True
        )
    }
    hit = pairs[pairs["a"].isin(label) | pairs["b"].isin(label)]
    notes = [
        "; ".join(label[c] for c in (a, b) if c in label)
        for a, b in zip(hit["a"], hit["b"], strict=True)
    ]
    return hit.assign(warrant=notes).reset_index(drop=True)
