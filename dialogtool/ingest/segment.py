"""Split a note into segments: paragraphs and list items, each in its question area.

A segment's id is derived from its county and its exact text, so re-ingesting an
unchanged note gives the same ids, and inserting or deleting a paragraph elsewhere does
not change the ids of the others (human decisions stay on their segments).
"""

from __future__ import annotations

import hashlib
import unicodedata

from .guide import Guide
from ..model import UNKNOWN_AREA, Block, Note, Segment
from .read.header import is_header_line


def segment_note(note: Note, guide: Guide) -> list[Segment]:
    """The note's segments in order. Text before the first area heading is the header."""
    areas = block_areas(note.blocks, guide)
    has_areas = any(area is not None for area, _ in areas)
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    for index, (block, (area, heading)) in enumerate(zip(note.blocks, areas)):
        if block.kind == "heading" or (block.kind == "maybe_heading" and heading == block.text):
            continue
        if is_header_line(block.text):
            continue
        if area is None:
            if has_areas:
                continue
            area = UNKNOWN_AREA
        base = segment_id(note.county, block.text)
        seen[base] = seen.get(base, 0) + 1
        sid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        segments.append(
            Segment(
                segment_id=sid,
                county=note.county,
                area=area,
                position=len(segments) + 1,
                text=block.text,
                heading=heading or "",
                file=note.path.name,
                block=index,
                kind=block.kind if block.kind in ("list", "table") else "body",
            )
        )
    return segments


def block_areas(blocks: list[Block], guide: Guide) -> list[tuple[str | None, str | None]]:
    """For each block, the area it falls in (None before the first heading) and that heading.

    A heading-styled line that names no area starts the unknown area (`okand`), unless it
    is the note's first line (its title) or a sub-heading (deeper level) inside a known
    area: a sub-heading never changes the area ("### Planen" under the strategy question).
    A bold or numbered line that names no area is ordinary text.
    """
    result: list[tuple[str | None, str | None]] = []
    area: str | None = None
    heading: str | None = None
    area_level = 0
    for index, block in enumerate(blocks):
        if block.kind in ("heading", "maybe_heading"):
            sub_heading = area not in (None, UNKNOWN_AREA) and block.level > area_level > 0
            named = None if sub_heading else guide.area_for(block.text)
            if named:
                area, heading, area_level = named, block.text, block.level
            elif block.kind == "heading" and index > 0 and not sub_heading:
                area, heading, area_level = UNKNOWN_AREA, block.text, block.level
        result.append((area, heading))
    return result


def segment_id(county: str, text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    digest = hashlib.sha1(f"{county}\n{normal}".encode("utf-8")).hexdigest()[:10]
    return f"{county}-{digest}"


def list_leads(segments: list[Segment]) -> dict[str, Segment]:
    """segment id → the segment that introduces it, for list items: notes introduce a list
    with a paragraph ("Under ledningsgruppen finns tre nätverk:", "Varje ansökan ska visa:"),
    and the items mean nothing without it. Items are the list items that follow it, and in
    formats that lose list marks, the short segments after a paragraph ending in ':' (until a
    marked list has ended)."""
    leads: dict[str, Segment] = {}
    lead: Segment | None = None
    marked = False
    for segment in segments:
        same_place = lead is not None and segment.area == lead.area and segment.county == lead.county
        if same_place and segment.kind == "list":
            leads[segment.segment_id], marked = lead, True
        elif same_place and not marked and lead.text.rstrip().endswith(":") and looks_like_item(segment.text):
            leads[segment.segment_id] = lead
        elif segment.kind != "list":
            lead, marked = segment, False
        else:
            lead = None
    return leads


def looks_like_item(text: str) -> bool:
    return len(text) < 250 or text[:1].islower()
