"""Theme co-occurrence and county similarity networks: GraphML read back, drawings checked."""

from __future__ import annotations

from types import SimpleNamespace

import networkx as nx
import numpy as np

from dialogtool.outputs.charts import plotted_data
from dialogtool.model import Code
from dialogtool.outputs.network import MOST_DRAWN_EDGES, cosines, county_network, theme_network, write_network_outputs

from conftest import gold_profiles

CODES = [
    # s1 and s2 both carry finansiering and fordelningsgrund.schablon; s1 also its parent.
    Code("s1", "L01", "finansiering"), Code("s1", "L01", "fordelningsgrund.schablon"),
    Code("s1", "L01", "fordelningsgrund"),
    Code("s2", "L01", "finansiering"), Code("s2", "L01", "fordelningsgrund.schablon"),
    Code("s3", "L02", "finansiering"), Code("s3", "L02", "medskick"),
    Code("s4", "L03", "styrning.skola"),
]


def test_theme_edges_count_segments_coded_with_both_but_never_link_a_parent_to_its_child(codebook):
    graph = theme_network(CODES, codebook)
    assert set(graph.nodes) == set(codebook.themes)
    assert graph.edges["finansiering", "fordelningsgrund.schablon"]["weight"] == 2
    assert graph.edges["finansiering", "fordelningsgrund"]["weight"] == 1
    assert graph.edges["finansiering", "medskick"]["weight"] == 1
    assert not graph.has_edge("fordelningsgrund", "fordelningsgrund.schablon")
    assert graph.number_of_edges() == 3
    assert graph.nodes["finansiering"]["segments"] == 3
    assert graph.nodes["finansiering"]["label"] == "Ettårig finansiering mot tioårig strategi"


def test_counties_are_linked_to_the_counties_that_stand_out_the_same_way(codebook):
    # L01 and L02 dwell on medskick, L03 and L04 on the school; all mention finansiering once.
    codes = [Code(f"{county}-{theme}-{n}", county, theme) for county, theme, times in (
        ("L01", "medskick", 3), ("L02", "medskick", 3), ("L03", "styrning.skola", 3), ("L04", "styrning.skola", 3),
        ("L01", "finansiering", 1), ("L02", "finansiering", 1), ("L03", "finansiering", 1),
        ("L04", "finansiering", 1)) for n in range(times)]
    graph = county_network(codes, ["L01", "L02", "L03", "L04", "L05"], codebook, gold_profiles())
    assert sorted(graph.edges(data="weight")) == [("L01", "L02", 1.0), ("L03", "L04", 1.0)]
    assert graph.nodes["L02"]["segments"] == 4 and graph.nodes["L05"]["segments"] == 0
    assert graph.nodes["L01"]["plan_status"] == "finns"


def test_equally_similar_counties_are_linked_in_name_order_whatever_order_the_notes_come_in(codebook):
    # four counties with one profile (each equally like the other three), two with another
    alike = [("L04", "medskick"), ("L02", "medskick"), ("L03", "medskick"), ("L01", "medskick"),
             ("L06", "styrning.skola"), ("L05", "styrning.skola")]
    codes = [Code(f"{county}-{theme}-{n}", county, theme) for county, main in alike
             for theme, times in ((main, 3), ("finansiering", 1)) for n in range(times)]
    graph = county_network(codes, [county for county, _ in alike], codebook)
    assert sorted(tuple(sorted(edge)) for edge in graph.edges) == [
        ("L01", "L02"), ("L01", "L03"), ("L01", "L04"), ("L02", "L03"), ("L02", "L04"), ("L05", "L06")]


def test_cosines_are_each_pairs_own_dot_product_to_the_last_bit():
    # a matrix product sums in another order and differs in the last bits for about half the
    # pairs, enough to reorder counties that are (nearly) equally similar
    deviations = np.random.default_rng(7).standard_normal((60, 27))
    norms = np.linalg.norm(deviations, axis=1)
    rows = np.array([0, 3, 4, 10, 59, 31])
    pairwise = [[deviations[i] @ deviations[j] / (norms[i] * norms[j]) for j in rows] for i in rows]
    assert np.array_equal(cosines(deviations, norms, rows), np.array(pairwise))


def test_the_bundled_round_is_not_one_hairball(gold_analysis):
    # every note follows the same guide: raw profiles are all alike, so linking by raw cosine linked
    # 202 of 210 pairs; linked by what sets them apart, each county has a few neighbours
    analysis = gold_analysis
    counties = [n.county for n in analysis.corpus.notes]
    graph = county_network(analysis.codes, counties, analysis.codebook, analysis.profiles)
    assert graph.number_of_edges() <= 2 * len(counties)
    assert all(graph.degree(c) >= 1 for c in counties if graph.nodes[c]["segments"])


def test_network_files_read_back_as_graphml_and_drawn_with_the_same_edges(tmp_path, codebook):
    notes = [SimpleNamespace(county=c) for c in ("L01", "L02", "L03")]
    analysis = SimpleNamespace(codes=CODES, codebook=codebook, profiles=gold_profiles()[:3],
                               corpus=SimpleNamespace(notes=notes))
    files = write_network_outputs(analysis, tmp_path)
    assert sorted(files) == ["county_network.graphml", "county_network.png", "theme_network.graphml",
                             "theme_network.png"]
    themes = nx.read_graphml(files["theme_network.graphml"])
    assert themes.edges["finansiering", "fordelningsgrund.schablon"]["weight"] == 2
    assert themes.nodes["finansiering"]["label"] == "Ettårig finansiering mot tioårig strategi"
    drawn = plotted_data(files["theme_network.png"])
    assert drawn["edges"] == {"finansiering|fordelningsgrund": 1, "finansiering|fordelningsgrund.schablon": 2,
                              "finansiering|medskick": 1}
    # themes as coded: styrning has no segment of its own and no edge, so it is not drawn
    assert drawn["nodes"] == ["finansiering", "fordelningsgrund", "fordelningsgrund.schablon", "medskick",
                              "styrning.skola"]
    counties = nx.read_graphml(files["county_network.graphml"])
    assert set(counties.nodes) == {"L01", "L02", "L03"}
    assert counties.nodes["L03"]["plan_status"] == "finns"
    assert set(plotted_data(files["county_network.png"])["edges"]) == {f"{a}|{b}" for a, b in counties.edges}
    drawn_counties = plotted_data(files["county_network.png"])
    assert drawn_counties["colours"] == {"L01": "finns", "L02": "pagar", "L03": "finns"}
    assert "till de två län vars temaprofil" in drawn_counties["note"]


def test_a_dense_theme_network_draws_only_its_strongest_edges(tmp_path, codebook):
    themes = list(codebook.themes)
    codes = [Code(f"s{i}-{j}-{k}", "L01", t) for i, first in enumerate(themes) for j, second in enumerate(themes)
             if i < j for k in range(1 + (i + j) % 4) for t in (first, second)]
    analysis = SimpleNamespace(codes=codes, codebook=codebook, profiles=gold_profiles()[:1],
                               corpus=SimpleNamespace(notes=[SimpleNamespace(county="L01")]))
    files = write_network_outputs(analysis, tmp_path)
    graph = nx.read_graphml(files["theme_network.graphml"])
    drawn = plotted_data(files["theme_network.png"])
    assert graph.number_of_edges() > MOST_DRAWN_EDGES
    weights = sorted((d["weight"] for *_, d in graph.edges(data=True)), reverse=True)
    least = weights[MOST_DRAWN_EDGES - 1]
    assert min(drawn["edges"].values()) == least
    assert len(drawn["edges"]) == sum(1 for w in weights if w >= least)
    assert f"av {graph.number_of_edges()} sambanden" in drawn["note"] and f"minst {least} gemensamma" in drawn["note"]
