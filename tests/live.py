"""A live dashboard for the browser tests and the benches: `streamlit run dashboard.py` on a free
127.0.0.1 port, started the way a user starts it, and the Chromium the tests drive."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port nothing listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


START_WAIT = 90  # seconds the dashboard has to answer its health check


def start_streamlit(
    env: dict[str, str],
    log: IO[str] | int = subprocess.DEVNULL,
    root: Path = ROOT,
    python: str = sys.executable,
) -> tuple[subprocess.Popen, str]:
    """Start the dashboard with `env` and wait for its health check; the process and its URL.
    `root` and `python`: another tree and its interpreter (bench/load.py --before).

    Raises RuntimeError (after killing it), naming the log file if there is one, if it does not
    answer within START_WAIT seconds."""
    port = free_port()
    proc = subprocess.Popen(
        [
            python,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_WAIT
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            where = getattr(log, "name", None)
            raise RuntimeError("streamlit did not start" + (f"; see {where}" if where else ""))
        time.sleep(0.5)


def stop_streamlit(proc: subprocess.Popen) -> None:
    """Stop the dashboard, killing it if it does not stop within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
