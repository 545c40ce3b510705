"""Two processes writing decisions at once: no write lost, the database intact."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time

from dialogtool.model import Decision
from dialogtool.coding.store import Project

WRITES = 120
BATCH = 40


def write_decisions(notes_dir: str, coder: str, start, errors, times) -> None:
    """One investigator's process: many single writes, then one batch."""
    try:
        project = Project.for_notes(notes_dir)
        start.wait(timeout=60)  # both processes begin writing together
        began = time.monotonic()
        for i in range(WRITES):
            project.add(Decision("code_added", "L07", f"L07-{i:010d}", "medskick", text=f"Stycke {i}.", coder=coder))
        project.add_many([Decision("code_rejected", "L07", f"L07-{i:010d}", "finansiering", coder=coder)
                          for i in range(BATCH)])
        times.put((began, time.monotonic()))
    except Exception as error:  # reported to the parent, which fails the test with it
        errors.put(f"{coder}: {error!r}")


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    Project.for_notes(tmp_path)
    context = multiprocessing.get_context("spawn")
    start, errors, times = context.Barrier(2), context.Queue(), context.Queue()
    workers = [context.Process(target=write_decisions, args=(str(tmp_path), coder, start, errors, times))
               for coder in ("anna", "bo")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors.empty(), errors.get()
    assert [w.exitcode for w in workers] == [0, 0]
    decisions = Project.for_notes(tmp_path).decisions()
    assert len(decisions) == 2 * (WRITES + BATCH)
    assert len({d.id for d in decisions}) == len(decisions)
    (_, first_end), (second_start, _) = sorted(times.get() for _ in workers)
    assert second_start < first_end  # both were writing at the same time
    for coder in ("anna", "bo"):
        own = [d for d in decisions if d.coder == coder]
        assert sorted(d.segment_id for d in own if d.kind == "code_added") == [f"L07-{i:010d}" for i in range(WRITES)]
        assert sum(d.kind == "code_rejected" for d in own) == BATCH
    with sqlite3.connect(tmp_path / ".dialogtool.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
