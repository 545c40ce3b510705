"""The stages in order: `build` keeps the analysis in memory, `analyze` also writes it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .corpus import Corpus, Progress, load_corpus
from .guide import DEFAULT_GUIDE, load_guide
from .model import Code, CountyProfile, Decision
from .tables import notes_frame, segments_frame

DEFAULT_NOTES = Path("notes/2025")
DEFAULT_OUT = Path("outputs")
DEFAULT_THEMES = Path("themes.yaml")


@dataclass
class Analysis:
    """Everything one run knows about a round; `files` names what `analyze` wrote."""

    corpus: Corpus
    notes_dir: Path
    codebook: object = None
    auto_codes: list[Code] = field(default_factory=list)
    word_codes: list[Code] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    profiles: list[CountyProfile] = field(default_factory=list)
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return sum(n.participants or 0 for n in self.corpus.notes)


def build(
    notes_dir: Path = DEFAULT_NOTES,
    guide_path: Path = DEFAULT_GUIDE,
    themes_path: Path = DEFAULT_THEMES,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> Analysis:
    """Read, segment, tag and classify a round, in memory."""
    guide = load_guide(guide_path)
    corpus = load_corpus(notes_dir, guide, keep_going=keep_going, progress=progress)
    return Analysis(corpus=corpus, notes_dir=Path(notes_dir))


def analyze(
    notes_dir: Path = DEFAULT_NOTES,
    out_dir: Path = DEFAULT_OUT,
    guide_path: Path = DEFAULT_GUIDE,
    themes_path: Path = DEFAULT_THEMES,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> Analysis:
    """Run every stage on the notes in `notes_dir` and write the outputs to `out_dir`."""
    analysis = build(notes_dir, guide_path, themes_path, keep_going, progress)
    analysis.out_dir = Path(out_dir)
    analysis.out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(analysis, "segments.csv", segments_frame(analysis.corpus.segments))
    write_csv(analysis, "notes.csv", notes_frame(analysis.corpus))
    return analysis


def write_csv(analysis: Analysis, name: str, frame: pd.DataFrame) -> None:
    path = analysis.out_dir / name
    frame.to_csv(path, index=False, encoding="utf-8")
    analysis.files[name] = path
