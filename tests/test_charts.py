"""The typology's output files: CSV numbers and what the figures show, read back from disk."""

from __future__ import annotations

import dataclasses

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from dialogtool.outputs.charts import (DPI, heatmap_cells, plotted_data, saved, saved_from_one_drawing,
                                       write_typology_outputs)
from dialogtool.errors import TypologyError
from dialogtool.model import Code

from conftest import gold_profiles

FILES = ["typology.csv", "typology_evidence.csv", "counts.csv", "crosstab_plan_x_fordelning.csv",
         "theme_matrix.csv", "diagram1_plan_status.png", "diagram2_fordelningsgrund.png", "tabell1.png",
         "theme_matrix.png"]


def fake_analysis(codebook, profiles=None, codes=()):
    """What the typology outputs read of an analysis: 21 notes, profiles, codes, the codebook."""
    notes = [SimpleNamespace(county=f"L{i:02d}") for i in range(1, 22)]
    return SimpleNamespace(profiles=profiles or gold_profiles(), codebook=codebook, codes=list(codes),
                           corpus=SimpleNamespace(notes=notes))


@pytest.fixture(scope="module")
def written(tmp_path_factory, codebook):
    codes = [Code("a", "L01", "styrning.skola"), Code("b", "L01", "medskick"), Code("c", "L02", "medskick"),
             Code("c", "L02", "finansiering")]
    out = tmp_path_factory.mktemp("out")
    return write_typology_outputs(fake_analysis(codebook, codes=codes), out)


def test_every_output_file_is_written(written):
    assert sorted(written) == sorted(FILES)
    assert all(path.stat().st_size > 0 for path in written.values())


def test_diagram1_shows_the_report_counts(written):
    data = plotted_data(written["diagram1_plan_status.png"])
    assert data["title"] == "Status för länsgemensam handlingsplan utifrån strategin"
    assert data["bars"] == {"Handlingsplan finns": 9, "Arbete pågår": 6, "Förberedande fas": 3,
                            "Integrerad i andra strukturer": 3}
    # each bar carries its number; the title is the caption's in the report, not drawn twice
    texts = data["texts"]
    assert texts[:4] == ["9", "6", "3", "3"]
    assert {"0", "2", "4", "6", "8", "10", "Antal län"} <= set(texts) and data["title"] not in texts


def test_diagram2_shows_the_report_counts_and_agrees_with_counts_csv(written):
    data = plotted_data(written["diagram2_fordelningsgrund.png"])
    assert data["title"] == "Grund för fördelning av stimulansmedel (antal län)"
    # in Tabell 1's row order, as the report reads it: "fem län … För en majoritet av länen (16)"
    assert list(data["bars"].items()) == [("Egna kriterier, överenskommelsen och strategin", 5),
                                          ("Egna kriterier och överenskommelsen", 16)]
    counts = pd.read_csv(written["counts.csv"])
    fordelning = counts[counts.dimension == "fordelningsgrund"]
    assert dict(zip(fordelning.label, fordelning.counties)) == data["bars"]


def test_tabell1_figure_and_csv_have_the_published_cells(written):
    cells = plotted_data(written["tabell1.png"])["cells"]
    assert cells[1] == ["Finns, eller arbete pågår", "Inledande förberedelser eller annan modell"]
    assert cells[2] == ["Stimulansmedel fördelas utifrån egna kriterier, överenskommelsen och strategin",
                        "5 län", "–"]
    assert cells[3] == ["Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen", "10 län", "6 län"]
    table = pd.read_csv(written["crosstab_plan_x_fordelning.csv"], index_col=0)
    assert table.to_numpy().tolist() == [[5, 0], [10, 6]]


def test_theme_matrix_heatmap_holds_the_csv_values(written, codebook):
    data = plotted_data(written["theme_matrix.png"])
    matrix = pd.read_csv(written["theme_matrix.csv"]).set_index("county")
    assert data["rows"] == list(codebook.themes) and data["columns"] == [f"L{i:02d}" for i in range(1, 22)]
    assert data["values"] == matrix.T.to_numpy().tolist()
    assert matrix.loc["L01", "styrning"] == 1 and matrix.loc["L02", "medskick"] == 1


def test_figures_are_report_sized_pngs(written):
    for name in FILES[5:]:
        with Image.open(written[name]) as image:
            width, height = image.size
        assert 1000 < width < 3000 and 300 < height < 3000, name


def test_overridden_counties_are_named_in_the_figure(tmp_path, codebook):
    profiles = gold_profiles()
    profiles[2].cells["plan_status"].category = "pagar"
    profiles[2].cells["plan_status"].overridden = True
    files = write_typology_outputs(fake_analysis(codebook, profiles), tmp_path)
    diagram = plotted_data(files["diagram1_plan_status.png"])
    assert diagram["bars"]["Arbete pågår"] == 7
    assert diagram["note"] == "Län med ändrad klassificering: L03."
    assert plotted_data(files["tabell1.png"])["note"] == "Län med ändrad klassificering: L03."
    assert plotted_data(files["diagram2_fordelningsgrund.png"])["note"] == ""
    evidence = pd.read_csv(files["typology_evidence.csv"], keep_default_na=False)
    assert evidence[evidence.source == "override"][["county", "dimension"]].values.tolist() == [["L03", "plan_status"]]


def test_tabell1_and_diagram2_name_the_counties_they_leave_out(tmp_path, codebook):
    profiles = gold_profiles()
    profiles[0].cells["fordelningsgrund"].category = None
    files = write_typology_outputs(fake_analysis(codebook, profiles), tmp_path)
    data = plotted_data(files["tabell1.png"])
    assert data["cells"][2][1:] == ["4 län", "–"]
    assert data["note"] == "Ett län som saknar kategori på någon av dimensionerna ingår inte: L01."
    diagram = plotted_data(files["diagram2_fordelningsgrund.png"])
    assert sum(diagram["bars"].values()) == 20
    assert diagram["note"] == "Ett län som saknar kategori ingår inte: L01."


def test_missing_tabell1_crosstab_is_an_error(tmp_path, themes_codebook):
    analysis = fake_analysis(dataclasses.replace(themes_codebook, crosstabs={}))
    with pytest.raises(TypologyError, match="themes.yaml har ingen korstabell 'plan_x_fordelning' \\(Tabell "
                                            "1\\); korstabeller: inga."):
        write_typology_outputs(analysis, tmp_path)


def test_plotted_data_of_a_foreign_png_is_an_error(tmp_path):
    path = tmp_path / "other.png"
    Image.new("RGB", (4, 4)).save(path)
    with pytest.raises(TypologyError, match="ingen figur som dialogtool har ritat"):
        plotted_data(path)


def small_figure(note_x: float) -> Figure:
    """A figure with bars, tick labels and a note at `note_x` (figure fraction; below 0: left of the canvas),
    more white above the drawing than below it."""
    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    axes.barh([0, 1, 2], [3, 7, 5], color="#1d5a8c")
    axes.set_yticks([0, 1, 2], ["Handlingsplan finns", "Arbete pågår", "Förberedande fas"])
    figure.subplots_adjust(left=0.45, bottom=0.35, top=0.6)
    figure.text(note_x, 0.1, "Län med ändrad klassificering: L03.", fontsize=7.5)
    return figure


def grey(path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("L"), dtype=int)


def test_a_figure_cut_from_one_drawing_is_savefigs_tight_picture(tmp_path):
    data = {"kind": "bars", "bars": {"Arbete pågår": 7}}
    tight = saved(small_figure(0.05), tmp_path / "tight.png", data)
    once = saved_from_one_drawing(small_figure(0.05), tmp_path / "once.png", data)
    assert plotted_data(once) == plotted_data(tight) == data
    with Image.open(once) as image:
        assert image.mode == "RGB"  # cut from the drawing (savefig writes RGBA)
    before, after = grey(tight), grey(once)
    assert after.shape == before.shape
    # the same ink where savefig put it, give or take the part of a pixel where the box is cut
    rows, columns = np.nonzero(before < 128)
    rows_after, columns_after = np.nonzero(after < 128)
    assert abs(rows.min() - rows_after.min()) <= 1 and abs(rows.max() - rows_after.max()) <= 1
    assert abs(columns.min() - columns_after.min()) <= 1 and abs(columns.max() - columns_after.max()) <= 1
    assert abs(len(rows) - len(rows_after)) <= 0.05 * len(rows)


def test_a_figure_drawn_past_its_canvas_is_saved_whole(tmp_path):
    # the note starts left of the canvas: cutting one drawing would lose it, so savefig draws the box found
    tight = saved(small_figure(-0.3), tmp_path / "tight.png", {})
    once = saved_from_one_drawing(small_figure(-0.3), tmp_path / "once.png", {})
    assert grey(once).shape[1] > 4 * DPI
    assert np.array_equal(grey(once), grey(tight))


def drawn_heatmap(draw) -> np.ndarray:
    """The RGB pixels of a small heatmap of fixed values drawn by `draw(axes, values)`, with its
    colour bar and a line between rows."""
    values = np.array([[0, 1, 2, 14, 3], [5, 0, 0, 1, 9], [7, 2, 11, 0, 4]])
    figure = Figure(figsize=(3, 2), dpi=DPI)
    axes = figure.add_subplot()
    cells = draw(axes, values)
    axes.axhline(0.5, color="#555555", linewidth=0.8)
    figure.colorbar(cells, ax=axes)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


def test_heatmap_cells_are_drawn_where_and_as_imshow_draws_them():
    mesh = drawn_heatmap(heatmap_cells)
    image = drawn_heatmap(lambda axes, values: axes.imshow(values, cmap="Blues", aspect="auto", vmin=0))
    # every edge on the same pixel; a colour at most a shade apart (float64 against float32 scaling)
    assert np.abs(mesh - image).max() <= 1


def test_figures_draw_their_text_unhinted_and_leave_matplotlib_s_settings_as_they_were(tmp_path, monkeypatch):
    import matplotlib

    from dialogtool.outputs import charts

    monkeypatch.setitem(matplotlib.rcParams, "text.hinting", "force_autohint")
    at_saving = []

    def saving(figure, path, data, bbox="tight"):
        at_saving.append(matplotlib.rcParams["text.hinting"])
        return saved(figure, path, data, bbox)

    monkeypatch.setattr(charts, "saved", saving)
    path = charts.count_chart(pd.Series({"Handlingsplan finns": 12, "Arbete pågår": 9}), "Diagram 1", tmp_path / "d.png")
    assert at_saving == ["none"] and Image.open(path).size[0] > 500
    assert matplotlib.rcParams["text.hinting"] == "force_autohint"
