"""Identifier finder speed: the data loaded once, then every segment of the bundled rounds searched,
and `dialogtool anon check` on the 2025 round end to end (read, segment, search).

Run by hand:  python benchmarks/anonymise.py
"""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner

from dialogtool.anonymise import find_identifiers, findings_frame
from dialogtool.cli import cli
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide

ROOT = Path(__file__).resolve().parent.parent


def seconds(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    loading, _ = seconds(lambda: find_identifiers("Kiruna och Sjugruppen."))
    print(f"data and dictionary loaded: {loading:.2f} s")
    guide = load_guide(ROOT / "interview_guides" / "2025.yaml")
    for year in ("2025", "2024"):
        corpus = load_corpus(ROOT / "notes" / year, guide)
        took, frame = seconds(lambda: findings_frame(corpus.segments))
        characters = sum(len(s.text) for s in corpus.segments)
        print(f"notes/{year}: {len(corpus.segments)} segments, {characters} characters, {len(frame)} findings, "
              f"{took:.2f} s ({took / len(corpus.segments) * 1000:.2f} ms/segment)")
    took, result = seconds(lambda: CliRunner().invoke(cli, ["anon", "check", str(ROOT / "notes" / "2025")]))
    print(f"dialogtool anon check notes/2025: {took:.2f} s in this process (exit {result.exit_code})")


if __name__ == "__main__":
    main()
