"""`dialogtool cue`: a cue tried on a sentence without running a round."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ROOT
from dialogtool.cli import cli

THEMES = str(ROOT / "themes.yaml")


def run(*args: str):
    return CliRunner().invoke(cli, ["cue", *args])


def test_prints_the_words_and_the_clause_of_every_sentence():
    result = run("@plan & anta", "Planen antogs i juni. Någon ny plan har inte antagits. Vi talade om annat.",
                 "--themes", THEMES)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Träff: ja – cuen räknas i 2 av 3 meningar.\n"
        "\nMening 1: Planen antogs i juni.\n"
        "  Ord som träffade: Planen … antogs\n"
        "  Satsen läses som: konstaterat (stated)\n"
        "  Räknas: ja.\n"
        "\nMening 2: Någon ny plan har inte antagits.\n"
        "  Ord som träffade: plan … antagits\n"
        "  Satsen läses som: nekat (negated)\n"
        "  Räknas: ja.\n"
        "\nMening 3: Vi talade om annat.\n"
        "  Ingen träff.\n")


def test_says_why_a_match_does_not_count():
    result = run("{pattern: '@plan & anta', unless: utkast, when: stated}",
                 "Planen antogs inte. Ett utkast till plan antogs.", "--themes", THEMES)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Träff: nej – cuen räknas i 0 av 2 meningar."
    assert "  Räknas inte: cuen räknas bara där satsen är konstaterat (when: stated).\n" in result.output
    assert "  Räknas inte: unless-mönstret träffade (utkast).\n" in result.output


def test_rule_counts_only_stated_facts():
    text = "Planen ska antas i mars."
    assert run("@plan & anta", text, "--themes", THEMES).output.splitlines()[0] == "Träff: ja – cuen räknas i 1 av 1 mening."
    result = run("@plan & anta", text, "--themes", THEMES, "--rule")
    assert result.output.splitlines()[0] == "Träff: nej – cuen räknas i 0 av 1 mening."
    assert "  Satsen läses som: planerat eller avsett (planned)\n" in result.output


def test_a_weak_cue_in_passing_is_flagged():
    result = run("?ledningsgrupp", "Skolan sitter med i ledningsgruppen.", "--themes", THEMES)
    assert "  Nämns i förbigående (i en prepositionsfras): en svag cue (?) väger då en tredjedel.\n" in result.output
    strong = run("ledningsgrupp", "Skolan sitter med i ledningsgruppen.", "--themes", THEMES)
    assert "förbigående" not in strong.output


def test_word_lists_and_clause_words_come_from_the_given_themes(tmp_path):
    themes = tmp_path / "themes.yaml"
    themes.write_text("words:\n  grupp: styrgrupp|ledningsgrupp\nthemes:\n  - id: a\n    label: A\n", encoding="utf-8")
    result = run("@grupp", "Styrgruppen träffas inte.", "--themes", str(themes))
    assert result.exit_code == 0, result.output
    assert "  Ord som träffade: Styrgruppen\n  Satsen läses som: konstaterat (stated)\n" in result.output
    assert "nekat (negated)" in run("styrgrupp", "Styrgruppen träffas inte.", "--themes", THEMES).output
    assert run("@plan", "Planen antogs.", "--themes", str(themes)).output == (
        "Error: cuen '@plan': okänd ordlista '@plan' i cuen; definiera den under 'words:' eller använd en av @grupp.\n")


def test_a_bad_cue_is_one_error_line():
    result = run("plan & ", "Planen antogs.", "--themes", THEMES)
    assert result.exit_code == 1
    assert result.output == ("Error: cuen 'plan & ': felaktig cue i cuen: 'plan & ' har en tom sida av '&'; skriv ord "
                             "åtskilda av mellanslag, med '...' (ord emellan), '&' (samma mening), '|' (antingen eller) "
                             "eller en avslutande '*'.\n")
