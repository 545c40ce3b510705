"""How fast a decision in the app shows: record it, recompute, render the overview again.

A copy of notes/2025 is built once (as `dialogtool app` does at start); then, N times each,
a code is confirmed in a paragraph, a typology cell is overridden, and a quote is chosen,
each followed by the overview page's data (grid, Tabell 1, Diagram 1–2). Prints the build
time and the median and slowest time per decision; the issue's goal is under 1 s.
Also times writing report.docx with its figures from the state in memory (the download).
Run by hand:  python benchmarks/app.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from dialogtool.app.views import overview
from dialogtool.pipeline import build, decide_code, decide_override, decide_quote, open_round, write_download

ROOT = Path(__file__).resolve().parent.parent


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        notes = Path(work) / "notes" / "2025"
        shutil.copytree(ROOT / "notes" / "2025", notes, ignore=shutil.ignore_patterns(".dialogtool.sqlite*"))
        round_ = open_round(notes, ROOT / "interview_guides" / "2025.yaml", ROOT / "themes.yaml")
        start = time.perf_counter()
        analysis = build(round_)
        print(f"build (app start): {time.perf_counter() - start:.2f} s for {len(analysis.corpus.segments)} segments")
        codes = [c for c in analysis.codes if c.source == "auto"][: args.repeat]
        categories = ("pagar", "finns")
        segments = [s for s in analysis.corpus.segments if len(s.text) > 80][: args.repeat]
        kinds = {
            "confirm a code": [lambda c=c: decide_code(analysis, c.segment_id, c.theme, "code_accepted", "bench")
                               for c in codes],
            "override a cell": [lambda i=i: decide_override(analysis, "L03", "plan_status", categories[i % 2],
                                                            "Benchmark.", "bench") for i in range(args.repeat)],
            "choose a quote": [lambda s=s: decide_quote(analysis, s.segment_id, "styrning", [(0, 40)], "bench")
                               for s in segments],
        }
        for name, actions in kinds.items():
            times = [timed(lambda a=action: (a(), overview(analysis))) for action in actions]
            print(f"{name} + overview: median {statistics.median(times) * 1000:.0f} ms, "
                  f"slowest {max(times) * 1000:.0f} ms ({len(times)} decisions)")
        seconds = timed(lambda: write_download(analysis, "report.docx", Path(work) / "outputs"))
        print(f"report.docx with every figure, from memory: {seconds:.2f} s")


if __name__ == "__main__":
    main()
