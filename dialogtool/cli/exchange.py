"""`dialogtool export qdpx|qdc` and `dialogtool import qdpx|qdc`: REFI-QDA exchange with other QDA tools."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..outputs.exchange import export_qdc, export_qdpx, import_qdc, import_qdpx
from ..cues.codebook import DEFAULT_THEMES, load_codebook
from ..pipeline import build
from ..coding.store import Project
from .options import round_options

FILE = click.Path(path_type=Path, dir_okay=False)


@click.group("export")
def export_group() -> None:
    """Export the round for another QDA tool (NVivo, ATLAS.ti, MAXQDA, QualCoder) as REFI-QDA.

    Example:

    \b
        dialogtool export qdpx --out lansdialoger-2025.qdpx
        dialogtool export qdc --out teman.qdc
    """


@export_group.command("qdpx")
@click.option("--out", "out_path", type=FILE, required=True, help="The project file to write (.qdpx).")
@click.option("--coder", default=lambda: os.environ.get("USER", ""), show_default="$USER",
              help="Who will code in the other tool: the project's first user, whose codes come back as theirs.")
@round_options
def export_qdpx_command(out_path: Path, coder: str, round_) -> None:
    """Write the notes, themes, current codes and county typology as a REFI-QDA project.

    Each note is a text source named by its county; each code a coded selection over its
    paragraph. Suggestions nobody has judged are by the user "dialogtool", the
    investigators' codes by their names. Counties are cases with the typology dimensions
    as variables. A second export has the same GUIDs, so the other tool recognises them.

    Example:

    \b
        dialogtool export qdpx --out lansdialoger-2025.qdpx --notes notes/2025
    """
    result = export_qdpx(build(round_), out_path, investigator=coder)
    for skipped in result.skipped:
        click.echo(f"Not exported (theme not in themes.yaml): {skipped}", err=True)
    click.echo(f"Wrote {result.path}: {result.sources} notes, {result.codes} themes, {result.selections} coded selections.")


@export_group.command("qdc")
@click.option("--out", "out_path", type=FILE, required=True, help="The codebook file to write (.qdc).")
@click.option("--themes", "themes_path", type=FILE, default=str(DEFAULT_THEMES), show_default=True,
              help="The codebook whose themes are exported.")
def export_qdc_command(out_path: Path, themes_path: Path) -> None:
    """Write the theme tree alone as a REFI-QDA codebook (.qdc).

    Example:

    \b
        dialogtool export qdc --out teman.qdc --themes themes.yaml
    """
    path = export_qdc(load_codebook(themes_path), out_path)
    click.echo(f"Wrote {path}.")


@click.group("import")
def import_group() -> None:
    """Import codings or a codebook made in another QDA tool (REFI-QDA .qdpx or .qdc).

    Example:

    \b
        dialogtool import qdpx fran-nvivo.qdpx
        dialogtool import qdc kodbok.qdc --fragment-out themes-import.yaml
    """


@import_group.command("qdpx")
@click.argument("project_file", type=FILE)
@round_options
@click.option("--codebook-only", is_flag=True, help="Read only the codebook, into a themes.yaml fragment.")
@click.option("--fragment-out", type=FILE, default=None,
              help="Write the codes that are no theme as a themes.yaml fragment to merge by hand "
                   "(with --codebook-only default: FILE-themes.yaml beside the project).")
def import_qdpx_command(project_file: Path, round_, codebook_only: bool, fragment_out: Path | None) -> None:
    """Record the codings of a REFI-QDA project, made on the round's notes, as human decisions.

    Each coded passage is matched to a paragraph by its text (positions may differ between
    tools: UTF-16 units or \\r\\n line breaks are recognised and named), each code to a theme
    by its id or label; the coder is the other tool's user.
    Codes that are no theme and passages that match no paragraph are listed, not imported.
    Nothing is recorded when the file is malformed; importing it again records nothing twice.
    themes.yaml is never changed.

    Example:

    \b
        dialogtool import qdpx fran-nvivo.qdpx --notes notes/2025
        dialogtool import qdpx atlas.qdpx --codebook-only --fragment-out themes-atlas.yaml
    """
    if codebook_only:
        result = import_qdpx(project_file, None, None, codebook_only=True, fragment_out=fragment_out)
    else:
        result = import_qdpx(project_file, Project.for_notes(round_.notes_dir), build(round_), fragment_out=fragment_out)
        for name, count in result.unmatched_codes:
            click.echo(f"Not imported: code '{name}' ({count} coding(s)) is no theme; rename it to a theme id "
                       "or add it to themes.yaml (see --fragment-out).", err=True)
        for selection in result.unmatched_selections:
            click.echo(f"Not imported: {selection}", err=True)
        for reading in result.readings:
            click.echo(f"Read: {reading}, as the other tool counts them.")
        coders = ", ".join(sorted({d.coder for d in result.written}))
        if not result.selections:
            click.echo(f"{project_file.name} has no coded text selections; nothing to record.")
        click.echo(f"Recorded {len(result.written)} decision(s)" + (f" by {coders}" if coders else "")
                   + f"; {result.unchanged} already recorded; "
                   f"{result.auto_skipped} dialogtool suggestion(s) left to the tagger.")
        if result.new_codes and not fragment_out:
            click.echo(f"Its codebook has {len(result.new_codes)} code(s) that are no theme ({shown(result.new_codes)}); "
                       "pass --fragment-out FILE to get them as a themes.yaml fragment to merge by hand.")
    if result.fragment and result.fragment.path:
        click.echo(f"Wrote {result.fragment.path}: {len(result.fragment.themes)} theme(s) to merge into themes.yaml "
                   f"by hand; {len(result.fragment.known)} code(s) are themes already.")


def shown(names: list[str], limit: int = 3) -> str:
    """The first few names, and how many more."""
    listed = ", ".join(f"'{name}'" for name in names[:limit])
    return listed + (f" and {len(names) - limit} more" if len(names) > limit else "")


@import_group.command("qdc")
@click.argument("codebook_file", type=FILE)
@click.option("--fragment-out", type=FILE, required=True, help="The themes.yaml fragment to write.")
def import_qdc_command(codebook_file: Path, fragment_out: Path) -> None:
    """Turn a REFI-QDA codebook (.qdc) from another tool into a themes.yaml fragment to merge by hand.

    Ids are made from the codes' names (å/ä/ö → a/a/o), sub-codes as parent.child;
    themes.yaml itself is never changed.

    Example:

    \b
        dialogtool import qdc kodbok.qdc --fragment-out themes-import.yaml
    """
    result = import_qdc(codebook_file, fragment_out)
    click.echo(f"Wrote {result.path}: {len(result.themes)} theme(s) to merge into themes.yaml by hand.")
