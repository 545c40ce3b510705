"""`dialogtool analyze`: the main job."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from .app import app_command
from .options import round_options, stderr_progress

#: How the summary names where a code comes from.
SOURCE_WORDS = {"auto": "förslag", "human": "egna", "auto+accepted": "bekräftade förslag"}


@click.command("analyze")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
              show_default=True, help="Mappen där utdatafilerna skrivs.")
@round_options(argument=True)
@click.option("--keep-going", is_flag=True, help="Hoppa över en anteckning som inte kan läsas (och säg det) i stället "
                                                 "för att avbryta.")
@click.option("--previous", "previous_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Förra årets anteckningar, för utkastets jämförelser [standard: mappen som heter som året "
                   "före, bredvid NOTES_DIR, om den finns].")
@click.option("--survey", "survey_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Enkätens svar per län (county,answer), som ställs mot plan_status i utkastet "
                   "[standard: survey/ÅR.csv bredvid notes/, om den finns].")
@click.option("--app", "open_app", is_flag=True,
              help="Öppna sedan omgången i utredarnas app i webbläsaren (som `dialogtool app`).")
@click.pass_context
def analyze_command(ctx: click.Context, round_, out_dir: Path, keep_going: bool,
                    previous_dir: Path | None, survey_path: Path | None, open_app: bool) -> None:
    """Läs en omgångs anteckningar och skriv alla utdata: textavsnitt, koder, typologi, tabeller,
    diagram och rapportutkastet (jämfört med förra årets omgång och enkäten när de
    finns).

    Exempel:

    \b
        dialogtool analyze notes/2025 --out outputs
        dialogtool analyze notes/2025 --previous notes/2024 --survey survey/2025.csv
        dialogtool analyze --app
    """
    from ..pipeline import analyze, default_companions

    found_previous, found_survey = default_companions(round_.notes_dir)
    result = analyze(round_, out_dir, keep_going=keep_going,
                     progress=stderr_progress(), previous_dir=previous_dir or found_previous,
                     survey_path=survey_path or found_survey)
    corpus = result.corpus
    for message in corpus.skipped:
        click.echo(f"Hoppade över: {message}", err=True)
    click.echo(f"Anteckningar: {len(corpus.notes)}")
    click.echo(f"Textavsnitt: {len(corpus.segments)}")
    click.echo(f"Deltagare: {result.participants}")
    for problem in corpus.problems:
        click.echo(f"Varning: {problem}")
    inferred = list(dict.fromkeys(f"{county} '{heading}' → {area}" if heading else
                                  f"{county} (inga rubriker) → stycke för stycke"
                                  for county, heading, area in corpus.inferred_areas()))
    if inferred:
        click.echo("Frågeområden härledda ur texten: " + ", ".join(inferred))
    unknown = corpus.unrecognised_headings()
    if unknown:
        listed = "; ".join(f"{county}: '{heading}'" if heading else f"{county}: ingen rubrik" for county, heading in unknown)
        click.echo(f"Okända rubriker (texten ligger under 'okand'): {listed}")
    elif not inferred:
        click.echo("Okända rubriker: inga")
    sources = Counter(code.source for code in result.codes)
    by_source = ", ".join(f"{n} {SOURCE_WORDS.get(s, s)}" for s, n in sorted(sources.items()))
    click.echo(f"Koder: {len(result.codes)}" + (f" ({by_source})" if by_source else ""))
    for problem in result.word_problems:
        click.echo(f"Wordkommentar som inte är en kod: {problem}")
    report = result.reanchored
    if report.moved or report.orphaned:
        click.echo(f"Beslut flyttade till omarbetade stycken i denna körning: {len(report.moved)}; utan stycke totalt: "
                   f"{len(report.orphaned)} (se dialogtool status)")
    companions = result.companions
    if companions.previous is not None:
        click.echo(f"Jämfört med: {companions.previous.notes_dir} ({len(companions.previous.corpus.notes)} "
                   "anteckningar)")
    if companions.survey is not None:
        click.echo(f"Enkäten: {companions.survey.answered()} län svarade")
    for problem in companions.problems:
        click.echo(f"Inte jämfört: {problem}", err=True)
    click.echo(f"Identifierande uppgifter: {len(result.findings)}"
               + (" (se anonymization.csv; kör dialogtool anon check)" if len(result.findings) else ""))
    click.echo(f"Skrivet till {result.out_dir}/: {', '.join(sorted(result.files))}")
    for path in result.kept_edits:
        click.echo(f"Redigerad för hand sedan förra körningen och därför sparad (inte överskriven) som: {path}")
    if open_app:
        ctx.invoke(app_command, notes_dir=round_.notes_dir, guide_path=round_.guide_path,
                   themes_path=round_.themes_path, out_dir=out_dir, port=0, no_browser=False)
