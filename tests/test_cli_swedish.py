"""The command line speaks Swedish to investigators: help, output and click's own words; 'Error: ' stays."""

from __future__ import annotations

from click.testing import CliRunner

from dialogtool.cli import cli


def test_help_is_swedish_with_click_s_headings_and_markers():
    output = CliRunner().invoke(cli, ["review", "import", "--help"]).output
    assert output.startswith("Användning: cli review import [OPTIONS] SHEET\n\n"
                             "  Spara kolumnerna accept / reject / add i ett ifyllt granskningsark som beslut.\n")
    assert "\nFlaggor:\n  --coder TEXT  Vem som fattade besluten i arket (sparas med vart och ett).\n" \
           "                [krävs]\n" in output
    assert "[standard: notes/2025]" in output
    assert output.endswith("  --help        Visa den här hjälpen och avsluta.\n")
    assert "Kommandon:\n  agreement " in CliRunner().invoke(cli, ["--help"]).output


def test_a_usage_error_is_swedish_and_keeps_the_error_prefix():
    missing = CliRunner().invoke(cli, ["review", "import", "x.xlsx"])
    assert (missing.exit_code, missing.output) == (2, "Användning: cli review import [OPTIONS] SHEET\n"
                                                      "Skriv 'cli review import --help' för hjälp.\n\n"
                                                      "Error: Saknar flaggan '--coder'.\n")
    unknown = CliRunner().invoke(cli, ["analyze", "--nope"])
    assert unknown.output.endswith("\nError: Flaggan '--nope' finns inte.\n")
    absent = CliRunner().invoke(cli, ["fill", "saknas.docx", "--out", "ut.docx"])
    assert absent.output.endswith("\nError: Ogiltigt värde för 'DRAFT': Fil 'saknas.docx' finns inte.\n")
