"""The stages in order: `build` gives the analysis of a round, `analyze` also writes it out.

    notes ─► read ─► segment ─► tag ─► (re-anchor decisions) ─► effective codes ─► classify ─► overrides
                                  Word comments ─┘
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .anonymise import findings_frame, load_allowlist
from .charts import write_typology_outputs
from .classify import classify_counties
from .codebook import DEFAULT_THEMES, Codebook, load_codebook
from .coding import effective_codes
from .corpus import Corpus, Progress, load_corpus
from .guide import DEFAULT_GUIDE, load_guide
from .model import Code, CountyProfile, Decision
from .network import write_network_outputs
from .overrides import apply_overrides
from .reanchor import ReanchorReport, reanchor_decisions
from .report import write_report_outputs
from .store import Project
from .tables import codings_frame, notes_frame, segments_frame
from .tag import tag_segments
from .wordcodes import word_codes

DEFAULT_NOTES = Path("notes/2025")
DEFAULT_OUT = Path("outputs")


@dataclass
class Analysis:
    """Everything one run knows about a round; `files` names what `analyze` wrote."""

    corpus: Corpus
    notes_dir: Path
    codebook: Codebook
    auto_codes: list[Code] = field(default_factory=list)
    word_codes: list[Code] = field(default_factory=list)
    word_problems: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    reanchored: ReanchorReport | None = None
    codes: list[Code] = field(default_factory=list)
    profiles: list[CountyProfile] = field(default_factory=list)
    findings: pd.DataFrame | None = None
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
    """Read, segment, tag and classify a round.

    The only write is to the project database: decisions whose paragraph changed are
    re-anchored (or marked orphaned) so they follow the current notes.
    """
    codebook = load_codebook(themes_path)
    corpus = load_corpus(notes_dir, load_guide(guide_path), keep_going=keep_going, progress=progress)
    done = stage_reporter(progress)
    analysis = Analysis(corpus=corpus, notes_dir=Path(notes_dir), codebook=codebook)
    analysis.auto_codes = tag_segments(corpus.segments, codebook)
    done("tag")
    by_county: dict[str, list] = {}
    for segment in corpus.segments:
        by_county.setdefault(segment.county, []).append(segment)
    for note in corpus.notes:
        coding = word_codes(note, by_county.get(note.county, []), codebook)
        analysis.word_codes.extend(c for c in coding.codes if c.source == "human")
        analysis.word_problems.extend(coding.problems)
    project = Project.for_notes(notes_dir)
    analysis.reanchored = reanchor_decisions(project, corpus.segments)
    analysis.decisions = project.decisions()
    analysis.codes = effective_codes(analysis.auto_codes, analysis.decisions, analysis.word_codes)
    done("code")
    classified = classify_counties(corpus.segments, analysis.codes, codebook)
    analysis.profiles = apply_overrides(classified, analysis.decisions, codebook)
    done("classify")
    analysis.findings = findings_frame(corpus.segments, load_allowlist(notes_dir))
    done("anonymise")
    return analysis


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
    out_dir = analysis.out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(analysis, "segments.csv", segments_frame(analysis.corpus.segments))
    write_csv(analysis, "notes.csv", notes_frame(analysis.corpus))
    write_csv(analysis, "codings.csv", codings_frame(analysis.codes))
    write_csv(analysis, "anonymization.csv", analysis.findings)
    analysis.files.update(write_typology_outputs(analysis, out_dir))
    analysis.files.update(write_network_outputs(analysis, out_dir))
    analysis.files.update(write_report_outputs(analysis, out_dir))
    return analysis


def stage_reporter(progress: Progress | None):
    """A function that reports a finished stage (as 1 of 1) to the progress callback, if any."""
    return (lambda name: progress(name, 1, 1)) if progress else (lambda name: None)


def write_csv(analysis: Analysis, name: str, frame: pd.DataFrame) -> None:
    path = analysis.out_dir / name
    frame.to_csv(path, index=False, encoding="utf-8")
    analysis.files[name] = path
