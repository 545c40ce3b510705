"""Read a note saved as plain text (.txt) or Markdown (.md).

Paragraphs are separated by blank lines; a paragraph hard-wrapped over several lines is
joined again (a word split with a hyphen at a line end keeps its hyphen and loses the
break). List items and header fields are their own blocks whatever the spacing.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import NoteError
from ...model import Block, Note
from .header import FIELD
from .docx_reader import MAX_HEADING_CHARS, NUMBERED_LINE

MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+(?P<text>.+)$")
BULLET = re.compile(r"^\s*[-*•–]\s+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MD_EMPHASIS = re.compile(r"^(\*\*|__)(?P<text>.+)\1$")


def read_text(path: Path) -> Note:
    """The note in a .txt or .md file."""
    text = decoded(path)
    markdown = path.suffix.lower() == ".md"
    blocks: list[Block] = []
    for paragraph in re.split(r"\n\s*\n", text):
        blocks.extend(paragraph_blocks(paragraph, markdown))
    return Note(path=path, county="", blocks=blocks)


def decoded(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "cp1252"]
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not CONTROL.search(text):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise NoteError(
        f"{path}: the text is not in a readable encoding (tried UTF-8, UTF-16 and Windows-1252); "
        "open it in a text editor and save it as UTF-8."
    )


def paragraph_blocks(paragraph: str, markdown: bool) -> list[Block]:
    lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
    numbered_list = sum(bool(NUMBERED_LINE.match(line)) for line in lines) >= 2
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append(body_block(joined(pending), single_line=len(pending) == 1))
            pending.clear()

    for line in lines:
        heading = MD_HEADING.match(line) if markdown else None
        if markdown and line.lstrip().startswith("|"):
            flush()
            row = table_row(line)
            if row:
                blocks.append(Block(text=row, kind="table"))
        elif heading:
            flush()
            blocks.append(Block(text=heading.group(2), kind="heading", level=len(heading.group(1))))
        elif FIELD.match(line):
            flush()
            blocks.append(Block(text=line.strip()))
        elif BULLET.match(line) or (numbered_list and NUMBERED_LINE.match(line)):
            flush()
            blocks.append(Block(text=LIST_ITEM.match(line)["text"].strip(), kind="list"))
        elif blocks and blocks[-1].kind == "list" and line.startswith((" ", "\t")):
            last = blocks.pop()
            blocks.append(Block(text=joined([last.text, line]), kind="list"))
        else:
            pending.append(line)
    flush()
    return blocks


def body_block(text: str, single_line: bool) -> Block:
    emphasis = MD_EMPHASIS.match(text)
    if emphasis:
        return Block(text=emphasis["text"], kind="maybe_heading")
    looks_like_heading = (
        single_line
        and len(text) <= MAX_HEADING_CHARS
        and not text.endswith((".", ":", "?", "!"))
        and (NUMBERED_LINE.match(text) or len(text.split()) <= 10)
    )
    return Block(text=text, kind="maybe_heading" if looks_like_heading else "body")


def joined(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def table_row(line: str) -> str:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells if cell):
        return ""
    return " | ".join(cell for cell in cells if cell)
