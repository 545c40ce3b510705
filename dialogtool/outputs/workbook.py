"""typology.xlsx: every output table of a round as a sheet a person can read in Excel.

The sheets are for the investigators, so they speak Swedish: Swedish sheet names and column
headers, the dimensions', categories' and themes' labels beside the ids that commands such
as `dialogtool classify L07 plan_status pagar` take. Each sheet has a bold, frozen header row
with an autofilter, columns as wide as their content (up to a limit), long text and long
headers wrapped, so an investigator can sort, filter and read the evidence without
reformatting anything. Every sheet prints landscape, fitted to the page's width, with its
header rows repeated on each page. A crosstab sheet is set as the report sets Tabell 1: the
column title spanning its groups, "–" where no county is.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Iterator

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .report.spec import TABELL1, TABELL1_SHEET

from ..cells import as_text, sheet_text
from ..files import save_document
from .tables import (
    codings_frame,
    counts_frame,
    crosstab_frame,
    notes_frame,
    segments_frame,
    theme_matrix_frame,
    typology_evidence_frame,
    typology_frame,
)

#: Column width (characters) above which a column is capped and its text wrapped.
WIDEST = 60
NARROWEST = 6
#: A header longer than its column's values wraps at this width rather than widening the column.
HEADER_WIDEST = 18
#: Points per line of the header row, for a header that wraps.
LINE_HEIGHT = 15
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
BOLD = Font(bold=True)
#: Wrapped text from the top of its cell (one object for every such cell: openpyxl indexes each style it is given).
WRAPPED = Alignment(wrap_text=True, vertical="top")
#: Characters Excel forbids in sheet names, and its length limit.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_LENGTH = 31
#: Column headers of the sheets, by the frames' column names.
HEADERS = {
    "county": "Län", "dimension": "Dimension (id)", "category": "Kategori (id)", "label": "Kategori",
    "counties": "Antal län", "segment_id": "Segment-id", "sentence": "Mening", "source": "Källa",
    "area": "Frågeområde", "position": "Position", "text": "Text", "file": "Fil", "date": "Datum",
    "participants": "Deltagare", "review_status": "Granskning", "segments": "Segment", "theme": "Tema (id)",
    "evidence": "Belägg", "coder": "Kodare", "kind": "Slag", "start": "Start", "end": "Slut",
    "confidence": "Säkerhet", "sure": "Säker",
}
#: A code's evidence as the tagger writes it ("delmål… fördela (cue 'delmål ... fördela')"): the cue part.
CUE_PART = re.compile(r"\s*\(cue '.*'\)\s*$")
#: What an empty crosstab cell shows, as the report prints it.
NONE = "–"
#: How a classification or a code came about, in Swedish.
SOURCES = {"rule": "regel", "override": "manuell", "auto": "förslag", "human": "utredare",
           "auto+accepted": "förslag, godkänt"}


def analysis_frames(analysis) -> dict[str, pd.DataFrame]:
    """The round's output tables by Swedish sheet name, in the order a reader wants them."""
    profiles, codebook = analysis.profiles, analysis.codebook
    counties = [note.county for note in analysis.corpus.notes]
    themes = {t: theme.label for t, theme in codebook.themes.items()}
    frames = {
        "Typologi": labelled_typology(typology_frame(profiles, codebook), codebook),
        "Underlag": with_labels(typology_evidence_frame(profiles), codebook),
        "Antal": with_labels(counts_frame(profiles, codebook), codebook),
    }
    for crosstab_id, crosstab in codebook.crosstabs.items():
        name = TABELL1_SHEET if crosstab_id == TABELL1 else f"Korstabell {crosstab_id}"
        frames[name] = crosstab_frame(profiles, crosstab, codebook)
    matrix = theme_matrix_frame(analysis.codes, counties, codebook)
    frames["Temamatris"] = matrix.rename(columns={"county": "Län", **themes})
    codings = codings_frame(analysis.codes)
    codings.insert(3, "theme_label", codings["theme"].map(themes))
    codings["source"] = codings["source"].map(lambda s: SOURCES.get(s, s))
    codings["evidence"] = codings["evidence"].map(lambda e: readable_evidence(e, codebook))
    frames["Kodning"] = swedish(codings.rename(columns={"theme_label": "Tema"}))
    frames["Segment"] = swedish(segments_frame(analysis.corpus.segments))
    frames["Anteckningar"] = swedish(notes_frame(analysis.corpus))
    if getattr(analysis, "findings", None) is not None:
        frames["Anonymisering"] = swedish(analysis.findings)
    return frames


def readable_evidence(evidence: str, codebook) -> str:
    """A code's evidence as a person reads it: the words found in the text ("delmål … fördela"), or the
    sub-theme's label a parent theme comes from ("via Skolan i ledningsstrukturerna"); no cue syntax."""
    if evidence.startswith("via "):
        theme = evidence.removeprefix("via ")
        return f"via {codebook.themes[theme].label}" if theme in codebook.themes else evidence
    return CUE_PART.sub("", evidence).replace("… ", " … ")


def swedish(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with Swedish column headers."""
    return frame.rename(columns=HEADERS)


def with_labels(frame: pd.DataFrame, codebook) -> pd.DataFrame:
    """A frame with dimension and category ids, given their Swedish labels beside them (ids kept for commands)."""
    labels = {d: dimension.label for d, dimension in codebook.dimensions.items()}
    frame = frame.copy()
    frame.insert(frame.columns.get_loc("dimension"), "Dimension", frame["dimension"].map(labels))
    if "label" not in frame.columns:
        categories = {(d, c): category.label for d, dimension in codebook.dimensions.items()
                      for c, category in dimension.categories.items()}
        frame.insert(frame.columns.get_loc("category") + 1, "label",
                     [categories.get((d, c), "") for d, c in zip(frame["dimension"], frame["category"])])
    if "source" in frame.columns:
        frame["source"] = frame["source"].map(lambda s: SOURCES.get(s, s))
    return swedish(frame)


def labelled_typology(frame: pd.DataFrame, codebook) -> pd.DataFrame:
    """typology.csv as a person reads it: the dimensions' labels as headers, the categories' labels as values."""
    readable = pd.DataFrame({"Län": frame["county"]})
    for dimension_id, dimension in codebook.dimensions.items():
        labels = {c: category.label for c, category in dimension.categories.items()}
        readable[dimension.label] = frame[dimension_id].map(lambda c: labels.get(c, c))
    return readable


def write_workbook(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write each frame as a formatted sheet of `path` (.xlsx); a labelled index becomes a column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in frames.items():
        sheet = workbook.create_sheet(sheet_name(name, workbook.sheetnames))
        if is_crosstab(frame):
            write_crosstab_sheet(sheet, frame)
        else:
            write_sheet(sheet, readable(frame))
        printed(sheet, header_rows=2 if is_crosstab(frame) else 1)
    return save_document(workbook, path)


def is_crosstab(frame: pd.DataFrame) -> bool:
    """A crosstab (tables.crosstab_frame): named rows and named columns of counts."""
    return bool(frame.index.name) and bool(frame.columns.name)


def write_crosstab_sheet(sheet, frame: pd.DataFrame) -> None:
    """A crosstab as the report prints Tabell 1: the row title in the corner over two rows, the column
    title spanning the groups, the groups below it, and "–" where no county is."""
    columns = len(frame.columns)
    sheet.append([frame.index.name, frame.columns.name, *[None] * (columns - 1)])
    sheet.append([None, *map(str, frame.columns)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
    if columns > 1:
        sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=columns + 1)
    for label, values in frame.iterrows():
        sheet.append([str(label), *[cell_value(v) or NONE for v in values]])
    for row in sheet.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = WRAPPED
    for row in sheet.iter_rows(min_row=3):
        for cell in row[1:]:
            cell.alignment = Alignment(horizontal="center", vertical="center")
        row[0].alignment = WRAPPED
    sheet.column_dimensions["A"].width = WIDEST
    for index in range(2, columns + 2):
        sheet.column_dimensions[get_column_letter(index)].width = max(HEADER_WIDEST, NARROWEST)
    sheet.freeze_panes = "B3"


def printed(sheet, header_rows: int) -> None:
    """Print settings a reader expects: landscape A4, every column on the page's width, header rows repeated."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{header_rows}"


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a meaningful index (a crosstab's row labels) turned into its first column."""
    if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
        return frame
    return frame.reset_index(names=frame.index.name or "")


def sheet_name(name: str, taken: list[str]) -> str:
    """`name` made valid for Excel (no []:*?/\\, at most 31 characters) and unique in the workbook."""
    base = SHEET_FORBIDDEN.sub("-", name)[:SHEET_LENGTH] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in (t.lower() for t in taken):
        suffix = f" ({number})"
        candidate, number = base[: SHEET_LENGTH - len(suffix)] + suffix, number + 1
    return candidate


def write_sheet(sheet, frame: pd.DataFrame) -> None:
    """The frame with a bold, shaded, frozen header row (and first column, for a wide sheet) and fitted widths.

    Each value is made storable once (`cell_value`), for its cell and its column's width; the
    cells openpyxl would take for formulas are found among the values, not by visiting every cell."""
    header = [sheet_text(str(c)) for c in frame.columns]
    columns = [[cell_value(v) for v in frame[column]] for column in frame.columns]
    sheet.append(header)
    for row in zip(*columns):
        sheet.append(row)
    for row_number, column_number in formula_like(header, columns):
        as_text(sheet.cell(row=row_number, column=column_number))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAPPED
    sheet.freeze_panes = "B2" if len(frame.columns) > 12 else "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    header_lines = 1
    for index, (column, values) in enumerate(zip(frame.columns, columns), start=1):
        longest = max([len(line) for value in values for line in str(value or "").splitlines()] or [0])
        header = len(str(column))
        width = min(max(longest + 2, min(header + 2, HEADER_WIDEST), NARROWEST), WIDEST)
        sheet.column_dimensions[get_column_letter(index)].width = width
        header_lines = max(header_lines, math.ceil((header + 2) / width))
        if longest > WIDEST:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = WRAPPED
    if header_lines > 1:
        sheet.row_dimensions[1].height = LINE_HEIGHT * header_lines


def formula_like(header: list, columns: list[list]) -> Iterator[tuple[int, int]]:
    """(row, column) of each value, the header's included, that openpyxl would store as a formula
    (text beginning with '=')."""
    for number, value in enumerate(header, start=1):
        if isinstance(value, str) and value.startswith("="):
            yield 1, number
    for number, values in enumerate(columns, start=1):
        for row, value in enumerate(values, start=2):
            if isinstance(value, str) and value.startswith("="):
                yield row, number


def cell_value(value):
    """A value openpyxl can store: missing values empty, numpy scalars as Python ones, text
    without the control characters Excel refuses."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return sheet_text(value)
    return value.item() if hasattr(value, "item") else value
