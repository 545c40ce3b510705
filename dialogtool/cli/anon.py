"""`dialogtool anon check|redact`: find what identifies a county, place or person in the notes."""

from __future__ import annotations

from pathlib import Path

import click

from ..anonymise import ALLOWLIST_NAME, findings_frame, load_allowlist, redact_note
from ..ingest.corpus import load_corpus
from ..ingest.guide import load_guide
from .options import round_options


@click.group("anon")
def anon_group() -> None:
    """Find identifying details (counties, regions, municipalities, hospitals, named schools
    and health centres, names, e-mail and web addresses, phone numbers, personal identity
    numbers, street addresses, and a county's number of municipalities where only one county
    has that many: "länets sju kommuner") in the notes, and write redacted copies.

    Terms that identify nobody go in allowlist.txt in the notes directory, one per line.

    Example:

    \b
        dialogtool anon check notes/2025
        dialogtool anon redact notes/2025/L03.docx --out L03-redacted.docx
    """


@anon_group.command("check")
@round_options(argument=True)
def check_command(round_) -> None:
    """List every identifying detail in the notes' segments: county, segment, kind, text.

    Exits with status 0 and "No identifying details found" when the notes are clean, and
    with status 1 and a final "Error: N identifying details found; ..." line otherwise.

    Example:

        dialogtool anon check notes/2025
    """
    notes_dir = round_.notes_dir
    segments = load_corpus(notes_dir, load_guide(round_.guide_path)).segments
    frame = findings_frame(segments, load_allowlist(notes_dir))
    if frame.empty:
        click.echo(f"No identifying details found in {len(segments)} segments.")
        return
    for row in frame.itertuples(index=False):
        click.echo(f"{row.county}\t{row.segment_id}\t{row.kind}\t{row.text}")
    raise click.ClickException(
        f"{len(frame)} identifying details found; remove them from the notes, or add terms that identify "
        f"nobody to {Path(notes_dir) / ALLOWLIST_NAME}."
    )


@anon_group.command("redact")
@click.argument("note", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The redacted copy to write (.docx for a Word note, text for .md/.txt).")
def redact_command(note: Path, out_path: Path) -> None:
    """Write a copy of NOTE with every identifying detail replaced by its kind in brackets
    ("[kommun]", "[person]", "[e-post]", "[antal kommuner]"). The allow-list beside the note
    is respected.

    Example:

        dialogtool anon redact notes/2025/L03.docx --out L03-redacted.docx
    """
    count = redact_note(note, out_path, load_allowlist(note.parent))
    click.echo(f"Wrote {out_path}: {count} identifying details replaced.")
