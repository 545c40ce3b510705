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

import pandas as pd
import xlsxwriter
import xlsxwriter.exceptions

from .report.spec import TABELL1, TABELL1_SHEET

from ..cells import ILLEGAL_CHARACTERS_RE, sheet_text
from ..files import replacing
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
HEADER_FILL = "#DCE6F0"
#: Pixels per character of a column's width (Calibri 11, the workbook's default font).
DIGIT_PIXELS = 7
#: XlsxWriter's number for A4 paper.
A4 = 9
#: Text (a note's paragraph, a quote) is stored as text even where it begins with '=' or looks like a link.
TEXT_STAYS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
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
SOURCES = {"rule": "regel", "override": "manuell", "model": "inlärd modell", "auto": "förslag", "human": "utredare",
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
    evidence = {e: readable_evidence(e, codebook) for e in set(codings["evidence"])}  # the same cues recur
    codings["evidence"] = codings["evidence"].map(evidence)
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
    """Write each frame as a formatted sheet of `path` (.xlsx); a labelled index becomes a column.

    Written by XlsxWriter, which streams each value into the sheet's XML (openpyxl made a
    Python object of each of a large round's 160,000 cells); text is always stored as text,
    never as a formula or a link, whatever it begins with."""
    with replacing(path) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), TEXT_STAYS_TEXT)
        styles = Styles(workbook)
        taken: list[str] = []
        for name, frame in frames.items():
            sheet = workbook.add_worksheet(sheet_name(name, taken))
            taken.append(sheet.name)
            if is_crosstab(frame):
                write_crosstab_sheet(sheet, frame, styles)
            else:
                write_sheet(sheet, readable(frame), styles)
            printed(sheet, header_rows=2 if is_crosstab(frame) else 1)
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as error:
            raise error.args[0] from None  # the OSError, which `replacing` reports naming the file
    return Path(path)


class Styles:
    """The workbook's cell formats, made once (XlsxWriter indexes each format object it is given)."""

    def __init__(self, workbook):
        self.header = workbook.add_format({"bold": True, "pattern": 1, "bg_color": HEADER_FILL,
                                           "text_wrap": True, "valign": "top"})
        self.wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.centred = workbook.add_format({"align": "center", "valign": "vcenter"})


def is_crosstab(frame: pd.DataFrame) -> bool:
    """A crosstab (tables.crosstab_frame): named rows and named columns of counts."""
    return bool(frame.index.name) and bool(frame.columns.name)


def write_crosstab_sheet(sheet, frame: pd.DataFrame, styles: Styles) -> None:
    """A crosstab as the report prints Tabell 1: the row title in the corner over two rows, the column
    title spanning the groups, the groups below it, and "–" where no county is."""
    columns = len(frame.columns)
    sheet.merge_range(0, 0, 1, 0, sheet_text(str(frame.index.name)), styles.header)
    if columns > 1:
        sheet.merge_range(0, 1, 0, columns, sheet_text(str(frame.columns.name)), styles.header)
    else:
        write_cell(sheet, 0, 1, sheet_text(str(frame.columns.name)), styles.header)
    write_cell(sheet, 1, 0, None, styles.header)
    for column, label in enumerate(frame.columns, start=1):
        write_cell(sheet, 1, column, sheet_text(str(label)), styles.header)
    for row, (label, values) in enumerate(frame.iterrows(), start=2):
        write_cell(sheet, row, 0, sheet_text(str(label)), styles.wrapped)
        for column, value in enumerate(values, start=1):
            write_cell(sheet, row, column, cell_value(value) or NONE, styles.centred)
    sheet.set_column_pixels(0, 0, pixels(WIDEST))
    if columns:
        sheet.set_column_pixels(1, columns, pixels(max(HEADER_WIDEST, NARROWEST)))
    sheet.freeze_panes(2, 1)


def printed(sheet, header_rows: int) -> None:
    """Print settings a reader expects: landscape A4, every column on the page's width, header rows repeated."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_rows - 1)


def pixels(width: int) -> int:
    """A column `width` as the file stores it (openpyxl's width, what Excel's column width box shows
    plus its padding), in the pixels XlsxWriter takes: Calibri 11's digit is 7 pixels wide."""
    return width * DIGIT_PIXELS


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


def write_sheet(sheet, frame: pd.DataFrame, styles: Styles) -> None:
    """The frame with a bold, shaded, frozen header row (and first column, for a wide sheet) and fitted widths.

    Each value is made storable once (`column_values`), for its cell and its column's width."""
    header = [sheet_text(str(c)) for c in frame.columns]
    header_lines = 1
    for index, title in enumerate(header):
        values = column_values(frame.iloc[:, index].tolist())
        write_cell(sheet, 0, index, title, styles.header)
        longest = longest_line(values)
        width = min(max(longest + 2, min(len(str(frame.columns[index])) + 2, HEADER_WIDEST), NARROWEST), WIDEST)
        sheet.set_column_pixels(index, index, pixels(width))
        header_lines = max(header_lines, math.ceil((len(str(frame.columns[index])) + 2) / width))
        write_column(sheet, index, values, styles.wrapped if longest > WIDEST else None)
    sheet.freeze_panes(1, 1 if len(frame.columns) > 12 else 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    if header_lines > 1:
        sheet.set_row(0, LINE_HEIGHT * header_lines)


def column_values(values: list) -> list:
    """A column's values as its cells store them (`cell_value`). A column of text only (most of
    a large round's cells) is searched for the control characters Excel refuses in one pass
    over its joined text rather than value by value: the characters are matched one at a time,
    and the line break joining them is none of them."""
    if all_text(values):
        return values if ILLEGAL_CHARACTERS_RE.search("\n".join(values)) is None else list(map(sheet_text, values))
    return [cell_value(value) for value in values]


def longest_line(values: list) -> int:
    """The length of the longest line of a column's values as they are shown (0 for none): the
    lines of the values joined by line breaks, which only adds empty lines."""
    texts = values if all_text(values) else [str(value or "") for value in values]
    return max(map(len, "\n".join(texts).splitlines()), default=0)


def all_text(values: list) -> bool:
    """Whether a column holds text only (its values' classes gathered in one pass): what the column-wide paths take."""
    return set(map(type, values)) <= {str}


def write_column(sheet, column: int, values: list, style=None) -> None:
    """A column's values below its header, each written by the XlsxWriter method for its type
    (`write_cell`'s rules), looked up by the value's class rather than tested value by value."""
    typed = {str: sheet.write_string, int: sheet.write_number, float: sheet.write_number, bool: sheet.write_boolean}
    blank = sheet.write_blank
    for row, value in enumerate(values, start=1):
        if value is None or value == "":
            blank(row, column, None, style)
        else:
            write = typed.get(value.__class__)
            if write is None:
                write_cell(sheet, row, column, value, style)
            else:
                write(row, column, value, style)


def write_cell(sheet, row: int, column: int, value, style=None) -> None:
    """One value in its cell: text always as text (never a formula or a link), numbers and
    truth values as such; empty text as an empty cell, which is written only where it carries a style."""
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value, style)
    else:
        sheet.write_string(row, column, sheet_text(str(value)), style)


def cell_value(value):
    """A value a sheet can store: missing values empty, numpy scalars as Python ones, text
    without the control characters Excel refuses."""
    if isinstance(value, str):
        return sheet_text(value)
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value
