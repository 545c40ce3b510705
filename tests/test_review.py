"""The Excel review round trip: export, fill in, import; every kind of wrongly edited sheet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import ROOT, note_source
from dialogtool import pipeline
from dialogtool.cli import cli
from dialogtool.coding import effective_codes
from dialogtool.errors import ReviewSheetError
from dialogtool.model import Code
from dialogtool.reanchor import reanchor_decisions
from dialogtool.review import COLUMNS, export_review, import_review
from dialogtool.store import Project

GUIDE = ROOT / "interview_guides" / "2025.yaml"
THEMES = {
    "styrning": None, "styrning.ledningsgrupp": "styrning", "styrning.skola": "styrning",
    "styrning.operativ": "styrning", "handlingsplan": None, "handlingsplan.status": "handlingsplan",
    "parallella_reformer": None, "parallella_reformer.synergi": "parallella_reformer",
    "finansiering": None, "medskick": None,
}
#: The tagger's suggestions for the conftest note, by segment position.
SUGGESTED = {1: ["styrning.ledningsgrupp", "styrning.skola"], 2: ["styrning.operativ"], 3: ["styrning.operativ"],
             4: ["handlingsplan.status"], 5: ["parallella_reformer.synergi"], 6: ["medskick"]}


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    parent: str | None


class Codebook:
    """The part of dialogtool.codebook.Codebook these tests need: themes and ancestors."""

    def __init__(self):
        self.themes = {tid: Theme(tid, f"Etikett {tid}", parent) for tid, parent in THEMES.items()}

    def ancestors(self, theme_id: str) -> list[str]:
        parent = self.themes[theme_id].parent
        return [parent, *self.ancestors(parent)] if parent else []


def notes_dir(tmp_path: Path, counties=("L07",)) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    for county in counties:
        (folder / f"{county}.md").write_text(note_source(county=county), encoding="utf-8")
    return folder


def analysis_for(folder: Path, guide_path=GUIDE, **_):
    """What pipeline.build gives once the lead has wired codebook, tagger, re-anchoring and coding."""
    analysis = pipeline.build(Path(folder), GUIDE)
    analysis.codebook = Codebook()
    analysis.auto_codes = [Code(s.segment_id, s.county, theme) for s in analysis.corpus.segments
                           for theme in SUGGESTED.get(s.position, [])]
    project = Project.for_notes(folder)
    reanchor_decisions(project, analysis.corpus.segments)
    analysis.decisions = project.decisions()
    analysis.codes = effective_codes(analysis.auto_codes, analysis.decisions)
    return analysis


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A notes dir with one note, the CLI's build replaced by `analysis_for`, cwd = tmp_path."""
    folder = notes_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    for module in ("review", "status", "agreement"):
        monkeypatch.setattr(f"dialogtool.cli.{module}.build", analysis_for)
    return folder


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def exported(folder: Path) -> openpyxl.Workbook:
    result = run("review", "export", "--notes", folder, "--out", "review.xlsx")
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook("review.xlsx")


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
    assert rows[0] == COLUMNS
    assert len(rows) == 7
    assert rows[1][1:5] == ("L07", "ledning", rows[1][3], "styrning.ledningsgrupp, styrning.skola")
    assert rows[1][3].startswith("Ledningsgruppen på hög tjänstemannanivå")
    assert rows[1][5] is None and rows[1][6] is None
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["D"].width == 80
    assert sheet["D2"].alignment.wrap_text
    prompts = {dv.promptTitle for dv in sheet.data_validations.dataValidation}
    assert prompts == {"accept", "reject", "add", "comment"}
    themes = [r for r in workbook["themes"].iter_rows(values_only=True)]
    assert themes[0] == ("theme", "label")
    assert ("styrning.skola", "Etikett styrning.skola") in themes


def test_round_trip_changes_the_effective_codes(workspace):
    workbook = exported(workspace)
    fill(workbook, {2: {"accept": "alla"}, 3: {"reject": "styrning.operativ", "comment": "handlar om nätverk"},
                    6: {"add": "finansiering, medskick"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.exit_code == 0, result.output
    assert result.output == "Recorded 5 decision(s) by anna from 3 filled-in row(s); 0 already recorded.\n"
    segments = analysis_for(workspace).corpus.segments
    codes = {(c.segment_id, c.theme): c for c in analysis_for(workspace).codes}
    first, second, fifth = segments[0].segment_id, segments[1].segment_id, segments[4].segment_id
    assert codes[(first, "styrning.skola")].source == "auto+accepted"
    assert codes[(first, "styrning.skola")].coder == "anna"
    assert (second, "styrning.operativ") not in codes
    assert codes[(fifth, "finansiering")].source == "human"
    assert codes[(fifth, "parallella_reformer.synergi")].source == "auto"
    decisions = Project.for_notes(workspace).decisions()
    rejected = next(d for d in decisions if d.kind == "code_rejected")
    assert (rejected.text, rejected.reason, rejected.coder) == (segments[1].text, "handlar om nätverk", "anna")
    assert rejected.created_at and rejected.detail == {"source": "review.xlsx", "row": 3}


def test_reimporting_the_same_sheet_records_nothing_twice(workspace):
    fill(exported(workspace), {2: {"accept": "styrning.skola"}, 4: {"add": "styrning.skola"}})
    run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    again = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert again.output == "Recorded 0 decision(s) by anna from 2 filled-in row(s); 2 already recorded.\n"
    assert len(Project.for_notes(workspace).decisions()) == 2
    other = run("review", "import", "review.xlsx", "--coder", "bo", "--notes", workspace)
    assert other.output.startswith("Recorded 2 decision(s) by bo")


BAD_ROWS = [
    ({"accept": "styrnig"}, "review.xlsx row 2: unknown theme 'styrnig' (did you mean styrning?)"),
    ({"add": "finansering;medskik"}, "review.xlsx row 2: unknown theme 'finansering' (did you mean finansiering?)\n"
                                     "review.xlsx row 2: unknown theme 'medskik' (did you mean medskick?)"),
    ({"add": "xyz"}, "review.xlsx row 2: unknown theme 'xyz' (see sheet 'themes' for the theme ids)"),
    ({"reject": "finansiering"}, "review.xlsx row 2: cannot reject 'finansiering': it was not suggested for this "
                                 "segment; clear it from reject."),
    ({"accept": "medskick"}, "review.xlsx row 2: cannot accept 'medskick': it was not suggested for this segment; "
                             "put it in add instead."),
    ({"reject": "styrning.skola", "add": "styrning.skola"},
     "review.xlsx row 2: 'styrning.skola' is both rejected and accepted or added; keep it in one column."),
    ({"accept": "alla", "text": "Ledningsgruppen samlar vården."},
     "review.xlsx row 2: the text is not segment {sid}'s text in the note any more; undo the edit of the text "
     "column, or export a new sheet if the note was revised."),
    ({"accept": "alla", "segment_id": None}, "review.xlsx row 2: no segment_id; restore it from an exported sheet "
                                            "or delete the row."),
]


@pytest.mark.parametrize("values, message", BAD_ROWS)
def test_a_bad_row_is_reported_and_nothing_is_written(workspace, values, message):
    workbook = exported(workspace)
    sid = workbook["review"]["A2"].value
    fill(workbook, {2: values, 3: {"accept": "alla"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    problems = message.count("\n") + 1
    assert result.exit_code == 1
    assert result.output == (
        f"Error: review.xlsx: {problems} problem(s), nothing imported; correct these rows, or pass --partial to "
        f"import the valid rows:\n{message.format(sid=sid)}\n"
    )
    assert Project.for_notes(workspace).decisions() == []


def test_a_row_of_a_revised_note_no_longer_matches(workspace):
    workbook = exported(workspace)
    old = workbook["review"]["A5"].value
    fill(workbook, {5: {"accept": "alla"}})
    note = workspace / "L07.md"
    note.write_text(note.read_text(encoding="utf-8").replace("antogs i juni", "antogs i augusti"), encoding="utf-8")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output.splitlines()[1] == (
        f"review.xlsx row 5: segment {old} no longer exists (the note was revised); export a new sheet and copy "
        "this row's decisions into it."
    )


def test_partial_imports_the_valid_rows_in_one_go_and_lists_the_bad(workspace):
    fill(exported(workspace), {2: {"accept": "styrnig"}, 3: {"reject": "styrning.operativ"}, 7: {"accept": "all"}})
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--partial", "--notes", workspace)
    assert result.exit_code == 0
    assert result.stderr == "Not imported: review.xlsx row 2: unknown theme 'styrnig' (did you mean styrning?)\n"
    assert result.stdout == "Recorded 2 decision(s) by anna from 3 filled-in row(s); 0 already recorded.\n"
    kinds = sorted((d.kind, d.theme) for d in Project.for_notes(workspace).decisions())
    assert kinds == [("code_accepted", "medskick"), ("code_rejected", "styrning.operativ")]


def test_a_renamed_header_column_is_named(workspace):
    workbook = exported(workspace)
    workbook["review"]["G1"] = "acept"
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == (
        "Error: review.xlsx: the header (row 1) has no column 'accept' (found 'acept' instead); restore the header "
        "as exported or export a new sheet with `dialogtool review export`.\n"
    )


def test_a_deleted_header_column_is_named(workspace):
    workbook = exported(workspace)
    workbook["review"].delete_cols(COLUMNS.index("reject") + 1)
    workbook.save("review.xlsx")
    result = run("review", "import", "review.xlsx", "--coder", "anna", "--notes", workspace)
    assert result.output == (
        "Error: review.xlsx: the header (row 1) has no column 'reject'; restore the header as exported or export "
        "a new sheet with `dialogtool review export`.\n"
    )


@pytest.mark.parametrize("name, content", [("review.xlsx", b"segment_id;county\n"), ("review.csv", b"a,b\n")])
def test_a_file_that_is_not_xlsx_is_refused(workspace, name, content):
    Path(name).write_bytes(content)
    result = run("review", "import", name, "--coder", "anna", "--notes", workspace)
    assert result.output == (
        f"Error: {name}: not an Excel workbook (.xlsx); save it as .xlsx or export a new one with "
        "`dialogtool review export`.\n"
    )


def test_import_needs_a_coder_name(workspace, tmp_path):
    analysis = analysis_for(workspace)
    export_review(analysis, tmp_path / "review.xlsx")
    with pytest.raises(Exception, match="needs the coder's name"):
        import_review(tmp_path / "review.xlsx", Project.for_notes(workspace), analysis.corpus.segments,
                      analysis.codebook, " ")


def test_the_library_raises_review_sheet_error_with_all_rows(workspace, tmp_path):
    analysis = analysis_for(workspace)
    path = export_review(analysis, tmp_path / "review.xlsx")
    workbook = openpyxl.load_workbook(path)
    fill(workbook, {2: {"accept": "styrnig"}, 7: {"reject": "styrning"}}, path)
    with pytest.raises(ReviewSheetError) as error:
        import_review(path, Project.for_notes(workspace), analysis.corpus.segments, analysis.codebook, "anna")
    assert str(error.value).splitlines()[1:] == [
        "review.xlsx row 2: unknown theme 'styrnig' (did you mean styrning?)",
        "review.xlsx row 7: cannot reject 'styrning': it was not suggested for this segment; clear it from reject.",
    ]
