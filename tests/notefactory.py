"""Write a note given as simple Markdown into the formats real notes come in.

Used by the tests (every heading style) and by tools/build_notes.py (the bundled corpus).
Source format: header lines, `## Heading` lines, paragraphs separated by blank lines,
`- item` list items, `| a | b |` table rows.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.shared import Pt

HEADING_STYLES = ("word", "bold", "numbered", "outline")


def parsed(source: str) -> list[tuple[str, str]]:
    """(kind, text) per line of the source: header, heading, body, list, table."""
    items: list[tuple[str, str]] = []
    seen_heading = False
    for line in source.splitlines():
        if not line.strip():
            continue
        if line.startswith("## "):
            seen_heading = True
            items.append(("heading", line[3:].strip()))
        elif line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                items.append(("table", "\t".join(cells)))
        elif line.startswith(("- ", "* ")):
            items.append(("list", line[2:].strip()))
        else:
            items.append(("body" if seen_heading else "header", line.strip()))
    return items


def write_docx(source: str, path: Path, heading_style: str = "word", title_style: bool = False,
               header_in_one_paragraph: bool = False) -> Path:
    """The note as .docx, headings marked the way `heading_style` says."""
    document = docx.Document()
    items = parsed(source)
    header = [text for kind, text in items if kind == "header"]
    if header:
        first, rest = header[0], header[1:]
        if title_style:
            document.add_paragraph(first, style="Title")
        else:
            document.add_paragraph().add_run(first).bold = True
        if header_in_one_paragraph and rest:
            paragraph = document.add_paragraph()
            for index, line in enumerate(rest):
                run = paragraph.add_run(line)
                if index < len(rest) - 1:
                    run.add_break()
        else:
            for line in rest:
                document.add_paragraph(line)
    table_rows: list[list[str]] = []
    number = 0
    for kind, text in items:
        if kind != "table" and table_rows:
            add_table(document, table_rows)
            table_rows = []
        if kind == "table":
            table_rows.append(text.split("\t"))
        elif kind == "heading":
            number += 1
            add_heading(document, text, heading_style, number)
        elif kind == "list":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "body":
            document.add_paragraph(text)
    if table_rows:
        add_table(document, table_rows)
    document.save(path)
    return path


def add_heading(document, text: str, style: str, number: int) -> None:
    if style == "word":
        document.add_heading(text, level=2)
    elif style == "bold":
        run = document.add_paragraph().add_run(text)
        run.bold = True
        run.font.size = Pt(12)
    elif style == "numbered":
        label = text if re.match(r"^\d+\s*[.)]", text) else f"{number}. {text}"
        document.add_paragraph(label)
    elif style == "outline":
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = document.add_paragraph(text)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), "1")
        paragraph._p.get_or_add_pPr().append(outline)
    else:
        raise ValueError(f"unknown heading style {style}")


def add_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value


def write_text(source: str, path: Path) -> Path:
    """The note as plain text: headings as their own lines, list items with '- '."""
    lines = []
    for kind, text in parsed(source):
        if kind == "header":
            lines.append(text)
        elif kind == "heading":
            lines.extend(["", text.upper() if len(text) < 40 else text, ""])
        elif kind == "list":
            lines.append(f"- {text}")
        elif kind == "table":
            lines.append(text.replace("\t", " | "))
        else:
            lines.extend([text, ""])
    path.write_text("\n".join(lines).replace("\n\n\n", "\n\n") + "\n", encoding="utf-8")
    return path
