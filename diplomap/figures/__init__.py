"""Tables in, plotly figures out: pure functions, no Streamlit.

Import each figure from its module (`diplomap.figures.maps`, `diplomap.figures.network`): the
package itself imports nothing, so a command that only needs the shared words
(`diplomap.figures.words`) does not load plotly and networkx.
"""
