"""The stages in order: `build` gives the analysis of a round, `analyze` also writes it out.

    notes ─► read ─► segment ─► tag ─► (re-anchor decisions) ─► effective codes ─► classify ─► overrides
                                  Word comments ─┘
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .anonymise import findings_frame, load_allowlist
from .outputs.charts import write_typology_outputs
from .typology.classify import classify_counties
from .cues.codebook import DEFAULT_THEMES, Codebook, load_codebook
from .coding.effective import effective_codes
from .ingest.corpus import Corpus, Progress, load_corpus
from .ingest.guide import DEFAULT_GUIDE, Guide, load_guide
from .model import Code, CountyProfile, Decision
from .outputs.network import write_network_outputs
from .typology.overrides import apply_overrides
from .coding.reanchor import ReanchorReport, reanchor_decisions
from .errors import DialogtoolError
from .outputs.report import Companions, write_report_outputs
from .coding.store import Project
from .outputs.tables import codings_frame, notes_frame, segments_frame
from .coding.tag import tag_segments
from .outputs.triangulate import triangulate
from .coding.wordcodes import word_codes

DEFAULT_NOTES = Path("notes/2025")
DEFAULT_OUT = Path("outputs")


@dataclass
class Analysis:
    """Everything one run knows about a round; `files` names what `analyze` wrote."""

    corpus: Corpus
    notes_dir: Path
    codebook: Codebook
    guide: Guide | None = None
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
    #: Last year's round and the survey, for the report draft (`analyze` reads them).
    companions: Companions = field(default_factory=Companions)

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
    guide = load_guide(guide_path)
    corpus = load_corpus(notes_dir, guide, keep_going=keep_going, progress=progress)
    done = stage_reporter(progress)
    analysis = Analysis(corpus=corpus, notes_dir=Path(notes_dir), codebook=codebook, guide=guide)
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
    previous_dir: Path | None = None,
    survey_path: Path | None = None,
) -> Analysis:
    """Run every stage on the notes in `notes_dir` and write the outputs to `out_dir`; the
    report draft compares with last year's round in `previous_dir` and the survey's answers
    in `survey_path` where given."""
    analysis = build(notes_dir, guide_path, themes_path, keep_going, progress)
    analysis.companions = read_companions(analysis, previous_dir, survey_path, guide_path, themes_path)
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


def default_companions(notes_dir: Path) -> tuple[Path | None, Path | None]:
    """Where a round's companions are in the bundled layout: last year's notes beside it
    (`notes/2024` for `notes/2025`) and the survey of its year (`survey/2025.csv` beside
    `notes/`); None for what is not there or a directory not named for its year."""
    notes_dir = Path(notes_dir)
    year = notes_dir.resolve().name
    if not (year.isdigit() and len(year) == 4):
        return None, None
    previous = notes_dir.parent / str(int(year) - 1)
    survey = notes_dir.parent.parent / "survey" / f"{year}.csv"
    return (previous if previous.is_dir() and any(previous.iterdir()) else None,
            survey if survey.is_file() else None)


def read_companions(analysis: Analysis, previous_dir: Path | None, survey_path: Path | None,
                    guide_path: Path = DEFAULT_GUIDE, themes_path: Path = DEFAULT_THEMES) -> Companions:
    """Last year's round and the survey set against this one's profiles. Either may be
    missing; one that cannot be read becomes a problem (in Swedish, for the draft and the
    summary) rather than a failed run: the notes' own analysis does not depend on it."""
    previous = survey = None
    problems = []
    if previous_dir is not None:
        try:
            previous = build(previous_dir, guide_path, themes_path)
        except DialogtoolError as error:
            problems.append(f"Förra årets minnesanteckningar ({previous_dir}) kunde inte läsas: {error}")
    if survey_path is not None:
        try:
            survey = triangulate(survey_path, analysis.profiles, analysis.codebook)
        except DialogtoolError as error:
            problems.append(f"Enkätsvaren ({survey_path}) kunde inte läsas: {error}")
    return Companions(previous, survey, tuple(problems))


def round_findings(notes_dir: Path = DEFAULT_NOTES, guide_path: Path = DEFAULT_GUIDE) -> tuple[Corpus, pd.DataFrame]:
    """The round read and segmented, and the identifying details in it: all `anon check` needs,
    without tagging or classifying the round."""
    corpus = load_corpus(notes_dir, load_guide(guide_path))
    return corpus, findings_frame(corpus.segments, load_allowlist(notes_dir))


def stage_reporter(progress: Progress | None):
    """A function that reports a finished stage (as 1 of 1) to the progress callback, if any."""
    return (lambda name: progress(name, 1, 1)) if progress else (lambda name: None)


def write_csv(analysis: Analysis, name: str, frame: pd.DataFrame) -> None:
    path = analysis.out_dir / name
    frame.to_csv(path, index=False, encoding="utf-8")
    analysis.files[name] = path
