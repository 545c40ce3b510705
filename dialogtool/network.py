"""Networks of a round: which themes are coded together, and which counties talk alike.

Both are written as GraphML (for Gephi and the like) and drawn as PNG. The theme network
has a node per theme and an edge per pair of themes coded on the same segments (weight =
number of such segments); a theme and its own parent are not linked, since a sub-theme
implies its parent. The county network links counties whose theme profiles (the rows of
the framework matrix) have a cosine similarity of at least a threshold.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.figure import Figure

from .charts import WIDTH, saved, wrapped
from .model import Code, CountyProfile
from .tables import theme_matrix_frame

#: Counties whose theme profiles are at least this similar (cosine) are linked.
SIMILARITY_THRESHOLD = 0.8
THEME_TITLE = "Teman som kodats på samma segment"
COUNTY_TITLE = "Län med liknande tematisk profil (cosinuslikhet ≥ {threshold})"
NODE_COLOR = "#9cc3e4"
EDGE_COLOR = "#1d5a8c"


def write_network_outputs(analysis, out_dir: Path, threshold: float = SIMILARITY_THRESHOLD) -> dict[str, Path]:
    """Write theme_network and county_network as GraphML and PNG; returns {file name: path}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counties = [note.county for note in analysis.corpus.notes]
    themes = theme_network(analysis.codes, analysis.codebook)
    similar = county_network(analysis.codes, counties, analysis.codebook, analysis.profiles, threshold)
    files = {"theme_network.graphml": out_dir / "theme_network.graphml",
             "county_network.graphml": out_dir / "county_network.graphml"}
    nx.write_graphml(themes, files["theme_network.graphml"])
    nx.write_graphml(similar, files["county_network.graphml"])
    files["theme_network.png"] = network_figure(themes, THEME_TITLE, out_dir / "theme_network.png", circle=True)
    files["county_network.png"] = network_figure(
        similar, COUNTY_TITLE.format(threshold=f"{threshold:.2f}".replace(".", ",")), out_dir / "county_network.png",
        least=threshold)
    return files


def theme_network(codes: list[Code], codebook) -> nx.Graph:
    """Themes as nodes (label, segments coded with it), pairs coded on the same segments as weighted edges.

    Themes count as coded (a sub-theme does not add its parent here), so node sizes and edges
    say what the coders and the tagger actually put on segments.
    """
    by_segment: dict[str, set[str]] = {}
    for code in codes:
        if code.theme in codebook.themes:
            by_segment.setdefault(code.segment_id, set()).add(code.theme)
    graph = nx.Graph()
    for theme_id, theme in codebook.themes.items():
        graph.add_node(theme_id, label=theme.label, segments=sum(theme_id in t for t in by_segment.values()))
    for themes in by_segment.values():
        for first, second in combinations(sorted(themes), 2):
            if first in codebook.ancestors(second) or second in codebook.ancestors(first):
                continue
            weight = graph.edges[first, second]["weight"] + 1 if graph.has_edge(first, second) else 1
            graph.add_edge(first, second, weight=weight)
    return graph


def county_network(codes: list[Code], counties: list[str], codebook, profiles: list[CountyProfile] = (),
                   threshold: float = SIMILARITY_THRESHOLD) -> nx.Graph:
    """Counties as nodes (with their typology categories), linked where their theme profiles are similar."""
    matrix = theme_matrix_frame(codes, counties, codebook).set_index("county")
    vectors = matrix.to_numpy(dtype=float)
    norms = np.linalg.norm(vectors, axis=1)
    categories = {p.county: {d: c.category or "" for d, c in p.cells.items()} for p in profiles}
    graph = nx.Graph()
    for county, total in zip(counties, matrix.sum(axis=1)):
        graph.add_node(county, label=county, segments=int(total), **categories.get(county, {}))
    for (i, first), (j, second) in combinations(enumerate(counties), 2):
        if norms[i] and norms[j]:
            similarity = float(vectors[i] @ vectors[j] / (norms[i] * norms[j]))
            if similarity >= threshold:
                graph.add_edge(first, second, weight=round(similarity, 4))
    return graph


def network_figure(graph: nx.Graph, title: str, path: Path, circle: bool = False, least: float = 0.0) -> Path:
    """The graph drawn with node size by segments and edge width by weight above `least`.

    `circle` puts the nodes on a circle in the graph's order with radial labels outside it
    (long theme labels never overlap); otherwise a seeded spring layout. Nodes without
    segments or edges are left out of the drawing (they stay in the GraphML).
    """
    shown = graph.subgraph([n for n, d in graph.nodes(data=True) if d["segments"] or graph.degree(n)])
    figure = Figure(figsize=(WIDTH * 1.3, WIDTH * 1.3))
    axes = figure.add_subplot()
    axes.axis("off")
    axes.set_title(title, fontsize=11, loc="left")
    if shown.number_of_nodes():
        nodes = [n for n in graph if n in shown]
        if circle:
            angles = dict(zip(nodes, np.linspace(np.pi / 2, np.pi / 2 - 2 * np.pi, len(nodes), endpoint=False)))
            positions = {n: (np.cos(a), np.sin(a)) for n, a in angles.items()}
        else:
            positions = nx.spring_layout(shown, weight="weight", seed=7, k=1.6 / np.sqrt(len(nodes)))
        weights = [d["weight"] for *_, d in shown.edges(data=True)]
        span = (max(weights, default=1) - least) or 1
        largest = max(d["segments"] for _, d in shown.nodes(data=True)) or 1
        nx.draw_networkx_edges(shown, positions, ax=axes, edge_color=EDGE_COLOR, alpha=0.5,
                               width=[0.3 + 4 * (w - least) / span for w in weights])
        nx.draw_networkx_nodes(shown, positions, ax=axes, nodelist=nodes, node_color=NODE_COLOR,
                               edgecolors=EDGE_COLOR, node_size=[80 + 700 * shown.nodes[n]["segments"] / largest
                                                                 for n in nodes])
        if circle:
            for node, angle in angles.items():
                degrees = np.degrees(angle) % 360
                left = 90 < degrees < 270
                axes.text(1.16 * np.cos(angle), 1.16 * np.sin(angle), wrapped(shown.nodes[node]["label"], 26), fontsize=7.5,
                          rotation=degrees - 180 if left else degrees, rotation_mode="anchor",
                          ha="right" if left else "left", va="center", multialignment="right" if left else "left")
            axes.set_xlim(-2.6, 2.6)
            axes.set_ylim(-2.6, 2.6)
            axes.set_aspect("equal")
        else:
            nx.draw_networkx_labels(shown, positions, ax=axes, font_size=7,
                                    labels={n: wrapped(d["label"], 18) for n, d in shown.nodes(data=True)})
            axes.margins(0.12)
    data = {"kind": "network", "title": title, "nodes": sorted(shown.nodes),
            "edges": {"|".join(sorted((a, b))): d["weight"] for a, b, d in shown.edges(data=True)}}
    return saved(figure, path, data)
