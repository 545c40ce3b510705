"""Theme co-occurrence and county similarity networks: GraphML read back, drawings checked."""

from __future__ import annotations

from types import SimpleNamespace

import networkx as nx
import pytest

from dialogtool.charts import plotted_data
from dialogtool.model import Code
from dialogtool.network import county_network, theme_network, write_network_outputs

from test_tables import THEMES, fake_codebook, gold_profiles

CODES = [
    # s1 and s2 both carry finansiering and fordelningsgrund.schablon; s1 also its parent.
    Code("s1", "L01", "finansiering"), Code("s1", "L01", "fordelningsgrund.schablon"),
    Code("s1", "L01", "fordelningsgrund"),
    Code("s2", "L01", "finansiering"), Code("s2", "L01", "fordelningsgrund.schablon"),
    Code("s3", "L02", "finansiering"), Code("s3", "L02", "medskick"),
    Code("s4", "L03", "styrning.skola"),
]


def test_theme_edges_count_segments_coded_with_both_but_never_link_a_parent_to_its_child():
    graph = theme_network(CODES, fake_codebook())
    assert set(graph.nodes) == set(THEMES)
    assert graph.edges["finansiering", "fordelningsgrund.schablon"]["weight"] == 2
    assert graph.edges["finansiering", "fordelningsgrund"]["weight"] == 1
    assert graph.edges["finansiering", "medskick"]["weight"] == 1
    assert not graph.has_edge("fordelningsgrund", "fordelningsgrund.schablon")
    assert graph.number_of_edges() == 3
    assert graph.nodes["finansiering"]["segments"] == 3
    assert graph.nodes["finansiering"]["label"] == THEMES["finansiering"]


def test_counties_with_similar_theme_profiles_are_linked_by_cosine_similarity():
    codes = [Code("a", "L01", "medskick"), Code("b", "L01", "finansiering"),
             Code("c", "L02", "medskick"), Code("d", "L02", "finansiering"), Code("e", "L02", "medskick"),
             Code("f", "L03", "styrning.skola")]
    graph = county_network(codes, ["L01", "L02", "L03", "L04"], fake_codebook(), gold_profiles(), threshold=0.9)
    # (1,1)·(2,1) / (√2·√5) = 3/√10 ≈ 0.9487; L03 shares no theme; L04 has no codes.
    assert list(graph.edges(data="weight")) == [("L01", "L02", pytest.approx(0.9487, abs=1e-4))]
    assert graph.nodes["L02"]["segments"] == 3
    assert graph.nodes["L01"]["plan_status"] == "finns"
    assert county_network(codes, ["L01", "L02"], fake_codebook(), threshold=0.95).number_of_edges() == 0


def test_network_files_read_back_as_graphml_and_drawn_with_the_same_edges(tmp_path):
    notes = [SimpleNamespace(county=c) for c in ("L01", "L02", "L03")]
    analysis = SimpleNamespace(codes=CODES, codebook=fake_codebook(), profiles=gold_profiles()[:3],
                               corpus=SimpleNamespace(notes=notes))
    files = write_network_outputs(analysis, tmp_path, threshold=0.5)
    assert sorted(files) == ["county_network.graphml", "county_network.png", "theme_network.graphml",
                             "theme_network.png"]
    themes = nx.read_graphml(files["theme_network.graphml"])
    assert themes.edges["finansiering", "fordelningsgrund.schablon"]["weight"] == 2
    assert themes.nodes["finansiering"]["label"] == "Ettårig finansiering och tioårig strategi"
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
