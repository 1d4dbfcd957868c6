"""How fast the dashboard's pages are on a store of 2,000 generated articles.

Writes a JSON-lines corpus of generated news (sentences written for this benchmark), ingests it with
`diplomap ingest --db FILE`, and points the dashboard at it with DIPLOMAP_DB. Then measures:

(a) the server-side run of each page after its caches are warm: `streamlit.testing.v1.AppTest`, a
    fresh session per run running the sidebar filters and the page (as dashboard.py does), median of
    --runs runs;
(b) in Debian chromium (Playwright) against `streamlit run dashboard.py` on 127.0.0.1: the time from
    navigation to a drawn chart (to drawn content on the chart-less Evidence and Sources pages), in a
    fresh browser context per run after one warm-up visit, median of --browser-runs runs.

With --seeds it measures the seed corpus instead; with --compare DIR, (b) also serves another
checkout's dashboard (e.g. an earlier commit, checked out with `git worktree add DIR COMMIT`) and
times each of its visits right after the same visit here, so both meet the same machine load.

Targets: at most 1.5 s per page run, at most 4 s to a drawn chart (2.5 s on the seed corpus). Prints
figures; asserts nothing.

On real news at scale: build the 101,934-article Wikinews store once (about 2 to 3 minutes with 2
workers), then time every page on it:

    python bench/big_store.py --db /tmp/wikinews-100k.duckdb
    python bench/dashboard_speed.py --db /tmp/wikinews-100k.duckdb

Usage: python bench/dashboard_speed.py [--articles 2000] [--runs 5] [--browser-runs 3]
                                       [--db FILE | --seeds] [--keep-db FILE] [--no-browser]
                                       [--no-runs] [--pages map,icc] [--compare DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN_TARGET, DRAW_TARGET, SEED_DRAW_TARGET = 1.5, 4.0, 2.5

# Sentences written for this benchmark: {A} and {B} become states, {C} a relation cue.
LINKED = [
    "{A} and {B} {C} a framework agreement on energy and trade on Tuesday, officials said.",
    "The foreign minister of {A} {C} {B} over the detention of two aid workers.",
    "{A}'s president {C} his counterpart from {B} at the presidential palace.",
    "{A} {C} {B}, according to a statement released late on Sunday.",
    "Officials in {A} said talks with {B} would resume next month in a neutral venue.",
    "{A} imposed sanctions on {B} after the border incident, the ministry said.",
    "{A} condemned the missile strikes by {B} on the port city.",
    "{A} and {B} signed a memorandum on grain exports and shipping insurance.",
    "The prime minister of {A} visited {B} for two days of talks on debt relief.",
    "{A} accused {B} of violating the ceasefire along the disputed river.",
]
FILLER = [
    "Markets were calm as investors weighed the central bank's decision on interest rates.",
    "Local media reported heavy rain in the capital, delaying flights for several hours.",
    "Analysts expect the summit to focus on fertiliser prices, shipping lanes and debt relief.",
    "Opposition lawmakers said the budget did too little for farmers hit by the long drought.",
    "A spokesperson declined to comment on reports that the talks had stalled over tariffs.",
    "The ministry published new figures on inflation, which rose for a third month in a row.",
]
CUES = ["met", "signed", "condemned", "urged", "visited", "sanctioned", "criticised", "hosted"]
SOURCES = ["Generated Wire", "Bench Daily", "Synthetic Times"]


def make_jsonl(path: Path, articles: int, seed: int = 11) -> int:
    """Write `articles` generated articles (8-16 sentences, dated across 2023-2024); return words.

    States are drawn with Zipf-like weights, so a few are in most articles, as in real news.
    """
    sys.path.insert(0, str(ROOT))
    from diplomap.extract.gazetteer import load_gazetteer

    names = [c["name"] for c in load_gazetteer().countries if c["status"] == "un_member"]
    rng = random.Random(seed)
    rng.shuffle(names)
    weights = [1 / (rank + 1) for rank in range(len(names))]
    start, words = date(2023, 1, 1), 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(articles):
            sentences = []
            for _ in range(rng.randint(8, 16)):
                if rng.random() < 0.5:
                    a, b = rng.choices(names, weights, k=2)
                    while b == a:
                        b = rng.choices(names, weights)[0]
                    sentences.append(rng.choice(LINKED).format(A=a, B=b, C=rng.choice(CUES)))
                else:
                    sentences.append(rng.choice(FILLER))
            text = " ".join(sentences)
            words += len(text.split())
            row = {
                "id": f"bench-{n:05d}",
                "title": f"Generated article {n}",
                "date": (start + timedelta(days=rng.randrange(731))).isoformat(),
                "source": rng.choice(SOURCES),
                "text": text,
            }
            out.write(json.dumps(row) + "\n")
    return words


# The map is drawn: shaded countries (from the base map's topojson) and arcs over them. (Not the land
# layer: before the base map, versions drew no land layer, and --compare measures those too.)
MAP_DRAWN = (
    "document.querySelectorAll('path.choroplethlocation').length > 5"
    " && document.querySelectorAll('.scattergeo path.js-line').length > 0"
)
PAGES = {  # label: (module, URL path and query, sidebar link (None: not reachable by one click),
    #         what counts as drawn in the browser)
    "overview": (  # the default page lives at the root: /overview shows "Page not found"
        "overview",
        "",
        "Overview",
        # its four counts (the seed corpus, one date, has no timeline chart)
        "document.querySelectorAll('[data-testid=stMetricValue]').length >= 4",
    ),
    "map": (
        "worldmap",
        "map",
        "Map",
        MAP_DRAWN,
    ),
    "map, net shading": (
        "worldmap",
        "map?shade=net",
        None,
        MAP_DRAWN,
    ),
    "network": (
        "network",
        "network",
        "Network",
        "document.querySelectorAll('.scatterlayer .point').length > 3",
    ),
    "network, geographic": (
        "network",
        "network?layout=geo",
        None,
        "document.querySelectorAll('.scatterlayer .point').length > 3",
    ),
    "icc": (
        "icc",
        "icc",
        "ICC",
        "document.querySelectorAll('path.choroplethlocation').length > 150",
    ),
    "evidence (table)": (
        "evidence",
        "evidence",
        "Evidence",
        "document.querySelectorAll('table.dm-evidence tbody tr').length > 0",
    ),
    "sources (table)": (
        "sources",
        "sources",
        "Sources",
        "document.querySelectorAll('[data-testid=stDataFrame] canvas').length > 0",
    ),
}
# Warm navigation starts from a page with no plotly chart, so a stale chart cannot count as drawn.
START = (
    "evidence",
    "Evidence",
    "document.querySelectorAll('table.dm-evidence tbody tr').length > 0",
)
ALT_START = ("sources", "Sources", PAGES["sources (table)"][3])  # for the evidence page itself


def page_script(module: str) -> str:
    """What dashboard.py runs for one page, without the router."""
    return (
        "from diplomap.views.filters import render_filters\n"
        f"from diplomap.views import {module}\n"
        "render_filters()\n"
        f"{module}.render()\n"
    )


def time_page_runs(runs: int) -> dict[str, tuple[float, list[float]]]:
    """Per page: the first (cold) run and `runs` warm runs, each in a fresh AppTest session."""
    from streamlit.testing.v1 import AppTest

    # AppTest's bare-mode warning, once per run: not about the pages.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True

    def run_once(module: str, query: str) -> float:
        at = AppTest.from_string(page_script(module), default_timeout=600)
        for part in query.partition("?")[2].split("&"):
            if part:
                key, _, value = part.partition("=")
                at.query_params[key] = value
        start = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{module}: {at.exception[0].message}")
        return seconds

    results = {}
    for label, (module, query, _, _) in PAGES.items():
        cold = run_once(module, query)
        results[label] = (cold, [run_once(module, query) for _ in range(runs)])
    return results


def time_browser(
    runs: int, env: dict[str, str], roots: dict[str, Path]
) -> dict[str, dict[str, dict[str, list[float]]]]:
    """Per checkout in `roots` (label: folder) and page, `runs` times after a warm-up visit, in
    seconds: "cold", from navigation in a fresh browser context to a drawn chart (Streamlit's
    frontend loads uncached); "heading", the same navigation to the page's heading; "warm", from a
    click on the page's sidebar link, in a context already showing another page (as an analyst
    moves between pages), to a drawn chart. With two checkouts, each visit to one is followed by the
    same visit to the other, so both meet the same machine load."""
    from playwright.sync_api import sync_playwright

    from tests.live import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop_streamlit

    servers: dict[str, tuple[Any, str]] = {}
    logs = []
    try:
        for label, root in roots.items():
            log_path = Path(tempfile.gettempdir()) / f"diplomap-bench-streamlit-{len(logs)}.log"
            logs.append(log_path.open("w"))
            servers[label] = start_streamlit(env, logs[-1], root)  # its error names the log
        results = {label: {} for label in roots}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for page_label, (_, path, link, drawn) in PAGES.items():
                for label in roots:
                    results[label][page_label] = {"cold": [], "heading": [], "warm": []}
                for i in range(runs + 1):  # the first visit warms the server's caches
                    for label, (_, url) in servers.items():
                        times = results[label][page_label]
                        try:
                            _visit(browser, url, path, link, drawn, times if i else None)
                        except Exception as error:
                            raise RuntimeError(f"{page_label} on {label}: {error}") from error
            browser.close()
        return results
    finally:
        for server, _ in servers.values():
            stop_streamlit(server)
        for log in logs:
            log.close()


def _visit(
    browser: Any, url: str, path: str, link: str | None, drawn: str, times: dict | None
) -> None:
    """One cold visit to `path` (and a warm one through `link`), added to `times` unless None."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{url}/{path}", wait_until="commit")
    # The page's heading: Streamlit's frontend is up and the page's run has begun.
    page.wait_for_selector("[data-testid=stHeading]", timeout=180_000)
    heading = time.perf_counter() - start
    page.wait_for_function(drawn, timeout=180_000, polling=50)
    if times is not None:
        times["cold"].append(time.perf_counter() - start)
        times["heading"].append(heading)
    if link is not None:
        warm = _navigate(page, url, path, link, drawn)
        if times is not None:
            times["warm"].append(warm)
    context.close()


def _navigate(page: Any, url: str, path: str, link: str, drawn: str) -> float:
    """Go to another page of the app, then time a click on `link` in the sidebar to `drawn`."""
    start_path, start_link, start_drawn = START if path != START[0] else ALT_START
    page.get_by_test_id("stSidebarNav").get_by_text(start_link, exact=True).click()
    page.wait_for_function(f"location.pathname.endsWith('/{start_path}')", timeout=60_000)
    page.wait_for_function(start_drawn, timeout=180_000, polling=50)
    start = time.perf_counter()
    page.get_by_test_id("stSidebarNav").get_by_text(link, exact=True).click()
    page.wait_for_function(f"location.pathname.endsWith('/{path}')", timeout=60_000, polling=50)
    page.wait_for_function(drawn, timeout=180_000, polling=50)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--db", type=Path, help="an existing store to measure (no generation)")
    parser.add_argument("--seeds", action="store_true", help="measure on the seed corpus, no store")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-runs", action="store_true", help="skip (a), the server-side runs")
    parser.add_argument(
        "--compare",
        type=Path,
        help="another checkout (e.g. an earlier commit): (b) also serves its dashboard.py, and "
        "times each of its visits right after the same visit here",
    )
    parser.add_argument(
        "--pages", help="only the pages whose label starts with one of these (comma-separated)"
    )
    parser.add_argument("--keep-db", type=Path, help="keep the generated store at this path")
    args = parser.parse_args()
    if args.pages:
        wanted = tuple(p.strip() for p in args.pages.split(","))
        for label in [label for label in PAGES if not label.startswith(wanted)]:
            del PAGES[label]
    with tempfile.TemporaryDirectory() as tmp:
        if args.seeds:
            os.environ.pop("DIPLOMAP_DB", None)
            print("corpus: the two seed articles")
        else:
            os.environ["DIPLOMAP_DB"] = str(prepare_store(args, Path(tmp)))
        os.chdir(ROOT)
        sys.path.insert(0, str(ROOT))
        print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if not args.no_runs:
            print_page_runs(args.runs)
        if not args.no_browser:
            roots = {"this checkout": ROOT}
            if args.compare:
                roots[f"compared ({args.compare})"] = args.compare.resolve()
            print_browser(time_browser(args.browser_runs, dict(os.environ), roots), args)


def prepare_store(args: argparse.Namespace, tmp: Path) -> Path:
    """The store to measure: --db, else 2,000 generated articles ingested (and kept if asked)."""
    db = args.db
    if db is None:
        db = tmp / "bench.duckdb"
        feed = tmp / "articles.jsonl"
        words = make_jsonl(feed, args.articles)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "diplomap.cli", "ingest", str(feed), "--db", str(db)],
            check=True,
            capture_output=True,
        )
        print(
            f"corpus: {args.articles:,} generated articles, {words:,} words; "
            f"ingested in {time.perf_counter() - start:.1f} s"
        )
        if args.keep_db:
            args.keep_db.write_bytes(db.read_bytes())
    stats = subprocess.run(
        [sys.executable, "-m", "diplomap.cli", "stats", "--db", str(db), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(f"store: {' '.join(stats.split())}")
    return db


def print_page_runs(runs: int) -> None:
    """(a): each page's server-side run, warm caches."""
    print(f"\n(a) server-side page run, warm caches (AppTest, median of {runs})")
    for label, (cold, warm) in time_page_runs(runs).items():
        med = statistics.median(warm)
        flag = "ok" if med <= RUN_TARGET else f"over the {RUN_TARGET} s target"
        times = ", ".join(f"{t:.2f}" for t in warm)
        print(f"  {label:18} {med:6.2f} s  ({times}; first run {cold:.2f} s)  {flag}")


def print_browser(results: dict[str, dict[str, dict[str, list[float]]]], args: Any) -> None:
    """(b): per page, cold and warm medians of each checkout, one line each."""
    print(f"\n(b) browser to a drawn chart (chromium, median of {args.browser_runs} runs)")
    print("  cold: navigation in a fresh browser context (Streamlit's frontend loads uncached);")
    print("  warm: a click on the page's sidebar link in a context already on another page.")
    target = SEED_DRAW_TARGET if args.seeds else DRAW_TARGET
    for page_label in PAGES:
        for checkout, pages in results.items():
            times = pages[page_label]
            cold = statistics.median(times["cold"])
            heading = statistics.median(times["heading"])
            warm = statistics.median(times["warm"]) if times["warm"] else None
            flag = "ok" if cold <= target else f"cold over the {target} s target"
            runs = ", ".join(f"{t:.2f}" for t in times["cold"])
            warm_text = f"warm {warm:5.2f} s" if warm is not None else "warm   n/a  "
            print(
                f"  {page_label:20} {checkout[:14]:14} cold {cold:5.2f} s  {warm_text}  ({runs}; "
                f"heading at {heading:.2f} s)  {flag}"
            )


if __name__ == "__main__":
    main()
