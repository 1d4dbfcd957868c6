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


def main() -> None:
    corpus = build_corpus(make_pipeline(), read_seeds())
    counts, pairs = count_mentions(corpus.mentions), count_pairs(corpus.links)
    geojson, points, names = to_geojson(load_countries()), load_points(), load_gazetteer().names
    mention = make_mention_map(
        geojson, counts, pairs, place_actors(points, load_bloc_seats()), names
    )
    statuses = statuses_on(load_treaty(), list(points["iso3"]), date(2025, 6, 1))
    icc = make_icc_map(geojson, statuses, points, list(counts["code"]), names, "2025-06-01")
    for name, fig in (("map page", mention), ("icc page", icc)):
        size = len(fig.to_json().encode())
        print(f"{name}: {size / 1e6:.2f} MB of figure JSON ({len(fig.data)} traces)")


if __name__ == "__main__":
    main()
