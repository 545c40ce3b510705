"""The report draft as an investigator gets it from `analyze` on the bundled notes, read back
from report.docx (and from its PDF, rendered by LibreOffice): the report's skeleton, its
figures, Tabell 1, quotes as the report prints them, no working notes in the body; and a
codebook the draft cannot be written from refused before anything is written.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import GUIDE, ROOT, note_source
from dialogtool import pipeline
from dialogtool.cli import cli
from dialogtool.errors import ReportError
from dialogtool.outputs.charts import plotted_data
from dialogtool.outputs.quotes import ATTRIBUTION, ELLIPSIS, MAX_WORDS
from dialogtool.outputs.report.draft import write_report
from dialogtool.outputs.report.layout import Paragraphs
from dialogtool.outputs.report.worknotes import WORK_NOTES

#: The report's chapters, in its order; those only a person can write hold a marked place.
CHAPTERS = ["Sammanfattning", "Bakgrund och uppdragsbeskrivning", "Så här har vi genomfört uppdraget",
            "Följa arbetet – regionala och lokala förutsättningar", "Länsgemensam styrning, ledning och samordning",
            "Handlingsplaner utifrån den nationella strategin", "Fördelning av länsgemensamma stimulansmedel",
            "Arbetet med strategins mål", "Samspel och utmaningar mellan parallella nationella initiativ",
            "Strategiska medskick från länen", "Diskussion – Strukturella förutsättningar för genomförandet",
            "Slutsatser och förslag", "Referenser"]
TO_WRITE = ["Bakgrund och uppdragsbeskrivning", "Tolkningar och utgångspunkter",
            "Diskussion – Strukturella förutsättningar för genomförandet", "Slutsatser och förslag", "Referenser"]
WRITE_HERE = "Skrivplats"


@pytest.fixture(scope="module")
def outputs(bundled_outputs) -> Path:
    """`analyze` on the bundled 2025 notes, compared with 2024 and the survey, as the CLI runs it."""
    return bundled_outputs[1]


@pytest.fixture(scope="module")
def draft(outputs) -> docx.Document:
    return docx.Document(str(outputs / "report.docx"))


@pytest.fixture(scope="module")
def segments(outputs) -> list[str]:
    with (outputs / "segments.csv").open(encoding="utf-8") as file:
        return [row["text"] for row in csv.DictReader(file)]


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_every_2025_figure_of_the_real_report_comes_out_of_the_pipeline(outputs, draft):
    assert list(plotted_data(outputs / "diagram1_plan_status.png")["bars"].values()) == [9, 6, 3, 3]
    assert list(plotted_data(outputs / "diagram2_fordelningsgrund.png")["bars"].values()) == [5, 16]
    table = next(t for t in draft.tables if t.cell(0, 0).text == "Stimulansmedel")
    assert [[c.text for c in row.cells][1:] for row in table.rows[2:]] == [["5 län", "–"], ["10 län", "6 län"]]
    text = text_of(draft)
    for sentence in ("totalt deltog 109 personer",
                     "i två län kopplar den egna handlingsplanen till strategins övergripande mål, i fem län kopplar "
                     "planen även an till delmålen i strategin och två län inkluderar dessutom",
                     "Behovsanpassad organisering (åtta län)", "Åldersindelning (sju län)",
                     "Geografisk indelning (fyra län)", "Övriga arbetssätt (två län)",
                     "Drygt hälften av länen (12 av 21) lyfte fram", "en tredjedel av länen (7 av 21)"):
        assert sentence in text, sentence
    with (outputs / "counts.csv").open(encoding="utf-8") as file:
        counts = {(row["dimension"], row["category"]): int(row["counties"]) for row in csv.DictReader(file)}
    assert [counts[("parallella_initiativ", c)] for c in ("underlattar", "utmaningar", "ovrigt")] == [12, 7, 2]


def test_the_draft_has_the_reports_title_and_chapter_skeleton(draft):
    assert [p.text for p in draft.paragraphs[:2]] == [
        "Psykisk hälsa och suicidprevention",
        "Kommuners och regioners arbete med stöd av statliga stimulansmedel – Folkhälsomyndighetens lägesrapport 2026"]
    assert [p.text for p in draft.paragraphs if p.style.name == "Heading 1"] == CHAPTERS
    paragraphs = draft.paragraphs
    for heading in TO_WRITE:
        index = next(i for i, p in enumerate(paragraphs) if p.text == heading and p.style.name.startswith("Heading"))
        place = paragraphs[index + 1]
        assert place.style.name == WRITE_HERE and place.text.startswith("Att skriva: "), heading
        assert place.runs[0].font.highlight_color is not None
    written = [p.text for p in paragraphs if p.style.name == WRITE_HERE]
    assert len(written) == 6  # the five chapters and Statens överenskommelser med SKR


def test_no_working_notes_in_the_body_and_they_are_beside_it(outputs, draft):
    for paragraph in draft.paragraphs:
        assert not re.search(r"\[[^\]]{12,}\]", paragraph.text), paragraph.text  # "[Handlings]planen" is a quote's
        if paragraph.style.name != WRITE_HERE:
            for note in ("dialogtool", "Utkast", "Underlaget", "textavsnitt", "Bilaga", "förslag stoppades"):
                assert note not in paragraph.text, paragraph.text
    notes = text_of(docx.Document(str(outputs / WORK_NOTES)))
    assert "491 textavsnitt med" in notes and "Utkastet skapades av dialogtool" in notes
    assert "Figur 1. Antal kodade segment per tema och län." in notes


def test_tabell1_has_the_reports_headers(draft):
    table = next(t for t in draft.tables if t.cell(0, 0).text == "Stimulansmedel")
    assert [c.text for c in table.rows[0].cells] == ["Stimulansmedel", *["Länsgemensam handlingsplan utifrån "
                                                                        "strategin"] * 2]
    assert [c.text for c in table.rows[1].cells][1:] == ["Finns, eller arbete pågår",
                                                         "Inledande förberedelser eller annan modell"]


def test_quotes_are_the_sentences_that_carry_the_theme_shortened_with_the_ellipsis(draft, segments):
    quotes = [p.text.removesuffix(f" {ATTRIBUTION}") for p in draft.paragraphs if p.text.endswith(ATTRIBUTION)]
    assert len(quotes) >= 15
    shortened = 0
    for quote in quotes:
        assert len(quote.replace(ELLIPSIS, "").split()) <= MAX_WORDS, quote
        pieces = quote.split(f" {ELLIPSIS} ")
        source = next((text for text in segments if all(piece in text for piece in pieces)), None)
        assert source is not None, quote  # verbatim, from one paragraph
        positions = [source.index(piece) for piece in pieces]
        assert positions == sorted(positions)
        for before, after, start in zip(pieces, pieces[1:], positions[1:]):
            left_out = source[source.index(before) + len(before):start]
            assert left_out.strip(), quote  # "/.../" stands where text is left out, nowhere else
        shortened += len(pieces) > 1
    assert shortened >= 2  # with the learned codes, more of the chosen paragraphs are quoted whole


def test_the_messages_are_bullets_under_the_reports_three_sub_headings(draft):
    paragraphs = draft.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Strategiska medskick från länen")
    end = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Diskussion"))
    chapter = paragraphs[start + 1:end]
    assert [p.text for p in chapter if p.style.name == "Heading 2"] == [
        "Förutsättningar för ansvar och genomförande", "Metodstöd och uppföljning", "Delaktighet och inflytande"]
    bullets = [p for p in chapter if p.style.name == "List Bullet"]
    assert len(bullets) >= 6 and all(p.text.endswith(ATTRIBUTION) for p in bullets)


def test_the_workbook_reads_and_prints_as_a_person_expects(outputs):
    book = openpyxl.load_workbook(outputs / "typology.xlsx")
    tabell1 = book["Tabell 1"]
    assert [[c.value for c in row][1:] for row in tabell1.iter_rows(min_row=3)] == [[5, "–"], [10, 6]]
    codings = book["Kodning"]
    column = [c.value for c in codings[1]].index("Belägg")
    evidence = [row[column] for row in codings.iter_rows(min_row=2, values_only=True)]
    assert not any("(cue '" in (e or "") or "@" in (e or "") for e in evidence)
    assert "via Status för handlingsplanen" in evidence
    for sheet in book.worksheets:
        # one page wide: 1, the file format's default where the attribute is left out
        assert sheet.page_setup.orientation == "landscape" and (sheet.page_setup.fitToWidth or 1) == 1


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler are not installed "
                           "(apt-get install -y libreoffice-writer-nogui poppler-utils)")
def test_the_draft_renders_to_pdf_with_its_chapters_and_tabell1(outputs, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(outputs / "report.docx")],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.count("\f")
    assert 12 <= pages <= 30, pages
    flat = " ".join(text.split())
    for heading in CHAPTERS:
        assert heading in flat, heading
    # the table as laid out on the page: caption, corner, spanning header, then the rows' cells side by side
    assert re.search(r"Tabell 1\. Koppling mellan handlingsplan, resursfördelning och strategiskt fokus\. "
                     r"Stimulansmedel Länsgemensam handlingsplan utifrån strategin Finns, eller arbete .*?"
                     r"5 län – .*?10 län 6 län", flat), flat[flat.index("Tabell 1. Koppling"):][:600]


def renamed_themes(tmp_path: Path) -> Path:
    """A copy of themes.yaml with the category finns of plan_status renamed klar everywhere it is used."""
    text = (ROOT / "themes.yaml").read_text(encoding="utf-8")
    for old, new in (("{id: finns,", "{id: klar,"), ("category: finns", "category: klar"),
                     ("plan_status: [finns]", "plan_status: [klar]"), ("[finns, pagar]", "[klar, pagar]")):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "themes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def small_round(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for county in ("L01", "L02"):
        (notes / f"{county}.md").write_text(note_source(county), encoding="utf-8")
    return notes


def test_a_renamed_category_is_an_error_naming_it_never_a_silent_zero(tmp_path):
    themes = renamed_themes(tmp_path)
    analysis = pipeline.build(pipeline.open_round(small_round(tmp_path), GUIDE, themes))
    with pytest.raises(ReportError) as error:
        write_report(analysis, tmp_path / "out" / "report.docx")
    assert str(error.value) == (
        f"{themes}: rapportutkastet räknar kategorin 'finns' i plan_status (\"Nio län har en handlingsplan …\", "
        "Diagram 1 och Tabell 1), som inte finns bland dess kategorier (klar, pagar, forberedande, integrerad); byt "
        "tillbaka namnet till 'finns', eller ändra utkastets id i dialogtool/outputs/report/spec.py.")
    assert not (tmp_path / "out").exists()


def test_analyze_with_a_renamed_category_fails_before_writing_anything(tmp_path):
    themes = renamed_themes(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyze", str(small_round(tmp_path)), "--out", str(out), "--themes",
                                      str(themes), "--guide", str(GUIDE)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(f"Error: {themes}: rapportutkastet räknar kategorin 'finns' "
                                                     "i plan_status")
    assert "Traceback" not in result.output and not out.exists()


def test_compare_help_promises_only_what_it_writes():
    compare = CliRunner().invoke(cli, ["compare", "--help"]).output
    assert "figur" not in compare and "Mappen där de tre CSV-filerna skrivs." in compare
    assert "Mappen där de två CSV-filerna och figuren skrivs." in CliRunner().invoke(cli, ["triangulate",
                                                                                         "--help"]).output


def test_paragraphs_with_their_styles_looked_up_once_are_what_python_docx_writes():
    """`layout.Paragraphs` (each style's id looked up once per document) writes the XML that
    python-docx's add_paragraph and add_heading write, looking each style up every time."""
    own, plain = docx.Document(), docx.Document()
    paragraphs = Paragraphs(own)
    lines = [("Rubrik", None, 0), ("Kapitel", None, 1), ("Avsnitt", None, 2), ("punkt ett", "List Bullet", None),
             ("punkt två\tmed tab\noch rad", "List Bullet", None), ("", "List Bullet", None),
             (" inledande mellanslag", "Subtitle", None), ("vanlig text", "Normal", None), ("utan stil", None, None)]
    for text, style, level in lines:
        if level is None:
            paragraphs.add(text, style)
            plain.add_paragraph(text, style)
        else:
            paragraphs.heading(text, level)
            plain.add_heading(text, level)
    assert own.element.body.xml == plain.element.body.xml
    assert [p.style.name for p in own.paragraphs][:4] == ["Title", "Heading 1", "Heading 2", "List Bullet"]
    assert set(paragraphs.ids) == {"Title", "Heading 1", "Heading 2", "List Bullet", "Subtitle", "Normal"}
