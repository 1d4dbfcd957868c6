"""The network figure's pure parts: grouped edges, layouts, picks; the map sends each shape once."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from diplomap.figures.maps import make_mention_map
from diplomap.figures.network import (
    classify_pairs,
    layout_force,
    layout_geo,
    make_network,
    outline_land,
    read_pick,
)
from diplomap.figures.placing import (
    APART,
    GAP_PX,
    NEAR,
    REACH_PX,
    place_labels,
    separate_markers,
    spread_coincident,
)


def _pairs(n: int) -> pd.DataFrame:
    rows = [
        {
            "a": f"A{i:02d}",
            "b": f"B{i % 7:02d}",
            "links": 1 + i % 9,
            "articles": 1,
            "top_type": "meeting",
            "types": "meeting",
            "sentence": f"Sentence <{i}>",
            "article": f"art-{i}",
        }
        for i in range(n)
    ]
    columns = ["a", "b", "links", "articles", "top_type", "types", "sentence", "article"]
    return pd.DataFrame(rows, columns=columns)


def _counts(pairs: pd.DataFrame) -> pd.DataFrame:
    codes = sorted(set(pairs["a"]) | set(pairs["b"]))
    return pd.DataFrame(
        {"code": codes, "mentions": range(1, len(codes) + 1), "articles": 1, "kind": "country"}
    )


def _links(pairs: pd.DataFrame) -> pd.DataFrame:
    """One factual link per pair: even rows cooperation (quad 1), odd rows conflict (quad 4)."""
    return pd.DataFrame(
        {
            "a": pairs["a"],
            "b": pairs["b"],
            "quad": [1 if i % 2 == 0 else 4 for i in range(len(pairs))],
            "mode": "asserted",
        }
    )


def test_edges_are_a_few_traces_not_one_per_pair():
    pairs = _pairs(300)
    fig = make_network(_counts(pairs), pairs, {}, links=_links(pairs))
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(fig.data) < 25
    assert len(lines) <= 3 * 5
    # Every pair is one NaN-ended segment in exactly one line trace.
    segments = sum(int(np.isnan(np.asarray(t.x, dtype=float)).sum()) for t in lines)
    assert segments == 300
    dashes = {t.legendgroup: t.line.dash for t in lines}
    assert dashes == {"cooperation": "solid", "conflict": "dash"}
    widths = sorted({t.line.width for t in lines})
    assert widths[0] == 1
    assert widths[-1] > widths[0]
    points = next(t for t in fig.data if t.name == "links")
    assert len(points.x) == 300
    assert points.customdata[0] == "A00–B00"
    assert "&lt;0&gt;" in points.text[0]  # evidence text is escaped in the hover


def test_classify_pairs_by_balance():
    pairs = _pairs(3)
    links = pd.concat([_links(pairs), _links(pairs).iloc[[1]].assign(quad=0)])
    table = classify_pairs(pairs, links)
    assert list(table["balance"]) == ["cooperation", "conflict", "cooperation"]
    assert list(table["key"]) == ["A00–B00", "A01–B01", "A02–B02"]
    empty = classify_pairs(pairs, pd.DataFrame())
    assert set(empty["balance"]) == {"balanced"}


def test_read_pick_from_a_selection():
    assert read_pick([]) is None
    assert read_pick([{"curve_number": 3, "point_index": 0}]) is None
    assert read_pick([{"customdata": "CHN–RUS", "point_index": 4}]) == "CHN–RUS"
    assert read_pick([{"customdata": ["USA", "United States", 5, 2]}]) == "USA"


def test_force_layout_is_seeded():
    edges = (("A", "B", 2), ("B", "C", 1), ("C", "A", 1), ("C", "D", 3))
    first = layout_force(("A", "B", "C", "D"), edges)
    assert first == layout_force(("A", "B", "C", "D"), edges)
    assert set(first) == {"A", "B", "C", "D"}


def test_geographic_layout_puts_nodes_at_their_places():
    places = pd.DataFrame({"code": ["FRA", "EU"], "lon": [2.35, 4.35], "lat": [48.86, 50.85]})
    pos, unplaced = layout_geo(["FRA", "EU", "XXA"], places)
    assert pos["FRA"] == (2.35, 48.86)
    assert pos["EU"] == (4.35, 50.85)
    assert unplaced == ["XXA"]
    assert pos["XXA"][1] < -50  # in the row under the map


def test_geographic_layout_sets_coincident_places_apart():
    places = pd.DataFrame(
        {"code": ["ICC", "EU", "FRA"], "lon": [4.30, 4.35, 2.35], "lat": [52.08, 50.85, 48.86]}
    )
    pos, _ = layout_geo(["ICC", "EU", "FRA"], places)
    assert pos["FRA"] == (2.35, 48.86)  # 2.8 degrees from Brussels: kept
    (x_icc, y_icc), (x_eu, y_eu) = pos["ICC"], pos["EU"]
    assert abs(np.hypot(x_eu - x_icc, y_eu - y_icc) - APART) < 1e-9
    assert abs((x_icc + x_eu) / 2 - 4.325) < 1e-9  # around their middle
    assert abs((y_icc + y_eu) / 2 - 51.465) < 1e-9
    alone, _ = layout_geo(["ICC", "EU"], places)
    assert abs(alone["ICC"][1] - alone["EU"][1]) < 1e-9  # side by side: labels above stay apart
    three = spread_coincident({"A": (0.0, 0.0), "B": (0.0, 0.0), "C": (1.0, 0.5)})
    points = list(three.values())
    gaps = [
        np.hypot(p[0] - q[0], p[1] - q[1]) for i, p in enumerate(points) for q in points[i + 1 :]
    ]
    assert min(gaps) > APART - 1e-9


def test_coincident_places_are_not_set_onto_a_third():
    kept = {"GBR": (-0.13, 51.51), "FRA": (2.35, 48.86), "DEU": (13.40, 52.52)}
    brussels = {"EU": (4.35, 50.85), "NATO": (4.35, 50.85), "ICC": (4.30, 52.08)}
    pos = spread_coincident({**kept, **brussels})
    assert all(pos[c] == kept[c] for c in kept)
    for code in brussels:  # a side-by-side pair would put the ICC on London, 0.6 degrees off
        nearest = min(np.hypot(pos[code][0] - x, pos[code][1] - y) for x, y in kept.values())
        assert nearest > NEAR, (code, nearest)  # no nearer a place than it was moved from


def test_overlapping_markers_are_pushed_apart_the_smaller_more():
    pos = {"BIG": (0.0, 0.0), "SMALL": (10.0, 0.0), "FAR": (200.0, 0.0), "ON": (200.0, 0.0)}
    radii = {"BIG": 20.0, "SMALL": 10.0, "FAR": 5.0, "ON": 5.0}
    out = separate_markers(pos, radii, per_px=0.5)  # 10 units = 20 px: they overlap by 12 px
    gap = (out["SMALL"][0] - out["BIG"][0]) / 0.5
    assert gap >= 30.0 + GAP_PX - 0.5
    assert out["BIG"][1] == out["SMALL"][1] == 0.0  # along the line between them
    assert abs(out["SMALL"][0] - 10.0) > 3 * abs(out["BIG"][0])  # the bigger moves less
    assert out["FAR"][0] < 200.0 < out["ON"][0]  # one on another: the earlier code goes west
    assert separate_markers({"A": (0.0, 0.0), "B": (50.0, 0.0)}, {"A": 5, "B": 5}, 1.0) == {
        "A": (0.0, 0.0),
        "B": (50.0, 0.0),
    }  # apart already: kept
    crowd = separate_markers(
        dict.fromkeys("ABCDEFGH", (0.0, 0.0)), dict.fromkeys("ABCDEFGH", 20.0), 1.0
    )
    assert max(np.hypot(x, y) for x, y in crowd.values()) <= 20.0 + REACH_PX + 1e-6  # held near


def test_geographic_network_draws_no_marker_over_another():
    pairs = _pairs(4)
    codes = {"A00": "RUS", "A01": "UKR", "A02": "HUN", "A03": "AUT"}
    pairs["a"] = pairs["a"].map(codes)
    pairs["b"] = ["UKR", "HUN", "RUS", "HUN"]
    pairs["key"] = pairs["a"] + "–" + pairs["b"]
    counts = pd.DataFrame(
        {"code": ["RUS", "UKR", "HUN", "AUT"], "mentions": [40, 20, 10, 2], "articles": 1}
    ).assign(kind="country")
    places = {"RUS": (37.6, 55.8), "UKR": (30.5, 50.5), "HUN": (19.0, 47.5), "AUT": (16.4, 48.2)}
    backdrop = (np.array([0.0, 1.0, np.nan]), np.array([0.0, 1.0, np.nan]))
    fig = make_network(counts, pairs, {}, pos=places, backdrop=backdrop)
    nodes = next(t for t in fig.data if t.name == "actors")
    per_px = 360 / 800  # the geographic plot's degrees per pixel at 1280 px
    xy = np.column_stack([nodes.x, nodes.y]) / per_px
    r = np.asarray(nodes.marker.size) / 2
    for i in range(len(r)):
        for j in range(i + 1, len(r)):
            assert np.hypot(*(xy[i] - xy[j])) >= r[i] + r[j], (nodes.text[i], nodes.text[j])


def test_land_outline_is_light_and_skips_antarctica():
    square = [[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]]
    geojson = {
        "features": [
            {"id": "AAA", "geometry": {"type": "Polygon", "coordinates": square}},
            {
                "id": "ATA",
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[0, -80], [10, -80], [10, -70], [0, -70], [0, -80]]]],
                },
            },
        ]
    }
    x, y = outline_land(geojson)
    assert len(x) == 6
    assert math.isnan(x[-1])
    assert np.nanmin(y) == 0


def test_network_on_a_backdrop_is_geographic():
    pairs = _pairs(4)
    counts = _counts(pairs)
    pos = {code: (float(i * 10), float(i)) for i, code in enumerate(counts["code"])}
    backdrop = (np.array([0.0, 1.0, np.nan]), np.array([0.0, 1.0, np.nan]))
    fig = make_network(counts, pairs, {}, pos=pos, backdrop=backdrop, pick="A01–B01")
    assert fig.data[0].name == "land"
    assert "on the map" in fig.layout.title.text
    assert any(t.name == "picked" for t in fig.data)
    assert list(fig.layout.xaxis.range) == [-170.0, 190.0]


def test_mention_map_sends_codes_and_values_not_shapes():
    counts = pd.DataFrame({"code": ["AAA"], "mentions": [3], "articles": [1], "kind": "country"})
    places = pd.DataFrame({"code": ["AAA", "BBB"], "lon": [0.5, 0.6], "lat": [0.5, 0.6]})
    for shade in ("mentions", "net"):
        links = pd.DataFrame(
            {"a": ["AAA"], "b": ["BBB"], "quad": [1], "mode": ["asserted"], "day": [date.today()]}
        )
        fig = make_mention_map(
            {"AAA", "BBB", "CCC"}, counts, _pairs(0), places, {}, shade=shade, links=links
        )
        shaded = [t for t in fig.data if t.type == "choropleth"]
        assert shaded, shade
        assert all(t.geojson is None and t.locationmode == "ISO-3" for t in shaded), shade
        assert "coordinates" not in fig.to_json(), shade
        assert fig.layout.geo.showland, shade
        assert fig.layout.geo.showocean, shade


def test_mention_map_colour_bar_has_numbers_and_hover_uses_the_unit():
    from diplomap.figures.maps import mention_ticks

    values, labels = mention_ticks(36)
    assert labels == ["1", "10", "36"]
    assert values == sorted(values)
    counts = pd.DataFrame({"code": ["CHN"], "mentions": [36], "articles": [2], "kind": "country"})
    pairs = _pairs(1).assign(a="CHN", b="RUS", links=12, articles=3)
    places = pd.DataFrame({"code": ["CHN", "RUS"], "lon": [116.4, 37.6], "lat": [39.9, 55.8]})
    names = {"CHN": "China", "RUS": "Russia"}
    fig = make_mention_map({"CHN", "RUS"}, counts, pairs, places, names)
    bar = next(t for t in fig.data if t.type == "choropleth").colorbar
    assert list(bar.ticktext) == labels
    texts = [x for t in fig.data if t.type == "scattergeo" and t.text for x in t.text]
    assert any("China – Russia" in x and "12 evidence sentences in 3 articles" in x for x in texts)
    assert {t.customdata[0] for t in fig.data if t.customdata is not None} == {"CHN,RUS"}
    lines = [t for t in fig.data if t.type == "scattergeo" and t.mode == "lines"]
    widths = [t.name for t in lines if t.showlegend is not False]
    # 1, the middle of the log scale (about the square root of the top) and the top
    assert widths == ["1 evidence sentence", "3 evidence sentences", "12 evidence sentences"]


def test_arcs_stay_inside_the_map_and_hover_along_their_length():
    from diplomap.figures.arcs import ARC_POINTS, arc_path

    lon, lat = arc_path((-77.04, 38.91), (116.4, 39.9))  # Washington - Beijing
    assert len(lon) == ARC_POINTS
    assert lon.min() >= -180
    assert lon.max() <= 180
    assert lat.max() < 80  # not over the pole, as the great circle goes
    assert (lon[0], lat[0], lon[-1], lat[-1]) == (-77.04, 38.91, 116.4, 39.9)
    across = arc_path((170.0, -10.0), (-170.0, -10.0))  # never across the antimeridian
    assert across[0].min() >= -170
    assert across[0].max() <= 170


def test_keep_linked_shades_only_the_filtered_links_actors():
    from diplomap.figures.maps import keep_linked

    counts = pd.DataFrame({"code": ["CHN", "RUS", "HUN"], "mentions": [3, 2, 1]})
    pairs = pd.DataFrame({"a": ["CHN"], "b": ["RUS"]})
    assert list(keep_linked(counts, pairs)["code"]) == ["CHN", "RUS"]
    assert keep_linked(counts, pairs.iloc[0:0]).empty


def test_base_map_topojson_is_plotlys_format_and_rebuilds_byte_identical(tmp_path):
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    built = root / "geo" / "data" / "world_110m.json"
    served = root / "static" / "topojson" / "world_110m.json"
    assert built.read_bytes() == served.read_bytes()
    topology = json.loads(built.read_text(encoding="utf-8"))
    assert {"countries", "land", "ocean", "coastlines", "lakes", "rivers", "subunits"} <= set(
        topology["objects"]
    )
    ids = {g["id"] for g in topology["objects"]["countries"]["geometries"]}
    assert {"UKR", "RUS", "ESH", "XKX", "CYP", "SOM", "TWN"} <= ids
    assert all("ct" in g["properties"] for g in topology["objects"]["countries"]["geometries"])
    for name in ("countries_map.geojson", "country_points.csv"):
        shutil.copy(root / "geo" / "data" / name, tmp_path / name)
    script = root / "scripts" / "build_geometry.py"
    args = ["--topojson-only", "--out", str(tmp_path), "--static", str(tmp_path / "static")]
    subprocess.run([sys.executable, str(script), *args], check=True, capture_output=True)
    assert (tmp_path / "world_110m.json").read_bytes() == built.read_bytes()


def test_strongest_pairs_keeps_the_most_evidence_in_order():
    import pandas as pd

    from diplomap.figures.network import strongest_pairs

    pairs = pd.DataFrame(
        {"a": ["A", "B", "C", "D"], "b": ["E", "F", "G", "H"], "links": [2, 9, 2, 5]}
    )
    assert list(strongest_pairs(pairs, 3)["a"]) == ["B", "D", "A"]
    assert strongest_pairs(pairs, 10) is pairs


def test_round_positions_keeps_five_significant_digits_of_the_extent():
    from diplomap.figures.network import round_positions

    small = round_positions({"A": (0.0123456789, -0.04), "B": (-0.05, 0.0598765432)})
    assert small == {"A": (0.012346, -0.04), "B": (-0.05, 0.059877)}
    world = round_positions({"A": (-170.123456, 10.0), "B": (175.987654, -40.5)})
    assert world == {"A": (-170.12, 10.0), "B": (175.99, -40.5)}
    assert round_positions({}) == {}
    assert round_positions({"A": (1.23456789, 2.0)}) == {"A": (1.2346, 2.0)}


def test_evidence_table_names_a_meetings_place_and_escapes_text():
    from diplomap.figures.highlight import evidence_table

    text = "Putin met Orban <b>in</b> Beijing."
    row = {
        "article": "a.txt", "a": "RUS", "b": "HUN", "type": "meeting", "mode": "asserted",
        "sentence": text, "sent_start": 0, "a_start": 0, "a_end": 5, "b_start": 10, "b_end": 15,
        "cue_start": 6, "cue_end": 9, "venue": "CHN",
    }  # fmt: skip
    names = {"RUS": "Russia", "HUN": "Hungary", "CHN": "China"}
    out = evidence_table(pd.DataFrame([row, {**row, "venue": None}]), names)
    assert out.count("meeting (in China)") == 1
    assert "&lt;b&gt;in&lt;/b&gt;" in out
    assert "<b>in</b>" not in out


def test_large_countries_meet_their_arcs_at_the_capital():
    from diplomap.geo.countries import anchor_points, load_anchors, load_points

    points = anchor_points(load_points(), load_anchors()).set_index("iso3")
    assert tuple(points.loc["RUS", ["lon", "lat"]]) == (37.62, 55.76)  # Moscow, not Siberia
    assert tuple(points.loc["HUN", ["lon", "lat"]]) == tuple(
        load_points().set_index("iso3").loc["HUN", ["lon", "lat"]]
    )


def _star_and_pair() -> pd.DataFrame:
    """A hub with 6 spokes (one strong), and a separate pair far weaker."""
    rows = [("HUB", f"S{i}", 50 if i == 0 else 2 + i) for i in range(6)] + [("X1", "X2", 1)]
    pairs = pd.DataFrame(rows, columns=["a", "b", "links"])
    return pairs.assign(
        articles=1, top_type="meeting", types="meeting", sentence="A sentence.", article="art"
    )


def test_select_network_keeps_the_strongest_actors_and_their_strongest_pairs():
    from diplomap.figures.graphs import actor_strength, select_network

    pairs = _star_and_pair()
    assert list(actor_strength(pairs).index[:2]) == ["HUB", "S0"]
    chosen = select_network(pairs, actors=3, per_actor=1)
    assert set(chosen["a"]) | set(chosen["b"]) <= {"HUB", "S0", "S5"}
    assert len(chosen) == 2
    assert chosen["links"].iloc[0] == 50
    kept = select_network(pairs, actors=3, per_actor=2, keep={"X1", "X2"})
    assert ("X1", "X2") in set(zip(kept["a"], kept["b"], strict=True))
    assert select_network(pairs, actors=None) is pairs


def test_components_are_packed_beside_the_main_one():
    import networkx as nx

    from diplomap.figures.graphs import pack_components

    graph = nx.Graph()
    graph.add_weighted_edges_from(
        _star_and_pair()[["a", "b", "links"]].itertuples(index=False), weight="links"
    )
    pos = pack_components(graph)
    main = np.array([pos[n] for n in ["HUB", *(f"S{i}" for i in range(6))]])
    assert np.allclose(main.min(axis=0).min(), 0.0)
    assert np.isclose(main.max(), 1.0)
    assert np.ptp(main, axis=0).max() == 1.0  # the main component fills the unit box
    outlier = np.array([pos["X1"], pos["X2"]])
    assert (outlier[:, 0] > 1.0).all()
    assert (outlier[:, 1] <= 1.0).all()
    assert np.ptp(outlier[:, 0]) < 0.5  # a smaller box than the main one
    assert pack_components(graph) == pos  # seeded


def test_the_main_component_is_laid_out_wide():
    import networkx as nx

    from diplomap.figures.graphs import pack_components

    # A spring layout of the first two comes out taller than wide, unturned.
    for graph in (nx.path_graph(8), nx.ladder_graph(5), nx.barbell_graph(6, 3)):
        graph = nx.relabel_nodes(graph, {n: f"N{n}" for n in graph.nodes})
        xy = np.array(list(pack_components(graph).values()))
        width, height = np.ptp(xy, axis=0)
        assert np.isclose(width, 1.0)
        assert height <= width  # no layout comes out tall


def test_groups_are_found_and_named_by_their_most_mentioned_members():
    import networkx as nx

    from diplomap.figures.graphs import find_groups, name_groups

    graph = nx.Graph()
    for clique in (["A1", "A2", "A3", "A4"], ["B1", "B2", "B3", "B4"]):
        graph.add_edges_from((x, y, {"links": 5}) for x in clique for y in clique if x < y)
    graph.add_edge("A1", "B1", links=1)
    mentions = {"A1": 5, "A2": 9, "A3": 1, "A4": 1, "B1": 50, "B2": 2, "B3": 3, "B4": 1}
    groups = find_groups(graph, mentions)
    assert groups["B1"] == groups["B4"] == 0  # the group with the most mentions is first
    assert groups["A1"] == groups["A2"] == 1
    names = {"B1": "Beta", "B3": "Gamma", "B2": "Delta", "A2": "Alpha"}
    named = name_groups(groups, mentions, names)
    assert named[0] == "Beta, Gamma, Delta and 1 more"
    assert named[1].startswith("Alpha, A1")


def test_central_actors_rank_by_partners_with_strength_and_betweenness():
    from diplomap.figures.graphs import rank_centrality

    table = rank_centrality(_star_and_pair()[["a", "b", "links"]], most=3)
    assert list(table.columns) == ["code", "partners", "evidence", "betweenness"]
    assert table.iloc[0].to_dict() == {
        "code": "HUB",
        "partners": 6,
        "evidence": 50 + 3 + 4 + 5 + 6 + 7,
        "betweenness": round(15 / 28, 3),  # 15 of the 28 pairs of the 8 other actors
    }
    assert len(table) == 3
    assert rank_centrality(_star_and_pair().head(0)).empty


def test_network_labels_only_the_largest_nodes_and_colours_groups():
    from diplomap.figures.network import LABELLED

    pairs = _pairs(60)
    fig = make_network(_counts(pairs), pairs, {}, links=_links(pairs))
    actors = next(t for t in fig.data if t.name == "actors")
    labels = [t for t in actors.text if t]
    assert len(labels) == LABELLED < len(actors.text)
    assert len(set(actors.marker.color)) > 1  # more than one group
    keys = [t for t in fig.data if t.legendgroup == "groups"]
    assert keys
    assert keys[0].legendgrouptitle.text.startswith("Groups")


def test_map_draws_the_strongest_arcs_fading_the_weak_ones():
    from diplomap.figures.arcs import ALPHAS

    pairs = _pairs(150).assign(links=[1 + i for i in range(150)])
    codes = sorted(set(pairs["a"]) | set(pairs["b"]))
    places = pd.DataFrame({"code": codes, "lon": np.linspace(-150, 150, len(codes)), "lat": 10.0})
    fig = make_mention_map(set(codes), _counts(pairs), pairs, places, {}, most=100)
    dots = [t for t in fig.data if t.meta == "arcs"]
    assert sum(len(t.lon) for t in dots) == 100
    drawn = {c for t in dots for c in t.customdata}
    assert "A149,B02" in drawn
    assert "A00,B00" not in drawn
    assert "the 100 strongest of 150 links" in fig.layout.title.text
    lines = [
        t
        for t in fig.data
        if t.type == "scattergeo"
        and t.mode == "lines"
        and t.lon[0] is not None
        and not t.line.color.startswith("rgba(255,255,255")  # not a halo
    ]
    alphas = [float(t.line.color.rsplit(",", 1)[1].rstrip(")")) for t in lines]
    assert min(alphas) < max(alphas) == ALPHAS[-1]
    assert lines[-1].line.width >= lines[0].line.width  # the strongest drawn last, on top
    every = make_mention_map(set(codes), _counts(pairs), pairs, places, {}, most=None)
    assert sum(len(t.lon) for t in every.data if t.meta == "arcs") == 150


def test_arcs_to_near_places_keep_their_dots_apart_on_their_own_arcs():
    from diplomap.figures.arcs import DOT_APART, arc_path

    pairs = _pairs(3).assign(a=["CHN", "CHN", "CHN"], b=["EU", "ICC", "RUS"], links=[4, 3, 2])
    places = pd.DataFrame(
        {
            "code": ["CHN", "EU", "ICC", "RUS"],
            "lon": [116.4, 4.35, 4.30, 37.6],
            "lat": [39.9, 50.85, 52.08, 55.75],
        }
    )
    fig = make_mention_map({"CHN", "RUS"}, _counts(pairs), pairs, places, {})
    dots = {
        code: (lon, lat)
        for t in fig.data
        if t.meta == "arcs"
        for code, lon, lat in zip(t.customdata, t.lon, t.lat, strict=True)
    }
    assert len(dots) == 3
    (x1, y1), (x2, y2) = dots["CHN,EU"], dots["CHN,ICC"]
    squeeze = np.cos(np.radians((y1 + y2) / 2))
    assert np.hypot((x1 - x2) * squeeze, y1 - y2) >= DOT_APART  # one would hide the other
    lon, lat = arc_path((116.4, 39.9), (4.30, 52.08))
    assert dots["CHN,ICC"] in set(zip(lon, lat, strict=True))  # on its own arc
    lon, lat = arc_path((116.4, 39.9), (4.35, 50.85))
    assert dots["CHN,EU"] == (lon[len(lon) // 2], lat[len(lat) // 2])  # the strongest: its middle


def test_uninhabited_places_are_shaded_only_when_linked():
    counts = pd.DataFrame(
        {"code": ["ATA", "NOR", "GBR"], "mentions": [40, 5, 3], "articles": 1, "kind": "country"}
    )
    places = pd.DataFrame({"code": ["ATA", "NOR", "GBR"], "lon": [0, 10, -1], "lat": [-80, 60, 51]})
    pairs = _pairs(1).assign(a="GBR", b="NOR")

    def shaded(pairs: pd.DataFrame) -> set[str]:
        fig = make_mention_map({"ATA", "NOR", "GBR"}, counts, pairs, places, {})
        return {c for t in fig.data if t.type == "choropleth" for c in t.locations}

    assert shaded(pairs) == {"NOR", "GBR"}
    assert shaded(pd.concat([pairs, pairs.assign(a="ATA")])) == {"ATA", "NOR", "GBR"}


def test_net_shading_is_on_a_signed_log_scale():
    from diplomap.figures.maps import net_ticks, signed_log

    assert list(signed_log(pd.Series([-99, 0, 9]))) == [-2.0, 0.0, 1.0]
    values, texts = net_ticks(500)
    assert texts == ["−500", "−100", "−10", "0", "+10", "+100", "+500"]
    assert values[3] == 0.0
    assert values[-1] == -values[0]


def test_a_few_arcs_do_not_fade():
    pairs = _pairs(10).assign(links=[1 + i for i in range(10)])
    codes = sorted(set(pairs["a"]) | set(pairs["b"]))
    places = pd.DataFrame({"code": codes, "lon": np.linspace(-150, 150, len(codes)), "lat": 10.0})
    fig = make_mention_map(set(codes), _counts(pairs), pairs, places, {})
    colours = [t.line.color for t in fig.data if t.type == "scattergeo" and t.mode == "lines"]
    lines = [c for c in colours if c.startswith("rgba(") and not c.startswith("rgba(255,255,255")]
    assert lines, colours
    assert all(c.endswith(",1)") for c in lines), colours
    assert "rgba(255,255,255,0.9)" in colours  # the halos, as before


def test_labels_go_where_no_node_or_label_stands():
    # Apart: both above their nodes. Close: the smaller one's label goes to its free side.
    assert place_labels([(0, 0), (200, 0)], [20, 10], ["AAA", "BBB"], 1.0) == ["top center"] * 2
    sides = place_labels([(0, 0), (15, 0)], [20, 10], ["AAA", "BBB"], 1.0)
    assert sides == ["top center", "middle right"]
    # In data units: 15 px apart at 0.5 units per pixel is 7.5 units.
    assert place_labels([(0, 0), (7.5, 0)], [20, 10], ["AAA", "BBB"], 0.5) == sides
    assert place_labels([(0, 0), (15, 0)], [20, 10], ["AAA", ""], 1.0)[0] == "top center"
