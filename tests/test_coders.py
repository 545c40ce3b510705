"""One investigator under several names: a Word comment's author and a --coder name declared the same person."""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner

from conftest import ROOT, note_source, read_segments
from dialogtool import pipeline
from dialogtool.cli import cli
from dialogtool.coding.store import Project
from dialogtool.model import Decision
from notefactory import write_docx

GUIDE = ROOT / "interview_guides" / "2025.yaml"
LEDNING = "Ledningsgruppen på hög tjänstemannanivå"


def commented_round(tmp_path):
    """A round of one Word note whose first paragraph Anna Andersson coded with a comment."""
    notes = tmp_path / "notes"
    notes.mkdir()
    path = write_docx(note_source(), notes / "L07.docx")
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith(LEDNING))
    document.add_comment(paragraph.runs, text="styrning.skola", author="Anna Andersson", initials="AA")
    document.save(str(path))
    return notes


@pytest.mark.usefixtures("small_model")
def test_a_declared_name_counts_as_the_person_in_word_codes_and_decisions(tmp_path, in_repo):
    notes = commented_round(tmp_path)
    round_ = pipeline.open_round(notes, GUIDE)
    project = Project.for_notes(notes)
    segment = next(s for s in read_segments(notes) if s.text.startswith(LEDNING))
    project.add(Decision(kind="code_added", county="L07", segment_id=segment.segment_id, theme="finansiering",
                         text=segment.text, coder="Anna Andersson"))
    project.add(Decision(kind="code_added", county="L07", segment_id=segment.segment_id, theme="medskick",
                         text=segment.text, coder="anna"))
    before = pipeline.build(round_)
    assert {c.coder for c in before.word_codes} == {"Anna Andersson"}
    assert {d.coder for d in before.decisions} == {"Anna Andersson", "anna"}

    runner = CliRunner()
    said = runner.invoke(cli, ["coder", "same", "anna andersson", "Anna", "--notes", str(notes)])
    assert said.exit_code == 0, said.output
    assert said.output == "«anna andersson» räknas nu som anna.\n"
    after = pipeline.build(round_)
    assert {c.coder for c in after.word_codes} == {"anna"}
    assert {d.coder for d in after.decisions} == {"anna"}
    status = runner.invoke(cli, ["status", "--notes", str(notes)]).output
    assert "Anna Andersson" not in status and "anna" in status
    listed = runner.invoke(cli, ["coder", "list", "--notes", str(notes)]).output
    assert listed == f"anna andersson\t→ anna\n1 namn räknas som någon annan i {notes}.\n"


def test_declaring_a_name_the_same_as_itself_the_other_way_round_is_refused(tmp_path):
    project = Project.for_notes(tmp_path)
    project.declare_same("Anna Andersson", "anna")
    result = CliRunner().invoke(cli, ["coder", "same", "anna", "Anna Andersson", "--notes", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == ("Error: 'Anna Andersson' räknas redan som 'anna'; ange dem åt andra "
                             "hållet, eller inte alls.\n")
