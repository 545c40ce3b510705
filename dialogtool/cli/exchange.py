"""`dialogtool export qdpx|qdc` and `dialogtool import qdpx|qdc`: REFI-QDA exchange with other QDA tools."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .options import round_options

FILE = click.Path(path_type=Path, dir_okay=False)


@click.group("export")
def export_group() -> None:
    """Exportera omgången till ett annat QDA-verktyg (NVivo, ATLAS.ti, MAXQDA, QualCoder) som REFI-QDA.

    Exempel:

    \b
        dialogtool export qdpx --out lansdialoger-2025.qdpx
        dialogtool export qdc --out teman.qdc
    """


@export_group.command("qdpx")
@click.option("--out", "out_path", type=FILE, required=True, help="Projektfilen som ska skrivas (.qdpx).")
@click.option("--coder", default=lambda: os.environ.get("USER", ""), show_default="$USER",
              help="Vem som ska koda i det andra verktyget: projektets första användare, vars koder kommer tillbaka "
                   "som hens.")
@round_options
def export_qdpx_command(out_path: Path, coder: str, round_) -> None:
    """Skriv anteckningarna, temana, de aktuella koderna och länens typologi som ett REFI-QDA-projekt.

    Varje anteckning blir en textkälla med länets namn; varje kod en kodad markering över sitt
    stycke. Förslag som ingen har bedömt har användaren "dialogtool", utredarnas koder
    deras namn. Länen blir fall med typologins dimensioner som variabler. En andra export
    har samma GUID, så att det andra verktyget känner igen dem.

    Exempel:

    \b
        dialogtool export qdpx --out lansdialoger-2025.qdpx --notes notes/2025
    """
    from ..outputs.exchange import export_qdpx
    from ..pipeline import build

    result = export_qdpx(build(round_), out_path, investigator=coder)
    for skipped in result.skipped:
        click.echo(f"Inte exporterad (temat finns inte i themes.yaml): {skipped}", err=True)
    click.echo(f"Skrev {result.path}: {result.sources} anteckningar, {result.codes} teman, {result.selections} kodade "
               "markeringar.")


@export_group.command("qdc")
@click.option("--out", "out_path", type=FILE, required=True, help="Kodboksfilen som ska skrivas (.qdc).")
@click.option("--themes", "themes_path", type=FILE, default="themes.yaml", show_default=True,
              help="Kodboken vars teman exporteras.")
def export_qdc_command(out_path: Path, themes_path: Path) -> None:
    """Skriv bara tematrädet som en REFI-QDA-kodbok (.qdc).

    Exempel:

    \b
        dialogtool export qdc --out teman.qdc --themes themes.yaml
    """
    from ..cues.codebook import load_codebook
    from ..outputs.exchange import export_qdc

    path = export_qdc(load_codebook(themes_path), out_path)
    click.echo(f"Skrev {path}.")


@click.group("import")
def import_group() -> None:
    """Importera kodningar eller en kodbok från ett annat QDA-verktyg (REFI-QDA .qdpx eller .qdc).

    Exempel:

    \b
        dialogtool import qdpx fran-nvivo.qdpx
        dialogtool import qdc kodbok.qdc --fragment-out themes-import.yaml
    """


@import_group.command("qdpx")
@click.argument("project_file", type=FILE)
@round_options
@click.option("--codebook-only", is_flag=True, help="Läs bara kodboken, till ett utdrag för themes.yaml.")
@click.option("--fragment-out", type=FILE, default=None,
              help="Skriv koderna som inte är teman som ett utdrag för themes.yaml att föra in för hand "
                   "(med --codebook-only är standard: FIL-themes.yaml bredvid projektet).")
def import_qdpx_command(project_file: Path, round_, codebook_only: bool, fragment_out: Path | None) -> None:
    """Spara kodningarna i ett REFI-QDA-projekt, gjorda på omgångens anteckningar, som utredarnas beslut.

    Varje kodat avsnitt matchas mot ett stycke genom sin text (positionerna kan skilja mellan
    verktyg: UTF-16-enheter och radbrytningar som \\r\\n känns igen och anges), varje kod mot ett tema
    genom sitt id eller sin etikett; kodaren är det andra verktygets användare.

    Koder som inte är teman och avsnitt som inte matchar något stycke listas men importeras inte.
    Inget sparas när filen är felaktig; en ny import av samma fil sparar ingenting två gånger.
    themes.yaml ändras aldrig.

    Exempel:

    \b
        dialogtool import qdpx fran-nvivo.qdpx --notes notes/2025
        dialogtool import qdpx atlas.qdpx --codebook-only --fragment-out themes-atlas.yaml
    """
    from ..coding.store import Project
    from ..outputs.exchange import import_qdpx
    from ..pipeline import build

    if codebook_only:
        result = import_qdpx(project_file, None, None, codebook_only=True, fragment_out=fragment_out)
    else:
        result = import_qdpx(project_file, Project.for_notes(round_.notes_dir), build(round_), fragment_out=fragment_out)
        for name, count in result.unmatched_codes:
            click.echo(f"Inte importerad: koden '{name}' ({count} kodning(ar)) är inget tema; byt namn på den till "
                       "ett temas id "
                       "eller lägg till den i themes.yaml (se --fragment-out).", err=True)
        for selection in result.unmatched_selections:
            click.echo(f"Inte importerad: {selection}", err=True)
        for reading in result.readings:
            click.echo(f"Läst: {reading}, som det andra verktyget räknar dem.")
        coders = ", ".join(sorted({d.coder for d in result.written}))
        if not result.selections:
            click.echo(f"{project_file.name} har inga kodade textmarkeringar; inget att spara.")
        click.echo(f"Sparade {len(result.written)} beslut" + (f" av {coders}" if coders else "")
                   + f"; {result.unchanged} fanns redan; "
                   f"{result.auto_skipped} förslag från dialogtool lämnade åt förslagen.")
        if result.new_codes and not fragment_out:
            click.echo(f"Dess kodbok har {len(result.new_codes)} kod(er) som inte är teman "
                       f"({shown(result.new_codes)}); "
                       "ange --fragment-out FIL för att få dem som ett utdrag för themes.yaml att föra in för hand.")
    if result.fragment and result.fragment.path:
        click.echo(f"Skrev {result.fragment.path}: {len(result.fragment.themes)} tema/teman att föra in i themes.yaml "
                   f"för hand; {len(result.fragment.known)} kod(er) är redan teman.")


def shown(names: list[str], limit: int = 3) -> str:
    """The first few names, and how many more."""
    listed = ", ".join(f"'{name}'" for name in names[:limit])
    return listed + (f" och {len(names) - limit} till" if len(names) > limit else "")


@import_group.command("qdc")
@click.argument("codebook_file", type=FILE)
@click.option("--fragment-out", type=FILE, required=True, help="Utdraget för themes.yaml som ska skrivas.")
def import_qdc_command(codebook_file: Path, fragment_out: Path) -> None:
    """Gör om en REFI-QDA-kodbok (.qdc) från ett annat verktyg till ett utdrag för themes.yaml att föra in för hand.

    Id bildas av kodernas namn (å/ä/ö → a/a/o), underkoder som förälder.barn;
    themes.yaml ändras aldrig.

    Exempel:

    \b
        dialogtool import qdc kodbok.qdc --fragment-out themes-import.yaml
    """
    from ..outputs.exchange import import_qdc

    result = import_qdc(codebook_file, fragment_out)
    click.echo(f"Skrev {result.path}: {len(result.themes)} tema/teman att föra in i themes.yaml för hand.")
