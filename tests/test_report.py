"""report.docx and typology.xlsx, read back: counts as the report writes them, Tabell 1, quotes.

The analysis here is the bundled 2025 notes and themes.yaml with the gold typology (tests/gold)
and a few hand-made codes (conftest's gold_analysis), so the tests do not depend on the
classifier or the tagger.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from conftest import GUIDE, LEAKY, ROOT, THEMES, gold_profiles
from dialogtool.anonymise import find_identifiers
from dialogtool.outputs.charts import write_report_figures, write_typology_outputs
from dialogtool.errors import TypologyError
from dialogtool.model import Cell, CountyProfile, Evidence
from dialogtool.model import Analysis, Companions
from dialogtool.pipeline import build, default_companions, open_round, read_companions
from dialogtool.outputs.quotes import ATTRIBUTION, ELLIPSIS, reads_as_quote
from dialogtool.outputs.report import wording
from dialogtool.outputs.report.draft import write_report, write_report_outputs
from dialogtool.outputs.report.picks import QuotePicker
from dialogtool.outputs.report.worknotes import WORK_NOTES
from dialogtool.outputs.workbook import readable_evidence
from dialogtool.outputs.triangulate import triangulate
from dialogtool.outputs.workbook import (cell_value, column_values, longest_line, sheet_name, write_cell,
                                         write_workbook)


@pytest.fixture(scope="module")
def analysis(gold_analysis) -> Analysis:
    return gold_analysis


@pytest.fixture(scope="module")
def companions(analysis, bundled_round) -> Companions:
    """Last year's round and the survey, found beside (a copy of) the bundled 2025 notes, set
    against the gold typology: last year's round is the one `analyze` built beside them (not
    built again here), the survey is read against the gold profiles."""
    notes = bundled_round.notes_dir
    _, survey = default_companions(notes)
    against_gold = read_companions(analysis, open_round(notes, GUIDE, THEMES), None, survey)
    return dataclasses.replace(against_gold, previous=bundled_round.companions.previous)


@pytest.fixture(scope="module")
def report(analysis, companions, tmp_path_factory) -> docx.Document:
    out = tmp_path_factory.mktemp("report")
    files = write_report_outputs(dataclasses.replace(analysis, companions=companions), out)
    return docx.Document(str(files["report.docx"]))


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def body_of(document) -> str:
    """The draft's text without its marked places to write (style Skrivplats)."""
    return "\n".join(p.text for p in document.paragraphs if p.style.name != "Skrivplats")


def work_notes_of(report_path: Path) -> str:
    """The text of arbetsanteckningar.docx written beside a draft."""
    return text_of(docx.Document(str(Path(report_path).with_name(WORK_NOTES))))


def test_numbers_are_written_as_the_report_writes_them():
    # words up to nine, digits from ten ("minst 12 län", "(16)"), as the report writes them
    assert [wording.count(n) for n in (0, 1, 9, 10, 12, 16)] == ["inga", "ett", "nio", "10", "12", "16"]
    assert wording.count_first(16) == "Sexton" and wording.count_first(21) == "Tjugoett"
    assert wording.count_first(0) == "Inga" and wording.some(12) == "12 län"
    assert wording.some(0) == "inga län"
    assert wording.grouped(1560) == "1\u00a0560" and wording.grouped(109) == "109"
    assert wording.joined(["a", "b", "c"]) == "a, b och c" and wording.joined(["a"]) == "a"
    assert wording.joined(["a", "b"], "eller") == "a eller b"
    assert [wording.dialogues(n, 21) for n in (0, 1, 3, 7, 14, 21)] == [
        "ingen dialog", "en dialog", "några dialoger", "flera dialoger", "de flesta dialoger", "samtliga dialoger"]
    assert wording.of(12, 21) == "12 av 21 län"


def test_shares_are_named_as_the_report_names_them():
    # the report: "Ett fåtal län" (5), "Ett mindre antal län (6 av 21)", "en tredjedel av länen (7 av 21)",
    # "hälften av länen (10 av 21)", "Drygt hälften av länen (12 av 21)", "en majoritet av länen (15 av 21)"
    assert [wording.share(n, 21) for n in (0, 1, 5, 6, 7, 8, 9, 10, 12, 14, 15, 20, 21)] == [
        "inga län", "ett län", "ett fåtal län", "ett mindre antal län", "en tredjedel av länen",
        "drygt en tredjedel av länen", "knappt hälften av länen", "hälften av länen", "drygt hälften av länen",
        "två tredjedelar av länen", "en majoritet av länen", "nästan alla län", "samtliga län"]
    assert wording.share_of_counties(6, 21, capital=True) == "Ett mindre antal län (6 av 21)"
    assert wording.share_of_counties(0, 21) == "inga län"


def test_report_has_every_2025_count_of_the_domain(report):
    text = text_of(report)
    for sentence in (
        "Folkhälsomyndigheten genomförde hösten 2025 dialoger med samtliga 21 län.",
        "Samtliga 21 län medverkade i dialogerna hösten 2025 och totalt deltog 109 personer, vilket var något fler "
        "jämfört med "
        "motsvarande dialoger hösten 2024 då 105 personer deltog.",
        "Femton län godkände anteckningarna och för sex län inkom inga synpunkter inom svarstiden",
        "Utöver länssamordnare deltog exempelvis personer verksamma inom psykiatrin, brukarsamordning, "
        "folkhälsoarbete och socialtjänsten. Varje dialog genomfördes digitalt via Teams",
        "skolan ingår i ledningsgruppen i minst 12 län", "I ytterligare fyra län beskrev deltagarna en tydlig strävan",
        "Behovsanpassad organisering (åtta län)", "Åldersindelning (sju län)", "Geografisk indelning (fyra län)",
        "Övriga arbetssätt (två län).",
        "Nio län har en handlingsplan utifrån den nationella strategin.",
        "i två län kopplar den egna handlingsplanen till strategins övergripande mål, i fem län kopplar planen även "
        "an till delmålen i strategin och två län inkluderar dessutom",
        "I sex län pågår arbete", "I tre län beskrev deltagarna att de befinner sig i förberedande fas.",
        "Tre län hanterar frågorna genom integrering i andra strukturer.",
        "Diagrammet visar att en majoritet av länen (15 av 21)",
        "Fem län lyfte dessutom särskilt fram strategins mål", "ytterligare minst fyra län där deltagarna beskrev att "
        "insatserna sorteras i efterhand", "För en majoritet av länen (16) utgjorde",
        "hälften av länen (10 av 21) fördelar stimulansmedel", "Ett mindre antal län (6 av 21) fördelar",
        "Slutligen finns även fem län som",
        "Drygt hälften av länen (12 av 21) lyfte fram att det snarare underlättar",
        "Samtidigt beskrev deltagarna i en tredjedel av länen (7 av 21)",
        "beskrev oftare en ambition att bredda samverkan (5 av 5) än övriga län (2 av 16). Omvänt beskrev deltagarna "
        "i sex av de övriga länen att de avgränsar arbetet",
    ):
        assert sentence in text, sentence


def test_counts_follow_the_profiles_overrides_included(analysis, tmp_path):
    profiles = gold_profiles(2025)
    l01 = next(p for p in profiles if p.county == "L01")
    l01.cells["plan_status"] = Cell("L01", "plan_status", "pagar", reason="ändrad för hand", overridden=True)
    changed = Analysis(corpus=analysis.corpus, notes_dir=analysis.notes_dir, codebook=analysis.codebook,
                       profiles=profiles, codes=analysis.codes)
    text = text_of(docx.Document(str(write_report(changed, tmp_path / "r.docx"))))
    assert "Åtta län har en handlingsplan" in text and "I sju län pågår arbete" in text
    assert "(15 av 21)" in text
    assert "i två län kopplar den egna" in text and "För en planer" not in text


def test_unplaced_counties_are_named_not_hidden(analysis, tmp_path):
    profiles = gold_profiles(2025)
    for profile in profiles[:2]:
        profile.cells["operativ_organisering"] = Cell(profile.county, "operativ_organisering", None)
    changed = Analysis(corpus=analysis.corpus, notes_dir=analysis.notes_dir, codebook=analysis.codebook,
                       profiles=profiles, codes=[])
    path = write_report(changed, tmp_path / "r.docx")
    missing = ", ".join(p.county for p in profiles[:2])
    assert (f"Organisering på operativ nivå: två län saknar kategori och räknas inte ({missing})."
            in work_notes_of(path))
    assert "saknar kategori" not in text_of(docx.Document(str(path)))


def test_tabell1_is_a_word_table_with_the_reports_headers_and_cells(report):
    table = next(t for t in report.tables if "Finns, eller arbete pågår" in t.rows[1].cells[1].text)
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][0] == "Stimulansmedel"
    assert cells[0][1] == cells[0][2] == "Länsgemensam handlingsplan utifrån strategin"
    assert cells[1][1:] == ["Finns, eller arbete pågår", "Inledande förberedelser eller annan modell"]
    assert cells[2] == ["Stimulansmedel fördelas utifrån egna kriterier, överenskommelsen och strategin", "5 län", "–"]
    assert cells[3] == ["Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen", "10 län", "6 län"]
    captions = [p.text for p in report.paragraphs if p.text.startswith(("Tabell 1.", "Diagram 1.", "Diagram 2."))]
    assert captions == ["Diagram 1. Status för länsgemensam handlingsplan utifrån strategin.",
                        "Diagram 2. Grund för fördelning av stimulansmedel (antal län).",
                        "Tabell 1. Koppling mellan handlingsplan, resursfördelning och strategiskt fokus."]


def test_every_quote_is_verbatim_indented_and_passes_the_anonymisation_check(report, analysis, tmp_path):
    quotes = [p for p in report.paragraphs if ATTRIBUTION in p.text and p.style.name != "List Bullet"]
    assert len(quotes) >= 4
    texts = [s.text for s in analysis.corpus.segments]
    for paragraph in quotes:
        assert paragraph.text.endswith(f" {ATTRIBUTION}")
        pieces = paragraph.text.removesuffix(f" {ATTRIBUTION}").split(f" {ELLIPSIS} ")
        assert any(all(piece in text for piece in pieces) for text in texts), pieces
        assert find_identifiers(" ".join(pieces)) == []
        assert round(paragraph.paragraph_format.left_indent.cm, 2) == 1
    leaky = next(s.text for s in analysis.corpus.segments if s.segment_id == LEAKY)
    assert leaky not in text_of(report)
    # the only 'myndigheter' passage names a municipality: refused, and the working notes say so
    path = write_report(analysis, tmp_path / "r.docx")
    assert "Statliga myndigheter med lokal närvaro (1 förslag stoppades av kontrollen)" in work_notes_of(path)


def test_a_quote_is_printed_once_even_when_several_themes_ask_for_it(report):
    quotes = [p.text for p in report.paragraphs if ATTRIBUTION in p.text]
    assert len(quotes) == len(set(quotes))


def test_report_embeds_the_figures_written_beside_it(analysis, tmp_path):
    write_typology_outputs(analysis, tmp_path)
    files = write_report_outputs(analysis, tmp_path)
    document = docx.Document(str(files["report.docx"]))
    assert len(document.inline_shapes) == 2  # diagram 1 and diagram 2
    assert "Här ska figuren" not in text_of(document)
    # the theme matrix is an aid to the analysis, no diagram of the report: it is in the working notes
    notes = docx.Document(str(files[WORK_NOTES]))
    assert len(notes.inline_shapes) == 1 and "Figur 1. Antal kodade segment per tema och län." in text_of(notes)


def test_a_missing_figure_leaves_a_marked_place_and_a_working_note(analysis, tmp_path):
    path = write_report(analysis, tmp_path / "r.docx")
    document = docx.Document(str(path))
    place = next(p for p in document.paragraphs if "diagram1_plan_status.png" in p.text)
    assert place.text == "Här ska figuren diagram1_plan_status.png stå; kör dialogtool analyze för att rita den."
    assert place.style.name == "Skrivplats"
    assert "Figuren diagram1_plan_status.png saknades när utkastet skrevs." in work_notes_of(path)


def test_report_without_a_codebook_is_an_error(tmp_path, round_analysis):
    analysis = round_analysis(2025)
    analysis.codebook = None
    with pytest.raises(TypologyError, match=r"omgången i \. har ingen kodbok \(themes.yaml\)"):
        write_report(analysis, tmp_path / "r.docx")


def test_workbook_has_a_readable_sheet_per_table(analysis, tmp_path):
    path = write_report_outputs(analysis, tmp_path)["typology.xlsx"]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Typologi", "Underlag", "Antal", "Tabell 1", "Temamatris", "Kodning", "Segment",
                               "Anteckningar", "Anonymisering"]
    for sheet in book.worksheets:
        assert sheet["A1"].font.bold and sheet["A1"].alignment.wrap_text
        # printed landscape, fitted to the page's width, header rows on every page
        assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (1, the file format's default where the attribute is left out), any number of pages long
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        if sheet.title != "Tabell 1":
            assert sheet.freeze_panes in ("A2", "B2") and sheet.print_title_rows == "$1:$1"
            assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    typology = book["Typologi"]
    assert [c.value for c in typology[1]][:2] == ["Län", "Status för länsgemensam handlingsplan utifrån strategin"]
    assert typology.max_row == 22
    l01 = next(row for row in typology.iter_rows(min_row=2, values_only=True) if row[0] == "L01")
    assert l01[1] == "Handlingsplan finns"
    counts = book["Antal"]
    assert [c.value for c in counts[1]] == ["Dimension", "Dimension (id)", "Kategori (id)", "Kategori", "Antal län"]
    assert [c.value for c in counts[2]] == ["Status för länsgemensam handlingsplan utifrån strategin", "plan_status",
                                           "finns", "Handlingsplan finns", 9]
    evidence = book["Underlag"]
    assert [c.value for c in evidence[1]] == ["Län", "Dimension", "Dimension (id)", "Kategori (id)", "Kategori",
                                             "Segment-id", "Mening", "Källa", "Säkerhet", "Säker"]
    assert evidence["H2"].value == "regel"
    tabell1 = book["Tabell 1"]
    assert [c.value for c in tabell1[1]] == ["Stimulansmedel", "Länsgemensam handlingsplan utifrån strategin", None]
    assert sorted(str(r) for r in tabell1.merged_cells.ranges) == ["A1:A2", "B1:C1"]
    assert [c.value for c in tabell1[2]] == [None, "Finns, eller arbete pågår",
                                            "Inledande förberedelser eller annan modell"]
    assert [c.value for c in tabell1[3]][1:] == [5, "–"] and [c.value for c in tabell1[4]][1:] == [10, 6]
    assert tabell1.print_title_rows == "$1:$2" and tabell1.freeze_panes == "B3"
    matrix = book["Temamatris"]
    assert matrix.freeze_panes == "B2" and matrix["B1"].value == analysis.codebook.themes["styrning"].label
    assert matrix.column_dimensions["B"].width <= 18 and matrix.row_dimensions[1].height >= 30
    segments = book["Segment"]
    assert [c.value for c in segments[1]] == ["Segment-id", "Län", "Frågeområde", "Position", "Text"]
    assert segments.column_dimensions["E"].width == 60 and segments["E2"].alignment.wrap_text
    assert segments.column_dimensions["B"].width < 10
    codings = book["Kodning"]
    assert codings.max_row == len(analysis.codes) + 1 and codings["E2"].value == "utredare"
    # the evidence made readable once per distinct text is each code's own, made readable
    assert [row[5] for row in codings.iter_rows(min_row=2, values_only=True)] == \
        [readable_evidence(c.evidence, analysis.codebook) or None for c in analysis.codes]


def test_evidence_in_the_workbook_reads_as_words_not_cues(analysis):
    assert readable_evidence("delmål… fördela (cue 'delmål ... fördela|fördelning')", analysis.codebook) == \
        "delmål … fördela"
    assert readable_evidence("via styrning.skola", analysis.codebook) == "via Skolan i ledningsstrukturerna"
    assert readable_evidence("via okänt.tema", analysis.codebook) == "via okänt.tema"


def test_sheet_names_are_made_valid_and_unique(tmp_path):
    assert sheet_name("a/b: [c]?", []) == "a-b- -c--"
    assert sheet_name("x" * 40, []) == "x" * 31
    assert sheet_name("Tabell 1", ["tabell 1"]) == "Tabell 1 (2)"
    import pandas as pd

    path = write_workbook({"a": pd.DataFrame({"n": [1, None]})}, tmp_path / "w.xlsx")
    assert openpyxl.load_workbook(path)["a"]["A3"].value is None


#: Columns of every kind a sheet gets: clean text, text with characters Excel refuses, text and gaps, numbers
#: and truth values, and something else (a date), each with line breaks or long lines for its width.
COLUMNS = {
    "ren": ["kort", "", "två\nrader här", "x" * 70, "slut\r"],
    "styr": ["sida\x0cbrytning", "klocka\x07", "ok", "a\r\nb", ""],
    "blandad": ["text", None, float("nan"), 3, "ord\u2028ord"],
    "tal": [1.5, 0.0, 7, -2, float("nan")],
    "sant": [True, False, True, None, False],
    "datum": [date(2025, 9, 1), None, date(2025, 10, 2), None, date(2025, 11, 3)],
}


def test_a_sheets_columns_are_stored_and_sized_as_value_by_value(tmp_path):
    """The column-wide paths (a text column searched once for the characters Excel refuses, its
    width from its joined lines, each value's writer looked up by its type) give what the rules
    applied to each value give: the same stored values, widths and cells."""
    frame = pd.DataFrame(COLUMNS)
    for name in frame.columns:
        values = frame[name].tolist()
        plain = [cell_value(v) for v in values]
        assert column_values(values) == plain
        assert longest_line(plain) == max([len(line) for v in plain for line in str(v or "").splitlines()] or [0])
    written = openpyxl.load_workbook(write_workbook({"a": frame}, tmp_path / "w.xlsx"))["a"]
    book = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"))
    sheet = book.add_worksheet("a")
    for column, name in enumerate(frame.columns):
        for row, value in enumerate(frame[name].tolist(), start=1):
            write_cell(sheet, row, column, cell_value(value))
    book.close()
    plain = openpyxl.load_workbook(tmp_path / "plain.xlsx")["a"]
    cells = [[(c.value, c.data_type) for c in row] for row in written.iter_rows(min_row=2)]
    assert cells == [[(c.value, c.data_type) for c in row] for row in plain.iter_rows(min_row=2)]
    assert cells[0][1] == ("sidabrytning", "s") and cells[2][3] == (7, "n") and cells[1][4] == (False, "b")
    assert written.column_dimensions["A"].width == 60 and written["A2"].alignment.wrap_text


def test_report_text_has_no_unfilled_braces_or_python_reprs(report):
    text = text_of(report)
    assert not re.search(r"\{|\}|None|\bnan\b", text)  # "varannan", "innan" are words


def headings(document) -> list[tuple[int, str]]:
    return [(int(p.style.name.rsplit(" ", 1)[1]), p.text) for p in document.paragraphs
            if p.style.name.startswith("Heading ")]


def test_the_draft_follows_the_reports_structure(report):
    top = [text for level, text in headings(report) if level == 1]
    assert top == ["Sammanfattning", "Bakgrund och uppdragsbeskrivning", "Så här har vi genomfört uppdraget",
                   "Följa arbetet – regionala och lokala förutsättningar",
                   "Länsgemensam styrning, ledning och samordning", "Handlingsplaner utifrån den nationella strategin",
                   "Fördelning av länsgemensamma stimulansmedel", "Arbetet med strategins mål",
                   "Samspel och utmaningar mellan parallella nationella initiativ", "Strategiska medskick från länen",
                   "Diskussion – Strukturella förutsättningar för genomförandet", "Slutsatser och förslag",
                   "Referenser"]
    second = [text for level, text in headings(report) if level == 2]
    assert second[:4] == ["Länsgemensam styrning och organisering", "Status för länsgemensamma handlingsplaner",
                          "Hantering och fördelning av stimulansmedel",
                          "Strategins bredd, mandat och parallella initiativ"]
    for heading in ("Uppföljning genom dialoger", "Genomförande och deltagande", "Kvalitetssäkring och analys",
                    "Ledningsgrupp hög tjänstemannanivå", "Status för arbetet med handlingsplaner i länen",
                    "Långsiktighet kontra ettårig finansiering", "Personberoende och operativ sårbarhet"):
        assert heading in second, heading
    # the messages chapter has the report's three sub-headings
    messages = second[second.index("Förutsättningar för ansvar och genomförande"):][:3]
    assert messages == ["Förutsättningar för ansvar och genomförande", "Metodstöd och uppföljning",
                        "Delaktighet och inflytande"]
    # every section has text of its own under its heading (or a marked place to write), not only a heading
    paragraphs = report.paragraphs
    for index, paragraph in enumerate(paragraphs[:-1]):
        if paragraph.style.name.startswith("Heading "):
            following = paragraphs[index + 1]
            assert following.text.strip() and following.style.name != "Heading 1", paragraph.text


def test_the_summary_gives_the_rounds_main_counts(report):
    text = text_of(report)
    for sentence in (
        "Skolan ingår i ledningsgruppen på hög tjänstemannanivå i minst 12 av 21 län, jämfört med",
        "På operativ nivå organiseras arbetet i tillfälliga grupper efter behov (åtta län), i åldersindelade grupper "
        "(sju län), utifrån länets geografiska delar (fyra län) och på andra sätt (två län).",
        "En majoritet av länen (15 av 21) har tagit fram en länsgemensam handlingsplan utifrån den nationella strategin "
        "eller påbörjat arbetet med en: nio län har en plan och i sex län pågår arbetet. Övriga län befinner sig i en "
        "förberedande fas (tre län) eller hanterar frågorna inom andra strukturer (tre län).",
        "Alla län fördelar sina stimulansmedel utifrån lokala behov och överenskommelsens prioriteringar. Ett fåtal "
        "län väger dessutom uttryckligen in strategins mål",
        "Drygt hälften av länen (12 av 21) ser det som en fördel",
    ):
        assert sentence in text, sentence


def test_the_method_says_how_the_dialogues_were_held_from_the_notes(report, analysis):
    text = text_of(report)
    dates = sorted(note.date for note in analysis.corpus.notes)
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
              "november", "december"]
    first, last = [(int(d[8:]), months[int(d[5:7]) - 1]) for d in (dates[0], dates[-1])]
    assert f"Dialogerna hölls mellan den {first[0]} {first[1]} och den {last[0]} {last[1]} 2025." in text
    areas = [p.text for p in report.paragraphs if p.style.name == "List Bullet"][:4]
    assert areas == ["länsgemensam ledning och samordning inom området", "arbete med den nationella strategins "
                     "vision och mål", "länsgemensam samordning av olika nationella initiativ",
                     "erfarenheter och andra medskick från länen."]
    # how the draft was made: in the working notes
    assert "textavsnitt" not in text and "dialogtool" not in body_of(report)


def test_how_the_draft_was_made_is_in_the_working_notes_not_in_the_draft(analysis, tmp_path):
    path = write_report(analysis, tmp_path / "r.docx")
    coded = wording.grouped(len(analysis.codes))
    notes = work_notes_of(path)
    assert f"491 textavsnitt med {coded} kodningar, varav {coded} gjorda eller bekräftade av en utredare" in notes
    assert "Utkastet skapades av dialogtool" in notes
    body = body_of(docx.Document(str(path)))
    assert "[" not in body.replace("[Handlings]", "") and "dialogtool" not in body and "Bilaga" not in body


def test_every_diagram_and_table_has_its_caption_and_source_line(analysis, tmp_path):
    write_report_figures(analysis, tmp_path)  # the figures the draft embeds (the framework matrix is not one)
    document = docx.Document(str(write_report_outputs(analysis, tmp_path)["report.docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    for caption in ("Diagram 1. Status för länsgemensam handlingsplan utifrån strategin.",
                    "Diagram 2. Grund för fördelning av stimulansmedel (antal län)."):
        index = paragraphs.index(caption)
        assert document.paragraphs[index + 1]._p.xpath(".//w:drawing")
        assert paragraphs[index + 2] == "Källa: Folkhälsomyndighetens länsdialoger hösten 2025."
    body = list(document.element.body)
    table = next(i for i, e in enumerate(body) if e.tag.endswith("}tbl"))
    after = docx.text.paragraph.Paragraph(body[table + 1], document)
    assert after.text == "Källa: Folkhälsomyndighetens länsdialoger hösten 2025."


def test_a_crosstab_title_with_its_own_number_is_not_numbered_twice(analysis, tmp_path):
    crosstabs = analysis.codebook.crosstabs
    tabell1 = crosstabs["plan_x_fordelning"]
    title = tabell1.title
    crosstabs["plan_x_fordelning"] = dataclasses.replace(tabell1, title=f"Tabell 1. {title}.")
    try:
        text = text_of(docx.Document(str(write_report(analysis, tmp_path / "r.docx"))))
    finally:
        crosstabs["plan_x_fordelning"] = tabell1
    assert f"\nTabell 1. {title}.\n" in text and "Tabell 1. Tabell 1." not in text
    assert ".." not in text.replace(f"{ELLIPSIS}", "")


def test_last_year_and_the_survey_are_compared_as_the_report_does(analysis, tmp_path, round_analysis):
    previous = round_analysis(2024, participants=5)
    survey = triangulate(ROOT / "survey" / "2025.csv", analysis.profiles, analysis.codebook)
    text = text_of(docx.Document(str(write_report(analysis, tmp_path / "r.docx",
                                                  companions=Companions(previous, survey)))))
    assert "totalt deltog 109 personer, vilket var något fler jämfört med motsvarande dialoger hösten 2024 då 105 " \
           "personer deltog." in text
    assert "Skolan ingår i ledningsgruppen på hög tjänstemannanivå i minst 12 av 21 län, jämfört med tre län 2024." \
        in text
    assert "Detta är en förändring jämfört med förra året när skolan endast deltog i de ordinarie strukturerna i " \
           "tre län." in text
    assert "Tjugo län besvarade enkäten för 2025: åtta län svarade att en handlingsplan har upprättats eller " \
           "uppdaterats och 12 län att arbete med en sådan pågår." in text
    assert "Det har skett en viss förskjutning (i båda riktningarna) mellan kategorierna Arbete pågår och " \
           "Handlingsplan finns när vi jämför uppgifter från dialoger och enkätsvar: två län som i dialogen beskrev " \
           "en färdig plan svarade i enkäten att arbete pågår och ett län där arbete pågick enligt dialogen svarade " \
           "att en plan har upprättats." in text
    alone = text_of(docx.Document(str(write_report(analysis, tmp_path / "s.docx"))))
    assert "förskjutning" not in alone and "förra året när skolan" not in alone and "då 105" not in alone


def test_the_bundled_rounds_companions_are_found_beside_the_notes(companions):
    previous_dir, survey_path = default_companions(ROOT / "notes" / "2025")
    assert (previous_dir, survey_path) == (ROOT / "notes" / "2024", ROOT / "survey" / "2025.csv")
    assert default_companions(ROOT / "notes" / "2024") == (None, None)
    assert companions.problems == ()
    assert Path(companions.previous.notes_dir).name == "2024"
    assert sum(n.participants for n in companions.previous.corpus.notes) == 105
    assert companions.survey.answered() == 20


def test_a_broken_survey_is_a_note_in_the_draft_not_a_failed_run(tmp_path):
    notes = tmp_path / "notes" / "2025"
    notes.mkdir(parents=True)
    for county in ("L01", "L02"):
        (notes / f"{county}.md").write_text(f"Län: {county}\nDatum: 2025-10-0{county[-1]}\nDeltagare: 4\n\n"
                                            "## Länsgemensam ledning och samordning inom området\n\nText.\n",
                                            encoding="utf-8")
    (tmp_path / "survey").mkdir()
    (tmp_path / "survey" / "2025.csv").write_text("county,svar\n", encoding="utf-8")
    analysis = build(open_round(notes, GUIDE, THEMES))
    companions = read_companions(analysis, open_round(notes, GUIDE, THEMES), *default_companions(notes))
    assert companions.survey is None and companions.previous is None
    assert companions.problems[0].startswith(f"Enkätsvaren ({tmp_path / 'survey' / '2025.csv'}) kunde inte läsas: ")
    path = write_report(analysis, tmp_path / "r.docx", companions=companions)
    assert "Enkätsvaren (" in work_notes_of(path) and "Enkätsvaren" not in text_of(docx.Document(str(path)))


def with_categories(changes: dict[str, dict[str, str | None]]) -> list[CountyProfile]:
    """The gold profiles with some counties' categories changed: {county: {dimension: category}}."""
    profiles = gold_profiles(2025)
    for profile in profiles:
        for dimension, category in changes.get(profile.county, {}).items():
            profile.cells[dimension] = Cell(profile.county, dimension, category)
    return profiles


def test_sentences_keep_their_grammar_for_one_and_for_none(analysis, tmp_path):
    # one county with a plan; nobody scales the strategy down; nobody finds parallel initiatives easier
    finns = [p.county for p in gold_profiles(2025) if p.category("plan_status") == "finns"]
    changes = {county: {"plan_status": "pagar"} for county in finns[1:]}
    for profile in gold_profiles(2025):
        changes.setdefault(profile.county, {})
        if profile.category("strategins_bredd") == "skala_av":
            changes[profile.county]["strategins_bredd"] = None
        if profile.category("parallella_initiativ") == "underlattar":
            changes[profile.county]["parallella_initiativ"] = "ovrigt"
    changed = Analysis(corpus=analysis.corpus, notes_dir=analysis.notes_dir, codebook=analysis.codebook,
                       profiles=with_categories(changes), codes=analysis.codes)
    text = text_of(docx.Document(str(write_report(changed, tmp_path / "r.docx"))))
    assert "Ett län har en handlingsplan utifrån den nationella strategin." in text
    assert "I 14 län pågår arbete med att ta fram en länsgemensam handlingsplan." in text
    assert "nio län" not in text.lower().split("skolan")[0]  # the summary follows the counts too
    assert "I sju län beskrev deltagarna en ambition att bredda det länsgemensamma samarbetet." in text
    assert "skalar av" not in text and "medan deltagarna i inga" not in text
    assert "oftare en ambition att bredda samverkan (5 av 5)" in text and "Omvänt" not in text  # nobody scales down
    assert "Inga län lyfte fram att det snarare underlättar" in text
    report_text = "\n".join(line for line in text.splitlines() if not line.startswith("["))  # not the notes to the reader
    assert not re.search(r"(^|[.:] )\d", report_text, re.M), "a sentence starts with a digit"


def test_proposed_quotes_read_as_quotes_and_are_led_into(report):
    paragraphs = report.paragraphs
    quotes = [i for i, p in enumerate(paragraphs) if ATTRIBUTION in p.text]
    for index in quotes:
        assert reads_as_quote(paragraphs[index].text.removesuffix(f" {ATTRIBUTION}")), paragraphs[index].text
        before = paragraphs[index - 1]
        assert before.text.endswith(":") or ATTRIBUTION in before.text or before.style.name == "Heading 2", before.text
    # at most two quotes follow each other, three among the messages to the national level
    runs, current = [], 0
    for paragraph in paragraphs:
        current = current + 1 if ATTRIBUTION in paragraph.text else 0
        runs.append(current)
    assert max(runs) <= 3


def test_a_quote_is_preferably_a_sentence_that_decided_the_count_it_illustrates(analysis):
    theme = "fordelningsgrund.strategin"
    picker = QuotePicker(analysis)
    ranked = [picker.nth(theme, n) for n in range(1, 6)]
    strategy = {p.county for p in analysis.profiles if p.category("fordelningsgrund") == "strategin"}
    # the quotes under "Fem län lyfte … strategins mål" come from those five counties first
    assert ranked[0].segment_id.split("-")[0] in strategy
    later = next(q for q in ranked[1:] if reads_as_quote(q.body) and q.segment_id.split("-")[0] in strategy)
    profiles = gold_profiles(2025)
    county = later.segment_id.split("-")[0]
    profile = next(p for p in profiles if p.county == county)
    profile.cells["fordelningsgrund"].evidence = [Evidence(later.segment_id, "Meningen.")]
    changed = Analysis(corpus=analysis.corpus, notes_dir=analysis.notes_dir, codebook=analysis.codebook,
                       profiles=profiles, codes=analysis.codes)
    assert QuotePicker(changed).nth(theme, 1).segment_id == later.segment_id
