"""Aggregates the pages show: mentions per actor and links per pair."""

from __future__ import annotations

import pandas as pd

from diplomap.extract import FACTUAL_MODES

# Columns of the aggregate tables.
CODE = "code"
KIND = "kind"
MENTIONS = "mentions"
ARTICLES = "articles"
PAIR_FIELDS = ("a", "b", "links", "articles", "top_type", "types", "sentence", "article")
COUNT_FIELDS = (CODE, KIND, MENTIONS, ARTICLES)


def count_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and distinct articles per actor code, most mentioned first."""
    if mentions.empty:
        return pd.DataFrame(columns=list(COUNT_FIELDS))
    grouped = mentions.groupby([CODE, KIND], as_index=False).agg(
        mentions=("article", "size"), articles=("article", "nunique")
    )
    return grouped.sort_values([MENTIONS, CODE], ascending=[False, True], ignore_index=True)


def count_pairs(links: pd.DataFrame, modes: tuple[str, ...] = FACTUAL_MODES) -> pd.DataFrame:
    """One row per unordered actor pair: evidence sentences, articles, types and a top sentence.

    Only links in `modes` count: by default what the text asserts, plans or recalls, not what it
    denies or imagines. A sentence counts once per pair, however many cues it has.
    """
    links = links[links["mode"].isin(modes)]
    if links.empty:
        return pd.DataFrame(columns=list(PAIR_FIELDS))
    ordered = links.assign(
        lo=links[["a", "b"]].min(axis=1), hi=links[["a", "b"]].max(axis=1)
    ).drop_duplicates(["lo", "hi", "article", "sent_start"])
    rows = []
    for (lo, hi), group in ordered.groupby(["lo", "hi"], sort=False):
        typed = group[group["type"] != "other"]
        types = typed["type"].value_counts()
        best = typed.iloc[0] if not typed.empty else group.iloc[0]
        rows.append(
            {
                "a": lo,
                "b": hi,
                "links": len(group),
                "articles": group["article"].nunique(),
                "top_type": types.index[0] if not types.empty else "other",
                "types": ", ".join(types.index) or "other",
                "sentence": best["sentence"],
                "article": best["article"],
            }
        )
    table = pd.DataFrame(rows, columns=list(PAIR_FIELDS))
    return table.sort_values(["links", "a", "b"], ascending=[False, True, True], ignore_index=True)


# One evidence sentence: a sentence of an article, for one unordered pair (figures.words.UNIT).
SENTENCE_KEY = ["lo", "hi", "article", "sent_start"]
# Columns of the evidence table: one row per evidence sentence, its types and modes listed.
EVIDENCE_FIELDS = (
    "article", "a", "b", "types", "modes", "score", "sentence", "sent_start", "a_text", "a_start",
    "a_end", "b_text", "b_start", "b_end", "cues", "venue",
)  # fmt: skip


def with_pair(links: pd.DataFrame) -> pd.DataFrame:
    """The links with their unordered pair's codes as `lo` and `hi`."""
    return links.assign(lo=links[["a", "b"]].min(axis=1), hi=links[["a", "b"]].max(axis=1))


def count_sentences(links: pd.DataFrame) -> int:
    """Evidence sentences among the links: a sentence counts once per pair."""
    if links.empty:
        return 0
    return len(with_pair(links).drop_duplicates(SENTENCE_KEY))


def count_sentences_by(links: pd.DataFrame, column: str) -> pd.Series:
    """Evidence sentences per value of `column` (type or quad class), most first: a sentence
    counts once under each value it carries, so the counts may add up to more than the total."""
    if links.empty:
        return pd.Series([], dtype=int, index=pd.Index([], name=column))
    kept = with_pair(links).drop_duplicates([*SENTENCE_KEY, column])
    counts = kept.groupby(column).size().rename(None)
    order = sorted(counts.index, key=lambda v: (-counts[v], v))
    return counts.loc[order]


def group_evidence(links: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence sentence (EVIDENCE_FIELDS, plus `date` and `title` if the links have
    them), in the order the sentences first appear: the first link's actors and spans, every type
    and mode it carries (in order, once each), their mean score and every cue (start, end, type)."""
    extra = [c for c in ("date", "title") if c in links.columns]
    if links.empty:
        return pd.DataFrame(columns=[*EVIDENCE_FIELDS, *extra])
    rows = []
    for _, group in with_pair(links).groupby(SENTENCE_KEY, sort=False):
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


def sort_evidence(
    rows: pd.DataFrame, order: str = "order", descending: bool = False
) -> pd.DataFrame:
    """group_evidence's rows sorted as corpus.queries.query_evidence sorts them: by `order`
    ("order": as they came; "date", "score" or "title"), ties kept in the order they came."""
    if order == "order" or rows.empty:
        return rows.iloc[::-1].reset_index(drop=True) if descending else rows
    column = {"article": "title"}.get(order, order)
    return rows.sort_values(
        column, ascending=not descending, kind="stable", na_position="last", ignore_index=True
    )
