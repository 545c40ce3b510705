"""`dialogtool evaluate`: theme suggestions against a hand-made gold file."""

from __future__ import annotations

from pathlib import Path

import click

from .options import round_options


@click.command("evaluate")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@round_options
@click.option("--errors/--no-errors", "show_errors", default=True, show_default=True,
              help="Lista missar och falska larm efter tabellen.")
def evaluate_command(gold: Path, round_, show_errors: bool) -> None:
    """Jämför de automatiska temaförslagen med GOLD, en CSV med county,snippet,themes.

    Skriver ut precision, täckning (recall) och F1 per tema, mikromedelvärdena (alla teman, och
    bara underteman), sedan varje miss och falskt larm med län och utdrag.

    Exempel:

        dialogtool evaluate tests/gold/themes_2025.csv --notes notes/2025
    """
    from ..pipeline import evaluate_notes

    result = evaluate_notes(round_, gold)
    click.echo(f"{'tema':<40} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}")
    for score in [*result.scores.values(), result.micro, result.micro_sub]:
        click.echo(f"{score.theme:<40} {score.precision:5.2f} {score.recall:5.2f} {score.f1:5.2f} {score.support:4d}")
    click.echo(f"{result.segments} textavsnitt jämförda; {len(result.misses)} missar, {len(result.false_alarms)} "
               "falska larm.")
    if show_errors:
        for title, errors in (("Missar", result.misses), ("Falska larm", result.false_alarms)):
            click.echo(f"\n{title}:")
            for error in errors:
                evidence = f"  [{error.evidence}]" if error.evidence else ""
                click.echo(f"  {error.county}  {error.theme:<36} {error.snippet}{evidence}")
