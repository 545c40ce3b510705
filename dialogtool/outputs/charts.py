"""The report's diagrams and tables as PNG, and the typology's output files.

Figures are drawn on matplotlib `Figure` objects (Agg canvas, no pyplot state), sized for
a Word page at 16 cm width, with the labels the report uses. They carry no drawn title: in
the report (and in report.docx) the caption above the figure names it ("Diagram 1. …"), and
a title inside the picture would say it twice; the title is kept in the PNG's data. Each PNG carries the data
read back from the drawn figure (bar lengths, table cells, heatmap values) in a text chunk,
so `plotted_data(path)` shows what a reader sees without trusting the code that drew it.
"""

from __future__ import annotations

import functools
import json
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from PIL.PngImagePlugin import PngInfo  # noqa: E402

import pandas as pd  # noqa: E402

from ..errors import TypologyError  # noqa: E402
from ..files import ensure_dir, replacing, write_frame  # noqa: E402
from ..model import CountyProfile  # noqa: E402
from .report.spec import DIAGRAM1, DIAGRAM2, TABELL1  # noqa: E402
from .tables import (  # noqa: E402
    category_counts,
    counts_frame,
    crosstab_frame,
    excluded_note,
    theme_matrix_frame,
    typology_evidence_frame,
    typology_frame,
)

MATRIX_TITLE = "Antal kodade segment per tema och län"
WIDTH = 6.3  # inches: 16 cm, the text width of an A4 report page
DPI = 200
BAR_COLOR = "#1d5a8c"
DATA_KEY = "dialogtool-data"
TABLE_FONT = 9
TABLE_LINE = 0.19  # inches per line of 9 pt text with its line spacing
TABLE_PAD = 0.08  # inches between a table cell's border and its text
PAD = 0.15  # inches of white around what a figure draws
#: zlib's level for every figure's PNG: level 6 (the default) takes half as long again as 3 for
#: pictures a few per cent smaller.
PNG_LEVEL = 3
#: How every figure's text is drawn: without the font's hinting (matplotlib's default fits each
#: glyph to whole pixels first), which at DPI 200 looks the same and draws the 500 labels of a
#: large round's heatmap and networks in a sixth less time.
TEXT_STYLE = {"text.hinting": "none"}


def drawn(make_figure):
    """`make_figure`, laying out and drawing its text in TEXT_STYLE (and leaving matplotlib's
    settings as they were)."""
    @functools.wraps(make_figure)
    def in_style(*args, **kwargs):
        with matplotlib.rc_context(TEXT_STYLE):
            return make_figure(*args, **kwargs)
    return in_style


def write_typology_outputs(analysis, out_dir: Path) -> dict[str, Path]:
    """Write the typology's tables (CSV) and figures (PNG) and the framework matrix for
    `analysis`; returns {file name: path}."""
    return {**write_report_figures(analysis, out_dir), **write_matrix_outputs(analysis, out_dir)}


def write_report_figures(analysis, out_dir: Path) -> dict[str, Path]:
    """Write the typology's tables (CSV) and the figures the report draft embeds (Diagram 1–2,
    Tabell 1) for `analysis`; returns {file name: path}."""
    out_dir = ensure_dir(out_dir)
    profiles, codebook = analysis.profiles, analysis.codebook
    if TABELL1 not in codebook.crosstabs:
        raise TypologyError(f"themes.yaml har ingen korstabell '{TABELL1}' (Tabell 1); korstabeller: "
                            f"{', '.join(codebook.crosstabs) or 'inga'}.")
    files = {
        "typology.csv": write_frame(typology_frame(profiles, codebook), out_dir / "typology.csv"),
        "typology_evidence.csv": write_frame(typology_evidence_frame(profiles), out_dir / "typology_evidence.csv"),
        "counts.csv": write_frame(counts_frame(profiles, codebook), out_dir / "counts.csv"),
    }
    for crosstab_id, crosstab in codebook.crosstabs.items():
        name = f"crosstab_{crosstab_id}.csv"
        files[name] = write_frame(crosstab_frame(profiles, crosstab, codebook), out_dir / name, index=True)
    tabell1 = codebook.crosstabs[TABELL1]
    for diagram in (DIAGRAM1, DIAGRAM2):
        # Diagram 2 lists its bars in Tabell 1's row order (strategin first, 5 then 16), as the report does.
        first = list(tabell1.row_labels or {}) if tabell1.rows == diagram.dimension else []
        files[f"{diagram.name}.png"] = count_chart(
            category_counts(profiles, codebook, diagram.dimension, first=first), diagram.title,
            out_dir / f"{diagram.name}.png", overridden_counties(profiles, diagram.dimension),
            uncategorised_note(profiles, diagram.dimension))
    files["tabell1.png"] = table_figure(crosstab_frame(profiles, tabell1, codebook), out_dir / "tabell1.png",
                                        overridden_counties(profiles, tabell1.rows, tabell1.columns))
    return files


def write_matrix_outputs(analysis, out_dir: Path) -> dict[str, Path]:
    """Write the framework matrix (county × theme) as CSV and heatmap; returns {file name: path}."""
    out_dir = ensure_dir(out_dir)
    matrix = theme_matrix_frame(analysis.codes, [note.county for note in analysis.corpus.notes], analysis.codebook)
    return {"theme_matrix.csv": write_frame(matrix, out_dir / "theme_matrix.csv"),
            "theme_matrix.png": theme_matrix_figure(matrix, analysis.codebook, out_dir / "theme_matrix.png")}


def overridden_counties(profiles: list[CountyProfile], *dimensions: str) -> list[str]:
    """Counties classified by hand on any of `dimensions`: every figure says so."""
    return [p.county for p in profiles if any(p.cells.get(d) and p.cells[d].overridden for d in dimensions)]


def uncategorised_note(profiles: list[CountyProfile], dimension: str) -> str:
    """Names the counties a diagram of `dimension` does not count, so its bars need not add up to all."""
    return excluded_note([p.county for p in profiles if p.category(dimension) is None], where="")


@drawn
def count_chart(counts: pd.Series, title: str, path: Path, overridden: list[str] = (), note: str = "") -> Path:
    """A horizontal bar per category (report order, top to bottom) with its number of counties."""
    labels = [wrapped(label, 34) for label in counts.index]
    lines = sum(label.count("\n") + 1 for label in labels)
    figure = Figure(figsize=(WIDTH, 0.9 + 0.28 * lines + 0.2 * len(labels)))
    axes = figure.add_subplot()
    positions = range(len(counts))
    bars = axes.barh(positions, counts.to_numpy(), color=BAR_COLOR, height=0.6)
    axes.set_yticks(list(positions), labels, fontsize=10)
    axes.invert_yaxis()
    axes.bar_label(bars, padding=4, fontsize=10)
    axes.set_xlim(0, max(counts.max(), 1) * 1.15 + 0.5)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("Antal län", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    note = footnote(figure, axes.xaxis.label, overridden, note)
    data = {"kind": "bars", "title": title, "note": note,
            "bars": {label.replace("\n", " "): int(round(bar.get_width()))
                     for label, bar in zip([t.get_text() for t in axes.get_yticklabels()], bars)},
            "texts": drawn_texts(figure)}
    return saved(figure, path, data)


def drawn_texts(figure: Figure) -> list[str]:
    """Every piece of text drawn on the figure (labels, numbers on bars, notes), as a reader sees it.

    Read before savefig draws the figure, without drawing it once more here: the numbers of an
    axis whose ticks a locator places get their texts as the axis is asked for its tick labels.
    """
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    ticks = [t for axes in figure.axes for t in axes.get_xticklabels() if t.get_text() and t not in texts
             and min(axes.get_xlim()) <= t.get_position()[0] <= max(axes.get_xlim())]
    return [t.get_text().replace("\n", " ") for t in texts + ticks]


@drawn
def table_figure(frame: pd.DataFrame, path: Path, overridden: list[str] = ()) -> Path:
    """A crosstab drawn as the report's table: "N län" per cell, "–" for none, shaded two-row header.

    The header's first row spans the column dimension's label over its groups, as in the report.
    Drawn cell by cell (not matplotlib's Table) so that long Swedish labels wrap inside their cells.
    """
    widths = [WIDTH * 0.42, *[WIDTH * 0.58 / len(frame.columns)] * len(frame.columns)]
    header = [[(frame.index.name or "", 0, 1, 2), (frame.columns.name or "", 1, len(frame.columns), 1)],
              [(label, column, 1, 1) for column, label in enumerate(frame.columns, start=1)]]
    body = [[(str(row), 0, 1, 1), *[(f"{n} län" if n else "–", column, 1, 1)
                                    for column, n in enumerate(frame.loc[row], start=1)]] for row in frame.index]
    rows = [fitted_row(row, widths, bold=index < 2) for index, row in enumerate(header + body)]
    heights = [max(lines for *_, lines in row) * TABLE_LINE + 2 * TABLE_PAD for row in rows]
    tops = [sum(heights[:i]) for i in range(len(rows) + 1)]
    figure = Figure(figsize=(WIDTH, tops[-1] + 0.1))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, WIDTH)
    axes.set_ylim(tops[-1] + 0.05, -0.05)
    axes.axis("off")
    drawn = []
    for index, row in enumerate(rows):
        drawn.append([])
        for text, column, span, down, _ in row:
            left, width = sum(widths[:column]), sum(widths[column:column + span])
            top, height = tops[index], tops[index + down] - tops[index]
            border = axes.add_patch(Rectangle((left, top), width, height, edgecolor="#7a7a7a", linewidth=0.8,
                                              facecolor="#dce6f0" if index < 2 else "white"))
            centred = index >= 2 and column > 0
            drawn[-1].append(axes.text(left + (width / 2 if centred else TABLE_PAD), top + height / 2, text,
                                   fontsize=TABLE_FONT, fontweight="bold" if index < 2 else "normal",
                                   ha="center" if centred else "left", va="center", linespacing=1.25))
    note = footnote(figure, border, overridden, frame.attrs.get("note", ""))
    data = {"kind": "table", "title": frame.attrs.get("title", ""), "note": note,
            "cells": [[text.get_text().replace("\n", " ") for text in row] for row in drawn]}
    return saved(figure, path, data)


def fitted_row(cells: list[tuple], widths: list[float], bold: bool) -> list[tuple]:
    """(text wrapped to its cell, column, span, rows down, line count) for each cell of a table row."""
    char = TABLE_FONT / 72 * (0.62 if bold else 0.56)
    fitted = []
    for text, column, span, down in cells:
        text = wrapped(text, max(8, int((sum(widths[column:column + span]) - 2 * TABLE_PAD) / char)))
        fitted.append((text, column, span, down, (text.count("\n") + 1) / down))
    return fitted


#: The most counties whose heatmap cells carry their numbers, and the width of a larger heatmap.
MATRIX_NUMBERED_COUNTIES = 30
MATRIX_MAX_INCHES = 24


@drawn
def theme_matrix_figure(matrix: pd.DataFrame, codebook, path: Path) -> Path:
    """The framework matrix as a heatmap: themes down (main themes bold, a line above each), counties across.

    Each cell carries its number while the counties fit a page (a round has 21); a larger
    matrix (several rounds pooled) is drawn in colour only, at most MATRIX_MAX_INCHES wide:
    thousands of unreadable numbers cost most of a run, and theme_matrix.csv has them all.
    """
    values = matrix.set_index("county").T
    parents = [codebook.themes[t].parent is None for t in values.index]
    labels = [wrapped(codebook.themes[t].label, 48) for t in values.index]
    lines = sum(label.count("\n") + 1 for label in labels)
    numbered = values.shape[1] <= MATRIX_NUMBERED_COUNTIES
    width = max(WIDTH, 3.5 + 0.3 * values.shape[1]) if numbered else MATRIX_MAX_INCHES
    figure = figure_with_room(width, 1.4 + 0.2 * lines)
    axes = figure.add_subplot()
    cells = heatmap_cells(axes, values.to_numpy())
    column_labels(axes, list(values.columns), fontsize=8 if numbered else 4)
    row_labels(axes, labels, parents, fontsize=8)
    for row, parent in enumerate(parents):
        if parent and row:
            axes.axhline(row - 0.5, color="#555555", linewidth=0.8)
    array = cells.get_array()
    threshold = array.max() * 0.6 if array.size else 0
    for (row, column), value in (pd.DataFrame(array).stack().items() if numbered else ()):
        axes.text(column, row, str(int(value)), ha="center", va="center", fontsize=7,
                  color="white" if value > threshold else "#222222" if value else "#b0b0b0")
    figure.colorbar(cells, ax=axes, fraction=0.025, pad=0.01).set_label("Antal segment", fontsize=8)
    data = {"kind": "heatmap", "title": MATRIX_TITLE, "rows": list(values.index), "columns": list(values.columns),
            "values": [[int(v) for v in row] for row in array.tolist()]}
    return saved_from_one_drawing(figure, path, data)


def heatmap_cells(axes, values: np.ndarray):
    """A cell per value, coloured by it (0 white), centred on (column, row) with the first row at
    the top, as imshow draws it.

    A mesh of rectangles rather than an image: imshow scales its values to a float array of
    the plot area's size in pixels, masks and colours every pixel (several times the matrix's
    cost for a pooled heatmap), where a mesh fills a rectangle per cell. The picture is the
    same but for colours a shade apart (at most 1 of 255 per channel, from scaling in float64
    rather than float32).
    """
    rows, columns = values.shape
    cells = axes.pcolormesh(np.arange(columns + 1) - 0.5, np.arange(rows + 1) - 0.5, values, cmap="Blues", vmin=0)
    axes.invert_yaxis()
    return cells


def column_labels(axes, labels: list[str], fontsize: float) -> None:
    """Each label upright above its column, where labels of top ticks without tick marks stand.

    Drawn as one text each rather than as ticks: a tick is five artists (two marks, a grid
    line, two labels) made and placed anew at every drawing, and a pooled heatmap has hundreds
    of counties.
    """
    axes.set_xticks([])
    transform, vertical, horizontal = axes.get_xaxis_text2_transform(matplotlib.rcParams["xtick.major.pad"])
    for column, label in enumerate(labels):
        axes.text(column, 1, label, transform=transform, va=vertical, ha=horizontal, rotation=90, fontsize=fontsize,
                  color=matplotlib.rcParams["xtick.color"])


def row_labels(axes, labels: list[str], bold: list[bool], fontsize: float) -> None:
    """Each label left of its row (bold where `bold`), where labels of left ticks without tick
    marks stand: as one text each for the reason `column_labels` gives."""
    axes.set_yticks([])
    transform, vertical, horizontal = axes.get_yaxis_text1_transform(matplotlib.rcParams["ytick.major.pad"])
    for row, (label, heavy) in enumerate(zip(labels, bold)):
        axes.text(0, row, label, transform=transform, va=vertical, ha=horizontal, fontsize=fontsize,
                  fontweight="bold" if heavy else "normal", color=matplotlib.rcParams["ytick.color"])


#: Inches of canvas a heatmap has left of and above its plot area beyond a plain figure's
#: margins: its theme labels (up to 48 characters a line) and county names reach past those.
MATRIX_ROOM_LEFT = 4.0
MATRIX_ROOM_TOP = 2.0


def figure_with_room(width: float, height: float) -> Figure:
    """A figure whose plot area is where a `width` × `height` figure has it (matplotlib's default
    margins), on a canvas MATRIX_ROOM_LEFT/TOP inches larger, so that the labels past the plot
    area are drawn on the canvas and `saved_from_one_drawing` can cut the picture from one drawing
    (the picture is cut to what is drawn, so the extra canvas is not in it)."""
    figure = Figure(figsize=(width + MATRIX_ROOM_LEFT, height + MATRIX_ROOM_TOP))
    plain = figure.subplotpars
    figure.subplots_adjust(left=(MATRIX_ROOM_LEFT + plain.left * width) / (width + MATRIX_ROOM_LEFT),
                           right=(MATRIX_ROOM_LEFT + plain.right * width) / (width + MATRIX_ROOM_LEFT),
                           bottom=plain.bottom * height / (height + MATRIX_ROOM_TOP),
                           top=plain.top * height / (height + MATRIX_ROOM_TOP))
    return figure


def footnote(figure: Figure, below, overridden: list[str], note: str = "") -> str:
    """The figure's small print under the artist `below`: counties left out, counties classified by hand."""
    parts = [note] if note else []
    if overridden:
        parts.append(f"Län med ändrad klassificering: {', '.join(overridden)}.")
    if parts:
        figure.axes[0].annotate(wrapped(" ".join(parts), 110), xy=(0.01, 0), xycoords=("figure fraction", below),
                                xytext=(0, -8), textcoords="offset points", fontsize=7.5, color="#444444",
                                va="top", annotation_clip=False)
    return " ".join(parts)


def wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def saved(figure: Figure, path: Path, data: dict, bbox: Bbox | str = "tight") -> Path:
    """Save the figure as PNG, cut to `bbox` (inches; by default the box around all it draws,
    padded), with its plotted data in a text chunk, for `plotted_data`."""
    path = Path(path)
    with replacing(path) as temporary:
        figure.savefig(temporary, dpi=DPI, bbox_inches=bbox, pad_inches=PAD,
                       metadata={DATA_KEY: json.dumps(data, ensure_ascii=False)},
                       pil_kwargs={"compress_level": PNG_LEVEL})
    return path


def saved_from_one_drawing(figure: Figure, path: Path, data: dict) -> Path:
    """Save the figure as `saved` does, drawing it once: for a figure drawn inside its own canvas.

    savefig's bbox_inches="tight" lays every text out twice, once to find the box around what
    is drawn and once more to draw it on a canvas of that box's size; for a figure with
    hundreds of labels that is a third of its cost. This draws the whole figure once, finds
    the same box from that drawing and cuts it out, so the picture has savefig's size and
    differs by under a pixel in where it is cut. Whatever is drawn past the canvas would be
    lost by cutting, so then the figure is saved by savefig with the box found.
    """
    figure.set_dpi(DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    bbox = figure.get_tightbbox(canvas.get_renderer()).padded(PAD)
    picture = cut_picture(np.asarray(canvas.buffer_rgba()), bbox)
    if picture is None:
        return saved(figure, path, data, bbox)
    text = PngInfo()
    text.add_text("Software", f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/")  # as savefig
    text.add_text(DATA_KEY, json.dumps(data, ensure_ascii=False))
    path = Path(path)
    with replacing(path) as temporary:
        picture.save(temporary, format="png", pnginfo=text, dpi=(DPI, DPI), compress_level=PNG_LEVEL)
    return path


def cut_picture(drawing: np.ndarray, bbox: Bbox) -> Image.Image | None:
    """The RGB picture of `drawing` (the whole figure at DPI, RGBA) inside `bbox` (inches), of the
    size savefig gives that box (its width and height in pixels, rounded down); None where the
    box reaches past the drawing.

    Without the alpha channel savefig writes: a figure's background is opaque, so it is 255
    everywhere, and three channels are a quarter less to compress (the PNG is smaller too, as
    it is with zlib's level 3, PNG_LEVEL, instead of 6, which compresses it in two thirds of the time).
    Pillow drops the channel (convert) in a third of the time numpy takes to copy the RGB of a
    strided view.
    """
    width, height = int(bbox.width * DPI), int(bbox.height * DPI)
    left, top = round(bbox.x0 * DPI), round(drawing.shape[0] - height - bbox.y0 * DPI)
    if left < 0 or top < 0 or left + width > drawing.shape[1] or top + height > drawing.shape[0]:
        return None
    return Image.fromarray(drawing[top:top + height, left:left + width]).convert("RGB")


def plotted_data(path: Path) -> dict:
    """What a figure written here shows: bar lengths by label, table cell texts, or heatmap values."""
    with Image.open(path) as image:
        text = image.text.get(DATA_KEY)
    if text is None:
        raise TypologyError(f"{path}: ingen figur som dialogtool har ritat (inga data i den); kör analyze igen.")
    return json.loads(text)
