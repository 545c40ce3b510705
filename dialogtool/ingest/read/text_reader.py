"""Read a note saved as plain text (.txt) or Markdown (.md).

Paragraphs are separated by blank lines; a paragraph hard-wrapped over several lines is
joined again (a word split with a hyphen at a line end keeps its hyphen and loses the
break). List items and header fields are their own blocks whatever the spacing; the quote marks
of an e-mail or a block quote ("> ") are not text. Notes
written with one paragraph per line and no blank lines are read line by line, and a short
line directly above its text is a heading candidate (`line_groups`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ...errors import NoteError
from ...model import Block, Note
from .header import FIELD
from .lines import SENTENCE_END, is_no_text, joined, runs_on
from .docx_reader import (MAX_HEADING_CHARS, MAX_LABEL_WORDS, MAX_QUESTION_CHARS, NUMBERED_LINE, TYPED_BULLET,
                          line_signal)

MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
NUMBER_MARK = re.compile(r"^\s*\d{1,2}[.)]\s+")
#: The quote marks of an e-mail or a Markdown block quote ("> Beslut om …"): not text.
QUOTE_MARK = re.compile(r"^(?:[ \t]*>)+[ \t]?", re.M)
TAB_WIDTH = 4
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Control characters a text editor or an export leaves in real UTF-8 notes, and what
#: they stand for: a page break (form feed) ends a paragraph, a vertical tab breaks a line.
CONTROL_MEANING = {"\x0c": "\n\n", "\x0b": "\n"}
#: Above this share of control characters a text is not text in that encoding.
MAX_CONTROL_SHARE = 0.01
MD_EMPHASIS = re.compile(r"^(\*\*|__)(?P<text>.+)\1$")
#: Markdown emphasis inside a line ("**Fråga 1.** Hur …", "*utkast*"): the marks are not text.
MD_INLINE = re.compile(r"(\*\*|__|\*|_)(?=\S)(?P<text>.+?)(?<=\S)\1")


def read_text(path: Path) -> Note:
    """The note in a .txt or .md file."""
    text = decoded(path)
    markdown = path.suffix.lower() == ".md"
    text = QUOTE_MARK.sub("", text)
    chunks = [[line.rstrip() for line in chunk.split("\n") if line.strip() and not is_no_text(line)]
              for chunk in re.split(r"\n\s*\n", text)]
    lines_of_note = [line for lines in chunks for line in lines]
    heads = outline_heads(lines_of_note)
    depths = list_depths([line for i, line in enumerate(lines_of_note) if i not in heads and is_bullet(line)])
    blocks: list[Block] = []
    start = 0
    for lines in chunks:
        blocks.extend(paragraph_blocks(lines, markdown, {i - start for i in heads if start <= i < start + len(lines)}, depths))
        start += len(lines)
    return Note(path=path, county="", blocks=blocks)


def outline_heads(lines: list[str]) -> set[int]:
    """The positions of the lines that head an outline (a note-app export, a Word outline
    copied as text): an unindented line without a bullet directly above an indented bullet,
    and, where every unindented bullet of the note has sub-bullets (the note is an outline
    whose top level is its topics), each short unindented bullet."""
    heads: set[int] = set()
    top_bullets: list[int] = []
    for index, line in enumerate(lines):
        nested = index + 1 < len(lines) and is_bullet(lines[index + 1]) and indent(lines[index + 1]) > indent(line)
        if indent(line) or not is_label(TYPED_BULLET.sub("", line)):
            if is_bullet(line) and not indent(line):
                top_bullets.append(-1)  # an unindented bullet that heads nothing: no outline
            continue
        if is_bullet(line):
            top_bullets.append(index if nested else -1)
        elif nested:
            heads.add(index)
    if len(top_bullets) >= 2 and -1 not in top_bullets:
        heads.update(top_bullets)
    return heads


def list_depths(bullets: list[str]) -> dict[int, int]:
    """Indentation width → how deep a list item with it stands (1 = the top level of the
    note's lists), from the widths its bullets use: two spaces, four or a tab a level alike."""
    return {width: depth for depth, width in enumerate(sorted({indent(line) for line in bullets}), 1)}


def is_bullet(line: str) -> bool:
    return bool(TYPED_BULLET.match(line))


def indent(line: str) -> int:
    """The width of the line's indentation, a tab counting as four spaces."""
    expanded = line.expandtabs(TAB_WIDTH)
    return len(expanded) - len(expanded.lstrip())


def is_label(text: str) -> bool:
    """A short line that says nothing by itself: no final stop, a few words."""
    return len(text.split()) <= MAX_LABEL_WORDS and not SENTENCE_END.search(text.rstrip(":")) and len(text) <= MAX_HEADING_CHARS


def decoded(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252;
    composed (NFC), as a Mac may write "ä" as "a" and a combining mark."""
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
        controls = len(CONTROL.findall(text))
        if not controls or (encoding == "utf-8-sig" and controls <= MAX_CONTROL_SHARE * len(text)):
            text = CONTROL.sub(lambda m: CONTROL_MEANING.get(m.group(0), ""), text)
            return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    raise NoteError(
        f"{path}: texten har ingen läsbar teckenkodning (prövade UTF-8, UTF-16 och Windows-1252); "
        "öppna den i en textredigerare och spara den som UTF-8."
    )


def paragraph_blocks(lines: list[str], markdown: bool, heads: set[int], depths: dict[int, int]) -> list[Block]:
    """The blocks of one blank-line-separated chunk of lines; `heads` are the positions of
    the lines that head an outline (`outline_heads`), `depths` how deep a bullet with a given
    indentation stands (a list item's `level`)."""
    numbered_list = sum(bool(NUMBERED_LINE.match(line)) for line in lines) >= 2
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        for group in line_groups(pending):
            blocks.append(body_block(joined(group), single_line=len(group) == 1, markdown=markdown))
        pending.clear()

    for index, line in enumerate(lines):
        heading = MD_HEADING.match(line) if markdown else None
        if index in heads:
            flush()
            text = TYPED_BULLET.sub("", line).strip()
            blocks.append(Block(text=plain(text) if markdown else text, kind="maybe_heading", level=1, signal="outline"))
        elif markdown and line.lstrip().startswith("|"):
            flush()
            row = table_row(line)
            if row:
                blocks.append(Block(text=row, kind="table"))
        elif heading:
            flush()
            blocks.append(Block(text=plain(heading.group(2)), kind="heading", level=len(heading.group(1))))
        elif FIELD.match(line):
            flush()
            blocks.append(Block(text=line.strip()))
        elif is_bullet(line) or (numbered_list and NUMBERED_LINE.match(line)):
            flush()
            item = (TYPED_BULLET if is_bullet(line) else NUMBER_MARK).sub("", line, count=1).strip()
            blocks.append(Block(text=plain(item) if markdown else item, kind="list", level=depths.get(indent(line), 1)))
        elif blocks and blocks[-1].kind == "list" and line.startswith((" ", "\t")):
            last = blocks.pop()
            blocks.append(Block(text=joined([last.text, line]), kind="list", level=last.level))
        else:
            pending.append(line)
    flush()
    return blocks


def line_groups(lines: list[str]) -> list[list[str]]:
    """The lines of one blank-line-separated chunk, grouped into paragraphs.

    Where no line runs on into the next (no line without a final stop followed by one in
    lower case, none ending in a hyphen), the chunk was written one paragraph per line
    (or one list item per line, without bullets): every line is a paragraph. Otherwise the
    chunk is one hard-wrapped paragraph, after any short line above a longer one that
    starts with a capital (a heading of its own, unless the line before runs on into it). A hard-wrapped paragraph whose every
    break falls before a capitalised word is read as lines: too rare to guess against.
    """
    if not any(runs_on(line, after) for line, after in zip(lines, lines[1:])):
        return [[line] for line in lines]
    groups: list[list[str]] = [[]]
    for before, line, after in zip([None, *lines], lines, [*lines[1:], None]):
        groups[-1].append(line)
        continued = before is not None and runs_on(before, line)
        if after is not None and not continued and is_heading_above(line, after):
            groups.append([])
    return groups


def is_heading_above(line: str, after: str) -> bool:
    """A short line without a final stop directly above a longer one that starts anew."""
    return (
        is_label(line)
        and not line.endswith("-")
        and starts_anew(after)
        and len(line) < len(after)
    )


def starts_anew(line: str) -> bool:
    first = line.lstrip()[:1]
    return first.isupper() or first.isdigit()


def body_block(text: str, single_line: bool, markdown: bool = False) -> Block:
    emphasis = MD_EMPHASIS.match(text)
    if emphasis:
        return Block(text=plain(emphasis["text"]), kind="maybe_heading", signal="emphasis")
    if markdown:
        text = plain(text)
    if single_line and text.rstrip().endswith("?") and len(text) <= MAX_QUESTION_CHARS:
        # A question on a line of its own (bold-led or not): a guide question heading its answers, where it is one.
        return Block(text=text, kind="maybe_heading", signal="question")
    if not single_line or len(text) > MAX_HEADING_CHARS:
        return Block(text=text)
    signal = line_signal(text)
    if not signal and not text.endswith((".", ":", "?", "!")) and len(text.split()) <= MAX_LABEL_WORDS:
        signal = "line"
    return Block(text=text, kind="maybe_heading" if signal else "body", signal=signal)


def plain(text: str) -> str:
    """Markdown text without its emphasis marks."""
    return MD_INLINE.sub(lambda match: match["text"], text)


def table_row(line: str) -> str:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells if cell):
        return ""
    return " | ".join(cell for cell in cells if cell)
