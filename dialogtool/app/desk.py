"""The round the app works on, kept in memory between requests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Analysis


@dataclass
class Desk:
    """The round the app works on: built once, then changed decision by decision.

    `lock` serialises what reads or changes the analysis: the server answers each request in
    its own thread, and a decision recomputes the codes and profiles the pages read.
    """

    analysis: Analysis
    out_dir: Path
    lock: threading.RLock = field(default_factory=threading.RLock)
