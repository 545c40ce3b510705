"""`dialogtool quotes`: candidate quotes for a theme, checked and written as the report sets them."""

from __future__ import annotations

from pathlib import Path

import click

from ..outputs.quotes import propose_quotes
from ..pipeline import build, choose_quote
from .options import round_options


@click.group("quotes", invoke_without_command=True)
@click.option("--theme", help="The theme id whose quotes to propose (see themes.yaml).")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the quotes to this .docx or .md file (else they are printed).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many quotes.")
@click.option("--redact", "redacting", is_flag=True,
              help="Write quotes that name a place or person with placeholders instead of refusing them.")
@round_options
@click.pass_context
def quotes_group(ctx: click.Context, theme: str | None, out_path: Path | None, limit: int | None,
                 redacting: bool, round_) -> None:
    """Propose quotes for a theme: segments coded with it, the investigator's chosen quotes
    first, then passages that read as a report quote (whole sentences of report length, not a
    list item, a half sentence or a note on how the meeting ran), then the most specific, then
    those of the length most report quotes have.

    Each quote is checked before it is printed or written: a chosen quote must still be
    verbatim in the current note, and no quote may name a place, person or contact detail.
    Refused quotes are listed with the reason; the others are written.

    Example:

    \b
        dialogtool quotes --theme styrning.skola --out citat.docx --limit 5
        dialogtool quotes choose L03-1a2b3c4d5e --trim 0:120 --trim 240:380 --coder anna
    """
    if ctx.invoked_subcommand is not None:
        return
    if not theme:
        raise click.UsageError("give --theme ID, or a subcommand (choose).")
    result = propose_quotes(build(round_), theme, out_path, limit, redacting)
    for quote in result.quotes:
        mark = " (vald)" if quote.chosen else ""
        if result.path is None:
            click.echo(f"{quote.segment_id}{mark}\n  {quote.text}\n")
    for reason in result.refused:
        click.echo(f"Refused: {reason}")
    if result.path is not None:
        click.echo(f"Wrote {result.path}: {len(result.quotes)} quotes for {theme}, {len(result.refused)} refused.")
    elif not result.quotes:
        click.echo(f"No quote for {theme} passed the checks.")


@quotes_group.command("choose")
@click.argument("segment_id")
@click.option("--trim", "trims", multiple=True, metavar="START:END", callback=lambda ctx, param, values: [trim_range(v) for v in values],
              help="Keep only these characters of the paragraph (repeat; the gaps become /.../). Without it, "
                   "--theme keeps the passages `quotes --theme` proposed, else the whole paragraph is kept.")
@click.option("--coder", default="", help="Who chose the quote (recorded with it).")
@click.option("--theme", help="Choose the quote for this theme only (default: every theme of the segment).")
@round_options
def choose_command(segment_id: str, trims: list[tuple[int, int]], coder: str, theme: str | None, round_) -> None:
    """Record SEGMENT_ID as a chosen quote, with the passages kept, in the project database.

    Example:

        dialogtool quotes choose L03-1a2b3c4d5e --trim 0:120 --trim 240:380 --coder anna
    """
    decision = choose_quote(round_, segment_id, trims, coder, theme)
    click.echo(f"Chose {segment_id} as a quote (decision #{decision.id}).")


def trim_range(value: str) -> tuple[int, int]:
    start, _, end = value.partition(":")
    if not (start.strip().isdigit() and end.strip().isdigit()):
        raise click.BadParameter(f"'{value}': give START:END as two character positions, e.g. 0:120.")
    return int(start), int(end)
