"""Aggregates the pages show: mentions per actor and links per pair."""

from __future__ import annotations

import pandas as pd

from extract import FACTUAL_MODES

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
