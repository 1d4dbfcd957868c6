"""Evidence sentences over time, by cooperation/conflict class."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from diplomap.corpus.filters import QUADS
from diplomap.figures.style import QUAD_COLOURS

DAYS_PER_DAY_BAR = 92  # up to a quarter, a bar per day; up to two years, per week; then per month
DAYS_PER_WEEK_BAR = 731


def bin_days(counts: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Day counts (``day``, ``quad``, ``sentences``) summed per day, week or month, whichever keeps
    the bars few enough to read (and to draw: two years of days is thousands of bars).

    Returns the table with ``day`` set to each period's first day, and the period's name.
    """
    if counts.empty:
        return counts, "day"
    days = pd.to_datetime(counts["day"])
    span = (days.max() - days.min()).days
    if span <= DAYS_PER_DAY_BAR:
        return counts, "day"
    unit = "week" if span <= DAYS_PER_WEEK_BAR else "month"
    start = days.dt.to_period("W-SUN" if unit == "week" else "M").dt.start_time
    binned = (
        counts.assign(day=start.dt.date).groupby(["day", "quad"], as_index=False)["sentences"].sum()
    )
    return binned, unit


def make_timeline(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars: link sentences per day (or week, or month, for long spans), one colour per
    cooperation/conflict class."""
    counts, unit = bin_days(counts)
    label_of = (lambda d: d.strftime("%Y-%m")) if unit == "month" else date.isoformat
    fig = go.Figure()
    for quad, label in QUADS.items():
        part = counts[counts["quad"] == quad]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["day"].map(label_of),
                y=part["sentences"],
                name=label,
                marker_color=QUAD_COLOURS[quad],
            )
        )
    title = "Evidence sentences by article date" + ("" if unit == "day" else f", per {unit}")
    if unit == "week":
        title += " (bars start on Mondays)"
    fig.update_layout(
        barmode="stack",
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        height=280,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        plot_bgcolor="white",
    )
    days = sorted(counts["day"].unique())
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=[label_of(d) for d in days]
    )
    return fig
