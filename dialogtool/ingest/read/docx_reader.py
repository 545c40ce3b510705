"""Read a Word note: body paragraphs and tables in order, heading signals, list items, comments.

Word gives three kinds of heading signal, from strong to weak: a heading style (or an
outline level), a paragraph whose text is all bold, and a short numbered line. The first
is a `heading`; the other two are `maybe_heading` and only become headings when they name
a question area (the `segment` stage decides, since it knows the guide).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocumentType
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ...errors import NoteError
from ...model import Block, Note, WordComment

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
NUMBERED_LINE = re.compile(r"^\s*\d{1,2}\s*[.)]\s+\S")
HEADING_STYLE = re.compile(r"^(heading|rubrik|überschrift|titre)\s*(\d*)$", re.I)
MAX_HEADING_CHARS = 120


def read_docx(path: Path) -> Note:
    """The note in a .docx file, or a NoteError that says why it cannot be read."""
    document = open_document(path)
    comment_ranges = CommentTracker()
    styles = StyleTable(document)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = paragraph_block(item, comment_ranges, styles)
            if block:
                blocks.append(block)
        else:
            blocks.extend(table_blocks(item, comment_ranges))
    return Note(path=path, county="", blocks=blocks, comments=word_comments(document))


def open_document(path: Path) -> DocumentType:
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start == OLE_MAGIC:
        raise NoteError(
            f"{path}: the file is password-protected or an old-format .doc; "
            "open it in Word, remove the password (or Save As .docx) and try again."
        )
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NoteError(
            f"{path}: not a readable Word document ({error.__class__.__name__}); "
            "open it in Word and save it again as .docx."
        ) from None
    except Exception as error:  # lxml and zip errors from a damaged part
        raise NoteError(
            f"{path}: the Word document is damaged ({error}); open it in Word and save it again as .docx."
        ) from None


def paragraph_block(paragraph: Paragraph, comments: "CommentTracker", styles: "StyleTable") -> Block | None:
    ids = comments.ids_in(paragraph._p)
    text = paragraph_text(paragraph)
    if not text.strip():
        return None
    kind, level = paragraph_kind(paragraph, text, styles.of(paragraph))
    return Block(text=text, kind=kind, level=level, comment_ids=ids)


def paragraph_text(paragraph: Paragraph) -> str:
    """The visible text, with Word's soft line breaks as newlines and no trailing space."""
    return paragraph.text.replace("\r", "\n").strip()


def paragraph_kind(paragraph: Paragraph, text: str, style: "StyleInfo") -> tuple[str, int]:
    level = style.heading_level or outline_level(paragraph)
    if level:
        return "heading", level
    if style.is_list or has_numbering(paragraph):
        return "list", 0
    short = len(text) <= MAX_HEADING_CHARS and "\n" not in text
    if short and (is_all_bold(paragraph, style.bold) or (NUMBERED_LINE.match(text) and not text.rstrip().endswith("."))):
        return "maybe_heading", 0
    return "body", 0


def outline_level(paragraph: Paragraph) -> int:
    """1.. where the paragraph itself carries an outline level (a heading without a heading style)."""
    ppr = paragraph._p.pPr
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None:
        value = int(outline.get(qn("w:val"), "9"))
        if value < 9:
            return value + 1
    return 0


def has_numbering(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:numPr")) is not None


def is_all_bold(paragraph: Paragraph, style_bold: bool) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)


class StyleInfo:
    """What a paragraph style says about its paragraphs: heading level, list, bold."""

    def __init__(self, style) -> None:
        self.heading_level = 0
        self.is_list = False
        self.bold = bool(style is not None and style.font.bold)
        while style is not None:
            name = (style.name or "").strip()
            lowered = name.lower()
            self.is_list = self.is_list or "list" in lowered or "lista" in lowered
            match = HEADING_STYLE.match(name)
            if lowered == "title" or match:
                self.heading_level = int(match.group(2) or 1) if match else 1
                break
            style = style.base_style


class StyleTable:
    """Style facts per style id, worked out once per document (python-docx's lookup is slow)."""

    def __init__(self, document: DocumentType) -> None:
        self.document = document
        self.cache: dict[str | None, StyleInfo] = {}

    def of(self, paragraph: Paragraph) -> StyleInfo:
        ppr = paragraph._p.pPr
        style_id = ppr.style if ppr is not None else None
        if style_id not in self.cache:
            self.cache[style_id] = StyleInfo(paragraph.style)
        return self.cache[style_id]


def table_blocks(table: Table, comments: "CommentTracker") -> list[Block]:
    """One block per table row (cells joined by ' | '); nested tables follow their row."""
    blocks: list[Block] = []
    for row in table.rows:
        cells: list[str] = []
        nested: list[Block] = []
        ids: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            parts = []
            for paragraph in cell.paragraphs:
                ids.extend(comments.ids_in(paragraph._p))
                if paragraph.text.strip():
                    parts.append(paragraph.text.strip())
            cells.append(" ".join(parts))
            for inner in cell.tables:
                nested.extend(table_blocks(inner, comments))
        text = " | ".join(c for c in cells if c)
        if text:
            blocks.append(Block(text=text, kind="table", comment_ids=tuple(dict.fromkeys(ids))))
        blocks.extend(nested)
    return blocks


class CommentTracker:
    """Which comment ranges cover a paragraph, walking paragraphs in document order.

    A comment spanning several paragraphs opens with `commentRangeStart` in the first and
    closes with `commentRangeEnd` in the last; every paragraph in between is covered too.
    """

    def __init__(self) -> None:
        self.open: dict[str, None] = {}

    def ids_in(self, p_element) -> tuple[str, ...]:
        found = dict.fromkeys(self.open)
        for element in p_element.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")):
            comment_id = element.get(qn("w:id"))
            if element.tag == qn("w:commentRangeStart"):
                self.open[comment_id] = None
                found[comment_id] = None
            elif element.tag == qn("w:commentRangeEnd"):
                found[comment_id] = None
                self.open.pop(comment_id, None)
            else:
                found[comment_id] = None
        return tuple(found)


def word_comments(document: DocumentType) -> dict[str, WordComment]:
    try:
        comments = list(document.comments)
    except Exception:  # a document without a comments part, or one python-docx cannot parse
        return {}
    return {
        str(c.comment_id): WordComment(
            comment_id=str(c.comment_id),
            text=c.text or "",
            author=c.author or "",
            date=c.timestamp.isoformat() if getattr(c, "timestamp", None) else "",
        )
        for c in comments
    }
