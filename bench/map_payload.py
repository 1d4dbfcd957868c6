"""Print the size of the world-map figures as the browser receives them (plotly JSON).

The country shapes are not in them: plotly.js fetches the base map (static/topojson/world_110m.json)
once, over HTTP, and the browser caches it; its size is printed too."""

from __future__ import annotations

from datetime import date

from diplomap.extract import make_pipeline
from diplomap.extract.gazetteer import load_gazetteer
from diplomap.geo.blocs import load_bloc_seats, place_actors
from diplomap.geo.countries import anchor_points, load_anchors, load_points, read_topojson
from diplomap.geo.icc import load_treaty, statuses_on
from diplomap.geo.warrants import select_warrant_pairs, warrants_on

from diplomap.corpus import read_seeds
from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.ingest import ingest, table_articles
from diplomap.corpus.queries import query_summary
from diplomap.corpus.store import open_memory_store
from diplomap.figures.maps import make_icc_map, make_mention_map

LIMIT_KB = 100  # what a map page may send over the websocket, all told


def main() -> None:
    con = open_memory_store()
    ingest(con, table_articles(read_seeds()), nlp=make_pipeline())
    counts, pairs = query_summary(con, FilterSpec())
    points, names = load_points(), load_gazetteer().names
    shapes = set(points.loc[points["has_polygon"], "iso3"])
    places = place_actors(anchor_points(points, load_anchors()), load_bloc_seats())
    figures = {"map page": make_mention_map(shapes, counts, pairs, places, names)}
    actors = list(counts.loc[counts["kind"] == "country", "code"])
    for day in (date(2023, 10, 17), date(2025, 6, 1), date.today()):
        statuses = statuses_on(load_treaty(), list(points["iso3"]), day)
        marked = select_warrant_pairs(pairs, warrants_on(day))
        figures[f"icc page {day}"] = make_icc_map(
            shapes, statuses, points, actors, names, day.isoformat(), marked, places
        )
    print(f"base map (HTTP, once, cached): {len(read_topojson().encode()) / 1024:.0f} KB")
    for name, fig in figures.items():
        size = len(fig.to_json().encode()) / 1024
        verdict = "ok" if size <= LIMIT_KB else f"OVER {LIMIT_KB} KB"
        print(f"{name}: {size:.1f} KB of figure JSON ({len(fig.data)} traces) {verdict}")


if __name__ == "__main__":
    main()
