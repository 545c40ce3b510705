"""The only module that composes stages: a round is opened, built, written out, compared.

    notes ─► read ─► segment ─► (re-anchor decisions) ─► suggest (rules + learned) ─► effective codes ─► classify
                                  Word comments ─┘                                                      anonymise ─┘

`build` gives the analysis of a round in memory, `analyze` also writes it out. The other
entry points (export a note to Word, compare two rounds, triangulate with the survey, fill a
draft, record an override or a quote) build only what they need; no stage calls back up here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pandas as pd

from .anonymise import find_identifiers, finding_rows, findings_table, load_allowlist
from .coding.agreement import AgreementReport, coder_agreement, copies_agreement
from .coding.effective import effective_codes, record_code_decision
from .coding.evaluate import Evaluation, read_gold, scored
from .coding.review import export_review
from .coding.reanchor import confirm_anchor, reanchor_decisions, reattach
from .coding.store import Project, person_of
from .coding.passages import segment_readings
from .coding.learned import cached_suggester, decided_counties, learned_codes, round_suggester, suggest
from .coding.tag import tag_segments
from .coding.wordcodes import (check_output, check_outside_round, export_word, note_from_path, round_note,
                               word_codes)
from .cues.codebook import DEFAULT_THEMES, checked_dimension, load_codebook
from .errors import DialogtoolError, ProjectError, QuoteError
from .files import staged, write_frame
from .ingest.corpus import load_corpus, notes_segmented, segmented_or_error
from .ingest.guide import DEFAULT_GUIDE, load_guide
from .ingest.read import read_note
from .ingest.segment import introductions, segment_note
from .model import Analysis, Code, Companions, Corpus, Decision, Progress, Round, Segment
from .outputs.charts import write_matrix_outputs, write_report_figures, write_typology_outputs
from .outputs.compare import Comparison, compare_rounds, write_comparison
from .outputs.edits import remember_written, set_aside_edited
from .outputs.exchange.qdpx import export_qdpx
from .outputs.fill import fill_draft
from .outputs.network import write_network_outputs
from .outputs.quotes import descendants, proposed_trims, record_choice, withdraw_choice
from .outputs.report.draft import write_analysis_workbook, write_report_outputs
from .outputs.report.spec import check_codebook
from .outputs.tables import codings_frame, crosstab_by_ids, notes_frame, segments_frame
from .outputs.triangulate import Triangulation, triangulate, write_triangulation
from .typology.classify import classify_counties
from .typology.learned import round_county_model
from .typology.confidence import with_confidence
from .typology.overrides import override_cells, record_override, remove_override

DEFAULT_NOTES = Path("notes/2025")
T = TypeVar("T")
DEFAULT_OUT = Path("outputs")


def open_round(notes_dir: Path = DEFAULT_NOTES, guide_path: Path = DEFAULT_GUIDE,
               themes_path: Path = DEFAULT_THEMES) -> Round:
    """The round in `notes_dir`, read with the given guide and codebook."""
    return Round(Path(notes_dir), Path(guide_path), Path(themes_path))


#: Allocations between two of Python's young collections while a round is worked on (its
#: default is 700): a run allocates millions of short-lived objects beside a few hundred
#: thousand that live to the end, and at 210 notes the default collected 750 times, which
#: cost 8% of the run's CPU (1.2 of 14.7 s; 0.3 s at this figure).
YOUNG_COLLECTION_AFTER = 20000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often for the block (a run's objects mostly live to its end)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@fewer_collections()
def build(round_: Round, keep_going: bool = False, progress: Progress | None = None) -> Analysis:
    """Read, segment, suggest codes for and classify a round.

    The only write is to the project database: decisions whose paragraph changed are
    re-anchored (or marked orphaned) so they follow the current notes. The suggestions learn
    from the round's own decisions, so they follow what the investigators decided.
    """
    guide = load_guide(round_.guide_path)
    forked: list[bool] = []  # decided once, when the notes are listed, for every stage of the run

    def read_all(paths: list[Path], guide):
        forked.append(parallel(len(paths), lambda: load_codebook(round_.themes_path)))
        return notes_read_all(paths, guide, round_.themes_path, forked[0])

    corpus = load_corpus(round_.notes_dir, guide, keep_going=keep_going, progress=progress, read_all=read_all)
    codebook = load_codebook(round_.themes_path)  # a large round's was read while its notes were
    done = stage_reporter(progress)
    analysis = Analysis(corpus=corpus, notes_dir=round_.notes_dir, codebook=codebook, guide=guide,
                        forked=bool(forked) and forked[0])
    project = Project.for_notes(round_.notes_dir)
    analysis.word_codes, analysis.word_problems = round_word_codes(corpus, codebook, project.persons())
    analysis.reanchored = reanchor_decisions(project, corpus.segments)
    analysis.decisions = project.decisions()
    analysis.allowlist = tuple(load_allowlist(round_.notes_dir))
    if analysis.forked:
        code_by_county(analysis)
        done("tag, anonymise, learn and classify")
        return analysis
    readings = segment_readings(corpus.segments, codebook.matcher)
    rules = tag_segments(corpus.segments, codebook, readings)
    analysis.findings = findings_table(finding_rows(corpus.segments, analysis.allowlist))
    done("tag and anonymise")
    analysis.auto_codes = suggest(corpus.segments, codebook, analysis.decisions, analysis.word_codes, rules=rules)
    done("learn")
    analysis.codes = effective_codes(analysis.auto_codes, analysis.decisions, analysis.word_codes)
    done("code")
    analysis.profiles = with_confidence(classify_counties(corpus.segments, analysis.codes, codebook,
                                                          override_cells(analysis.decisions, codebook), readings,
                                                          round_county_model(codebook, corpus.segments)))
    done("classify")
    return analysis


# --- A large round's notes in two processes ----------------------------------------------

#: From this many notes a round's notes are read and segmented, then tagged, searched for
#: identifiers, suggested for and classified, in WORKERS processes, and its outputs written in
#: four pieces side by side; a smaller round (a year's 21 notes) in this one, where starting
#: processes costs about what it saves.
PARALLEL_FROM = 40
WORKERS = 2
#: How many pieces a large round's counties are coded in (`county_runs`): a few per process.
RUNS = 4 * WORKERS
#: Seconds `idle_cores` watches the machine before a large round decides whether to fork.
IDLE_SAMPLE = 0.05
#: The unit of /proc/stat's counts (`cpu_ticks`).
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: The work, its inputs and the claims on them (`claim`) the forked processes inherit (nothing else is sent to them).
_SHARED: tuple = ()


def parallel(count: int, meanwhile: Callable[[], object] = lambda: None) -> bool:
    """Whether `count` notes are worth WORKERS processes: only where processes can be forked
    (Linux), so that they inherit the dictionaries and codebook already loaded (elsewhere
    each would load them again, which costs more than it saves), only from a process with one
    thread (a thread's lock held at the fork would never be released in the copy), and only
    while a core is idle: the processes spend about a quarter more CPU than one process does
    (each warms its own caches), which is only won back where they run side by side (at 210
    notes on a 2-core machine with other work running, one process took 19.6 s, two 29.0 s;
    with nothing else running, one 12.3 s, two 8.7 s). `meanwhile`, work this process does
    next either way, runs while the cores are watched."""
    return (count >= PARALLEL_FROM and sys.platform.startswith("linux") and threading.active_count() == 1
            and idle_cores(meanwhile) >= 1)


def idle_cores(meanwhile: Callable[[], object] = lambda: None) -> float:
    """How many of this machine's cores other processes left idle while it looked (at least
    IDLE_SAMPLE seconds of Linux's /proc/stat, while this process ran `meanwhile`: the CPU
    it spent on that counts as idle, since it is the run's own), or, where it cannot look, how
    many the load average of the last minute leaves free. The moment is what counts: a
    minute's average still holds work just ended (after the benchmark's own training a 2-core
    machine looked busy, and 210 notes were analysed in one process)."""
    before, own, watched = ticks_or_none(), own_cpu_seconds(), time.monotonic()
    meanwhile()
    if before is not None:
        time.sleep(max(0.0, IDLE_SAMPLE - (time.monotonic() - watched)))
        after = ticks_or_none()
        if after is not None:
            return idle_share(before, after, (own_cpu_seconds() - own) * TICKS_PER_SECOND) * (os.cpu_count() or 1)
    return (os.cpu_count() or 1) - os.getloadavg()[0]


def ticks_or_none() -> list[int] | None:
    """`cpu_ticks`, or None where the system does not show them."""
    try:
        return cpu_ticks()
    except OSError:
        return None


def own_cpu_seconds() -> float:
    """This process's CPU time so far."""
    times = os.times()
    return times.user + times.system


def cpu_ticks() -> list[int]:
    """The machine's CPU time so far, in ticks, per kind (user, nice, system, idle, iowait, irq,
    softirq, steal: the guest columns are already counted in user and nice)."""
    with open("/proc/stat", encoding="ascii") as stat:
        return [int(ticks) for ticks in stat.readline().split()[1:9]]


def idle_share(before: list[int], after: list[int], own: float = 0.0) -> float:
    """The share of the ticks between two `cpu_ticks` readings spent idle (or waiting for a
    disk), or by this process (`own` ticks)."""
    spent = [b - a for a, b in zip(before, after)]
    return min(1.0, (spent[3] + spent[4] + own) / sum(spent)) if sum(spent) > 0 else 1.0


def in_processes(work: Callable, items: list, meanwhile: Callable[[], object] | None = None) -> Iterator:
    """`work(item)` for each item, in order, computed by WORKERS forked processes that inherit
    `work` and `items`: nothing but an item's index goes to them, only its result comes back.
    With `meanwhile`, one process fewer is started and this one runs `meanwhile()` on the core
    left free, then works from the last item back on those no process has begun (`claim`,
    `claimed_in_turn`): on two cores, loading beside two readers had made the loading, and so
    the stage, last. Where no process can be started, it all runs here."""
    global _SHARED
    claimed = claims(len(items)) if meanwhile else None
    _SHARED = (work, items, claimed)
    try:
        processes = max(WORKERS - 1, 1) if meanwhile else WORKERS
        pool = forked_pool(processes) if claimed or not meanwhile else None
        if pool is None:
            if meanwhile:
                meanwhile()
            yield from map(work, items)
            return
        with ended(pool):
            if meanwhile:
                yield from claimed_in_turn(pool, processes, work, items, claimed, meanwhile)
            else:
                yield from pool.imap(shared_work, range(len(items)))
    finally:
        _SHARED = ()


def claimed_in_turn(pool, processes: int, work: Callable, items: list, claimed,
                    meanwhile: Callable[[], object]) -> Iterator:
    """The results of `work` on `items`, in order: the pool's processes claim the items from the
    first on (`claimed_from_the_start`), each in one task whose results come back together at its
    end, while this process runs `meanwhile()` and then claims them from the last back. One task
    each, results at the end: item by item, a process waited for its next index or for room in
    the pipe until this one, busy in a C library holding the interpreter (hunspell's 0.27 s
    start), let the pool's threads run; a reader of 210 notes sat idle a quarter of a second."""
    runs = [pool.apply_async(claimed_from_the_start) for _ in range(processes)]
    meanwhile()
    done = dict(unclaimed_from_the_end(work, items, claimed))
    for run in runs:
        done.update(run.get())
    return (done[index] for index in range(len(items)))


def claimed_from_the_start() -> list[tuple[int, object]]:
    """(index, result) of the inherited items this forked process claims, from the first on
    (those another process took first are passed over)."""
    work, items, claimed = _SHARED
    return [(index, work(items[index])) for index in range(len(items)) if claim(claimed, index)]


def unclaimed_from_the_end(work: Callable, items: list, claimed) -> Iterator[tuple[int, object]]:
    """(index, result) of the items this process claims, from the last back to the first one
    a forked process claimed before it (they take the items from the first on)."""
    for index in reversed(range(len(items))):
        if not claim(claimed, index):
            return
        yield index, work(items[index])


def claims(count: int):
    """`count` claims shared with the processes forked next, all free, or None where the system
    has no shared memory for their lock."""
    try:
        return multiprocessing.get_context("fork").Array("b", count)
    except OSError:
        return None


def claim(claimed, index: int) -> bool:
    """Take item `index` for this process, unless another took it first."""
    with claimed.get_lock():
        if claimed[index]:
            return False
        claimed[index] = 1
        return True


def shared_work(index: int):
    """The inherited work on the inherited item `index` (runs in a forked process)."""
    work, items, _ = _SHARED
    return work(items[index])


@contextmanager
def alongside(works: list[Callable[[], T]], forked: bool) -> Iterator[list[Callable[[], T]]]:
    """For each of `works`, a function that gives its result (asked for again, the same one):
    each computed in a forked process of its own while the block runs here when `forked`, else
    here when first asked for (its error raised either way)."""
    global _SHARED
    _SHARED = (lambda index: works[index](), range(len(works)), None)  # a work needs nothing but its index
    try:
        pool = forked_pool(len(works)) if forked else None
        if pool is None:
            yield [cache(work) for work in works]
            return
        with ended(pool):
            yield [pool.apply_async(shared_work, (index,)).get for index in range(len(works))]
    finally:
        _SHARED = ()


@contextmanager
def ended(pool) -> Iterator[None]:
    """Run the block with the pool, then let its processes finish what was given them and exit
    (close and join), also where the block stopped early (a note that stops the run): the
    pool's own `with` terminates them instead, which once hung a run for good on a lock a killed
    process had held. Only an interrupt (Ctrl-C) terminates them."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit):
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()


def forked_pool(size: int):
    """A pool of `size` forked processes, or None where the system cannot start one (no
    shared memory for its locks, no processes left): the work is then done in this one."""
    gc.freeze()  # the processes' collections then never touch (and so copy) what they inherit
    try:
        return multiprocessing.get_context("fork").Pool(size)
    except OSError:
        return None
    finally:
        gc.unfreeze()


def notes_read_all(paths: list[Path], guide, themes_path: Path, forked: bool) -> Iterator:
    """Each path's note with its segments, or its error, in order: where `forked` (a large
    round), read and segmented by WORKERS processes, while this one reads the codebook and loads
    the identifier finder's dictionaries and the base model (about 1 s in a fresh process),
    which the processes that then tag, search and suggest for the round inherit (`code_by_county`)."""
    if not forked:
        return notes_segmented(paths, guide)
    return in_processes(lambda path: segmented_or_error(path, guide), paths,
                        lambda: (cached_suggester(load_codebook(themes_path), (), frozenset()), warm_finder()))


def warm_finder() -> None:
    """Load the identifier finder's dictionaries and word lists (its first search loads them;
    a capitalised word no Swedish dictionary knows also loads the English one, 0.15 s that
    each forked process would otherwise pay)."""
    find_identifiers("Förvärmning i Uppsala kommun. Burnout.")


def code_by_county(analysis: Analysis) -> None:
    """Tag, search for identifiers, suggest with the model and classify a large round in runs of
    whole counties in WORKERS processes, as `build` does for the whole round in one: each county's
    suggestions, findings and profile depend only on its own segments, given the model and the
    decisions. The model is trained (or read from the cache) here first, on the rules' codes
    of the counties decided on, so the processes inherit it; the effective codes are then
    put together here (the classification in each process saw the same ones for its county)."""
    segments, codebook, decisions, human = (analysis.corpus.segments, analysis.codebook, analysis.decisions,
                                            analysis.word_codes)
    decided = decided_counties(segments, decisions, human)
    shown = tag_segments([s for s in segments if s.county in decided], codebook)
    suggester = round_suggester(segments, codebook, decisions, human, shown)
    overrides = override_cells(decisions, codebook)
    matcher = codebook.matcher
    county_model = round_county_model(codebook, segments)

    def county_work(own: list[Segment]):
        readings = segment_readings(own, matcher)
        auto = learned_codes(suggester, own, introductions(own), tag_segments(own, codebook, readings))
        profiles = with_confidence(classify_counties(own, effective_codes(auto, decisions, human), codebook,
                                                     overrides, readings, county_model))
        return auto, finding_rows(own, analysis.allowlist), profiles

    warm_finder()  # loaded once (while the notes were read), inherited by both processes
    analysis.auto_codes, findings, analysis.profiles = [], [], []
    # The paragraphs' readings stay in the processes: sent back (12 MB for 316 notes) they cost
    # this process more to unpickle (1.2 s) than the quotes' few paragraphs cost to read again.
    for auto, county_findings, profiles in in_processes(county_work, county_runs(segments, RUNS)):
        analysis.auto_codes += auto
        findings += county_findings
        analysis.profiles += profiles
    analysis.findings = findings_table(findings)
    analysis.codes = effective_codes(analysis.auto_codes, decisions, human)


def county_runs(segments: list[Segment], count: int) -> list[list[Segment]]:
    """The segments in about `count` runs of whole counties of about equal length, in order: a
    process's share of the round in a few pieces, since the model's and the matcher's calls cost
    something per call, and in more than one per process so that a process done early takes
    another."""
    runs: list[list[Segment]] = [[]]
    for own in by_county(segments).values():
        if len(runs[-1]) >= len(segments) / count:
            runs.append([])
        runs[-1] += own
    return runs


def by_county(segments: list[Segment]) -> dict[str, list[Segment]]:
    """The segments of each county, in their order."""
    grouped: dict[str, list[Segment]] = {}
    for segment in segments:
        grouped.setdefault(segment.county, []).append(segment)
    return grouped


def round_word_codes(corpus: Corpus, codebook, persons: dict[str, str],
                     counties: set[str] | None = None) -> tuple[list[Code], list[str]]:
    """The human codes of the notes' Word comments (of `counties` only, when given), each
    credited to the person its author was declared to be (`persons`), and the comments that
    could not be read as codes."""
    codes: list[Code] = []
    problems: list[str] = []
    segments = by_county(corpus.segments)
    for note in corpus.notes:
        if counties is not None and note.county not in counties:
            continue
        coding = word_codes(note, segments.get(note.county, []), codebook)
        codes.extend(replace(c, coder=person_of(c.coder, persons)) for c in coding.codes if c.source == "human")
        problems.extend(coding.problems)
    return codes, problems


@fewer_collections()
def analyze(round_: Round, out_dir: Path = DEFAULT_OUT, keep_going: bool = False,
            progress: Progress | None = None, previous_dir: Path | None = None,
            survey_path: Path | None = None) -> Analysis:
    """Run every stage on the round and write the outputs to `out_dir`; the report draft
    compares with last year's round in `previous_dir` and the survey's answers in
    `survey_path` where given."""
    analysis = build(round_, keep_going, progress)
    check_codebook(analysis.codebook)  # a draft that cannot be written fails the run before any output is
    analysis.companions = read_companions(analysis, round_, previous_dir, survey_path)
    with staged(out_dir) as staging:
        write_outputs(analysis, staging)
        analysis.kept_edits = set_aside_edited(Path(out_dir))  # only once every output is written
    analysis.out_dir = Path(out_dir)
    analysis.files = {name: analysis.out_dir / path.name for name, path in analysis.files.items()}
    remember_written(analysis.out_dir, analysis.files.values())
    return analysis


def write_outputs(analysis: Analysis, out_dir: Path) -> None:
    """Write every output of the analysis into `out_dir` (a run's staging directory: the
    files reach the outputs directory together, only when all of them were written), figures
    first so the report embeds the ones drawn from this very state. A large round's workbook,
    framework matrix with the tables, and networks (about 0.7 s of CPU each at 210 notes) are
    written by three forked processes while this one writes the report's figures and the draft
    (as long again): four processes of about equal length on the two cores, so that none is
    left to finish alone."""
    analysis.out_dir = out_dir
    with alongside([lambda: write_analysis_workbook(analysis, out_dir),
                    lambda: {**write_tables(analysis, out_dir), **write_matrix_outputs(analysis, out_dir)},
                    lambda: write_network_outputs(analysis, out_dir)],
                   analysis.forked) as (workbook, matrix, networks):
        analysis.files.update(write_report_figures(analysis, out_dir))
        analysis.files.update(write_report_outputs(analysis, out_dir, workbook=False,
                                                   drawing=lambda: {**matrix(), **networks()}))
        analysis.files.update(matrix())
        analysis.files.update(networks())
        analysis.files["typology.xlsx"] = workbook()


def write_tables(analysis: Analysis, out_dir: Path) -> dict[str, Path]:
    """Write the round's segments, notes, codes and identifiers found as CSV files into `out_dir`."""
    frames = {"segments.csv": segments_frame(analysis.corpus.segments), "notes.csv": notes_frame(analysis.corpus),
              "codings.csv": codings_frame(analysis.codes), "anonymization.csv": analysis.findings}
    return {name: write_frame(frame, out_dir / name) for name, frame in frames.items()}


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


def read_companions(analysis: Analysis, round_: Round, previous_dir: Path | None,
                    survey_path: Path | None) -> Companions:
    """Last year's round and the survey set against this one's profiles. Either may be
    missing; one that cannot be read becomes a problem (in Swedish, for the draft and the
    summary) rather than a failed run: the notes' own analysis does not depend on it."""
    previous = survey = None
    problems = []
    if previous_dir is not None:
        try:
            previous = build(Round(Path(previous_dir), round_.guide_path, round_.themes_path))
        except DialogtoolError as error:
            problems.append(f"Förra årets minnesanteckningar ({previous_dir}) kunde inte läsas: {error}")
    if survey_path is not None:
        try:
            survey = triangulate(survey_path, analysis.profiles, analysis.codebook)
        except DialogtoolError as error:
            problems.append(f"Enkätsvaren ({survey_path}) kunde inte läsas: {error}")
    return Companions(previous, survey, tuple(problems))


def stage_reporter(progress: Progress | None):
    """A function that reports a finished stage (as 1 of 1) to the progress callback, if any."""
    return (lambda name: progress(name, 1, 1)) if progress else (lambda name: None)


# --- Entry points that build what they need ---------------------------------------------


def export_note(round_: Round, note_ref: str, out_path: Path) -> Path:
    """Write one note of a round (a county id, a note's file name or path) with its current codes."""
    out_path = Path(out_path)
    check_output(out_path, Path(note_ref))
    check_outside_round(out_path, round_.notes_dir)
    analysis = build(round_)
    corpus = analysis.corpus
    note = corpus.note_for(note_ref) or (None if Path(note_ref).exists() else round_note(note_ref, corpus))
    if note is not None:
        segments = corpus.segments_of(note.county)
    else:
        note = note_from_path(note_ref, corpus, round_.notes_dir)
        segments = segment_note(note, analysis.guide)
    return export_word(note, segments, analysis.codes, out_path, analysis.codebook)


def compare_notes(before: Round, after: Round, out_dir: Path | None = None) -> Comparison:
    """Build both rounds, compare them and, when `out_dir` is given, write the three CSV files."""
    comparison = compare_rounds(build(before), build(after))
    if out_dir is not None:
        write_comparison(comparison, out_dir)
    return comparison


def triangulate_notes(round_: Round, survey_csv: Path, out_dir: Path | None = None) -> Triangulation:
    """Build the round, triangulate its plan_status with the survey, and write the outputs."""
    analysis = build(round_)
    result = triangulate(survey_csv, analysis.profiles, analysis.codebook)
    if out_dir is not None:
        write_triangulation(result, out_dir)
    return result


def fill_round(round_: Round, draft_path: Path, out_path: Path) -> Path:
    """Build the round and fill the draft with it. The figures are drawn from the same state
    as the numbers, never taken from an earlier `analyze`: text and picture cannot disagree."""
    analysis = build(round_)
    with tempfile.TemporaryDirectory() as work:
        drawn = {**write_typology_outputs(analysis, Path(work)), **write_network_outputs(analysis, Path(work))}
        return fill_draft(draft_path, out_path, analysis,
                          {path.stem: path for path in drawn.values() if path.suffix == ".png"})


def crosstab(round_: Round, row: str, column: str) -> pd.DataFrame:
    """The round's counties counted by dimension `row` against dimension `column`, with totals;
    the dimensions are checked before the round is read (a mistyped id costs no analysis)."""
    codebook = load_codebook(round_.themes_path)
    checked_dimension(codebook, row)
    checked_dimension(codebook, column)
    analysis = build(round_)
    return crosstab_by_ids(analysis.profiles, row, column, analysis.codebook)


def override_category(round_: Round, county: str, dimension: str, category: str, reason: str,
                      coder: str) -> Decision:
    """Record a hand classification: reads the codebook and the notes' counties, tags nothing."""
    codebook = load_codebook(round_.themes_path)
    corpus = load_corpus(round_.notes_dir, load_guide(round_.guide_path))
    return record_override(Project.for_notes(round_.notes_dir), county, dimension, category, reason, coder,
                           codebook, counties=[n.county for n in corpus.notes])


def choose_quote(round_: Round, segment_id: str, trims=(), coder: str = "", theme: str | None = None) -> Decision:
    """Record that the investigator chose (passages of) a segment as a quote.

    Without `trims`, a choice for a `theme` keeps the passages proposed for that theme (what
    `quotes --theme` printed); a choice for every theme keeps the whole paragraph. Only the
    segment's own note is coded (its suggestions, Word comments and decisions), to know which
    themes the quote can serve; the rest of the round is read, not tagged.
    """
    codebook = load_codebook(round_.themes_path)
    corpus = load_corpus(round_.notes_dir, load_guide(round_.guide_path))
    segment = next((s for s in corpus.segments if s.segment_id == segment_id), None)
    if segment is None:
        raise QuoteError(
            f"{segment_id}: textavsnittet finns inte i {round_.notes_dir}; kopiera id:t från `dialogtool quotes "
            "--theme ID`."
        )
    project = Project.for_notes(round_.notes_dir)
    human, _ = round_word_codes(corpus, codebook, project.persons(), {segment.county})
    decisions = project.decisions()
    codes = effective_codes(suggest([segment], codebook, decisions, human), decisions, human)
    themes = {c.theme for c in codes if c.segment_id == segment_id}
    if not trims and theme is not None:
        trims = proposed_trims(segment, [theme, *descendants(theme, codebook)], codebook)
    return record_choice(project, segment, trims, coder, themes, theme)


def evaluate_notes(round_: Round, gold_csv_path: Path) -> Evaluation:
    """Read the round's notes and suggest codes for them with a model that has not learned from
    these very paragraphs (`unseen`), then `evaluate` the suggestions against the gold file."""
    codebook = load_codebook(round_.themes_path)
    corpus = load_corpus(round_.notes_dir, load_guide(round_.guide_path))
    gold = read_gold(Path(gold_csv_path), corpus.segments)
    return scored(gold, suggest(corpus.segments, codebook, unseen=True), codebook)


def reanchored_project(round_: Round) -> tuple[Project, Corpus]:
    """The round's project database with its decisions re-anchored onto the current notes,
    and the notes read: what a command that records or lists decisions needs, without tagging."""
    corpus = load_corpus(round_.notes_dir, load_guide(round_.guide_path))
    project = Project.for_notes(round_.notes_dir)
    reanchor_decisions(project, corpus.segments)
    return project, corpus


def coders_agreement(round_: Round, coder_a: str, coder_b: str) -> AgreementReport:
    """Agreement between two coders of the round: their decisions and Word comments, the
    decisions re-anchored onto the notes as they are now. Nothing is tagged and no model
    learns: agreement reads only what people decided."""
    codebook = load_codebook(round_.themes_path)
    project, corpus = reanchored_project(round_)
    word_codes, _ = round_word_codes(corpus, codebook, project.persons())
    return coder_agreement(project.decisions(), corpus.segments, codebook, coder_a, coder_b, word_codes=word_codes)


def word_agreement(round_: Round, path_a: Path, path_b: Path) -> AgreementReport:
    """Agreement between two copies of a note coded with Word comments, on the paragraphs both have."""
    codebook = load_codebook(round_.themes_path)
    guide = load_guide(round_.guide_path)
    codings, segment_lists, problems = [], [], []
    for path in (path_a, path_b):
        note = read_note(path)
        segments = segment_note(note, guide)
        coding = word_codes(note, segments, codebook)
        codings.append({(c.segment_id, c.theme) for c in coding.codes if c.source != "auto"})
        segment_lists.append(segments)
        problems.extend(coding.problems)
    report = copies_agreement((Path(path_a).name, Path(path_b).name), segment_lists, codings, codebook)
    report.problems = problems
    return report


# --- A round kept in memory (the app): a decision recomputes only what it touches ----------


def refresh(analysis: Analysis, counties: set[str] | None = None) -> Analysis:
    """The analysis after decisions changed: decisions re-read, effective codes recomputed and
    `counties` (every county when None) classified again with their overrides. Tagging,
    reading and the identifier search are not repeated: no decision changes them."""
    analysis.decisions = Project.for_notes(analysis.notes_dir).decisions()
    analysis.codes = effective_codes(analysis.auto_codes, analysis.decisions, analysis.word_codes)
    if counties is None or counties:
        segments = [s for s in analysis.corpus.segments if counties is None or s.county in counties]
        fresh = with_confidence(classify_counties(segments, analysis.codes, analysis.codebook,
                                                  override_cells(analysis.decisions, analysis.codebook),
                                                  learned=round_county_model(analysis.codebook, analysis.corpus.segments)))
        by_county = {profile.county: profile for profile in fresh}
        analysis.profiles = [by_county.get(profile.county, profile) for profile in analysis.profiles]
    return analysis


def segment_of(analysis: Analysis, segment_id: str) -> Segment:
    """The round's segment with this id; a ProjectError when the page that sent it is older than the notes."""
    segment = next((s for s in analysis.corpus.segments if s.segment_id == segment_id), None)
    if segment is None:
        raise ProjectError(f"{segment_id}: textavsnittet finns inte i {analysis.notes_dir}; ladda om sidan.")
    return segment


def decide_code(analysis: Analysis, segment_id: str, theme: str, kind: str, coder: str,
                expected_version: str | None = None) -> Decision:
    """Record a confirmed, rejected or added theme and recompute the segment's county; the
    coder is spelt as the database already has them ("Anna" is the "anna" who decided before)."""
    segment = segment_of(analysis, segment_id)
    project = Project.for_notes(analysis.notes_dir)
    decision = record_code_decision(project, segment, theme, kind, project.coder_named(coder), analysis.codebook,
                                    expected_version)
    refresh(analysis, {segment.county})
    return decision


def decide_override(analysis: Analysis, county: str, dimension: str, category: str, reason: str, coder: str,
                    expected_version: str | None = None) -> Decision:
    """Record a hand classification of one cell and classify the county again."""
    project = Project.for_notes(analysis.notes_dir)
    decision = record_override(project, county, dimension, category, reason, project.coder_named(coder),
                               analysis.codebook, [n.county for n in analysis.corpus.notes], expected_version)
    refresh(analysis, {county})
    return decision


def withdraw_override(analysis: Analysis, override_id: int, expected_version: str | None = None) -> Decision:
    """Withdraw a hand classification: the rule decides the cell again."""
    removed = remove_override(Project.for_notes(analysis.notes_dir), override_id, expected_version)
    refresh(analysis, {removed.county})
    return removed


def decide_quote(analysis: Analysis, segment_id: str, theme: str, trims, coder: str,
                 expected_version: str | None = None) -> Decision:
    """Record a quote chosen for `theme`, with the passages kept."""
    segment = segment_of(analysis, segment_id)
    themes = {c.theme for c in analysis.codes if c.segment_id == segment_id}
    project = Project.for_notes(analysis.notes_dir)
    decision = record_choice(project, segment, trims, project.coder_named(coder), themes, theme, expected_version)
    refresh(analysis, set())
    return decision


def withdraw_quote(analysis: Analysis, decision_id: int, expected_version: str | None = None) -> Decision:
    """Withdraw a chosen quote: the draft picks the theme's best candidate again."""
    removed = withdraw_choice(Project.for_notes(analysis.notes_dir), decision_id, expected_version)
    refresh(analysis, set())
    return removed


def decide_anchor(analysis: Analysis, decision_id: int, action: str, coder: str, segment_id: str = "") -> Decision:
    """An investigator's word on a decision carried to a revised paragraph or orphaned:
    `confirm` it where it was carried, `reattach` it to `segment_id`, or `drop` it (removed,
    still in the database)."""
    project = Project.for_notes(analysis.notes_dir)
    decision = next((d for d in project.decisions(status=None) if d.id == decision_id), None)
    if decision is None or decision.status == "removed":
        raise ProjectError(f"{project.path}: inget aktivt beslut eller beslut utan stycke med id {decision_id}; ladda "
                           "om sidan.")
    coder = project.coder_named(coder)
    if action == "confirm":
        confirm_anchor(project, decision, coder)
    elif action == "reattach":
        reattach(project, decision, segment_of(analysis, segment_id), coder)
    elif action == "drop":
        project.update(decision.id, status="removed")
    else:
        raise ProjectError(f"'{action}' är inget beslut om ett flyttat beslut; använd confirm, reattach eller drop.")
    refresh(analysis, {decision.county})
    return decision


#: What the app offers for download, by file name: each written from the round as it stands.
DOWNLOADS = ("report.docx", "typology.xlsx", "review.xlsx", "projekt.qdpx")


def write_download(analysis: Analysis, name: str, out_dir: Path = DEFAULT_OUT) -> Path:
    """Write one of DOWNLOADS into `out_dir` from the analysis as it stands now (the report with
    figures drawn from this state, not an earlier run's), moved into place only when whole."""
    if name not in DOWNLOADS:
        raise ProjectError(f"'{name}' finns inte att ladda ner; välj en av {', '.join(DOWNLOADS)}.")
    out_dir = Path(out_dir)
    with staged(out_dir) as staging:
        if name in ("report.docx", "typology.xlsx"):
            analysis.files = {}
            write_outputs(analysis, staging)
        elif name == "review.xlsx":
            analysis.files = {name: export_review(analysis, staging / name)}
        else:
            analysis.files = {name: export_qdpx(analysis, staging / name).path}
        analysis.kept_edits = set_aside_edited(out_dir, list(analysis.files))
    analysis.out_dir = out_dir
    analysis.files = {file_name: out_dir / path.name for file_name, path in analysis.files.items()}
    remember_written(out_dir, analysis.files.values())
    return out_dir / name
