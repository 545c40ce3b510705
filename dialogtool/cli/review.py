"""`dialogtool review export|import`: the coding reviewed in Excel and read back as decisions."""

from __future__ import annotations

from pathlib import Path

import click

from .options import round_options


@click.group("review")
def review_group() -> None:
    """Granska kodningen i Excel: exportera ett granskningsark, fyll i accept / reject / add, importera det.

    Exempel:

        dialogtool review export --out review.xlsx
        dialogtool review import review.xlsx --coder anna
    """


@review_group.command("export")
@round_options
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), default="review.xlsx",
              show_default=True, help="Arbetsboken som ska skrivas.")
def export_command(round_, out_path: Path) -> None:
    """Skriv en rad per textavsnitt med dess föreslagna teman och nuvarande koder från utredarna.

    Fyll i kolumnerna accept, reject och add med temanas id (bladet 'themes' listar dem;
    'alla' i accept bekräftar alla förslag), och kör sedan `dialogtool review import`.

    Exempel:

        dialogtool review export --notes notes/2025 --out review.xlsx
    """
    from ..coding.review import export_review
    from ..pipeline import build

    analysis = build(round_)
    path = export_review(analysis, out_path)
    click.echo(f"Skrev {path}: {len(analysis.corpus.segments)} textavsnitt att granska.")


@review_group.command("import")
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--coder", required=True, help="Vem som fattade besluten i arket (sparas med vart och ett).")
@click.option("--partial", is_flag=True, help="Importera de giltiga raderna även när några rader är fel (och lista "
                                              "dem).")
@round_options
def import_command(sheet: Path, coder: str, partial: bool, round_) -> None:
    """Spara kolumnerna accept / reject / add i ett ifyllt granskningsark som beslut.

    Ett ark med en felaktig rad importeras inte alls om inte --partial anges; en ny import
    av samma ark sparar ingenting två gånger. En rad vars stycke har reviderats sedan
    exporten sparas på det stycke som har dess text nu (listas som "Flyttat till reviderat stycke").

    Exempel:

        dialogtool review import review.xlsx --coder anna --notes notes/2025
    """
    from ..coding.review import import_review
    from ..cues.codebook import load_codebook
    from ..pipeline import reanchored_project

    project, corpus = reanchored_project(round_)
    result = import_review(sheet, project, corpus.segments, load_codebook(round_.themes_path),
                           coder, partial=partial)
    if result.unread_sheets:
        click.echo(f"Läste bladet '{result.sheet}' i {sheet.name}, det som har beslut; lästes inte (inga beslut): "
                   + ", ".join(f"'{title}'" for title in result.unread_sheets) + ".")
    for error in result.errors:
        click.echo(f"Inte importerad: {error}", err=True)
    for moved in result.reanchored:
        click.echo(f"Flyttat till reviderat stycke: {moved}")
    click.echo(f"Sparade {len(result.written)} beslut av {result.coder} från {result.rows} ifyllda rader; "
               f"{result.unchanged} fanns redan.")
