"""`analyze`: the stages in order, from a round's notes to the output files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .corpus import Corpus, Progress, load_corpus
from .guide import DEFAULT_GUIDE, load_guide
from .tables import notes_frame, segments_frame

DEFAULT_NOTES = Path("notes/2025")
DEFAULT_OUT = Path("outputs")


@dataclass
class Analysis:
    """What one run produced: the corpus, and the files written (name → path)."""

    corpus: Corpus
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return sum(n.participants or 0 for n in self.corpus.notes)


def analyze(
    notes_dir: Path = DEFAULT_NOTES,
    out_dir: Path = DEFAULT_OUT,
    guide_path: Path = DEFAULT_GUIDE,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> Analysis:
    """Run every stage on the notes in `notes_dir` and write the outputs to `out_dir`."""
    guide = load_guide(guide_path)
    corpus = load_corpus(notes_dir, guide, keep_going=keep_going, progress=progress)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    analysis = Analysis(corpus=corpus, out_dir=out_dir)
    write_csv(analysis, "segments.csv", segments_frame(corpus.segments))
    write_csv(analysis, "notes.csv", notes_frame(corpus))
    return analysis


def write_csv(analysis: Analysis, name: str, frame: pd.DataFrame) -> None:
    path = analysis.out_dir / name
    frame.to_csv(path, index=False, encoding="utf-8")
    analysis.files[name] = path
