"""Shared fixtures: one pipeline per session; a live streamlit server and Debian chromium for browser tests."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tests.live import CHROMIUM, CHROMIUM_ARGS, ROOT, start_streamlit, stop_streamlit

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session", autouse=True)
def data_dir(tmp_path_factory):
    """Workspaces the tests make go to a folder of their own (inherited by a live server)."""
    folder = tmp_path_factory.mktemp("data")
    old = os.environ.get("DIPLOMAP_DATA_DIR")
    os.environ["DIPLOMAP_DATA_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("DIPLOMAP_DATA_DIR", None)
    else:
        os.environ["DIPLOMAP_DATA_DIR"] = old


@pytest.fixture(scope="session")
def nlp():
    """The pipeline as shipped: the rules propose links, the learned model decides."""
    from diplomap.extract import make_pipeline

    return make_pipeline(default_date=date(2023, 10, 17))


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline with the rules alone deciding the links (what the rule tests test)."""
    from diplomap.extract import make_pipeline

    return make_pipeline(default_date=date(2023, 10, 17), decide="rules")


@pytest.fixture(scope="session")
def server():
    """`streamlit run dashboard.py` on 127.0.0.1, started the way a user starts it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / "streamlit.log").open("w")
    proc, url = start_streamlit({**os.environ, "PYTHONUNBUFFERED": "1"}, log)  # names the log
    yield url
    stop_streamlit(proc)
    log.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/test`, which installs Debian chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
