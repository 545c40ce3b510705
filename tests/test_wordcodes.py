"""Coding in Word: comments → codes, problems with the nearest ids, and the export round trip."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from click.testing import CliRunner

import dialogtool.pipeline
from conftest import ROOT, note_source
from dialogtool.cli import cli
from dialogtool.ingest.guide import load_guide
from dialogtool.model import Code
from dialogtool.ingest.read import read_note
from dialogtool.ingest.segment import segment_note
from dialogtool.coding.wordcodes import export_word, word_codes
from notefactory import write_docx

GUIDE = load_guide(ROOT / "interview_guides" / "2025.yaml")
THEME_IDS = """styrning styrning.ledningsgrupp styrning.skola styrning.operativ styrning.brukare
styrning.forandring styrning.mandat handlingsplan handlingsplan.status handlingsplan.koppling
handlingsplan.process fordelningsgrund fordelningsgrund.overenskommelsen fordelningsgrund.egna_kriterier
fordelningsgrund.strategin fordelningsgrund.efterhand fordelningsgrund.schablon parallella_reformer
parallella_reformer.god_och_nara_vard parallella_reformer.socialtjanstlagen parallella_reformer.samsjuklighet
parallella_reformer.synergi parallella_reformer.utmaning finansiering personberoende myndigheter medskick""".split()
CODEBOOK = SimpleNamespace(themes={theme: None for theme in THEME_IDS})

LEDNING = "Ledningsgruppen på hög"
NATVERK = "Länssamordnaren leder"
ARBETSGRUPP = "En arbetsgrupp"
PLAN = "Länet har en"
VARD = "God och nära vård"
STOD = "Man önskar mer"


def paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def coded_note(path: Path, comments: list[tuple[list[str], str, str]], source: str | None = None) -> Path:
    """A .docx note with comments: ([first paragraph start, last paragraph start], text, author)."""
    write_docx(source or note_source(), path)
    document = docx.Document(str(path))
    for starts, text, author in comments:
        runs = [paragraph(document, starts[0]).runs[0], paragraph(document, starts[-1]).runs[-1]]
        document.add_comment(runs, text=text, author=author, initials=author[:1])
    document.save(str(path))
    return path


def read(path: Path):
    note = read_note(path)
    segments = segment_note(note, GUIDE)
    return note, segments, word_codes(note, segments, CODEBOOK)


def sid(segments, start: str) -> str:
    return next(s.segment_id for s in segments if s.text.startswith(start))


def pairs(codes) -> set[tuple[str, str]]:
    return {(c.segment_id, c.theme) for c in codes}


def test_comments_become_human_codes_on_their_segments(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [
        ([LEDNING], "styrning.skola", "Anna"),
        ([NATVERK, ARBETSGRUPP], "styrning.operativ", "Bo"),
        ([PLAN], " Handlingsplan.Status ,handlingsplan.koppling;\nFORDELNINGSGRUND\n", "Anna"),
    ])
    _, segments, coding = read(path)
    assert coding.problems == []
    assert coding.codes == [
        Code(sid(segments, LEDNING), "L07", "styrning.skola", "human", "Word comment 0", "Anna"),
        Code(sid(segments, NATVERK), "L07", "styrning.operativ", "human", "Word comment 1", "Bo"),
        Code(sid(segments, ARBETSGRUPP), "L07", "styrning.operativ", "human", "Word comment 1", "Bo"),
        Code(sid(segments, PLAN), "L07", "handlingsplan.status", "human", "Word comment 2", "Anna"),
        Code(sid(segments, PLAN), "L07", "handlingsplan.koppling", "human", "Word comment 2", "Anna"),
        Code(sid(segments, PLAN), "L07", "fordelningsgrund", "human", "Word comment 2", "Anna"),
    ]


def test_unusable_comments_are_reported_with_the_nearest_ids(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [
        ([LEDNING], "styrnig", "Anna"),
        ([VARD], "parallella_reformer.synergi, skolla", "Bo"),
        ([STOD], "Stämmer detta med länets bild?", "Cecilia"),
        (["Länsgemensam samordning"], "parallella_reformer", "Bo"),
        (["Datum:"], "medskick", "Anna"),
        ([PLAN], "", "Anna"),
    ])
    _, segments, coding = read(path)
    assert coding.problems == [
        "L07.docx kommentar 0 av Anna på 'Ledningsgruppen på hög tjänst…': 'styrnig' är inget temas id; "
        "närmast: styrning, styrning.ledningsgrupp, styrning.skola",
        "L07.docx kommentar 1 av Bo på 'God och nära vård och samsjuk…': kodad parallella_reformer.synergi, "
        "men 'skolla' är inget temas id; närmast: styrning.skola",
        "L07.docx kommentar 2 av Cecilia på 'Man önskar mer metodstöd och…': "
        "'Stämmer detta med länets bild?' är inget temas id; "
        "närmast: inget (se themes.yaml)",
        "L07.docx kommentar 3 av Bo: kommentaren sitter på en rubrik eller en "
        "rad i huvudet ('Länsgemensam samordning av olika nationella initiativ'), som inte är något textavsnitt; "
        "fäst den vid stycket den kodar",
        "L07.docx kommentar 4 av Anna: kommentaren sitter på en rubrik eller en rad i huvudet ('Datum: 2025-10-14'), "
        "som inte är något textavsnitt; fäst den vid stycket den kodar",
        "L07.docx kommentar 5 av Anna på 'Länet har en länsgemensam han…': kommentaren är tom; skriv ett temas id i den",
    ]
    assert coding.codes == [
        Code(sid(segments, VARD), "L07", "parallella_reformer.synergi", "human", "Word comment 1", "Bo"),
    ]


def test_a_comment_from_a_heading_into_a_paragraph_codes_the_paragraph(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [(["Arbete med den nationella", PLAN], "handlingsplan", "Anna")])
    _, segments, coding = read(path)
    assert coding.problems == []
    assert pairs(coding.codes) == {(sid(segments, PLAN), "handlingsplan")}


def test_exported_suggestions_read_back_as_auto_codes(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [([PLAN], "handlingsplan", "dialogtool")])
    _, segments, coding = read(path)
    assert coding.codes == [Code(sid(segments, PLAN), "L07", "handlingsplan", "auto", "Word comment 0", "")]


TABLE_NOTE = note_source().replace(
    "## Erfarenheter", "| Aktör | Roll |\n|---|---|\n| Regionen | samordnar |\n\n## Erfarenheter"
)


def current_codes(segments, coding) -> list[Code]:
    """What the pipeline would pass: the Word codes, some auto codes, an accepted suggestion."""
    return [
        *coding.codes,
        Code(sid(segments, VARD), "L07", "parallella_reformer.synergi", "auto", "röd tråd"),
        Code(sid(segments, VARD), "L07", "parallella_reformer.god_och_nara_vard", "auto", "god och nära vård"),
        Code(sid(segments, VARD), "L07", "parallella_reformer.samsjuklighet", "auto+accepted", "", "Bo"),
        Code(sid(segments, "Regionen"), "L07", "styrning.operativ", "auto", "samordnar"),
        Code(sid(segments, STOD), "L07", "medskick", "human", "", "Bo"),
    ]


def test_export_round_trip_of_a_word_note_that_had_comments(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [
        ([LEDNING], "styrning.skola, styrning.ledningsgrupp", "Anna"),
        ([NATVERK, ARBETSGRUPP], "styrning.operativ", "Anna"),
        ([PLAN], "Stämmer detta med länets bild?", "Cecilia"),
    ], source=TABLE_NOTE)
    note, segments, coding = read(path)
    rejected = Code(sid(segments, LEDNING), "L07", "styrning.ledningsgrupp", "human", "Word comment 0", "Anna")
    codes = [c for c in current_codes(segments, coding) if c != rejected]

    out = export_word(note, segments, codes, tmp_path / "L07-granskning.docx", CODEBOOK)
    again, again_segments, again_coding = read(out)

    assert pairs(again_coding.codes) == pairs(codes)
    assert [b.text for b in again.blocks] == [b.text for b in note.blocks]
    assert [s.segment_id for s in again_segments] == [s.segment_id for s in segments]
    by_key = {(c.segment_id, c.theme): (c.source, c.coder) for c in again_coding.codes}
    assert by_key[(sid(segments, LEDNING), "styrning.skola")] == ("human", "Anna")
    assert by_key[(sid(segments, VARD), "parallella_reformer.synergi")] == ("auto", "")
    assert by_key[(sid(segments, VARD), "parallella_reformer.samsjuklighet")] == ("human", "Bo")
    assert again_coding.problems == [
        "L07-granskning.docx kommentar 2 av Cecilia på 'Länet har en länsgemensam han…': "
        "'Stämmer detta med länets bild?' är inget temas id; "
        "närmast: inget (se themes.yaml)",
    ]
    comments = {(c.author, c.text) for c in docx.Document(str(out)).comments}
    assert ("dialogtool", "parallella_reformer.synergi, parallella_reformer.god_och_nara_vard") in comments
    assert ("Bo", "parallella_reformer.samsjuklighet") in comments
    assert [b.kind for b in again.blocks] == [b.kind for b in note.blocks]


@pytest.mark.parametrize("name,text", [
    ("L07.md", note_source(county="L07")),
    ("L07.txt", note_source().replace("Län: L07\n", "")),
])
def test_export_round_trip_of_a_text_note(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    note = read_note(path)
    segments = segment_note(note, GUIDE)
    codes = [
        Code(sid(segments, NATVERK), "L07", "styrning.operativ", "auto"),
        Code(sid(segments, NATVERK), "L07", "styrning", "human", "", "Anna"),
        Code(sid(segments, STOD), "L07", "medskick", "auto+accepted", "", "Bo"),
    ]
    out = export_word(note, segments, codes, tmp_path / "granskning.docx", CODEBOOK)
    again, again_segments, again_coding = read(out)
    assert again.county == "L07"
    assert [(s.segment_id, s.area) for s in again_segments] == [(s.segment_id, s.area) for s in segments]
    assert pairs(again_coding.codes) == pairs(codes)
    assert again_coding.problems == []


def write_notes(notes_dir: Path) -> Path:
    notes_dir.mkdir()
    coded_note(notes_dir / "L07.docx", [([LEDNING], "styrning.skola", "Anna"), ([VARD], "styrnig", "Bo")])
    write_docx(note_source(county="L08"), notes_dir / "L08.docx")
    return notes_dir


@pytest.fixture
def notes(tmp_path, monkeypatch, small_model):
    """A round of two notes, one coded with Word comments (its codes, learned from, train the
    small model: these tests are of the export, not of the suggestions)."""
    monkeypatch.chdir(ROOT)
    return write_notes(tmp_path / "notes")


def export(notes_dir: Path, *args):
    return CliRunner().invoke(cli, ["export-word", *map(str, args), "--notes", str(notes_dir)])


def test_export_word_command_writes_the_current_codes(notes, tmp_path):
    out = tmp_path / "L07-koder.docx"
    result = export(notes, "L07", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"Skrev {out}\n"
    _, segments, coding = read(out)
    expected = dialogtool.pipeline.build(dialogtool.pipeline.open_round(notes)).codes
    assert pairs(coding.codes) == pairs(c for c in expected if c.county == "L07")
    assert (sid(segments, LEDNING), "styrning.skola") in pairs(coding.codes)


def test_export_word_command_takes_a_note_path(notes, tmp_path):
    result = export(notes, notes / "L07.docx", "--out", tmp_path / "ut.docx")
    assert result.exit_code == 0, result.output
    _, segments, coding = read(tmp_path / "ut.docx")
    expected = dialogtool.pipeline.build(dialogtool.pipeline.open_round(notes)).codes
    assert pairs(coding.codes) == pairs(c for c in expected if c.county == "L07")
    assert (sid(segments, LEDNING), "styrning.skola") in {(c.segment_id, c.theme) for c in coding.codes if c.source == "human"}


def test_export_word_command_errors(notes, tmp_path):
    other = tmp_path / "L09.md"
    other.write_text(note_source(county="L09"), encoding="utf-8")
    (tmp_path / "L07.doc").write_bytes(b"not a docx")
    cases = [
        (("L99", "--out", tmp_path / "x.docx"),
         f"Error: L99: ingen anteckning för detta län i {notes} (kända: L07, L08); ange ett av dem eller sökvägen till en anteckning."),
        (("L07", "--out", tmp_path / "saknas" / "x.docx"),
         f"Error: {tmp_path / 'saknas' / 'x.docx'}: mappen {tmp_path / 'saknas'} finns inte; "
         "skapa den eller välj en annan sökväg för utfilen."),
        (("L07", "--out", tmp_path / "x.xlsx"),
         f"Error: {tmp_path / 'x.xlsx'}: utfilen måste vara en Word-fil; låt namnet sluta på .docx."),
        ((notes / "L07.docx", "--out", notes / "L07.docx"),
         f"Error: {notes / 'L07.docx'}: detta är själva anteckningen; skriv exporten till en annan fil."),
        ((other, "--out", tmp_path / "x.docx"),
         f"Error: {other}: länet L09 har ingen anteckning i {notes}, så det har inga koder; "
         "ange omgångens mapp med anteckningar med --notes."),
        ((tmp_path / "L07.doc", "--out", tmp_path / "x.docx"),
         f"Error: {tmp_path / 'L07.doc'}: inget format för anteckningar som dialogtool läser; spara den som .docx, .md eller .txt."),
        ((tmp_path / "L08.docx", "--out", tmp_path / "x.docx"),
         f"Error: {tmp_path / 'L08.docx'}: filen finns inte; ange sökvägen till en anteckning eller ett läns id (L07, L08)."),
    ]
    for args, message in cases:
        result = export(notes, *args)
        assert result.exit_code == 1, args
        assert result.output == message + "\n"


def test_export_word_takes_a_county_in_any_case_or_the_note_file_name(notes, tmp_path):
    for ref in ("l07", "L07.DOCX"):
        out = tmp_path / f"{ref}-koder.docx"
        result = export(notes, ref, "--out", out)
        assert result.exit_code == 0, result.output
        assert read(out)[0].county == "L07"


def test_export_word_refuses_to_write_among_the_notes(notes):
    result = export(notes, "L07", "--out", notes / "L07-koder.docx")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {notes / 'L07-koder.docx'}: filen ligger i mappen med anteckningar {notes}, där nästa körning skulle "
        "läsa den som en andra anteckning för länet; skriv exporten till en annan mapp.\n")
    assert not (notes / "L07-koder.docx").exists()


def test_ids_in_any_case_with_a_full_stop_and_junk_beside_ids(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [
        ([LEDNING], "styrning.skola, ok?", "Anna"),
        ([NATVERK], "styrning.operativ.", "Anna"),
        ([PLAN], "Handlingsplan.Status ; FINANSIERING.", "Bo"),
        ([ARBETSGRUPP], "finansiering?", "Bo"),
    ])
    _, segments, coding = read(path)
    assert pairs(coding.codes) == {(sid(segments, LEDNING), "styrning.skola"),
                                   (sid(segments, NATVERK), "styrning.operativ"),
                                   (sid(segments, PLAN), "handlingsplan.status"), (sid(segments, PLAN), "finansiering")}
    assert coding.problems == [
        "L07.docx kommentar 0 av Anna på 'Ledningsgruppen på hög tjänst…': kodad styrning.skola, men 'ok?' är "
        "inget temas id; närmast: inget (se themes.yaml)",
        "L07.docx kommentar 3 av Bo på 'En arbetsgrupp för vuxna träf…': 'finansiering?' är inget temas id; "
        "närmast: finansiering",
    ]


def table_cell_paragraph(document, text: str):
    return next(p for table in document.tables for row in table.rows for cell in row.cells
                for p in cell.paragraphs if p.text == text)


def test_comments_in_a_table_cell_a_list_item_and_over_three_paragraphs(tmp_path):
    path = write_docx(TABLE_NOTE, tmp_path / "L07.docx")
    document = docx.Document(str(path))
    cell = table_cell_paragraph(document, "samordnar")
    document.add_comment(cell.runs, text="styrning.operativ", author="Anna", initials="A")
    document.add_comment([paragraph(document, ARBETSGRUPP).runs[0]], text="styrning", author="Anna", initials="A")
    document.add_comment([paragraph(document, NATVERK).runs[0], paragraph(document, PLAN).runs[-1]],
                         text="medskick", author="Bo", initials="B")
    document.save(str(path))
    _, segments, coding = read(path)
    assert coding.problems == []
    assert pairs(coding.codes) == {
        (sid(segments, "Regionen"), "styrning.operativ"), (sid(segments, ARBETSGRUPP), "styrning"),
        (sid(segments, NATVERK), "medskick"), (sid(segments, ARBETSGRUPP), "medskick"), (sid(segments, PLAN), "medskick")}


def test_a_reply_codes_for_its_author_or_is_reported(tmp_path):
    """Word writes a reply as a comment of its own over the same text."""
    path = coded_note(tmp_path / "L07.docx", [([LEDNING], "styrning.skola", "Anna"),
                                               ([LEDNING], "styrning.ledningsgrupp", "Bo"),
                                               ([LEDNING], "Håller med", "Cecilia")])
    _, segments, coding = read(path)
    assert {(c.theme, c.coder) for c in coding.codes} == {("styrning.skola", "Anna"), ("styrning.ledningsgrupp", "Bo")}
    assert coding.problems == ["L07.docx kommentar 2 av Cecilia på 'Ledningsgruppen på hög tjänst…': 'Håller "
                               "med' är inget temas id; närmast: inget (se themes.yaml)"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_note_saved_by_libreoffice_keeps_its_codes_and_exports(tmp_path):
    source = coded_note(tmp_path / "L07.docx", [([LEDNING], "styrning.skola", "Anna"),
                                                 ([NATVERK, PLAN], "medskick", "Bo")], source=TABLE_NOTE)
    (tmp_path / "lo").mkdir()
    for step, (target, filter_) in enumerate((("odt", "odt"), ("docx", 'docx:"MS Word 2007 XML"'))):
        given = source if step == 0 else tmp_path / "lo" / "L07.odt"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                        filter_.replace('"', ""), "--outdir", str(tmp_path / "lo"), str(given)],
                       check=True, capture_output=True, timeout=120)
    converted = tmp_path / "lo" / "L07.docx"
    _, before_segments, before = read(source)
    note, segments, coding = read(converted)
    assert coding.problems == []
    assert [s.segment_id for s in segments] == [s.segment_id for s in before_segments]
    assert {(c.segment_id, c.theme, c.coder) for c in coding.codes} == {
        (c.segment_id, c.theme, c.coder) for c in before.codes}
    out = export_word(note, segments, coding.codes, tmp_path / "ut.docx", CODEBOOK)
    assert pairs(read(out)[2].codes) == pairs(coding.codes)


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"


def with_replies(path: Path, threads: dict[int, int]) -> Path:
    """Make comments replies as Word does: paragraph ids, and commentsExtended naming each reply's parent."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    document = docx.Document(str(path))
    ids = {}
    for element in document.comments._comments_elm.comment_lst:
        ids[int(element.id)] = f"0000{int(element.id):04X}"
        element.findall(docx.oxml.ns.qn("w:p"))[-1].set(f"{{{W14}}}paraId", ids[int(element.id)])
    root = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
    for comment, paragraph in ids.items():
        entry = etree.SubElement(root, f"{{{W15}}}commentEx", {f"{{{W15}}}paraId": paragraph, f"{{{W15}}}done": "0"})
        if comment in threads:
            entry.set(f"{{{W15}}}paraIdParent", ids[threads[comment]])
    part = Part(PackURI("/word/commentsExtended.xml"), EXTENDED, etree.tostring(root), document.part.package)
    document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
    document.save(str(path))
    return path


def test_export_of_a_note_with_replies_keeps_word_s_threads_consistent(tmp_path):
    path = coded_note(tmp_path / "L07.docx", [([LEDNING], "styrning.skola", "Anna"),
                                               ([LEDNING], "Håller inte med, snarare ledningsgruppen", "Bo"),
                                               ([PLAN], "handlingsplan", "Anna"),
                                               ([PLAN], "Varför?", "Bo")])
    with_replies(path, {1: 0, 3: 2})
    note, segments, coding = read(path)
    out = export_word(note, segments, coding.codes, tmp_path / "ut.docx", CODEBOOK)
    with zipfile.ZipFile(out) as archive:
        extended = archive.read("word/commentsExtended.xml").decode("utf-8")
    assert "00000000" not in extended and "00000002" not in extended  # Anna's id comments were replaced
    assert "paraIdParent" not in extended and 'w15:paraId="00000001"' in extended
    assert {c.text for c in docx.Document(str(out)).comments} == {
        "Håller inte med, snarare ledningsgruppen", "Varför?", "styrning.skola", "handlingsplan"}
    assert pairs(read(out)[2].codes) == pairs(coding.codes)
