"""Evidence rows as the pages show them: one row per evidence sentence, from the links the store
gives (corpus.queries). Every count is made in SQL; this only groups a page of rows."""

from __future__ import annotations

import pandas as pd

from diplomap.corpus.columns import COUNT_FIELDS, EVIDENCE_FIELDS, PAIR_FIELDS, SENTENCE_KEY

__all__ = ["COUNT_FIELDS", "EVIDENCE_FIELDS", "PAIR_FIELDS", "SENTENCE_KEY", "group_evidence"]


def group_evidence(links: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence sentence (EVIDENCE_FIELDS, plus `date` and `title` if the links have
    them), in the order the sentences first appear: the first link's actors and spans, every type
    and mode it carries (in order, once each), their mean score and every cue (start, end, type)."""
    extra = [c for c in ("date", "title") if c in links.columns]
    if links.empty:
        return pd.DataFrame(columns=[*EVIDENCE_FIELDS, *extra])
    rows = []
    paired = links.assign(lo=links[["a", "b"]].min(axis=1), hi=links[["a", "b"]].max(axis=1))
    for _, group in paired.groupby(list(SENTENCE_KEY), sort=False):
        first = group.iloc[0]
        venues = [v for v in group["venue"] if isinstance(v, str) and v] if "venue" in group else []
        row = {f: first[f] for f in EVIDENCE_FIELDS if f in group.columns}
        row.update(
            types=list(dict.fromkeys(group["type"])),
            modes=list(dict.fromkeys(group["mode"])),
            score=float(group["score"].astype(float).mean()) if "score" in group else None,
            cues=[
                (int(s), int(e), str(t))
                for s, e, t in zip(group["cue_start"], group["cue_end"], group["type"], strict=True)
            ],
            venue=venues[0] if venues else None,
            **{c: first[c] for c in extra},
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=[*EVIDENCE_FIELDS, *extra])
