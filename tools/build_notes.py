"""Build the bundled sample notes (notes/2025, notes/2024) from their Markdown sources.

The sources in tools/notes_src/<round>/ are the text as written; this script gives each
county's note the format real notes arrive in (Word heading styles, bold lines, numbered
lines, a table, plain .txt, .md), so the corpus exercises every reader path. Run it after
editing a source:  python tools/build_notes.py 2025
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from notefactory import write_docx, write_text  # noqa: E402

#: county → (format, options); counties not listed get Word heading styles.
FORMATS = {
    "2025": {
        "L01": ("docx", {"heading_style": "word", "title_style": True}),
        "L03": ("md", {}),
        "L04": ("docx", {"heading_style": "bold"}),
        "L05": ("docx", {"heading_style": "word", "header_in_one_paragraph": True}),
        "L06": ("docx", {"heading_style": "bold"}),
        "L08": ("docx", {"heading_style": "numbered"}),
        "L10": ("docx", {"heading_style": "bold"}),
        "L11": ("txt", {}),
        "L12": ("docx", {"heading_style": "word", "title_style": True}),
        "L13": ("docx", {"heading_style": "numbered"}),
        "L14": ("docx", {"heading_style": "bold"}),
        "L15": ("docx", {"heading_style": "outline", "header_in_one_paragraph": True}),
        "L16": ("docx", {"heading_style": "numbered"}),
        "L18": ("docx", {"heading_style": "bold"}),
        "L19": ("md", {}),
        "L21": ("docx", {"heading_style": "bold"}),
    },
    "2024": {
        "L03": ("md", {}),
        "L04": ("docx", {"heading_style": "bold"}),
        "L08": ("docx", {"heading_style": "numbered"}),
        "L10": ("docx", {"heading_style": "bold"}),
        "L11": ("txt", {}),
        "L13": ("docx", {"heading_style": "numbered"}),
        "L14": ("docx", {"heading_style": "bold"}),
        "L19": ("md", {}),
    },
}


def build(round_id: str) -> list[Path]:
    source_dir = ROOT / "tools" / "notes_src" / round_id
    out_dir = ROOT / "notes" / round_id
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = FORMATS.get(round_id, {})
    written = []
    for source in sorted(source_dir.glob("*.md")):
        county = source.stem
        text = source.read_text(encoding="utf-8")
        kind, options = formats.get(county, ("docx", {"heading_style": "word"}))
        for old in out_dir.glob(f"{county}.*"):
            if old.suffix in (".docx", ".md", ".txt"):
                old.unlink()
        target = out_dir / f"{county}.{kind}"
        if kind == "docx":
            write_docx(text, target, **options)
        elif kind == "txt":
            write_text(text, target)
        else:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for round_id in sys.argv[1:] or ["2025"]:
        for path in build(round_id):
            print(path.relative_to(ROOT))
