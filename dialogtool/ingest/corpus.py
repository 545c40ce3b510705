"""A round of notes read and segmented, with one policy for a bad note.

`load_corpus` reads every note of a directory. A note that cannot be read stops the run
with its error, or, with keep_going, is skipped and listed in `Corpus.skipped`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DialogtoolError, NotesDirError
from .guide import Guide
from ..model import Corpus, Progress
from .read import NOTE_SUFFIXES, note_paths, read_note
from .segment import segment_note

def load_corpus(notes_dir: Path, guide: Guide, keep_going: bool = False, progress: Progress | None = None) -> Corpus:
    """Read and segment every note in `notes_dir`."""
    paths = round_paths(notes_dir)
    corpus = Corpus()
    owners: dict[str, Path] = {}
    for done, path in enumerate(paths, 1):
        try:
            note = read_note(path)
            if note.county in owners:
                raise NotesDirError(
                    f"{path}: a second note for county {note.county} (the first is {owners[note.county].name}); "
                    "keep one note per county and round, or correct the 'Län:' line."
                )
        except DialogtoolError as error:
            if not keep_going:
                raise
            corpus.skipped.append(str(error))
            continue
        finally:
            if progress:
                progress("read", done, len(paths))
        owners[note.county] = path
        corpus.notes.append(note)
        corpus.segments.extend(segment_note(note, guide))
    if not corpus.notes:
        raise NotesDirError(f"{notes_dir}: no note could be read; see the errors above and correct the files.")
    corpus.notes.sort(key=lambda n: n.county)
    order = {n.county: i for i, n in enumerate(corpus.notes)}
    corpus.segments.sort(key=lambda s: (order[s.county], s.position))
    return corpus


def round_paths(notes_dir: Path) -> list[Path]:
    notes_dir = Path(notes_dir)
    if not notes_dir.exists():
        raise NotesDirError(f"{notes_dir}: no such directory; pass the directory that holds the round's notes.")
    if not notes_dir.is_dir():
        raise NotesDirError(f"{notes_dir}: not a directory; pass the directory that holds the round's notes.")
    paths = note_paths(notes_dir)
    if not paths:
        raise NotesDirError(
            f"{notes_dir}: no notes found ({', '.join(NOTE_SUFFIXES)}); put the round's notes in it or pass another directory."
        )
    return paths
