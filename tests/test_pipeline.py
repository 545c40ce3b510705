"""End to end: `dialogtool analyze` on the bundled rounds, and what reaches the report.

Every number checked here comes out of the pipeline run on the notes in notes/; the
figures of the real report (domain.md) are the expected values.
"""

from __future__ import annotations

import re

import docx
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import note_source, notes_dir
from dialogtool.anonymise import find_identifiers
from dialogtool.cli import cli
from dialogtool.outputs.report.wording import count, count_first

ATTRIBUTION = "(Utdrag ur minnesanteckningar)"


@pytest.fixture(scope="module")
def round_2025(bundled_outputs):
    """The 2025 round analysed once per test run, with 2024 and the survey beside it: (CLI output, outputs directory)."""
    return bundled_outputs


def test_summary_reports_notes_participants_areas_and_identifiers(round_2025):
    output, _ = round_2025
    assert output.startswith("Anteckningar: 21\nTextavsnitt: 491\nDeltagare: 109\nOkända rubriker: inga\n")
    assert "Identifierande uppgifter: 13 (se anonymization.csv; kör dialogtool anon check)" in output


def test_codings_and_framework_matrix_are_written(round_2025):
    _, out = round_2025
    codings = pd.read_csv(out / "codings.csv")
    assert list(codings.columns) == ["segment_id", "county", "theme", "source", "evidence", "coder", "confidence"]
    segments = pd.read_csv(out / "segments.csv")
    assert set(codings.segment_id) <= set(segments.segment_id)
    assert codings.evidence.notna().all()
    matrix = pd.read_csv(out / "theme_matrix.csv", index_col=0)
    assert len(matrix) == 21
    assert matrix.loc["L01", "handlingsplan.status"] == len(
        codings[(codings.county == "L01") & (codings.theme == "handlingsplan.status")])


def test_the_planted_leaks_are_found(round_2025):
    _, out = round_2025
    findings = pd.read_csv(out / "anonymization.csv")
    # the planted leaks, and each county's number of municipalities where only one real county has it
    counts = [("L06", "kommunantal"), ("L06", "kommunantal"), ("L07", "kommunantal"), ("L09", "kommunantal"),
              ("L09", "kommunantal"), ("L10", "kommunantal"), ("L13", "kommunantal"), ("L19", "kommunantal"),
              ("L21", "kommunantal")]
    planted = [("L17", "kommun"), ("L20", "epost"), ("L20", "person"), ("L20", "telefon")]
    assert sorted(zip(findings.county, findings.kind)) == sorted(counts + planted)


def report_text(out) -> tuple[str, list]:
    document = docx.Document(str(out / "report.docx"))
    return "\n".join(p.text for p in document.paragraphs), document.tables


def test_report_writes_the_counts_the_pipeline_computed(round_2025):
    _, out = round_2025
    text, _ = report_text(out)
    counts = pd.read_csv(out / "counts.csv").set_index(["dimension", "category"]).counties
    assert "Samtliga 21 län medverkade i dialogerna hösten 2025 och totalt deltog 109 personer" in text
    assert f"{count_first(counts['plan_status', 'finns'])} län har en handlingsplan" in text
    assert f"I {count(counts['plan_status', 'pagar'])} län pågår arbete" in text
    assert f"skolan ingår i ledningsgruppen i minst {counts['skola_i_ledning', 'ja']} län" in text
    started = counts["plan_status", "finns"] + counts["plan_status", "pagar"]
    assert f"({started} av 21)" in text


def test_report_table_1_equals_the_crosstab(round_2025):
    _, out = round_2025
    _, tables = report_text(out)
    crosstab = pd.read_csv(out / "crosstab_plan_x_fordelning.csv", index_col=0)
    table = next(t for t in tables if t.cell(1, 1).text == "Finns, eller arbete pågår")
    cells = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[2:]}
    for label, values in crosstab.iterrows():
        assert cells[label] == [f"{v} län" if v else "–" for v in values], label


def test_every_quote_in_the_report_is_verbatim_and_free_of_identifiers(round_2025):
    _, out = round_2025
    text, _ = report_text(out)
    quotes = [line for line in text.splitlines() if line.endswith(ATTRIBUTION)]
    assert len(quotes) >= 5
    segments = pd.read_csv(out / "segments.csv").text.tolist()
    for quote in quotes:
        body = quote[: -len(ATTRIBUTION)].strip()
        assert find_identifiers(body) == [], quote
        for piece in body.split(" /.../ "):
            assert any(piece.strip(" .") in s for s in segments), piece


@pytest.mark.usefixtures("small_model")
def test_word_comments_become_human_codes_in_codings_csv(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    document = docx.Document()
    paragraphs = [document.add_paragraph(line) if not line.startswith("## ") else document.add_heading(line[3:], 2)
                  for line in note_source().splitlines() if line.strip() and not line.startswith("- ")]
    skola = next(p for p in paragraphs if p.text.startswith("Ledningsgruppen"))
    plan = next(p for p in paragraphs if p.text.startswith("Länet har"))
    document.add_comment(skola.runs, text="styrning.skola, styrning.ledningsgrupp", author="Anna", initials="A")
    document.add_comment(plan.runs, text="handlingsplan.koppling", author="Bo", initials="B")
    document.save(notes / "L07.docx")
    result = CliRunner().invoke(cli, ["analyze", str(notes), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    codings = pd.read_csv(tmp_path / "out" / "codings.csv", keep_default_na=False)
    segments = pd.read_csv(tmp_path / "out" / "segments.csv").set_index("segment_id").text
    human = {(segments[r.segment_id][:16], r.theme, r.coder) for r in codings.itertuples() if r.coder}
    assert human == {
        ("Ledningsgruppen ", "styrning.skola", "Anna"),
        ("Ledningsgruppen ", "styrning.ledningsgrupp", "Anna"),
        ("Länet har en län", "handlingsplan.koppling", "Bo"),
    }
    assert set(codings[codings.coder != ""].source) <= {"human", "auto+accepted"}


def test_compare_the_bundled_rounds(tmp_path, bundled_tree):
    notes = bundled_tree / "notes"
    result = CliRunner().invoke(cli, ["compare", str(notes / "2024"), str(notes / "2025"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    totals = pd.read_csv(tmp_path / "compare_totals.csv", keep_default_na=False)
    for dimension, rows in totals.groupby("dimension"):
        assert rows.before.sum() == 21 and rows.after.sum() == 21, dimension
    typology = pd.read_csv(tmp_path / "compare_typology.csv", keep_default_na=False)
    skola = typology[typology.dimension == "skola_i_ledning"]
    after = totals.set_index(["dimension", "category"]).after
    assert (skola.after == "ja").sum() == after["skola_i_ledning", "ja"]
    assert ((skola.before != skola.after) == skola.changed).all()


def test_triangulate_the_survey_against_the_dialogues(tmp_path, bundled_tree):
    result = CliRunner().invoke(cli, ["triangulate", str(bundled_tree / "survey" / "2025.csv"), "--out", str(tmp_path),
                                      "--notes", str(bundled_tree / "notes" / "2025")])
    assert result.exit_code == 0, result.output
    assert "Enkätsvar: 20 av 21 län" in result.output
    crosstab = pd.read_csv(tmp_path / "triangulate_crosstab.csv", index_col=0)
    assert crosstab.loc["Handlingsplan upprättad eller uppdaterad", "Totalt"] == 8
    assert crosstab.loc["Arbete pågår", "Totalt"] == 12
    moved = re.findall(r"^Förskjutning: (L\d\d)", result.output, re.M)
    assert moved and set(moved) <= {"L03", "L07", "L12", "L21", "L01"}


def test_report_contains_every_2025_figure_of_the_real_report(round_2025):
    """The report's own sentences, regenerated from the notes (domain.md lists the figures)."""
    _, out = round_2025
    text, _ = report_text(out)
    for sentence in (
        "Nio län har en handlingsplan",                              # Diagram 1: 9 · 6 · 3 · 3
        "I sex län pågår arbete",
        "I tre län beskrev deltagarna att de befinner sig i förberedande fas",
        "Tre län hanterar frågorna genom integrering",
        "en majoritet av länen (15 av 21)",
        "i två län kopplar den egna handlingsplanen till strategins övergripande mål, i fem län",   # 2 · 5 · 2
        "Fem län lyfte dessutom särskilt fram strategins mål",      # Diagram 2: 5 · 16
        "totalt 16 län",
        "minst 12 län",                                              # skola_i_ledning
        "Behovsanpassad organisering (åtta län)", "Åldersindelning (sju län)",   # 8 · 7 · 4 · 2
        "Geografisk indelning (fyra län)", "Övriga arbetssätt (två län)",
        "(12 av 21)", "(7 av 21)",                                   # parallella_initiativ
        "totalt deltog 109 personer",
    ):
        assert sentence in text, sentence
    afterwards = re.search(r"ytterligare minst (\w+) län där deltagarna beskrev att insatserna sorteras i efterhand", text)
    assert afterwards and afterwards.group(1) in ("tre", "fyra", "fem", "sex")   # efterhandssortering ≥ 3


def test_analyze_compares_with_last_year_and_the_survey_found_beside_the_notes(round_2025, bundled_tree):
    output, out = round_2025
    assert f"Jämfört med: {bundled_tree / 'notes' / '2024'} (21 anteckningar)\nEnkäten: 20 län svarade\n" in output
    text = "\n".join(p.text for p in docx.Document(str(out / "report.docx")).paragraphs)
    assert "hösten 2024 då 105 personer deltog" in text and "Tjugo län besvarade enkäten" in text


def test_a_broken_survey_is_reported_and_the_round_still_analysed(tmp_path):
    notes = notes_dir(tmp_path, ("L01", "L07"))
    survey = tmp_path / "survey.csv"
    survey.write_text("county,svar\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(notes), "--out", str(tmp_path / "out"), "--survey", str(survey)])
    assert result.exit_code == 0, result.output
    assert f"Inte jämfört: Enkätsvaren ({survey}) kunde inte läsas: " in result.output
