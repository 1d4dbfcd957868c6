"""Print the size of the world-map figures as the browser receives them (plotly JSON)."""

from __future__ import annotations

from datetime import date

from corpus import build_corpus, read_seeds
from corpus.summary import count_mentions, count_pairs
from extract import make_pipeline
from extract.gazetteer import load_gazetteer
from figures import make_icc_map, make_mention_map
from geo.blocs import load_bloc_seats, place_actors
from geo.countries import load_countries, load_points, to_geojson
from geo.icc import load_treaty, statuses_on
from geo.warrants import select_warrant_pairs, warrants_on

LIMIT_MB = 1.5


def main() -> None:
    corpus = build_corpus(make_pipeline(), read_seeds())
    counts, pairs = count_mentions(corpus.mentions), count_pairs(corpus.links)
    geojson, points, names = to_geojson(load_countries()), load_points(), load_gazetteer().names
    places = place_actors(points, load_bloc_seats())
    figures = {"map page": make_mention_map(geojson, counts, pairs, places, names)}
    actors = list(counts.loc[counts["kind"] == "country", "code"])
    for day in (date(2023, 10, 17), date(2025, 6, 1), date.today()):
        statuses = statuses_on(load_treaty(), list(points["iso3"]), day)
        marked = select_warrant_pairs(pairs, warrants_on(day))
        figures[f"icc page {day}"] = make_icc_map(
            geojson, statuses, points, actors, names, day.isoformat(), marked, places
        )
    for name, fig in figures.items():
        size = len(fig.to_json().encode()) / 1e6
        verdict = "ok" if size <= LIMIT_MB else f"OVER {LIMIT_MB} MB"
        print(f"{name}: {size:.2f} MB of figure JSON ({len(fig.data)} traces) {verdict}")


if __name__ == "__main__":
    main()
