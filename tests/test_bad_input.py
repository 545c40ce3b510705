"""Bad input, faults and full disks through the command line: never a traceback, a one-line
error that names the file and the fix, and the project database and the previous outputs
left as they were."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from conftest import note_source
from dialogtool.cli import cli
from dialogtool.coding.store import DB_NAME
from dialogtool.errors import TypologyError
from dialogtool.outputs.edits import RECORD


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

    def broken(analysis, out_dir, **options):
        raise TypologyError("report.docx: the draft cannot be written; fix it and run again.")

    monkeypatch.setattr("dialogtool.pipeline.write_report_outputs", broken)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == "Error: report.docx: the draft cannot be written; fix it and run again."
    untouched(project, before, decisions)


def test_a_full_disk_while_writing_the_workbook_is_one_line_and_the_outputs_stay_whole(project, monkeypatch):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")

    def full(self):
        Path(self.filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))  # as XlsxWriter reports it

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: outputs/typology.xlsx: kan inte skrivas, disken är full (No space left on device); "
                     "frigör utrymme och kör igen.")
    untouched(project, before, decisions)


def test_a_successful_run_replaces_the_outputs_and_leaves_no_temporary_files(project):
    (project / "notes" / "L02.md").write_text(note_source("L02", participants=9), encoding="utf-8")
    result = invoke("analyze", "notes", "--out", "outputs")
    assert result.exit_code == 0, result.output
    assert "Deltagare: 15" in result.output
    assert "L02,L02.md,2025-10-14,9," in (project / "outputs" / "notes.csv").read_text(encoding="utf-8")
    hidden = sorted(p.name for p in (project / "outputs").iterdir() if p.name.startswith("."))
    assert hidden == [RECORD]  # the digests that tell a hand-edited report from the one written, nothing temporary


def test_a_read_only_report_is_refused_before_any_output_is_replaced(project):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")
    (project / "outputs" / "report.docx").chmod(0o444)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: outputs/report.docx: är skrivskyddad eller öppen i ett annat program; stäng den i Word eller "
                     "Excel (eller ta bort skrivskyddet) och kör igen.")
    untouched(project, before, decisions)


def test_an_outputs_directory_that_cannot_be_created_is_one_line(project):
    before = snapshot(project / "outputs")
    error = failed_cleanly(invoke("analyze", "notes", "--out", "notes/L01.md/out"))
    assert error == ("Error: notes/L01.md/out: mappen kan inte skapas (Not a directory); "
                     "välj en annan --out där du får skriva.")
    assert snapshot(project / "outputs") == before


def test_an_outputs_directory_without_write_permission_is_one_line(project, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkdtemp", denied)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: outputs: nothing can be written in it (Permission denied); "
                     "välj en annan --out där du får skriva.")


# --- Configuration files ---------------------------------------------------------------------

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def test_themes_saved_in_windows_1252_is_named_with_the_line_and_the_fix(project):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")
    text = Path("themes.yaml").read_text(encoding="utf-8")
    Path("themes.yaml").write_bytes(text.encode("cp1252", errors="replace"))
    line = text[: text.index("ö")].count("\n") + 1
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == (f"Error: themes.yaml rad {line}: inte UTF-8-text (byte 0xf6); spara filen med teckenkodningen "
                     "UTF-8 (i Anteckningar: Spara som, Kodning: UTF-8).")
    untouched(project, before, decisions)


@pytest.mark.parametrize("option, name", [("--themes", "themes.yaml"), ("--guide", "guide.yaml")])
def test_a_yaml_alias_bomb_is_refused_at_once(project, option, name):
    before, decisions = snapshot(project / "outputs"), decisions_in(project / "notes")
    Path(name).write_text(BOMB + "themes: *i\nareas: *i\n", encoding="utf-8")
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs", option, name))
    assert error == (f"Error: {name}: dess ankare och alias (&namn, *namn) blir fler än 200 000 värden; "
                     "skriv ut värdena i stället för att nästla alias.")
    untouched(project, before, decisions)


# --- Files given to a command ----------------------------------------------------------------


def test_evaluate_given_an_excel_workbook_says_to_save_it_as_csv(project):
    error = failed_cleanly(invoke("evaluate", "outputs/typology.xlsx", "--notes", "notes"))
    assert error == ("Error: outputs/typology.xlsx: ingen CSV-textfil i UTF-8 (en Excel-arbetsbok?); spara "
                     "guldfilen som CSV UTF-8 (i Excel: Spara som, CSV UTF-8) med kolumnerna county,snippet,themes.")


def test_quotes_into_a_missing_directory_creates_it(project):
    result = invoke("quotes", "--theme", "styrning", "--notes", "notes", "--out", "citat/2025/styrning.md")
    assert result.exit_code == 0, result.output
    assert Path("citat/2025/styrning.md").read_text(encoding="utf-8").startswith("## Citat")


def exported_project(path: Path) -> dict[str, bytes]:
    result = invoke("export", "qdpx", "--notes", "notes", "--out", path)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_qdpx_with_a_bad_crc_is_refused_before_anything_is_imported(project):
    decisions = decisions_in(project / "notes")
    members = exported_project(Path("p.qdpx"))
    with zipfile.ZipFile("p.qdpx", "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = Path("p.qdpx").read_bytes()
    at = data.index(b"<Project") + 1
    Path("p.qdpx").write_bytes(data[:at] + b"Q" + data[at + 1:])
    error = failed_cleanly(invoke("import", "qdpx", "p.qdpx", "--notes", "notes"))
    assert error == ("Error: p.qdpx: arkivet är skadat (project.qde); exportera projektet igen som "
                     ".qdpx från det andra verktyget.")
    assert decisions_in(project / "notes") == decisions


def zip_bomb(path: Path, members: dict[str, bytes]) -> Path:
    """An archive with the given members and one part of 4 MB of zeros (it deflates to 4 KB)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("bomb.xml", b"\0" * (4 * 2**20))
    return path


def test_a_qdpx_zip_bomb_is_refused_from_its_directory(project):
    decisions = decisions_in(project / "notes")
    zip_bomb(Path("b.qdpx"), exported_project(Path("p.qdpx")))
    error = failed_cleanly(invoke("import", "qdpx", "b.qdpx", "--notes", "notes"))
    assert error.startswith("Error: b.qdpx: avvisad, dess del bomb.xml växer 10")
    assert error.endswith(" gånger när den packas upp; det är ingen vanlig fil, exportera projektet igen som .qdpx från det andra verktyget.")
    assert decisions_in(project / "notes") == decisions


def test_a_review_sheet_zip_bomb_is_refused(project):
    assert invoke("review", "export", "--notes", "notes", "--out", "r.xlsx").exit_code == 0
    with zipfile.ZipFile("r.xlsx") as archive:
        zip_bomb(Path("b.xlsx"), {name: archive.read(name) for name in archive.namelist()})
    error = failed_cleanly(invoke("review", "import", "b.xlsx", "--coder", "anna", "--notes", "notes"))
    assert error.startswith("Error: b.xlsx: avvisad, dess del bomb.xml växer 10")
    assert error.endswith(" gånger när den packas upp; det är ingen vanlig fil, exportera ett nytt ark med `dialogtool review export`.")


# --- The project database ----------------------------------------------------------------------


def accepting_sheet(path: str) -> Path:
    """A review sheet exported from the round with every suggestion of every row accepted."""
    assert invoke("review", "export", "--notes", "notes", "--out", path).exit_code == 0
    workbook = load_workbook(path)
    sheet = workbook["review"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("suggested")].value:
            row[header.index("accept")].value = "alla"
    workbook.save(path)
    return Path(path)


@pytest.fixture
def limited_database(monkeypatch):
    """Make every connection to a project database behave as on a full disk or a read-only
    directory: `limit("full")` caps its pages (SQLite then fails with SQLITE_FULL),
    `limit("readonly")` opens it read-only (SQLITE_READONLY / SQLITE_CANTOPEN)."""
    connect = sqlite3.connect

    def limit(how: str):
        def limited(database, *args, **kwargs):
            if how == "readonly":
                return connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)
            db = connect(database, *args, **kwargs)
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
            return db

        monkeypatch.setattr("dialogtool.coding.store.sqlite3.connect", limited)

    return limit


@pytest.mark.parametrize("how, message", [
    ("full", "disken är full (database or disk is full); inget sparades och besluten som redan "
             "finns där är kvar. Frigör utrymme och kör igen."),
    ("readonly", "projektdatabasen kan inte skrivas (attempt to write a readonly database); mappen med anteckningar "
                 "notes eller filen är skrivskyddad. Ta bort skrivskyddet på båda (eller kopiera hela mappen med anteckningar dit du får skriva) och kör igen; besluten är kvar."),
])
def test_an_import_on_a_full_disk_or_read_only_directory_records_nothing_and_says_which(project, limited_database,
                                                                                       how, message):
    decisions = decisions_in(project / "notes")
    sheet = accepting_sheet("r.xlsx")
    limited_database(how)
    error = failed_cleanly(invoke("review", "import", sheet, "--coder", "anna", "--notes", "notes"))
    assert error == f"Error: notes/{DB_NAME}: {message}"
    assert decisions_in(project / "notes") == decisions


def test_a_database_that_cannot_be_created_is_never_called_damaged(project, limited_database):
    limited_database("readonly")
    (project / "notes" / DB_NAME).rename(project / "elsewhere.sqlite")
    error = failed_cleanly(invoke("status", "--notes", "notes"))
    assert "move it aside" not in error
    assert error.startswith(f"Error: notes/{DB_NAME}: projektdatabasen kan inte skrivas (unable to open "
                            "database file); mappen med anteckningar notes eller filen är skrivskyddad.")


# --- Security ------------------------------------------------------------------------------------

FORMULAS = ('=HYPERLINK("http://x","klick") Länet har en länsgemensam handlingsplan som antogs i juni.',
            "+SUM(1;2) Ledningsgruppen samlar skolan.", "@cmd Länssamordnaren leder nätverket.",
            "-2+3 arbetsgrupper för vuxna träffas.")


def test_paragraphs_that_look_like_formulas_stay_text_in_the_workbook_and_the_csv_files(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    source = note_source("L01").replace("Länet har en länsgemensam handlingsplan som antogs i juni och som kopplar "
                                        "till strategins delmål.", "\n\n".join(FORMULAS))
    (notes / "L01.md").write_text(source, encoding="utf-8")
    result = invoke("analyze", notes, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "out" / "typology.xlsx")
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    segment_texts = [cell.value for cell in cells if cell.parent.title == "Segment"]
    assert all(formula in segment_texts for formula in FORMULAS)
    evidence = [cell.value for cell in cells if cell.parent.title == "Underlag"]
    assert any(str(value).startswith("=HYPERLINK") for value in evidence)
    segments = pd.read_csv(tmp_path / "out" / "segments.csv")
    assert {f"'{formula}" for formula in FORMULAS} <= set(segments["text"])
    sentences = pd.read_csv(tmp_path / "out" / "typology_evidence.csv")["sentence"]
    assert all(not s.startswith(("=", "+", "-", "@")) for s in sentences.dropna())
    assert any(s.startswith("'=HYPERLINK") for s in sentences.dropna())


def test_an_operating_system_error_nothing_foresaw_is_still_one_line(project, monkeypatch):
    def locked(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "notes/L01.md")

    monkeypatch.setattr("dialogtool.pipeline.load_corpus", locked)
    error = failed_cleanly(invoke("analyze", "notes", "--out", "outputs"))
    assert error == ("Error: notes/L01.md: Permission denied; kontrollera att den finns och att du får läsa "
                     "och skriva den, och kör sedan igen.")


def test_a_damaged_database_is_named_and_kept_for_the_decisions_it_may_hold(project):
    (project / "notes" / DB_NAME).write_bytes(b"this is no database, but it may be someone's copy" * 100)
    error = failed_cleanly(invoke("status", "--notes", "notes"))
    assert error == (f"Error: notes/{DB_NAME}: ingen läsbar projektdatabas för dialogtool (file is not a database); "
                     "spara en kopia (den kan innehålla omgångens beslut), flytta undan den och kör igen.")


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    import subprocess
    import sys
    text = " ".join(["Skolan är med i ledningsgruppen."] * 3000)
    process = subprocess.Popen([sys.executable, "-m", "dialogtool", "cue", "--rule", "skola", text],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    _, errors = process.communicate(timeout=60)
    assert first.decode("utf-8").startswith("Träff: ja")
    assert errors.decode("utf-8") == ""
    assert process.returncode == 0
