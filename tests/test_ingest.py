"""Reading and segmenting notes in every format and heading style, and the analyze summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import GUIDE_HEADINGS, ROOT, note_source
from dialogtool.cli import cli
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide
from dialogtool.ingest.read import read_note
from dialogtool.ingest.segment import segment_note
from notefactory import write_docx, write_text

GUIDE = ROOT / "interview_guides" / "2025.yaml"
AREAS = ["ledning", "ledning", "ledning", "strategi", "initiativ", "medskick"]


def segments_of(path: Path):
    return segment_note(read_note(path), load_guide(GUIDE))


@pytest.mark.parametrize("style", ["word", "bold", "numbered", "outline"])
def test_every_docx_heading_style_puts_paragraphs_in_their_area(tmp_path, style):
    path = write_docx(note_source(), tmp_path / "L07.docx", heading_style=style)
    segments = segments_of(path)
    assert [s.area for s in segments] == AREAS
    assert segments[1].text == "Länssamordnaren leder ett nätverk för barn och unga."
    assert [s.position for s in segments] == list(range(1, 7))


def test_list_items_are_segments_of_their_own_and_marked_as_list(tmp_path):
    note = read_note(write_docx(note_source(), tmp_path / "L07.docx"))
    kinds = [b.kind for b in note.blocks if b.text.startswith(("Länssamordnaren", "En arbetsgrupp"))]
    assert kinds == ["list", "list"]


def test_markdown_and_text_notes_segment_like_word(tmp_path):
    md = tmp_path / "L07.md"
    md.write_text(note_source(), encoding="utf-8")
    txt = write_text(note_source(county="L08"), tmp_path / "L08.txt")
    for path in (md, txt):
        segments = segments_of(path)
        assert [s.area for s in segments] == AREAS, path.name
        assert segments[3].text.startswith("Länet har en länsgemensam handlingsplan")


def test_hard_wrapped_text_is_joined_and_hyphenated_breaks_mended(tmp_path):
    path = tmp_path / "L07.txt"
    path.write_text(
        "Län: L07\n\nLedning och samordning\n\nLedningsgruppen har ett läns-\ngemensamt uppdrag och\nträffas varje månad.\n",
        encoding="utf-8",
    )
    (segment,) = segments_of(path)
    assert segment.text == "Ledningsgruppen har ett läns-gemensamt uppdrag och träffas varje månad."
    assert segment.area == "ledning"


def test_header_fields_are_parsed_and_not_segments(tmp_path):
    note = read_note(write_docx(note_source(participants=7), tmp_path / "x.docx", title_style=True))
    assert (note.county, note.date, note.participants) == ("L07", "2025-10-14", 7)
    assert note.review_status == "godkänd av länet 2025-10-28"
    assert note.title.startswith("Minnesanteckningar")
    texts = [s.text for s in segment_note(note, load_guide(GUIDE))]
    assert not any(t.startswith(("Län:", "Datum:", "Deltagare:")) for t in texts)


def test_header_lines_in_one_paragraph_with_line_breaks(tmp_path):
    path = write_docx(note_source(participants=5), tmp_path / "x.docx", header_in_one_paragraph=True)
    note = read_note(path)
    assert (note.county, note.participants, note.date) == ("L07", 5, "2025-10-14")


def test_county_comes_from_file_name_when_header_has_none(tmp_path):
    source = note_source().replace("Län: L07\n", "")
    path = tmp_path / "L16.md"
    path.write_text(source, encoding="utf-8")
    assert read_note(path).county == "L16"


def test_tables_become_rows_and_a_participants_table_stays_in_the_header(tmp_path):
    source = note_source().replace(
        "Granskning: godkänd av länet 2025-10-28\n",
        "Granskning: godkänd av länet 2025-10-28\n| Roll | Organisation |\n|---|---|\n| Länssamordnare | Region |\n",
    )
    source += "\n| Grupp | Mötesfrekvens |\n|---|---|\n| Barn och unga | Varje månad |\n"
    path = write_docx(source, tmp_path / "L07.docx")
    note = read_note(path)
    assert [b.text for b in note.blocks if b.kind == "table"] == [
        "Roll | Organisation", "Länssamordnare | Region", "Grupp | Mötesfrekvens", "Barn och unga | Varje månad",
    ]
    segments = segment_note(note, load_guide(GUIDE))
    assert [s.text for s in segments if "|" in s.text] == ["Grupp | Mötesfrekvens", "Barn och unga | Varje månad"]
    assert segments[-1].area == "medskick"


def test_varied_and_misspelt_headings_land_in_the_right_area(tmp_path):
    headings = ("Ledning & samordning", "2. Arbete med nationela stratgins vision och mål",
                "Samordning av nationella initativ", "Övriga medskick och erfarenheter")
    path = write_docx(note_source(headings=headings), tmp_path / "L07.docx", heading_style="bold")
    assert [s.area for s in segments_of(path)] == AREAS


def test_a_sub_heading_inside_an_area_keeps_its_area(tmp_path):
    source = note_source().replace("Länet har en länsgemensam handlingsplan",
                                   "### Planen\n\nLänet har en länsgemensam handlingsplan")
    source = source.replace("## Länsgemensam samordning", "### Medlen\n\nMedlen fördelas efter ansökan.\n\n"
                                                            "## Länsgemensam samordning")
    path = tmp_path / "L07.md"
    path.write_text(source, encoding="utf-8")
    segments = segments_of(path)
    assert [s.area for s in segments if s.text.startswith(("Länet har", "Medlen"))] == ["strategi", "strategi"]
    assert not [s for s in segments if s.area in ("okand", "medskick") and "plan" in s.text.lower()]


def test_a_one_word_heading_names_an_area_only_by_a_word_it_starts_like(tmp_path):
    from dialogtool.ingest.guide import load_guide
    guide = load_guide(GUIDE)
    assert guide.area_for("Initativ") == "initiativ" and guide.area_for("Medskick") == "medskick"
    assert guide.area_for("Planen") is None


def test_a_heading_that_names_no_area_gets_an_inferred_area_and_keeps_its_text(tmp_path):
    headings = (GUIDE_HEADINGS[0], "Ekonomi och personal", *GUIDE_HEADINGS[2:])
    path = write_docx(note_source(headings=headings), tmp_path / "L07.docx")
    segments = segments_of(path)
    assert (segments[3].area, segments[3].heading, segments[3].area_inferred) == ("strategi", "Ekonomi och personal", True)
    assert len(segments) == 6 and [s.area_inferred for s in segments].count(True) == 1


def test_segment_ids_are_stable_across_reingest_and_insertions(tmp_path):
    path = tmp_path / "L07.md"
    path.write_text(note_source(), encoding="utf-8")
    first = [s.segment_id for s in segments_of(path)]
    assert first == [s.segment_id for s in segments_of(path)]
    path.write_text(note_source().replace("## Erfarenheter", "En ny mening om ledning.\n\n## Erfarenheter"), encoding="utf-8")
    second = [s.segment_id for s in segments_of(path)]
    assert set(first) <= set(second) and len(second) == len(first) + 1
    assert len(set(first)) == len(first)


def test_every_real_word_file_reads_without_a_traceback(tmp_path):
    real = sorted((ROOT / "tests" / "data" / "real-docx").glob("*.docx"))
    assert len(real) == 44
    for path in real:
        shutil.copy(path, tmp_path / path.name)
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path), "--out", str(tmp_path / "out"), "--keep-going",
                                      "--guide", str(GUIDE)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    notes = pd.read_csv(tmp_path / "out" / "notes.csv")
    without_text = [line for line in result.output.splitlines() if line.startswith("Hoppade över:")]
    assert all(line.endswith("anteckningen har ingen text (filen är tom eller innehåller bara bilder eller en skanning); "
                             "lägg in anteckningens text eller ta bort filen ur omgången.") for line in without_text)
    assert len(notes) + len(without_text) == len(real) and len(notes) == 29
    comments = read_note(tmp_path / "comments-rich-para.docx").comments
    assert len(comments) == 4


# --- bad input, through the command line ------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, ["analyze", *map(str, args), "--guide", str(GUIDE)])


def test_missing_directory(tmp_path):
    result = run(tmp_path / "nope")
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope'}: mappen finns inte; ange mappen med omgångens anteckningar.\n"


def test_empty_directory(tmp_path):
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: inga anteckningar hittades (.docx, .md, .txt); lägg omgångens anteckningar i den eller ange en annan mapp.\n"


def test_corrupt_docx(tmp_path):
    (tmp_path / "L01.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'L01.docx'}: inget läsbart Word-dokument")
    assert result.output.endswith("öppna det i Word och spara det igen som .docx.\n")


def test_password_protected_docx(tmp_path):
    (tmp_path / "L01.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'L01.docx'}: filen är lösenordsskyddad eller en .doc i det gamla formatet; "
        "öppna den i Word, ta bort lösenordet (eller Spara som .docx) och försök igen.\n"
    )


def test_note_without_county_and_unusable_file_name(tmp_path):
    path = tmp_path / "mina anteckningar (2).md"
    path.write_text(note_source().replace("Län: L07\n", ""), encoding="utf-8")
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: anteckningen har ingen rad 'Län:' och filens namn är inget användbart läns-id; "
        "lägg till en rad som 'Län: L07' i huvudet, eller byt filens namn till länets id (L07.docx).\n"
    )


def test_two_notes_for_the_same_county(tmp_path):
    (tmp_path / "a.md").write_text(note_source(), encoding="utf-8")
    (tmp_path / "b.md").write_text(note_source(), encoding="utf-8")
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'b.md'}: en andra anteckning för länet L07 (den första är a.md); "
        "behåll en anteckning per län och omgång, eller rätta raden 'Län:'.\n"
    )


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "L07.txt"
    path.write_bytes(b"L\xe4n: L07\n\x81\x8d\x8f\x90 binary \x00 junk")
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: texten har ingen läsbar teckenkodning (prövade UTF-8, UTF-16 och Windows-1252); "
        "öppna den i en textredigerare och spara den som UTF-8.\n"
    )


def test_windows_1252_text_is_read(tmp_path):
    path = tmp_path / "L07.txt"
    path.write_bytes(note_source().encode("cp1252", errors="replace"))
    assert read_note(path).county == "L07"
    assert segments_of(path)[0].text.startswith("Ledningsgruppen på hög tjänstemannanivå")


def test_keep_going_skips_a_bad_note_and_says_so(tmp_path):
    (tmp_path / "L01.docx").write_bytes(b"not a zip at all")
    (tmp_path / "L07.md").write_text(note_source(), encoding="utf-8")
    stopped = run(tmp_path, "--out", tmp_path / "out")
    assert stopped.exit_code == 1
    result = run(tmp_path, "--out", tmp_path / "out", "--keep-going")
    assert result.exit_code == 0, result.output
    assert f"Hoppade över: {tmp_path / 'L01.docx'}: inget läsbart Word-dokument" in result.output
    assert "Anteckningar: 1\n" in result.output
    assert list(pd.read_csv(tmp_path / "out" / "notes.csv").county) == ["L07"]


def test_analyze_writes_segments_and_notes_csv(tmp_path):
    (tmp_path / "L07.md").write_text(note_source(), encoding="utf-8")
    write_docx(note_source(county="L08", participants=4), tmp_path / "L08.docx")
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Anteckningar: 2\nTextavsnitt: 12\nDeltagare: 10\n" in result.output
    segments = pd.read_csv(tmp_path / "out" / "segments.csv")
    assert list(segments.columns) == ["segment_id", "county", "area", "position", "text"]
    assert list(segments.area[:6]) == AREAS
    notes = pd.read_csv(tmp_path / "out" / "notes.csv")
    assert list(notes.columns) == ["county", "file", "date", "participants", "review_status", "segments"]
    assert notes.to_dict("records")[1] == {
        "county": "L08", "file": "L08.docx", "date": "2025-10-14", "participants": 4,
        "review_status": "godkänd av länet 2025-10-28", "segments": 6,
    }


def test_bundled_notes_give_the_reports_participants_and_no_unknown_area():
    corpus = load_corpus(ROOT / "notes" / "2025", load_guide(GUIDE))
    assert len(corpus.notes) == 21
    assert sum(n.participants for n in corpus.notes) == 109
    assert corpus.unrecognised_headings() == []
    assert {s.area for s in corpus.segments} == {"ledning", "strategi", "initiativ", "medskick"}
    assert {p.suffix for p in (n.path for n in corpus.notes)} == {".docx", ".md", ".txt"}
