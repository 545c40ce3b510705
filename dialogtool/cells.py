"""Cell values that a spreadsheet shows as the text they are, never runs as a formula.

A note paragraph such as `=HYPERLINK("http://x","klick")` would otherwise become a live
formula when the investigators open typology.xlsx or a CSV output in Excel or LibreOffice
("CSV injection"). In .xlsx, text cells are stored as strings (openpyxl would store text
beginning with '=' as a formula); in CSV, a cell beginning with = + - @, a tab or a carriage
return gets a leading single quote, as OWASP recommends, which spreadsheets do not evaluate.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: How a cell starts that a spreadsheet may read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """`value`, with a leading single quote when it is text a spreadsheet could run as a formula."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells, text index labels and headers are `csv_cell`-safe."""
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(csv_cell)
    if not pd.api.types.is_numeric_dtype(frame.index):
        frame.index = frame.index.map(csv_cell)
    frame.columns = [csv_cell(c) for c in frame.columns]
    return frame


def sheet_text(text: str) -> str:
    """Text as an .xlsx cell can hold it (Excel refuses control characters such as a form feed)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def as_text(cell) -> None:
    """Keep a cell whose text begins with '=' as text: openpyxl would write it as a formula."""
    if cell.data_type == "f":
        cell.data_type = "s"
