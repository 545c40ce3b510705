"""Gather every hand-labelled paragraph the project has into the learned suggester's data file.

    python3 tools/build_training.py            # writes dialogtool/coding/data/training.csv.gz

The learned layer (dialogtool/coding/learned.py) is trained at run time from this file, so
an installed dialogtool works without tests/. Each row is one paragraph: the writer it came
from (`corpus`: one writer per corpus), its county, question area, the sentence that
introduces it (`lead`: a list item's lead, or the sub-heading it stands under), its text and the gold themes (`;`-separated,
empty = about nothing in the framework). Re-run it after adding or correcting a gold file.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogtool.coding.evaluate import read_gold  # noqa: E402
from dialogtool.cues.codebook import load_codebook  # noqa: E402
from dialogtool.files import write_bytes  # noqa: E402
from dialogtool.ingest.corpus import load_corpus  # noqa: E402
from dialogtool.ingest.guide import load_guide  # noqa: E402
from dialogtool.ingest.segment import introductions  # noqa: E402

OUT = ROOT / "dialogtool" / "coding" / "data" / "training.csv.gz"
COLUMNS = ("corpus", "county", "area", "lead", "text", "themes")
#: The counties' hand classification, for the typology's learned model (typology/learned.py).
TYPOLOGY_OUT = ROOT / "dialogtool" / "coding" / "data" / "typology.csv"
#: The typology's dimensions, as themes.yaml defines them.
DIMENSIONS = tuple(load_codebook(ROOT / "themes.yaml").dimensions)


def typology_gold(name: str, notes_dir: Path) -> Path:
    """A writer's county classification: tests/gold/typology_2025.csv or the corpus's typology.csv."""
    return ROOT / "tests" / "gold" / "typology_2025.csv" if name == "2025" else notes_dir.parent / "typology.csv"


def typology_rows(name: str, notes_dir: Path) -> list[dict]:
    """One row per classified county of a writer, its dimensions' categories ('' where empty)."""
    with typology_gold(name, notes_dir).open(encoding="utf-8") as handle:
        return [{"corpus": name, "county": row["county"], **{d: row[d] for d in DIMENSIONS}}
                for row in csv.DictReader(handle)]


def labelled_corpora() -> list[tuple[str, Path, Path]]:
    """(writer name, notes directory, theme gold) for every corpus with a theme gold file."""
    found = [("2025", ROOT / "notes" / "2025", ROOT / "tests" / "gold" / "themes_2025.csv")]
    for directory in sorted((ROOT / "tests" / "corpora").iterdir()):
        if (directory / "themes.csv").is_file():
            found.append((directory.name, directory / "notes", directory / "themes.csv"))
    return found


def rows_of(name: str, notes_dir: Path, gold: Path, guide) -> list[dict]:
    """One row per gold paragraph of a corpus."""
    corpus = load_corpus(notes_dir, guide)
    leads = introductions(corpus.segments)
    rows = []
    for row in read_gold(gold, corpus.segments):
        rows.append({"corpus": name, "county": row.county, "area": row.segment.area,
                     "lead": leads.get(row.segment.segment_id, ""), "text": row.segment.text,
                     "themes": ";".join(sorted(row.themes))})
    return rows


def main() -> None:
    guide = load_guide(ROOT / "interview_guides" / "2025.yaml")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    total = 0
    for name, notes_dir, gold in labelled_corpora():
        rows = rows_of(name, notes_dir, gold, guide)
        writer.writerows(rows)
        total += len(rows)
        print(f"{name}: {len(rows)} paragraphs")
    write_bytes(OUT, gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))  # mtime 0: same data, same bytes
    print(f"{OUT.relative_to(ROOT)}: {total} paragraphs, {OUT.stat().st_size // 1024} KB")
    counties = io.StringIO()
    table = csv.DictWriter(counties, fieldnames=("corpus", "county", *DIMENSIONS), lineterminator="\n")
    table.writeheader()
    for name, notes_dir, _ in labelled_corpora():
        table.writerows(typology_rows(name, notes_dir))
    write_bytes(TYPOLOGY_OUT, counties.getvalue().encode("utf-8"))
    print(f"{TYPOLOGY_OUT.relative_to(ROOT)}: {counties.getvalue().count(chr(10)) - 1} counties")


if __name__ == "__main__":
    main()
