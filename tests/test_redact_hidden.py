"""Redaction reaches text the reader reads but the paragraph list hides: content controls and
runs nested inside other markup (a tracked insertion inside a hyperlink)."""

from __future__ import annotations

import docx
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from dialogtool.cli import cli
from dialogtool.ingest.read import read_note

HEADER = "Minnesanteckningar – länsdialog 2025\nLän: L07\nDatum: 2025-10-14\nDeltagare: 5\n"
BLOCK_CONTROL = (f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p><w:r>'
                 "<w:t>Samordnaren sitter i Kiruna och leder nätverket.</w:t></w:r></w:p></w:sdtContent></w:sdt>")
NESTED_RUN = (f'<w:p {nsdecls("w", "r")}><w:r><w:t xml:space="preserve">Kontakt: </w:t></w:r>'
              '<w:hyperlink r:id="rIdX"><w:ins w:id="1" w:author="x" w:date="2025-10-14T00:00:00Z">'
              "<w:r><w:t>Anna Lindqvist</w:t></w:r></w:ins></w:hyperlink>"
              '<w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> och Gällivare</w:t></w:r></w:sdtContent></w:sdt>'
              "</w:p>")


def hidden_note(path):
    document = docx.Document()
    for line in HEADER.splitlines():
        document.add_paragraph(line)
    document.add_heading("Länsgemensam ledning och samordning inom området", level=2)
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(BLOCK_CONTROL))
    body.insert(len(body) - 1, parse_xml(NESTED_RUN))
    document.save(str(path))
    return path


def test_redaction_removes_names_in_content_controls_and_nested_runs(tmp_path):
    note = hidden_note(tmp_path / "L07.docx")
    read = " ".join(block.text for block in read_note(note).blocks)
    assert "Kiruna" in read and "Anna Lindqvist" in read  # the reader sees them, so redaction must too
    result = CliRunner().invoke(cli, ["anon", "redact", str(note), "--out", str(tmp_path / "avid.docx")])
    assert result.exit_code == 0, result.output
    redacted = docx.Document(str(tmp_path / "avid.docx"))
    xml = redacted.element.xml
    for name in ("Kiruna", "Anna", "Lindqvist", "Gällivare"):
        assert name not in xml, name
    assert "[kommun]" in xml and "[person]" in xml
