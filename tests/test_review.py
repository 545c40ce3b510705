"""The Excel review round trip: export, fill in, import; every kind of wrongly edited sheet."""

from __future__ import annotations

from pathlib import Path

import zipfile

import openpyxl
import pytest

from conftest import built, note_source, notes_dir, read_segments, run
from dialogtool.errors import ReviewSheetError
from dialogtool.coding.review import COLUMNS, SHEET_COLUMNS, export_review, import_review
from dialogtool.coding.store import Project


def exported(folder: Path) -> openpyxl.Workbook:
    """The exported sheet with its rows put back in the notes' order (the export lists the least
    sure first): these tests name rows by their paragraph's place in the note, as a person would
    after sorting the sheet, which import must take in any order."""
    result = run("review", "export", "--notes", folder, "--out", "review.xlsx")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook("review.xlsx")
    in_note_order(workbook["review"], folder)
    workbook.save("review.xlsx")
    return openpyxl.load_workbook("review.xlsx")


def in_note_order(sheet, folder: Path) -> None:
    """Sort the sheet's rows (below the header) by their segment's place in the notes, keeping each cell's type."""
    place = {s.segment_id: i for i, s in enumerate(read_segments(folder))}
    rows = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows(min_row=2)]
    rows.sort(key=lambda row: place.get(row[0][0], len(place)))
    for number, row in enumerate(rows, start=2):
        for column, (value, data_type) in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            cell.data_type = data_type


def fill(workbook, rows: dict[int, dict[str, str]], path="review.xlsx") -> None:
    sheet = workbook["review"]
    for number, values in rows.items():
        for name, value in values.items():
            sheet.cell(row=number, column=COLUMNS.index(name) + 1).value = value
    workbook.save(path)


def test_export_has_a_row_per_segment_suggestions_and_a_themes_sheet(workspace):
    workbook = exported(workspace)
    sheet = workbook["review"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == SHEET_COLUMNS
    assert len(rows) == 7
    # the tagger's suggestions, parents included: the note's first paragraph is about the steering group and the school
    assert rows[1][1:5] == ("L07", "ledning", rows[1][3],
                            "styrning, styrning.ledningsgrupp, styrning.skola, styrning.forandring")
    assert rows[1][3].startswith("Ledningsgruppen på hög tjänstemannanivå")
    assert rows[1][5] is None and rows[1][6] is None
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["D"].width == 80
    assert sheet["D2"].alignment.wrap_text
    prompts = {dv.promptTitle for dv in sheet.data_validations.dataValidation}
    assert prompts == {"accept", "reject", "add", "comment"}
    themes = [r for r in workbook["themes"].iter_rows(values_only=True)]
    assert themes[0] == ("theme", "label")
    assert ("styrning.skola", "Skolan i ledningsstrukturerna") in themes


@pytest.mark.usefixtures("small_model")
def test_round_trip_changes_the_effective_codes(workspace):
    workbook = exported(workspace)
    fill(workbook, {2: {"accept": "alla"}, 3: {"reject": "styrning.operativ", "comment": "handlar om nätverk"},
                    6: {"add": "finansiering, medskick"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.exit_code == 0, result.output
    assert result.output == "Sparade 7 beslut av anna från 3 ifyllda rader; 0 fanns redan.\n"
    analysis = built(workspace)
    segments = analysis.corpus.segments
    codes = {(c.segment_id, c.theme): c for c in analysis.codes}
    first, second, fifth = segments[0].segment_id, segments[1].segment_id, segments[4].segment_id
    assert codes[(first, "styrning.skola")].source == "auto+accepted"
    assert codes[(first, "styrning.skola")].coder == "anna"
    assert (second, "styrning.operativ") not in codes
    # added by anna; the next run's model, trained on her decision, may suggest it too (then it reads as accepted)
    assert codes[(fifth, "finansiering")].source in ("human", "auto+accepted")
    assert codes[(fifth, "finansiering")].coder == "anna"
    assert codes[(fifth, "parallella_reformer.synergi")].source == "auto"
    decisions = Project.for_notes(workspace).decisions()
    rejected = next(d for d in decisions if d.kind == "code_rejected")
    assert (rejected.text, rejected.reason, rejected.coder) == (segments[1].text, "handlar om nätverk", "anna")
    assert rejected.created_at and rejected.detail == {"source": "review.xlsx", "row": 3}


def test_reimporting_the_same_sheet_records_nothing_twice(workspace):
    fill(exported(workspace), {2: {"accept": "styrning.skola"}, 4: {"add": "styrning.skola"}})
    run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    again = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert again.output == "Sparade 0 beslut av anna från 2 ifyllda rader; 2 fanns redan.\n"
    assert len(Project.for_notes(workspace).decisions()) == 2
    other = run("review", "import", "review.xlsx", "--coder", "bo", "--notes", workspace)
    assert other.output.startswith("Sparade 2 beslut av bo")


BAD_ROWS = [
    ({"accept": "styrnig"}, "review.xlsx rad 2: okänt tema 'styrnig' (menade du styrning?)"),
    ({"add": "finansering;medskik"}, "review.xlsx rad 2: okänt tema 'finansering' (menade du finansiering?)\n"
                                     "review.xlsx rad 2: okänt tema 'medskik' (menade du medskick?)"),
    ({"add": "xyz"}, "review.xlsx rad 2: okänt tema 'xyz' (se bladet 'themes' för temanas id)"),
    ({"reject": "finansiering"}, "review.xlsx rad 2: kan inte avvisa 'finansiering': det föreslogs inte "
                                 "för detta textavsnitt; ta bort det ur reject."),
    ({"accept": "medskick"}, "review.xlsx rad 2: kan inte bekräfta 'medskick': det föreslogs inte för detta textavsnitt; "
                             "skriv det i add i stället."),
    ({"reject": "styrning.skola", "add": "styrning.skola"},
     "review.xlsx rad 2: 'styrning.skola' är både avvisat och bekräftat eller tillagt; behåll det i en kolumn."),
    ({"accept": "alla", "text": "Ledningsgruppen samlar vården."},
     "review.xlsx rad 2: texten är inte längre textavsnittet {sid}s text i anteckningen; ångra ändringen i kolumnen "
     "text, eller exportera ett nytt ark om anteckningen har reviderats."),
    ({"accept": "alla", "segment_id": None}, "review.xlsx rad 2: segment_id saknas; återställ det "
                                            "från ett exporterat ark eller radera raden."),
]


@pytest.fixture(scope="module")
def exported_sheet(tmp_path_factory) -> bytes:
    """review.xlsx as exported() writes it for the `workspace` note, exported once for the
    module: a segment's id depends only on its note's text, so every copy of the note gets this sheet."""
    folder = tmp_path_factory.mktemp("exported")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        exported(notes_dir(folder))
    return (folder / "review.xlsx").read_bytes()


@pytest.mark.parametrize("values, message", BAD_ROWS)
def test_a_bad_row_is_reported_and_nothing_is_written(workspace, exported_sheet, values, message):
    Path("review.xlsx").write_bytes(exported_sheet)
    workbook = openpyxl.load_workbook("review.xlsx")
    sid = workbook["review"]["A2"].value
    fill(workbook, {2: values, 3: {"accept": "alla"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    problems = message.count("\n") + 1
    assert result.exit_code == 1
    assert result.output == (
        f"Error: review.xlsx: {problems} fel, inget importerat; rätta dessa rader, eller ange --partial "
        f"för att importera de giltiga raderna:\n{message.format(sid=sid)}\n"
    )
    assert Project.for_notes(workspace).decisions() == []


def revise(folder: Path, old: str, new: str) -> None:
    note = folder / "L07.md"
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new), encoding="utf-8")


def test_a_row_of_a_revised_paragraph_is_carried_to_the_paragraph_now(workspace):
    workbook = exported(workspace)
    old = workbook["review"]["A5"].value
    fill(workbook, {5: {"accept": "handlingsplan.status", "comment": "tydligt"}})
    revise(workspace, "antogs i juni", "antogs i augusti")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.exit_code == 0, result.output
    revised = next(s for s in read_segments(workspace) if "augusti" in s.text)
    lines = result.output.splitlines()
    assert lines[0].startswith("Flyttat till reviderat stycke: review.xlsx rad 5: stycket har reviderats sedan exporten; "
                               "sparat på det som nu lyder 'Länet har en länsgemensam handlingsplan")
    assert lines[0].endswith("' (omformulerat stycke, likhet 96.4)")
    assert lines[1] == "Sparade 1 beslut av anna från 1 ifyllda rader; 0 fanns redan."
    decision = Project.for_notes(workspace).decisions()[0]
    assert (decision.kind, decision.segment_id, decision.theme) == ("code_accepted", revised.segment_id,
                                                                    "handlingsplan.status")
    assert decision.anchor_score == 96.4 and decision.detail["previous_segment_ids"] == [old]
    again = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert again.output.splitlines()[1] == "Sparade 0 beslut av anna från 1 ifyllda rader; 1 fanns redan."


def test_a_row_of_a_deleted_paragraph_is_reported(workspace):
    workbook = exported(workspace)
    old = workbook["review"]["A7"].value
    fill(workbook, {7: {"accept": "alla"}})
    revise(workspace, "Man önskar mer metodstöd och indikatorer för uppföljning från nationell nivå.", "")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output.splitlines()[1] == (
        f"review.xlsx rad 7: textavsnittet {old} finns inte längre och inget stycke i L07 har dess text nu (anteckningen "
        "har reviderats); exportera ett nytt ark och kopiera radens beslut dit."
    )


def test_partial_imports_the_valid_rows_in_one_go_and_lists_the_bad(workspace):
    fill(exported(workspace), {2: {"accept": "styrnig"}, 3: {"reject": "styrning.operativ"}, 7: {"accept": "all"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--partial", "--notes", workspace)
    assert result.exit_code == 0
    assert result.stderr == "Inte importerad: review.xlsx rad 2: okänt tema 'styrnig' (menade du styrning?)\n"
    assert result.stdout == "Sparade 2 beslut av anna från 3 ifyllda rader; 0 fanns redan.\n"
    kinds = sorted((d.kind, d.theme) for d in Project.for_notes(workspace).decisions())
    assert kinds == [("code_accepted", "medskick"), ("code_rejected", "styrning.operativ")]


def test_a_renamed_header_column_is_named(workspace):
    workbook = exported(workspace)
    workbook["review"]["G1"] = "acept"
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == (
        "Error: review.xlsx: rubrikraden (rad 1) har ingen kolumn 'accept' (hittade 'acept' i stället); återställ "
        "rubrikraden som den exporterades eller exportera ett nytt ark med `dialogtool review export`.\n"
    )


def test_a_deleted_header_column_is_named(workspace):
    workbook = exported(workspace)
    workbook["review"].delete_cols(COLUMNS.index("reject") + 1)
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == (
        "Error: review.xlsx: rubrikraden (rad 1) har ingen kolumn 'reject'; återställ rubrikraden som den exporterades "
        "eller exportera ett nytt ark med `dialogtool review export`.\n"
    )


@pytest.mark.parametrize("name, content", [("review.xlsx", b"segment_id;county\n"), ("review.csv", b"a,b\n")])
def test_a_file_that_is_not_xlsx_is_refused(workspace, name, content):
    Path(name).write_bytes(content)
    result = run("review", "import", name, "--coder", "anna", "--notes", workspace)
    assert result.output == (
        f"Error: {name}: ingen Excel-arbetsbok (.xlsx); spara den som .xlsx eller exportera ett nytt ark med "
        "`dialogtool review export`.\n"
    )


def test_import_needs_a_coder_name(workspace, tmp_path):
    analysis = built(workspace)
    export_review(analysis, tmp_path / "review.xlsx")
    with pytest.raises(Exception, match="behöver kodarens namn"):
        import_review(tmp_path / "review.xlsx", Project.for_notes(workspace), analysis.corpus.segments,
                      analysis.codebook, " ")


def test_the_library_raises_review_sheet_error_with_all_rows(workspace, tmp_path):
    analysis = built(workspace)
    path = export_review(analysis, tmp_path / "review.xlsx")
    workbook = openpyxl.load_workbook(path)
    fill(workbook, {2: {"accept": "styrnig"}, 7: {"reject": "styrning"}}, path)
    with pytest.raises(ReviewSheetError) as error:
        import_review(path, Project.for_notes(workspace), analysis.corpus.segments, analysis.codebook, "anna")
    assert str(error.value).splitlines()[1:] == [
        "review.xlsx rad 2: okänt tema 'styrnig' (menade du styrning?)",
        "review.xlsx rad 7: kan inte avvisa 'styrning': det föreslogs inte för detta textavsnitt; ta bort det ur reject.",
    ]


def test_a_renamed_review_sheet_behind_others_is_found(workspace):
    workbook = exported(workspace)
    workbook["review"].title = "Granskning"
    workbook.move_sheet("Granskning", offset=1)
    workbook.create_sheet("Anteckningar", 0)["A1"] = "att göra"
    workbook["Granskning"]["G2"] = "alla"
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == "Sparade 4 beslut av anna från 1 ifyllda rader; 0 fanns redan.\n"


def test_sorted_filtered_and_reordered_rows_and_columns_import(workspace):
    workbook = exported(workspace)
    sheet = workbook["review"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    order = [COLUMNS.index(name) for name in reversed(COLUMNS)]
    moved = openpyxl.Workbook()
    target = moved.active
    target.title = "review"
    for row in [rows[0], *sorted(rows[1:], key=lambda r: r[3])]:  # sorted by text, columns reversed
        target.append([row[i] for i in order])
    for number in range(3, 6):
        target.row_dimensions[number].hidden = True  # filtered away in Excel
    accept = list(reversed(COLUMNS)).index("accept") + 1
    for number in range(2, 8):
        target.cell(row=number, column=accept).value = "alla"
    moved.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == "Sparade 22 beslut av anna från 6 ifyllda rader; 0 fanns redan.\n"


def test_merged_cells_are_reported_on_each_row_they_cover(workspace):
    workbook = exported(workspace)
    sheet = workbook["review"]
    sheet["G2"] = "alla"
    sheet.merge_cells("G2:G3")
    sheet["G5"] = "handlingsplan.status"
    sheet.merge_cells("G5:I5")
    sheet["G7"] = "alla"
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--partial", "--notes", workspace)
    assert result.stderr.splitlines() == [
        "Inte importerad: review.xlsx rad 2: cellerna G2:G3 (accept) är sammanfogade; dela upp dem och fyll i "
        "varje rads celler för sig.",
        "Inte importerad: review.xlsx rad 3: cellerna G2:G3 (accept) är sammanfogade; dela upp dem och fyll i "
        "varje rads celler för sig.",
        "Inte importerad: review.xlsx rad 5: cellerna G5:I5 (accept, reject, add) är sammanfogade; dela upp dem och "
        "fyll i varje rads celler för sig.",
    ]
    assert result.stdout == "Sparade 1 beslut av anna från 4 ifyllda rader; 0 fanns redan.\n"


def with_calculated_value(path: str, cell: str, value: str) -> None:
    """Give a formula cell the value Excel would have stored with it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = members[sheet].decode("utf-8")
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    formula = xml[xml.index("<f>", start):xml.index("</f>", start) + 4]
    members[sheet] = (xml[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + xml[end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_formula_counts_by_its_calculated_value_and_one_without_is_reported(workspace):
    workbook = exported(workspace)
    workbook["review"]["G2"] = "=E2"
    workbook["review"]["I3"] = '=LOWER("FINANSIERING")'
    workbook.save("review.xlsx")
    with_calculated_value("review.xlsx", "G2", "styrning.ledningsgrupp, styrning.skola")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == (
        "Error: review.xlsx: 1 fel, inget importerat; rätta dessa rader, eller ange --partial för att importera "
        "de giltiga raderna:\nreview.xlsx rad 3: kolumnen add innehåller formeln =LOWER(\"FINANSIERING\") "
        "utan beräknat värde; ersätt den med dess värde (Kopiera, sedan Klistra in special → Värden).\n"
    )
    with_calculated_value("review.xlsx", "I3", "finansiering")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == "Sparade 3 beslut av anna från 2 ifyllda rader; 0 fanns redan.\n"


def test_theme_ids_in_any_case_with_a_full_stop_semicolons_or_line_breaks(workspace):
    fill(exported(workspace), {2: {"accept": " Styrning.Skola ;STYRNING.LEDNINGSGRUPP."},
                               6: {"add": "Finansiering;medskick.\n styrning"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.exit_code == 0, result.output
    decisions = {(d.kind, d.theme) for d in Project.for_notes(workspace).decisions()}
    assert decisions == {("code_accepted", "styrning.skola"), ("code_accepted", "styrning.ledningsgrupp"),
                         ("code_added", "finansiering"), ("code_added", "medskick"), ("code_added", "styrning")}


def test_numbers_and_true_in_theme_cells_are_unknown_themes(workspace):
    fill(exported(workspace), {2: {"accept": 1}, 3: {"add": True}, 4: {"accept": "alla", "comment": 42}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--partial", "--notes", workspace)
    assert result.stderr.splitlines() == [
        "Inte importerad: review.xlsx rad 2: okänt tema '1' (se bladet 'themes' för temanas id)",
        "Inte importerad: review.xlsx rad 3: okänt tema 'True' (se bladet 'themes' för temanas id)",
    ]
    assert Project.for_notes(workspace).decisions()[0].reason == "42"


def test_alla_next_to_a_reject_accepts_the_other_suggestions(workspace):
    fill(exported(workspace), {2: {"accept": "alla", "reject": "styrning.skola"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == "Sparade 4 beslut av anna från 1 ifyllda rader; 0 fanns redan.\n"
    decisions = {(d.kind, d.theme) for d in Project.for_notes(workspace).decisions()}
    assert decisions == {("code_accepted", "styrning"), ("code_accepted", "styrning.ledningsgrupp"),
                         ("code_accepted", "styrning.forandring"), ("code_rejected", "styrning.skola")}


def test_accept_and_reject_of_the_same_theme_is_refused(workspace):
    fill(exported(workspace), {2: {"accept": "styrning.skola", "reject": "Styrning.skola"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output.splitlines()[1] == (
        "review.xlsx rad 2: 'styrning.skola' är både avvisat och bekräftat eller tillagt; behåll det i en kolumn.")
    assert Project.for_notes(workspace).decisions() == []


@pytest.mark.parametrize("name, content, what", [
    ("review.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "en Excel-arbetsbok i det gamla formatet (.xls) eller en lösenordsskyddad, inte en .xlsx"),
    ("review.ods", b"PK\x03\x04 not really", "ett OpenDocument-kalkylblad (.ods), inte en Excel-arbetsbok (.xlsx)"),
    ("review.xlsx", b"", "ingen Excel-arbetsbok (.xlsx)"),
])
def test_an_xls_ods_or_empty_file_is_named(workspace, name, content, what):
    Path(name).write_bytes(content)
    result = run("review", "import", name, "--coder", "anna", "--notes", workspace)
    assert result.output == f"Error: {name}: {what}; spara den som .xlsx eller exportera ett nytt ark med `dialogtool review export`.\n"


def test_a_workbook_excel_holds_open_is_named(workspace, monkeypatch):
    exported(workspace)

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("dialogtool.coding.review.openpyxl.load_workbook", locked)
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == ("Error: review.xlsx: kan inte läsas (åtkomst nekad); stäng den i Excel, "
                             "eller kontrollera att du får läsa den, och försök igen.\n")


def test_two_imports_of_one_sheet_at_once_record_it_once(workspace, monkeypatch):
    """The second import finishes while the first is still checking its rows: the first must see it."""
    fill(exported(workspace), {2: {"accept": "alla"}, 3: {"reject": "styrning.operativ"}})
    import dialogtool.coding.review as review

    checking, nested = review.row_decisions, []
    analysis = built(workspace)

    def slow_check(*args, **kwargs):
        if not nested:
            nested.append(None)
            nested[0] = import_review(Path("review.xlsx"), Project.for_notes(workspace), analysis.corpus.segments,
                                      analysis.codebook, "anna")
        return checking(*args, **kwargs)

    monkeypatch.setattr(review, "row_decisions", slow_check)
    first = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert len(nested[0].written) == 5
    assert first.output == "Sparade 0 beslut av anna från 2 ifyllda rader; 5 fanns redan.\n"
    assert len(Project.for_notes(workspace).decisions()) == 5


def test_a_paragraph_beginning_with_an_equals_sign_is_exported_as_text(workspace):
    revise(workspace, "God och nära vård", "= God och nära vård")
    workbook = exported(workspace)
    cell = workbook["review"]["D6"]
    assert (cell.data_type, cell.value) == ("s", "= God och nära vård och samsjuklighetsreformen ger en röd tråd i arbetet.")
    fill(workbook, {6: {"accept": "alla"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == "Sparade 4 beslut av anna från 1 ifyllda rader; 0 fanns redan.\n"


def test_a_title_row_inserted_above_the_header_is_fine(workspace):
    workbook = exported(workspace)
    workbook["review"].insert_rows(1, 2)
    workbook["review"]["A1"] = "Granskning av L07, hösten 2025"
    workbook["review"]["G4"] = "alla"
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == "Sparade 4 beslut av anna från 1 ifyllda rader; 0 fanns redan.\n"
    assert Project.for_notes(workspace).decisions()[0].detail["row"] == 4


def test_a_copied_row_that_decides_the_other_way_is_refused(workspace):
    workbook = exported(workspace)
    sheet = workbook["review"]
    sheet.append([cell.value for cell in sheet[3]])
    fill(workbook, {3: {"reject": "styrning.operativ"}, 8: {"accept": "styrning.operativ"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    sid = sheet["A3"].value
    assert result.output.splitlines()[1] == (f"review.xlsx rad 8: textavsnittet {sid} finns också på rad 3, "
                                             "som beslutar tvärtom om 'styrning.operativ'; behåll en av de två raderna.")
    assert Project.for_notes(workspace).decisions() == []


def test_a_sheet_of_another_round_is_named_as_such(workspace, tmp_path):
    other = tmp_path / "2024"
    other.mkdir()
    (other / "L07.md").write_text(note_source(county="L07").replace("i juni", "i maj").replace(
        "barn och unga", "barn och unga i länet"), encoding="utf-8")
    workbook = exported(other)
    fill(workbook, {3: {"accept": "alla"}, 5: {"accept": "alla"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == ("Error: review.xlsx: ingen av dess 2 ifyllda rader är ett textavsnitt i dessa anteckningar; om "
                             "arket exporterades från en annan omgång, ange den omgångens mapp med --notes.\n")


@pytest.mark.usefixtures("small_model")
def test_a_re_exported_sheet_shows_the_rejections_already_recorded(workspace):
    fill(exported(workspace), {3: {"reject": "styrning.operativ"}})
    assert run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace).exit_code == 0
    rows = list(exported(workspace)["review"].iter_rows(values_only=True))
    rejected = SHEET_COLUMNS.index("rejected")
    assert [row[rejected] for row in rows[1:]] == [None, "styrning.operativ (anna)", None, None, None, None]
    fill(openpyxl.load_workbook("review.xlsx"), {2: {"accept": "alla"}})
    result = run("review", "import", "review.xlsx", "--coder", "bo", "--notes", workspace)
    assert result.output == "Sparade 4 beslut av bo från 1 ifyllda rader; 0 fanns redan.\n"
