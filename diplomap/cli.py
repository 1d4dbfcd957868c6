"""The `diplomap` command: extract, evaluate, icc, serve."""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

from diplomap import __version__

EXIT_INPUT = 2


class CliError(Exception):
    """A one-line message for the user; the command exits non-zero."""


def parse_date(text: str) -> date:
    """An ISO date from the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per verb."""
    parser = argparse.ArgumentParser(prog="diplomap", description=__doc__)
    parser.add_argument("--version", action="version", version=f"diplomap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ext = sub.add_parser("extract", help="print one JSON line per link found in articles")
    ext.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.md files or folders of them")
    ext.add_argument(
        "-o", "--output", metavar="FILE", help="write JSON lines here instead of stdout"
    )
    ext.add_argument(
        "--date", type=parse_date, help="date for articles that carry none (default: today)"
    )
    ext.set_defaults(run=run_extract)

    ev = sub.add_parser("evaluate", help="score extraction against gold annotations")
    ev.add_argument(
        "--gold", required=True, metavar="FILE", help="gold JSONL (one article per line)"
    )
    ev.add_argument(
        "--articles", required=True, metavar="DIR", help="folder holding the gold's files"
    )
    ev.add_argument(
        "--date", type=parse_date, help="date for articles that carry none (default: today)"
    )
    ev.add_argument("--json", action="store_true", help="print exactly one JSON object")
    ev.set_defaults(run=run_evaluate)

    icc = sub.add_parser("icc", help="every country's Rome Statute status on a date")
    icc.add_argument("--on", type=parse_date, default=date.today(), metavar="YYYY-MM-DD")
    icc.add_argument("--json", action="store_true", help="print a JSON list")
    icc.set_defaults(run=run_icc)

    serve = sub.add_parser("serve", help="open the dashboard (streamlit) on this machine")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="127.0.0.1")
    serve.set_defaults(run=run_serve)
    return parser


def run_extract(args: argparse.Namespace, out: IO[str]) -> int:
    """Extract links from the named articles and write them as JSON lines."""
    from corpus import build_corpus, read_articles
    from extract import make_pipeline, merge_evidence

    corpus = build_corpus(make_pipeline(), read_articles(args.paths), default_date=args.date)
    links = merge_evidence(corpus.links.to_dict("records"))
    lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in links)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.writelines(lines)
        except OSError as err:
            raise CliError(f"cannot write {args.output}: {err.strerror}") from None
        print(
            f"{len(corpus.links)} links from {len(corpus.articles)} articles -> {args.output}",
            file=sys.stderr,
        )
    else:
        out.writelines(lines)
    return 0


def run_evaluate(args: argparse.Namespace, out: IO[str]) -> int:
    """Score extraction on the gold's articles."""
    from corpus import build_corpus, read_articles
    from diplomap.evaluation import SCORES, read_gold, score_corpus, score_types
    from extract import make_pipeline

    gold = read_gold(args.gold)
    if not Path(args.articles).is_dir():
        raise CliError(f"not a folder of articles: {args.articles}")
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
    from extract.gazetteer import load_gazetteer
    from geo.countries import load_points
    from geo.icc import load_treaty, statuses_on

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
    else:
        for r in rows:
            out.write(f"{r['iso3']}  {r['status']:<11} {r['since'] or '':<10}  {r['name']}\n")
        parties = sum(r["status"] == "party" for r in rows)
        out.write(f"{parties} states parties on {args.on.isoformat()}\n")
    return 0


def run_serve(args: argparse.Namespace, out: IO[str]) -> int:
    """Start streamlit on the dashboard, with the static stub that keeps the maps offline."""
    spec = importlib.util.find_spec("dashboard")
    if spec is None or spec.origin is None:
        raise CliError("dashboard.py not found: install from a clone with `pip install -e .`")
    app = Path(spec.origin).resolve()
    if not (app.parent / "static" / "topojson" / "world_110m.json").is_file():
        raise CliError(
            f"{app.parent / 'static'} is missing: install from a clone with `pip install -e .`"
        )
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
    return subprocess.call(command, cwd=app.parent)


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors and exit codes, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
    from corpus import InputError

    known = isinstance(err, CliError | InputError)
    message = str(err) if known else f"unexpected {type(err).__name__}: {err}"
    print(
        f"diplomap: error: {message.splitlines()[0] if message else type(err).__name__}",
        file=sys.stderr,
    )
    return EXIT_INPUT if known else 1


if __name__ == "__main__":
    sys.exit(main())
