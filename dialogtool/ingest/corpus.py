"""A round of notes read and segmented, with one policy for a bad note.

`load_corpus` reads every note of a directory. A note that cannot be read stops the run
with its error, or, with keep_going, is skipped and listed in `Corpus.skipped`. What is
read but may be wrong (a file in another format left unread, a participant count that
cannot be read) is listed in `Corpus.problems`, in Swedish, for the summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import DialogtoolError, NotesDirError
from .guide import Guide
from .read.header import counts_outside_parentheses
from ..model import Corpus, Note, Progress, Segment
from .read import NOTE_SUFFIXES, note_paths, read_note, round_files, unread_files
from .segment import segment_note

#: A note read, with its segments.
Segmented = tuple[Note, list[Segment]]


def load_corpus(notes_dir: Path, guide: Guide, keep_going: bool = False, progress: Progress | None = None,
                read_all: Callable[[list[Path], Guide], Iterable[Segmented | DialogtoolError]] | None = None) -> Corpus:
    """Read and segment every note in `notes_dir`. `read_all` reads and segments the paths,
    giving each one's note with its segments, or its error, in their order (by default one
    after the other, `notes_segmented`; the pipeline reads a large round in two processes)."""
    paths = round_paths(notes_dir)
    corpus = Corpus(problems=unread_files(notes_dir))
    owners: dict[str, Path] = {}
    for done, (path, read) in enumerate(zip(paths, (read_all or notes_segmented)(paths, guide)), 1):
        try:
            if isinstance(read, DialogtoolError):
                raise read
            note, segments = read
            if note.county in owners:
                raise NotesDirError(
                    f"{path}: en andra anteckning för länet {note.county} (den första är {owners[note.county].name}); "
                    "behåll en anteckning per län och omgång, eller rätta raden 'Län:'."
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
        corpus.problems.extend(participant_problems(note))
        corpus.segments.extend(segments)
    if not corpus.notes:
        raise NotesDirError(f"{notes_dir}: ingen anteckning kunde läsas; se felen ovan och rätta filerna.")
    corpus.notes.sort(key=lambda n: n.county)
    order = {n.county: i for i, n in enumerate(corpus.notes)}
    corpus.segments.sort(key=lambda s: (order[s.county], s.position))
    return corpus


def notes_segmented(paths: list[Path], guide: Guide) -> Iterator[Segmented | DialogtoolError]:
    """Each path's note with its segments, or the error that says why it cannot be read, in the paths' order."""
    return (segmented_or_error(path, guide) for path in paths)


def segmented_or_error(path: Path, guide: Guide) -> Segmented | DialogtoolError:
    """The note in `path` with its segments, or the error that says why it cannot be read (for
    the caller's policy). Segmented where it is read: in the pipeline's processes for a large round."""
    try:
        note = read_note(path)
    except DialogtoolError as error:
        return error
    return note, segment_note(note, guide)


def participant_problems(note: Note) -> list[str]:
    """A warning where the note's participant count cannot be read (it is left out of the
    total), or where the line has several numbers and the first, counted, may not be the total."""
    where = f"{note.path.name} ({note.county})"
    line = f"'Deltagare: {note.participants_text}'"
    if note.participants is None:
        found = f"{line} anger inget antal" if note.participants_text else "raden 'Deltagare:' saknas"
        return [f"{where}: {found}, så deltagarna räknas inte in i totalen; "
                "skriv antalet först på raden, t.ex. 'Deltagare: 6 (länssamordnare, …)'."]
    if counts_outside_parentheses(note.participants_text or "") > 1:
        return [f"{where}: {line} har flera tal; det första, {note.participants}, räknas som antalet deltagare. "
                "Skriv totalen först på raden om det inte stämmer, t.ex. 'Deltagare: 8 (fem från regionen, …)'."]
    return []


def round_paths(notes_dir: Path) -> list[Path]:
    notes_dir = Path(notes_dir)
    if not notes_dir.exists():
        raise NotesDirError(f"{notes_dir}: mappen finns inte; ange mappen med omgångens anteckningar.")
    if not notes_dir.is_dir():
        raise NotesDirError(f"{notes_dir}: är ingen mapp; ange mappen med omgångens anteckningar.")
    paths = note_paths(notes_dir)
    if not paths:
        others = [p.name for p in round_files(notes_dir)]
        found = f" (den innehåller bara {', '.join(others)}, i format som dialogtool inte läser)" if others else ""
        raise NotesDirError(
            f"{notes_dir}: inga anteckningar hittades ({', '.join(NOTE_SUFFIXES)}){found}; "
            "lägg omgångens anteckningar i den eller ange en annan mapp."
        )
    return paths
