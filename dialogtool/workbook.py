"""typology.xlsx: every output table of a round as a sheet a person can read in Excel.

Each sheet has a bold, frozen header row with an autofilter, columns as wide as their
content (up to a limit) and long text wrapped, so an investigator can sort, filter and read
the evidence without reformatting anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import (
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
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
#: Characters Excel forbids in sheet names, and its length limit.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_LENGTH = 31


def analysis_frames(analysis) -> dict[str, pd.DataFrame]:
    """The round's output tables by sheet name, in the order a reader wants them."""
    profiles, codebook = analysis.profiles, analysis.codebook
    counties = [note.county for note in analysis.corpus.notes]
    frames = {
        "typology": typology_frame(profiles, codebook),
        "evidence": typology_evidence_frame(profiles),
        "counts": counts_frame(profiles, codebook),
    }
    for crosstab_id, crosstab in codebook.crosstabs.items():
        name = "Tabell 1" if crosstab_id == "plan_x_fordelning" else f"crosstab {crosstab_id}"
        frames[name] = crosstab_frame(profiles, crosstab, codebook)
    frames["theme matrix"] = theme_matrix_frame(analysis.codes, counties, codebook)
    frames["segments"] = segments_frame(analysis.corpus.segments)
    frames["notes"] = notes_frame(analysis.corpus)
    return frames


def write_workbook(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write each frame as a formatted sheet of `path` (.xlsx); a labelled index becomes a column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in frames.items():
        write_sheet(workbook.create_sheet(sheet_name(name, workbook.sheetnames)), readable(frame))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


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
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([cell_value(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for index, column in enumerate(frame.columns, start=1):
        values = [str(column), *(str(cell_value(v) or "") for v in frame[column])]
        longest = max(len(line) for value in values for line in value.splitlines() or [""])
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(longest + 2, NARROWEST), WIDEST)
        if longest > WIDEST:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def cell_value(value):
    """A value openpyxl can store: missing values empty, numpy scalars as Python ones."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value
