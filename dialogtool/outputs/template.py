"""An empty meeting note (minnesanteckning) made from the interview guide.

The template has the header fields, the guide's question areas as "Heading 2" headings
and, under each, the guide's questions as grey hints. A hint is a locked Word content
control (alias "Anvisning"): Word shows it grey and italic, nobody can type into it by
mistake, and it can be deleted. Notes are written in the empty paragraph below the hints.
The reader sees only paragraphs and tables in the document body, so a hint left in place
never becomes a segment, and whatever the investigator writes always does.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..errors import WordFileError
from ..files import save_document
from ..ingest.guide import Guide
from ..ingest.read.docx_reader import HINT_TAG
from ..ingest.read.header import COUNTY_ID
from ..coding.wordcodes import check_docx_output

HINT_STYLE = "Anvisning"
HINT_GREY = RGBColor(0x76, 0x76, 0x76)
HEADER_FIELDS = ("Datum: ", "Deltagare: ", "Granskning: ")


def write_template(guide: Guide, county: str, out_path: Path, round_title: str | None = None) -> Path:
    """Write an empty note for `county` that follows `guide`; the path written."""
    out_path = Path(out_path)
    if not COUNTY_ID.match(county):
        raise WordFileError(f"'{county}' är inget användbart läns-id; använd bokstäver, siffror, '-' eller '_' (t.ex. "
                            "L07).")
    check_docx_output(out_path)
    document = docx.Document()
    add_hint_style(document)
    document.add_paragraph(title_line(round_title or guide.title), style="Title")
    document.add_paragraph(f"Län: {county}")
    for field in HEADER_FIELDS:
        document.add_paragraph(field)
    for area in guide.areas:
        document.add_heading(area.heading, level=2)
        for question in area.questions:
            add_hint(document, question)
        document.add_paragraph()
    return save_document(document, out_path)


def title_line(round_title: str) -> str:
    """`Minnesanteckningar – länsdialog …`, as the notes' first line reads."""
    if not round_title:
        return "Minnesanteckningar"
    if round_title[:1].isupper() and round_title[1:2].islower():
        round_title = round_title[0].lower() + round_title[1:]
    return f"Minnesanteckningar – {round_title}"


def add_hint_style(document) -> None:
    style = document.styles.add_style(HINT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.italic = True
    style.font.size = Pt(10)
    style.font.color.rgb = HINT_GREY
    style.quick_style = True


def add_hint(document, question: str) -> None:
    """The question as a grey paragraph inside a locked, deletable content control."""
    paragraph = document.add_paragraph(question, style=HINT_STYLE)._p
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    for tag, value in (("w:alias", HINT_STYLE), ("w:tag", HINT_TAG), ("w:lock", "sdtContentLocked")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
    content = OxmlElement("w:sdtContent")
    sdt.append(properties)
    sdt.append(content)
    paragraph.addprevious(sdt)
    content.append(paragraph)
