"""`dialogtool analyze`: the main job."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..pipeline import analyze, default_companions
from .options import round_options, stderr_progress


@click.command("analyze")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
              show_default=True, help="Where the output files are written.")
@round_options(argument=True)
@click.option("--keep-going", is_flag=True, help="Skip a note that cannot be read (and say so) instead of stopping.")
@click.option("--previous", "previous_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Last year's notes, for the draft's comparisons [default: the directory named for the year "
                   "before, beside NOTES_DIR, if there is one].")
@click.option("--survey", "survey_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="The survey's answers per county (county,answer), set against plan_status in the draft "
                   "[default: survey/YEAR.csv beside notes/, if there is one].")
def analyze_command(round_, out_dir: Path, keep_going: bool,
                    previous_dir: Path | None, survey_path: Path | None) -> None:
    """Read a round of notes and write every output: segments, codes, typology, tables,
    charts and the report draft (compared with last year's round and the survey where
    they are found).

    Example:

    \b
        dialogtool analyze notes/2025 --out outputs
        dialogtool analyze notes/2025 --previous notes/2024 --survey survey/2025.csv
    """
    found_previous, found_survey = default_companions(round_.notes_dir)
    result = analyze(round_, out_dir, keep_going=keep_going,
                     progress=stderr_progress(), previous_dir=previous_dir or found_previous,
                     survey_path=survey_path or found_survey)
    corpus = result.corpus
    for message in corpus.skipped:
        click.echo(f"Skipped: {message}", err=True)
    click.echo(f"Notes: {len(corpus.notes)}")
    click.echo(f"Segments: {len(corpus.segments)}")
    click.echo(f"Participants: {result.participants}")
    for problem in corpus.problems:
        click.echo(f"Varning: {problem}")
    inferred = list(dict.fromkeys(f"{county} '{heading}' → {area}" if heading else
                                  f"{county} (no headings) → paragraph by paragraph"
                                  for county, heading, area in corpus.inferred_areas()))
    if inferred:
        click.echo("Inferred areas: " + ", ".join(inferred))
    unknown = corpus.unrecognised_headings()
    if unknown:
        listed = "; ".join(f"{county}: '{heading}'" if heading else f"{county}: no heading" for county, heading in unknown)
        click.echo(f"Unrecognised areas (text kept in area 'okand'): {listed}")
    elif not inferred:
        click.echo("Unrecognised areas: none")
    sources = Counter(code.source for code in result.codes)
    by_source = ", ".join(f"{n} {s}" for s, n in sorted(sources.items()))
    click.echo(f"Codes: {len(result.codes)}" + (f" ({by_source})" if by_source else ""))
    for problem in result.word_problems:
        click.echo(f"Word comment problem: {problem}")
    report = result.reanchored
    if report.moved or report.orphaned:
        click.echo(f"Decisions moved to revised paragraphs in this run: {len(report.moved)}; orphaned in all: "
                   f"{len(report.orphaned)} (see dialogtool status)")
    companions = result.companions
    if companions.previous is not None:
        click.echo(f"Compared with: {companions.previous.notes_dir} ({len(companions.previous.corpus.notes)} notes)")
    if companions.survey is not None:
        click.echo(f"Survey: {companions.survey.answered()} counties answered")
    for problem in companions.problems:
        click.echo(f"Not compared: {problem}", err=True)
    click.echo(f"Identifying details: {len(result.findings)}"
               + (" (see anonymization.csv; run dialogtool anon check)" if len(result.findings) else ""))
    click.echo(f"Written to {result.out_dir}/: {', '.join(sorted(result.files))}")
    for path in result.kept_edits:
        click.echo(f"Edited by hand since the last run, so kept (not overwritten) as: {path}")
