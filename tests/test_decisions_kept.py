"""Human decisions are never lost or moved silently: a county id that changes, a review sheet
Excel rearranged, a paragraph revised in a way that changes its meaning, a coder's name typed
in another case."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import note_source
from dialogtool.cli import cli
from dialogtool.coding.store import Project
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide
from dialogtool.model import Decision

GUIDE = Path(__file__).resolve().parent.parent / "interview_guides" / "2025.yaml"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def notes(tmp_path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "L06.md").write_text(note_source("L06"), encoding="utf-8")
    (folder / "L07.md").write_text(note_source("L07", participants=4), encoding="utf-8")
    return folder


def test_an_override_whose_county_id_changed_is_orphaned_visibly_and_comes_back(notes):
    result = invoke("classify", "L06", "plan_status", "pagar", "--reason", "Planen revideras", "--notes", notes)
    assert result.exit_code == 0, result.output
    (notes / "L06.md").write_text(note_source("L06B"), encoding="utf-8")

    listed = invoke("classify", "--list", "--notes", notes)
    assert listed.exit_code == 0, listed.output
    assert "\tUTAN ANTECKNING: ingen anteckning för L06 i denna omgång" in listed.output
    assert listed.output.endswith(f"Aktiva ändrade klassificeringar i {notes}: 0. Utan anteckning: 1 (länets Län: "
                                  "har ändrats eller anteckningen saknas; räknas inte): gör om dem för länets nuvarande "
                                  "id, eller ta bort dem.\n")
    status = invoke("status", "--notes", notes)
    assert "Utan stycke: 1 " in status.output
    assert ("Ändrad klassificering plan_status = pagar av " in status.output
            and "ingen anteckning för länet L06 i denna omgång (har raden Län: ändrats?)" in status.output)

    (notes / "L06.md").write_text(note_source("L06"), encoding="utf-8")
    assert "Utan stycke: inga" in invoke("status", "--notes", notes).output
    [override] = Project.for_notes(notes).decisions(kind="override")
    assert override.status == "active"


# --- The review sheet --------------------------------------------------------------------------


def exported_sheet(notes: Path, path: Path):
    """The round's review sheet (openpyxl workbook, its review sheet and header) with 'alla'
    accepted on every row that has suggestions."""
    result = invoke("review", "export", "--notes", notes, "--out", path)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    sheet = workbook["review"]
    header = [cell.value for cell in sheet[1]]
    return workbook, sheet, header


def accept_all(sheet, header) -> int:
    rows = 0
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("suggested")].value:
            row[header.index("accept")].value = "alla"
            rows += 1
    return rows


def test_a_blank_copy_of_the_review_sheet_put_first_is_not_what_is_read(notes, tmp_path):
    workbook, sheet, header = exported_sheet(notes, tmp_path / "r.xlsx")
    copy = workbook.copy_worksheet(sheet)
    copy.title = "review (2)"
    workbook.move_sheet(copy, offset=-workbook.index(copy))
    filled = accept_all(sheet, header)
    workbook.save(tmp_path / "r.xlsx")
    result = invoke("review", "import", tmp_path / "r.xlsx", "--coder", "anna", "--notes", notes)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Läste bladet 'review' i r.xlsx, det som har beslut; lästes inte (inga beslut): 'review (2)'."
    assert lines[1].startswith("Sparade ") and f"av anna från {filled} ifyllda rader" in lines[1]
    assert not lines[1].startswith("Sparade 0 ")


def test_two_sheets_that_both_hold_decisions_are_refused(notes, tmp_path):
    workbook, sheet, header = exported_sheet(notes, tmp_path / "r.xlsx")
    accept_all(sheet, header)
    workbook.copy_worksheet(sheet).title = "review (2)"
    workbook.save(tmp_path / "r.xlsx")
    result = invoke("review", "import", tmp_path / "r.xlsx", "--coder", "anna", "--notes", notes)
    assert result.exit_code == 1
    assert result.output == ("Error: r.xlsx: bladen 'review' och 'review (2)' har båda beslut; "
                             "behåll det du fyllde i (radera eller byt namn på det andras rubrikrad) och importera igen.\n")


def test_a_second_column_headed_add_is_refused_not_ignored(notes, tmp_path):
    workbook, sheet, header = exported_sheet(notes, tmp_path / "r.xlsx")
    sheet.cell(row=1, column=len(header) + 1, value="add")
    sheet.cell(row=2, column=len(header) + 1, value="finansiering")
    workbook.save(tmp_path / "r.xlsx")
    result = invoke("review", "import", tmp_path / "r.xlsx", "--coder", "anna", "--notes", notes)
    assert result.exit_code == 1
    extra = get_column_letter(len(header) + 1)
    assert result.output == (f"Error: r.xlsx: rubrikraden (rad 1) har 2 kolumner 'add' (I, {extra}); flytta innehållet "
                             "till en kolumn 'add', radera de andra och importera igen.\n")
    assert Project.for_notes(notes).decisions() == []


def test_a_row_whose_id_and_text_disagree_is_never_recorded_even_with_partial(notes, tmp_path):
    workbook, sheet, header = exported_sheet(notes, tmp_path / "r.xlsx")
    accept_all(sheet, header)
    rows = list(sheet.iter_rows(min_row=2))
    ids, texts = header.index("segment_id"), header.index("text")
    # the text column sorted alone: every row's text is now another row's (of the same county)
    l06 = [row for row in rows if row[ids].value.startswith("L06-")]
    moved = [row[texts].value for row in l06]
    for row, text in zip(l06, moved[1:] + moved[:1]):
        row[texts].value = text
    # and one row whose id is not a paragraph of the notes now, beside another paragraph's text
    stale = next(row for row in rows if row[ids].value.startswith("L07-"))
    stale[ids].value = "L07-0000000000"
    workbook.save(tmp_path / "r.xlsx")
    result = invoke("review", "import", tmp_path / "r.xlsx", "--coder", "anna", "--notes", notes, "--partial")
    assert result.exit_code == 0, result.output
    assert (f"rad {stale[0].row}: dess segment_id L07-0000000000 är inte id för dess text (sorterades bara några "
            "kolumner, eller klistrades celler in?); ångra sorteringen (sortera alla kolumner tillsammans) eller exportera ett nytt ark.") in result.output
    recorded = {d.segment_id for d in Project.for_notes(notes).decisions()}
    assert not recorded & {row[ids].value for row in l06}
    assert all(segment.startswith("L07-") for segment in recorded)


def test_the_same_sheet_imported_as_anna_and_as_Anna_is_one_coder_recorded_once(notes, tmp_path):
    workbook, sheet, header = exported_sheet(notes, tmp_path / "r.xlsx")
    accept_all(sheet, header)
    workbook.save(tmp_path / "r.xlsx")
    first = invoke("review", "import", tmp_path / "r.xlsx", "--coder", "anna", "--notes", notes)
    count = len(Project.for_notes(notes).decisions())
    again = invoke("review", "import", tmp_path / "r.xlsx", "--coder", "Anna ", "--notes", notes)
    assert first.exit_code == again.exit_code == 0
    assert again.output.startswith("Sparade 0 beslut av anna från ")
    assert len(Project.for_notes(notes).decisions()) == count
    assert {d.coder for d in Project.for_notes(notes).decisions()} == {"anna"}


# --- Revised paragraphs ---------------------------------------------------------------------------

NEGATED = "Skolan är inte med i ledningsgruppen ännu, men skolcheferna ska bjudas in under hösten."
WHOLE = ("Ledningsgruppen på hög tjänstemannanivå samlar hälso- och sjukvården och socialtjänsten, och sedan i våras "
         "även skolan.")
SPLIT_OFF = "Gruppen möts fyra gånger per år i regionhuset."
REPEATED = "Länssamordnaren leder arbetet."


def decide(notes: Path, text: str, theme: str = "styrning.skola") -> Decision:
    """A human code on the L06 paragraph that reads `text` (the first, if several do)."""
    segment = next(s for s in corpus_of(notes).segments if s.county == "L06" and s.text == text)
    return Project.for_notes(notes).add(Decision("code_added", "L06", segment.segment_id, theme, text=segment.text,
                                                 coder="anna"))


def corpus_of(notes: Path):
    return load_corpus(notes, load_guide(GUIDE))


def rewrite(notes: Path, old: str, new: str, count: int = 1) -> None:
    note = notes / "L06.md"
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new, count), encoding="utf-8")


def test_a_revision_that_drops_a_negation_orphans_the_decision(notes):
    rewrite(notes, "Man önskar mer metodstöd", NEGATED + "\n\nMan önskar mer metodstöd")
    decision = decide(notes, NEGATED)
    rewrite(notes, NEGATED, NEGATED.replace("är inte med", "är med"))
    status = invoke("status", "--notes", notes)
    assert "Utan stycke: 1 " in status.output
    assert f"#{decision.id} L06 Tillagt tema styrning.skola av anna" in status.output


def test_a_split_paragraph_is_labelled_split(notes):
    rewrite(notes, "Ledningsgruppen på hög tjänstemannanivå samlar hälso- och sjukvården och socialtjänsten, och sedan "
            "i våras även skolan.", f"{WHOLE} {SPLIT_OFF}")
    decision = decide(notes, f"{WHOLE} {SPLIT_OFF}")
    rewrite(notes, f"{WHOLE} {SPLIT_OFF}", f"{WHOLE}\n\n{SPLIT_OFF}")
    status = invoke("status", "--notes", notes)
    assert f"  #{decision.id} L06 Tillagt tema styrning.skola av anna: del av ett delat stycke, likhet" in status.output


def test_a_decision_on_repeated_text_whose_occurrence_is_deleted_does_not_move_silently(notes):
    rewrite(notes, "Man önskar mer metodstöd", REPEATED + "\n\nMan önskar mer metodstöd")
    rewrite(notes, "Länet har en länsgemensam", REPEATED + "\n\nLänet har en länsgemensam")
    decision = decide(notes, REPEATED)
    assert "Re-anchored" not in invoke("status", "--notes", notes).output
    rewrite(notes, REPEATED + "\n\nLänet har en länsgemensam", "Länet har en länsgemensam")
    status = invoke("status", "--notes", notes)
    assert (f"  #{decision.id} L06 Tillagt tema styrning.skola av anna: samma text, nu under ett annat "
            f"frågeområde, likhet 100: \"{REPEATED}\"") in status.output
