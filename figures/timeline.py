"""Link sentences over time, by cooperation/conflict class."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from corpus.filters import QUADS
from figures.style import QUAD_COLOURS


def count_by_day(links: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Link sentences per article date and quad class (undated articles left out)."""
    days = articles.set_index("article")["date"]
    dated = links.assign(day=links["article"].map(days))
    dated = dated[dated["day"].map(lambda d: isinstance(d, date))]
    if dated.empty:
        return pd.DataFrame(columns=["day", "quad", "sentences"])
    return (
        dated.drop_duplicates(["article", "a", "b", "sent_start", "quad"])
        .groupby(["day", "quad"], as_index=False)
        .size()
        .rename(columns={"size": "sentences"})
    )


def make_timeline(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars: link sentences per day, one colour per cooperation/conflict class."""
    fig = go.Figure()
    for quad, label in QUADS.items():
        part = counts[counts["quad"] == quad]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["day"].map(date.isoformat),
                y=part["sentences"],
                name=label,
                marker_color=QUAD_COLOURS[quad],
            )
        )
    fig.update_layout(
        barmode="stack",
        title={"text": "Link sentences by article date", "x": 0.01, "font": {"size": 15}},
        height=280,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        plot_bgcolor="white",
    )
    days = sorted(counts["day"].unique())
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=[d.isoformat() for d in days]
    )
    return fig
