"""The reader's and the guide's shortcuts answer as the plain lookups they replace: the guide's
word index finds the areas a scan of every area word finds, the style table finds the style
python-docx's `Paragraph.style` finds (also where notes with one styles part share it), the
runs read as showing text are those whose python-docx text is more than white space, and their
bold and italic are python-docx's; a note opened with its styles part parsed on demand is
python-docx's document, saved or read. Every Word note the project has is read both ways, and
small documents make the cases those notes lack."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.text.run import Run

from conftest import GUIDE, ROOT
from dialogtool.ingest.guide import content_words, load_guide, same_word
from dialogtool.ingest.read.docx_parts import paragraph_runs
from dialogtool.ingest.read import read_note
from dialogtool.ingest.read.docx_package import StylesPartOnDemand
from dialogtool.ingest.read.docx_reader import (BOLD, ITALIC, StyleTable, open_document, read_docx, run_flag,
                                                style_table, text_runs)
from dialogtool.ingest.segment import segment_note

WORD_NOTES = sorted([*(ROOT / "notes").glob("*/*.docx"), *(ROOT / "tests" / "corpora").glob("*/notes/*.docx")])
TEXT_NOTES = sorted([*(ROOT / "notes").glob("*/*.md"), *(ROOT / "notes").glob("*/*.txt")])


def scanned_owners(guide, word: str) -> list[str]:
    """The areas that have `word` among their words, by comparing it with every word of every area."""
    return [area.id for area in guide.areas if any(same_word(word, own) for own in area.vocabulary())]


def test_the_guide_word_index_finds_the_areas_a_scan_of_every_area_word_finds():
    guide = load_guide(GUIDE)
    notes = [*(path.read_text(encoding="utf-8") for path in TEXT_NOTES),
             *(" ".join(block.text for block in read_docx(path).blocks) for path in WORD_NOTES[:40])]
    own = {word for area in guide.areas for word in area.vocabulary()}
    # Each area word shortened, inflected and changed after its start: both rules of same_word.
    variants = {form for word in own for form in (word[:4], word[:5], word[:6], word + "na", word[:6] + "xyz",
                                                     word[:-1], word[:3] + "x" + word[4:]) if len(form) >= 4}
    words = sorted({word for text in notes for word in content_words(text)} | own | variants)
    found = {word: guide.word_owners(word) for word in words}
    assert sum(1 for owners in found.values() if owners) > 500
    assert found == {word: scanned_owners(guide, word) for word in words}


def test_a_second_guide_in_one_process_infers_as_the_first():
    first, second = load_guide(GUIDE), load_guide(GUIDE)
    texts = [path.read_text(encoding="utf-8") for path in TEXT_NOTES]
    assert [first.content_shares(text) for text in texts] == [second.content_shares(text) for text in texts]
    assert first.infer_areas(texts) == second.infer_areas(texts)


def style_position(style) -> int | None:
    """Where a style stands among the styles (None for no style): two styles with one id or name stay apart."""
    return None if style is None else style.element.getparent().index(style.element)


def style_ids(document) -> set[str | None]:
    """Every paragraph style id the document's paragraphs name, and None (no style named)."""
    return {None, *(p.get(qn("w:val")) for p in document.element.body.iter(qn("w:pStyle")))}


def paragraph_with_style(document, style_id: str):
    paragraph = document.add_paragraph("Text")
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    return paragraph


@pytest.mark.parametrize("path", WORD_NOTES, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_the_style_table_finds_the_style_python_docx_finds_in_every_word_note(path):
    document = docx.Document(str(path))
    table = StyleTable(document.styles.element)
    for style_id in style_ids(document):
        expected = document.part.get_style(style_id, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        assert style_position(table.paragraph_style(style_id)) == style_position(expected), style_id


def test_the_style_table_falls_back_to_the_default_style_as_python_docx_does(tmp_path):
    document = docx.Document()
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    by_id["Normal"].set(qn("w:default"), "0")
    by_id["Heading1"].set(qn("w:default"), "true")
    by_id["Title"].set(qn("w:default"), "on")  # two defaults: the last one in the part counts
    assert styles.index(by_id["Title"]) > styles.index(by_id["Heading1"])
    paragraphs = [document.add_paragraph("Utan stil"), *(paragraph_with_style(document, style_id) for style_id in
                  ("Heading2", "SaknadStil", "TableGrid", "DefaultParagraphFont", ""))]
    table = StyleTable(document.styles.element)
    for paragraph in paragraphs:
        style_id = paragraph._p.pPr.style if paragraph._p.pPr is not None else None
        assert style_position(table.paragraph_style(style_id)) == style_position(paragraph.style)
    assert table.paragraph_style(None).name == "Title"
    assert table.paragraph_style("TableGrid").name == "Title"
    assert table.paragraph_style("Heading2").name == "Heading 2"
    for style in styles.iterchildren(qn("w:style")):
        style.attrib.pop(qn("w:default"), None)
    assert StyleTable(document.styles.element).paragraph_style("SaknadStil") is paragraphs[2].style is None


def saved_parts(document) -> dict[str, bytes]:
    """Every member of the package `document` saves, by name."""
    stream = io.BytesIO()
    document.save(stream)
    with zipfile.ZipFile(stream) as package:
        return {name: package.read(name) for name in package.namelist()}


def styles_part(document):
    return document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.STYLES)


@pytest.mark.parametrize("path", WORD_NOTES[::8], ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_a_note_opened_with_its_styles_part_on_demand_saves_every_part_as_python_docx_does(path):
    open_document(path)  # its styles part's bytes are now known: the next opening leaves it unparsed
    document = open_document(path)
    part = styles_part(document)
    assert isinstance(part, StylesPartOnDemand) and not part.is_parsed
    parts = saved_parts(document)
    assert part.is_parsed
    assert parts == saved_parts(docx.Document(str(path)))


@pytest.mark.parametrize("path", WORD_NOTES[::8], ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_styles_and_settings_read_from_a_note_opened_with_its_styles_on_demand_are_python_docx_s(path):
    open_document(path)
    document, plain = open_document(path), docx.Document(str(path))

    def facts(styles) -> list[tuple]:
        return [(style.style_id, style.name, style.type, style.builtin) for style in styles] + [
            (style.name, style.font.bold, style.font.italic, style.base_style and style.base_style.name)
            for style in styles if style.type == WD_STYLE_TYPE.PARAGRAPH]

    assert facts(document.styles) == facts(plain.styles)
    assert document.styles["Normal"].font.size == plain.styles["Normal"].font.size
    assert document.settings.odd_and_even_pages_header_footer == plain.settings.odd_and_even_pages_header_footer
    assert document.styles.element.xml == plain.styles.element.xml


def test_notes_with_one_styles_part_share_its_style_facts_and_each_reads_them_as_alone():
    first, second = (open_document(ROOT / "notes" / "2025" / name) for name in ("L01.docx", "L02.docx"))
    assert style_table(first) is style_table(second)
    for path in WORD_NOTES:
        document = open_document(path)
        shared, own = style_table(document), StyleTable(docx.Document(str(path)).styles.element)
        paragraphs = [*document.paragraphs, *(p for table in document.tables for row in table.rows
                                              for cell in row.cells for p in cell.paragraphs)]
        assert [vars(shared.of(p)) for p in paragraphs] == [vars(own.of(p)) for p in paragraphs], path


def test_a_styles_part_changed_after_opening_gives_that_note_its_own_style_facts():
    path = ROOT / "notes" / "2025" / "L01.docx"
    changed = open_document(path)
    paragraph = next(p for p in changed.paragraphs if p.style.name == "Normal" and p.text.strip())
    changed.styles["Normal"].name = "Heading 2"
    assert style_table(changed).of(paragraph).heading_level == 2
    assert style_table(open_document(path)).of(paragraph).heading_level == 0


def plain_text_runs(paragraph) -> list:
    return [run._r for run in paragraph_runs(paragraph) if run.text.strip()]


def flags(runs) -> list[tuple]:
    """Each run element's bold and italic setting, read from the element, then by python-docx."""
    return [(run_flag(run, BOLD), run_flag(run, ITALIC), Run(run, None).bold, Run(run, None).italic) for run in runs]


@pytest.mark.parametrize("path", WORD_NOTES[::4], ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_the_runs_read_as_showing_text_are_those_with_python_docx_text(path):
    document = docx.Document(str(path))
    paragraphs = [*document.paragraphs, *(p for table in document.tables for row in table.rows
                                          for cell in row.cells for p in cell.paragraphs)]
    assert [text_runs(p) for p in paragraphs] == [plain_text_runs(p) for p in paragraphs]
    assert all(bold == docx_bold and italic == docx_italic
               for p in paragraphs for bold, italic, docx_bold, docx_italic in flags(p._p.iter(qn("w:r"))))


def test_a_run_of_a_hyphen_shows_text_and_one_of_tabs_breaks_and_spaces_does_not():
    document = docx.Document()
    paragraph = document.add_paragraph()
    for content in ("w:noBreakHyphen", "w:tab", "w:br", "w:cr", "w:ptab"):
        paragraph.add_run()._r.append(OxmlElement(content))
    paragraph.add_run(" \u00a0 ")
    paragraph.add_run("ord")
    assert [run.text for run in paragraph.runs] == ["-", "\t", "\n", "\n", "\t", " \u00a0 ", "ord"]
    assert text_runs(paragraph) == plain_text_runs(paragraph) == [paragraph.runs[0]._r, paragraph.runs[-1]._r]


def test_bold_and_italic_read_from_a_run_element_as_python_docx_reads_them():
    paragraph = docx.Document().add_paragraph()
    for value in (None, "1", "0", "true", "false", "on", "off"):
        run = paragraph.add_run("ord")
        for name in ("w:b", "w:i"):
            flag = OxmlElement(name)
            run._r.get_or_add_rPr().append(flag)
            if value is not None:
                flag.set(qn("w:val"), value)
    paragraph.add_run("ord")
    settings = flags(paragraph._p.iter(qn("w:r")))
    assert [(bold, italic) for bold, italic, _, _ in settings] == [(True, True), (True, True), (False, False),
                                                                   (True, True), (False, False), (True, True),
                                                                   (False, False), (None, None)]
    assert all(bold == docx_bold and italic == docx_italic for bold, italic, docx_bold, docx_italic in settings)


def test_a_word_note_read_twice_in_one_process_reads_the_same(tmp_path):
    assert [read_docx(path) for path in WORD_NOTES[:20]] == [read_docx(path) for path in WORD_NOTES[:20]]
    assert re.search(r"\w", read_docx(WORD_NOTES[0]).blocks[0].text)


def test_notes_segment_alike_whatever_a_guide_segmented_before():
    """The lines' areas are remembered per note: a note segments as it does with a fresh guide,
    also after other notes, and again."""
    notes = [read_note(path) for path in [*TEXT_NOTES, *WORD_NOTES[:30]]]
    guide = load_guide(GUIDE)
    first = [segment_note(note, guide) for note in notes]
    assert sum(map(len, first)) > 500
    assert [segment_note(note, guide) for note in reversed(notes)] == first[::-1]
    assert [segment_note(note, load_guide(GUIDE)) for note in notes] == first
