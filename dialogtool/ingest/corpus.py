"""A round of notes read and segmented, with one policy for a bad note.

`load_corpus` reads every note of a directory. A note that cannot be read stops the run
with its error, or, with keep_going, is skipped and listed in `Corpus.skipped`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import DialogtoolError, NotesDirError
from .guide import Guide
from ..model import UNKNOWN_AREA, Note, Segment
from .read import NOTE_SUFFIXES, note_paths, read_note
from .segment import segment_note

#: progress(stage, done, total), called as work advances; the CLI draws a bar with it.
Progress = Callable[[str, int, int], None]


@dataclass
class Corpus:
    """The notes of one round and their segments, in county order."""

    notes: list[Note] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def unrecognised_headings(self) -> list[tuple[str, str]]:
        """(county, heading) for every heading that named no question area."""
        seen = dict.fromkeys((s.county, s.heading) for s in self.segments if s.area == UNKNOWN_AREA and s.heading)
        return list(seen)

    def note_for(self, county: str) -> Note | None:
        return next((n for n in self.notes if n.county == county), None)

    def segments_of(self, county: str) -> list[Segment]:
        return [s for s in self.segments if s.county == county]


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
