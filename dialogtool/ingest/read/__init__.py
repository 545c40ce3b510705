"""Reading notes: one module per format, all giving a `Note` with its header applied."""

from __future__ import annotations

from pathlib import Path

from ...errors import NoteError
from ...model import Note
from .docx_reader import read_docx
from .header import apply_header
from .text_reader import read_text

READERS = {".docx": read_docx, ".md": read_text, ".txt": read_text}
NOTE_SUFFIXES = tuple(READERS)
#: Files of a round's directory that are not notes: the anonymiser's allow-list.
NOT_NOTES = ("allowlist.txt",)
#: What other files in a round's directory are, in the words of the warning about them.
OTHER_FORMATS = {
    ".doc": "gammalt Word-format (.doc)", ".docm": "Word-fil med makron (.docm)", ".dotx": "Word-mall (.dotx)",
    ".odt": "OpenDocument-text (.odt)", ".rtf": "RTF-format (.rtf)", ".pdf": "PDF", ".pages": "Pages-format",
    ".htm": "webbsida", ".html": "webbsida", ".xlsx": "Excel-fil", ".csv": "CSV-fil",
}


def read_note(path: Path) -> Note:
    """The note in `path`, header fields filled in; a NoteError when it cannot be read or
    holds no text (an empty or image-only file is no county's note)."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise NoteError(f"{path}: inget format för anteckningar som dialogtool läser; spara den som .docx, .md eller "
                        ".txt.")
    try:
        note = None if path.stat().st_size == 0 else reader(path)
    except OSError as error:
        raise NoteError(f"{path}: kan inte öppnas ({error.strerror}); kontrollera att filen finns och går att läsa.") from None
    if note is None or not any(block.text.strip() for block in note.blocks):
        raise NoteError(
            f"{path}: anteckningen har ingen text (filen är tom eller innehåller bara bilder eller en skanning); "
            "lägg in anteckningens text eller ta bort filen ur omgången."
        )
    return apply_header(note)


def note_paths(directory: Path) -> list[Path]:
    """The note files in a round's directory, in name order; Word's lock files (~$x.docx) skipped."""
    return sorted(p for p in round_files(directory) if p.suffix.lower() in NOTE_SUFFIXES)


def unread_files(directory: Path) -> list[str]:
    """A warning (in Swedish, for the summary) for each file in a round's directory that is
    not read as a note: a note saved as .odt or .pdf must not silently drop out of the count."""
    return [
        f"{p.name} lästes inte ({OTHER_FORMATS.get(p.suffix.lower(), 'inget format dialogtool läser')}); "
        "är det en minnesanteckning, spara den som .docx, .md eller .txt."
        for p in round_files(directory) if p.suffix.lower() not in NOTE_SUFFIXES
    ]


def round_files(directory: Path) -> list[Path]:
    """The files of a round's directory a person put there: not hidden files (the project
    database), Word's lock files (~$x.docx) or the allow-list."""
    return sorted(
        p for p in Path(directory).iterdir()
        if p.is_file() and not p.name.startswith(("~$", ".")) and p.name.lower() not in NOT_NOTES
    )
