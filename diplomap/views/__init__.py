"""The Streamlit pages: read widgets, call the plain modules, render. Only this layer imports streamlit."""
