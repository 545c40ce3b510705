"""Networks of a round: which themes are coded together, and which counties talk alike.

Both are written as GraphML (for Gephi and the like) and drawn as PNG. The theme network
has a node per theme and an edge per pair of themes coded on the same segments (weight =
number of such segments); a theme and its own parent are not linked, since a sub-theme
implies its parent. The county network links each county to the counties whose theme
profile is most like its own (see `county_network`); its nodes are coloured by the county's
plan status, so a reader sees whether counties that talk alike also stand alike.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .report import wording
from .charts import WIDTH, drawn, saved_from_one_drawing, wrapped
from ..files import ensure_dir, replacing
from ..model import Code, CountyProfile

#: Each county is linked to this many counties whose theme profile is most like its own.
NEIGHBOURS = 2
#: The theme drawing shows at most this many edges, the strongest (the GraphML has them all).
MOST_DRAWN_EDGES = 60
THEME_TITLE = "Teman som kodats på samma segment"
COUNTY_TITLE = "Län med liknande tematisk profil"
NODE_COLOR = "#9cc3e4"
EDGE_COLOR = "#1d5a8c"
#: Node colours of the county network, one per plan_status category in report order; grey for none.
CATEGORY_COLORS = ("#6fa8dc", "#cfe2f3", "#f4b183", "#a9d18e", "#c9a0dc", "#ffd966")
NO_CATEGORY_COLOR = "#d0d0d0"
COLOUR_DIMENSION = "plan_status"


def write_network_outputs(analysis, out_dir: Path, neighbours: int = NEIGHBOURS) -> dict[str, Path]:
    """Write theme_network and county_network as GraphML and PNG; returns {file name: path}."""
    out_dir = ensure_dir(out_dir)
    counties = [note.county for note in analysis.corpus.notes]
    themes = theme_network(analysis.codes, analysis.codebook)
    similar = county_network(analysis.codes, counties, analysis.codebook, analysis.profiles, neighbours)
    files = {"theme_network.graphml": out_dir / "theme_network.graphml",
             "county_network.graphml": out_dir / "county_network.graphml"}
    for graph, path in ((themes, files["theme_network.graphml"]), (similar, files["county_network.graphml"])):
        with replacing(path) as temporary:
            nx.write_graphml(graph, temporary)
    files["theme_network.png"] = theme_figure(themes, out_dir / "theme_network.png")
    files["county_network.png"] = county_figure(similar, analysis.codebook, out_dir / "county_network.png",
                                                neighbours)
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
    segments = Counter(theme for themes in by_segment.values() for theme in themes)
    graph = nx.Graph()
    for theme_id, theme in codebook.themes.items():
        graph.add_node(theme_id, label=theme.label, segments=segments[theme_id])
    lineage = {(theme, ancestor) for theme in codebook.themes for ancestor in codebook.ancestors(theme)}
    weights: Counter = Counter()  # pairs in the order first coded together, as the edges are added
    for themes in by_segment.values():
        for first, second in combinations(sorted(themes), 2):
            if (second, first) not in lineage and (first, second) not in lineage:
                weights[first, second] += 1
    graph.add_edges_from((first, second, {"weight": weight}) for (first, second), weight in weights.items())
    return graph


def county_network(codes: list[Code], counties: list[str], codebook, profiles: list[CountyProfile] = (),
                   neighbours: int = NEIGHBOURS) -> nx.Graph:
    """Counties as nodes (with their typology categories), each linked to its `neighbours` most similar counties.

    A county's profile is the share of its coded segments per theme (themes as coded), minus
    the round's average share. Every note follows the same interview guide, so raw profiles
    are all alike (a cosine of 0.8 or more for nearly every pair of the bundled round) and a
    threshold on them links everything; what sets a county apart from the average is what
    says who talks alike. Similarity is the cosine of those deviations (−1 to 1); a county is
    linked to its most similar counties where that similarity is positive.
    """
    matrix = coded_matrix(codes, counties, codebook)
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    coded = totals[:, 0] > 0
    deviations = shares - (shares[coded].mean(axis=0) if coded.any() else 0)
    norms = np.linalg.norm(deviations, axis=1)
    categories = {p.county: {d: c.category or "" for d, c in p.cells.items()} for p in profiles}
    graph = nx.Graph()
    for county, total in zip(counties, totals[:, 0]):
        graph.add_node(county, label=county, segments=int(total), **categories.get(county, {}))
    profiled = np.flatnonzero(coded & (norms != 0))
    similarities = cosines(deviations, norms, profiled)
    # Each county's others, most similar first and by name among equals (a stable sort in list order).
    by_name = np.argsort(np.array([counties[j] for j in profiled], dtype=object), kind="stable")
    name_rank = np.empty(len(profiled), dtype=int)
    name_rank[by_name] = np.arange(len(profiled))
    for row, i in enumerate(profiled):
        others = np.delete(np.arange(len(profiled)), row)
        ranked = others[np.lexsort((name_rank[others], -similarities[row, others]))]
        for column in ranked[:neighbours]:
            if similarities[row, column] > 0:
                graph.add_edge(counties[i], counties[profiled[column]], weight=round(float(similarities[row, column]), 4))
    return graph


def cosines(deviations: np.ndarray, norms: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The cosine of each pair of `rows` of `deviations` (whose lengths are `norms`), in one numpy call.

    np.vecdot takes each pair's dot product as `a @ b` of the two rows does, summed in the same
    order; a matrix product (deviations @ deviations.T) sums in another order and differs in
    the last bits for half the pairs, which would reorder counties that are equally similar.
    """
    dots = np.vecdot(deviations[:, None, :], deviations[None, :, :])
    return dots[np.ix_(rows, rows)] / np.outer(norms[rows], norms[rows])


def coded_matrix(codes: list[Code], counties: list[str], codebook) -> np.ndarray:
    """Segments per county (rows) and theme (columns, codebook order), themes as coded (no implied parents)."""
    column = {theme: index for index, theme in enumerate(codebook.themes)}
    row = {county: index for index, county in enumerate(counties)}
    matrix = np.zeros((len(counties), len(column)))
    for county, theme, _ in {(c.county, c.theme, c.segment_id) for c in codes if c.theme in column and c.county in row}:
        matrix[row[county], column[theme]] += 1
    return matrix


@drawn
def theme_figure(graph: nx.Graph, path: Path) -> Path:
    """The themes on a circle in codebook order, labels outside it, the strongest edges drawn by weight.

    Nodes without segments or edges are left out of the drawing (they stay in the GraphML).
    Where there are more than MOST_DRAWN_EDGES edges only the strongest are drawn, and the
    footnote says from how many segments on.
    """
    shown = graph.subgraph([n for n, d in graph.nodes(data=True) if d["segments"] or graph.degree(n)])
    nodes = list(shown)
    edges = sorted(shown.edges(data="weight"), key=lambda edge: -edge[2])
    least = edges[MOST_DRAWN_EDGES - 1][2] if len(edges) > MOST_DRAWN_EDGES else 0
    drawn = [(a, b, w) for a, b, w in edges if w >= least]
    figure, axes = network_axes()
    angles = dict(zip(nodes, np.linspace(np.pi / 2, np.pi / 2 - 2 * np.pi, len(nodes), endpoint=False)))
    positions = {n: (np.cos(a), np.sin(a)) for n, a in angles.items()}
    draw_graph(axes, shown, positions, nodes, [NODE_COLOR] * len(nodes), drawn)
    for node, angle in angles.items():
        degrees = np.degrees(angle) % 360
        left = 90 < degrees < 270
        axes.text(1.16 * np.cos(angle), 1.16 * np.sin(angle), wrapped(shown.nodes[node]["label"], 26), fontsize=7.5,
                  rotation=degrees - 180 if left else degrees, rotation_mode="anchor",
                  ha="right" if left else "left", va="center", multialignment="right" if left else "left")
    axes.set_xlim(-2.5, 2.5)
    axes.set_ylim(-2.5, 2.5)
    axes.set_aspect("equal")
    note = ""
    if least:
        note = (f"Linjerna visar de {len(drawn)} starkaste av {len(edges)} sambanden (par av teman som kodats på "
                f"minst {least} gemensamma segment). Cirkelns storlek: antal kodade segment.")
    else:
        note = "Linjernas bredd: antal segment som kodats med båda temana. Cirkelns storlek: antal kodade segment."
    figure.text(0.02, 0.02, wrapped(note, 120), fontsize=7.5, color="#444444", va="bottom")
    data = {"kind": "network", "title": THEME_TITLE, "note": note, "nodes": sorted(shown.nodes),
            "edges": {"|".join(sorted((a, b))): w for a, b, w in drawn}}
    return saved_from_one_drawing(figure, path, data)


@drawn
def county_figure(graph: nx.Graph, codebook, path: Path, neighbours: int = NEIGHBOURS) -> Path:
    """The county network in a seeded spring layout, nodes coloured by plan status, with a legend."""
    nodes = list(graph)
    dimension = codebook.dimensions.get(COLOUR_DIMENSION) if codebook is not None else None
    categories = list(dimension.categories.values()) if dimension is not None else []
    colour_of = {c.id: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, c in enumerate(categories)}
    colours = [colour_of.get(graph.nodes[n].get(COLOUR_DIMENSION, ""), NO_CATEGORY_COLOR) for n in nodes]
    figure, axes = network_axes(legend=True)
    edges = list(graph.edges(data="weight"))
    if nodes:
        positions = nx.spring_layout(graph, weight="weight", seed=7, k=1.6 / np.sqrt(len(nodes)))
        draw_graph(axes, graph, positions, nodes, colours, edges)
        nx.draw_networkx_labels(graph, positions, ax=axes, font_size=7.5)
        axes.margins(0.08)
    present = [c for c in categories if any(graph.nodes[n].get(COLOUR_DIMENSION) == c.id for n in nodes)]
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colour_of[c.id],
                      markeredgecolor=EDGE_COLOR, label=c.label) for c in present]
    if any(colour == NO_CATEGORY_COLOR for colour in colours):
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=NO_CATEGORY_COLOR,
                              markeredgecolor=EDGE_COLOR, label="Ej klassificerat"))
    if handles:
        figure.legend(handles=handles, title=dimension.label if dimension is not None else None, fontsize=8,
                      title_fontsize=8, loc="upper center", bbox_to_anchor=(0.5, 0.14), ncol=2, frameon=False)
    note = (f"Varje län är kopplat till de {wording.count(neighbours)} län vars temaprofil (andel kodade segment per "
            "tema, jämfört med genomsnittet) mest liknar dess egen. Linjernas bredd: likhetens styrka. Cirkelns "
            "storlek: antal kodade segment.")
    figure.text(0.02, 0.02, wrapped(note, 120), fontsize=7.5, color="#444444", va="bottom")
    data = {"kind": "network", "title": COUNTY_TITLE, "note": note, "nodes": sorted(graph.nodes),
            "colours": {n: graph.nodes[n].get(COLOUR_DIMENSION, "") for n in sorted(graph.nodes)},
            "edges": {"|".join(sorted((a, b))): w for a, b, w in edges}}
    return saved_from_one_drawing(figure, path, data)


def network_axes(legend: bool = False):
    """A square figure for a network, without axes, with room below for the footnote (and a legend)."""
    figure = Figure(figsize=(WIDTH * 1.3, WIDTH * (1.4 if legend else 1.35)))
    axes = figure.add_axes((0.02, 0.15, 0.96, 0.83) if legend else (0.02, 0.06, 0.96, 0.92))
    axes.axis("off")
    return figure, axes


def draw_graph(axes, graph: nx.Graph, positions: dict, nodes: list, colours: list, edges: list) -> None:
    """Edges with width by weight (relative to the weakest drawn), nodes with size by segments."""
    weights = [w for *_, w in edges]
    low, high = min(weights, default=0), max(weights, default=1)
    span = (high - low) or 1
    largest = max((graph.nodes[n]["segments"] for n in nodes), default=0) or 1
    nx.draw_networkx_edges(graph, positions, ax=axes, edgelist=[(a, b) for a, b, _ in edges], edge_color=EDGE_COLOR,
                           alpha=0.5, width=[0.6 + 3.5 * (w - low) / span for w in weights])
    nx.draw_networkx_nodes(graph, positions, ax=axes, nodelist=nodes, node_color=colours, edgecolors=EDGE_COLOR,
                           node_size=[80 + 700 * graph.nodes[n]["segments"] / largest for n in nodes])
