"""Every paragraph of a Word document, wherever it sits, with where a person finds it.

Filling a draft's placeholders and redacting a note both have to reach every paragraph: the
body, tables (nested ones too), text boxes, and the headers and footers of each section. One
walker serves both, so a place one of them reaches the other reaches too.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: Where a run's text is not the paragraph's own: deleted text, and a paragraph nested in it
#: (a text box's paragraphs are places of their own).
NOT_OWN = {qn("w:del"), qn("w:moveFrom"), qn("w:p")}


@dataclass
class Place:
    """A paragraph of a document and where a person finds it ("table 2, row 3, cell 1")."""

    paragraph: Paragraph
    where: str


def paragraph_runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs in order, at any depth: inside hyperlinks, tracked insertions, smart
    tags, inline content controls and fields too (a redaction that skipped them would leave
    the name they hold)."""
    return [Run(r, paragraph) for r in own_runs(paragraph._p)]


def own_runs(p) -> list:
    """The run elements of the paragraph element `p` that are its own text (see NOT_OWN)."""
    runs = []
    for run in p.iter(qn("w:r")):
        for ancestor in run.iterancestors():
            if ancestor is p:
                runs.append(run)
                break
            if ancestor.tag in NOT_OWN:
                break
    return runs


def document_paragraphs(document) -> list[Place]:
    """Every paragraph of the body, its tables and text boxes, and the headers and footers, with its place."""
    places = list(container_places(document, "")) + textbox_places(document.element.body, document, "")
    for number, section in enumerate(document.sections, start=1):
        for name, part in (("sidhuvudet", section.header), ("första sidans sidhuvud", section.first_page_header),
                           ("jämna sidors sidhuvud", section.even_page_header), ("sidfoten", section.footer),
                           ("första sidans sidfot", section.first_page_footer),
                           ("jämna sidors sidfot", section.even_page_footer)):
            if not part.is_linked_to_previous:
                where = f"{name} i avsnitt {number}, "
                places.extend(container_places(part, where))
                places.extend(textbox_places(part._element, part, where))
    return places


def textbox_places(element, parent, prefix: str) -> list[Place]:
    """The paragraphs of the text boxes in `element` of `parent` (the document, a header or a footer).

    Word stores a text box twice (the drawing and a fallback for old readers); both are
    filled, so the draft reads the same in either.
    """
    places, boxes = [], {}
    for paragraph in element.xpath(".//w:txbxContent/w:p"):
        box = boxes.setdefault(paragraph.getparent(), [len(boxes) + 1, 0])
        box[1] += 1
        places.append(Place(Paragraph(paragraph, parent), f"{prefix}textruta {box[0]}, stycke {box[1]}"))
    return places


def block_paragraphs(container) -> list[Paragraph]:
    """A document's, header's or cell's paragraphs, those inside block content controls
    (Word's fields to fill in) included, in document order."""
    element = container._body._element if hasattr(container, "_body") else container._element
    return [Paragraph(p, container) for p in element.xpath("./w:p | ./w:sdt/w:sdtContent/w:p")]


def container_places(container, prefix: str):
    """The paragraphs of a document, header or cell and, recursively, of its tables."""
    for number, paragraph in enumerate(block_paragraphs(container), start=1):
        yield Place(paragraph, f"{prefix}stycke {number}")
    for number, table in enumerate(container.tables, start=1):
        for row_number, row in enumerate(table.rows, start=1):
            seen = set()
            for cell_number, cell in enumerate(row.cells, start=1):
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                where = f"{prefix}tabell {number}, rad {row_number}, cell {cell_number}"
                for paragraph in cell.paragraphs:
                    yield Place(paragraph, where)
                yield from container_places_tables(cell, where + ", ")


def container_places_tables(cell, prefix: str):
    """The paragraphs of tables nested in a cell (the cell's own paragraphs are listed by the caller)."""
    for number, table in enumerate(cell.tables, start=1):
        for row_number, row in enumerate(table.rows, start=1):
            for cell_number, inner in enumerate(row.cells, start=1):
                where = f"{prefix}tabell {number}, rad {row_number}, cell {cell_number}"
                for paragraph in inner.paragraphs:
                    yield Place(paragraph, where)
                yield from container_places_tables(inner, where + ", ")
