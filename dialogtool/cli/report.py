"""`dialogtool fill`, `compare` and `triangulate`: the report draft's live numbers, last year, the survey."""

from __future__ import annotations

from pathlib import Path

import click

from ..outputs.compare import comparison_text
from ..pipeline import compare_notes, fill_round, open_round, triangulate_notes
from .options import guide_option, round_options, themes_option



def out_dir_option(written: str):
    """--out, its help saying what the command writes there (and nothing it does not)."""
    return click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
                        show_default=True, help=f"Where {written} are written.")



@click.command("fill")
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The filled Word file to write (.docx); the draft itself is left as it is.")
@round_options
@click.option("--figures", "figures_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
              show_default=True, help="Where `analyze` wrote the figures ({{ figur NAME }} is NAME.png there).")
def fill_command(draft: Path, out_path: Path, round_, figures_dir: Path) -> None:
    """Replace the placeholders of a Word draft with the round's current numbers, tables,
    figures and quotes.

    \b
    {{ antal plan_status=finns }}          → nio   ({{ Antal … }} → Nio)
    {{ antal plan_status=finns siffra }}   → 9
    {{ antal skola_i_ledning=ja av }}      → 12 av 21 län
    {{ antal plan_status=finns,pagar }}    → 15    ({{ antal län }}, {{ antal deltagare }})
    {{ tabell crosstab_plan_x_fordelning }} (also: counts, typology), alone in its paragraph
    {{ figur diagram1_plan_status }}        ({{ figur NAME 12cm }} sets the width)
    {{ citat fordelningsgrund.strategin 1 }}

    Example:

    \b
        dialogtool fill utkast.docx --out utkast-ifyllt.docx --notes notes/2025
    """
    written = fill_round(round_, draft, out_path, figures_dir)
    click.echo(f"Written {written}")


@click.command("compare")
@click.argument("before_dir", type=click.Path(path_type=Path, file_okay=False))
@click.argument("after_dir", type=click.Path(path_type=Path, file_okay=False))
@guide_option
@themes_option
@out_dir_option("the three CSV files")
def compare_command(before_dir: Path, after_dir: Path, guide_path: Path, themes_path: Path, out_dir: Path) -> None:
    """Compare two rounds: each county's category per dimension before and after, the totals
    per category, and the counties and segments coded per theme.

    Writes compare_typology.csv, compare_totals.csv and compare_themes.csv.

    Example:

    \b
        dialogtool compare notes/2024 notes/2025 --out outputs
    """
    comparison = compare_notes(open_round(before_dir, guide_path, themes_path),
                               open_round(after_dir, guide_path, themes_path), out_dir)
    click.echo(comparison_text(comparison))
    click.echo(f"\nWritten to {out_dir}/: compare_typology.csv, compare_totals.csv, compare_themes.csv")


@click.command("triangulate")
@click.argument("survey_csv", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@round_options
@out_dir_option("the two CSV files and the figure")
def triangulate_command(survey_csv: Path, round_, out_dir: Path) -> None:
    """Put the survey's answer per county (delpunkt 1) beside the dialogues' plan_status:
    a crosstab, the counties that moved between "finns" and "pågår", and a figure.

    Writes triangulate_counties.csv, triangulate_crosstab.csv and triangulate.png.

    Example:

    \b
        dialogtool triangulate survey/2025.csv --notes notes/2025 --out outputs
    """
    result = triangulate_notes(round_, survey_csv, out_dir)
    click.echo(f"Survey answers: {result.answered()} of {len(result.counties)} counties")
    click.echo(result.crosstab.T.to_string())
    for r in result.moved.itertuples():
        click.echo(f"Moved: {r.county}: {r.moved}")
    click.echo(f"Written to {out_dir}/: {', '.join(result.files)}")
