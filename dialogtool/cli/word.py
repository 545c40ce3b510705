"""`dialogtool export-word` and `dialogtool template`: the notes in and out of Word."""

from __future__ import annotations

from pathlib import Path

import click

from .options import guide_option, round_options


@click.command("export-word")
@click.argument("note")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Word-filen som ska skrivas (.docx).")
@round_options
def export_word_command(note: str, out_path: Path, round_) -> None:
    """Skriv en anteckning med dess aktuella koder som Wordkommentarer, för en kollega att granska.

    NOTE är ett läns id (L07) eller sökvägen till en anteckning. Varje kodat stycke får en kommentar
    per författare vars text är temanas id: "dialogtool" för förslag som ingen har bedömt,
    utredarens namn för utredarens egna koder. Ändra, radera eller lägg till kommentarer i Word;
    när filen läses igen är kommentarerna koder igen.

    Exempel:

    \b
        dialogtool export-word L07 --out granskning/L07-koder.docx --notes notes/2025
    """
    from ..pipeline import export_note

    written = export_note(round_, note, out_path)
    click.echo(f"Skrev {written}")


@click.command("template")
@click.option("--county", required=True, help="Id för länet som anteckningen gäller (t.ex. L07).")
@guide_option
@click.option("--title", "round_title", default=None,
              help="Omgångens titel på första raden (standard: intervjuguidens titel).")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Word-filen som ska skrivas (.docx).")
def template_command(county: str, guide_path: Path, round_title: str | None, out_path: Path) -> None:
    """Skriv en tom minnesanteckning som följer intervjuguiden.

    Den har fälten i huvudet (Län, Datum, Deltagare, Granskning), frågeområdena som
    rubriker och intervjuguidens frågor som grå ledtexter. Skriv anteckningarna under varje rubrik;
    ledtexterna kan stå kvar: de läses aldrig som anteckningar.

    Exempel:

    \b
        dialogtool template --county L07 --guide interview_guides/2025.yaml --out L07.docx
    """
    from ..ingest.guide import load_guide
    from ..outputs.template import write_template

    written = write_template(load_guide(guide_path), county, out_path, round_title=round_title)
    click.echo(f"Skrev {written}")
