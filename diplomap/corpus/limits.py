"""How much one article and one upload may hold; each limit can be changed in the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from diplomap.corpus.errors import InputError

ENV_ARTICLE_MB = "DIPLOMAP_MAX_ARTICLE_MB"
ENV_UPLOAD_ARTICLES = "DIPLOMAP_MAX_UPLOAD_ARTICLES"
MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """`article_mb`: the largest article, in MB of UTF-8 text (the pipeline reads a long article in
    pieces, so memory stays bounded up to this size); `upload_articles`: the most articles one
    submission on the Sources page may add. The upload size in MB is Streamlit's
    `server.maxUploadSize` (.streamlit/config.toml)."""

    article_mb: float = 10.0
    upload_articles: int = 500


def read_input_limits() -> Limits:
    """The limits in force: the defaults, changed by $DIPLOMAP_MAX_ARTICLE_MB and
    $DIPLOMAP_MAX_UPLOAD_ARTICLES; a value that is not a positive number is an InputError."""
    default = Limits()
    return Limits(
        article_mb=positive_setting(ENV_ARTICLE_MB, default.article_mb, float),
        upload_articles=int(positive_setting(ENV_UPLOAD_ARTICLES, default.upload_articles, int)),
    )


def positive_setting(name: str, default: float, kind: type) -> float:
    """The setting $`name` as a positive number of `kind`, `default` if unset; else InputError."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise InputError(f"${name} must be a positive number, not {raw!r}") from None
    if value <= 0:
        raise InputError(f"${name} must be a positive number, not {raw!r}")
    return value


def check_article_size(size: int, name: str, limits: Limits | None = None) -> None:
    """Refuse an article of `size` bytes over the limit, with one line that says how to raise it."""
    limits = limits or read_input_limits()
    if size > limits.article_mb * MB:
        raise InputError(
            f"{name}: {size / MB:.1f} MB, over the {limits.article_mb:g} MB limit per article "
            f"(set ${ENV_ARTICLE_MB} to raise it)"
        )
