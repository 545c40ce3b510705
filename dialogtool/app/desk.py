"""The round the app works on, kept in memory between requests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..coding.store import Project, scope_versions
from ..model import Analysis
from ..pipeline import refresh


@dataclass
class Desk:
    """The round the app works on: built once, then changed decision by decision.

    `lock` serialises what reads or changes the analysis: the server answers each request in
    its own thread, and a decision recomputes the codes and profiles the pages read.
    `seen` is the state of every decision in the project database when the pages last read
    it, so that decisions recorded elsewhere (another investigator's app, the command line)
    show on the next page too.
    """

    analysis: Analysis
    out_dir: Path
    lock: threading.RLock = field(default_factory=threading.RLock)
    seen: dict[int, tuple] | None = None

    def synced_versions(self) -> dict[tuple, str]:
        """The version of every decided code, cell and quote, after catching up with decisions
        recorded since the last page (the counties they touch are classified again)."""
        decisions = Project.for_notes(self.analysis.notes_dir).decisions(status=None)
        state = {d.id: (d.status, d.segment_id, d.county) for d in decisions}
        if self.seen is not None and state != self.seen:
            changed = {row[2] for key, row in state.items() if self.seen.get(key) != row}
            refresh(self.analysis, changed | {row[2] for key, row in self.seen.items() if key not in state})
        self.seen = state
        return scope_versions(decisions)
