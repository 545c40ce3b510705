"""`dialogtool review export|import`: the coding reviewed in Excel and read back as decisions."""

from __future__ import annotations

from pathlib import Path

import click

from ..cues.codebook import load_codebook
from ..pipeline import build, reanchored_project
from ..coding.review import export_review, import_review
from .options import round_options


@click.group("review")
def review_group() -> None:
    """Review the coding in Excel: export a sheet, fill in accept / reject / add, import it.

    Example:

        dialogtool review export --out review.xlsx
        dialogtool review import review.xlsx --coder anna
    """


@review_group.command("export")
@round_options
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), default="review.xlsx",
              show_default=True, help="The workbook to write.")
def export_command(round_, out_path: Path) -> None:
    """Write one row per segment with its suggested themes and current human codes.

    Fill in the columns accept, reject and add with theme ids (sheet 'themes' lists them;
    'alla' in accept accepts every suggestion), then run `dialogtool review import`.

    Example:

        dialogtool review export --notes notes/2025 --out review.xlsx
    """
    analysis = build(round_)
    path = export_review(analysis, out_path)
    click.echo(f"Wrote {path}: {len(analysis.corpus.segments)} segments to review.")


@review_group.command("import")
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--coder", required=True, help="Who made the decisions in the sheet (recorded with each).")
@click.option("--partial", is_flag=True, help="Import the valid rows even when some rows are wrong (and list those).")
@round_options
def import_command(sheet: Path, coder: str, partial: bool, round_) -> None:
    """Record the accept / reject / add columns of a filled-in review sheet as decisions.

    A sheet with a wrong row is not imported at all unless --partial is given; importing
    the same sheet again records nothing twice. A row whose paragraph was revised since the
    export is recorded on the paragraph that has its text now (listed as "Re-anchored").

    Example:

        dialogtool review import review.xlsx --coder anna --notes notes/2025
    """
    project, corpus = reanchored_project(round_)
    result = import_review(sheet, project, corpus.segments, load_codebook(round_.themes_path),
                           coder, partial=partial)
    if result.unread_sheets:
        click.echo(f"Read sheet '{result.sheet}' of {sheet.name}, the one with decisions; not read (no decisions): "
                   + ", ".join(f"'{title}'" for title in result.unread_sheets) + ".")
    for error in result.errors:
        click.echo(f"Not imported: {error}", err=True)
    for moved in result.reanchored:
        click.echo(f"Re-anchored: {moved}")
    click.echo(f"Recorded {len(result.written)} decision(s) by {result.coder} from {result.rows} filled-in row(s); "
               f"{result.unchanged} already recorded.")
