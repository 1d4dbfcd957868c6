"""Diplomap: countries, blocs and the links between them, from the news; offline."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("diplomap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
