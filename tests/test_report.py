"""report.docx and typology.xlsx, read back: counts as the report writes them, Tabell 1, quotes.

The analysis here is the bundled 2025 notes with the gold typology (tests/gold) and a few
hand-made codes, so the tests do not depend on the classifier or the tagger. The helpers
are shared with test_fill, test_compare and test_triangulate.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from test_tables import DIMENSIONS, fake_codebook

from dialogtool import numbers
from dialogtool.anonymise import find_identifiers
from dialogtool.charts import write_typology_outputs
from dialogtool.corpus import Corpus
from dialogtool.errors import TypologyError
from dialogtool.model import Cell, Code, CountyProfile, Evidence, Note
from dialogtool.pipeline import Analysis, build
from dialogtool.quotes import ATTRIBUTION
from dialogtool.report import write_report, write_report_outputs
from dialogtool.workbook import sheet_name, write_workbook

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "gold"
#: Hand-made codes: theme → words a segment must contain to be coded with it.
CUES = {
    "fordelningsgrund.strategin": "delmål",
    "styrning.skola": "skol",
    "parallella_reformer.synergi": "röd tråd",
    "finansiering": "ettårig",
}
#: A segment that names a municipality; coded as the only 'myndigheter' quote, it must be refused.
LEAKY = "L17-1e9a94bb0e"


def gold_profiles(year: int = 2025) -> list[CountyProfile]:
    """The intended classification of a bundled round as profiles (one evidence sentence per cell)."""
    with (GOLD / f"typology_{year}.csv").open(encoding="utf-8") as file:
        return [CountyProfile(row["county"], {
            d: Cell(row["county"], d, row[d] or None, [Evidence(f"{row['county']}-{d}", "Meningen.")] if row[d] else [])
            for d in DIMENSIONS}) for row in csv.DictReader(file)]


def gold_analysis(notes_dir: Path = ROOT / "notes" / "2025") -> Analysis:
    """The 2025 round built from its notes, classified as the gold typology, with hand-made codes."""
    analysis = build(notes_dir, ROOT / "interview_guides" / "2025.yaml")
    analysis.codebook, analysis.profiles = fake_codebook(), gold_profiles(2025)
    analysis.codes = [Code(s.segment_id, s.county, theme, "human") for s in analysis.corpus.segments
                      for theme, cue in CUES.items() if cue in s.text.lower()]
    leaky = next(s for s in analysis.corpus.segments if s.segment_id == LEAKY)
    analysis.codes.append(Code(leaky.segment_id, leaky.county, "myndigheter", "human"))
    return analysis


def round_analysis(year: int, codes: list[Code] = (), participants: int = 5) -> Analysis:
    """A round without notes on disk: 21 empty notes, the gold typology of `year`, the codes given."""
    profiles = gold_profiles(year)
    notes = [Note(Path(f"{p.county}.md"), p.county, participants=participants) for p in profiles]
    return Analysis(corpus=Corpus(notes=notes), notes_dir=Path("."), codebook=fake_codebook(), profiles=profiles,
                    codes=list(codes))


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return gold_analysis()


@pytest.fixture(scope="module")
def report(analysis, tmp_path_factory) -> docx.Document:
    out = tmp_path_factory.mktemp("report")
    files = write_report_outputs(analysis, out)
    return docx.Document(str(files["report.docx"]))


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_numbers_are_written_as_the_report_writes_them():
    assert [numbers.count(n) for n in (1, 9, 12, 13, 16)] == ["ett", "nio", "tolv", "13", "16"]
    assert numbers.count_first(16) == "Sexton" and numbers.count_first(21) == "Tjugoett"
    assert numbers.in_words(1, neuter=False) == "en" and numbers.some(0) == "inga län"
    assert numbers.of(12, 21) == "12 av 21 län"
    assert [numbers.share(n, 21) for n in (10, 12, 7, 21)] == ["hälften", "drygt hälften", "en tredjedel", "samtliga"]


def test_report_has_every_2025_count_of_the_domain(report):
    text = text_of(report)
    for sentence in (
        "Samtliga 21 län medverkade i dialogerna hösten 2025 och totalt deltog 109 personer.",
        "Femton län godkände anteckningarna och för sex län inkom inga synpunkter inom svarstiden",
        "skolan ingår i dessa ledningsgrupper i minst 12 län", "I ytterligare fyra län beskrev deltagarna en tydlig strävan",
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
        "Hälften av länen (10 av 21) fördelar stimulansmedel", "Slutligen finns fem län som",
        "Drygt hälften av länen (12 av 21) lyfte fram att det snarare underlättar",
        "Samtidigt beskrev deltagarna i en tredjedel av länen (7 av 21)",
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
    text = text_of(docx.Document(str(write_report(changed, tmp_path / "r.docx"))))
    assert "För två län framgår det inte av anteckningarna hur arbetet på operativ nivå är organiserat." in text


def test_tabell1_is_a_word_table_with_the_reports_headers_and_cells(report):
    table = next(t for t in report.tables if "Finns, eller arbete pågår" in t.rows[1].cells[1].text)
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][0] == "Stimulansmedel" and cells[0][1] == cells[0][2] == DIMENSIONS["plan_status"][0]
    assert cells[1][1:] == ["Finns, eller arbete pågår", "Inledande förberedelser eller annan modell"]
    assert cells[2] == ["Stimulansmedel fördelas utifrån egna kriterier, överenskommelsen och strategin", "5 län", "–"]
    assert cells[3] == ["Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen", "10 län", "6 län"]
    captions = [p.text for p in report.paragraphs if p.text.startswith(("Tabell 1.", "Diagram 1.", "Diagram 2."))]
    assert captions == ["Diagram 1. Status för länsgemensam handlingsplan utifrån strategin.",
                        "Diagram 2. Grund för fördelning av stimulansmedel (antal län).",
                        "Tabell 1. Koppling mellan handlingsplan, resursfördelning och strategiskt fokus."]


def test_every_quote_is_verbatim_indented_and_passes_the_anonymisation_check(report, analysis):
    quotes = [p for p in report.paragraphs if ATTRIBUTION in p.text]
    assert len(quotes) >= 4
    texts = [s.text for s in analysis.corpus.segments]
    for paragraph in quotes:
        assert paragraph.text.endswith(f" {ATTRIBUTION}")
        body = paragraph.text.removesuffix(f" {ATTRIBUTION}")
        assert any(body in text for text in texts), body
        assert find_identifiers(body) == []
        assert round(paragraph.paragraph_format.left_indent.cm, 2) == 1
    leaky = next(s.text for s in analysis.corpus.segments if s.segment_id == LEAKY)
    assert leaky not in text_of(report)
    assert "Nationella myndigheter med lokal närvaro (1 förslag stoppades av kontrollen)" in text_of(report)


def test_a_quote_is_printed_once_even_when_several_themes_ask_for_it(report):
    quotes = [p.text for p in report.paragraphs if ATTRIBUTION in p.text]
    assert len(quotes) == len(set(quotes))


def test_report_embeds_the_figures_written_beside_it(analysis, tmp_path):
    write_typology_outputs(analysis, tmp_path)
    files = write_report_outputs(analysis, tmp_path)
    document = docx.Document(str(files["report.docx"]))
    assert len(document.inline_shapes) == 3  # diagram 1, diagram 2, the theme matrix
    assert "saknas" not in text_of(document)


def test_a_missing_figure_leaves_a_visible_note(report):
    assert "[Figuren diagram1_plan_status.png saknas; kör dialogtool analyze för att rita den.]" in text_of(report)


def test_report_without_a_codebook_is_an_error(tmp_path):
    analysis = round_analysis(2025)
    analysis.codebook = None
    with pytest.raises(TypologyError, match=r"the round in \. has no codebook \(themes.yaml\)"):
        write_report(analysis, tmp_path / "r.docx")


def test_workbook_has_a_readable_sheet_per_table(analysis, tmp_path):
    path = write_report_outputs(analysis, tmp_path)["typology.xlsx"]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["typology", "evidence", "counts", "Tabell 1", "theme matrix", "segments", "notes"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        assert sheet.auto_filter.ref.startswith("A1:")
    tabell1 = book["Tabell 1"]
    assert [c.value for c in tabell1[1]] == ["Stimulansmedel", "Finns, eller arbete pågår",
                                            "Inledande förberedelser eller annan modell"]
    assert [c.value for c in tabell1[3]][1:] == [10, 6]
    segments = book["segments"]
    assert segments.column_dimensions["E"].width == 60 and segments["E2"].alignment.wrap_text
    assert segments.column_dimensions["B"].width < 10
    assert book["typology"].max_row == 22


def test_sheet_names_are_made_valid_and_unique(tmp_path):
    assert sheet_name("a/b: [c]?", []) == "a-b- -c--"
    assert sheet_name("x" * 40, []) == "x" * 31
    assert sheet_name("Tabell 1", ["tabell 1"]) == "Tabell 1 (2)"
    import pandas as pd

    path = write_workbook({"a": pd.DataFrame({"n": [1, None]})}, tmp_path / "w.xlsx")
    assert openpyxl.load_workbook(path)["a"]["A3"].value is None


def test_report_text_has_no_unfilled_braces_or_python_reprs(report):
    text = text_of(report)
    assert not re.search(r"\{|\}|None|nan\b", text)
