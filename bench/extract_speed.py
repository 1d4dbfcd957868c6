"""Time `diplomap extract` against spaCy's blank English tokenizer on the same files, side by side.

By default the corpus is real news: the 5,663 Wikinews articles of ../shared/corpus/wikinews (1.8
million words), written to a temporary folder, one file each. `--generated` writes a folder of
generated sentences instead (at least --words words), and --corpus takes a folder. Each side runs in
a fresh process, alternating, --rounds times. The extract side runs the CLI's own entry point
(`diplomap extract DIR -o FILE`) in process: pipeline build, reading, extraction with the learned
link model, merging, writing. The rules side does the same with the rules alone deciding the links
(`make_pipeline(decide="rules")`): the difference is what the model costs.
The tokenizer side builds `spacy.blank("en")` and tokenizes the same files. Imports are outside both
timers. A third side, the floor, tokenizes and reads each token into Python once, running no rule:
what any pure-Python pipeline pays before its first rule. Prints words per second, the ratio of
extraction time to tokenizer-only time (medians), the floor's ratio, each side's peak memory, and
then a per-stage breakdown (CPU seconds) from one more process.

Usage: python bench/extract_speed.py [--rounds 3] [--generated [--words 1000000] | --corpus DIR] [--no-stages]
       python bench/extract_speed.py --instructions 500   (callgrind instruction counts instead)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Sentences written for this benchmark; {A} and {B} become actors, {C} a relation cue.
TEMPLATES = [
    "{A} and {B} {C} an agreement on energy and trade on Tuesday, officials said.",
    "The foreign minister of {A} {C} {B} over the detention of two journalists.",
    "Officials in {A} said talks with {B} would resume next month in a neutral venue.",
    "Analysts expect the summit to focus on grain exports, shipping lanes and debt relief.",
    "{A}'s president {C} his counterpart from {B} at the presidential palace.",
    "Markets were calm as investors weighed the central bank's decision on interest rates.",
    "{A} {C} {B}, according to a statement released late on Sunday.",
    "The delegation from {A} did not meet representatives of {B}, a spokesperson said.",
    "Local media reported heavy rain in the capital, delaying flights for several hours.",
    "Diplomats from {A}, {B} and several other states attended a conference on climate finance.",
    "The ministry published new figures on inflation, which rose for a third consecutive month.",
    "Opposition lawmakers said the budget did too little for farmers hit by the long drought.",
    "Rescue teams worked through the night after a landslide blocked the main coastal road.",
    "The court adjourned the hearing until next week to allow the defence more time to prepare.",
    "A spokesperson declined to comment on reports that the talks had stalled over tariffs.",
    "Shares in the state airline fell after it reported a wider loss for the quarter.",
]
# spaCy's statistical en_core_web_sm on CPU, as the issue gives it (the speed figure's reference).
SM_WORDS_PER_S = 9_400
CUES = ["met", "signed", "condemned", "urged", "visited", "sanctioned", "criticised", "hosted"]


def make_corpus(folder: Path, words: int, seed: int = 7) -> int:
    """Write articles of about 400-700 words until `words` is reached; return the word count."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from diplomap.extract.gazetteer import load_gazetteer

    names = [c["name"] for c in load_gazetteer().countries if c["status"] == "un_member"]
    rng = random.Random(seed)
    total, n = 0, 0
    while total < words:
        sentences, size = [], rng.randint(400, 700)
        count = 0
        while count < size:
            a, b = rng.sample(names, 2)
            s = rng.choice(TEMPLATES).format(A=a, B=b, C=rng.choice(CUES))
            sentences.append(s)
            count += len(s.split())
        (folder / f"article_{n:05d}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")
        total += count
        n += 1
    return total


def write_wikinews(folder: Path) -> int:
    """Write each article of the shared Wikinews corpus to `folder` with a `meta.json` of their
    dates; return the word count (whitespace tokens)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from diplomap.wikinews import read_corpus

    meta, words = {}, 0
    for n, article in enumerate(read_corpus().values()):
        name = f"{n:05d}.txt"
        (folder / name).write_text(article.text, encoding="utf-8")
        meta[name] = {"title": article.title, "date": article.day and article.day.isoformat()}
        words += len(article.text.split())
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return words


def extract_rules(corpus: Path, out: Path) -> int:
    """`diplomap extract` as the CLI runs it, with the rules alone deciding the links."""
    import gc

    from diplomap.extract import make_pipeline
    from diplomap.extract.rows import extract_links, link_lines

    from diplomap.corpus import read_articles
    from diplomap.corpus.tables import article_triples

    gc.freeze()
    triples = article_triples(read_articles([corpus]), None)
    rows = [row for links in extract_links(make_pipeline(decide="rules"), triples) for row in links]
    out.write_text("".join(link_lines(rows)), encoding="utf-8")
    gc.unfreeze()
    return sum(1 for _ in out.open(encoding="utf-8"))


def run_side(side: str, corpus: Path) -> None:
    """Worker: time one side in this process and print a JSON line."""
    import diplomap.extract  # noqa: F401
    import spacy

    import diplomap.corpus as _corpus  # noqa: F401 - imported before the clock starts, as spacy is
    from diplomap.cli import main as cli_main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "links.jsonl"
        start, cpu = time.perf_counter(), time.process_time()
        if side == "extract":
            if cli_main(["extract", str(corpus), "-o", str(out)]) != 0:
                raise SystemExit("diplomap extract failed")
            count = sum(1 for _ in out.open(encoding="utf-8"))
        elif side == "rules":
            count = extract_rules(corpus, out)
        elif side == "floor":
            count = floor_tokens(corpus)
        else:
            nlp = spacy.blank("en")
            texts = (p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
            count = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=64))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"side": side, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "count": count}
        )
    )


def floor_tokens(corpus: Path) -> int:
    """The tokenizer side plus the least that any rule written in Python over the tokens needs:
    each doc's ORTH and IDX columns as Python ints, and one dict lookup per token (a per-word
    table, as extraction keeps). No rule runs; this is a floor under any pure-Python pipeline."""
    import spacy
    from spacy.attrs import IDX, ORTH

    nlp = spacy.blank("en")
    table: dict[int, int] = {}
    texts = (p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    count = 0
    for doc in nlp.tokenizer.pipe(texts, batch_size=64):
        orths = doc.to_array([ORTH, IDX])[:, 0].tolist()
        rows = [table.setdefault(o, len(table)) for o in orths]
        count += len(rows)
    return count


def run_stages(corpus: Path) -> None:
    """Worker: CPU seconds per stage of the same work, each pipeline component timed on its own."""
    from collections import defaultdict

    from diplomap.extract import make_pipeline
    from diplomap.extract.rows import doc_links, link_lines

    from diplomap.corpus import read_articles
    from diplomap.corpus.tables import article_triples

    clock = time.process_time
    spent: dict[str, float] = defaultdict(float)
    start = clock()
    nlp = make_pipeline()
    spent["pipeline build"] = clock() - start
    start = clock()
    triples = list(article_triples(read_articles([corpus])))
    spent["read articles"] = clock() - start
    rows = []
    for article, text, day in triples:
        start = clock()
        doc = nlp.make_doc(text)
        doc._.date, doc._.text = day, text
        spent["tokenizer"] += clock() - start
        for name, proc in nlp.pipeline:
            start = clock()
            doc = proc(doc)
            spent[name] += clock() - start
        start = clock()
        rows += doc_links(doc, article)
        spent["link rows"] += clock() - start
    start = clock()
    text = "".join(link_lines(rows))  # merge_evidence's links, encoded as the CLI writes them
    spent["merge + JSON"] = clock() - start
    print(json.dumps({**spent, "bytes": len(text)}))


def count_instructions(side: str, corpus: Path) -> int:
    """Instructions one side's worker executes over `corpus`, imports included (callgrind)."""
    cmd = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--worker", side, "--corpus", str(corpus),
    ]  # fmt: skip
    err = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", err).group(1))


def compare_instructions(corpus: Path, files: int) -> None:
    """Each side's instructions over the first `files` files less those over the first file:
    the work per word, which the machine's load does not move (imports and builds cancel out)."""
    paths = sorted(corpus.glob("*.txt"))[:files]
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths[1:])
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        many, one = Path(tmp, "many"), Path(tmp, "one")
        many.mkdir(), one.mkdir()
        for n, path in enumerate(paths):
            (many / path.name).symlink_to(path.resolve())
            if n == 0:
                (one / path.name).symlink_to(path.resolve())
        for side in ("tokenize", "floor", "extract"):
            counts[side] = count_instructions(side, many) - count_instructions(side, one)
    print(f"instructions over {files - 1:,} files ({words:,} words), less one file's run:")
    for side, count in counts.items():
        ratio = count / counts["tokenize"]
        print(
            f"  {side:9} {count / 1e9:7.2f} billion  {count / words:8,.0f} per word  {ratio:5.2f}x"
        )


def main() -> None:
    """Generate or take a corpus, time both sides alternately in fresh processes, print figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--worker", choices=["extract", "rules", "tokenize", "floor", "stages"])
    parser.add_argument(
        "--generated", action="store_true", help="generated sentences, not the Wikinews articles"
    )
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage breakdown")
    parser.add_argument(
        "--instructions",
        type=int,
        metavar="FILES",
        help="instead of timing, count each side's instructions over FILES files (valgrind)",
    )
    args = parser.parse_args()
    if args.worker == "stages":
        run_stages(args.corpus)
        return
    if args.worker:
        run_side(args.worker, args.corpus)
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp)
        if args.corpus is not None:
            words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
            kind = f"the articles of {corpus}"
        elif args.generated:
            words = make_corpus(corpus, args.words)
            kind = "generated sentences, about 1 in 2 names two states"
        else:
            words = write_wikinews(corpus)
            kind = "real news: the Wikinews articles of ../shared/corpus/wikinews"
        files = len(list(corpus.glob("*.txt")))
        if args.instructions:
            compare_instructions(corpus, min(args.instructions, files))
            return
        print(f"corpus: {words:,} words in {files:,} files ({kind})")
        sides = ("tokenize", "floor", "rules", "extract")
        results: dict[str, list[dict]] = {side: [] for side in sides}
        for _ in range(args.rounds):
            for side in results:
                cmd = [sys.executable, __file__, "--worker", side, "--corpus", str(corpus)]
                line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                results[side].append(json.loads(line.strip().splitlines()[-1]))
        med = {s: statistics.median(r["seconds"] for r in rs) for s, rs in results.items()}
        cpu = {s: statistics.median(r["cpu"] for r in rs) for s, rs in results.items()}
        for side, rs in results.items():
            runs = ", ".join(f"{r['seconds']:.2f}" for r in rs)
            peak = max(r["peak_mb"] for r in rs)
            print(
                f"{side:9} median {med[side]:6.2f} s ({runs})  {words / med[side]:>10,.0f} words/s"
                f"  CPU {cpu[side]:.2f} s  peak {peak:.0f} MB"
            )
        print(
            f"extract with the model: {words / med['extract']:,.0f} words/s on one core"
            f" (target >= 150,000); {med['extract'] / med['rules']:.2f}x the rules alone's time,"
            f" {cpu['extract'] / cpu['rules']:.2f}x their CPU time"
        )
        print(f"extract / tokenize time: {med['extract'] / med['tokenize']:.2f}x")
        print(
            f"floor / tokenize time: {med['floor'] / med['tokenize']:.2f}x (tokenizing plus reading"
            " each token into Python once, no rule: what any pure-Python pipeline pays)"
        )
        print(
            f"extract on one core: {words / med['extract'] / SM_WORDS_PER_S:.0f}x the words/s of"
            f" en_core_web_sm ({SM_WORDS_PER_S:,} words/s)"
        )
        if not args.no_stages:
            cmd = [sys.executable, __file__, "--worker", "stages", "--corpus", str(corpus)]
            line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            stages = json.loads(line.strip().splitlines()[-1])
            stages.pop("bytes")
            per = 1_000_000 / words
            print("per stage, CPU seconds per 1M words (one more process, each stage timed alone):")
            for name, seconds in stages.items():
                print(f"  {name:24} {seconds * per:6.2f}")
            print(f"  {'total':24} {sum(stages.values()) * per:6.2f}")


if __name__ == "__main__":
    main()
