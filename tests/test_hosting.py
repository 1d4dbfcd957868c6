"""The files Streamlit Community Cloud reads: the dependency file and the server config."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_requirements_install_the_package_itself():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines == ["-e ."]  # pyproject.toml holds the dependencies and the package data


def test_config_serves_the_offline_base_map_stub():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert any((ROOT / "static" / "topojson").glob("*.json"))
