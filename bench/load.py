"""Many visitors at once: N sessions on one `streamlit run` for a fixed time.

`--client ws` (the default) speaks Streamlit's own websocket protocol, as the browser does: each
visitor opens a session, then loops, asking for a page with or without filters in its query string
(a rerun inside its session, as a sidebar click is) or, one time in four, opening a new session (a
shared link), and waits for the script to finish. The page time is the server's: from the request
to the end of the run, every message received. `--client browser` drives Chromium contexts
instead and waits until each page has drawn its main element: on a 2-core machine 20 Chromium tabs
take the CPU from the server, so that mode measures the client as much as the server.

Prints the page runs served, the bytes or HTTP responses, every error (an exception shown in the
app, a page not found, a run that did not finish in 60 s, a broken connection; in the browser also
JavaScript errors and failed responses), and the median and 95th-percentile page times.

Usage: python bench/load.py [--sessions 20] [--seconds 60] [--client ws|browser]
                            [--url http://127.0.0.1:PORT] [--seed 3] [--db STORE]
                            [--before DIR --before-python PY]
Without --url it starts `streamlit run dashboard.py` on a free 127.0.0.1 port (with --db, else the
seed corpus) and stops it afterwards. With --before, it first does the same with another version's
tree (started by its own interpreter) and prints both runs side by side: today's figures beside
the new ones, measured in the same run on the same machine.

Targets (issue 17): 20 sessions for 60 s, p95 at most 2 s on the seed corpus and 4 s on a
2,000-article store (bench/dashboard_speed.py's generator), 0 errors in both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.live import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop_streamlit  # noqa: E402

# What each page draws when it is done: the element a visitor waits for.
DRAWN = {
    "Overview": "[data-testid='stMetric']",
    "Map": ".js-plotly-plot .choroplethlocation",
    "Network": ".js-plotly-plot .scatterlayer .point",
    "ICC": ".js-plotly-plot .choroplethlocation",
    "Evidence": "table.dm-evidence, [data-testid='stAlert']",
    "Sources": "[data-testid='stDataFrame']",
}
PATHS = {
    "Overview": "",
    "Map": "map",
    "Network": "network",
    "ICC": "icc",
    "Evidence": "evidence",
    "Sources": "sources",
}
# Filters a shared link may carry (see corpus/filters.py for the parameter names).
SHARED_FILTERS = [
    "",
    "?types=conflict",
    "?types=meeting,cooperation",
    "?quads=3,4",
    "?modes=asserted",
    "?min_evidence=2",
    "?focus=RUS",
    "?focus=CHN&types=meeting",
]
TIMEOUT_MS = 60_000


class Tally:
    """What all sessions saw."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.errors: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.responses = 0
        self.cancelled = 0
        self.actions = Counter()

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, detail[:200])


async def wait_drawn(page, name: str, tally: Tally, started: float) -> None:
    try:
        await page.locator(DRAWN[name]).first.wait_for(state="attached", timeout=TIMEOUT_MS)
    except Exception as err:  # every failure to draw is counted, not raised
        tally.error("not drawn in 60 s", f"{name}: {err}".splitlines()[0])
        if os.environ.get("LOAD_SHOTS"):
            await page.screenshot(path=f"{os.environ['LOAD_SHOTS']}/{name}-{time.time():.0f}.png")
        return
    tally.times.append(time.perf_counter() - started)
    if await page.locator("[data-testid='stException']").count():
        text = await page.locator("[data-testid='stException']").first.inner_text()
        tally.error("exception shown", f"{name}: {text}")


def on_failed(request, tally: Tally) -> None:
    """A request the browser itself gave up (net::ERR_ABORTED: the visitor moved on before a
    script or image arrived) is counted apart; any other failure is an error."""
    if "ERR_ABORTED" in (request.failure or ""):
        tally.cancelled += 1
    else:
        tally.error("request failed", f"{request.url} {request.failure}")


async def visitor(browser, url: str, until: float, rng: random.Random, tally: Tally) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.on("pageerror", lambda e: tally.error("javascript error", str(e)))

    def on_response(response) -> None:
        tally.responses += 1
        if response.status >= 500:
            tally.error("http >= 500", f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda r: on_failed(r, tally))
    try:
        start = time.perf_counter()
        await page.goto(url, wait_until="domcontentloaded")
        await wait_drawn(page, "Overview", tally, start)
        while time.perf_counter() < until:
            name = rng.choice(list(DRAWN))
            start = time.perf_counter()
            if rng.random() < 0.25:
                tally.actions["shared link"] += 1
                target = f"{url}/{PATHS[name]}{rng.choice(SHARED_FILTERS)}"
                await page.goto(target, wait_until="domcontentloaded")
            else:
                tally.actions["sidebar"] += 1
                nav = page.get_by_test_id("stSidebarNav").get_by_text(name, exact=True)
                await nav.click(timeout=TIMEOUT_MS)
            await wait_drawn(page, name, tally, start)
            await page.wait_for_timeout(rng.randint(200, 1500))  # a visitor reads a little
    except Exception as err:  # a broken session is counted as an error
        tally.error("session failed", str(err).splitlines()[0])
    finally:
        await context.close()


async def ws_run_page(ws, page: str, query: str, tally: Tally) -> None:
    """One rerun of `page` with `query` in this websocket session; its time and errors tallied."""
    from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2

    msg = BackMsg_pb2.BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.write_message(msg.SerializeToString(), binary=True)
    while True:
        raw = await asyncio.wait_for(ws.read_message(), timeout=TIMEOUT_MS / 1000)
        if raw is None:
            tally.error("connection closed", f"{page}?{query}")
            return
        tally.responses += len(raw)
        forward = ForwardMsg_pb2.ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            if forward.delta.new_element.WhichOneof("type") == "exception":
                text = forward.delta.new_element.exception.message
                tally.error("exception shown", f"{page}?{query}: {text}")
        elif kind == "page_not_found":
            tally.error("page not found", page)
        elif kind == "script_finished":
            tally.times.append(time.perf_counter() - started)
            return


async def ws_visitor(url: str, until: float, rng: random.Random, tally: Tally) -> None:
    from tornado.websocket import websocket_connect

    stream = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    ws = None
    try:
        ws = await websocket_connect(stream)
        await ws_run_page(ws, "", "", tally)
        while time.perf_counter() < until:
            name = rng.choice(list(DRAWN))
            query = rng.choice(SHARED_FILTERS).lstrip("?")
            if rng.random() < 0.25:
                tally.actions["shared link"] += 1
                ws.close()
                ws = await websocket_connect(stream)
            else:
                tally.actions["in session"] += 1
            await ws_run_page(ws, PATHS[name], query, tally)
            await asyncio.sleep(rng.uniform(0.2, 1.5))  # a visitor reads a little
    except TimeoutError:
        tally.error("not finished in 60 s", "a page run")
    except Exception as err:  # a broken session is counted as an error
        tally.error("session failed", str(err).splitlines()[0] if str(err) else repr(err))
    finally:
        if ws is not None:
            ws.close()


async def ws_run(url: str, sessions: int, seconds: float, seed: int) -> Tally:
    tally = Tally()
    until = time.perf_counter() + seconds
    await asyncio.gather(
        *(ws_visitor(url, until, random.Random(seed * 1000 + i), tally) for i in range(sessions))
    )
    return tally


async def run(url: str, sessions: int, seconds: float, seed: int) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                visitor(browser, url, until, random.Random(seed * 1000 + i), tally)
                for i in range(sessions)
            )
        )
        await browser.close()
    return tally


def measure(args, env: dict[str, str], root: Path, python: str) -> tuple[Tally, float]:
    """One load run against a server started from `root` with `python` (or at --url)."""
    proc, url = (None, args.url) if args.url else start_streamlit(env, root=root, python=python)
    try:
        began = time.perf_counter()
        engine = ws_run if args.client == "ws" else run
        tally = asyncio.run(engine(url, args.sessions, args.seconds, args.seed))
        return tally, time.perf_counter() - began
    finally:
        if proc is not None:
            stop_streamlit(proc)


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def report(label: str, tally: Tally, wall: float, args) -> None:
    served = len(tally.times)
    print(f"{label}: {args.client} client, sessions {args.sessions}, {wall:.0f} s wall")
    if args.client == "ws":
        sent = f"{tally.responses / 1e6:.1f} MB of messages"
    else:
        sent = (
            f"HTTP responses {tally.responses}; requests the browser cancelled on moving on "
            f"{tally.cancelled}"
        )
    print(f"  page runs served {served} ({dict(tally.actions)} after the first each); {sent}")
    if tally.times:
        times = sorted(tally.times)
        print(
            f"  page time median {statistics.median(times):.2f} s, p95 {p95(times):.2f} s, "
            f"max {times[-1]:.2f} s"
        )
    print(f"  errors {sum(tally.errors.values())}")
    for kind, count in tally.errors.most_common():
        print(f"    {kind}: {count} (e.g. {tally.examples[kind]})")


def make_store(articles: int) -> Path:
    """A store of generated articles, ingested by this tree (kept in the temp folder)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from dashboard_speed import make_jsonl

    folder = Path(tempfile.mkdtemp(prefix="diplomap-load-"))
    feed, db = folder / "articles.jsonl", folder / "load.duckdb"
    make_jsonl(feed, articles)
    command = [sys.executable, "-m", "diplomap.cli", "ingest", str(feed), "--db", str(db)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    print(f"store: {articles:,} generated articles -> {db}")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--client", choices=["ws", "browser"], default="ws")
    parser.add_argument("--db", type=Path, help="the store to serve (default: the seed corpus)")
    parser.add_argument(
        "--articles",
        type=int,
        help="serve a store of N generated articles (bench/dashboard_speed.py), made first",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="another version's tree (e.g. `git archive BASE | tar -x -C DIR`), measured first "
        "in the same run",
    )
    parser.add_argument(
        "--before-python",
        default=sys.executable,
        help="the interpreter for --before (a venv with that tree installed)",
    )
    args = parser.parse_args()
    env = {**os.environ}
    env.pop("DIPLOMAP_DB", None)
    if args.articles:
        args.db = make_store(args.articles)
    if args.db:
        env["DIPLOMAP_DB"] = str(args.db.resolve())
    corpus = f"the store {args.db}" if args.db else "the seed corpus"
    runs = [("this tree", ROOT, sys.executable)]
    if args.before:
        runs.insert(0, ("before", args.before.resolve(), args.before_python))
    results = []
    for label, root, python in runs:
        tally, wall = measure(args, env, root, python)
        report(f"{label} ({root}) on {corpus}", tally, wall, args)
        results.append((label, tally))
    if len(results) > 1:
        print("side by side:")
        for label, tally in results:
            times = sorted(tally.times) or [float("nan")]
            print(
                f"  {label:10s} runs {len(tally.times):5d}  median {statistics.median(times):6.2f} s"
                f"  p95 {p95(times):6.2f} s  errors {sum(tally.errors.values())}"
            )


if __name__ == "__main__":
    main()
