"""The note template: header fields, areas as headings, hints that never become segments."""

from __future__ import annotations

import docx
from click.testing import CliRunner
from docx.oxml.ns import qn

from conftest import ROOT
from dialogtool.cli import cli
from dialogtool.ingest.guide import load_guide
from dialogtool.ingest.read import read_note
from dialogtool.ingest.segment import segment_note
from dialogtool.outputs.template import HINT_TAG, write_template

GUIDE_PATH = ROOT / "interview_guides" / "2025.yaml"
GUIDE = load_guide(GUIDE_PATH)
WRITTEN = {
    "ledning": [
        ("Ledningsgruppen samlar hälso- och sjukvård, socialtjänst och skola.", None),
        ("Länssamordnaren leder nätverket för barn och unga.", "List Bullet"),
        ("En arbetsgrupp för vuxna träffas varannan månad.", "List Bullet"),
    ],
    "strategi": [("En länsgemensam handlingsplan antogs i juni.", None)],
    "initiativ": [],
    "medskick": [
        ("Man önskar mer metodstöd.", None),
        ("Dialogformatet uppskattades.", None),
    ],
}


def fill_in(path, written=WRITTEN):
    """Write notes into the template the way an investigator does: in the empty paragraph
    under each heading (and new paragraphs after it), hints left in place."""
    document = docx.Document(str(path))
    for label, value in (("Datum: ", "2025-10-14"), ("Deltagare: ", "6 (länssamordnare region)"),
                         ("Granskning: ", "godkänd av länet 2025-10-28")):
        next(p for p in document.paragraphs if p.text == label).add_run(value)
    paragraphs = document.paragraphs
    headings = [i for i, p in enumerate(paragraphs) if p.style.name == "Heading 2"]
    for area, heading in zip(GUIDE.areas, headings):
        writing = next(p for p in paragraphs[heading + 1:] if not p.text)
        texts = written[area.id]
        for text, style in texts[:-1]:
            writing.insert_paragraph_before(text, style=style)
        if texts:
            text, style = texts[-1]
            writing.add_run(text)
            if style:
                writing.style = style
    document.save(str(path))
    return path


def test_template_has_the_header_the_areas_and_grey_locked_hints(tmp_path):
    path = write_template(GUIDE, "L07", tmp_path / "L07.docx")
    document = docx.Document(str(path))
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert texts[:5] == [
        ("Title", "Minnesanteckningar – länsdialog psykisk hälsa och suicidprevention 2025"),
        ("Normal", "Län: L07"), ("Normal", "Datum: "), ("Normal", "Deltagare: "), ("Normal", "Granskning: "),
    ]
    assert texts[5:] == [("Heading 2", area.heading) for area in GUIDE.areas]
    hints = document.element.body.findall(qn("w:sdt"))
    assert [h.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")) for h in hints] == [HINT_TAG] * len(hints)
    assert all(h.find(qn("w:sdtPr")).find(qn("w:lock")).get(qn("w:val")) == "sdtContentLocked" for h in hints)
    assert ["".join(t.text for t in h.iter(qn("w:t"))) for h in hints] == [q for area in GUIDE.areas for q in area.questions]
    style = document.styles["Anvisning"]
    assert style.font.italic and str(style.font.color.rgb) == "767676"


def test_a_note_written_in_the_template_lands_every_paragraph_in_its_area(tmp_path):
    path = fill_in(write_template(GUIDE, "L07", tmp_path / "L07.docx"))
    note = read_note(path)
    assert (note.county, note.date, note.participants, note.review_status) == (
        "L07", "2025-10-14", 6, "godkänd av länet 2025-10-28")
    segments = segment_note(note, GUIDE)
    assert [(s.area, s.text) for s in segments] == [
        (area, text) for area, texts in WRITTEN.items() for text, _ in texts
    ]
    questions = {q for area in GUIDE.areas for q in area.questions}
    assert not any(block.text in questions for block in note.blocks)
    assert [b.kind for b in note.blocks if b.text.startswith(("Länssamordnaren", "En arbetsgrupp"))] == ["list", "list"]


def test_round_title_replaces_the_guides(tmp_path):
    path = write_template(GUIDE, "L07", tmp_path / "L07.docx", round_title="Länsdialog 2026")
    assert read_note(path).title == "Minnesanteckningar – länsdialog 2026"


def run(*args):
    return CliRunner().invoke(cli, ["template", *map(str, args)])


def test_template_command(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "L07.docx"
    result = run("--county", "L07", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"Skrev {out}\n"
    assert read_note(out).county == "L07"


def test_template_command_errors(tmp_path):
    cases = [
        (("--county", "L 07", "--guide", GUIDE_PATH, "--out", tmp_path / "x.docx"),
         "Error: 'L 07' är inget användbart läns-id; använd bokstäver, siffror, '-' eller '_' (t.ex. L07)."),
        (("--county", "L07", "--guide", GUIDE_PATH, "--out", tmp_path / "saknas" / "x.docx"),
         f"Error: {tmp_path / 'saknas' / 'x.docx'}: mappen {tmp_path / 'saknas'} finns inte; "
         "skapa den eller välj en annan sökväg för utfilen."),
        (("--county", "L07", "--guide", GUIDE_PATH, "--out", tmp_path / "x.txt"),
         f"Error: {tmp_path / 'x.txt'}: utfilen måste vara en Word-fil; låt namnet sluta på .docx."),
        (("--county", "L07", "--guide", tmp_path / "guide.yaml", "--out", tmp_path / "x.docx"),
         f"Error: {tmp_path / 'guide.yaml'}: intervjuguiden finns inte; "
         "ange --guide med sökvägen till omgångens intervjuguide."),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.output == message + "\n"
