"""Bad input, faults and full disks through the command line: never a traceback, a one-line
error that names the file and the fix, and the project database and the previous outputs
left as they were."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from conftest import note_source
from dialogtool.cli import cli
from dialogtool.coding.store import DB_NAME
from dialogtool.errors import TypologyError


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (hidden ones too) by relative name, with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def decisions_in(notes: Path) -> list[tuple]:
    with sqlite3.connect(notes / DB_NAME) as db:
        return db.execute("SELECT * FROM decisions ORDER BY id").fetchall()


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def failed_cleanly(result, exit_code: int = 1) -> str:
    """The one `Error:` line of a failed command, after checking it is no traceback."""
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> Path:
    """A two-note round analysed once, with one decision recorded: notes/ and outputs/."""
    base = tmp_path_factory.mktemp("analysed")
    notes = base / "notes"
    notes.mkdir()
    (notes / "L01.md").write_text(note_source("L01"), encoding="utf-8")
    (notes / "L02.md").write_text(note_source("L02", participants=4), encoding="utf-8")
    result = invoke("classify", "L01", "plan_status", "pagar", "--reason", "Planen revideras", "--notes", notes)
    assert result.exit_code == 0, result.output
    result = invoke("analyze", notes, "--out", base / "outputs")
    assert result.exit_code == 0, result.output
    return base


@pytest.fixture
def project(analysed, tmp_path, monkeypatch) -> Path:
    """A copy of the analysed round to break, as the working directory (default paths resolve to the repo's)."""
    shutil.copytree(analysed, tmp_path / "p")
    for name in ("themes.yaml", "interview_guides"):
        source = Path(__file__).resolve().parent.parent / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / "p" / name)
    monkeypatch.chdir(tmp_path / "p")
    return tmp_path / "p"


def untouched(project: Path, before_outputs: dict, before_decisions: list) -> None:
    assert snapshot(project / "outputs") == before_outputs
    assert decisions_in(project / "notes") == before_decisions


# --- A failed run leaves the previous outputs whole ----------------------------------------


def test_a_run_that_fails_after_the_figures_leaves_every_previous_output_byte_identical(project, monkeypatch):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")
    (project / "notes" / "L02.md").write_text(note_source("L02", participants=9), encoding="utf-8")

    def broken(analysis, out_dir):
        raise TypologyError("report.docx: the draft cannot be written; fix it and run again.")

    monkeypatch.setattr("dialogtool.pipeline.write_report_outputs", broken)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == "Error: report.docx: the draft cannot be written; fix it and run again."
    untouched(project, before, decisions)


def test_a_full_disk_while_writing_the_workbook_is_one_line_and_the_outputs_stay_whole(project, monkeypatch):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")

    def full(self, path):
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: outputs/typology.xlsx: cannot be written, the disk is full (No space left on device); "
                     "free some space and run again.")
    untouched(project, before, decisions)


def test_a_successful_run_replaces_the_outputs_and_leaves_no_temporary_files(project):
    (project / "notes" / "L02.md").write_text(note_source("L02", participants=9), encoding="utf-8")
    result = invoke("analyze", "notes", "--out", "outputs")
    assert result.exit_code == 0, result.output
    assert "Participants: 15" in result.output
    assert "L02,L02.md,2025-10-14,9," in (project / "outputs" / "notes.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in (project / "outputs").iterdir() if p.name.startswith(".")) == []


def test_a_read_only_report_is_refused_before_any_output_is_replaced(project):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")
    (project / "outputs" / "report.docx").chmod(0o444)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: outputs/report.docx: is read-only or open in another program; close it in Word or "
                     "Excel (or make it writable) and run again.")
    untouched(project, before, decisions)


def test_an_outputs_directory_that_cannot_be_created_is_one_line(project):
    before = snapshot(project / "outputs")
    error = failed_cleanly(invoke("analyze", "notes", "--out", "notes/L01.md/out"))
    assert error == ("Error: notes/L01.md/out: the directory cannot be created (Not a directory); "
                     "choose another --out where you may write.")
    assert snapshot(project / "outputs") == before


def test_an_outputs_directory_without_write_permission_is_one_line(project, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkdtemp", denied)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: outputs: nothing can be written in it (Permission denied); "
                     "choose another --out where you may write.")
