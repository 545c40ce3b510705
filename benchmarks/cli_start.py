"""How long the command line takes to answer when it has nothing to compute.

`dialogtool --help`, `dialogtool analyze --help`, a mistyped option and `--version` are each
run N times in a fresh interpreter (`python -m dialogtool …`, as the script runs it, without the
pyenv or launcher shim in front), and the least and median wall-clock seconds are printed,
beside a bare interpreter and one that only imports click, the floor these answers stand on.
Last, what a command that does work pays on top, once: importing the pipeline.
Run by hand:  python benchmarks/cli_start.py [--repeat 5] [--tree /path/to/another/checkout]
(--tree measures another source tree, such as a checkout of main, for a before/after.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What is timed: a label and the interpreter's arguments.
RUNS = {
    "python -c pass (floor)": ["-c", "pass"],
    "python -c 'import click' (floor)": ["-c", "import click"],
    "dialogtool --help": ["-m", "dialogtool", "--help"],
    "dialogtool analyze --help": ["-m", "dialogtool", "analyze", "--help"],
    "dialogtool analyze --no-such-option": ["-m", "dialogtool", "analyze", "--no-such-option"],
    "dialogtool --version": ["-m", "dialogtool", "--version"],
}


def wall(arguments: list[str], tree: Path) -> float:
    """Seconds from starting the interpreter in `tree` (`-m` puts the working directory first on
    the import path, so its dialogtool is the one measured) to its exit."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *arguments], cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree whose dialogtool is measured")
    args = parser.parse_args()
    tree = args.tree.resolve()
    print(f"tree: {tree}; load average before: {os.getloadavg()[0]:.2f}")
    for label, arguments in RUNS.items():
        times = [wall(arguments, tree) for _ in range(args.repeat)]
        print(f"{label:<40} least {min(times):.2f} s, median {statistics.median(times):.2f} s ({args.repeat} runs)")
    pipeline = wall(["-c", "import dialogtool.pipeline"], tree)
    print(f"{'python -c import dialogtool.pipeline':<40} {pipeline:.2f} s (once: what a working command adds)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
