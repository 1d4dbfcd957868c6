"""Pandas references for the tests: what the store's SQL (corpus.queries) must give, computed
another way over whole tables. The package itself asks SQL only; these live here to check it."""

from __future__ import annotations

from datetime import date

import pandas as pd
from diplomap.extract import FACTUAL_MODES

from diplomap.corpus.columns import COUNT_FIELDS, PAIR_FIELDS, SENTENCE_KEY
from diplomap.corpus.filters import FilterSpec, pair_keys

CODE, KIND, MENTIONS = "code", "kind", "mentions"


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
    # Every type a sentence carries counts once for the pair (the Evidence page shows them all).
    kinds = with_pair(links).drop_duplicates(["lo", "hi", "article", "sent_start", "type"])
    kinds = kinds[kinds["type"] != "other"]
    rows = []
    for (lo, hi), group in ordered.groupby(["lo", "hi"], sort=False):
        typed = group[group["type"] != "other"]
        of_pair = kinds[(kinds["lo"] == lo) & (kinds["hi"] == hi)]
        types = of_pair["type"].value_counts(sort=False)
        first = {t: i for i, t in enumerate(of_pair["type"].drop_duplicates())}
        types = types.loc[sorted(types.index, key=lambda t: (-types[t], first[t]))]
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


def with_pair(links: pd.DataFrame) -> pd.DataFrame:
    """The links with their unordered pair's codes as `lo` and `hi`."""
    return links.assign(lo=links[["a", "b"]].min(axis=1), hi=links[["a", "b"]].max(axis=1))


def count_sentences(links: pd.DataFrame) -> int:
    """Evidence sentences among the links: a sentence counts once per pair."""
    if links.empty:
        return 0
    return len(with_pair(links).drop_duplicates(list(SENTENCE_KEY)))


def count_sentences_by(links: pd.DataFrame, column: str) -> pd.Series:
    """Evidence sentences per value of `column` (type or quad class), most first: a sentence
    counts once under each value it carries, so the counts may add up to more than the total."""
    if links.empty:
        return pd.Series([], dtype=int, index=pd.Index([], name=column))
    kept = with_pair(links).drop_duplicates([*SENTENCE_KEY, column])
    counts = kept.groupby(column).size().rename(None)
    order = sorted(counts.index, key=lambda v: (-counts[v], v))
    return counts.loc[order]


def filter_articles(articles: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """Articles inside the date range; with a bound set, undated articles drop out."""
    if spec.start is None and spec.end is None:
        return articles
    days = articles["date"]
    dated = days.map(lambda d: isinstance(d, date))
    keep = dated.copy()
    if spec.start is not None:
        keep &= days.map(lambda d: isinstance(d, date) and d >= spec.start)
    if spec.end is not None:
        keep &= days.map(lambda d: isinstance(d, date) and d <= spec.end)
    return articles[keep]


def filter_links(links: pd.DataFrame, articles: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The links a spec selects; `min_evidence` counts distinct sentences per pair after the rest."""
    keep = links["article"].isin(filter_articles(articles, spec)["article"])
    keep &= links["mode"].isin(spec.modes)
    if spec.types:
        keep &= links["type"].isin(spec.types)
    if spec.quads:
        keep &= links["quad"].isin(spec.quads)
    if spec.focus:
        keep &= (links["a"] == spec.focus) | (links["b"] == spec.focus)
    return keep_evidenced(links[keep], spec.min_evidence)


def keep_evidenced(links: pd.DataFrame, min_evidence: int) -> pd.DataFrame:
    """The links of pairs with at least `min_evidence` distinct sentences among `links`."""
    if min_evidence <= 1 or links.empty:
        return links
    pair = pair_keys(links)
    sentences = (
        links.assign(pair=pair).drop_duplicates(["pair", "article", "sent_start"])["pair"]
    ).value_counts()
    return links[pair.map(sentences).ge(min_evidence)]


def filter_mentions(
    mentions: pd.DataFrame, articles: pd.DataFrame, spec: FilterSpec
) -> pd.DataFrame:
    """Mentions in the articles inside the date range."""
    return mentions[mentions["article"].isin(filter_articles(articles, spec)["article"])]


def ego_links(links: pd.DataFrame, focus: str) -> pd.DataFrame:
    """An actor's ego network: its links, and the links among its partners."""
    touching = (links["a"] == focus) | (links["b"] == focus)
    partners = set(links.loc[touching, "a"]) | set(links.loc[touching, "b"])
    return links[touching | (links["a"].isin(partners) & links["b"].isin(partners))]


def count_by_day(links: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Evidence sentences per article date and quad class (undated articles left out): a sentence
    counts once per pair, and once under each class it carries."""
    days = articles.set_index("article")["date"]
    pairs = links[["a", "b"]]
    dated = links.assign(day=links["article"].map(days), lo=pairs.min(axis=1), hi=pairs.max(axis=1))
    dated = dated[dated["day"].map(lambda d: isinstance(d, date))]
    if dated.empty:
        return pd.DataFrame(columns=["day", "quad", "sentences"])
    return (
        dated.drop_duplicates(["article", "lo", "hi", "sent_start", "quad"])
        .groupby(["day", "quad"], as_index=False)
        .size()
        .rename(columns={"size": "sentences"})
    )


def view_links(links: pd.DataFrame, articles: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The links a spec selects, its ego network with `spec.ego`."""
    if spec.ego and spec.focus:
        others = filter_links(links, articles, spec.without_focus())
        return ego_links(others, spec.focus)
    return filter_links(links, articles, spec)
