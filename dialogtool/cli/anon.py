"""`dialogtool anon check|redact`: find what identifies a county, place or person in the notes."""

from __future__ import annotations

from pathlib import Path

import click

from .options import round_options


@click.group("anon")
def anon_group() -> None:
    """Hitta identifierande uppgifter (län, regioner, kommuner, sjukhus, namngivna skolor
    och vårdcentraler, namn, e-post- och webbadresser, telefonnummer, personnummer,
    gatuadresser, och ett läns antal kommuner där bara ett län har så många: "länets sju
    kommuner") i anteckningarna, och skriv maskerade kopior.

    Ord som inte identifierar någon skrivs i allowlist.txt i mappen med anteckningar, ett per rad.

    Exempel:

    \b
        dialogtool anon check notes/2025
        dialogtool anon redact notes/2025/L03.docx --out L03-redacted.docx
    """


@anon_group.command("check")
@round_options(argument=True)
def check_command(round_) -> None:
    """Lista varje identifierande uppgift i anteckningarnas textavsnitt: län, textavsnitt, slag, text.

    Avslutar med status 0 och "Inga identifierande uppgifter" när anteckningarna är rena, och
    med status 1 och en sista rad "Error: N identifierande uppgifter hittades; ..." annars.

    Exempel:

        dialogtool anon check notes/2025
    """
    from ..anonymise import ALLOWLIST_NAME, findings_frame, load_allowlist
    from ..ingest.corpus import load_corpus
    from ..ingest.guide import load_guide

    notes_dir = round_.notes_dir
    segments = load_corpus(notes_dir, load_guide(round_.guide_path)).segments
    frame = findings_frame(segments, load_allowlist(notes_dir))
    if frame.empty:
        click.echo(f"Inga identifierande uppgifter i {len(segments)} textavsnitt.")
        return
    for row in frame.itertuples(index=False):
        click.echo(f"{row.county}\t{row.segment_id}\t{row.kind}\t{row.text}")
    raise click.ClickException(
        f"{len(frame)} identifierande uppgifter hittades; ta bort dem ur anteckningarna, eller lägg till ord som inte "
        f"identifierar någon i {Path(notes_dir) / ALLOWLIST_NAME}."
    )


@anon_group.command("redact")
@click.argument("note", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Den maskerade kopian som ska skrivas (.docx för en Word-anteckning, text för .md/.txt).")
def redact_command(note: Path, out_path: Path) -> None:
    """Skriv en kopia av NOTE där varje identifierande uppgift är ersatt med sitt slag inom hakparentes
    ("[kommun]", "[person]", "[e-post]", "[antal kommuner]"). Listan över tillåtna ord bredvid
    anteckningen gäller.

    Exempel:

        dialogtool anon redact notes/2025/L03.docx --out L03-redacted.docx
    """
    from ..anonymise import load_allowlist, redact_note

    count = redact_note(note, out_path, load_allowlist(note.parent))
    click.echo(f"Skrev {out_path}: {count} identifierande uppgifter ersatta.")
