"""`dialogtool agreement`: inter-coder agreement between two investigators' codings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import round_options

if TYPE_CHECKING:
    from ..coding.agreement import AgreementReport, Figures


@click.command("agreement")
@click.option("--coder", "coders", multiple=True, help="En kodare i projektdatabasen (ange två).")
@click.option("--word", "word_files", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="En kopia av en anteckning kodad med Wordkommentarer (ange två).")
@round_options
def agreement_command(coders: tuple[str, ...], word_files: tuple[Path, ...], round_) -> None:
    """Procentuell överensstämmelse, Cohens kappa och Krippendorffs alfa per tema och totalt,
    på textavsnittsnivå, och de textavsnitt där de två kodarna är oense.

    En kodares kodning är hens beslut i projektet och de Wordkommentarer hen har skrivit
    i omgångens anteckningar; "–" markerar ett mått som är odefinierat (ingen av kodarna varierade).

    Exempel:

        dialogtool agreement --coder anna --coder bo --notes notes/2025
        dialogtool agreement --word L07-anna.docx --word L07-bo.docx
    """
    if (len(coders), len(word_files)) not in ((2, 0), (0, 2)):
        raise click.UsageError("ange exakt två namn med --coder eller exakt två filer med --word.")
    from ..pipeline import coders_agreement, word_agreement

    report = coders_agreement(round_, *coders) if coders else word_agreement(round_, *word_files)
    print_report(report)


def print_report(report: AgreementReport) -> None:
    from ..coding.wordcodes import shortened

    for problem in report.problems:
        click.echo(f"Räknas inte: {problem}", err=True)
    left_out = f" ({report.left_out} stycken som bara finns i den ena filen är utelämnade)" if report.left_out else ""
    click.echo(f"A = {report.coder_a}, B = {report.coder_b}; {report.segments} textavsnitt{left_out}")
    click.echo(f"{'tema':<36} {'båda':>5} {'A':>5} {'B':>5} {'ingen':>5} {'lika%':>7} {'kappa':>6} {'alfa':>6}")
    for figures in [*report.themes, report.overall]:
        click.echo(row(figures))
    undefined = [f.theme for f in report.themes if f.kappa is None or f.alpha is None]
    if undefined:
        click.echo(f"–: odefinierat för {len(undefined)} tema/teman: båda kodarna gav varje textavsnitt samma värde "
                   "(oftast: ingen av dem använde temat), så det finns ingen variation att vara överens om utöver "
                   "slumpen.")
    if not report.disagreements:
        click.echo("Oenigheter: inga")
        return
    click.echo(f"Oenigheter: {len(report.disagreements)} textavsnitt")
    for item in report.disagreements:
        click.echo(f"  {item.segment_id} bara A: {', '.join(item.only_a) or '–'}; bara B: "
                   f"{', '.join(item.only_b) or '–'}"
                   f" \"{shortened(item.text)}\"")


def row(figures: Figures) -> str:
    return (f"{figures.theme:<36} {figures.both:>5} {figures.only_a:>5} {figures.only_b:>5} {figures.neither:>5} "
            f"{number(figures.percent, 1):>7} {number(figures.kappa, 2):>6} {number(figures.alpha, 2):>6}")


def number(value: float | None, digits: int) -> str:
    """A figure as Swedish writes it, with a decimal comma ("0,85"); "–" where there is none."""
    return "–" if value is None else f"{round(value, digits) + 0.0:.{digits}f}".replace(".", ",")  # + 0.0: no "-0,00"
