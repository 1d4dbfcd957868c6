"""Build a store of real news at scale: the Wikinews corpus copied with a changed line, ingested.

Reads ../shared/corpus/wikinews/articles.jsonl (or --corpus FILE) and writes --articles articles to a
JSON-lines feed: whole copies of the corpus (the default, 101,934, is 18 copies of its 5,663
articles), each article of copy k (k >= 1) with one line added at its end, so that its text, and
so its id, differs from every other copy's and none is skipped as a duplicate. Fewer articles than
the corpus holds are taken evenly across it (so across its dates). Then runs `diplomap ingest FEED
--db FILE --workers N` and prints the time it took and the store's counts.

The feed is written next to the store and deleted after the ingest (--keep-feed keeps it).

Usage: python bench/big_store.py --db /tmp/wikinews-100k.duckdb [--articles 101934] [--workers 2]
                                 [--corpus FILE] [--keep-feed]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"
COPIES = 18
CHANGED_LINE = "(Copy {k} of this article, made for a benchmark of the dashboard at scale.)"


def read_corpus(path: Path) -> list[dict]:
    """The corpus's articles, in file order (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def copy_articles(rows: list[dict], articles: int) -> Iterator[dict]:
    """`articles` articles: whole copies of `rows`, then a part of one taken evenly across it.

    Copy 0 is the corpus as it is; copy k has CHANGED_LINE added at the end of each text, `-ck`
    added to each id and " (k)" to each title.
    """
    done, k = 0, 0
    while done < articles:
        take = min(len(rows), articles - done)
        picked = [rows[i * len(rows) // take] for i in range(take)]
        for row in picked:
            yield changed_copy(row, k)
        done += take
        k += 1


def changed_copy(row: dict, k: int) -> dict:
    """Copy `k` of an article: itself for k = 0, else with one changed line so its text is new."""
    if k == 0:
        return row
    copy = dict(row)
    copy["text"] = f"{row['text']}\n{CHANGED_LINE.format(k=k)}"
    copy["id"] = f"{row.get('id', 'article')}-c{k}"
    if row.get("title"):
        copy["title"] = f"{row['title']} ({k})"
    return copy


def write_feed(corpus: Path, feed: Path, articles: int) -> tuple[int, int]:
    """Write the copies as JSON lines; the number of articles and of words written."""
    count = words = 0
    with feed.open("w", encoding="utf-8") as out:
        for row in copy_articles(read_corpus(corpus), articles):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
            words += len(row["text"].split())
    return count, words


def build_store(
    db: Path, articles: int, workers: int = 2, corpus: Path = CORPUS, keep_feed: bool = False
) -> dict:
    """Write the feed and ingest it into a new store at `db`; the seconds and counts it took."""
    if db.exists():
        raise SystemExit(f"{db} exists: remove it or name another --db")
    feed = db.with_suffix(".jsonl")
    count, words = write_feed(corpus, feed, articles)
    command = [sys.executable, "-m", "diplomap.cli", "ingest", str(feed), "--db", str(db)]
    if workers > 1:
        command += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    if not keep_feed:
        feed.unlink()
    return {"articles": count, "words": words, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the new store (must not exist)")
    parser.add_argument("--articles", type=int, default=COPIES * 5663)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep-feed", action="store_true")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus} not found: name the Wikinews JSON lines with --corpus")
    built = build_store(args.db, args.articles, args.workers, args.corpus, args.keep_feed)
    minutes, seconds = divmod(built["seconds"], 60)
    print(
        f"{built['articles']:,} articles, {built['words']:,} words; ingested with --workers "
        f"{args.workers} in {int(minutes)} min {seconds:.0f} s into {args.db}"
    )
    stats = subprocess.run(
        [sys.executable, "-m", "diplomap.cli", "stats", "--db", str(args.db)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    print(stats.strip())


if __name__ == "__main__":
    main()
