"""Choose the Wikinews articles to annotate: a seeded sample of those that name two or more actors.

Reads ../shared/corpus/wikinews/articles.jsonl, counts the distinct countries and blocs each article
names (the gazetteer's actors, found by the extractor as it stood when the sample was drawn), and
draws a seeded sample: three quarters from articles naming three or more actors, one quarter from
articles naming two, each at most MAX_WORDS words. Prints one id per line, in annotation order.

A later draw leaves out the ids of earlier ones (`--skip`) and may take only articles naming three
or more actors (`--dense-share 1`), or every article left that names two or more (`--all`, in a
seeded order), up to another length (`--max-words`).

Usage: python scripts/select_wikinews.py [--corpus PATH] [--n 480] [--seed 15] > ids.txt
       python scripts/select_wikinews.py --n 360 --seed 16 --dense-share 1 --skip ids.txt > more.txt
       python scripts/select_wikinews.py --all --max-words 4000 --seed 20 --skip ids.txt > rest.txt
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date
from pathlib import Path

from diplomap.extract import make_pipeline
from diplomap.extract.rows import doc_mentions

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews" / "articles.jsonl"
MAX_WORDS = 1500
DENSE_SHARE = 0.75  # share of the sample drawn from articles naming three or more actors


def count_actors(path: Path) -> list[tuple[str, int, int]]:
    """(id, distinct actors, words) of every article in the corpus file."""
    nlp = make_pipeline(decide="rules")  # only the actors are read
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        doc = nlp.make_doc(art["text"])
        doc._.date = date.fromisoformat(art["date"]) if art["date"] else None
        codes = {m["code"] for m in doc_mentions(nlp(doc), art["id"])}
        out.append((art["id"], len(codes), len(art["text"].split())))
    return out


def draw_sample(
    counts: list[tuple[str, int, int]],
    n: int,
    seed: int,
    dense_share: float = DENSE_SHARE,
    skip: frozenset[str] = frozenset(),
    max_words: int = MAX_WORDS,
) -> list[str]:
    """A seeded sample of `n` ids not in `skip`, `dense_share` of them naming three or more actors."""
    fit = _fitting(counts, skip, max_words)
    dense = sorted(i for i, k in fit if k >= 3)
    pairs = sorted(i for i, k in fit if k == 2)
    rng = random.Random(seed)
    n_dense = round(n * dense_share)
    chosen = rng.sample(dense, n_dense) + rng.sample(pairs, n - n_dense)
    rng.shuffle(chosen)
    return chosen


def draw_rest(
    counts: list[tuple[str, int, int]], seed: int, skip: frozenset[str], max_words: int
) -> list[str]:
    """Every id not in `skip` naming two or more actors in at most `max_words` words, in a seeded
    order."""
    rest = sorted(i for i, k in _fitting(counts, skip, max_words) if k >= 2)
    random.Random(seed).shuffle(rest)
    return rest


def _fitting(
    counts: list[tuple[str, int, int]], skip: frozenset[str], max_words: int
) -> list[tuple[str, int]]:
    """(id, distinct actors) of the articles not in `skip` of at most `max_words` words."""
    return [(i, k) for i, k, words in counts if words <= max_words and i not in skip]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--n", type=int, default=480)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--dense-share", type=float, default=DENSE_SHARE)
    parser.add_argument("--skip", type=Path, help="a file of ids drawn before (one a line)")
    parser.add_argument("--all", action="store_true", help="every article left, not a sample")
    parser.add_argument("--max-words", type=int, default=MAX_WORDS)
    args = parser.parse_args()
    if args.all and (args.n != parser.get_default("n") or args.dense_share != DENSE_SHARE):
        parser.error("--all takes every article left: --n and --dense-share do not apply")
    skip = frozenset(args.skip.read_text().split()) if args.skip else frozenset()
    counts = count_actors(args.corpus)
    if args.all:
        ids = draw_rest(counts, args.seed, skip, args.max_words)
    else:
        ids = draw_sample(counts, args.n, args.seed, args.dense_share, skip, args.max_words)
    for article_id in ids:
        print(article_id)


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as err:  # one line, no traceback
        sys.exit(f"select_wikinews: error: {err}")
