"""python-docx primitives the draft, its working notes and `fill` share: document, captions,
figures, tables set as the report sets them, quotes and the marked places left to write.

Borders, shading and widths are set directly (not through a style), so a table or a figure
looks the same in the tool's draft and in an investigator's own Word draft filled by `fill`.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
import pandas as pd
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from PIL import Image


FIGURE_WIDTH = Cm(15.5)
TABLE_WIDTH = Cm(16)
QUOTE_INDENT = Cm(1)
#: The width of a character of 11 pt table text, bold, for sizing table columns.
CHARACTER = Cm(0.22)
HEADER_FILL = "DCE6F0"
#: Room left on a page for a figure's caption and source line when it is fitted to the page's height.
CAPTION_ROOM = Cm(3.5)
#: The paragraph style of a place the investigator writes in (a chapter the tool cannot write).
WRITE_HERE_STYLE = "Skrivplats"


def new_document() -> docx.Document:
    """An A4 document in Swedish (for Word's proofing), body text 11 pt."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    normal.element.get_or_add_rPr().append(language)
    return document


def chapters_on_new_pages(document) -> None:
    """Every chapter (Heading 1) starts a page, as in the report."""
    document.styles["Heading 1"].paragraph_format.page_break_before = True


def small(paragraph, text: str) -> None:
    """Small grey text: a source line under a figure or table."""
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def caption(document, text: str) -> None:
    """A diagram's or table's caption, as the report sets it: its number bold."""
    paragraph = document.add_paragraph()
    label, _, rest = text.partition(". ")
    paragraph.add_run(label + ".").bold = True
    paragraph.add_run(" " + rest)
    paragraph.paragraph_format.keep_with_next = True


class Paragraphs:
    """Paragraphs added to one document in named styles, each style's id looked up once.

    python-docx looks a style up by its name, and the document's default style among all of its
    styles, for every paragraph given a style: most of what adding the draft's paragraphs cost.
    The XML is what `add_paragraph(text, style)` and `add_heading` write."""

    def __init__(self, document):
        self.document = document
        self.ids: dict[str, str | None] = {}

    def add(self, text: str = "", style: str | None = None):
        """A new paragraph at the end of the document, `text` its one run, in the paragraph style named `style`."""
        paragraph = self.document.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def heading(self, text: str, level: int):
        """A heading as python-docx's add_heading writes it: "Title" at level 0, else "Heading N"."""
        return self.add(text, "Title" if level == 0 else f"Heading {level}")

    def style_id(self, name: str) -> str | None:
        """The id of the paragraph style named `name` (None for the default style, which is not named in a paragraph)."""
        if name not in self.ids:
            self.ids[name] = self.document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return self.ids[name]


def write_here(paragraphs: Paragraphs, text: str):
    """A marked place to write: a paragraph in the style WRITE_HERE_STYLE, highlighted yellow.

    Word lists the style in its styles pane, so an investigator finds every place still to
    write; the text says what belongs there.
    """
    styles = paragraphs.document.styles
    if WRITE_HERE_STYLE not in styles:
        style = styles.add_style(WRITE_HERE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.italic = True
    paragraph = paragraphs.add(style=WRITE_HERE_STYLE)
    paragraph.add_run(text).font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def quote(paragraphs: Paragraphs, text: str, style: str | None = None):
    """A quote as the report sets it: indented on both sides."""
    paragraph = paragraphs.add(text, style)
    paragraph.paragraph_format.left_indent = QUOTE_INDENT
    paragraph.paragraph_format.right_indent = QUOTE_INDENT
    return paragraph


def figure(document, path: Path, width=FIGURE_WIDTH, reserve=CAPTION_ROOM) -> None:
    """The PNG at `path`, centred, fitted to the page and kept with the line after it (its source)."""
    document.add_picture(str(path), width=fitted_width(path, width, document.sections[-1], reserve))
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True


def fitted_width(path: Path, width: int, section, reserve=CAPTION_ROOM) -> int:
    """`width`, narrowed so that the picture fits the page's height with `reserve` left for caption and source."""
    with Image.open(path) as image:
        pixels_wide, pixels_high = image.size
    room = section.page_height - section.top_margin - section.bottom_margin - reserve
    return int(min(width, room * pixels_wide / pixels_high))


def add_frame_table(container, frame: pd.DataFrame, crosstab: bool = False, width: int | None = None):
    """`frame` as a Word table at the end of `container` (a document or a table cell), `width` wide.

    The width defaults to the cell's when `container` is a cell, else to the page's text width.
    A crosstab is set as the report sets Tabell 1: the row title in the corner, the column
    title spanning its groups, "N län" per cell and "–" for none. Header rows repeat on
    every page the table runs onto.
    """
    header_rows = 2 if crosstab else 1
    table = container.add_table(rows=header_rows + len(frame), cols=len(frame.columns) + (1 if crosstab else 0))
    bordered(table)
    if crosstab:
        fill_crosstab(table, frame)
    else:
        for column, label in enumerate(frame.columns):
            table.cell(0, column).text = str(label)
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                table.cell(row, column).text = "" if pd.isna(value) else str(value)
    for row in table.rows[:header_rows]:
        for cell in row.cells:
            shaded(cell)
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.bold = True
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    room = width or (container.width if isinstance(container, _Cell) and container.width else TABLE_WIDTH)
    if crosstab:
        widths = [room * 0.42] + [room * 0.58 / len(frame.columns)] * len(frame.columns)
    else:
        widths = column_widths([[str(label), *("" if pd.isna(v) else str(v) for v in frame[label])]
                                for label in frame.columns], room)
    for column, column_width in zip(table.columns, widths):
        column.width = int(column_width)  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = int(column_width)  # the cells, which Word reads
    kept_together(table)
    return table


def fill_crosstab(table, frame: pd.DataFrame) -> None:
    """A crosstab's two header rows (corner and spanning title) and its cells: "N län", "–" for none."""
    corner = table.cell(0, 0).merge(table.cell(1, 0))
    corner.text = frame.index.name or ""
    span = table.cell(0, 1).merge(table.cell(0, len(frame.columns)))
    span.text = frame.columns.name or ""
    for column, label in enumerate(frame.columns, start=1):
        table.cell(1, column).text = str(label)
    for row, (label, values) in enumerate(frame.iterrows(), start=2):
        table.cell(row, 0).text = str(label)
        for column, value in enumerate(values, start=1):
            cell = table.cell(row, column)
            cell.text = counties_cell(value)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def counties_cell(value) -> str:
    """A crosstab cell as the report prints it: "5 län", "–" for none."""
    return f"{int(value)} län" if value else "–"


def column_widths(columns: list[list[str]], room: int) -> list[float]:
    """Widths for a table's columns (each a list of its texts) sharing `room`.

    Every column first gets its longest word, so no word is broken; what is left is shared
    by the columns' text lengths (capped, so one long column does not starve the others).
    """
    least = [(max((len(word) for text in texts for word in text.split()), default=1) + 1) * CHARACTER
             for texts in columns]
    if sum(least) >= room:
        return [room * w / sum(least) for w in least]
    lengths = [min(max(len(text) for text in texts), 40) for texts in columns]
    return [w + (room - sum(least)) * length / (sum(lengths) or 1) for w, length in zip(least, lengths)]


def kept_together(table) -> None:
    """No row split over a page, and each row kept with the next: a short table is never torn apart."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index < len(table.rows) - 1:
            for paragraph in (p for cell in row.cells for p in cell.paragraphs):
                paragraph.paragraph_format.keep_with_next = True


def bordered(table) -> None:
    """Single grey borders on every cell edge of `table`."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "7A7A7A")):
            element.set(qn(f"w:{key}"), value)
        borders.append(element)
    properties.append(borders)


def shaded(cell) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", HEADER_FILL)):
        shading.set(qn(f"w:{key}"), value)
    cell._tc.get_or_add_tcPr().append(shading)
