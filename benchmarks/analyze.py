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
`2` measures one path or the other on the same machine. Each corpus is analysed in a process of
its own, started for it, as `dialogtool analyze` is (its imports done before the clock starts,
as python-docx's are); three runs each, the median run's ratio is the figure. Run by hand:
    python benchmarks/analyze.py [--scale 10] [--runs 3] [--processes auto|1|2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

from dialogtool.coding import learned
from dialogtool.usercache import CACHE_ENV
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


def measure(notes: Path, out: Path) -> dict:
    """analyze's wall and CPU time on `notes` and python-docx's reading of them, with each
    stage's (a stage's CPU includes its forked workers' once they have finished)."""
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
    return {"notes": count, "segments": len(analysis.corpus.segments), "reading": reading, "analyze": total,
            "cpu": cpu_seconds() - cpu, "stages": stages}


def report(name: str, runs: list[dict]) -> None:
    """Print each run's figures, and the median run's ratio and stages."""
    print(f"{name}: {runs[0]['notes']} notes, {runs[0]['segments']} segments; {len(runs)} runs, each in a fresh process")
    for number, run in enumerate(runs, 1):
        print(f"    run {number}: python-docx reading {run['reading']:.2f} s; analyze {run['analyze']:.2f} s = "
              f"{run['analyze'] / run['reading']:.2f}× reading; CPU {run['cpu']:.1f} s")
    ordered = sorted(runs, key=lambda run: run["analyze"] / run["reading"])
    median = ordered[len(ordered) // 2]
    print(f"    median: {median['analyze'] / median['reading']:.2f}× reading (target ≤ 3×; "
          f"{ordered[0]['analyze'] / ordered[0]['reading']:.2f}–{ordered[-1]['analyze'] / ordered[-1]['reading']:.2f}×), "
          f"{median['analyze'] / median['notes'] * 1000:.0f} ms/note; its stages:")
    for stage, (wall, cpu) in median["stages"].items():
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


def measured_in_fresh_processes(corpus: str, scale: int, processes: str, runs: int) -> list[dict]:
    """Run this script again `runs` times to measure one corpus (`corpus_measure`), each time in
    a process of its own, as `dialogtool analyze` runs: neither this one's training nor another
    run has filled its memory and caches before."""
    command = [sys.executable, __file__, "--measure", corpus, "--scale", str(scale), "--processes", processes]
    return [json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            for _ in range(runs)]


def corpus_measure(corpus: str, scale: int) -> dict:
    """Write the corpus (`scaled_corpus` at `scale`, or `distinct_corpus`) to a temporary
    directory and `measure` analyze on it."""
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        notes.mkdir()
        (scaled_corpus(notes, scale) if corpus == "repeated" else distinct_corpus(notes))
        return measure(notes, Path(tmp) / "out")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, nargs="+", default=[10])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per corpus (the median is the figure)")
    parser.add_argument("--processes", choices=("auto", "1", "2"), default="auto",
                        help="1: one process at any size (the path of a small round, Windows and the app); "
                             "2: forked processes from PARALLEL_FROM notes even where no core is idle")
    parser.add_argument("--measure", choices=("repeated", "distinct"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.processes == "1":
        pipeline.PARALLEL_FROM = sys.maxsize
    elif args.processes == "2":
        pipeline.idle_cores = lambda: pipeline.WORKERS
    if args.measure:
        print(json.dumps(corpus_measure(args.measure, args.scale[0])))
        return
    if hasattr(os, "getloadavg"):
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    learned_layer_cost()
    learned.base_suggester(load_codebook(THEMES))  # the user's cache holds the base model, as after a first run
    for scale in args.scale:
        report(f"repeated ({scale}× the bundled round)", measured_in_fresh_processes("repeated", scale, args.processes,
                                                                                    args.runs))
    report("distinct (every note once)", measured_in_fresh_processes("distinct", 0, args.processes, args.runs))


if __name__ == "__main__":
    sys.exit(main())
