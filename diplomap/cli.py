"""The `diplomap` command: extract, evaluate, icc, serve; ingest, stats and export for the store."""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

from diplomap.cli_args import EXIT_INPUT, build_parser, print_usage_error

EXIT_PARTIAL = 3  # ingest: some inputs failed, the others were stored
MAX_FAILURES = 20  # failures listed one by one in the ingest summary
READ_WAIT = 30.0  # stats, export: seconds to wait for a running ingest to let go of the store


class CliError(Exception):
    """A one-line message for the user; the command exits non-zero."""


def run_extract(args: argparse.Namespace, out: IO[str]) -> int:
    """Extract links from the named articles and write them as JSON lines."""
    from diplomap.corpus import read_articles
    from diplomap.corpus.tables import article_triples
    from diplomap.extract import make_pipeline
    from diplomap.extract.rows import extract_links, link_lines

    # The objects alive now (every module imported) outlive the run: frozen out of the
    # collector's full passes, which would scan them again each time as rows pile up.
    gc.freeze()
    try:
        articles = read_articles(args.paths, lines_in_folders=True)  # what ingest reads
        triples = article_triples(articles, args.date)
        rows = [row for links in extract_links(make_pipeline(), triples) for row in links]
        lines = link_lines(rows)  # merge_evidence's links, encoded
    finally:
        gc.unfreeze()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.writelines(lines)
        except OSError as err:
            raise CliError(f"cannot write {args.output}: {err.strerror}") from None
    else:
        out.writelines(lines)
        out.flush()
    from diplomap.corpus.tables import count_sentences
    from diplomap.figures.words import UNIT, plural

    where = f" -> {args.output}" if args.output else ""  # else the links went to stdout
    print(
        f"{plural(len(lines), 'link')} ({plural(count_sentences(rows), UNIT)}) from"
        f" {plural(len(articles), 'article')}{where}",
        file=sys.stderr,
    )
    return 0


def run_evaluate(args: argparse.Namespace, out: IO[str]) -> int:
    """Score extraction on the gold's articles."""
    from diplomap.corpus import build_corpus, read_articles
    from diplomap.evaluation import SCORES, read_gold, score_corpus, score_types
    from diplomap.extract import make_pipeline

    gold = read_gold(args.gold)
    if not Path(args.articles).is_dir():
        raise CliError(f"not a folder of articles: {args.articles}")
    # The gold names files: the folder's JSON-lines files (the gold itself, often) are not read.
    corpus = build_corpus(make_pipeline(), read_articles([args.articles]), default_date=args.date)
    result = score_corpus(corpus, gold)
    if args.json:
        out.write(json.dumps(result) + "\n")
        return 0
    out.write(
        f"{'':12} {'precision':>9} {'recall':>7} {'f1':>6}   ({result['articles']} articles)\n"
    )
    for key in SCORES:
        s = result[key]
        out.write(f"{key:12} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f}\n")
    types = score_types(corpus, gold)
    if not types.empty:
        out.write("\nper link type:\n" + types.to_string(index=False) + "\n")
    return 0


def run_icc(args: argparse.Namespace, out: IO[str]) -> int:
    """Print every country's Rome Statute status on a date."""
    from diplomap.extract.gazetteer import load_gazetteer
    from diplomap.geo.countries import load_points
    from diplomap.geo.icc import count_parties, load_treaty, statuses_on

    names = load_gazetteer().names
    table = statuses_on(load_treaty(), sorted(load_points()["iso3"]), args.on)
    rows = [
        {
            "iso3": r.iso3,
            "name": names.get(r.iso3, r.iso3),
            "status": r.status,
            "since": r.since.isoformat() if r.since else None,
            "verified": bool(r.verified),
        }
        for r in table.itertuples(index=False)
    ]
    if args.json:
        out.write(json.dumps(rows, ensure_ascii=False) + "\n")
    elif args.csv:
        write_csv(rows, out)
    else:
        write_icc_table(rows, count_parties(table), args.on, out)
    return 0


def write_csv(rows: list[dict[str, Any]], out: IO[str]) -> None:
    """Rows as CSV with a header row (from the first row's keys)."""
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


ICC_HEADER = ("ISO3", "STATUS", "SINCE", "VERIFIED", "COUNTRY")


def write_icc_table(rows: list[dict[str, Any]], parties: int, on: date, out: IO[str]) -> None:
    """The ICC rows as an aligned table under a header, then the count of states parties."""
    from diplomap.figures.words import format_count

    cells = [
        (r["iso3"], r["status"], r["since"] or "", _yes_no(r) if r["since"] else "", r["name"])
        for r in rows
    ]
    widths = [max(map(len, column)) for column in zip(ICC_HEADER, *cells, strict=True)]
    for line in [ICC_HEADER, *cells]:
        out.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")
    unverified = sum(bool(r["since"]) and not r["verified"] for r in rows)
    out.write(
        f"{format_count(parties)} of {format_count(len(rows))} countries are states parties"
        f" on {on.isoformat()}; {format_count(unverified)} dates are not verified in a source\n"
    )


def _yes_no(row: dict[str, Any]) -> str:
    return "yes" if row["verified"] else "no"


def run_ingest(args: argparse.Namespace, out: IO[str]) -> int:
    """Add articles to the store; print what was added, skipped and why some failed."""
    from diplomap.corpus.ingest import count_inputs, find_sources, ingest, read_sources
    from diplomap.corpus.scale import batch_runner
    from diplomap.corpus.store import resolve_db_path

    sources = find_sources(args.paths)
    if not sources:
        raise CliError("no .txt, .md, .html or .jsonl articles found in " + ", ".join(args.paths))
    path = resolve_db_path(args.db)
    progress = Progress(count_inputs(sources)) if sys.stderr.isatty() else None

    def on_batch(summary: Any) -> None:
        if progress:
            progress.show(summary.seen)
        if args.verbose:
            print(f"committed: {summary.added} articles stored", file=sys.stderr, flush=True)

    # Local workers fork from this process before it opens the store (see batch_runner). The
    # store is opened per batch and closed after its commit, so a dashboard can read it meanwhile.
    with batch_runner(args.workers, args.scheduler, fork=True) as submit:
        try:
            summary = ingest(
                path,
                read_sources(sources, args.date),
                workers=args.workers,
                scheduler=args.scheduler,
                batch_size=args.batch_size,
                on_batch=on_batch,
                submit=submit,
            )
        finally:
            if progress:
                progress.close()
    out.write(
        f"{summary.added} added, {summary.duplicates} skipped as duplicates, "
        f"{len(summary.failed)} failed ({summary.mentions} mentions, {summary.sentences} evidence "
        f"sentences, {summary.links} link rows) -> {path}\n"
    )
    for failure in summary.failed[:MAX_FAILURES]:
        out.write(f"  failed: {failure.where}: {failure.reason}\n")
    if len(summary.failed) > MAX_FAILURES:
        out.write(f"  ... and {len(summary.failed) - MAX_FAILURES} more failures\n")
    return EXIT_PARTIAL if summary.failed else 0


class Progress:
    """A one-line progress bar on stderr (only used when stderr is a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.start = max(total, 1), time.monotonic()

    def show(self, done: int) -> None:
        share = min(done / self.total, 1.0)
        rate = done / max(time.monotonic() - self.start, 1e-9)
        bar = "#" * int(30 * share)
        sys.stderr.write(f"\r[{bar:<30}] {done}/{self.total} articles, {rate:.0f}/s")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def run_stats(args: argparse.Namespace, out: IO[str]) -> int:
    """Print what the store holds."""
    from diplomap.corpus.store import describe_store, open_store, resolve_db_path

    path = resolve_db_path(args.db)
    con = open_store(path, read_only=True, wait=READ_WAIT)  # an ingest lets go between batches
    try:
        stats = {"db": str(path), **describe_store(con)}
    finally:
        con.close()
    if args.json:
        out.write(json.dumps(stats) + "\n")
    else:
        out.writelines(f"{key:18} {value}\n" for key, value in stats.items())
    return 0


def run_export(args: argparse.Namespace, out: IO[str]) -> int:
    """Write one table, or all three into a folder, as csv, JSON lines or parquet."""
    from diplomap.corpus.store import open_store, resolve_db_path
    from diplomap.exports import TABLES, export_table

    path = resolve_db_path(args.db)
    target = Path(args.output)
    tables = [args.table] if args.table else list(TABLES)
    if args.table:
        files = {args.table: target}
    else:
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CliError(f"cannot write {target}: {err.strerror}") from None
        files = {t: target / f"{t}.{args.format}" for t in tables}
    if args.table and not target.parent.is_dir():
        raise CliError(f"cannot write {target}: no such folder {target.parent}")
    con = open_store(path, read_only=True, wait=READ_WAIT)
    try:
        for table, file in files.items():
            rows = export_table(con, table, args.format, file)
            print(f"{table}: {rows} rows -> {file}", file=sys.stderr)
    finally:
        con.close()
    return 0


def run_serve(args: argparse.Namespace, out: IO[str]) -> int:
    """Start streamlit on the app, beside the package's static/ (the base map, served offline)."""
    package = Path(str(files("diplomap")))
    app = package / "app.py"
    if not (package / "static" / "topojson" / "world_110m.json").is_file():
        raise CliError(f"{package / 'static'} is missing: reinstall Diplomap")
    env = serve_env(args, os.environ)
    shown = env.get("DIPLOMAP_DB") or "the seed corpus (no store with articles named or found)"
    print(f"diplomap: showing {shown}; workspaces in {env['DIPLOMAP_DATA_DIR']}", file=sys.stderr)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.enableStaticServing",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    # In the package folder, streamlit also reads the app's .streamlit/config.toml.
    if os.name != "posix":
        return subprocess.call(command, cwd=package, env=env)
    # Streamlit takes this process's place, so a signal to `diplomap serve` (SIGTERM from kill or
    # a process manager) stops the server itself instead of leaving it running, holding the port.
    sys.stderr.flush()
    out.flush()
    os.chdir(package)
    os.execve(sys.executable, command, env)


def serve_env(args: argparse.Namespace, environ: dict[str, str] | Any) -> dict[str, str]:
    """The environment the dashboard runs in: $DIPLOMAP_DB the store it shows (--db, else
    $DIPLOMAP_DB, else the default store if it holds articles; unset: the seeds) and
    $DIPLOMAP_DATA_DIR its workspaces' folder, both absolute (streamlit runs elsewhere)."""
    from diplomap.corpus.shown import choose_base
    from diplomap.corpus.store import ENV_DB, default_db_path
    from diplomap.corpus.workspaces import ENV_DATA_DIR, data_dir

    env = dict(environ)
    base = choose_base(args.db, env, default_db_path())
    env.pop(ENV_DB, None)
    if base is not None:
        env[ENV_DB] = str(base)
    if args.data_dir:
        env[ENV_DATA_DIR] = args.data_dir
    folder = Path(env.get(ENV_DATA_DIR) or data_dir()).expanduser().resolve()
    env[ENV_DATA_DIR] = str(folder)
    return env


RUNS: dict[str, Callable[[argparse.Namespace, IO[str]], int]] = {
    "extract": run_extract,
    "evaluate": run_evaluate,
    "icc": run_icc,
    "serve": run_serve,
    "ingest": run_ingest,
    "stats": run_stats,
    "export": run_export,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors and exit codes, never a traceback."""
    args = build_parser(RUNS).parse_args(argv)
    if args.command is None:
        return print_usage_error("diplomap", "choose a command: " + ", ".join(RUNS))
    run: Callable[[argparse.Namespace, IO[str]], int] = args.run
    try:
        return run(args, sys.stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        return _fail(err)


def _fail(err: Any) -> int:
    from diplomap.corpus import InputError

    known = isinstance(err, CliError | InputError)
    message = str(err) if known else f"unexpected {type(err).__name__}: {err}"
    print(
        f"diplomap: error: {message.splitlines()[0] if message else type(err).__name__}",
        file=sys.stderr,
    )
    return EXIT_INPUT if known else 1


if __name__ == "__main__":
    sys.exit(main())
