"""Hand edits to the outputs an investigator opens are kept, never silently overwritten.

report.docx and typology.xlsx are meant to be opened, and people write in them. Each run
records a digest of every such file it writes (`.dialogtool-written.json` in the output
directory); before the next run writes it again, a file whose content no longer matches is
moved aside as "report (redigerad 2026-12-07 10.05).docx", and the run says where it went.
A file the record does not know (written before this record existed) is overwritten as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

from ..files import write_text

RECORD = ".dialogtool-written.json"
#: The outputs investigators open, and may edit, by hand.
EDITABLE = ("report.docx", "typology.xlsx")


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def written_record(out_dir: Path) -> dict[str, str]:
    """The digests of the editable outputs as this tool last wrote them ({} when none or unreadable)."""
    try:
        record = json.loads((Path(out_dir) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def set_aside_edited(out_dir: Path, names=EDITABLE) -> list[Path]:
    """Move every one of `names` edited since it was written to a dated name beside it; returns the new paths."""
    out_dir = Path(out_dir)
    record = written_record(out_dir)
    kept = []
    for name in names:
        path = out_dir / name
        if name in record and path.is_file() and digest(path) != record[name]:
            target = aside_name(path)
            os.replace(path, target)
            kept.append(target)
    return kept


def aside_name(path: Path) -> Path:
    """"report (redigerad 2026-12-07 10.05).docx" beside `path`, numbered if taken (no ':' for Windows)."""
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M")
    candidate = path.with_name(f"{path.stem} (redigerad {stamp}){path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} (redigerad {stamp}, {number}){path.suffix}")
        number += 1
    return candidate


def remember_written(out_dir: Path, paths) -> None:
    """Record the digests of the editable files among `paths`, just written to `out_dir`."""
    out_dir = Path(out_dir)
    written = {Path(p).name: digest(p) for p in paths if Path(p).name in EDITABLE and Path(p).is_file()}
    if not written:
        return
    write_text(out_dir / RECORD, json.dumps({**written_record(out_dir), **written}, indent=1))
