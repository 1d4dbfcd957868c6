"""Diplomap's Streamlit entry file: `streamlit run dashboard.py`. The app is `diplomap.app`."""

from diplomap.app import run_app

run_app()
