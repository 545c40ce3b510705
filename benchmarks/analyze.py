"""The whole job at scale: `analyze` against what python-docx alone needs to open and read the
same files, with the time of each stage, on two corpora:

- repeated: N× the bundled round (210 notes at --scale 10); its copies repeat the same paragraphs,
- distinct: every note the project has, once (the 2025 and 2024 rounds and tests/corpora: 316
  notes and 6,381 paragraphs since dev_ao, none repeated), so that nothing that
  only saves repeated work flatters the figures;

and the learned layer's own cost (training, the cached model, suggestions per note).

The target (issue #14): analyze within 3× the reading time. Wall-clock seconds depend on what
else the machine runs (the load average is printed); CPU seconds (this process and its forked
workers) do not. `analyze` forks its processes only while a core is idle; `--processes 1` or
`2` measures one path or the other on the same machine. Run by hand:
    python benchmarks/analyze.py [--scale 10] [--processes auto|1|2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import docx

from dialogtool.coding import learned
from dialogtool.coding.modelcache import CACHE_ENV
from dialogtool.cues.codebook import load_codebook
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide
from dialogtool.ingest.segment import introductions
from dialogtool import pipeline
from dialogtool.pipeline import analyze, open_round

from ingest import ROOT, distinct_corpus, scaled_corpus

GUIDE = ROOT / "interview_guides" / "2025.yaml"
THEMES = ROOT / "themes.yaml"


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


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the forked workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(name: str, notes: Path, out: Path) -> None:
    """Print analyze's wall and CPU time on `notes` against python-docx's reading, stage by stage
    (a stage's CPU includes its forked workers' once they have finished)."""
    count = len([p for p in notes.iterdir() if p.suffix in (".docx", ".md", ".txt")])
    reading = reading_seconds(notes)
    stages: dict[str, tuple[float, float]] = {}
    last = [(time.perf_counter(), cpu_seconds())]

    def lap(stage: str) -> None:
        """Add the wall and CPU seconds since the last lap to `stage`."""
        now = (time.perf_counter(), cpu_seconds())
        wall, cpu = stages.get(stage, (0.0, 0.0))
        stages[stage] = (wall + now[0] - last[0][0], cpu + now[1] - last[0][1])
        last[0] = now

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            lap(stage)

    start, cpu = last[0] = (time.perf_counter(), cpu_seconds())
    analysis = analyze(open_round(notes, GUIDE, THEMES), out, progress=progress)
    total = time.perf_counter() - start
    lap("write outputs")
    cpu = cpu_seconds() - cpu
    print(f"{name}: {count} notes, {len(analysis.corpus.segments)} segments; python-docx reading {reading:.1f} s; "
          f"analyze {total:.1f} s = {total / reading:.1f}× reading (target ≤ 3×); CPU {cpu:.1f} s; "
          f"{total / count * 1000:.0f} ms/note")
    for stage, (wall, cpu) in stages.items():
        print(f"        {stage:<18} {wall:6.1f} s wall {cpu:6.1f} s CPU")


def learned_layer_cost() -> None:
    """Print what the learned layer costs: training on the shipped examples, reading the cached
    model instead, and suggesting (the rules' codes given) per note of the bundled round."""
    codebook = load_codebook(THEMES)
    user_cache = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory() as cache:
        os.environ[CACHE_ENV] = cache
        start = time.perf_counter()
        learned.base_suggester(codebook)
        trained = time.perf_counter() - start
        start = time.perf_counter()
        suggester = learned.base_suggester(codebook)
        cached = time.perf_counter() - start
    if user_cache is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = user_cache
    corpus = load_corpus(ROOT / "notes" / "2025", load_guide(GUIDE))
    rules = learned.tag_segments(corpus.segments, codebook)
    start = time.perf_counter()
    learned.learned_codes(suggester, corpus.segments, introductions(corpus.segments), rules)
    per_note = (time.perf_counter() - start) / len(corpus.notes)
    print(f"learned layer: training {trained:.1f} s (once per training data, codebook and library versions), "
          f"read from the cache {cached:.2f} s, suggesting {per_note * 1000:.0f} ms/note")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, nargs="+", default=[10])
    parser.add_argument("--processes", choices=("auto", "1", "2"), default="auto",
                        help="1: one process at any size (the path of a small round, Windows and the app); "
                             "2: forked processes from PARALLEL_FROM notes even where no core is idle")
    args = parser.parse_args()
    if args.processes == "1":
        pipeline.PARALLEL_FROM = sys.maxsize
    elif args.processes == "2":
        pipeline.idle_cores = lambda: pipeline.WORKERS
    if hasattr(os, "getloadavg"):
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    learned_layer_cost()
    learned.base_suggester(load_codebook(THEMES))  # the user's cache holds the base model, as after a first run
    for scale in args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            notes = Path(tmp) / "notes"
            notes.mkdir()
            scaled_corpus(notes, scale)
            measure(f"repeated ({scale}× the bundled round)", notes, Path(tmp) / "out")
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        notes.mkdir()
        distinct_corpus(notes)
        measure("distinct (every note once)", notes, Path(tmp) / "out")


if __name__ == "__main__":
    sys.exit(main())
