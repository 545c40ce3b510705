"""The fast paths give what the plain ones give: a large round read, tagged, searched, suggested
for and classified in two processes (and its workbook and analysis figures written beside the
rest) yields the same outputs and the same errors as in one, with or without the
investigators' decisions, a system that cannot start processes does it in one, and processes
are only started while a core is idle; the learned layer's base model read from the user's cache suggests what the
trained one does, and a cache file that is corrupt, foreign or pickled is rebuilt, never used."""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import sys
import threading
import time

import docx
import numpy as np
import openpyxl
import pytest

from conftest import GUIDE, ROOT, THEMES
from dialogtool import pipeline
from dialogtool.cli.options import STAGES
from dialogtool.coding import learned
from dialogtool.coding.modelcache import KEY
from dialogtool.usercache import CACHE_ENV
from dialogtool.errors import NoteError

#: Bundled notes of every format the round has (Word, Markdown, plain text).
NOTES = ("L01.docx", "L03.md", "L11.txt", "L17.docx", "L20.docx")
EMPTY = "L05.docx"
#: The garbage collector's thresholds as this process had them before any run in this module.
THRESHOLDS = gc.get_threshold()
#: Training examples for the cache test: enough for every theme the texts below need.
EXAMPLES = 300


def copied_notes(folder):
    """Five bundled notes (with the planted identifiers of L17 and L20) in `folder`, a round of their own."""
    folder.mkdir()
    for name in NOTES:
        shutil.copy(ROOT / "notes" / "2025" / name, folder / name)
    return folder


@pytest.fixture
def five_notes(tmp_path):
    """The five notes in tmp_path/notes, for a test that changes them or records decisions."""
    return copied_notes(tmp_path / "notes")


@pytest.fixture(scope="module")
def analysed_in_one(tmp_path_factory):
    """The five notes (never changed, no decisions) analysed once in one process, the plain path
    that both fast paths are held to: (the round, its analysis, its outputs directory)."""
    base = tmp_path_factory.mktemp("one")
    round_ = pipeline.open_round(copied_notes(base / "notes"), GUIDE, THEMES)
    return round_, pipeline.analyze(round_, base / "outputs"), base / "outputs"


def forked(monkeypatch) -> list[int]:
    """Make the pipeline take its two-process path for any round; the note counts it was asked for."""
    asked: list[int] = []
    monkeypatch.setattr(pipeline, "parallel", lambda count, meanwhile: asked.append(count) or True)
    return asked


def docx_texts(path):
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def sheet_values(path):
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in openpyxl.load_workbook(path).worksheets}


def test_two_processes_write_the_same_outputs_as_one(analysed_in_one, tmp_path, monkeypatch):
    round_, one, one_dir = analysed_in_one
    asked = forked(monkeypatch)
    two = pipeline.analyze(round_, tmp_path / "two")
    assert asked == [5]  # decided once for the run's every stage (each asking watches the cores 50 ms)
    assert len(one.findings) >= 4 and one.findings.equals(two.findings)
    assert one.auto_codes == two.auto_codes and one.corpus.segments == two.corpus.segments
    assert one.codes == two.codes and one.profiles == two.profiles
    assert sorted(one.files) == sorted(two.files)
    for name in sorted(one.files):
        if name.endswith((".csv", ".graphml")):
            assert (one_dir / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert sheet_values(one_dir / "typology.xlsx") == sheet_values(tmp_path / "two" / "typology.xlsx")
    assert docx_texts(one_dir / "report.docx") == docx_texts(tmp_path / "two" / "report.docx")
    # A run collects garbage less often and freezes the heap only while forking: the app's
    # process, which runs many, is left as it was (nothing kept frozen, collections as before;
    # THRESHOLDS were read before any run here, the shared one-process run included).
    assert gc.get_threshold() == THRESHOLDS and gc.get_freeze_count() == 0


@pytest.mark.usefixtures("small_model")
def test_two_processes_learn_from_the_decisions_as_one_does(five_notes, tmp_path, monkeypatch):
    round_ = pipeline.open_round(five_notes, GUIDE, THEMES)
    analysis = pipeline.build(round_)
    segment = next(s for s in analysis.corpus.segments if s.county == "L17" and len(s.text) > 80)
    suggested = next(c.theme for c in analysis.auto_codes
                     if c.segment_id == segment.segment_id and not c.evidence.startswith("via "))
    pipeline.decide_code(analysis, segment.segment_id, suggested, "code_rejected", "anna")
    pipeline.decide_code(analysis, segment.segment_id, "finansiering", "code_added", "anna")
    pipeline.override_category(round_, "L01", "plan_status", "pagar", "Planen är inte antagen än.", "anna")
    one = pipeline.build(round_)
    forked(monkeypatch)
    two = pipeline.build(round_)
    assert one.auto_codes == two.auto_codes and one.codes == two.codes and one.profiles == two.profiles
    kept = {c.theme: c.source for c in two.codes if c.segment_id == segment.segment_id}
    assert kept.get("finansiering") in ("human", "auto+accepted") and suggested not in kept
    assert next(p for p in two.profiles if p.county == "L01").cells["plan_status"].overridden


def test_two_processes_stop_at_the_same_unreadable_note_and_report_progress(five_notes, monkeypatch):
    (five_notes / EMPTY).write_bytes(b"")
    round_ = pipeline.open_round(five_notes, GUIDE, THEMES)
    with pytest.raises(NoteError) as alone:
        pipeline.build(round_)
    forked(monkeypatch)
    with pytest.raises(NoteError) as shared:
        pipeline.build(round_)
    assert str(shared.value) == str(alone.value)
    assert str(shared.value).startswith(f"{five_notes / EMPTY}: ")
    # The processes are gone when the error arrives (not left to the garbage collector, which
    # once finalised the pool inside another lock and hung the run).
    assert multiprocessing.active_children() == []
    reported = []
    analysis = pipeline.build(round_, keep_going=True, progress=lambda stage, done, total: reported.append((stage, done)))
    assert analysis.corpus.skipped == [str(alone.value)]
    assert [done for stage, done in reported if stage == "read"] == [1, 2, 3, 4, 5, 6]
    assert {stage for stage, _ in reported} <= set(STAGES)  # the progress line names each in Swedish
    assert sorted(n.county for n in analysis.corpus.notes) == ["L01", "L03", "L11", "L17", "L20"]


def test_the_cached_base_model_suggests_what_the_trained_one_does_and_a_bad_file_is_rebuilt(
        codebook, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    some = learned.bundled_examples()[:EXAMPLES]
    monkeypatch.setattr(learned, "bundled_examples", lambda: some)  # trains in a moment, every step below
    path = tmp_path / "cache" / "learned-base.npz"
    trained = learned.base_suggester(codebook)
    assert path.is_file()
    texts = ["Försäkringskassan är svår att få med i arbetet.", "Handlingsplanen antogs av regionfullmäktige i juni."]

    def refuse_training(*args, **kwargs):
        raise AssertionError("trained although the cache holds the model")

    with monkeypatch.context() as patched:
        patched.setattr(learned.LinearSVC, "fit", refuse_training)
        cached = learned.base_suggester(codebook)
    assert cached is not trained and cached.themes == trained.themes
    for theme, margins in trained.margins(texts).items():
        assert np.array_equal(cached.margins(texts)[theme], margins)
    assert cached.most_similar(texts[0], "myndigheter") == trained.most_similar(texts[0], "myndigheter")

    key = str(np.load(path)[KEY])
    good = dict(np.load(path))
    bad_files = {
        "corrupt": lambda: path.write_bytes(b"PK\x03\x04 not a zip file"),
        "foreign": lambda: np.savez(path, **{**good, KEY: np.array("another key")}),
        "pickled": lambda: np.savez(path, **{**good, "themes": np.array([{"a": 1}], dtype=object)}),
        "not fitting": lambda: np.savez(path, **{**good, "intercept": np.zeros(1)}),
    }
    for kind, spoil in bad_files.items():
        spoil()
        rebuilt = learned.base_suggester(codebook)
        assert rebuilt.themes == trained.themes, kind
        assert str(np.load(path)[KEY]) == key, kind
        assert np.array_equal(np.load(path)["intercept"], trained.intercept), kind


def test_a_system_that_cannot_start_processes_analyses_the_round_in_one(analysed_in_one, tmp_path, monkeypatch):
    round_, one, one_dir = analysed_in_one

    class NoProcesses:
        def Pool(self, size):
            raise OSError(38, "Function not implemented")

        def Array(self, kind, size):
            raise OSError(38, "Function not implemented")

    forked(monkeypatch)
    monkeypatch.setattr(pipeline.multiprocessing, "get_context", lambda method: NoProcesses())
    alone = pipeline.analyze(round_, tmp_path / "alone")
    assert alone.auto_codes == one.auto_codes and alone.findings.equals(one.findings)
    assert sheet_values(one_dir / "typology.xlsx") == sheet_values(tmp_path / "alone" / "typology.xlsx")


def slow_pid(item: int) -> tuple[int, int]:
    """An item's work as a slow reader does it: the item and the process that did it."""
    time.sleep(0.02)
    return item, os.getpid()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked processes")
def test_the_process_that_loads_meanwhile_then_takes_items_from_the_end_and_all_come_in_order():
    """While it loads (`meanwhile`) one process reads from the first item on; then this one
    takes the items no process has begun from the last back: each item done once, in order."""
    loaded = []
    results = list(pipeline.in_processes(slow_pid, list(range(40)), lambda: loaded.append(True)))
    assert loaded == [True] and [item for item, _ in results] == list(range(40))
    pids = [pid for _, pid in results]
    here = [i for i, pid in enumerate(pids) if pid == os.getpid()]
    assert here and here == list(range(here[0], 40))  # a tail of the items, done here
    assert len(set(pids)) == 2  # and the rest by the one process forked


def machine_ticks(monkeypatch, idle: int, busy: int) -> None:
    """/proc/stat as `idle_cores` reads it twice: `idle` and `busy` ticks spent in between."""
    readings = iter([[100, 5, 50, 1000, 10, 0, 1, 0], [100 + busy, 5, 50, 1000 + idle, 10, 0, 1, 0]])
    monkeypatch.setattr(pipeline, "cpu_ticks", lambda: next(readings))


def test_a_large_round_forks_only_while_a_core_is_idle(monkeypatch):
    can_fork = sys.platform.startswith("linux") and threading.active_count() == 1
    cores = os.cpu_count()
    machine_ticks(monkeypatch, idle=10 * cores, busy=0)
    assert pipeline.parallel(pipeline.PARALLEL_FROM) == can_fork
    assert not pipeline.parallel(pipeline.PARALLEL_FROM - 1)
    machine_ticks(monkeypatch, idle=0, busy=10 * cores)
    assert not pipeline.parallel(pipeline.PARALLEL_FROM)
    machine_ticks(monkeypatch, idle=3 * cores, busy=7 * cores)  # under one core's worth idle when there are two
    assert pipeline.idle_cores() == pytest.approx(0.3 * cores)


def test_the_run_s_own_work_while_the_cores_are_watched_counts_as_idle(monkeypatch):
    """Loading the codebook while watching: a core busy with this very run is one it may use."""
    cores, events = os.cpu_count(), []
    readings = iter([[100, 5, 50, 1000, 10, 0, 1, 0], [110, 5, 50, 1000 + 10 * cores - 10, 10, 0, 1, 0]])

    def ticks():
        events.append("ticks")
        return next(readings)

    monkeypatch.setattr(pipeline, "cpu_ticks", ticks)
    monkeypatch.setattr(pipeline, "own_cpu_seconds", iter([2.0, 2.0 + 10 / pipeline.TICKS_PER_SECOND]).__next__)
    assert pipeline.idle_cores(lambda: events.append("loading")) == pytest.approx(cores)
    assert events == ["ticks", "loading", "ticks"]
    readings = iter([[100, 5, 50, 1000, 10, 0, 1, 0], [110, 5, 50, 1000 + 10 * cores - 10, 10, 0, 1, 0]])
    monkeypatch.setattr(pipeline, "own_cpu_seconds", lambda: 2.0)  # ten ticks by another process
    assert pipeline.idle_cores() == pytest.approx(cores - 1)


def test_idle_cores_count_the_moment_not_the_last_minute(monkeypatch):
    """The load average of the last minute still holds work just ended: a machine idle now forks."""
    monkeypatch.setattr(pipeline.os, "getloadavg", lambda: (float(os.cpu_count()), 0.0, 0.0))
    machine_ticks(monkeypatch, idle=10 * os.cpu_count(), busy=0)
    assert pipeline.idle_cores() == os.cpu_count()


@pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="the cores are watched through Linux's /proc/stat")
def test_the_cores_are_watched_on_this_machine():
    before = pipeline.cpu_ticks()
    assert len(before) == 8 and all(ticks >= 0 for ticks in before)
    assert 0 <= pipeline.idle_cores() <= os.cpu_count()


def test_where_the_cores_cannot_be_watched_the_load_average_decides(monkeypatch):
    def unreadable():
        raise OSError(2, "No such file or directory")
    monkeypatch.setattr(pipeline, "cpu_ticks", unreadable)
    monkeypatch.setattr(pipeline.os, "getloadavg", lambda: (0.5, 0.0, 0.0))
    assert pipeline.idle_cores() == os.cpu_count() - 0.5
    readings = [[100, 5, 50, 1000, 10, 0, 1, 0]]  # readable once, then gone
    monkeypatch.setattr(pipeline, "cpu_ticks", lambda: readings.pop() if readings else unreadable())
    loaded = []
    assert pipeline.idle_cores(lambda: loaded.append(True)) == os.cpu_count() - 0.5 and loaded == [True]
