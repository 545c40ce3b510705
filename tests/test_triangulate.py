"""triangulate: the survey's answers per county against the dialogues' plan_status."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT, gold_profiles
from dialogtool.outputs.charts import plotted_data
from dialogtool.cli import cli
from dialogtool.errors import SurveyError
from dialogtool.outputs.triangulate import triangulate, write_triangulation

SURVEY = ROOT / "survey" / "2025.csv"


@pytest.fixture
def result(codebook):
    return triangulate(SURVEY, gold_profiles(2025), codebook)


def test_the_bundled_survey_has_20_answers_8_established_12_ongoing(result):
    assert result.answered() == 20
    totals = result.crosstab["Totalt"]
    assert (totals["Handlingsplan upprättad eller uppdaterad"], totals["Arbete pågår"], totals["Inget svar"]) == (8, 12, 1)
    assert result.crosstab.loc["Totalt", "Totalt"] == 21
    assert list(result.crosstab.columns) == ["Handlingsplan finns", "Arbete pågår", "Förberedande fas",
                                            "Integrerad i andra strukturer", "Totalt"]
    assert result.crosstab.loc["Totalt", "Handlingsplan finns"] == 9


def test_the_shift_goes_both_ways_county_by_county(result):
    moved = {r.county: (r.plan_status, r.survey) for r in result.moved.itertuples()}
    assert moved == {"L03": ("finns", "pagar"), "L12": ("finns", "pagar"), "L07": ("pagar", "upprattad")}
    assert result.crosstab.loc["Handlingsplan upprättad eller uppdaterad", "Handlingsplan finns"] == 7


def test_outputs_are_written_and_the_figure_shows_the_crosstab(result, tmp_path):
    files = write_triangulation(result, tmp_path)
    assert sorted(files) == ["triangulate.png", "triangulate_counties.csv", "triangulate_crosstab.csv"]
    data = plotted_data(files["triangulate.png"])
    assert data["bars"]["Arbete pågår"] == [2, 5, 2, 3]
    assert data["rows"][0] == "Handlingsplan finns"


def test_the_figure_draws_each_county_from_dialogue_to_survey_with_both_moves_named(result, tmp_path):
    data = plotted_data(write_triangulation(result, tmp_path)["triangulate.png"])
    assert data["kind"] == "flows" and len(data["flows"]) == 21
    assert data["flows"]["L07"] == ["pagar", "upprattad"] and data["flows"]["L16"][1] == ""
    assert data["moved"] == {"Handlingsplan finns i dialogen, arbete pågår enligt enkäten": ["L03", "L12"],
                             "Arbete pågår i dialogen, handlingsplan upprättad enligt enkäten": ["L07"]}
    assert data["rows"] == ["Handlingsplan finns", "Arbete pågår", "Förberedande fas", "Integrerad i andra strukturer"]


@pytest.mark.parametrize("text, message", [
    ("län,answer\nL01,pagar\n", "kolumnen county saknas i rubrikraden (län,answer); första raden måste vara county,answer."),
    ("county,answer\nL01,pagar\nL22,pagar\n", "rad 3: länet 'L22' finns inte bland anteckningarnas län"),
    ("county,answer\nL01,klar\n", "rad 2: okänt svar 'klar' för L01; använd upprattad, pagar eller lämna tomt"),
    ("county,answer\nL01,pagar\nL01,upprattad\n", "rad 3: länet 'L01' har svarat två gånger"),
    ("county,answer\n,pagar\n", "rad 2: länet är tomt"),
])
def test_a_bad_survey_file_is_an_error_naming_file_row_and_fix(tmp_path, codebook, text, message):
    path = tmp_path / "enkat.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SurveyError) as error:
        triangulate(path, gold_profiles(2025), codebook)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_triangulate_command_prints_the_crosstab_and_the_moved_counties(tmp_path, monkeypatch, round_analysis):
    monkeypatch.setattr("dialogtool.pipeline.build", lambda *args, **kwargs: round_analysis(2025))
    result = CliRunner().invoke(cli, ["triangulate", str(SURVEY), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Enkätsvar: 20 av 21 län" in result.output
    rows = {m.group(1): list(m.groups()[1:]) for line in result.output.splitlines()
            if (m := re.match(r"^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", line))}
    assert rows["Handlingsplan finns"] == ["7", "2", "0", "9"] and rows["Totalt"] == ["8", "12", "1", "21"]
    assert "Förskjutning: L07: Arbete pågår i dialogen, handlingsplan upprättad enligt enkäten" in result.output
    assert (tmp_path / "triangulate.png").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("county,svar\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["triangulate", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: kolumnen answer saknas i rubrikraden")
