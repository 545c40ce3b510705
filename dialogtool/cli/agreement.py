"""`dialogtool agreement`: inter-coder agreement between two investigators' codings."""

from __future__ import annotations

from pathlib import Path

import click

from ..coding.agreement import AgreementReport, Figures, coder_agreement
from ..pipeline import build, word_agreement
from ..coding.wordcodes import shortened
from .options import round_options


@click.command("agreement")
@click.option("--coder", "coders", multiple=True, help="A coder in the project database (give two).")
@click.option("--word", "word_files", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A copy of a note coded with Word comments (give two).")
@round_options
def agreement_command(coders: tuple[str, ...], word_files: tuple[Path, ...], round_) -> None:
    """Percentage agreement, Cohen's kappa and Krippendorff's alpha per theme and overall,
    at the segment level, and the segments the two coders disagree on.

    A coder's coding is their decisions in the project and the Word comments they signed
    in the round's notes; "–" marks a figure that is undefined (neither coder varied).

    Example:

        dialogtool agreement --coder anna --coder bo --notes notes/2025
        dialogtool agreement --word L07-anna.docx --word L07-bo.docx
    """
    if (len(coders), len(word_files)) not in ((2, 0), (0, 2)):
        raise click.UsageError("give exactly two --coder names or exactly two --word files.")
    if coders:
        analysis = build(round_)
        report = coder_agreement(analysis.decisions, analysis.corpus.segments, analysis.codebook, *coders,
                                 word_codes=analysis.word_codes)
    else:
        report = word_agreement(round_, *word_files)
    print_report(report)


def print_report(report: AgreementReport) -> None:
    for problem in report.problems:
        click.echo(f"Not counted: {problem}", err=True)
    left_out = f" ({report.left_out} paragraphs only one file has are left out)" if report.left_out else ""
    click.echo(f"A = {report.coder_a}, B = {report.coder_b}; {report.segments} segments{left_out}")
    click.echo(f"{'theme':<36} {'both':>5} {'A':>5} {'B':>5} {'none':>5} {'agree%':>7} {'kappa':>6} {'alpha':>6}")
    for figures in [*report.themes, report.overall]:
        click.echo(row(figures))
    undefined = [f.theme for f in report.themes if f.kappa is None or f.alpha is None]
    if undefined:
        click.echo(f"–: undefined for {len(undefined)} theme(s): both coders gave every segment the same value "
                   "(mostly: neither used the theme), so there is no variation to agree on beyond chance.")
    if not report.disagreements:
        click.echo("Disagreements: none")
        return
    click.echo(f"Disagreements: {len(report.disagreements)} segments")
    for item in report.disagreements:
        click.echo(f"  {item.segment_id} only A: {', '.join(item.only_a) or '–'}; only B: {', '.join(item.only_b) or '–'}"
                   f" \"{shortened(item.text)}\"")


def row(figures: Figures) -> str:
    return (f"{figures.theme:<36} {figures.both:>5} {figures.only_a:>5} {figures.only_b:>5} {figures.neither:>5} "
            f"{number(figures.percent, 1):>7} {number(figures.kappa, 2):>6} {number(figures.alpha, 2):>6}")


def number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{round(value, digits) + 0.0:.{digits}f}"  # + 0.0: no "-0.00"
