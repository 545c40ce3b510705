"""Review the coding in Excel: one row per segment out, the investigator's decisions back in.

The investigators work in Excel, so the review round trip is a workbook: `export_review`
writes every segment with its suggested themes and current human codes and empty columns
for accept / reject / add; `import_review` turns what was filled in into decisions in the
project database. A sheet is checked row by row before anything is written, so a wrongly
edited sheet is reported whole and never half-imported; re-importing a sheet records
nothing twice. Excel's ways with a sheet are taken in stride: sorted or filtered rows,
moved columns, a renamed or moved sheet, a title row above the header, formulas (by their
calculated value), ids in any case; merged cells and uncalculated formulas are named.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from rapidfuzz import fuzz, process

from .effective import CODE_DECISIONS, folded_theme, latest_code_decisions, theme_index
from ..archives import open_checked
from ..cells import as_text, sheet_text
from ..errors import ProjectError, ReviewSheetError
from ..files import save_document
from ..model import Decision, Segment
from .reanchor import EXACT_SCORE, FUZZY_THRESHOLD, MATCHES, best_anchor, normalised, segments_by_county
from .store import Project
from .wordcodes import shortened
from ..ingest.segment import segment_id

REVIEW_SHEET = "review"
THEMES_SHEET = "themes"
#: The review sheet's columns, in order; import finds them by name, so they may be moved.
COLUMNS = ("segment_id", "county", "area", "text", "suggested", "human_codes", "accept", "reject", "add", "comment")
#: The columns an exported sheet has: those import needs, and the rejections already recorded, so a
#: second reviewer sees them (for reading: import does not need the column, older sheets lack it).
SHEET_COLUMNS = (*COLUMNS, "rejected", "confidence")
FILL_COLUMNS = ("accept", "reject", "add", "comment")
WIDTHS = {"segment_id": 16, "county": 8, "area": 11, "text": 80, "suggested": 28, "human_codes": 28, "rejected": 28,
          "confidence": 11,
          "accept": 22, "reject": 22, "add": 22, "comment": 30}
HINTS = {
    "accept": "Suggested themes you confirm, separated by commas; 'alla' (or 'all') accepts every suggestion not in "
              "reject.",
    "reject": "Suggested themes (or current human codes) that do not fit this segment, separated by commas.",
    "add": "Themes the segment should have that were not suggested, separated by commas (ids: sheet 'themes').",
    "comment": "Why, in a few words (optional); kept with each decision of this row.",
}
ALL_WORDS = ("alla", "all")
HUMAN_SOURCES = ("human", "auto+accepted")
#: Nearest theme ids shown for an unknown one: at least this rapidfuzz ratio, and close to the best.
NEAREST_MIN_SCORE = 60
NEAREST_MARGIN = 10
#: How far down a sheet the header is looked for (rows may have been inserted above it).
HEADER_ROWS = 10
#: The first bytes of an old-format (.xls) or encrypted Office file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class ImportResult:
    """What an import recorded: the new decisions, the ones already recorded, and the bad rows."""

    written: list[Decision] = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    #: One line per row whose paragraph was revised since the export, carried to the paragraph it is now.
    reanchored: list[str] = field(default_factory=list)
    #: The sheet the decisions were read from, other sheets with the review's header (left unread,
    #: having no decisions), and the coder's name as recorded (its earlier spelling).
    sheet: str = ""
    unread_sheets: list[str] = field(default_factory=list)
    coder: str = ""


def export_review(analysis, path: Path) -> Path:
    """Write review.xlsx for `analysis` (corpus, codebook, auto_codes, codes): one row per segment,
    the least sure first, so that the investigator's time goes where the suggestions are weakest."""
    path = Path(path)
    auto = themes_by_segment(analysis.auto_codes)
    human = themes_by_segment(c for c in analysis.codes if c.source in HUMAN_SOURCES)
    rejected = rejections_by_segment(analysis.decisions)
    sureness = row_confidence(analysis.codes)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = REVIEW_SHEET
    sheet.append(list(SHEET_COLUMNS))
    for segment in sorted(analysis.corpus.segments, key=lambda s: sureness.get(s.segment_id, UNSUGGESTED)):
        sheet.append([segment.segment_id, segment.county, segment.area, sheet_text(segment.text),
                      ", ".join(auto.get(segment.segment_id, [])), ", ".join(human.get(segment.segment_id, [])),
                      None, None, None, None, ", ".join(rejected.get(segment.segment_id, [])),
                      sureness.get(segment.segment_id)])
        as_text(sheet.cell(row=sheet.max_row, column=SHEET_COLUMNS.index("text") + 1))
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
    return save_document(workbook, path)


def style_review_sheet(sheet, rows: int) -> None:
    """Frozen header, set widths, wrapped text, shaded fill-in columns with input hints."""
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    shade = PatternFill("solid", fgColor="FFF2CC")
    for index, name in enumerate(SHEET_COLUMNS, 1):
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


#: Where a row with no suggestion sorts: after every suggestion that could be wrong.
UNSUGGESTED = 2.0


def row_confidence(codes) -> dict[str, float]:
    """Per segment, the confidence of its least sure code (a person's code counts as sure)."""
    result: dict[str, float] = {}
    for code in codes:
        if code.confidence is not None:
            result[code.segment_id] = min(result.get(code.segment_id, 1.0), code.confidence)
    return result


def rejections_by_segment(decisions) -> dict[str, list[str]]:
    """Per segment, the themes whose latest decision rejects them, with who rejected: "styrning.skola (anna)"."""
    result: dict[str, list[str]] = {}
    for (segment, theme), decision in latest_code_decisions(decisions).items():
        if decision.kind == "code_rejected":
            result.setdefault(segment, []).append(f"{theme} ({decision.coder})" if decision.coder else theme)
    return result


def themes_by_segment(codes) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for code in codes:
        themes = result.setdefault(code.segment_id, [])
        if code.theme not in themes:
            themes.append(code.theme)
    return result


def import_review(path: Path, project: Project, segments: list[Segment], codebook, coder: str,
                  partial: bool = False) -> ImportResult:
    """Record the accept / reject / add columns of a filled-in review.xlsx as `coder`'s decisions.

    Every row is checked first. Without `partial` a single bad row stops the import with all
    bad rows listed; with it the valid rows are written (in one transaction) and the bad ones
    returned in `errors`. Decisions `coder` already has are not recorded again, even when two
    imports of the same sheet run at once. A row whose paragraph was revised since the export
    is carried to the paragraph that has its text now, as re-anchoring does for decisions.
    """
    path = Path(path)
    if not coder.strip():
        raise ProjectError("en import av granskningsarket behöver kodarens namn; ange --coder NAMN.")
    coder = project.coder_named(coder)
    sheets = sheet_rows(path)
    (sheet, rows), unread = sheets[0], [title for title, _ in sheets[1:]]
    by_id = {s.segment_id: s for s in segments}
    by_county = segments_by_county(segments)
    themes = theme_index(codebook.themes)
    result = ImportResult(sheet=sheet, unread_sheets=unread, coder=coder)
    planned: list[Decision] = []
    decided: dict[tuple[str, str], tuple[int, str]] = {}  # (segment, theme) -> (row, on/off)
    with_ids = known = 0
    for row in rows:
        if not filled_in(row):
            continue
        result.rows += 1
        with_ids += bool(row.values["segment_id"])
        known += row.values["segment_id"] in by_id
        where = f"{path.name} rad {row.number}"
        problems = row.problems
        if not problems:
            segment, score, match = row_segment(row.values, by_id, by_county)
            problems, decisions = row_decisions(row.values, segment, score, match, themes, coder)
            problems = problems or contradictions(decisions, decided, row.number)
        if problems:
            result.errors.extend(f"{where}: {problem}" for problem in problems)
            continue
        if match and match != "exact":
            result.reanchored.append(f"{where}: stycket har reviderats sedan exporten; sparat på det som "
                                     f"nu lyder '{shortened(segment.text)}' ({MATCHES[match]}, likhet {score:g})")
        for decision in decisions:
            decision.detail = {"source": path.name, "row": row.number, **decision.detail}
        planned.extend(decisions)
    if with_ids >= 2 and not known:
        raise ReviewSheetError(
            f"{path.name}: ingen av dess {with_ids} ifyllda rader är ett textavsnitt i dessa anteckningar; om arket "
            "exporterades från en annan omgång, ange den omgångens mapp med --notes."
        )
    if result.errors and not partial:
        raise ReviewSheetError(
            f"{path.name}: {len(result.errors)} fel, inget importerat; rätta dessa rader, "
            "eller ange --partial för att importera de giltiga raderna:\n" + "\n".join(result.errors)
        )
    result.written = project.add_many(planned, unrecorded=lambda recorded: unrecorded(planned, recorded)) if planned else []
    result.unchanged = len(planned) - len(result.written)
    return result


def contradictions(decisions: list[Decision], decided: dict[tuple[str, str], tuple[int, str]],
                   number: int) -> list[str]:
    """A row that decides a theme of a segment the other way than an earlier row of the same
    segment (a copied row): the problem, else nothing, and the row's decisions noted in `decided`."""
    problems = []
    for decision in decisions:
        key = (decision.segment_id, decision.theme)
        earlier = decided.get(key)
        if earlier and earlier[0] != number and earlier[1] != polarity(decision.kind):
            problems.append(f"textavsnittet {decision.segment_id} finns också på rad {earlier[0]}, som beslutar "
                            f"tvärtom om '{decision.theme}'; behåll en av de två raderna.")
    if not problems:
        decided.update({(d.segment_id, d.theme): (number, polarity(d.kind)) for d in decisions})
    return problems


def unrecorded(candidates: list[Decision], recorded: list[Decision]) -> list[Decision]:
    """The candidates that change their coder's coding: not what that coder last decided on
    that segment and theme already (a removed decision does not count), nor a repeat among
    the candidates. This is what makes a second import of the same file record nothing."""
    latest: dict[tuple[str, str | None, str | None], str] = {}
    for decision in sorted(recorded, key=lambda d: d.id or 0):
        if decision.kind in CODE_DECISIONS and decision.status != "removed":
            latest[(decision.coder.casefold(), decision.segment_id, decision.theme)] = decision.kind
    result = []
    for candidate in candidates:
        key = (candidate.coder.casefold(), candidate.segment_id, candidate.theme)
        if polarity(latest.get(key)) == polarity(candidate.kind):
            continue
        latest[key] = candidate.kind
        result.append(candidate)
    return result


def polarity(kind: str | None) -> str | None:
    """Whether a coding decision puts the theme on the segment (added and accepted both do)."""
    if kind is None:
        return None
    return "off" if kind == "code_rejected" else "on"


@dataclass
class SheetRow:
    """One data row of the review sheet: its Excel row number, cell texts by column, and what is wrong with its cells."""

    number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)


def sheet_rows(path: Path) -> list[tuple[str, list[SheetRow]]]:
    """Every sheet with the review's header as (title, data rows), the one to import first;
    checks the file, finds the sheets and their headers.

    Of several such sheets (Excel puts a copy of a sheet first), the one with decisions
    filled in is imported; two that both have decisions are an error.
    """
    workbook = open_workbook(path, data_only=False)
    try:
        read = [(sheet.title, read_sheet(path, workbook, sheet, header_row))
                for sheet, header_row in review_sheets(path, workbook)]
    finally:
        workbook.close()
    filled = [(title, rows) for title, rows in read if any(filled_in(row) for row in rows)]
    if len(filled) > 1:
        raise ReviewSheetError(f"{path.name}: bladen {' och '.join(repr(t) for t, _ in filled)} har båda "
                               "beslut; behåll det du fyllde i (radera eller byt namn på det andras rubrikrad) och "
                               "importera igen.")
    with_decisions = {title for title, _ in filled}
    return sorted(read, key=lambda sheet: sheet[0] not in with_decisions)


def filled_in(row: SheetRow) -> bool:
    """Whether a row has anything filled in to record (or a problem to report)."""
    return bool(row.problems) or any(row.values[name] for name in ("accept", "reject", "add"))


def read_sheet(path: Path, workbook, sheet, header_row: int) -> list[SheetRow]:
    """Every data row of one sheet below its header.

    Formulas count by the value Excel calculated; a formula with no calculated value, or
    cells merged across rows or columns, are problems of the rows they touch.
    """
    formulas = {(cell.row, cell.column): cell.value for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f"}
    if formulas:
        calculated = open_workbook(path, data_only=True)
        values = list(calculated[sheet.title].iter_rows(values_only=True))
        calculated.close()
    else:
        values = list(sheet.iter_rows(values_only=True))
    merged = [r for r in sheet.merged_cells.ranges if r.size["rows"] * r.size["columns"] > 1]
    title = sheet.title
    header = [cell_text(v) for v in (values[header_row - 1] if len(values) >= header_row else ())]
    positions = header_positions(path, header, header_row)
    columns = {index + 1: name for name, index in positions.items()}
    rows = []
    for number, row in enumerate(values[header_row:], header_row + 1):
        cells = {name: row[index] if index < len(row) else None for name, index in positions.items()}
        problems = [f"kolumnen {name} innehåller formeln {formulas[(number, index + 1)]} utan beräknat värde; "
                    "ersätt den med dess värde (Kopiera, sedan Klistra in special → Värden)."
                    for name, index in positions.items()
                    if (number, index + 1) in formulas and cells[name] is None]
        rows.append(SheetRow(number, {name: cell_text(v) for name, v in cells.items()}, problems))
    for cells in merged:
        names = [columns[c] for c in range(cells.min_col, cells.max_col + 1) if c in columns]
        if not names:
            continue
        if cells.min_row <= header_row <= cells.max_row:
            raise ReviewSheetError(f"{path.name} bladet '{title}': rubrikcellerna {cells.coord} är sammanfogade; "
                                   "dela upp dem och återställ rubrikraden som den exporterades.")
        for row in rows:
            if cells.min_row <= row.number <= cells.max_row:
                row.problems.append(f"cellerna {cells.coord} ({', '.join(names)}) är sammanfogade; dela upp dem "
                                    "och fyll i varje rads celler för sig.")
    return rows


def open_workbook(path: Path, data_only: bool):
    """The workbook at `path`; a file that is no .xlsx, or cannot be opened, is named with what to do."""
    if zipfile.is_zipfile(path):
        open_checked(path, ReviewSheetError, "exportera ett nytt ark med `dialogtool review export`").close()
    try:
        return openpyxl.load_workbook(path, data_only=data_only)
    except FileNotFoundError:
        raise ReviewSheetError(f"{path}: filen finns inte; ange granskningsarket du fyllde i.") from None
    except PermissionError:
        raise ReviewSheetError(f"{path}: kan inte läsas (åtkomst nekad); stäng den i Excel, eller kontrollera "
                               "att du får läsa den, och försök igen.") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise ReviewSheetError(f"{path}: {not_xlsx_reason(path)}; spara den som .xlsx eller exportera ett nytt ark med "
                               "`dialogtool review export`.") from None


def not_xlsx_reason(path: Path) -> str:
    """What a file that openpyxl cannot read is, as far as its first bytes tell."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(4)
    except OSError:
        start = b""
    if start == OLE_MAGIC:
        return "en Excel-arbetsbok i det gamla formatet (.xls) eller en lösenordsskyddad, inte en .xlsx"
    if Path(path).suffix.lower() == ".ods":
        return "ett OpenDocument-kalkylblad (.ods), inte en Excel-arbetsbok (.xlsx)"
    return "ingen Excel-arbetsbok (.xlsx)"


def review_sheets(path: Path, workbook) -> list[tuple[object, int]]:
    """The sheets with the exported header, each with its header's row: whatever a sheet is
    called now, wherever it was moved, with rows (a title) inserted above the header. With
    none, the sheet called 'review' or else the first that is not the themes list."""
    found = []
    for sheet in workbook.worksheets:
        for number, row in enumerate(sheet.iter_rows(max_row=HEADER_ROWS, values_only=True), 1):
            if "segment_id" in (cell_text(v).lower() for v in row):
                found.append((sheet, number))
                break
    if found:
        return found
    if REVIEW_SHEET in workbook.sheetnames:
        return [(workbook[REVIEW_SHEET], 1)]
    others = [s for s in workbook.worksheets if s.title != THEMES_SHEET]
    if not others:
        raise ReviewSheetError(f"{path.name}: inget blad innehåller granskningen (blad: "
                               f"{', '.join(workbook.sheetnames)}); "
                               "exportera ett nytt granskningsark med `dialogtool review export`.")
    return [(others[0], 1)]


def header_positions(path: Path, header: list[str], header_row: int = 1) -> dict[str, int]:
    """Where each column is; a missing or renamed column is an error naming what was found instead."""
    found = {name.lower(): index for index, name in enumerate(header) if name}
    for name in COLUMNS:
        twice = [openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(header) if h.lower() == name]
        if len(twice) > 1:
            raise ReviewSheetError(
                f"{path.name}: rubrikraden (rad {header_row}) har {len(twice)} kolumner '{name}' ({', '.join(twice)}); "
                f"flytta innehållet till en kolumn '{name}', radera de andra och importera igen."
            )
        if name not in found:
            others = [h for h in found if h not in SHEET_COLUMNS]
            guess = process.extractOne(name, others, scorer=fuzz.ratio, score_cutoff=50) if others else None
            instead = f" (hittade '{guess[0]}' i stället)" if guess else ""
            raise ReviewSheetError(
                f"{path.name}: rubrikraden (rad {header_row}) har ingen kolumn '{name}'{instead}; "
                "återställ rubrikraden som den exporterades eller exportera ett nytt ark med `dialogtool review "
                "export`."
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


def row_segment(row: dict[str, str], by_id: dict[str, Segment],
                by_county: dict[str, list[Segment]]) -> tuple[Segment | None, float, str]:
    """The segment a row is about, how sure and how found: its id, else (the note was revised)
    the county's paragraph that has the row's text now, found as re-anchoring finds it."""
    segment = by_id.get(row["segment_id"])
    if segment is not None or not row["segment_id"] or not row["text"]:
        return segment, EXACT_SCORE, ""
    if not id_of_text(row):
        return None, 0.0, "mismatch"
    probe = Decision(kind="code_added", county=row["county"], text=row["text"])
    return best_anchor(probe, by_county.get(row["county"], []), FUZZY_THRESHOLD)


def id_of_text(row: dict[str, str]) -> bool:
    """Whether the row's segment_id is the id of the row's own county and text (ids are made
    from both): when it is not, the id and the text come from different rows (some columns
    were sorted or pasted alone) and the row belongs to neither."""
    base = segment_id(row["county"], row["text"])
    return row["segment_id"] == base or re.fullmatch(re.escape(base) + r"-\d+", row["segment_id"]) is not None


def row_decisions(row: dict[str, str], segment: Segment | None, score: float, match: str,
                  themes: dict[str, str], coder: str) -> tuple[list[str], list[Decision]]:
    """The problems of one filled-in row, or (no problems) the decisions it records."""
    if not row["segment_id"]:
        return ["segment_id saknas; återställ det från ett exporterat ark eller radera raden."], []
    if match == "mismatch":
        return [f"dess segment_id {row['segment_id']} är inte id för dess text (sorterades bara några kolumner, "
                "eller klistrades celler in?); ångra sorteringen (sortera alla kolumner tillsammans) eller exportera "
                "ett nytt ark."], []
    if segment is None:
        return [f"textavsnittet {row['segment_id']} finns inte längre och inget stycke i {row['county'] or 'dess län'} "
                "har dess text nu (anteckningen har reviderats); exportera ett nytt ark och kopiera radens beslut dit."], []
    moved = match not in ("", "exact")
    if not moved and normalised(sheet_text(segment.text)) != normalised(row["text"]):
        return [f"texten är inte längre textavsnittet {segment.segment_id}s text i anteckningen; "
                "ångra ändringen i kolumnen text, eller exportera ett nytt ark om anteckningen har reviderats."], []
    problems: list[str] = []
    unknown: set[str] = set()

    def ids(cell: str) -> list[str]:
        found = []
        for part in theme_list(cell):
            theme = themes.get(folded_theme(part))
            if theme is not None:
                found.append(theme)
            elif part not in unknown:
                unknown.add(part)
                problems.append(f"okänt tema '{part}'{nearest_hint(folded_theme(part), list(themes.values()))}")
        return dedupe(found)

    suggested = [themes.get(folded_theme(t), t) for t in theme_list(row["suggested"])]
    current = suggested + [themes.get(folded_theme(t), t) for t in theme_list(row["human_codes"])]
    accept_all = any(word.lower() in ALL_WORDS for word in theme_list(row["accept"]))
    accept = ids(" ".join(t for t in theme_list(row["accept"]) if t.lower() not in ALL_WORDS))
    rejected = ids(row["reject"])
    added = ids(row["add"])
    for theme in rejected:
        if theme not in current:
            problems.append(f"kan inte avvisa '{theme}': det föreslogs inte för detta textavsnitt; ta bort det ur "
                            "reject.")
    for theme in accept:
        if theme not in current:
            problems.append(f"kan inte bekräfta '{theme}': det föreslogs inte för detta textavsnitt; skriv det i add "
                            "i stället.")
    for theme in dedupe([*accept, *added]):
        if theme in rejected:
            problems.append(f"'{theme}' är både avvisat och bekräftat eller tillagt; behåll det i en kolumn.")
    if problems:
        return problems, []
    if accept_all:  # 'alla' next to a reject: every suggestion but the rejected ones
        accept = dedupe([*accept, *(t for t in suggested if t not in rejected)])
    wanted = {"code_accepted": accept, "code_rejected": rejected,
              "code_added": [t for t in added if t not in accept]}
    detail = {"anchor_text": segment.text, "anchor_match": match,
              "previous_segment_ids": [row["segment_id"]]} if moved else {}
    decisions = [
        Decision(kind=kind, county=segment.county, segment_id=segment.segment_id, theme=theme,
                 text=row["text"] if moved else segment.text, reason=row["comment"], coder=coder,
                 detail=dict(detail), anchor_score=score if moved else None)
        for kind, themes_of_kind in wanted.items() for theme in themes_of_kind
    ]
    return [], decisions


def nearest_hint(theme: str, theme_ids: list[str]) -> str:
    """' (did you mean a or b?)' with the closest theme ids, or a pointer to the themes sheet."""
    found = process.extract(theme, theme_ids, scorer=fuzz.ratio, limit=3, score_cutoff=NEAREST_MIN_SCORE)
    matches = [m[0] for m in found if m[1] >= found[0][1] - NEAREST_MARGIN]
    if not matches:
        return f" (se bladet '{THEMES_SHEET}' för temanas id)"
    listed = matches[0] if len(matches) == 1 else f"{', '.join(matches[:-1])} eller {matches[-1]}"
    return f" (menade du {listed}?)"


def dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
