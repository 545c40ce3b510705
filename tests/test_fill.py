"""fill: placeholders in a Word draft replaced with the round's values, formatting kept."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dialogtool.outputs.charts import write_typology_outputs
from dialogtool.cli import cli
from dialogtool.errors import TemplateError
from dialogtool.outputs.fill import fill_draft
from dialogtool.outputs.quotes import ATTRIBUTION
from dialogtool.outputs.report.picks import QuotePicker


@pytest.fixture(scope="module")
def analysis(gold_analysis):
    return gold_analysis


@pytest.fixture(scope="module")
def figures(analysis, tmp_path_factory) -> dict[str, Path]:
    files = write_typology_outputs(analysis, tmp_path_factory.mktemp("figures"))
    return {Path(name).stem: path for name, path in files.items() if name.endswith(".png")}


def runs(paragraph, *parts):
    """Add runs to `paragraph`: each part is text or (text, 'b'/'i'/'bi')."""
    for part in parts:
        text, style = part if isinstance(part, tuple) else (part, "")
        run = paragraph.add_run(text)
        run.bold, run.italic = ("b" in style) or None, ("i" in style) or None


def draft(path: Path) -> Path:
    """A draft with every placeholder kind, inside bold/italic text, split across runs, in a table cell."""
    document = docx.Document()
    runs(document.add_paragraph(), "Totalt ", ("{{ antal plan_", "b"), ("status=finns }}", "bi"), " län har en plan.")
    runs(document.add_paragraph(), ("{{ Antal plan_status=finns }}", "i"), " län har en plan; ",
         ("{{antal plan_status=finns siffra}}", "b"), " i siffror.")
    runs(document.add_paragraph(), "Skolan: ", ("{{ antal skola_", "i"), ("i_ledning=ja av }}", "i"),
         ", påbörjat: {{ antal plan_status=finns,pagar }}.")
    document.add_paragraph("{{ tabell crosstab_plan_x_fordelning }}")
    runs(document.add_paragraph(), "Se ", ("{{ figur diagram1_", "b"), ("plan_status 10cm }}", "b"), " ovan.")
    runs(document.add_paragraph(), ("{{ citat fordelningsgrund.strategin 1 }}", "i"))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Utmaningar"
    cell = table.cell(0, 1).paragraphs[0]
    runs(cell, ("{{ antal parallella_", "b"), "initiativ=utmaningar }}")
    table.cell(1, 0).text = "{{ tabell counts }}"
    runs(document.sections[0].header.paragraphs[0], "Utkast – ", ("{{ antal län }}", "b"), " län, ",
         "{{ antal deltagare }} deltagare")
    runs(document.sections[0].footer.paragraphs[0], "Sida – {{ antal plan_status=integrerad }}")
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def filled(analysis, figures, tmp_path_factory) -> docx.Document:
    folder = tmp_path_factory.mktemp("fill")
    out = fill_draft(draft(folder / "utkast.docx"), folder / "ifyllt.docx", analysis, figures)
    return docx.Document(str(out))


def test_counts_replace_placeholders_split_across_runs_keeping_the_holding_runs_format(filled):
    first = filled.paragraphs[0]
    assert first.text == "Totalt nio län har en plan."
    value = next(r for r in first.runs if r.text == "nio")
    assert value.bold and not value.italic
    second = filled.paragraphs[1]
    assert second.text == "Nio län har en plan; 9 i siffror."
    assert next(r for r in second.runs if r.text == "Nio").italic
    assert next(r for r in second.runs if r.text == "9").bold
    assert filled.paragraphs[2].text == "Skolan: 12 av 21 län, påbörjat: 15."


def test_a_table_placeholder_becomes_a_word_table_where_it_stood(filled):
    body = [child.tag.rpartition("}")[2] for child in filled.element.body]
    assert body[:5] == ["p", "p", "p", "tbl", "p"]
    table = filled.tables[0]
    assert [c.text for c in table.rows[3].cells] == [
        "Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen", "10 län", "6 län"]
    assert "{{" not in "".join(p.text for p in filled.paragraphs)


def test_a_figure_is_inserted_in_the_run_with_the_width_asked(filled):
    paragraph = filled.paragraphs[3]
    assert paragraph.text == "Se  ovan."
    assert len(filled.inline_shapes) == 1 and round(filled.inline_shapes[0].width.cm) == 10
    assert paragraph._p.xpath(".//w:drawing")


def test_a_quote_is_the_themes_first_gated_quote_in_the_reports_format(filled, analysis):
    paragraph = filled.paragraphs[4]
    assert paragraph.text == QuotePicker(analysis).nth("fordelningsgrund.strategin", 1).text
    assert paragraph.text.endswith(ATTRIBUTION) and paragraph.runs[0].italic


def test_placeholders_in_table_cells_headers_and_footers_are_filled(filled):
    table = filled.tables[1]
    assert table.cell(0, 1).text == "sju"
    assert table.cell(0, 1).paragraphs[0].runs[0].bold
    nested = table.cell(1, 0).tables[0]
    assert [c.text for c in nested.rows[0].cells] == ["Dimension", "Kategori", "Antal län"]
    assert filled.sections[0].header.paragraphs[0].text == "Utkast – 21 län, 109 deltagare"
    assert filled.sections[0].footer.paragraphs[0].text == "Sida – tre"


@pytest.mark.parametrize("text, where, message", [
    ("{{ summa plan_status=finns }}", "stycke 2", "okänd platshållare; börja den med ett av antal"),
    ("{{ antal plan_stat=finns }}", "stycke 2", "okänd dimension 'plan_stat'"),
    ("{{ antal plan_status=finnas }}", "stycke 2", "plan_status har ingen kategori 'finnas'"),
    ("{{ antal plan_status=finns ord }}", "stycke 2", "okänd form 'ord'"),
    ("{{ tabell tabell9 }}", "stycke 2", "okänd tabell 'tabell9'; använd en av crosstab_plan_x_fordelning, counts"),
    ("Se {{ tabell counts }}", "stycke 2", "måste stå ensam i sitt stycke"),
    ("{{ figur diagram9 }}", "stycke 2", "okänd figur 'diagram9'"),
    ("{{ citat styrning.foo 1 }}", "stycke 2", "okänt tema 'styrning.foo'"),
    ("{{ citat fordelningsgrund.strategin 999 }}", "stycke 2", "har färre än 999 citat"),
])
def test_an_unknown_placeholder_is_an_error_naming_it_and_where(analysis, figures, tmp_path, text, where, message):
    document = docx.Document()
    document.add_paragraph("Inledning.")
    document.add_paragraph(text)
    document.save(str(tmp_path / "d.docx"))
    with pytest.raises(TemplateError) as error:
        fill_draft(tmp_path / "d.docx", tmp_path / "o.docx", analysis, figures)
    assert f"{tmp_path / 'd.docx'}, {where}: {{{{ {text.split('{{')[1].split('}}')[0].strip()} }}}} — " in str(error.value)
    assert message in str(error.value)
    assert not (tmp_path / "o.docx").exists()


def test_an_error_in_a_table_cell_names_table_row_and_cell(analysis, tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(2, 1).text = "{{ antal okänd=x }}"
    document.save(str(tmp_path / "d.docx"))
    with pytest.raises(TemplateError, match=r"d.docx, tabell 1, rad 3, cell 2: \{\{ antal okänd=x \}\}"):
        fill_draft(tmp_path / "d.docx", tmp_path / "o.docx", analysis, {})


def test_fill_command_writes_the_filled_draft_and_reports_errors(analysis, figures, tmp_path, monkeypatch):
    monkeypatch.setattr("dialogtool.pipeline.build", lambda *args, **kwargs: analysis)
    document = docx.Document()
    document.add_paragraph("{{ Antal plan_status=pagar }} län.")
    document.save(str(tmp_path / "d.docx"))
    result = CliRunner().invoke(cli, ["fill", str(tmp_path / "d.docx"), "--out", str(tmp_path / "o.docx")])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(tmp_path / "o.docx")).paragraphs[0].text == "Sex län."
    document.add_paragraph("{{ antal x=y }}")
    document.save(str(tmp_path / "d.docx"))
    result = CliRunner().invoke(cli, ["fill", str(tmp_path / "d.docx"), "--out", str(tmp_path / "o.docx")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'd.docx'}, stycke 2: {{{{ antal x=y }}}} — okänd dimension")


@pytest.mark.parametrize("text, broken", [
    ("Vi har {{ antal plan_status=finns } län.", "{{ antal plan_status=finns } län."),
    ("Vi har { antal plan_status=finns }} län.", "Vi har { antal plan_status=finns }}"),
    ("{{ antal plan_status=finns } och {{ antal plan_status=pagar }}", "{{ antal plan_status=finns } och "
                                                                      "{{ antal plan_status=pagar }}"),
])
def test_a_placeholder_with_a_brace_too_few_is_an_error_not_left_in_the_draft(analysis, tmp_path, text, broken):
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(tmp_path / "d.docx"))
    with pytest.raises(TemplateError) as error:
        fill_draft(tmp_path / "d.docx", tmp_path / "o.docx", analysis, {})
    assert str(error.value) == (f"{tmp_path / 'd.docx'}, stycke 1: '{broken}' är ingen hel platshållare; "
                                "skriv den som {{ … }}, med två klammerparenteser på varje sida.")
    assert not (tmp_path / "o.docx").exists()


def text_box(paragraph, text: str) -> None:
    """A Word text box (the drawing only) holding one paragraph with `text`, anchored in `paragraph`."""
    from docx.oxml import parse_xml

    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:inline><wp:extent cx="2000000" cy="500000"/><wp:docPr id="99" name="Faktaruta"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:spPr/><wps:txbx><w:txbxContent><w:p><w:r><w:rPr><w:b/></w:rPr>'
        f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    paragraph._p.append(parse_xml(xml))


def test_placeholders_in_text_boxes_are_filled_and_errors_there_are_named(analysis, tmp_path):
    document = docx.Document()
    text_box(document.add_paragraph("Faktaruta:"), "{{ Antal plan_status=finns }} län har en plan.")
    document.save(str(tmp_path / "d.docx"))
    filled = docx.Document(str(fill_draft(tmp_path / "d.docx", tmp_path / "o.docx", analysis, {})))
    box = filled.element.body.xpath(".//w:txbxContent/w:p")[0]
    runs = box.xpath("./w:r")
    assert "".join(t.text for t in box.xpath(".//w:t")) == "Nio län har en plan."
    assert runs[0].xpath("./w:rPr/w:b")
    document = docx.Document()
    text_box(document.add_paragraph(), "{{ antal plan_status=okänd }}")
    document.save(str(tmp_path / "e.docx"))
    with pytest.raises(TemplateError, match=r"e.docx, textruta 1, stycke 1: \{\{ antal plan_status=okänd \}\} — "
                                            "plan_status har ingen kategori 'okänd'"):
        fill_draft(tmp_path / "e.docx", tmp_path / "p.docx", analysis, {})


def test_a_draft_resaved_by_another_word_processor_is_filled_the_same(analysis, figures, filled, tmp_path):
    """Word and LibreOffice re-save a draft with runs split by spell-check marks, bookmarks and revision ids."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph()
    runs(paragraph, "Med bokmärke: ", ("{{ antal ", "b"))
    for tag, attributes in (("w:bookmarkStart", {"w:id": "0", "w:name": "x"}), ("w:proofErr", {"w:type": "spellStart"})):
        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(qn(key), value)
        paragraph._p.append(element)
    runs(paragraph, ("plan_status=pagar", "b"))
    paragraph._p.append(OxmlElement("w:bookmarkEnd"))
    runs(paragraph, ("}}", "b"), " län.")
    document.save(str(tmp_path / "d.docx"))
    out = docx.Document(str(fill_draft(tmp_path / "d.docx", tmp_path / "o.docx", analysis, figures)))
    assert out.paragraphs[0].text == "Med bokmärke: sex län."
    assert next(r for r in out.paragraphs[0].runs if r.text == "sex").bold


def test_a_quote_placeholder_gets_a_quote_that_reads_as_one(filled):
    from dialogtool.outputs.quotes import reads_as_quote

    body = filled.paragraphs[4].text.removesuffix(f" {ATTRIBUTION}")
    assert reads_as_quote(body)


def test_a_table_placed_in_a_cell_is_no_wider_than_the_cell(filled):
    outer = filled.tables[1].cell(1, 0)
    nested = outer.tables[0]
    grid = [column.width for column in nested.columns]
    assert sum(grid) <= outer.width
    assert all(cell.width == width for row in nested.rows for cell, width in zip(row.cells, grid))
    # each dimension is named once, above its categories
    names = [row.cells[0].text for row in nested.rows[1:]]
    assert names[0] and names[1] == "" and names.count(names[0]) == 1
