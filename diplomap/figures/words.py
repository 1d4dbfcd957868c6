"""One vocabulary for every page: the unit links are counted in, plurals, numbers and pair labels.

The unit is the *evidence sentence*: one sentence of one article that states a link between two
actors. Every count of links, on every page and in every export, counts evidence sentences. A
sentence counts once per pair, whatever cues it has; under "by type" it counts once under each type
it carries, so type counts may add up to more than the pair's total.
"""

from __future__ import annotations

UNIT = "evidence sentence"
UNIT_DEFINITION = (
    "An evidence sentence is one sentence of one article that states a link between two actors. "
    "Counts of links on every page are evidence sentences: a sentence counts once per pair, "
    "and once under each type it carries."
)
PAIR_DASH = " – "  # between two actor names, in every label
KEY_DASH = "–"  # between two codes, in a pair key ("CHN–RUS")


def format_count(n: int) -> str:
    """A count with thousands separators: 101934 -> "101,934"."""
    return f"{int(n):,}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 article", "2 articles", "1 evidence sentence", "12,000 evidence sentences"."""
    form = word if int(n) == 1 else (many or _pluralise(word))
    return f"{format_count(n)} {form}"


def _pluralise(word: str) -> str:
    """The regular English plural of the last word of `word`."""
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def order_pair(a: str, b: str, names: dict[str, str]) -> tuple[str, str]:
    """The two codes of a pair in the one order every page uses: by display name, A to Z."""
    return (a, b) if (names.get(a, a), a) <= (names.get(b, b), b) else (b, a)


def pair_label(a: str, b: str, names: dict[str, str]) -> str:
    """ "China – Russia": the pair's two display names in the one order."""
    first, second = order_pair(a, b, names)
    return f"{names.get(first, first)}{PAIR_DASH}{names.get(second, second)}"


def parse_codes(value: object) -> list[str]:
    """The actor codes an address names ("CHN,RUS", "chn–rus", "CHN"): upper case, blanks out."""
    codes = str(value or "").replace(KEY_DASH, ",").upper().split(",")
    return [c.strip() for c in codes if c.strip()]


def article_title(name: object, title: object) -> str:
    """What every page calls an article: its title, else (no title, or a blank one) its name."""
    text = title.strip() if isinstance(title, str) else ""
    return text or str(name)


def pair_key(a: str, b: str) -> str:
    """The pair's key, codes in code order ("CHN–RUS"), as the store and the URL keep it."""
    lo, hi = sorted((a, b))
    return f"{lo}{KEY_DASH}{hi}"
