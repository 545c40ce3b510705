"""Tagging speed against .docx parsing speed, on the bundled notes copied 100× (or --scale N).

The notes (notes/2025, .docx and .md) are copied under new county ids into a temporary
directory; the copies are read and segmented once, then timed:
  - tagging every segment (tag_segments) → segments/s and MB/s of segment text;
  - classifying every county (classify_counties), for information;
  - opening every .docx copy with python-docx and reading its paragraphs.
Tagging must not be slower than parsing the .docx files it came from. Each word's lemma
and compound parts are cached, so the first pass over a new vocabulary costs more; the
timing is a cold start (a fresh codebook).
Run by hand:  python benchmarks/tagging.py [--scale 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest import scaled_corpus  # noqa: E402

from dialogtool.typology.classify import classify_counties  # noqa: E402
from dialogtool.cues.codebook import load_codebook  # noqa: E402
from dialogtool.ingest.corpus import load_corpus  # noqa: E402
from dialogtool.ingest.guide import load_guide  # noqa: E402
from dialogtool.coding.tag import tag_segments  # noqa: E402


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    guide = load_guide(ROOT / "interview_guides" / "2025.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        notes = scaled_corpus(Path(tmp), args.scale)
        corpus = load_corpus(Path(tmp), guide)
        segments = corpus.segments
        megabytes = sum(len(s.text.encode("utf-8")) for s in segments) / 1e6
        codebook = load_codebook(ROOT / "themes.yaml")
        codes, tag_seconds = timed(tag_segments, segments, codebook)
        _, classify_seconds = timed(classify_counties, segments, codes, codebook)
        docx_paths = sorted(Path(tmp).glob("*.docx"))
        _, docx_seconds = timed(lambda: [len(docx.Document(str(p)).paragraphs) for p in docx_paths])
    docx_share = len(docx_paths) / notes
    docx_segments = len(segments) * docx_share
    print(f"{args.scale}×: {notes} notes ({len(docx_paths)} .docx), {len(segments)} segments, {megabytes:.2f} MB text")
    print(f"tagging:     {tag_seconds:6.2f} s  {len(segments) / tag_seconds:8.0f} segments/s  "
          f"{megabytes / tag_seconds:6.2f} MB/s  ({len(codes)} codes)")
    print(f"classifying: {classify_seconds:6.2f} s  {notes / classify_seconds:8.0f} counties/s")
    print(f"docx parse:  {docx_seconds:6.2f} s  {docx_segments / docx_seconds:8.0f} segments/s "
          f"(python-docx, {len(docx_paths)} files)")
    tag_rate, docx_rate = len(segments) / tag_seconds, docx_segments / docx_seconds
    verdict = "OK: tagging is not slower" if tag_rate >= docx_rate else "TOO SLOW: tagging is slower"
    print(f"{verdict} than parsing the .docx it came from ({tag_rate / docx_rate:.1f}× the docx rate).")


if __name__ == "__main__":
    main()
