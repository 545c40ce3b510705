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
#: A county id in a note's 'Län:' line: the bundled rounds' L07, the writers' corpora's T01, X12 and the like.
COUNTY_ID = re.compile(r"\b[A-Z]\d\d\b")


def scaled_corpus(target: Path, scale: int) -> int:
    """Copy the bundled notes `scale` times under new county ids; returns the note count.
    The copies repeat the same paragraphs: see `distinct_corpus` for text that does not repeat."""
    count = 0
    for copy in range(scale):
        for path in sorted(NOTES.iterdir()):
            if path.suffix in (".docx", ".md", ".txt"):
                copy_note(path, target / f"B{copy:03d}{path.stem}{path.suffix}", f"B{copy:03d}{path.stem}")
                count += 1
    return count


def distinct_corpus(target: Path) -> int:
    """Copy every note the project has, each once, under new county ids: the bundled 2025 and
    2024 rounds and the writers' corpora in tests/corpora (no paragraph repeated on purpose);
    returns the note count."""
    sources = [ROOT / "notes" / "2025", ROOT / "notes" / "2024", *sorted((ROOT / "tests" / "corpora").glob("*/notes"))]
    count = 0
    for number, directory in enumerate(sources):
        for path in sorted(directory.iterdir()):
            if path.suffix in (".docx", ".md", ".txt"):
                county = f"D{number:02d}{path.stem}"
                copy_note(path, target / f"{county}{path.suffix}", county)
                count += 1
    return count


def copy_note(path: Path, out: Path, county: str) -> None:
    """Copy a note to `out` with `county` in its 'Län:' line (paragraphs and table cells of a .docx)."""
    import docx

    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [paragraph for table in document.tables for row in table.rows for cell in row.cells
                 for paragraph in cell.paragraphs]
        for paragraph in [*document.paragraphs, *cells]:
            if re.match(r"^\W*Län\W*:", paragraph.text):
                for run in paragraph.runs:
                    run.text = COUNTY_ID.sub(county, run.text)
        document.save(str(out))
    else:
        text = path.read_text(encoding="utf-8")
        out.write_text(re.sub(rf"(?m)^(\W*Län\W*:\W*){COUNTY_ID.pattern}", rf"\g<1>{county}", text), encoding="utf-8")


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
