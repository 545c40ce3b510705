"""Every shape real notes come in (issue #13, item 1), and the notes and numbers that came out
silently wrong (issue #15): each test here failed before its fix.

The notes are written here, in the prose of a meeting note, not copied from the corpora.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
import zipfile
from dataclasses import replace

import docx
import pandas as pd
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.shared import Pt
from PIL import Image

from conftest import ROOT, note_source
from dialogtool import archives
from dialogtool.cli import cli
from dialogtool.coding.tag import tag_segments
from dialogtool.coding.wordcodes import export_word, word_codes
from dialogtool.errors import NoteError
from dialogtool.cues.codebook import load_codebook
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide
from dialogtool.ingest.read import read_note
from dialogtool.ingest.segment import segment_note
from dialogtool.model import Code
from dialogtool.typology.classify import classify_counties

GUIDE = ROOT / "interview_guides" / "2025.yaml"
HEADER = ("Minnesanteckningar – länsdialog psykisk hälsa och suicidprevention 2025", "Län: L12",
          "Datum: 2025-11-04", "Deltagare: 5 (samordnare, utvecklingsledare)", "Granskning: godkänd av länet 2025-11-20")

LEDNING = ("Den politiska samverkansberedningen har delegerat ansvaret till en ledningsgrupp där "
           "socialchefer och hälso- och sjukvårdsdirektören sitter.",
           "Elevhälsans chefer bjuds in två gånger per termin men är inte ordinarie ledamöter.")
STRATEGI = ("Ett utkast till länsgemensam handlingsplan skickades på remiss till kommunerna i september.",
            "Stimulansmedlen fördelas efter ansökan, och varje ansökan ska bygga på en projektplan.")
INITIATIV = ("Omställningen till god och nära vård och samsjuklighetsreformen hanteras i samma styrgrupp, "
             "vilket gör det lättare att se sambanden mellan satsningarna.",)
MEDSKICK = ("Länet önskar metodstöd från Folkhälsomyndigheten och indikatorer för uppföljning av delmålen.",)


def segments_of(path):
    return segment_note(read_note(path), load_guide(GUIDE))


def analyze(*args):
    return CliRunner().invoke(cli, ["analyze", *map(str, args), "--guide", str(GUIDE)])


def refusal(notes_dir) -> str:
    """What analyze says when it refuses the round (exit code 1, one error line)."""
    result = analyze(notes_dir, "--out", notes_dir.parent / "out")
    assert result.exit_code == 1, result.output
    return result.output


def header_document() -> docx.Document:
    document = docx.Document()
    for line in HEADER:
        document.add_paragraph(line)
    return document


def text_note(path, lines) -> object:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- a note written as a Word table -------------------------------------------------------

def table_note(path, rows, titles=None):
    """A note whose body is a two-column table: question area, then the notes (one paragraph a line)."""
    document = header_document()
    table = document.add_table(rows=0, cols=2)
    for label, notes in ([titles] if titles else []) + rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = notes[0]
        for paragraph in notes[1:]:
            cells[1].add_paragraph(paragraph)
    document.save(path)
    return path


def test_a_note_in_a_table_gives_each_paragraph_of_a_notes_cell_its_area(tmp_path):
    path = table_note(tmp_path / "L12.docx", [
        ("Ledning och samordning", [*LEDNING, "- En arbetsgrupp för äldre träffas varje månad."]),
        ("Hur kopplar planen an till strategins övergripande mål, delmål och prioriterade områden?", list(STRATEGI)),
        ("Nationella initiativ", list(INITIATIV)),
        ("Medskick", list(MEDSKICK)),
    ], titles=("Frågeområde", ["Anteckningar"]))
    segments = segments_of(path)
    assert [(s.area, s.text) for s in segments] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("ledning", "En arbetsgrupp för äldre träffas varje månad."),
        ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1]), ("initiativ", INITIATIV[0]), ("medskick", MEDSKICK[0]),
    ]
    assert [s.kind for s in segments][:3] == ["body", "body", "list"]
    assert not any(s.area_inferred for s in segments)


def test_a_notes_table_with_a_numbered_first_column_reads_its_label_from_the_columns_before_the_notes(tmp_path):
    document = header_document()
    table = document.add_table(rows=0, cols=3)
    for number, label, notes in [("1", "Ledning och samordning", LEDNING), ("2", "Strategin", STRATEGI)]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = number, label, notes[0]
        cells[2].add_paragraph(notes[1])
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1])]


def test_a_notes_table_with_two_notes_columns_gives_each_paragraph_of_both_its_area(tmp_path):
    document = header_document()
    table = document.add_table(rows=0, cols=3)
    rows = [("Frågeområde", ["Vad länet berättade"], ["Kommentar"]),
            ("Ledning och samordning", list(LEDNING), ["Skolan räknas inte som ledamot – noterat."]),
            ("Strategin", [STRATEGI[0]], [STRATEGI[1], "Oklart när planen beslutas."])]
    for label, told, remarks in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = label, told[0], remarks[0]
        for paragraph in told[1:]:
            cells[1].add_paragraph(paragraph)
        for paragraph in remarks[1:]:
            cells[2].add_paragraph(paragraph)
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("ledning", "Skolan räknas inte som ledamot – noterat."),
        ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1]), ("strategi", "Oklart när planen beslutas.")]


def test_numbered_guide_questions_head_their_answers_and_the_first_answers_are_kept(tmp_path):
    document = header_document()
    for question, paragraphs in [
            ("Länsgemensam ledning och samordning inom området. Hur ser den länsgemensamma ledningen "
             "och samordningen ut inom området i dag?", LEDNING),
            ("Länsgemensam samordning av olika nationella initiativ. Hur samordnas arbetet med strategin med "
             "God och nära vård, nya socialtjänstlagen och samsjuklighetsreformen?", INITIATIV)]:
        document.add_paragraph(question, style="List Number")
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("initiativ", INITIATIV[0])]


def test_a_markdown_question_led_by_bold_words_is_a_heading_and_emphasis_marks_are_not_text(tmp_path):
    path = text_note(tmp_path / "L12.md", [*HEADER, "",
                                          "**Fråga 1.** Hur ser den länsgemensamma ledningen och samordningen ut inom området i dag?", "",
                                          f"**Skriftligt svar:** {LEDNING[0]}", "",
                                          "**Fråga 4.** Vad vill ni skicka med till den nationella nivån?", "",
                                          f"- {MEDSKICK[0]} Det är *viktigt*."])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", f"Skriftligt svar: {LEDNING[0]}"), ("medskick", f"{MEDSKICK[0]} Det är viktigt.")]


def test_a_plain_title_line_above_the_header_is_no_paragraph_of_a_note_without_headings(tmp_path):
    document = header_document()
    for paragraph in (*LEDNING, *STRATEGI):
        document.add_paragraph(paragraph)
    document.save(tmp_path / "L12.docx")
    assert [s.text for s in segments_of(tmp_path / "L12.docx")] == [*LEDNING, *STRATEGI]


def test_a_summary_before_the_first_area_heading_is_kept_as_content(tmp_path):
    summary = "Sammanfattning. Länet har kommit långt med samverkan men saknar fortfarande en gemensam plan."
    path = paragraphs_note(tmp_path / "L12.docx", [summary, ("h", "Ledning och samordning"), *LEDNING])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("okand", summary), ("ledning", LEDNING[0]), ("ledning", LEDNING[1])]


def test_bold_speaker_labels_inside_an_area_are_no_paragraphs_and_keep_the_area(tmp_path):
    path = paragraphs_note(tmp_path / "L12.docx", [
        ("h", "Ledning och samordning"), ("bold", "Regionens företrädare:"), LEDNING[0],
        ("bold", "Kommunernas företrädare:"), LEDNING[1],
        ("h", "Medskick"), "Medskick till nationell nivå:", "Fleråriga beslut om stimulansmedlen.",
    ])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]),
        ("medskick", "Medskick till nationell nivå:"), ("medskick", "Fleråriga beslut om stimulansmedlen.")]


def test_a_note_whose_header_and_body_are_one_table_reads_its_fields_and_areas(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for label, notes in [("Län", ["L12"]), ("Datum:", ["2025-11-04"]),
                         ("Deltagare", ["fem personer: samordnare och utvecklingsledare från region och kommuner, "
                                        "en representant för brukarrådet och två chefer från elevhälsan, som "
                                        "deltog under den första halvtimmen av dialogen."]),
                         ("Ledning och samordning", list(LEDNING)), ("Medskick", list(MEDSKICK))]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, notes[0]
        for paragraph in notes[1:]:
            cells[1].add_paragraph(paragraph)
    document.save(tmp_path / "anteckningar.docx")
    note = read_note(tmp_path / "anteckningar.docx")
    assert (note.county, note.date, note.participants) == ("L12", "2025-11-04", 5)
    assert [(s.area, s.text) for s in segment_note(note, load_guide(GUIDE))] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("medskick", MEDSKICK[0])]


def test_a_table_of_facts_stays_one_block_per_row(tmp_path):
    document = header_document()
    document.add_heading("Ledning och samordning", level=2)
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Grupp", "Träffas"), ("Äldregruppen", "Varje kvartal")]):
        row.cells[0].text, row.cells[1].text = values
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", "Grupp | Träffas"), ("ledning", "Äldregruppen | Varje kvartal")]


def test_a_question_and_answer_tables_row_of_column_titles_is_no_segment(tmp_path):
    """"Fråga | Svar" over the investigator's questions and the county's answers names the
    columns: no paragraph of the note (it was a segment no reader could code)."""
    document = header_document()
    document.add_heading("Ledning och samordning", level=2)
    rows = [("Fråga", "Svar"), ("Sitter skolan i gruppen?", LEDNING[1]), ("Vem leder?", LEDNING[0])]
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(table.rows, rows):
        row.cells[0].text, row.cells[1].text = values
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", f"Sitter skolan i gruppen? | {LEDNING[1]}"), ("ledning", f"Vem leder? | {LEDNING[0]}")]



def test_a_table_of_follow_ups_keeps_each_row_whole(tmp_path):
    """"Att göra | Vem | När": a task beside two short cells is a row of facts, not a label over
    two paragraphs of notes ("LSam" and "jan 2026" had become segments, the task a heading)."""
    document = header_document()
    document.add_heading("Erfarenheter och andra medskick från länen", level=2)
    rows = [("Att göra", "Vem", "När"), ("Återkoppla styrgruppens beslut om planen efter decembermötet", "LSam",
                                         "jan 2026"), ("Höra med skolcheferna om en plats i gruppen", "SG-ordf.", "vt 2026")]
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("medskick", " | ".join(rows[1])), ("medskick", " | ".join(rows[2]))]

def test_minutes_paragraph_titles_in_a_text_note_are_no_segments(tmp_path):
    """A note written as minutes ("§ 2 Styrgruppen" above hard-wrapped text): each § title
    heads its paragraph, in the guide's order or not, as "2. Styrgruppen" would."""
    path = text_note(tmp_path / "L12.txt", [*HEADER, "", "§ 1 Pengarna", *textwrap.wrap(STRATEGI[1], 60), "",
                                            "§ 2 Styrgruppen", *textwrap.wrap(LEDNING[0], 70), "",
                                            "§ 3 Övrigt", MEDSKICK[0]])
    segments = segments_of(path)
    assert [s.text for s in segments] == [STRATEGI[1], LEDNING[0], MEDSKICK[0]]
    assert [s.area for s in segments] == ["strategi", "ledning", "medskick"]


def test_a_notes_table_of_parts_gets_inferred_areas_and_a_facts_table_in_the_header_stays_header(tmp_path):
    path = tmp_path / "L12.docx"
    table_note(path, [("Del 1", list(LEDNING)), ("Del 2", list(STRATEGI))])
    assert [(s.heading, s.area, s.area_inferred) for s in segments_of(path)] == [
        ("Del 1", "ledning", True), ("Del 1", "ledning", True), ("Del 2", "strategi", True), ("Del 2", "strategi", True)]
    document = header_document()
    facts = document.add_table(rows=1, cols=2)
    facts.rows[0].cells[0].text = "Brukarrepresentant"
    facts.rows[0].cells[1].text = ("Företräder en länsförening för anhöriga och har deltagit i dialogen sedan den "
                                   "första omgången, med ansvar för att föra fram synpunkter från föreningens "
                                   "medlemmar om bemötande och tillgänglighet.")
    document.add_heading("Medskick", level=2)
    document.add_paragraph(MEDSKICK[0])
    document.save(path)
    assert [(s.area, s.text) for s in segments_of(path)] == [("medskick", MEDSKICK[0])]


def test_a_code_exported_to_word_on_a_notes_table_comes_back_on_its_paragraph(tmp_path):
    path = table_note(tmp_path / "L12.docx", [("Ledning och samordning", list(LEDNING)), ("Strategin", list(STRATEGI))])
    note = read_note(path)
    segments = segment_note(note, load_guide(GUIDE))
    target = next(s for s in segments if s.text == STRATEGI[1])
    code = Code(target.segment_id, "L12", "fordelningsgrund.egna_kriterier", "human", "", "Anna")
    out = export_word(note, segments, [code], tmp_path / "L12-koder.docx", load_codebook(ROOT / "themes.yaml"))
    again = read_note(out)
    coding = word_codes(again, segment_note(again, load_guide(GUIDE)), load_codebook(ROOT / "themes.yaml"))
    assert [(c.segment_id, c.theme, c.coder) for c in coding.codes] == [
        (target.segment_id, "fordelningsgrund.egna_kriterier", "Anna")]


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_tracked_insertions_count_deletions_do_not_and_content_controls_are_read(tmp_path):
    document = header_document()
    document.add_heading("Ledning och samordning", level=2)
    corrected = document.add_paragraph("Ledningsgruppen träffas ")
    corrected._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="Länet" w:date="2025-11-10T00:00:00Z">'
                                  '<w:r><w:delText>varje månad</w:delText></w:r></w:del>'))
    corrected._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="Länet" w:date="2025-11-10T00:00:00Z">'
                                  '<w:r><w:t>varannan månad</w:t></w:r></w:ins>'))
    corrected.add_run(" och leds av hälso- och sjukvårdsdirektören.")
    document.element.body.append(parse_xml(
        f'<w:sdt {W}><w:sdtPr><w:alias w:val="Medskick"/></w:sdtPr><w:sdtContent>'
        f'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Medskick</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t>{MEDSKICK[0]}</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", "Ledningsgruppen träffas varannan månad och leds av hälso- och sjukvårdsdirektören."),
        ("medskick", MEDSKICK[0])]


def test_a_content_control_still_showing_its_placeholder_is_no_text(tmp_path):
    document = header_document()
    document.add_heading("Medskick", level=2)
    document.element.body.append(parse_xml(
        f'<w:sdt {W}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>Klicka eller tryck här för att ange text.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.add_paragraph(MEDSKICK[0])
    document.save(tmp_path / "L12.docx")
    assert [s.text for s in segments_of(tmp_path / "L12.docx")] == [MEDSKICK[0]]


# --- headings in capitals, as questions, with a colon, or naming no area ----------------------

def paragraphs_note(path, items):
    """A .docx of plain paragraphs; ("bold", text) items are bold lines, ("h", text) heading-styled."""
    document = header_document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
        elif item[0] == "bold":
            run = document.add_paragraph().add_run(item[1])
            run.bold, run.font.size = True, Pt(12)
        else:
            document.add_heading(item[1], level=2)
    document.save(path)
    return path


def test_headings_in_capitals_as_questions_and_with_a_colon_name_their_areas(tmp_path):
    path = paragraphs_note(tmp_path / "L12.docx", [
        "LEDNING OCH SAMORDNING", *LEDNING,
        ("h", "Finns en länsgemensam handlingsplan utifrån den nationella strategin?"), *STRATEGI,
        "Nationella initiativ:", *INITIATIV,
        ("bold", "Vad vill ni skicka med till den nationella nivån?"), *MEDSKICK,
    ])
    segments = segments_of(path)
    assert [s.area for s in segments] == ["ledning", "ledning", "strategi", "strategi", "initiativ", "medskick"]
    assert [s.text for s in segments] == [*LEDNING, *STRATEGI, *INITIATIV, *MEDSKICK]


def test_bold_headings_numbered_with_words_numbering_button_name_their_areas(tmp_path):
    document = header_document()
    for heading, paragraphs in [("Ledning och samordning", LEDNING), ("Strategins vision och mål", STRATEGI)]:
        document.add_paragraph(style="List Number").add_run(heading).bold = True
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1])]


def test_a_line_ending_with_a_colon_in_its_own_area_introduces_a_list_and_stays_text(tmp_path):
    path = paragraphs_note(tmp_path / "L12.docx", [
        ("h", "Medskick"), "Medskick till nationell nivå:", "Fleråriga beslut om stimulansmedlen.",
    ])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("medskick", "Medskick till nationell nivå:"), ("medskick", "Fleråriga beslut om stimulansmedlen.")]


def test_headings_that_name_no_area_get_the_area_of_the_guides_order_and_are_marked(tmp_path):
    path = paragraphs_note(tmp_path / "L12.docx", [
        ("bold", "Del 1"), *LEDNING, ("bold", "Del 2"), *STRATEGI, ("bold", "Del 3"), *INITIATIV,
        ("bold", "Övrigt"), *MEDSKICK,
    ])
    segments = segments_of(path)
    assert [(s.heading, s.area) for s in segments] == [
        ("Del 1", "ledning"), ("Del 1", "ledning"), ("Del 2", "strategi"), ("Del 2", "strategi"),
        ("Del 3", "initiativ"), ("Övrigt", "medskick")]
    assert all(s.area_inferred for s in segments)


def test_an_unnamed_section_takes_the_area_its_content_speaks_of_within_the_guides_order(tmp_path):
    # Between ledning and medskick, a section about the plan and the funds is strategi, though
    # initiativ would come next in order; its heading-styled sibling about reforms is initiativ.
    path = paragraphs_note(tmp_path / "L12.docx", [
        ("h", "Ledning och samordning"), *LEDNING, ("h", "Anteckningar"), *STRATEGI,
        ("h", "Ekonomi och personal"), *INITIATIV, ("h", "Medskick"), *MEDSKICK,
    ])
    segments = segments_of(path)
    assert [(s.area, s.area_inferred) for s in segments] == [
        ("ledning", False), ("ledning", False), ("strategi", True), ("strategi", True), ("initiativ", True),
        ("medskick", False)]


def test_analyze_says_which_headings_were_inferred_and_as_what(tmp_path):
    paragraphs_note(tmp_path / "L12.docx", [
        ("bold", "Del 1"), *LEDNING, ("bold", "Del 2"), *STRATEGI, ("h", "Medskick"), *MEDSKICK])
    result = analyze(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Frågeområden härledda ur texten: L12 'Del 1' → ledning, L12 'Del 2' → strategi\n" in result.output
    assert "Okända rubriker" not in result.output


def test_a_note_without_any_heading_gets_an_area_per_paragraph_and_says_so(tmp_path):
    text_note(tmp_path / "L12.txt", [*HEADER, "", *LEDNING, "", *STRATEGI, "", *INITIATIV, "", *MEDSKICK])
    segments = segments_of(tmp_path / "L12.txt")
    assert [s.area for s in segments] == ["ledning", "ledning", "strategi", "strategi", "initiativ", "medskick"]
    assert all(s.area_inferred and s.heading == "" for s in segments)
    result = analyze(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Frågeområden härledda ur texten: L12 (inga rubriker) → stycke för stycke\n" in result.output


# --- plain text with one paragraph per line ---------------------------------------------------

def test_a_text_note_with_one_paragraph_per_line_and_headings_directly_above_their_text(tmp_path):
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "Ledning och samordning", *LEDNING, "STRATEGINS VISION OCH MÅL", *STRATEGI,
        "Nationella initiativ", *INITIATIV, "Medskick", *MEDSKICK,
    ])
    segments = segments_of(path)
    assert [(s.area, s.text) for s in segments] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1]),
        ("initiativ", INITIATIV[0]), ("medskick", MEDSKICK[0])]


def test_lines_ending_with_a_dash_head_their_sections_named_or_not(tmp_path):
    path = text_note(tmp_path / "L12.txt", [*HEADER, "", "Ledning och samordning –", *LEDNING, "",
                                           "Planen och pengarna –", *STRATEGI])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1])]


def test_a_heading_directly_above_hard_wrapped_text_is_still_a_heading(tmp_path):
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "", "Ledning och samordning", "Ledningsgruppen samlar socialcheferna och",
        "hälso- och sjukvårdsdirektören och träffas", "varannan månad.",
    ])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", "Ledningsgruppen samlar socialcheferna och hälso- och sjukvårdsdirektören och träffas varannan månad.")]


# --- participants -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, count", [
    ("fem personer", 5), ("(2025 års dialog) fyra", 4), ("6 (länssamordnare, två utvecklingsledare)", 6),
    ("Tolv deltagare från region och kommuner", 12), ("tjugoett", 21), ("Dialogen 2025: 7 personer", 7),
])
def test_the_participant_count_is_the_first_number_in_digits_or_words_never_a_year(tmp_path, value, count):
    path = text_note(tmp_path / "L12.md", [*HEADER[:3], f"Deltagare: {value}", "", "## Medskick", "", *MEDSKICK])
    assert read_note(path).participants == count


def test_a_participant_count_that_cannot_be_read_is_a_warning_and_left_out_of_the_total(tmp_path):
    text_note(tmp_path / "L12.md", [*HEADER[:3], "Deltagare: ett tjugotal från regionen", "", "## Medskick", "",
                                    *MEDSKICK])
    (tmp_path / "L13.md").write_text(note_source(county="L13", participants=4), encoding="utf-8")
    result = analyze(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Deltagare: 4\n" in result.output
    assert ("Varning: L12.md (L12): 'Deltagare: ett tjugotal från regionen' anger inget antal, så deltagarna räknas "
            "inte in i totalen; skriv antalet först på raden, t.ex. 'Deltagare: 6 (länssamordnare, …)'.\n") in result.output
    notes = pd.read_csv(tmp_path / "out" / "notes.csv")
    assert notes.participants.isna().tolist() == [True, False]


def test_a_participant_line_with_several_numbers_counts_the_first_and_says_so(tmp_path):
    text_note(tmp_path / "L12.md", [*HEADER[:3], "Deltagare: fem från regionen och tre från kommunerna", "",
                                    "## Medskick", "", *MEDSKICK])
    result = analyze(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Deltagare: 5\n" in result.output
    assert ("Varning: L12.md (L12): 'Deltagare: fem från regionen och tre från kommunerna' har flera tal; det första, "
            "5, räknas som antalet deltagare. Skriv totalen först på raden om det inte stämmer, t.ex. "
            "'Deltagare: 8 (fem från regionen, …)'.\n") in result.output


# --- files that are not read, or not notes ----------------------------------------------------

def test_files_in_other_formats_are_named_with_why_they_were_not_read(tmp_path):
    (tmp_path / "L07.md").write_text(note_source(), encoding="utf-8")
    for name in ("L08.odt", "L09.doc", "L10.rtf", "L11.pdf"):
        (tmp_path / name).write_bytes(b"%binary")
    (tmp_path / "allowlist.txt").write_text("Sahlgrenska\n", encoding="utf-8")
    result = analyze(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Anteckningar: 1\n" in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Varning:")]
    assert lines == [
        f"Varning: {name} lästes inte ({what}); är det en minnesanteckning, spara den som .docx, .md eller .txt."
        for name, what in [("L08.odt", "OpenDocument-text (.odt)"), ("L09.doc", "gammalt Word-format (.doc)"),
                           ("L10.rtf", "RTF-format (.rtf)"), ("L11.pdf", "PDF")]
    ]


def test_a_directory_of_files_in_other_formats_says_what_it_holds(tmp_path):
    (tmp_path / "L08.odt").write_bytes(b"%binary")
    assert refusal(tmp_path) == (
        f"Error: {tmp_path}: inga anteckningar hittades (.docx, .md, .txt) (den innehåller bara L08.odt, i format som "
        "dialogtool inte läser); lägg omgångens anteckningar i den eller ange en annan mapp.\n")


def image_only_docx(path, tmp_path):
    Image.new("RGB", (8, 8), "white").save(tmp_path / "scan.png")
    document = docx.Document()
    document.add_picture(str(tmp_path / "scan.png"))
    document.save(path)
    return path


@pytest.mark.parametrize("kind", ["empty", "image"])
def test_a_note_without_text_is_refused_not_a_22nd_county(tmp_path, kind):
    (tmp_path / "L07.md").write_text(note_source(), encoding="utf-8")
    path = tmp_path / "L22.docx"
    if kind == "empty":
        path.write_bytes(b"")
    else:
        image_only_docx(path, tmp_path)
    message = (f"{path}: anteckningen har ingen text (filen är tom eller innehåller bara bilder eller en skanning); "
               "lägg in anteckningens text eller ta bort filen ur omgången.")
    assert refusal(tmp_path) == f"Error: {message}\n"
    skipped = analyze(tmp_path, "--out", tmp_path / "out", "--keep-going")
    assert skipped.exit_code == 0, skipped.output
    assert f"Hoppade över: {message}\n" in skipped.output and "Anteckningar: 1\n" in skipped.output
    assert list(pd.read_csv(tmp_path / "out" / "notes.csv").county) == ["L07"]


def rewritten_docx(source, path, part, change):
    """A copy of a .docx with one part's XML changed by `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == part else data)
    return path


def test_a_docx_with_an_external_entity_is_refused(tmp_path):
    plain = paragraphs_note(tmp_path / "plain.docx", [("h", "Medskick"), *MEDSKICK])
    (tmp_path / "notes").mkdir()
    path = rewritten_docx(plain, tmp_path / "notes" / "L12.docx", "word/document.xml", lambda xml: xml.replace(
        b"?>", b'?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', 1).replace(
        b"<w:t>Medskick</w:t>", b"<w:t>&secret;</w:t>"))
    assert refusal(tmp_path / "notes") == (
        f"Error: {path}: delen word/document.xml i Word-dokumentet deklarerar en XML-DOCTYPE eller -entitet, vilket "
        "Word aldrig skriver (det kan få en läsare att hämta andra filer); öppna anteckningen i Word och spara den igen som .docx, eller be avsändaren om en ny kopia.\n")


DOCTYPE = b'<!DOCTYPE w:styles [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("member", ["word/styles.xml", "word/unused.xml"])
def test_a_doctype_in_a_part_python_docx_reads_or_in_one_it_leaves_is_refused(tmp_path, member):
    plain = paragraphs_note(tmp_path / "plain.docx", [("h", "Medskick"), *MEDSKICK])
    read_note(plain)  # its intact styles part is now parsed once in this process
    path = tmp_path / "L12.docx"
    if member == "word/styles.xml":
        rewritten_docx(plain, path, member, lambda xml: xml.replace(b"?>", b"?>" + DOCTYPE, 1))
    else:
        shutil.copy(plain, path)
        with zipfile.ZipFile(path, "a") as package:
            package.writestr(member, b'<?xml version="1.0"?>' + DOCTYPE + b"<w:styles/>")
    with pytest.raises(NoteError) as refused:
        read_note(path)
    assert str(refused.value) == (
        f"{path}: delen {member} i Word-dokumentet deklarerar en XML-DOCTYPE eller -entitet, vilket Word aldrig "
        "skriver (det kan få en läsare att hämta andra filer); öppna anteckningen i Word och spara den igen som .docx, "
        "eller be avsändaren om en ny kopia.")


def truncated_styles(plain, path):
    """A copy of a .docx whose styles part's XML breaks off."""
    return rewritten_docx(plain, path, "word/styles.xml", lambda xml: xml[:-40])


def broken_styles_data(plain, path):
    """A copy of a .docx whose styles part's compressed data is broken (it cannot be inflated)."""
    content = bytearray(plain.read_bytes())
    with zipfile.ZipFile(plain) as package:
        member = package.getinfo("word/styles.xml")
    data = member.header_offset + 30 + len(member.filename) + len(member.extra)
    content[data + 100:data + 140] = bytes(byte ^ 0x5A for byte in content[data + 100:data + 140])
    path.write_bytes(bytes(content))
    return path


@pytest.mark.parametrize("damage", [truncated_styles, broken_styles_data])
def test_a_docx_with_a_damaged_styles_part_is_refused_with_what_python_docx_finds(tmp_path, damage):
    plain = paragraphs_note(tmp_path / "plain.docx", [("h", "Medskick"), *MEDSKICK])
    read_note(plain)  # its intact styles part is now parsed once in this process
    path = damage(plain, tmp_path / "L12.docx")
    with pytest.raises(Exception) as python_docx:
        docx.Document(str(path))
    with pytest.raises(NoteError) as refused:
        read_note(path)
    assert str(refused.value) == (f"{path}: Word-dokumentet är skadat ({python_docx.value}); öppna det i Word och "
                                  "spara det igen som .docx.")


def test_a_docx_zip_bomb_is_refused(tmp_path):
    path = paragraphs_note(tmp_path / "L12.docx", [("h", "Medskick"), *MEDSKICK])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/media/padding.bin", "w") as padding:
            for _ in range(4):
                padding.write(bytes(2**20))
    with zipfile.ZipFile(path) as package:
        padding = package.getinfo("word/media/padding.bin")
    assert refusal(tmp_path) == (
        f"Error: {path}: Word-dokumentet avvisas: dess del word/media/padding.bin växer "
        f"{padding.file_size // padding.compress_size} gånger när den packas upp, så det är skadat eller en zip-bomb; "
        "öppna det i Word och spara det igen som .docx, utan stora inbäddade filer.\n")


def test_a_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNCOMPRESSED", 2**20)
    path = paragraphs_note(tmp_path / "L12.docx", [("h", "Medskick"), *MEDSKICK])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as package:
        package.writestr("word/media/photo.bin", bytes(range(256)) * 5000)
    with zipfile.ZipFile(path) as package:
        megabytes = sum(item.file_size for item in package.infolist()) / 2**20
    with pytest.raises(NoteError) as refused:
        read_note(path)
    assert str(refused.value) == (
        f"{path}: Word-dokumentet avvisas: den packas upp till {megabytes:,.1f} MB (högst 1 MB), så det är skadat "
        "eller en zip-bomb; öppna det i Word och spara det igen som .docx, utan stora inbäddade filer.")


def test_nul_bytes_and_a_form_feed_in_utf8_text_are_read_as_utf8(tmp_path):
    path = tmp_path / "L12.txt"
    text = "\n".join([*HEADER, "", "Ledning och samordning", "", LEDNING[0] + "\x00", "\x0c" + LEDNING[1]])
    path.write_bytes(text.encode("utf-8"))
    assert [(s.area, s.text) for s in segments_of(path)] == [("ledning", LEDNING[0]), ("ledning", LEDNING[1])]


def test_decomposed_letters_as_a_mac_writes_them_are_read_as_the_same_letters(tmp_path):
    path = text_note(tmp_path / "anteckning.txt", [*HEADER, "", "Ledning och samordning", "", LEDNING[0]])
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    note = read_note(path)
    assert (note.county, note.participants) == ("L12", 5)
    assert [(s.area, s.text) for s in segment_note(note, load_guide(GUIDE))] == [("ledning", LEDNING[0])]


def test_a_real_county_name_as_file_stem_without_a_lan_line_is_refused(tmp_path):
    path = tmp_path / "Värmland.md"
    path.write_text(note_source().replace("Län: L07\n", ""), encoding="utf-8")
    assert refusal(tmp_path) == (
        f"Error: {path}: filen heter som ett verkligt län och anteckningen har ingen rad 'Län:'; länens id är "
        "pseudonymer som syns i alla utdata, så lägg till en rad med länets pseudonym i huvudet, t.ex. 'Län: L07' (och byt filens namn till den).\n")


def test_a_real_county_name_after_lan_is_refused(tmp_path):
    path = tmp_path / "L07.md"
    path.write_text(note_source().replace("Län: L07", "Län: Region Skåne"), encoding="utf-8")
    with pytest.raises(NoteError) as refused:
        read_note(path)
    assert str(refused.value) == (
        f"{path}: 'Län: Region Skåne' är ett verkligt läns namn, och länens id är pseudonymer som syns "
        "i alla utdata; skriv länets pseudonym i stället, t.ex. 'Län: L07'.")


# --- outlines: indented bullet hierarchies, areas as the columns of a table ---------------------

OUTLINE_LEDNING = ("Ledningsgruppen: socialchefer och hälso- och sjukvårdsdirektören", "Möts varannan månad",
                   "Elevhälsan är inte med i gruppen. Man vill bjuda in den under våren.")
OUTLINE_PLAN = ("Länsplanen antogs av samverkansberedningen i april", "Kopplad till alla sju delmål",
                "Ansökningar bedöms mot planens insatsområden")
OUTLINE_MEDSKICK = "Fleråriga besked om stimulansmedlen skulle göra planeringen lättare."


def test_a_text_outline_copied_from_word_gives_every_bullet_at_every_level_its_area(tmp_path):
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "", "Ledning och samordning", f"\t• {OUTLINE_LEDNING[0]}", f"\t\to {OUTLINE_LEDNING[1]}",
        f"\t• {OUTLINE_LEDNING[2]}", "Planen och pengarna", f"\t• {OUTLINE_PLAN[0]}",
        f"\t\to {OUTLINE_PLAN[1]}", f"\t\t\t▪ {OUTLINE_PLAN[2]}", "Medskick", f"\t• {OUTLINE_MEDSKICK}",
    ])
    segments = segments_of(path)
    assert [(s.area, s.text, s.kind) for s in segments] == [
        *[("ledning", text, "list") for text in OUTLINE_LEDNING],
        *[("strategi", text, "list") for text in OUTLINE_PLAN], ("medskick", OUTLINE_MEDSKICK, "list")]
    assert [s.area_inferred for s in segments] == [False] * 3 + [True] * 3 + [False]


def test_a_markdown_outline_whose_top_bullets_are_the_areas_reads_them_as_headings(tmp_path):
    path = text_note(tmp_path / "L12.md", [
        *HEADER, "", "- Ledning och samordning", f"  - {OUTLINE_LEDNING[0]}", f"    - {OUTLINE_LEDNING[1]}",
        f"  - {OUTLINE_LEDNING[2]}", "- Planen och pengarna", "  - Handlingsplanen", f"    - {OUTLINE_PLAN[0]}",
        f"    - {OUTLINE_PLAN[1]}", f"  - {OUTLINE_PLAN[2]}", "- Medskick", f"  - {OUTLINE_MEDSKICK}",
    ])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        *[("ledning", text) for text in OUTLINE_LEDNING], ("strategi", "Handlingsplanen"),
        *[("strategi", text) for text in OUTLINE_PLAN], ("medskick", OUTLINE_MEDSKICK)]


def test_a_list_item_with_sub_items_in_an_ordinary_note_stays_an_item(tmp_path):
    lead = "Tre arbetsgrupper under ledningsgruppen"
    path = text_note(tmp_path / "L12.md", [*HEADER, "", "## Ledning och samordning", "", LEDNING[0], "",
                                          f"- {lead}", "  - barn och unga", "  - vuxna", f"- {LEDNING[1]}"])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", LEDNING[0]), ("ledning", lead), ("ledning", "barn och unga"), ("ledning", "vuxna"),
        ("ledning", LEDNING[1])]


def columns_note(path, columns, titles=None):
    """A .docx whose body is one table with a column per area: a title row (if any), one row of notes."""
    document = header_document()
    table = document.add_table(rows=0, cols=len(columns))
    if titles:
        for cell, title in zip(table.add_row().cells, titles):
            cell.text = title
    for cell, paragraphs in zip(table.add_row().cells, columns):
        cell.text = paragraphs[0]
        for paragraph in paragraphs[1:]:
            cell.add_paragraph(paragraph)
    document.save(path)
    return path


def test_a_table_with_the_areas_as_columns_under_a_title_row_gives_each_paragraph_its_column(tmp_path):
    path = columns_note(tmp_path / "L12.docx", [list(LEDNING), list(STRATEGI), [*INITIATIV, "– Samma styrgrupp"]],
                        titles=["Ledning", "Strategin och medlen", "Nationella initiativ"])
    assert [(s.area, s.text, s.kind) for s in segments_of(path)] == [
        ("ledning", LEDNING[0], "body"), ("ledning", LEDNING[1], "body"), ("strategi", STRATEGI[0], "body"),
        ("strategi", STRATEGI[1], "body"), ("initiativ", INITIATIV[0], "body"), ("initiativ", "Samma styrgrupp", "list")]


def test_a_table_of_now_problems_and_plans_under_column_titles_keeps_a_one_sentence_first_cell(tmp_path):
    """"Nuläge | Utmaningar | Framåt" over one row of notes: the first column's single sentence,
    short enough for a row's label, is a paragraph of the note under its column title."""
    document = header_document()
    document.add_heading("Nationella initiativ", level=1)
    table = document.add_table(rows=0, cols=3)
    for cell, title in zip(table.add_row().cells, ["Nuläge", "Utmaningar", "Framåt"]):
        cell.text = title
    for cell, paragraphs in zip(table.add_row().cells, [INITIATIV, (STRATEGI[1], LEDNING[1]), (STRATEGI[0], MEDSKICK[0])]):
        cell.text = paragraphs[0]
        for paragraph in paragraphs[1:]:
            cell.add_paragraph(paragraph)
    document.save(tmp_path / "L12.docx")
    # Under the heading that named the area, the column titles label its parts: they name no other area.
    assert [(s.area, s.text, s.subheading) for s in segments_of(tmp_path / "L12.docx")] == [
        ("initiativ", INITIATIV[0], "Nuläge"), ("initiativ", STRATEGI[1], "Utmaningar"),
        ("initiativ", LEDNING[1], "Utmaningar"), ("initiativ", STRATEGI[0], "Framåt"), ("initiativ", MEDSKICK[0], "Framåt")]


def test_short_bold_topics_in_markdown_label_the_items_under_them_and_are_no_paragraphs(tmp_path):
    path = text_note(tmp_path / "L12.md", [*HEADER, "", "## Ledning och samordning", "", "**Nuläge**", "",
                                          f"- {LEDNING[0]}", "", "**Framåt**", "", f"- {LEDNING[1]}", "",
                                          "**Skolan deltar inte.**", "", MEDSKICK[0]])
    assert [(s.text, s.subheading) for s in segments_of(path)] == [
        (LEDNING[0], "Nuläge"), (LEDNING[1], "Framåt"), ("Skolan deltar inte.", "Framåt"), (MEDSKICK[0], "Framåt")]


def test_a_one_row_table_whose_cells_open_with_the_area_gives_each_paragraph_its_cell(tmp_path):
    path = columns_note(tmp_path / "L12.docx", [["Ledning och samordning", *LEDNING], ["Strategin", *STRATEGI],
                                                ["Medskick", *MEDSKICK]])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("strategi", STRATEGI[0]), ("strategi", STRATEGI[1]),
        ("medskick", MEDSKICK[0])]


def test_short_italic_lines_label_the_paragraphs_under_them_and_are_no_paragraphs(tmp_path):
    document = header_document()
    document.add_heading("Ledning och samordning", level=2)
    for label, text in [("Gruppen", LEDNING[0]), ("Skolan och elevhälsan", LEDNING[1])]:
        document.add_paragraph().add_run(label).italic = True
        document.add_paragraph(text)
    document.add_paragraph().add_run("Medskick").italic = True
    document.add_paragraph(MEDSKICK[0])
    document.add_paragraph().add_run("Skolan var inte med.").italic = True
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", LEDNING[0]), ("ledning", LEDNING[1]), ("medskick", MEDSKICK[0]), ("medskick", "Skolan var inte med.")]


def test_a_note_written_as_an_e_mail_keeps_its_content_not_its_greeting_and_quote_marks(tmp_path):
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "", "Hej!", "", f"Om ledningen kan sägas att {LEDNING[0][0].lower()}{LEDNING[0][1:]}", "",
        "I länets skriftliga svar står:", "", f"> {STRATEGI[0]}", f"> {STRATEGI[1]}", "",
        "Hälsningar, utredaren"])
    assert [s.text for s in segments_of(path)] == [
        f"Om ledningen kan sägas att {LEDNING[0][0].lower()}{LEDNING[0][1:]}", "I länets skriftliga svar står:",
        STRATEGI[0], STRATEGI[1]]


def test_shorthand_whose_areas_are_short_colon_lines_of_its_own_reads_every_section(tmp_path):
    """"Ledning:" names an area, so "Planen:" and "Reformer:" head sections too: their areas come
    from what is written under them, not from the area above."""
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "", "Ledning:", f"- {LEDNING[0]}", "Planen:", f"- {STRATEGI[0]}", "Reformer:", f"- {INITIATIV[0]}"])
    assert [(s.area, s.text) for s in segments_of(path)] == [
        ("ledning", LEDNING[0]), ("strategi", STRATEGI[0]), ("initiativ", INITIATIV[0])]


def test_bold_lines_that_name_no_area_head_sections_where_bold_lines_name_the_areas(tmp_path):
    """A web page's own headings pasted in bold, beside bold area headings: every one heads a
    section (before the first area heading too), none is read as a paragraph."""
    path = paragraphs_note(tmp_path / "L12.docx", [
        ("bold", "Om vårt arbete"), LEDNING[0], ("bold", "Länsgemensam ledning och samordning"), LEDNING[1],
        ("bold", "Vanliga frågor"), INITIATIV[0], ("bold", "Erfarenheter och andra medskick från länen"), MEDSKICK[0]])
    segments = segments_of(path)
    assert [s.text for s in segments] == [LEDNING[0], LEDNING[1], INITIATIV[0], MEDSKICK[0]]
    assert [(s.heading, s.area) for s in segments] == [
        ("Om vårt arbete", "ledning"), ("Länsgemensam ledning och samordning", "ledning"),
        ("Vanliga frågor", "initiativ"), ("Erfarenheter och andra medskick från länen", "medskick")]


def test_text_pasted_from_web_pages_keeps_its_paragraphs_not_its_source_lines(tmp_path):
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "", "Om länets handlingsplan", "", STRATEGI[0], "",
        "Källa: regionens webbplats, sidan Handlingsplan psykisk hälsa", "", STRATEGI[1], "",
        "Källor: länsstyrelsens årsrapport 2024 och en nyhet från mars"])
    assert [s.text for s in segments_of(path)] == [STRATEGI[0], STRATEGI[1]]


# --- the typology does not depend on headings ------------------------------------------------

def test_a_county_whose_text_sits_in_the_unknown_area_is_classified_from_what_it_says():
    codebook = load_codebook(ROOT / "themes.yaml")
    corpus = load_corpus(ROOT / "notes" / "2025", load_guide(GUIDE))

    def cells(segments):
        profiles = classify_counties(segments, tag_segments(segments, codebook), codebook)
        return {(p.county, d): c.category for p in profiles for d, c in p.cells.items()}

    with_headings = cells(corpus.segments)
    without = cells([replace(s, area="okand") for s in corpus.segments])
    same = sum(with_headings[key] == without[key] for key in with_headings)
    assert same >= 0.9 * len(with_headings)


def test_an_item_of_an_indented_list_is_introduced_by_the_item_it_stands_under(tmp_path):
    from dialogtool.ingest.segment import list_leads
    path = text_note(tmp_path / "L12.md", [
        *HEADER, "", "## Strategin", "", "- Stimulansmedel: nytt sätt att fördela i år",
        "  - Ansökan ska ange vilket delmål i strategin den bidrar till", "    - Vägs in vid beslutet",
        "  - Krav på medfinansiering", "- Planen antogs i juni"])
    segments = segments_of(path)
    leads = list_leads(segments)
    assert [(s.depth, leads[s.segment_id].text if s.segment_id in leads else None) for s in segments] == [
        (1, None), (2, "Stimulansmedel: nytt sätt att fördela i år"),
        (3, "Ansökan ska ange vilket delmål i strategin den bidrar till"),
        (2, "Stimulansmedel: nytt sätt att fördela i år"), (1, None)]


def test_text_pasted_from_a_pdf_with_every_printed_line_a_paragraph_is_read_as_its_paragraphs(tmp_path):
    document = header_document()
    document.add_heading("Ledning och samordning", level=2)
    for line in ["Den politiska samverkansberedningen har delegerat ansvaret till en",
                 "ledningsgrupp där socialchefer och hälso- och sjukvårdsdirektören sitter. Gruppen har",
                 "Sida 2 av 3",
                 "sedan hösten också bjudit in Arbetsförmedlingen och",
                 "Försäkringskassan, som deltog första gången i oktober",
                 "2025. Samverkans-", "beredningen följer arbetet.",
                 "– Elevhälsan är inte med men vill vara med och", "– Skolan kan adjungeras"]:
        document.add_paragraph(line)
    document.add_paragraph(LEDNING[1])
    document.save(tmp_path / "L12.docx")
    assert [s.text for s in segments_of(tmp_path / "L12.docx")] == [
        "Den politiska samverkansberedningen har delegerat ansvaret till en ledningsgrupp där socialchefer och "
        "hälso- och sjukvårdsdirektören sitter. Gruppen har sedan hösten också bjudit in Arbetsförmedlingen och "
        "Försäkringskassan, som deltog första gången i oktober 2025. Samverkans-beredningen följer arbetet.",
        "– Elevhälsan är inte med men vill vara med och", "– Skolan kan adjungeras", LEDNING[1]]


def test_a_paragraph_is_read_with_the_short_sub_heading_it_stands_under_not_with_a_guide_question(tmp_path):
    from dialogtool.ingest.segment import introductions
    path = text_note(tmp_path / "L12.md", [
        *HEADER, "", "# Ledning och samordning", "", "### Förändringar sedan i fjol", "",
        "Sammansättningen är densamma, men gruppen träffas nu varje månad.", "",
        "### Hur ser den länsgemensamma ledningen ut?", "", LEDNING[0]])
    segments = segments_of(path)
    assert introductions(segments) == {segments[0].segment_id: "Förändringar sedan i fjol"}
    codes = tag_segments(segments, load_codebook(ROOT / "themes.yaml"))
    assert "styrning.forandring" in {c.theme for c in codes if c.segment_id == segments[0].segment_id}


def test_notes_taken_by_the_clock_read_each_time_stamp_as_a_heading(tmp_path):
    path = text_note(tmp_path / "L12.txt", [*HEADER, "", "10.05 Ledning och samordning", *LEDNING, "",
                                           "10.25", *STRATEGI])
    assert [(s.heading, s.area, s.area_inferred) for s in segments_of(path)] == [
        ("10.05 Ledning och samordning", "ledning", False), ("10.05 Ledning och samordning", "ledning", False),
        ("10.25", "strategi", True), ("10.25", "strategi", True)]


def test_an_answer_in_a_frame_a_table_of_one_cell_is_read_as_the_paragraphs_it_frames(tmp_path):
    document = header_document()
    run = document.add_paragraph().add_run(
        "Hur ser den länsgemensamma ledningen och samordningen ut inom området i dag?")
    run.bold = True
    box = document.add_table(rows=1, cols=1).rows[0].cells[0]
    box.text = LEDNING[0]
    box.add_paragraph(LEDNING[1])
    box.add_paragraph("Ledningsgruppen", style="List Bullet")
    document.save(tmp_path / "L12.docx")
    assert [(s.area, s.text, s.kind) for s in segments_of(tmp_path / "L12.docx")] == [
        ("ledning", LEDNING[0], "body"), ("ledning", LEDNING[1], "body"), ("ledning", "Ledningsgruppen", "list")]


def test_lines_drawn_to_separate_the_parts_of_a_note_are_no_paragraphs(tmp_path):
    """A .txt note whose areas are split by a line of dashes, a Word note with a row of
    equals signs: the lines separate, they say nothing (blind writer AP's notes had become
    segments of dashes)."""
    path = text_note(tmp_path / "L12.txt", [
        *HEADER, "", "SVAR: Vår styrgrupp samlar region och kommuner.", "", "-" * 40, "",
        "DIALOG: Planen antogs i juni och kopplar till strategins delmål.", "", "* * *", "", LEDNING[1]])
    assert [s.text for s in segments_of(path)] == [
        "SVAR: Vår styrgrupp samlar region och kommuner.",
        "DIALOG: Planen antogs i juni och kopplar till strategins delmål.", LEDNING[1]]
    document = header_document()
    document.add_heading("Ledning och samordning", level=2)
    for line in [LEDNING[0], "=" * 30, LEDNING[1], "- - -"]:
        document.add_paragraph(line)
    document.save(tmp_path / "L12.docx")
    assert [s.text for s in segments_of(tmp_path / "L12.docx")] == [LEDNING[0], LEDNING[1]]


def test_a_list_is_introduced_by_a_paragraph_of_its_own_section_not_one_before_a_heading(tmp_path):
    """Slides exported as headings with bullets: the speaker notes that end one slide do not
    introduce the next slide's bullets (blind writer AQ's every slide had read the one before's
    notes as its bullets' lead); a lead under the same heading still does."""
    from dialogtool.ingest.segment import list_leads
    path = text_note(tmp_path / "L12.md", [
        *HEADER, "", "### Styrgruppen", "", "- Regionen och alla kommuner", "",
        "Anteckningar: Skolan sitter inte med, och ingen ville ändra på det.", "",
        "### Arbetsgrupperna", "", "- En grupp per åldersspann", "- Äldregruppen startar om i januari", "",
        "### Pengarna", "", "Fördelningen har två villkor:", "", "- Plan för fortsatt finansiering",
        "- Både region och kommun"])
    segments = segments_of(path)
    leads = {segment.text: lead.text for segment_id, lead in list_leads(segments).items()
             for segment in segments if segment.segment_id == segment_id}
    assert leads == {"Plan för fortsatt finansiering": "Fördelningen har två villkor:",
                     "Både region och kommun": "Fördelningen har två villkor:"}
