"""`dialogtool quotes`: candidate quotes for a theme, checked and written as the report sets them."""

from __future__ import annotations

from pathlib import Path

import click

from .options import round_options


@click.group("quotes", invoke_without_command=True)
@click.option("--theme", help="Id för temat vars citat ska föreslås (se themes.yaml).")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Skriv citaten till denna .docx- eller .md-fil (annars skrivs de ut).")
@click.option("--limit", type=click.IntRange(min=1), help="Högst så här många citat.")
@click.option("--redact", "redacting", is_flag=True,
              help="Skriv citat som nämner en plats eller person med platshållare i stället för att avvisa dem.")
@round_options
@click.pass_context
def quotes_group(ctx: click.Context, theme: str | None, out_path: Path | None, limit: int | None,
                 redacting: bool, round_) -> None:
    """Föreslå citat för ett tema: textavsnitt kodade med det, utredarnas valda citat
    först, sedan avsnitt som läses som ett citat i rapporten (hela meningar av rapportens längd, inte
    en listpunkt, en halv mening eller en anteckning om hur mötet gick till), sedan de mest specifika,
    sedan de som har den längd flest citat i rapporten har.

    Varje citat kontrolleras innan det skrivs ut eller skrivs till fil: ett valt citat måste
    fortfarande stå ordagrant i den aktuella anteckningen, och inget citat får nämna en plats,
    person eller kontaktuppgift. Avvisade citat listas med skälet; de andra skrivs.

    Exempel:

    \b
        dialogtool quotes --theme styrning.skola --out citat.docx --limit 5
        dialogtool quotes choose L03-1a2b3c4d5e --trim 0:120 --trim 240:380 --coder anna
    """
    if ctx.invoked_subcommand is not None:
        return
    if not theme:
        raise click.UsageError("ange --theme ID, eller ett underkommando (choose).")
    from ..outputs.quotes import propose_quotes
    from ..pipeline import build

    result = propose_quotes(build(round_), theme, out_path, limit, redacting)
    for quote in result.quotes:
        mark = " (vald)" if quote.chosen else ""
        if result.path is None:
            click.echo(f"{quote.segment_id}{mark}\n  {quote.text}\n")
    for reason in result.refused:
        click.echo(f"Avvisat: {reason}")
    if result.path is not None:
        click.echo(f"Skrev {result.path}: {len(result.quotes)} citat för {theme}, {len(result.refused)} avvisade.")
    elif not result.quotes:
        click.echo(f"Inget citat för {theme} klarade kontrollerna.")


@quotes_group.command("choose")
@click.argument("segment_id")
@click.option("--trim", "trims", multiple=True, metavar="START:SLUT", callback=lambda ctx, param, values: [trim_range(v) for v in values],
              help="Behåll bara dessa tecken i stycket (upprepa; luckorna blir /.../). Utan den behåller "
                   "--theme de avsnitt som `quotes --theme` föreslog, annars behålls hela stycket.")
@click.option("--coder", default="", help="Vem som valde citatet (sparas med det).")
@click.option("--theme", help="Välj citatet bara för detta tema (standard: alla textavsnittets teman).")
@round_options
def choose_command(segment_id: str, trims: list[tuple[int, int]], coder: str, theme: str | None, round_) -> None:
    """Spara SEGMENT_ID som ett valt citat, med de avsnitt som behålls, i projektdatabasen.

    Exempel:

        dialogtool quotes choose L03-1a2b3c4d5e --trim 0:120 --trim 240:380 --coder anna
    """
    from ..pipeline import choose_quote

    decision = choose_quote(round_, segment_id, trims, coder, theme)
    click.echo(f"Valde {segment_id} som citat (beslut nr {decision.id}).")


def trim_range(value: str) -> tuple[int, int]:
    start, _, end = value.partition(":")
    if not (start.strip().isdigit() and end.strip().isdigit()):
        raise click.BadParameter(f"'{value}': ange START:SLUT som två teckenpositioner, t.ex. 0:120.")
    return int(start), int(end)
