"""Manual typology overrides: recorded, listed, removed, applied — and the classify/crosstab commands."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from click.testing import CliRunner

from dialogtool.outputs.charts import plotted_data, write_report_figures
from dialogtool.cli import cli
from dialogtool.errors import TypologyError
from dialogtool.typology.overrides import apply_overrides, list_overrides, record_override, remove_override
from dialogtool.coding.store import Project

from conftest import gold_profiles, note_source

COUNTIES = [f"L{i:02d}" for i in range(1, 22)]


@pytest.fixture
def project(tmp_path):
    return Project.for_notes(tmp_path)


def rerun(notes_dir, out_dir, codebook):
    """One run through the library as the pipeline does it: rule profiles, overrides from the
    database, the typology's outputs (its tables, Diagram 1–2 and Tabell 1; not the framework
    matrix of codes, which an override does not change and no test here reads)."""
    profiles = apply_overrides(gold_profiles(), Project.for_notes(notes_dir).decisions(), codebook)
    notes = [SimpleNamespace(county=c) for c in COUNTIES]
    analysis = SimpleNamespace(profiles=profiles, codebook=codebook, codes=[], corpus=SimpleNamespace(notes=notes))
    return write_report_figures(analysis, out_dir)


def test_override_changes_typology_crosstab_and_diagram_and_survives_a_second_run(tmp_path, project, codebook):
    before = rerun(tmp_path, tmp_path / "before", codebook)
    table = pd.read_csv(before["crosstab_plan_x_fordelning.csv"], index_col=0)
    assert table.to_numpy().tolist() == [[5, 0], [10, 6]]
    # L03: finns + overenskommelsen -> forberedande moves it to the other column of Tabell 1.
    record_override(project, "L03", "plan_status", "forberedande", "Planen är bara en processbeskrivning.",
                    "anna", codebook, COUNTIES)
    for run in ("first", "second"):
        files = rerun(tmp_path, tmp_path / run, codebook)
        typology = pd.read_csv(files["typology.csv"], keep_default_na=False).set_index("county")
        assert typology.loc["L03", "plan_status"] == "forberedande"
        table = pd.read_csv(files["crosstab_plan_x_fordelning.csv"], index_col=0)
        assert table.to_numpy().tolist() == [[5, 0], [9, 7]]
        assert plotted_data(files["diagram1_plan_status.png"])["bars"]["Förberedande fas"] == 4
        evidence = pd.read_csv(files["typology_evidence.csv"], keep_default_na=False)
        row = evidence[(evidence.county == "L03") & (evidence.dimension == "plan_status")]
        assert row[["category", "sentence", "source"]].values.tolist() == [
            ["forberedande", "Planen är bara en processbeskrivning.", "override"]]


def test_removed_override_no_longer_counts_but_stays_in_the_database(tmp_path, project, codebook):
    decision = record_override(project, "L03", "plan_status", "pagar", "Se anteckningens avsnitt 2.", "anna",
                               codebook)
    remove_override(project, decision.id)
    assert list_overrides(project) == []
    assert [d.status for d in project.decisions(kind="override", status=None)] == ["removed"]
    typology = pd.read_csv(rerun(tmp_path, tmp_path / "out", codebook)["typology.csv"]).set_index("county")
    assert typology.loc["L03", "plan_status"] == "finns"


def test_latest_active_override_wins_and_says_who_and_when(project, codebook):
    record_override(project, "L05", "skola_i_ledning", "nej", "Först så.", "anna", codebook)
    latest = record_override(project, "L05", "skola_i_ledning", "stravan", "Sedan så.", "bertil", codebook)
    record_override(project, "L99", "skola_i_ledning", "nej", "Län utan anteckning.", "anna", codebook)
    profiles = apply_overrides(gold_profiles(), project.decisions(), codebook)
    cell = next(p for p in profiles if p.county == "L05").cells["skola_i_ledning"]
    assert (cell.category, cell.overridden, [e.sentence for e in cell.evidence]) == ("stravan", True, ["Sedan så."])
    assert cell.reason == f"ändrad klassificering {latest.id} av bertil den {latest.created_at[:10]}: Sedan så."
    assert [p.county for p in profiles] == COUNTIES
    assert gold_profiles()[4].category("skola_i_ledning") == "ja"


def test_override_whose_category_left_themes_yaml_is_an_error_naming_the_fix(project, themes_codebook):
    codebook = themes_codebook
    decision = record_override(project, "L05", "skola_i_ledning", "nej", "Skäl.", "anna", codebook)
    del codebook.dimensions["skola_i_ledning"].categories["nej"]
    with pytest.raises(TypologyError) as error:
        apply_overrides(gold_profiles(), project.decisions(), codebook)
    assert str(error.value) == (
        f"ändrad klassificering {decision.id} (L05 skola_i_ledning=nej) passar inte längre themes.yaml: dimensionen "
        f"'skola_i_ledning' har ingen kategori 'nej'; använd en av ja, stravan. Ta bort den med `dialogtool classify --remove {decision.id}`.")


@pytest.mark.parametrize("args, message", [
    (("L03", "planstatus", "finns", "skäl"), "okänd typologidimension 'planstatus'; använd en av plan_status, "
     "plan_koppling, fordelningsgrund, efterhandssortering, operativ_organisering, skola_i_ledning, "
     "parallella_initiativ, strategins_bredd."),
    (("L03", "plan_status", "klar", "skäl"), "dimensionen 'plan_status' har ingen kategori 'klar'; använd en av finns, "
     "pagar, forberedande, integrerad."),
    (("L3", "plan_status", "finns", "skäl"), "ingen anteckning för länet 'L3' i denna omgång; använd ett av L01, L02."),
    (("L01", "plan_status", "finns", "  "), "den ändrade klassificeringen av L01 plan_status behöver ett skäl; ange varför "
     "regeln inte gäller."),
])
def test_record_override_refuses_what_it_cannot_store(project, codebook, args, message):
    county, dimension, category, reason = args
    with pytest.raises(TypologyError) as error:
        record_override(project, county, dimension, category, reason, "anna", codebook, ["L01", "L02"])
    assert str(error.value) == message
    assert project.decisions(status=None) == []


def test_removing_an_unknown_override_names_the_active_ids(project, codebook):
    kept = record_override(project, "L01", "plan_status", "pagar", "Skäl.", "anna", codebook)
    with pytest.raises(TypologyError, match=f"ingen aktiv ändrad klassificering med id 99 i .*; aktiva id: {kept.id}."):
        remove_override(project, 99)


# The commands, on a copy of the bundled 2025 round (its classification is the gold's).

@pytest.fixture
def bundled_copy(notes_2025):
    """The bundled 2025 notes copied into tmp_path, without any project database."""
    return notes_2025


def test_classify_records_lists_and_removes_and_crosstab_follows(bundled_copy, in_repo):
    runner, notes = CliRunner(), ["--notes", str(bundled_copy)]
    result = runner.invoke(cli, ["classify", "L03", "plan_status", "integrerad", "--reason",
                                 "Utgår från samsjuklighetsplanen.", "--coder", "anna", *notes])
    assert result.exit_code == 0, result.output
    assert result.output == "Ändrad klassificering 1 sparad: L03 plan_status = integrerad (av anna).\n"
    listing = runner.invoke(cli, ["classify", "--list", *notes]).output.splitlines()
    assert listing[0].split("\t")[:3] == ["1", "L03", "plan_status = integrerad"]
    assert listing[0].endswith("\tUtgår från samsjuklighetsplanen.")
    assert listing[1] == f"Aktiva ändrade klassificeringar i {bundled_copy}: 1."
    table = runner.invoke(cli, ["crosstab", "plan_status", "fordelningsgrund", *notes]).output
    assert row_of(table, "Integrerad i andra strukturer") == ["4", "0", "4"]
    assert row_of(table, "Handlingsplan finns") == ["4", "4", "8"]
    removed = runner.invoke(cli, ["classify", "--remove", "1", *notes])
    assert removed.output == "Ändrad klassificering 1 borttagen: L03 plan_status = integrerad; regeln avgör igen.\n"
    table = runner.invoke(cli, ["crosstab", "plan_status", "fordelningsgrund", *notes]).output
    assert row_of(table, "Handlingsplan finns") == ["5", "4", "9"]
    assert row_of(table, "Totalt") == ["16", "5", "21"]


def row_of(printed: str, label: str) -> list[str]:
    line = next(line for line in printed.splitlines() if line.startswith(label))
    return line[len(label):].split()


@pytest.mark.parametrize("args, error", [
    (["classify", "L03", "plan_status", "klar", "--reason", "x"],
     "Error: dimensionen 'plan_status' har ingen kategori 'klar'; använd en av finns, pagar, forberedande, integrerad.\n"),
    (["classify", "L03", "plan_status", "pagar"],
     "Error: den ändrade klassificeringen av L03 plan_status behöver ett skäl; ange varför regeln inte gäller.\n"),
    (["classify", "--remove", "7"], "Error: ingen aktiv ändrad klassificering med id 7 i {db}; aktiva id: inga.\n"),
    (["crosstab", "plan_status", "skola"],
     "Error: okänd typologidimension 'skola'; använd en av plan_status, plan_koppling, fordelningsgrund, "
     "efterhandssortering, operativ_organisering, skola_i_ledning, parallella_initiativ, strategins_bredd.\n"),
])
def test_commands_name_the_valid_ids(bundled_copy, in_repo, args, error):
    result = CliRunner().invoke(cli, [*args, "--notes", str(bundled_copy)])
    assert result.exit_code == 1
    assert result.output == error.format(db=bundled_copy / ".dialogtool.sqlite")


def test_classify_without_arguments_says_how_to_use_it(tmp_path):
    result = CliRunner().invoke(cli, ["classify", "--notes", str(tmp_path)])
    assert result.exit_code == 2
    assert "Error: ange LÄN DIMENSION KATEGORI --reason TEXT, eller --list, eller --remove ID." in result.output


def test_crosstab_checks_its_dimensions_before_it_reads_the_round(tmp_path, in_repo):
    result = CliRunner().invoke(cli, ["crosstab", "plan_status", "skola", "--notes", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: okänd typologidimension 'skola'; använd en av plan_status, ")


def test_crosstab_command_on_real_notes(tmp_path, in_repo):
    """End to end on two small notes, classified by the real pipeline."""
    for county in ("L01", "L02"):
        (tmp_path / f"{county}.md").write_text(note_source(county), encoding="utf-8")
    result = CliRunner().invoke(cli, ["crosstab", "plan_status", "skola_i_ledning", "--notes", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert row_of(result.output, "Totalt")[-1] == "2"
