"""The header fields of a note (Län, Datum, Deltagare, Granskning), whatever the format."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import NoteError
from ...model import Block, Note

FIELD = re.compile(r"^\s*(?P<key>län|lan|datum|deltagare|granskning)\s*[:：]\s*(?P<value>.*)$", re.I)
COUNTY_ID = re.compile(r"^[A-Za-zÅÄÖåäö0-9][A-Za-zÅÄÖåäö0-9_.-]{0,39}$")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_NUMBER = re.compile(r"\d+")


def header_fields(blocks: list[Block]) -> dict[str, str]:
    """The `Key: value` lines found before the first heading (a title may precede them).

    Lines inside one block (a Word paragraph with line breaks) count separately.
    """
    fields: dict[str, str] = {}
    for index, block in enumerate(blocks):
        if block.kind == "heading" and index > 0:
            break
        for line in block.text.splitlines():
            match = FIELD.match(line)
            if match:
                key = match["key"].lower()
                key = "län" if key == "lan" else key
                fields.setdefault(key, match["value"].strip())
    return fields


def is_header_line(text: str) -> bool:
    """True for a line like `Datum: 2025-10-14`, which belongs to the header, not the analysis."""
    return all(FIELD.match(line) for line in text.splitlines() if line.strip())


def county_for(path: Path, fields: dict[str, str]) -> str:
    """The county id: the value after `Län:`, else the file name's stem."""
    value = fields.get("län", "").split()
    if value:
        return value[0].strip(",;.")
    stem = path.stem.strip()
    if COUNTY_ID.match(stem):
        return stem
    raise NoteError(
        f"{path}: the note has no 'Län:' line and its file name is not a usable county id; "
        "add a line such as 'Län: L07' to the header, or rename the file to the county id (L07.docx)."
    )


def apply_header(note: Note) -> Note:
    """Fill the note's county, date, participants and review status from its header lines."""
    fields = header_fields(note.blocks)
    note.county = county_for(note.path, fields)
    date = DATE.search(fields.get("datum", ""))
    note.date = date.group(0) if date else None
    participants = fields.get("deltagare")
    if participants:
        note.participants_text = participants
        number = FIRST_NUMBER.search(participants)
        note.participants = int(number.group(0)) if number else None
    note.review_status = fields.get("granskning") or None
    first = next((b.text for b in note.blocks if b.text.strip()), "")
    if first and not is_header_line(first):
        note.title = first.splitlines()[0].strip()
    return note
