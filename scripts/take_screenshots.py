"""Take the README's screenshots: every page on the seed corpus at 1280x800, in Debian chromium.

Starts `streamlit run dashboard.py` on 127.0.0.1 (as the browser tests do), opens each page, waits
until it is drawn and saves `docs/screenshots/<name>.png`. Look at them before committing.

    python scripts/take_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop_streamlit  # noqa: E402

CHART = "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
MAP = "document.querySelectorAll('.layer.land path').length > 0"
SHOTS = {  # name: (path and query, what counts as drawn)
    "overview": ("", "document.querySelectorAll('[data-testid=stMetricValue]').length >= 4"),
    "map": ("map", MAP),
    "network": ("network?pick=RUS", CHART),
    "network_geo": ("network?layout=geo&pick=CHN", CHART),
    "icc": ("icc", MAP),
    "evidence": ("evidence?pair=CHN,RUS", "document.querySelectorAll('mark').length > 0"),
    "sources": ("sources", "document.body.innerText.includes('Add articles')"),
}


def take_screenshots(out: Path) -> list[Path]:
    """Every page's screenshot under `out`; their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DIPLOMAP_DB"}  # the seed corpus
    proc, url = start_streamlit(env)
    saved = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for name, (path, drawn) in SHOTS.items():
                page.goto(f"{url}/{path}")
                page.wait_for_function(drawn, timeout=180_000)
                page.wait_for_timeout(1500)  # let the chart settle and the spinner go
                saved.append(out / f"{name}.png")
                page.screenshot(path=str(saved[-1]))
            browser.close()
    finally:
        stop_streamlit(proc)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder")
    for path in take_screenshots(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
