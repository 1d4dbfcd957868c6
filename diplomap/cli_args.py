"""The `diplomap` command line: its sub-commands, every option's help and each command's examples."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn

from diplomap import __version__

EXIT_INPUT = 2
INPUTS = ".txt, .md, .html or .jsonl files, or folders of them (searched recursively)"
DATE_HELP = "date for articles that carry none, YYYY-MM-DD (default: today)"
DB_HELP = "the store (default: $DIPLOMAP_DB, else diplomap.duckdb in your data directory)"

DESCRIPTION = """\
Diplomap: countries, blocs and the links between them, from the news; offline.

Every command that reads articles takes the same inputs: .txt and .md files, saved .html pages
(their main text) and .jsonl files (one article per line: "text" required; "id", "title", "date",
"source", "url" optional), named directly or found in folders."""

EXAMPLES = {
    "diplomap": """\
examples:
  diplomap extract seeds/ -o links.jsonl
  diplomap ingest seeds/ && diplomap serve""",
    "extract": """\
examples:
  diplomap extract seeds/                         # JSON lines to stdout
  diplomap extract page.html feed.jsonl -o links.jsonl --date 2025-06-01""",
    "evaluate": """\
examples:
  diplomap evaluate --gold tests/data/articles/gold.jsonl --articles tests/data/articles
  diplomap evaluate --gold gold.jsonl --articles corpus/ --json""",
    "icc": """\
examples:
  diplomap icc --on 2025-06-01                    # a table
  diplomap icc --on 2002-07-01 --csv > icc.csv""",
    "serve": """\
examples:
  diplomap serve                                  # http://127.0.0.1:8501
  diplomap serve --db corpus.duckdb --data-dir /srv/diplomap --port 8600""",
    "ingest": """\
examples:
  diplomap ingest seeds/ feed.jsonl --db corpus.duckdb
  diplomap ingest wire/ --workers 4 --date 2025-06-01""",
    "stats": """\
examples:
  diplomap stats --db corpus.duckdb
  diplomap stats --json""",
    "export": """\
examples:
  diplomap export --format parquet -o out/        # articles, mentions and links
  diplomap export --format csv --table links -o links.csv""",
}


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"diplomap: error: {message} (see `{self.prog} --help`)\n")


def parse_date(text: str) -> date:
    """An ISO date from the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def positive_int(text: str) -> int:
    """A whole number of at least 1 from the command line."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def port_number(text: str) -> int:
    """A TCP port (1-65535) from the command line."""
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a port (1-65535): {value}")
    return value


def build_parser(runs: dict[str, Callable[..., int]]) -> argparse.ArgumentParser:
    """The argument parser with one sub-command per verb; `runs` maps a verb to its function."""
    parser = Parser(
        prog="diplomap",
        description=DESCRIPTION,
        epilog=EXAMPLES["diplomap"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"diplomap {__version__}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="one of these (`diplomap COMMAND --help` for more):"
    )
    for name, add in COMMANDS.items():
        command = add(sub)
        command.set_defaults(run=runs[name])
    return parser


def _command(sub: Any, name: str, summary: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=EXAMPLES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_extract(sub: Any) -> argparse.ArgumentParser:
    ext = _command(sub, "extract", "print one JSON line per link found in articles")
    ext.add_argument("paths", nargs="+", metavar="PATH", help=INPUTS)
    ext.add_argument(
        "-o", "--output", metavar="FILE", help="write the JSON lines here instead of to stdout"
    )
    ext.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help=DATE_HELP)
    return ext


def add_evaluate(sub: Any) -> argparse.ArgumentParser:
    ev = _command(sub, "evaluate", "score extraction against gold annotations")
    ev.add_argument(
        "--gold", required=True, metavar="FILE", help="gold JSONL (one article per line)"
    )
    ev.add_argument(
        "--articles",
        required=True,
        metavar="DIR",
        help="folder holding the files the gold names (its .jsonl files are not read)",
    )
    ev.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help=DATE_HELP)
    ev.add_argument("--json", action="store_true", help="print exactly one JSON object")
    return ev


def add_icc(sub: Any) -> argparse.ArgumentParser:
    icc = _command(sub, "icc", "every country's Rome Statute (ICC) status on a date")
    icc.add_argument(
        "--on",
        type=parse_date,
        default=date.today(),
        metavar="YYYY-MM-DD",
        help="the date to look at (default: today)",
    )
    shape = icc.add_mutually_exclusive_group()
    shape.add_argument("--csv", action="store_true", help="print CSV with a header row")
    shape.add_argument("--json", action="store_true", help="print a JSON list of objects")
    return icc


def add_serve(sub: Any) -> argparse.ArgumentParser:
    serve = _command(sub, "serve", "open the dashboard (streamlit) on this machine")
    serve.add_argument(
        "--port",
        type=port_number,
        default=8501,
        metavar="N",
        help="the port to listen on (default: 8501)",
    )
    serve.add_argument(
        "--address",
        default="127.0.0.1",
        metavar="HOST",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--db",
        metavar="FILE",
        help="the store to show (default: $DIPLOMAP_DB, else the store `diplomap ingest` writes "
        "by default if it holds articles, else the seed corpus)",
    )
    serve.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where visitors' workspaces are kept (default: $DIPLOMAP_DATA_DIR, else your data "
        "directory); several processes serving one store may share it",
    )
    return serve


def add_ingest(sub: Any) -> argparse.ArgumentParser:
    ing = _command(sub, "ingest", "extract articles and add them to the store")
    ing.add_argument("paths", nargs="+", metavar="PATH", help=INPUTS)
    ing.add_argument("--db", metavar="FILE", help=DB_HELP)
    ing.add_argument(
        "--workers", type=positive_int, default=1, metavar="N", help="extract in N local processes"
    )
    ing.add_argument(
        "--scheduler", metavar="ADDRESS", help="extract on a Dask cluster (tcp://HOST:PORT)"
    )
    ing.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help=DATE_HELP)
    ing.add_argument(
        "--batch-size",
        type=positive_int,
        default=128,
        metavar="N",
        help="articles per transaction (default: 128)",
    )
    ing.add_argument(
        "-v", "--verbose", action="store_true", help="log each committed batch on stderr"
    )
    return ing


def add_stats(sub: Any) -> argparse.ArgumentParser:
    st = _command(sub, "stats", "what the store holds")
    st.add_argument("--db", metavar="FILE", help=DB_HELP)
    st.add_argument("--json", action="store_true", help="print one JSON object")
    return st


def add_export(sub: Any) -> argparse.ArgumentParser:
    exp = _command(sub, "export", "write the store's tables as CSV, JSON lines or parquet")
    exp.add_argument("--db", metavar="FILE", help=DB_HELP)
    exp.add_argument(
        "--format",
        required=True,
        choices=["csv", "json", "parquet"],
        help="csv (with a header row), json (JSON lines: one object per row) or parquet",
    )
    exp.add_argument(
        "--table",
        choices=["articles", "mentions", "links"],
        help="one table to the file PATH (default: all three into the folder PATH)",
    )
    exp.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the folder to write the three files into (made if missing); with --table, the file",
    )
    return exp


COMMANDS: dict[str, Callable[[Any], argparse.ArgumentParser]] = {
    "extract": add_extract,
    "evaluate": add_evaluate,
    "icc": add_icc,
    "serve": add_serve,
    "ingest": add_ingest,
    "stats": add_stats,
    "export": add_export,
}


def print_usage_error(prog: str, message: str) -> int:
    """A one-line usage error on stderr; the exit code to return."""
    print(f"diplomap: error: {message} (see `{prog} --help`)", file=sys.stderr)
    return EXIT_INPUT
