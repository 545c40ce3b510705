"""Output files written whole or not at all: a temporary file beside the target, then a rename.

A run killed or failing halfway leaves the previous report.docx or typology.xlsx whole
rather than a truncated file Word cannot open; the rename is atomic on one file system,
which the same directory guarantees.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def written(path: Path, save: Callable[[Path], object]) -> Path:
    """Call `save(temporary path)` and move the result onto `path`; returns `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        save(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
