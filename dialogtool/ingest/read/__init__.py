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


def read_note(path: Path) -> Note:
    """The note in `path`, header fields filled in; a NoteError when it cannot be read."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise NoteError(f"{path}: not a note format dialogtool reads; save it as .docx, .md or .txt.")
    try:
        note = reader(path)
    except OSError as error:
        raise NoteError(f"{path}: cannot be opened ({error.strerror}); check that the file exists and is readable.") from None
    return apply_header(note)


def note_paths(directory: Path) -> list[Path]:
    """The note files in a round's directory, in name order; Word's lock files (~$x.docx) skipped."""
    return sorted(
        p for p in Path(directory).iterdir()
        if p.is_file() and p.suffix.lower() in NOTE_SUFFIXES and not p.name.startswith(("~$", "."))
    )
