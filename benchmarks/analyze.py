"""The whole job at scale: `analyze` on N× the bundled round against what python-docx alone
needs to open and read the same files, with the time of each stage.

The target (issue #14): analyze within 3× the reading time. Run by hand:
    python benchmarks/analyze.py [--scale 10]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import docx

from dialogtool.pipeline import analyze, open_round

from ingest import ROOT, scaled_corpus


def reading_seconds(notes: Path) -> float:
    """What python-docx (or a plain read, for .md/.txt) needs to open every note and read its paragraphs."""
    start = time.perf_counter()
    for path in sorted(notes.iterdir()):
        if path.suffix == ".docx":
            document = docx.Document(str(path))
            _ = [paragraph.text for paragraph in document.paragraphs]
        else:
            path.read_text(encoding="utf-8")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, nargs="+", default=[10])
    args = parser.parse_args()
    for scale in args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            notes = Path(tmp) / "notes"
            notes.mkdir()
            count = scaled_corpus(notes, scale)
            reading = reading_seconds(notes)
            stages: dict[str, float] = {}
            last = [time.perf_counter()]

            def progress(stage: str, done: int, total: int) -> None:
                if done == total:
                    now = time.perf_counter()
                    stages[stage] = stages.get(stage, 0) + now - last[0]
                    last[0] = now

            start = last[0] = time.perf_counter()
            round_ = open_round(notes, ROOT / "interview_guides" / "2025.yaml", ROOT / "themes.yaml")
            analyze(round_, Path(tmp) / "out", progress=progress)
            total = time.perf_counter() - start
            stages["write outputs"] = time.perf_counter() - last[0]
            print(f"{scale:>4}×: {count} notes; python-docx reading {reading:.1f} s; analyze {total:.1f} s "
                  f"= {total / reading:.1f}× reading (target ≤ 3×)")
            for stage, seconds in stages.items():
                print(f"        {stage:<14} {seconds:6.1f} s")


if __name__ == "__main__":
    main()
