"""Review the coding in Excel: one row per segment out, the investigator's decisions back in.

The investigators work in Excel, so the review round trip is a workbook: `export_review`
writes every segment with its suggested themes and current human codes and empty columns
for accept / reject / add; `import_review` turns what was filled in into decisions in the
project database. A sheet is checked row by row before anything is written, so a wrongly
edited sheet is reported whole and never half-imported; re-importing a sheet records
nothing twice.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from rapidfuzz import fuzz, process

from .coding import latest_code_decisions
from .errors import ProjectError, ReviewSheetError
from .model import Decision, Segment
from .reanchor import normalised
from .store import Project

REVIEW_SHEET = "review"
THEMES_SHEET = "themes"
#: The review sheet's columns, in order; import finds them by name, so they may be moved.
COLUMNS = ("segment_id", "county", "area", "text", "suggested", "human_codes", "accept", "reject", "add", "comment")
FILL_COLUMNS = ("accept", "reject", "add", "comment")
WIDTHS = {"segment_id": 16, "county": 8, "area": 11, "text": 80, "suggested": 28, "human_codes": 28,
          "accept": 22, "reject": 22, "add": 22, "comment": 30}
HINTS = {
    "accept": "Suggested themes you confirm, separated by commas; 'alla' (or 'all') accepts every suggestion.",
    "reject": "Suggested themes (or current human codes) that do not fit this segment, separated by commas.",
    "add": "Themes the segment should have that were not suggested, separated by commas (ids: sheet 'themes').",
    "comment": "Why, in a few words (optional); kept with each decision of this row.",
}
ALL_WORDS = ("alla", "all")
HUMAN_SOURCES = ("human", "auto+accepted")
#: Nearest theme ids shown for an unknown one: at least this rapidfuzz ratio, and close to the best.
NEAREST_MIN_SCORE = 60
NEAREST_MARGIN = 10


@dataclass
class ImportResult:
    """What an import recorded: the new decisions, the ones already recorded, and the bad rows."""

    written: list[Decision] = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0
    errors: list[str] = field(default_factory=list)


def export_review(analysis, path: Path) -> Path:
    """Write review.xlsx for `analysis` (corpus, codebook, auto_codes, codes): one row per segment."""
    path = Path(path)
    auto = themes_by_segment(analysis.auto_codes)
    human = themes_by_segment(c for c in analysis.codes if c.source in HUMAN_SOURCES)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = REVIEW_SHEET
    sheet.append(list(COLUMNS))
    for segment in analysis.corpus.segments:
        sheet.append([segment.segment_id, segment.county, segment.area, sheet_text(segment.text),
                      ", ".join(auto.get(segment.segment_id, [])), ", ".join(human.get(segment.segment_id, [])),
                      None, None, None, None])
    style_review_sheet(sheet, len(analysis.corpus.segments))
    themes = workbook.create_sheet(THEMES_SHEET)
    themes.append(["theme", "label"])
    for theme_id, theme in analysis.codebook.themes.items():
        themes.append([theme_id, theme.label])
    themes.append([ALL_WORDS[0], "(accept) every suggested theme of the row"])
    themes.freeze_panes = "A2"
    themes.column_dimensions["A"].width = 36
    themes.column_dimensions["B"].width = 60
    themes["A1"].font = themes["B1"].font = Font(bold=True)
    try:
        workbook.save(path)
    except OSError as error:
        raise ReviewSheetError(f"{path}: cannot be written ({error.strerror}); close it in Excel or choose another --out.") from None
    return path


def style_review_sheet(sheet, rows: int) -> None:
    """Frozen header, set widths, wrapped text, shaded fill-in columns with input hints."""
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    shade = PatternFill("solid", fgColor="FFF2CC")
    for index, name in enumerate(COLUMNS, 1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[name]
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        if name in FILL_COLUMNS:
            header.fill = shade
            hint = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=name, prompt=HINTS[name])
            hint.add(f"{letter}2:{letter}{max(rows + 1, 2)}")
            sheet.add_data_validation(hint)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def themes_by_segment(codes) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for code in codes:
        themes = result.setdefault(code.segment_id, [])
        if code.theme not in themes:
            themes.append(code.theme)
    return result


def sheet_text(text: str) -> str:
    """A segment's text as a cell can hold it (Excel refuses control characters)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def import_review(path: Path, project: Project, segments: list[Segment], codebook, coder: str,
                  partial: bool = False) -> ImportResult:
    """Record the accept / reject / add columns of a filled-in review.xlsx as `coder`'s decisions.

    Every row is checked first. Without `partial` a single bad row stops the import with all
    bad rows listed; with it the valid rows are written (in one transaction) and the bad ones
    returned in `errors`. Decisions `coder` already has are not recorded again.
    """
    path = Path(path)
    if not coder.strip():
        raise ProjectError("a review import needs the coder's name; pass --coder NAME.")
    rows = sheet_rows(path)
    by_id = {s.segment_id: s for s in segments}
    theme_ids = list(codebook.themes)
    mine = latest_of_coder(project, coder)
    result = ImportResult()
    planned: list[Decision] = []
    for number, row in rows:
        if not any(row[name] for name in ("accept", "reject", "add")):
            continue
        result.rows += 1
        problems, decisions = row_decisions(row, by_id, theme_ids, coder)
        if problems:
            result.errors.extend(f"{path.name} row {number}: {problem}" for problem in problems)
            continue
        for decision in decisions:
            key = (decision.segment_id, decision.theme)
            if polarity(mine.get(key)) == polarity(decision.kind):
                result.unchanged += 1
                continue
            decision.detail = {"source": path.name, "row": number}
            mine[key] = decision.kind
            planned.append(decision)
    if result.errors and not partial:
        raise ReviewSheetError(
            f"{path.name}: {len(result.errors)} problem(s), nothing imported; correct these rows, "
            "or pass --partial to import the valid rows:\n" + "\n".join(result.errors)
        )
    if planned:
        project.add_many(planned)
    result.written = planned
    return result


def latest_of_coder(project: Project, coder: str) -> dict[tuple[str, str], str]:
    """The kind of `coder`'s last coding decision per (segment, theme): what a re-import compares with."""
    own = [d for d in project.decisions(status=None) if d.coder == coder and d.status != "removed"]
    return {key: d.kind for key, d in latest_code_decisions(own).items()}


def polarity(kind: str | None) -> str | None:
    """Whether a coding decision puts the theme on the segment (added and accepted both do)."""
    if kind is None:
        return None
    return "off" if kind == "code_rejected" else "on"


def sheet_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(Excel row number, {column: cell text}) for every data row; checks the file and its header."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ReviewSheetError(f"{path}: no such file; pass the review workbook you filled in.") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ReviewSheetError(
            f"{path}: not an Excel workbook (.xlsx); save it as .xlsx or export a new one with `dialogtool review export`."
        ) from None
    try:
        sheet = workbook[REVIEW_SHEET] if REVIEW_SHEET in workbook.sheetnames else workbook.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    header = [cell_text(v) for v in (values[0] if values else ())]
    positions = header_positions(path, header)
    return [
        (number, {name: cell_text(row[index]) if index < len(row) else "" for name, index in positions.items()})
        for number, row in enumerate(values[1:], 2)
    ]


def header_positions(path: Path, header: list[str]) -> dict[str, int]:
    """Where each column is; a missing or renamed column is an error naming what was found instead."""
    found = {name.lower(): index for index, name in enumerate(header) if name}
    for name in COLUMNS:
        if name not in found:
            others = [h for h in found if h not in COLUMNS]
            guess = process.extractOne(name, others, scorer=fuzz.ratio, score_cutoff=50) if others else None
            instead = f" (found '{guess[0]}' instead)" if guess else ""
            raise ReviewSheetError(
                f"{path.name}: the header (row 1) has no column '{name}'{instead}; "
                "restore the header as exported or export a new sheet with `dialogtool review export`."
            )
    return {name: found[name] for name in COLUMNS}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def theme_list(cell: str) -> list[str]:
    """Theme ids in a cell: separated by commas, semicolons, spaces or new lines."""
    return [t for t in re.split(r"[,;\s]+", cell.strip()) if t]


def row_decisions(row: dict[str, str], by_id: dict[str, Segment], theme_ids: list[str],
                  coder: str) -> tuple[list[str], list[Decision]]:
    """The problems of one filled-in row, or (no problems) the decisions it records."""
    if not row["segment_id"]:
        return ["no segment_id; restore it from an exported sheet or delete the row."], []
    segment = by_id.get(row["segment_id"])
    if segment is None:
        return [f"segment {row['segment_id']} no longer exists (the note was revised); "
                "export a new sheet and copy this row's decisions into it."], []
    if normalised(sheet_text(segment.text)) != normalised(row["text"]):
        return [f"the text is not segment {segment.segment_id}'s text in the note any more; "
                "undo the edit of the text column, or export a new sheet if the note was revised."], []
    suggested = theme_list(row["suggested"])
    current = suggested + theme_list(row["human_codes"])
    accept = theme_list(row["accept"])
    if any(word.lower() in ALL_WORDS for word in accept):
        accept = [t for t in accept if t.lower() not in ALL_WORDS] + suggested
    wanted = {"code_accepted": dedupe(accept), "code_rejected": dedupe(theme_list(row["reject"])),
              "code_added": dedupe(theme_list(row["add"]))}
    problems = []
    for theme in dedupe([t for themes in wanted.values() for t in themes]):
        if theme not in theme_ids:
            problems.append(f"unknown theme '{theme}'{nearest_hint(theme, theme_ids)}")
    for theme in wanted["code_rejected"]:
        if theme in theme_ids and theme not in current:
            problems.append(f"cannot reject '{theme}': it was not suggested for this segment; clear it from reject.")
    for theme in wanted["code_accepted"]:
        if theme in theme_ids and theme not in current:
            problems.append(f"cannot accept '{theme}': it was not suggested for this segment; put it in add instead.")
    rejected = set(wanted["code_rejected"])
    for theme in dedupe([*wanted["code_accepted"], *wanted["code_added"]]):
        if theme in rejected:
            problems.append(f"'{theme}' is both rejected and accepted or added; keep it in one column.")
    if problems:
        return problems, []
    decisions = [
        Decision(kind=kind, county=segment.county, segment_id=segment.segment_id, theme=theme,
                 text=segment.text, reason=row["comment"], coder=coder)
        for kind, themes in wanted.items() for theme in themes
        if not (kind == "code_added" and theme in wanted["code_accepted"])
    ]
    return [], decisions


def nearest_hint(theme: str, theme_ids: list[str]) -> str:
    """' (did you mean a or b?)' with the closest theme ids, or a pointer to the themes sheet."""
    found = process.extract(theme, theme_ids, scorer=fuzz.ratio, limit=3, score_cutoff=NEAREST_MIN_SCORE)
    matches = [m[0] for m in found if m[1] >= found[0][1] - NEAREST_MARGIN]
    if not matches:
        return f" (see sheet '{THEMES_SHEET}' for the theme ids)"
    listed = matches[0] if len(matches) == 1 else f"{', '.join(matches[:-1])} or {matches[-1]}"
    return f" (did you mean {listed}?)"


def dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
