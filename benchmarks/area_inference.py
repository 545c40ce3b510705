"""How well the area of a heading that names none is inferred: every labelled Markdown note
(the bundled rounds' sources and the seven dev corpora) with its area headings replaced by
labels that name nothing ("Del 1", "Del 2", …), read as dialogtool reads it; the figure is
the share of segments that land in the area their original heading named.

Four variants: the sections in the note's own order; with the heading of each second
section dropped ("pairs merged"), so two areas share one unnamed section (the later area's text is then
counted right only if it lands in that area, which it cannot: a floor, not a target);
in reverse order, where the guide's order misleads and only content can place them; and
with no headings at all, where each paragraph's area is inferred.
Run by hand:  python benchmarks/area_inference.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from dialogtool.ingest.guide import load_guide
from dialogtool.ingest.read import read_note
from dialogtool.ingest.segment import segment_note

ROOT = Path(__file__).resolve().parent.parent
GUIDE = load_guide(ROOT / "interview_guides" / "2025.yaml")
CORPORA = {
    "bundled 2025": ROOT / "tools" / "notes_src" / "2025",
    "bundled 2024": ROOT / "tools" / "notes_src" / "2024",
    **{path.name: path / "notes" for path in sorted((ROOT / "tests" / "corpora").iterdir())},
}


def sections(source: str) -> tuple[str, list[tuple[str, str]]]:
    """The note's header, and (area, body) per top-level section whose heading names an area."""
    parts = re.split(r"^## (.+)$", source, flags=re.M)
    found = [(GUIDE.area_for(heading), body) for heading, body in zip(parts[1::2], parts[2::2])]
    return parts[0], [(area, body) for area, body in found if area]


def scored(header: str, parts: list[tuple[str, str | None, str]], directory: Path) -> tuple[int, int]:
    """(right, total) segments for a note written from (label, true area, body) parts; a part
    without a label continues the section before it."""
    text = header + "".join((f"## {label}\n" if label else "") + body for label, _, body in parts)
    path = directory / "X01.md"
    path.write_text(text, encoding="utf-8")
    truth = {}
    for _, area, body in parts:
        for line in body.splitlines():
            if line.strip():
                truth[re.sub(r"^[-*]\s+", "", line.strip())] = area
    segments = segment_note(read_note(path), GUIDE)
    judged = [s for s in segments if s.text in truth]
    return sum(truth[s.text] == s.area for s in judged), len(judged)


def variants(found: list[tuple[str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    labelled = [(f"Del {n}", area, body) for n, (area, body) in enumerate(found, 1)]
    return {
        "in order": labelled,
        "pairs merged": [(label if n % 2 == 0 else "", area, body)
                                         for n, (label, area, body) in enumerate(labelled)],
        "reversed": [(f"Del {n}", area, body) for n, (_, area, body) in enumerate(reversed(labelled), 1)],
        "no headings": [("", area, body) for _, area, body in labelled],
    }


def main() -> None:
    print(f"{'corpus':<14} {'notes':>5} {'segments':>8}  " + "  ".join(f"{name:>12}" for name in variants([])))
    with tempfile.TemporaryDirectory() as tmp:
        for name, directory in CORPORA.items():
            totals = {variant: [0, 0] for variant in variants([])}
            notes = sorted(directory.glob("*.md"))
            for note in notes:
                header, found = sections(note.read_text(encoding="utf-8"))
                for variant, parts in variants(found).items():
                    right, total = scored(header, parts, Path(tmp))
                    totals[variant][0] += right
                    totals[variant][1] += total
            cells = "  ".join(f"{right / total:>12.1%}" if total else f"{'-':>12}" for right, total in totals.values())
            print(f"{name:<14} {len(notes):>5} {totals['in order'][1]:>8}  {cells}")


if __name__ == "__main__":
    main()
