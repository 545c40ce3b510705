"""`dialogtool fill`, `compare` and `triangulate`: the report draft's live numbers, last year, the survey."""

from __future__ import annotations

from pathlib import Path

import click

from .options import guide_option, round_options, themes_option


def out_dir_option(written: str):
    """--out, its help saying what the command writes there (and nothing it does not)."""
    return click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
                        show_default=True, help=f"Mappen där {written} skrivs.")



@click.command("fill")
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Den ifyllda Word-filen som ska skrivas (.docx); själva utkastet lämnas som det är.")
@round_options
def fill_command(draft: Path, out_path: Path, round_) -> None:
    """Ersätt platshållarna i ett Word-utkast med omgångens aktuella tal, tabeller,
    figurer och citat (figurerna ritas på nytt, liksom talen, ur anteckningarna och besluten).

    \b
    {{ antal plan_status=finns }}          → nio   ({{ Antal … }} → Nio)
    {{ antal plan_status=finns siffra }}   → 9
    {{ antal skola_i_ledning=ja av }}      → 12 av 21 län
    {{ antal plan_status=finns,pagar }}    → 15    ({{ antal län }}, {{ antal deltagare }})
    {{ tabell crosstab_plan_x_fordelning }} (även: counts, typology), ensam i sitt stycke
    {{ figur diagram1_plan_status }}        ({{ figur NAMN 12cm }} anger bredden)
    {{ citat fordelningsgrund.strategin 1 }}

    Exempel:

    \b
        dialogtool fill utkast.docx --out utkast-ifyllt.docx --notes notes/2025
    """
    from ..pipeline import fill_round

    written = fill_round(round_, draft, out_path)
    click.echo(f"Skrev {written}")


@click.command("compare")
@click.argument("before_dir", type=click.Path(path_type=Path, file_okay=False))
@click.argument("after_dir", type=click.Path(path_type=Path, file_okay=False))
@guide_option
@themes_option
@out_dir_option("de tre CSV-filerna")
def compare_command(before_dir: Path, after_dir: Path, guide_path: Path, themes_path: Path, out_dir: Path) -> None:
    """Jämför två omgångar: varje läns kategori per dimension före och efter, summorna
    per kategori, och de län och textavsnitt som kodats med varje tema.

    Skriver compare_typology.csv, compare_totals.csv och compare_themes.csv.

    Exempel:

    \b
        dialogtool compare notes/2024 notes/2025 --out outputs
    """
    from ..outputs.compare import comparison_text
    from ..pipeline import compare_notes, open_round

    comparison = compare_notes(open_round(before_dir, guide_path, themes_path),
                               open_round(after_dir, guide_path, themes_path), out_dir)
    click.echo(comparison_text(comparison))
    click.echo(f"\nSkrivet till {out_dir}/: compare_typology.csv, compare_totals.csv, compare_themes.csv")


@click.command("triangulate")
@click.argument("survey_csv", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@round_options
@out_dir_option("de två CSV-filerna och figuren")
def triangulate_command(survey_csv: Path, round_, out_dir: Path) -> None:
    """Ställ enkätens svar per län (delpunkt 1) bredvid dialogernas plan_status:
    en korstabell, de län som flyttat mellan "finns" och "pågår", och en figur.

    Skriver triangulate_counties.csv, triangulate_crosstab.csv och triangulate.png.

    Exempel:

    \b
        dialogtool triangulate survey/2025.csv --notes notes/2025 --out outputs
    """
    from ..pipeline import triangulate_notes

    result = triangulate_notes(round_, survey_csv, out_dir)
    click.echo(f"Enkätsvar: {result.answered()} av {len(result.counties)} län")
    click.echo(result.crosstab.T.to_string())
    for r in result.moved.itertuples():
        click.echo(f"Förskjutning: {r.county}: {r.moved}")
    click.echo(f"Skrivet till {out_dir}/: {', '.join(result.files)}")
