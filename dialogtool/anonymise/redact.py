"""Redaction: each finding replaced by its kind in brackets ("[kommun]"), in a text or a note.

A Word note stays a Word note: every paragraph is reached (body, nested tables, text boxes,
headers and footers, through the walker `fill` uses too), each run keeps its formatting,
and a link whose text named something loses its address. The copy is written atomically.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from ..files import save_document, write_text
from ..ingest.read.docx_parts import document_paragraphs, paragraph_runs
from ..ingest.read.docx_reader import open_document
from ..ingest.read.text_reader import decoded
from .find import CHECK, find_identifiers
from .text import Finding

#: What each kind of finding is replaced with in a redacted text.
PLACEHOLDERS = {
    "lan": "[län]",
    "region": "[region]",
    "kommun": "[kommun]",
    "plats": "[plats]",
    "person": "[person]",
    "epost": "[e-post]",
    "telefon": "[telefon]",
    "personnummer": "[personnummer]",
    "adress": "[adress]",
    "webb": "[webbadress]",
    "kommunantal": "[antal kommuner]",
    CHECK: "[namn]",
}
LINK_ADDRESS = qn("r:id")


def redact(text: str, findings: list[Finding]) -> str:
    """The text with each finding replaced by the placeholder of its kind ("[kommun]")."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + PLACEHOLDERS[finding.kind] + text[finding.end:]
    return text


def redact_note(path: Path, out: Path, allow=()) -> int:
    """Write a copy of a note with every finding replaced; returns how many were replaced.

    A .docx stays a .docx with its paragraphs, styles and tables (links to a redacted
    address are removed); a .md or .txt note is written as text.
    """
    path, out = Path(path), Path(out)
    if path.suffix.lower() == ".docx":
        document = open_document(path)
        count = sum(redact_paragraph(place.paragraph, allow) for place in document_paragraphs(document))
        save_document(document, out)
        return count
    text = decoded(path)
    findings = find_identifiers(text, allow)
    write_text(out, redact(text, findings))
    return len(findings)



def redact_paragraph(paragraph, allow) -> int:
    """Replace the findings in one Word paragraph run by run, keeping each run's formatting."""
    runs = paragraph_runs(paragraph)
    findings = find_identifiers("".join(run.text for run in runs), allow)
    for finding in reversed(findings):
        offset, placed = 0, False
        for run in runs:
            start, end = offset, offset + len(run.text)
            offset = end
            if end <= finding.start or start >= finding.end:
                continue
            before = run.text[: max(finding.start - start, 0)]
            after = run.text[max(finding.end - start, 0):] if finding.end < end else ""
            run.text = before + ("" if placed else PLACEHOLDERS[finding.kind]) + after
            placed = True
            link = run._r.getparent()
            if link.tag == qn("w:hyperlink"):
                link.attrib.pop(LINK_ADDRESS, None)
    return len(findings)
