"""Ingest speed: seconds per note for reading + segmenting, on 10× and 100× the bundled corpus.

The corpus is copied under new county ids (L01 → B0001 …) into a temporary directory.
Run by hand:  python benchmarks/ingest.py [--scale 10 100]
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "notes" / "2025"


def scaled_corpus(target: Path, scale: int) -> int:
    """Copy the bundled notes `scale` times under new county ids; returns the note count."""
    import docx

    count = 0
    for copy in range(scale):
        for path in sorted(NOTES.iterdir()):
            if path.suffix not in (".docx", ".md", ".txt"):
                continue
            county = f"B{copy:03d}{path.stem}"
            out = target / f"{county}{path.suffix}"
            if path.suffix == ".docx":
                document = docx.Document(str(path))
                for paragraph in document.paragraphs:
                    if re.match(r"^\s*Län\s*:", paragraph.text):
                        for run in paragraph.runs:
                            run.text = re.sub(r"L\d\d", county, run.text)
                document.save(str(out))
            else:
                text = path.read_text(encoding="utf-8")
                out.write_text(re.sub(r"(?m)^Län: L\d\d", f"Län: {county}", text), encoding="utf-8")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, nargs="+", default=[10, 100])
    args = parser.parse_args()
    guide = load_guide(ROOT / "interview_guides" / "2025.yaml")
    for scale in args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            notes = scaled_corpus(Path(tmp), scale)
            start = time.perf_counter()
            corpus = load_corpus(Path(tmp), guide)
            seconds = time.perf_counter() - start
            print(f"{scale:>4}×: {notes} notes, {len(corpus.segments)} segments, "
                  f"{seconds:.2f} s ingest, {seconds / notes * 1000:.1f} ms/note")


if __name__ == "__main__":
    main()
