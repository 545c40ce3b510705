"""The header fields of a note (Län, Datum, Deltagare, Granskning), whatever the format."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ...cues import numerals
from ...errors import NoteError
from ...model import Block, Note

FIELD = re.compile(r"^\s*(?P<key>län|lan|datum|deltagare|granskning)\s*[:：]\s*(?P<value>.*)$", re.I)
#: The same field as a table row read by the docx reader: "Län | L07", "Datum: | 2025-10-14".
TABLE_FIELD = re.compile(r"^\s*(?P<key>län|lan|datum|deltagare|granskning)\s*[:：]?\s*\|\s*(?P<value>.*)$", re.I)
COUNTY_ID = re.compile(r"^[A-Za-zÅÄÖåäö0-9][A-Za-zÅÄÖåäö0-9_.-]{0,39}$")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Sweden's counties and regions (with the municipalities, which are not used here).
SWEDEN = Path(__file__).resolve().parents[2] / "anonymise" / "data" / "sweden.csv"
#: A number in the `Deltagare:` value: digits, or a Swedish number word.
NUMBER = re.compile(r"\d+|[a-zåäö]+", re.I)
PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: "ett antal", "ett tjugotal", "ett par": an article, not the number one.
VAGUE = re.compile(r"\b(?:en|ett)\s+(?:antal|par|\w*tal)\b", re.I)
#: A year ("(2025 års dialog)") is never a count of participants.
YEAR = range(1900, 2100)
#: The largest participant count written in words that is read ("nittionio").
MAX_WORD_COUNT = 99


def header_fields(blocks: list[Block]) -> dict[str, str]:
    """The `Key: value` lines found before the first heading (a title may precede them).

    Lines inside one block (a Word paragraph with line breaks) count separately.
    """
    fields: dict[str, str] = {}
    for index, block in enumerate(blocks):
        if block.kind == "heading" and index > 0:
            break
        for line in block.text.splitlines():
            match = field_match(line)
            if match:
                key = match["key"].lower()
                key = "län" if key == "lan" else key
                fields.setdefault(key, match["value"].strip())
    return fields


def field_match(line: str) -> re.Match | None:
    """The header field a line gives (`key`, `value`), written as `Key: value` or as a table row."""
    return FIELD.match(line) or TABLE_FIELD.match(line)


def is_header_line(text: str) -> bool:
    """True for a line like `Datum: 2025-10-14`, which belongs to the header, not the analysis."""
    return all(field_match(line) for line in text.splitlines() if line.strip())


def county_for(path: Path, fields: dict[str, str]) -> str:
    """The county id: the value after `Län:`, else the file name's stem — never a real
    county's name, since county ids are pseudonyms that go into every output."""
    value = fields.get("län", "").strip()
    if value:
        if is_county_name(value):
            raise NoteError(
                f"{path}: 'Län: {value}' är ett verkligt läns namn, och länens id är pseudonymer som syns i "
                "alla utdata; skriv länets pseudonym i stället, t.ex. 'Län: L07'."
            )
        return value.split()[0].strip(",;.")
    stem = path.stem.strip()
    if is_county_name(stem):
        raise NoteError(
            f"{path}: filen heter som ett verkligt län och anteckningen har ingen rad 'Län:'; länens id är "
            "pseudonymer som syns i alla utdata, så lägg till en rad med länets pseudonym i huvudet, "
            "t.ex. 'Län: L07' (och byt filens namn till den)."
        )
    if COUNTY_ID.match(stem):
        return stem
    raise NoteError(
        f"{path}: anteckningen har ingen rad 'Län:' och filens namn är inget användbart läns-id; "
        "lägg till en rad som 'Län: L07' i huvudet, eller byt filens namn till länets id (L07.docx)."
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
        note.participants = participant_count(participants)
    note.review_status = fields.get("granskning") or None
    first = next((b.text for b in note.blocks if b.text.strip()), "")
    if first and not is_header_line(first):
        note.title = first.splitlines()[0].strip()
    return note


def participant_count(value: str) -> int | None:
    """The first number in a `Deltagare:` value, in digits or words ("6 (…)", "fem personer",
    "(2025 års dialog) fyra"): first outside parentheses, a year never, "ett" in "ett tjugotal"
    never; None where there is none."""
    value = VAGUE.sub(" ", value)
    found = numbers_in(PARENTHESES.sub(" ", value)) or numbers_in(value)
    return found[0] if found else None


def counts_outside_parentheses(value: str) -> int:
    """How many numbers a `Deltagare:` value has outside parentheses: more than one ("fem
    från regionen och tre från kommunerna") and the first may not be the total."""
    return len(numbers_in(PARENTHESES.sub(" ", VAGUE.sub(" ", value))))


def numbers_in(text: str) -> list[int]:
    """The numbers of a text, in digits or Swedish words, years left out."""
    words = number_words()
    found = (int(token) if token.isdigit() else words.get(token.lower()) for token in NUMBER.findall(text))
    return [number for number in found if number is not None and number not in YEAR]


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """Swedish number words ("en", "ett", "tolv", "tjugotvå") → their value: the words the
    report writes counts in, read back."""
    return {numerals.in_words(n, neuter): n for n in range(1, MAX_WORD_COUNT + 1) for neuter in (True, False)}


def is_county_name(text: str) -> bool:
    """Whether a county id or file stem is a real county's or region's name ("Värmland",
    "Värmlands län", "region_skane")."""
    return folded(text) in county_names()


@lru_cache(maxsize=1)
def county_names() -> frozenset[str]:
    """Sweden's counties and regions by name and stem, folded (read from the anonymiser's data)."""
    with SWEDEN.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["kind"] in ("lan", "region")]
    return frozenset(folded(name) for row in rows for name in (row["name"], row["stem"]))


def folded(text: str) -> str:
    """Lower case, no diacritics, words separated by single spaces (for file stems)."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s_.-]+", plain)).strip()
