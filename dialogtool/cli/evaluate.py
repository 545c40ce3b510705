"""`dialogtool evaluate`: theme suggestions against a hand-made gold file."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import evaluate_notes
from .options import round_options


@click.command("evaluate")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@round_options
@click.option("--errors/--no-errors", "show_errors", default=True, show_default=True,
              help="List the misses and false alarms after the table.")
def evaluate_command(gold: Path, round_, show_errors: bool) -> None:
    """Compare the automatic theme suggestions with GOLD, a CSV of county,snippet,themes.

    Prints precision, recall and F1 per theme, the micro averages (all themes, and the
    sub-themes only), then every miss and false alarm with its county and snippet.

    Example:

        dialogtool evaluate tests/gold/themes_2025.csv --notes notes/2025
    """
    result = evaluate_notes(round_, gold)
    click.echo(f"{'theme':<40} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}")
    for score in [*result.scores.values(), result.micro, result.micro_sub]:
        click.echo(f"{score.theme:<40} {score.precision:5.2f} {score.recall:5.2f} {score.f1:5.2f} {score.support:4d}")
    click.echo(f"{result.segments} segments compared; {len(result.misses)} misses, {len(result.false_alarms)} false alarms.")
    if show_errors:
        for title, errors in (("Misses", result.misses), ("False alarms", result.false_alarms)):
            click.echo(f"\n{title}:")
            for error in errors:
                evidence = f"  [{error.evidence}]" if error.evidence else ""
                click.echo(f"  {error.county}  {error.theme:<36} {error.snippet}{evidence}")
