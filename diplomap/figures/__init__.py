"""Tables in, plotly figures out: pure functions, no Streamlit."""

from diplomap.figures.maps import add_bloc_outlines, make_icc_map, make_mention_map
from diplomap.figures.network import make_network

__all__ = ["add_bloc_outlines", "make_icc_map", "make_mention_map", "make_network"]
