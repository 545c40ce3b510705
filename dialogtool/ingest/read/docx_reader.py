"""Read a Word note: body paragraphs and tables in order, heading signals, list items, comments.

Word gives several kinds of heading signal, from strong to weak: a heading style (or an
outline level), a paragraph whose text is all bold, a short one all in italics, and a short
line that is numbered, in capitals or ends with a colon. The first is a `heading`; the others are `maybe_heading` and
only become headings when they name a question area or label a part of the note (the
`segment` stage decides, since it knows the guide).

Text pasted from a PDF, every printed line a Word paragraph, is joined into its paragraphs
again, without the page numbers between them (`lines.runs_on`).

A note written as a table (question area in the first column or columns, the notes in the
others, several paragraphs per cell) gives the row's label as a `maybe_heading` and each
paragraph of the notes as a block of its own; so does a table whose cells hold notes side by
side (the areas as columns), and a table of one column (text in a frame) is read as the body
it frames. Any other table gives one block per row.

The package is checked before it is parsed: an XML DOCTYPE or entity (which Word never
writes) and a zip bomb (`archives.archive_problem`) are refused with a message, never read
as an empty note.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import nsmap, qn
from docx.oxml.simpletypes import ST_OnOff
from docx.styles.style import StyleFactory
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ...archives import ZIP_ERRORS, archive_problem
from ...errors import NoteError
from ...model import Block, Note, WordComment
from .docx_package import KEPT_STYLES, StylesPartOnDemand, doctype_member, loaded_parts, package_document, parsed_styles
from .docx_parts import own_runs
from .header import TABLE_FIELD
from .lines import is_no_text, joined, runs_on

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
NUMBERED_LINE = re.compile(r"^\s*\d{1,2}\s*[.)]\s+\S")
#: A paragraph of minutes ("§ 3 Styrgruppens sammansättning"): numbered as a heading is.
MINUTES_PARAGRAPH = re.compile(r"^\s*§\s*\d{1,3}\b")
#: The time a part of the meeting began, heading its notes ("10.25 Planen", "09.00").
TIME_STAMP = re.compile(r"^\s*\d{1,2}[.:]\d{2}(?:\s*[–-])?(?:\s|$)")
HEADING_STYLE = re.compile(r"^(heading|rubrik|überschrift|titre)\s*(\d*)$", re.I)
MAX_HEADING_CHARS = 120
#: A guide question standing as a heading (numbered, or led by bold words) may be this long:
#: the area's name and its question ("Länsgemensam samordning av … Hur samordnas …?").
MAX_QUESTION_CHARS = 3 * MAX_HEADING_CHARS
#: A heading in capitals has at most this many words, one ending with a colon fewer (a
#: longer line ending with a colon introduces a list: "Länet vill föra fram följande:").
MAX_LABEL_WORDS = 10
MAX_COLON_WORDS = 6
#: A bullet typed by hand at the start of a line ("- ", "• "), or copied with a Word outline
#: as text ("▪ ", and "o " on an indented line, Word's second-level mark in Courier).
TYPED_BULLET = re.compile(r"^\s*(?:[-*•–·▪◦○■□➢►‣]|(?<=\s)o)\s+")
#: Parts of a paragraph whose text is not on the page: deleted or moved-away text (tracked
#: changes), text boxes (and their fallback copy), paragraph and run properties.
HIDDEN = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), qn("w:pPr"), qn("w:rPr"), qn("w:sdtPr"),
          "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
#: Run content that stands for a character.
CHARACTERS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
#: The names of the elements and attributes read per paragraph, spelt out once (`qn` builds
#: a name anew on every call).
P, TBL, CUSTOM_XML, PPR, T, BR = qn("w:p"), qn("w:tbl"), qn("w:customXml"), qn("w:pPr"), qn("w:t"), qn("w:br")
SDT, SDT_PR, SDT_CONTENT, SDT_TAG, SHOWING_PLACEHOLDER = (
    qn("w:sdt"), qn("w:sdtPr"), qn("w:sdtContent"), qn("w:tag"), qn("w:showingPlcHdr"))
OUTLINE_LEVEL, NUMBERING_PROPERTIES, NO_BREAK_HYPHEN = qn("w:outlineLvl"), qn("w:numPr"), qn("w:noBreakHyphen")
COMMENT_START, COMMENT_END, COMMENT_REFERENCE = (
    qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))
VAL, TYPE, ID = qn("w:val"), qn("w:type"), qn("w:id")
RUN_PROPERTIES, BOLD, ITALIC = qn("w:rPr"), qn("w:b"), qn("w:i")
#: The tag of the content controls `dialogtool template` writes the guide's questions in.
HINT_TAG = "dialogtool:anvisning"
#: A notes table: its notes cells hold several paragraphs, or at least this many characters,
#: and its label cells at most this many (a guide question with its hint fits).
NOTES_CELL_CHARS = 200
MAX_LABEL_CHARS = 250
#: The paragraph styles marked default, in document order (the last one counts, as in
#: python-docx's `CT_Styles.default_for`, whose "on" values of w:default these are).
DEFAULT_PARAGRAPH_STYLES = etree.XPath(
    'w:style[@w:type="paragraph" and (@w:default="1" or @w:default="true" or @w:default="on")]', namespaces=nsmap)


def read_docx(path: Path) -> Note:
    """The note in a .docx file, or a NoteError that says why it cannot be read."""
    document = open_document(path)
    blocks = [block for block, _ in document_blocks(document)]
    return Note(path=path, county="", blocks=blocks, comments=word_comments(document))


#: One block of a note with the Word paragraphs it was read from (for writing comments back).
Sourced = tuple[Block, list[Paragraph]]


def document_blocks(document: DocumentType) -> list[Sourced]:
    """Every block of the document in order, each with the paragraphs it was read from:
    body paragraphs and tables, also inside content controls (w:sdt)."""
    return flow_blocks(block_items(document.element.body, document._body), CommentTracker(), style_table(document))


def flow_blocks(items: list[Paragraph | Table], comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """The blocks of paragraphs and tables in reading order (a document's body, or the text in
    a frame): lines pasted from a PDF joined into their paragraphs, page numbers and separator
    lines left out."""
    result: list[Sourced] = []
    last_was_paragraph = False
    for item in items:
        if isinstance(item, Paragraph):
            block = paragraph_block(item, comments, styles)
            if block and is_no_text(block.text):
                continue
            if block and last_was_paragraph and continues(result[-1][0], block):
                previous, sources = result.pop()
                block = replace(previous, text=joined([previous.text, block.text]),
                                comment_ids=tuple(dict.fromkeys(previous.comment_ids + block.comment_ids)))
                result.append((block, [*sources, item]))
            elif block:
                result.append((block, [item]))
            last_was_paragraph = last_was_paragraph or bool(block)
        else:
            result.extend(table_blocks(item, comments, styles))
            last_was_paragraph = False
    return result


def continues(previous: Block, block: Block) -> bool:
    """Whether a body paragraph is the rest of the one before: text pasted from a PDF comes
    with every printed line a paragraph of its own, broken mid-sentence (`runs_on`). A line
    typed as a bullet is an item of its own, verbless as it may end ("– ettåriga medel svåra
    att planera mot")."""
    return (previous.kind == block.kind == "body" and runs_on(previous.text, block.text)
            and not TYPED_BULLET.match(previous.text) and not TYPED_BULLET.match(block.text))


def block_items(element, parent) -> list[Paragraph | Table]:
    """The paragraphs and tables of a body or cell in order, with those that Word wraps in a
    content control or custom XML (python-docx lists neither); not a content control that
    still shows its placeholder, nor a guide question the template put in as a hint."""
    items: list[Paragraph | Table] = []
    for child in element:
        if child.tag == P:
            items.append(Paragraph(child, parent))
        elif child.tag == TBL:
            items.append(Table(child, parent))
        elif child.tag == CUSTOM_XML:
            items.extend(block_items(child, parent))
        elif child.tag == SDT and not is_hint(child):
            content = child.find(SDT_CONTENT)
            items.extend(block_items(content, parent) if content is not None else [])
    return items


def is_hint(sdt) -> bool:
    """Whether a content control holds no writing: its placeholder, or a template hint."""
    properties = sdt.find(SDT_PR)
    if properties is None:
        return False
    tag = properties.find(SDT_TAG)
    return properties.find(SHOWING_PLACEHOLDER) is not None or (tag is not None and tag.get(VAL) == HINT_TAG)


def open_document(path: Path) -> DocumentType:
    """The document in a .docx file as python-docx opens it (`docx_package`), or a NoteError
    that says why it cannot be opened."""
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start == OLE_MAGIC:
        raise NoteError(
            f"{path}: filen är lösenordsskyddad eller en .doc i det gamla formatet; "
            "öppna den i Word, ta bort lösenordet (eller Spara som .docx) och försök igen."
        )
    refuse_zip_bomb(path)
    reader = checked_package(path)
    try:
        return package_document(reader, path)
    except Exception as error:
        raise unreadable(path, error) from None


def checked_package(path: Path) -> PackageReader:
    """python-docx's reading of the package (every part inflated, none parsed yet), once no
    part declares a DOCTYPE. Where python-docx cannot read the package, a DOCTYPE is still
    named rather than what python-docx found wrong, as when the check read the package first."""
    try:
        reader = PackageReader.from_file(str(path))
    except Exception as error:
        refuse_doctype(path, {})
        raise unreadable(path, error) from None
    refuse_doctype(path, loaded_parts(reader))
    return reader


def unreadable(path: Path, error: Exception) -> NoteError:
    """The error for a package python-docx cannot open: no Word document, or a damaged part
    (lxml and zip errors)."""
    if isinstance(error, (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError)):
        return NoteError(
            f"{path}: inget läsbart Word-dokument ({error.__class__.__name__}); "
            "öppna det i Word och spara det igen som .docx."
        )
    return NoteError(f"{path}: Word-dokumentet är skadat ({error}); öppna det i Word och spara det igen som .docx.")


def refuse_zip_bomb(path: Path) -> None:
    """Refuse a .docx that unpacks to far more than it holds (the project's archive limits),
    before anything is inflated; a package that is no zip at all is left to python-docx to report."""
    try:
        with zipfile.ZipFile(path) as package:
            problem = archive_problem(package)
    except ZIP_ERRORS:
        return
    if problem:
        raise NoteError(
            f"{path}: Word-dokumentet avvisas: {problem}, så det är skadat eller en zip-bomb; "
            "öppna det i Word och spara det igen som .docx, utan stora inbäddade filer."
        )


def refuse_doctype(path: Path, loaded: dict[str, bytes]) -> None:
    """Refuse a .docx whose XML declares a DOCTYPE (`doctype_member`; `loaded`: the parts
    python-docx has read)."""
    member = doctype_member(path, loaded)
    if member:
        raise NoteError(
            f"{path}: delen {member} i Word-dokumentet deklarerar en XML-DOCTYPE eller -entitet, "
            "vilket Word aldrig skriver (det kan få en läsare att hämta andra filer); "
            "öppna anteckningen i Word och spara den igen som .docx, eller be avsändaren om en ny kopia."
        )


def paragraph_block(paragraph: Paragraph, comments: "CommentTracker", styles: "StyleTable") -> Block | None:
    ids = comments.ids_in(paragraph._p)
    text = paragraph_text(paragraph)
    if not text.strip():
        return None
    kind, level, signal = paragraph_kind(paragraph, text, styles.of(paragraph))
    return Block(text=text, kind=kind, level=level, comment_ids=ids, signal=signal)


def paragraph_text(paragraph: Paragraph) -> str:
    """The visible text, composed (NFC), with Word's soft line breaks as newlines and no
    trailing space: text inserted with tracked changes counts, deleted text and text boxes
    do not."""
    return unicodedata.normalize("NFC", visible_text(paragraph._p).replace("\r", "\n").strip())


def visible_text(element) -> str:
    parts = []
    for child in element:
        if child.tag in HIDDEN:
            continue
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag == BR:
            parts.append("\n" if child.get(TYPE, "textWrapping") == "textWrapping" else "")
        elif child.tag in CHARACTERS:
            parts.append(CHARACTERS[child.tag])
        else:
            parts.append(visible_text(child))
    return "".join(parts)


def paragraph_kind(paragraph: Paragraph, text: str, style: "StyleInfo") -> tuple[str, int, str]:
    """The block kind, heading level and heading signal of a body paragraph. A bold item
    of a numbered list, or one that asks a question, keeps the signal: Word's numbering button is a common way to number
    headings, and the `segment` stage makes it a heading where it names another area."""
    level = style.heading_level or outline_level(paragraph)
    if level:
        return "heading", level, ""
    short = len(text) <= MAX_HEADING_CHARS and "\n" not in text
    bold = short and is_all_bold(paragraph, style.bold)
    if style.is_list or has_numbering(paragraph):
        # A numbered guide question ("1. Länsgemensam ledning … Hur ser den ut i dag?") may head its answers.
        question = len(text) <= MAX_QUESTION_CHARS and "\n" not in text and text.rstrip().endswith("?")
        return "list", 0, "bold" if bold else "question" if question else ""
    if bold:
        return "maybe_heading", 0, "bold"
    if short and len(text.split()) <= MAX_COLON_WORDS and not text.endswith((".", "!", "?")) and is_all_italic(paragraph, style.italic):
        return "maybe_heading", 0, "italic"
    signal = line_signal(text) if short else ""
    return ("maybe_heading", 0, signal) if signal else ("body", 0, "")


def line_signal(line: str) -> str:
    """What makes a short line look like a heading, whatever the format: "numbered" ("2. Planen", "§ 2 Planen"),
    "time" ("10.25 Planen", "09.00": notes by the clock), "caps" ("LEDNING OCH SAMORDNING"),
    "colon" ("Ledning:") or "dash" ("Planen och medlen –"); "" for none."""
    text = line.strip()
    words = len(text.split())
    if (NUMBERED_LINE.match(text) or MINUTES_PARAGRAPH.match(text)) and not text.endswith("."):
        return "numbered"
    if TIME_STAMP.match(text) and words <= MAX_LABEL_WORDS and not text.endswith("."):
        return "time"
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters) and words <= MAX_LABEL_WORDS:
        return "caps"
    if text.endswith(":") and words <= MAX_COLON_WORDS:
        return "colon"
    if text.endswith((" –", " —", " -")) and words <= MAX_COLON_WORDS + 1:
        return "dash"
    return ""


def outline_level(paragraph: Paragraph) -> int:
    """1.. where the paragraph itself carries an outline level (a heading without a heading style)."""
    ppr = paragraph._p.find(PPR)
    outline = ppr.find(OUTLINE_LEVEL) if ppr is not None else None
    if outline is not None:
        value = int(outline.get(VAL, "9"))
        if value < 9:
            return value + 1
    return 0


def has_numbering(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.find(PPR)
    return ppr is not None and ppr.find(NUMBERING_PROPERTIES) is not None


def is_all_bold(paragraph: Paragraph, style_bold: bool) -> bool:
    runs = text_runs(paragraph)
    return bool(runs) and all(bold or (bold is None and style_bold) for bold in (run_flag(run, BOLD) for run in runs))


def is_all_italic(paragraph: Paragraph, style_italic: bool) -> bool:
    """Whether every run with text is italic: a short italic line labels what follows."""
    runs = text_runs(paragraph)
    return bool(runs) and all(italic or (italic is None and style_italic)
                              for italic in (run_flag(run, ITALIC) for run in runs))


def text_runs(paragraph: Paragraph) -> list:
    """The paragraph's own run elements (`own_runs`) that show more than white space."""
    return [run for run in own_runs(paragraph._p) if shows_text(run)]


def shows_text(run) -> bool:
    """Whether the run element's text (python-docx's `Run.text`) is more than white space:
    of what that text is made of, only w:t and w:noBreakHyphen ("-") can be; w:tab, w:ptab,
    w:br and w:cr are white space or nothing."""
    return any(child.tag == NO_BREAK_HYPHEN or (child.text or "").strip()
               for child in run.iterchildren(T, NO_BREAK_HYPHEN))


def run_flag(run, flag: str) -> bool | None:
    """A run element's bold (BOLD) or italic (ITALIC) setting as python-docx's `Run.bold` and
    `Run.italic` read it: None where the run leaves it to its style, a flag without a value on."""
    properties = run.find(RUN_PROPERTIES)
    element = properties.find(flag) if properties is not None else None
    if element is None:
        return None
    value = element.get(VAL)
    return True if value is None else ST_OnOff.convert_from_xml(value)


class StyleInfo:
    """What a paragraph style says about its paragraphs: heading level, list, bold, italic."""

    def __init__(self, style) -> None:
        self.heading_level = 0
        self.is_list = False
        self.bold = bool(style is not None and style.font.bold)
        self.italic = bool(style is not None and style.font.italic)
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
    """Style facts per style id of one styles part, worked out once. A style is found as
    python-docx's `Paragraph.style` finds it (`paragraph_style`), but its default style without
    reading the type of every style: a note's styles part is mostly table styles it never uses."""

    def __init__(self, styles) -> None:
        self.styles = styles
        self.cache: dict[str | None, StyleInfo] = {}

    def of(self, paragraph: Paragraph) -> StyleInfo:
        ppr = paragraph._p.find(PPR)
        style_id = ppr.style if ppr is not None else None
        if style_id not in self.cache:
            self.cache[style_id] = StyleInfo(self.paragraph_style(style_id))
        return self.cache[style_id]

    def paragraph_style(self, style_id: str | None):
        """The paragraph style `style_id` names, else (no id, an unknown one, or one of
        another type) the default paragraph style, None where there is none: python-docx's
        `Styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)`."""
        element = self.styles.get_by_id(style_id) if style_id else None
        if element is None or element.type != WD_STYLE_TYPE.PARAGRAPH:
            defaults = DEFAULT_PARAGRAPH_STYLES(self.styles)
            return StyleFactory(defaults[-1]) if defaults else None
        return StyleFactory(element)


def style_table(document: DocumentType) -> StyleTable:
    """The style table of the document's styles: shared by every document whose styles part
    holds the same bytes and is still unparsed (`shared_style_table`), else the document's
    own (a styles part someone has parsed may have been changed, and a document without one
    gets python-docx's default)."""
    try:
        part = document.part.part_related_by(RT.STYLES)
    except KeyError:
        part = None
    if isinstance(part, StylesPartOnDemand) and not part.is_parsed:
        return shared_style_table(part.content)
    return StyleTable(document.styles.element)


@functools.lru_cache(maxsize=KEPT_STYLES)
def shared_style_table(content: bytes) -> StyleTable:
    """The style table of a styles part's content, one per distinct content: notes written from
    one template carry the same styles part, and its facts (what StyleTable works out) are the same."""
    return StyleTable(parsed_styles(content))


def table_blocks(table: Table, comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """The blocks of a table: a notes table's labels and paragraphs (`notes_table_blocks`),
    else one block per row (cells joined by ' | '); nested tables follow their row."""
    rows = [row_cells(row) for row in table.rows]
    if all(len(cells) == 1 for cells in rows):
        return framed_blocks([cells[0] for cells in rows], comments, styles)
    if titled_columns(rows):
        return notes_grid_blocks(rows, comments, styles)
    width = label_width(rows)
    if width:
        return notes_table_blocks(rows, width, comments, styles)
    if any(sum(map(is_notes_cell, cells)) >= 2 for cells in rows):
        return notes_grid_blocks(rows, comments, styles)
    blocks: list[Sourced] = []
    titled = has_title_row(rows)
    for number, cells_of_row in enumerate(rows):
        cells: list[str] = []
        nested: list[Sourced] = []
        ids: list[str] = []
        sources: list[Paragraph] = []
        for cell in cells_of_row:
            parts = []
            for paragraph in cell_items(cell, Paragraph):
                ids.extend(comments.ids_in(paragraph._p))
                text = paragraph_text(paragraph)
                if text:
                    parts.append(text)
                    sources.append(paragraph)
            cells.append(" ".join(parts))
            for inner in cell_items(cell, Table):
                nested.extend(table_blocks(inner, comments, styles))
        text = " | ".join(c for c in cells if c)
        if text:
            blocks.append((Block(text=text, kind="table", comment_ids=tuple(dict.fromkeys(ids)),
                                 signal="titles" if titled and number == 0 else ""), sources))
        blocks.extend(nested)
    return blocks


def has_title_row(rows: list[list]) -> bool:
    """A first row that only names the columns ("Fråga | Svar"): every cell a title, where a
    row below holds more than titles (a table of short facts, "Handlingsplan | Antagen",
    has no title row to tell apart)."""
    return (len(rows) > 1 and all(map(is_title_cell, rows[0]))
            and any(not is_title_cell(cell) for row in rows[1:] for cell in row if cell_paragraphs(cell)))


def framed_blocks(cells: list, comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """A table of one column — text in a frame, a box for the answer — read as the body it
    frames: each paragraph a block of its own, as it would be outside the frame."""
    return [sourced for cell in cells for sourced in flow_blocks(block_items(cell._tc, cell), comments, styles)]


def cell_items(cell, kind: type) -> list:
    """The cell's paragraphs (or tables), also those inside content controls."""
    return [item for item in block_items(cell._tc, cell) if isinstance(item, kind)]


def row_cells(row) -> list:
    """The row's cells, a merged cell once."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:  # a merged cell repeats
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def label_width(rows: list[list]) -> int:
    """How many leading columns of a table are labels, when the table is the note itself:
    short labels first (a number, a question area, a question, "Del 1"), notes after — in
    one column or several ("Vad länet berättade | Kommentar") — with several paragraphs in a
    cell, or a long one, in at least one row. 0 for any other table: a table of facts ("Roll |
    Organisation", "Att göra | Vem | När": a short cell beside another is no second paragraph)
    is not a note. The widest label that stays short, one paragraph a cell,
    in every row wins."""
    if not rows or any(len(cells) < 2 for cells in rows):
        return 0
    for width in range(min(map(len, rows)) - 1, 0, -1):
        if any(len(row_label(cells, width)) > MAX_LABEL_CHARS or any(len(cell_paragraphs(cell)) > 1 for cell in cells[:width])
               for cells in rows):
            continue
        notes = [[cell_paragraphs(cell) for cell in cells[width:]] for cells in rows]
        if any(any(len(paragraphs) > 1 for paragraphs in row) or sum(len(t) for paragraphs in row for t in paragraphs)
               >= NOTES_CELL_CHARS for row in notes):
            return width
    return 0


def row_label(cells: list, width: int) -> str:
    """The label of a notes table's row: the text of its first `width` cells."""
    return " ".join(text for cell in cells[:width] for text in cell_paragraphs(cell))


def cell_paragraphs(cell) -> list[str]:
    return [text for text in (paragraph_text(p) for p in cell_items(cell, Paragraph)) if text]


def notes_table_blocks(rows: list[list], width: int, comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """A notes table's rows: the label cells as a `maybe_heading` (signal "cell"), then each
    paragraph of the notes cells as its own block, typed bullets ("- ") as list items. A
    first row of column titles ("Frågeområde | Anteckningar", signal "titles": no content of
    the note) and a header field ("Deltagare | fem (…)") stay table rows."""
    blocks: list[Sourced] = []
    for number, cells in enumerate(rows):
        label_paragraphs = [p for cell in cells[:width] for p in cell_items(cell, Paragraph)]
        ids = tuple(i for p in label_paragraphs for i in comments.ids_in(p._p))
        label = row_label(cells, width)
        notes = [text for cell in cells[width:] for text in cell_paragraphs(cell)]
        note_paragraphs = [p for cell in cells[width:] for p in cell_items(cell, Paragraph)]
        titles = number == 0 and is_column_titles(label, notes)
        if titles or TABLE_FIELD.match(f"{label} |"):
            ids += tuple(i for p in note_paragraphs for i in comments.ids_in(p._p))
            blocks.append((Block(text=" | ".join([label, *notes]), kind="table", comment_ids=ids,
                                 signal="titles" if titles else ""), label_paragraphs + note_paragraphs))
            continue
        if label:
            blocks.append((Block(text=label, kind="maybe_heading", comment_ids=ids, signal="cell"), label_paragraphs))
        for paragraph in note_paragraphs:
            blocks.extend(cell_blocks(paragraph, comments, styles))
    return blocks


def is_notes_cell(cell) -> bool:
    """A cell that holds notes: several paragraphs, or a long one."""
    paragraphs = cell_paragraphs(cell)
    return len(paragraphs) > 1 or sum(map(len, paragraphs)) >= NOTES_CELL_CHARS


def notes_grid_blocks(rows: list[list], comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """A table whose cells hold notes side by side, with no label column: the areas as its
    columns. A row of column titles above one row of notes is read column by column, each
    title a `maybe_heading` (signal "column"); any other such table row by row and cell by
    cell, a cell's first line heading it (signal "column") where every notes cell of the
    row opens with such a line. Each paragraph is a block of its own, never a whole row."""
    if title_row_over_one(rows):
        return [sourced for title, notes in zip(*rows)
                for sourced in [*grid_cell_blocks(title, True, comments, styles), *grid_cell_blocks(notes, False, comments, styles)]]
    blocks: list[Sourced] = []
    for row in rows:
        titled = all(is_title_cell(cell, first_only=True) for cell in row if is_notes_cell(cell))
        for cell in row:
            blocks.extend(grid_cell_blocks(cell, titled and is_notes_cell(cell), comments, styles))
    return blocks


def title_row_over_one(rows: list[list]) -> bool:
    """A row of column titles over one other row of as many cells."""
    return len(rows) == 2 and len(rows[0]) == len(rows[1]) and all(map(is_title_cell, rows[0]))


def titled_columns(rows: list[list]) -> bool:
    """A row of column titles over one row of notes in every column ("Nuläge | Utmaningar |
    Framåt"): read column by column, also where the first column's notes are one sentence,
    short enough to pass for a row's label."""
    return (title_row_over_one(rows) and len(rows[0]) >= 2
            and all(is_notes_cell(cell) or is_statement_cell(cell) for cell in rows[1]))


def is_statement_cell(cell) -> bool:
    """A cell that says something: a sentence longer than a label, ending with a full stop."""
    text = " ".join(cell_paragraphs(cell))
    return len(text.split()) > MAX_LABEL_WORDS and text.rstrip().endswith((".", "!"))


def is_title_cell(cell, first_only: bool = False) -> bool:
    """A cell that is a column's title (or, with `first_only`, opens with one): a short
    line that is no sentence."""
    paragraphs = cell_paragraphs(cell)
    if not paragraphs or (len(paragraphs) > 1 and not first_only):
        return False
    title = paragraphs[0]
    return (len(title.split()) <= MAX_COLON_WORDS and "\n" not in title
            and not title.rstrip().endswith((".", "!")) and title[:1].isupper())


def grid_cell_blocks(cell, titled: bool, comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """The blocks of one cell of a notes grid: its first paragraph as the title where
    `titled`, then each paragraph as a block (typed bullets as list items)."""
    paragraphs = [p for p in cell_items(cell, Paragraph) if paragraph_text(p)]
    blocks: list[Sourced] = []
    if titled:
        ids = comments.ids_in(paragraphs[0]._p)
        blocks.append((Block(text=paragraph_text(paragraphs[0]), kind="maybe_heading", comment_ids=ids, signal="column"),
                       paragraphs[:1]))
        paragraphs = paragraphs[1:]
    for paragraph in paragraphs:
        blocks.extend(cell_blocks(paragraph, comments, styles))
    for inner in cell_items(cell, Table):
        blocks.extend(table_blocks(inner, comments, styles))
    return blocks


def is_column_titles(label: str, notes: list[str]) -> bool:
    """A first row that only names the columns: one short phrase per cell, no sentence."""
    return len(notes) <= 2 and all(len(t.split()) <= 3 and not t.endswith((".", "?")) for t in [label, *notes])


def cell_blocks(paragraph: Paragraph, comments: "CommentTracker", styles: "StyleTable") -> list[Sourced]:
    """The blocks of one paragraph of a notes cell: lines typed as bullets are list items."""
    ids = comments.ids_in(paragraph._p)
    text = paragraph_text(paragraph)
    if not text:
        return []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if all(TYPED_BULLET.match(line) for line in lines):
        return [(Block(text=TYPED_BULLET.sub("", line), kind="list", comment_ids=ids), [paragraph]) for line in lines]
    listed = styles.of(paragraph).is_list or has_numbering(paragraph)
    return [(Block(text=text, kind="list" if listed else "body", comment_ids=ids), [paragraph])]


class CommentTracker:
    """Which comment ranges cover a paragraph, walking paragraphs in document order.

    A comment spanning several paragraphs opens with `commentRangeStart` in the first and
    closes with `commentRangeEnd` in the last; every paragraph in between is covered too.
    """

    def __init__(self) -> None:
        self.open: dict[str, None] = {}

    def ids_in(self, p_element) -> tuple[str, ...]:
        found = dict.fromkeys(self.open)
        for element in p_element.iter(COMMENT_START, COMMENT_END, COMMENT_REFERENCE):
            comment_id = element.get(ID)
            if element.tag == COMMENT_START:
                self.open[comment_id] = None
                found[comment_id] = None
            elif element.tag == COMMENT_END:
                found[comment_id] = None
                self.open.pop(comment_id, None)
            else:
                found[comment_id] = None
        return tuple(found)


def word_comments(document: DocumentType) -> dict[str, WordComment]:
    """The document's Word comments by id; none where it has no comments part (python-docx's
    `Document.comments` would make an empty one, reading its template)."""
    if all(rel.reltype != RT.COMMENTS for rel in document.part.rels.values()):
        return {}
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
