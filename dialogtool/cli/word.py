"""`dialogtool export-word` and `dialogtool template`: the notes in and out of Word."""

from __future__ import annotations

from pathlib import Path

import click

from ..ingest.guide import load_guide
from ..outputs.template import write_template
from ..pipeline import export_note
from .options import guide_option, round_options


@click.command("export-word")
@click.argument("note")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The Word file to write (.docx).")
@round_options
def export_word_command(note: str, out_path: Path, round_) -> None:
    """Write a note with its current codes as Word comments, for a colleague to review.

    NOTE is a county id (L07) or a note's file path. Each coded paragraph gets one comment
    per author whose text is its theme ids: "dialogtool" for suggestions nobody has judged,
    the investigator's name for their own codes. Edit, delete or add comments in Word;
    read back, the comments are codes again.

    Example:

    \b
        dialogtool export-word L07 --out granskning/L07-koder.docx --notes notes/2025
    """
    written = export_note(round_, note, out_path)
    click.echo(f"Written {written}")


@click.command("template")
@click.option("--county", required=True, help="The county id the note is for (e.g. L07).")
@guide_option
@click.option("--title", "round_title", default=None,
              help="The round's title for the first line (default: the guide's title).")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The Word file to write (.docx).")
def template_command(county: str, guide_path: Path, round_title: str | None, out_path: Path) -> None:
    """Write an empty meeting note that follows the interview guide.

    It has the header fields (Län, Datum, Deltagare, Granskning), the question areas as
    headings and the guide's questions as grey hints. Write the notes under each heading;
    the hints can stay: they are never read as notes.

    Example:

    \b
        dialogtool template --county L07 --guide interview_guides/2025.yaml --out L07.docx
    """
    written = write_template(load_guide(guide_path), county, out_path, round_title=round_title)
    click.echo(f"Written {written}")
