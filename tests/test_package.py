"""The installed package: one import name, and a wheel (not an editable install) serves the seeds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from tests.live import ROOT, free_port

pytestmark = pytest.mark.browser  # it starts a server and opens the page in chromium


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from this checkout, the way `pip wheel .` builds it."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return next(out.glob("diplomap-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (its dependencies come from this interpreter's)."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, system_site_packages=True, with_pip=True)
    python = home / "bin" / "python"
    done = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return python


def test_diplomap_is_the_only_top_level_name(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        declared = z.read(top_level).decode().split()
    assert {t for t in tops if not t.endswith(".dist-info")} == {"diplomap"}
    assert declared == ["diplomap"]
    # package data travels in the wheel: the seeds, the model, the geometry, the base map
    for path in (
        "diplomap/seeds/000_fd8e0b73a57fc3dc.txt",
        "diplomap/extract/data/link_model.json",
        "diplomap/geo/data/countries_map.geojson",
        "diplomap/static/topojson/world_110m.json",
        "diplomap/.streamlit/config.toml",
        "diplomap/app.py",
    ):
        assert path in names, path


def test_the_wheel_reads_its_own_seeds(installed, tmp_path):
    code = (
        "import diplomap, diplomap.extract; from diplomap.corpus import read_seeds; "
        "print(diplomap.__file__); print(diplomap.extract.__file__); print(len(read_seeds()))"
    )
    done = subprocess.run([installed, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    package, extract, count = done.stdout.split()
    home = installed.parent.parent
    assert Path(package).is_relative_to(home)
    assert Path(extract).is_relative_to(home)
    assert count == "2"


def test_python_m_diplomap_runs_from_the_wheel(installed, tmp_path):
    done = subprocess.run(
        [installed, "-m", "diplomap", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("diplomap ")


def test_the_wheel_serves_the_seed_corpus(installed, tmp_path, browser):
    port = free_port()
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true"}
    env.pop("DIPLOMAP_DB", None)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # no default store there: the seeds
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [installed, "-m", "diplomap", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/_stcore/health", proc)
        with urllib.request.urlopen(f"{url}/app/static/topojson/world_110m.json") as r:
            assert r.status == 200
            assert len(r.read()) > 100_000
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        page.get_by_text("China – Russia").first.wait_for(timeout=90_000)
        assert "seed corpus" in page.inner_text("body")
        page.close()
        proc.terminate()  # SIGTERM, as kill or a process manager sends it
        proc.wait(timeout=15)
        assert stops_answering(f"{url}/_stcore/health")  # no server left holding the port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def stops_answering(url: str, seconds: float = 10) -> bool:
    """Whether `url` stops answering within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                time.sleep(0.5)
        except OSError:
            return True
    return False


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    """Until `url` answers, or fail with the server's exit code."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"diplomap serve stopped with {proc.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"diplomap serve did not answer {url} in {seconds:.0f} s")
