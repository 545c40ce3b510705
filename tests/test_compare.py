"""compare: two rounds side by side, per county and dimension, per category and per theme."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import DIMENSIONS
from dialogtool.cli import cli
from dialogtool.outputs.compare import compare_rounds, write_comparison
from dialogtool.errors import TypologyError
from dialogtool.model import Code


@pytest.fixture
def rounds(round_analysis):
    before = round_analysis(2024, [Code("L01-a", "L01", "styrning.skola"), Code("L01-b", "L01", "medskick")])
    after = round_analysis(2025, [Code("L01-a", "L01", "styrning.skola"), Code("L02-a", "L02", "styrning.skola"),
                                  Code("L02-b", "L02", "styrning.skola")])
    return before, after


def test_totals_add_up_to_21_counties_per_dimension_in_both_rounds(rounds):
    totals = compare_rounds(*rounds).totals
    sums = totals.groupby("dimension")[["before", "after"]].sum()
    assert (sums["before"] == 21).all() and (sums["after"] == 21).all()
    assert list(dict.fromkeys(totals["dimension"])) == list(DIMENSIONS)
    assert (totals["difference"] == totals["after"] - totals["before"]).all()


def test_totals_show_what_the_report_says_changed(rounds):
    totals = compare_rounds(*rounds).totals.set_index(["dimension", "category"])
    assert tuple(totals.loc[("skola_i_ledning", "ja"), ["before", "after", "difference"]]) == (3, 12, 9)
    assert tuple(totals.loc[("plan_status", "finns"), ["before", "after"]]) == (3, 9)
    assert tuple(totals.loc[("plan_koppling", ""), ["label", "before", "after"]]) == ("Ej klassificerat", 18, 12)


def test_typology_lists_every_county_and_dimension_with_its_change(rounds):
    comparison = compare_rounds(*rounds)
    assert len(comparison.typology) == 21 * len(DIMENSIONS)
    row = comparison.typology.set_index(["dimension", "county"]).loc[("plan_status", "L01")]
    assert (row["before"], row["after"], row["changed"]) == ("pagar", "finns", True)
    changes = comparison.changes()
    assert changes["changed"].all()
    assert not ((changes["dimension"] == "operativ_organisering") & (changes["county"] == "L03")).any()


def test_themes_count_counties_and_segments_each_round_parents_included(rounds):
    themes = compare_rounds(*rounds).themes.set_index("theme")
    assert tuple(themes.loc["styrning.skola", ["counties_before", "counties_after", "segments_before",
                                               "segments_after", "segments_difference"]]) == (1, 2, 1, 3, 2)
    assert tuple(themes.loc["styrning", ["counties_before", "counties_after"]]) == (1, 2)
    assert tuple(themes.loc["medskick", ["counties_before", "counties_after", "counties_difference"]]) == (1, 0, -1)


def test_a_county_in_one_round_only_is_compared_against_nothing(rounds):
    before, after = rounds
    before.profiles = before.profiles[:-1]
    typology = compare_rounds(before, after).typology.set_index(["dimension", "county"])
    assert tuple(typology.loc[("plan_status", "L21"), ["before", "changed"]]) == ("", True)


def test_compare_writes_three_csv_files_and_the_command_prints_changes(rounds, tmp_path, monkeypatch, codebook):
    files = write_comparison(compare_rounds(*rounds), tmp_path)
    assert sorted(files) == ["compare_themes.csv", "compare_totals.csv", "compare_typology.csv"]
    assert len(pd.read_csv(files["compare_typology.csv"])) == 21 * len(DIMENSIONS)
    built = iter(rounds)
    monkeypatch.setattr("dialogtool.pipeline.build", lambda *args, **kwargs: next(built))
    result = CliRunner().invoke(cli, ["compare", "notes/2024", "notes/2025", "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Omgångar: 2024 (21 anteckningar, 105 deltagare) → 2025 (21 anteckningar, 105 deltagare)"
    school = lines.index(f"{codebook.dimensions['skola_i_ledning'].label} (skola_i_ledning)")
    assert lines[school + 1].split() == ["2024", "2025", "förändring"]
    assert lines[school + 2].split() == ["Ja", "3", "12", "+9"]
    assert lines[school + 4].split() == ["Nej", "14", "5", "-9"]
    assert lines[school + 5].startswith("13 av 21 län har ändrats: L02 nej → ja, ")
    status = lines.index(f"{codebook.dimensions['plan_status'].label} (plan_status)")
    assert "L01 pagar → finns" in lines[status + 6]
    themes = lines.index("Teman: län med ett kodat textavsnitt, och kodade textavsnitt")
    assert lines[themes + 1].split() == ["län", "2024", "län", "2025", "textavsnitt", "2024", "textavsnitt", "2025"]
    assert (tmp_path / "c" / "compare_totals.csv").exists()


def test_a_round_without_a_codebook_is_an_error_naming_it(rounds):
    before, after = rounds
    before.codebook, before.notes_dir = None, Path("notes/2024")
    with pytest.raises(TypologyError, match=r"^omgången i notes/2024 har ingen kodbok \(themes.yaml\)"):
        compare_rounds(before, after)
