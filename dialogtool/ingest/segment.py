"""Split a note into segments: paragraphs and list items, each in its question area.

A segment's id is derived from its county and its exact text, so re-ingesting an
unchanged note gives the same ids, and inserting or deleting a paragraph elsewhere does
not change the ids of the others (human decisions stay on their segments).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from .guide import Guide, is_section_label
from ..model import UNKNOWN_AREA, Block, Note, Segment
from .read.header import is_header_line

#: A sub-heading of at most this many words names the topic of the paragraphs under it.
TOPIC_WORDS = 4
#: A bold line ending with a colon and at most this many words labels the paragraphs under it.
SUB_LABEL_WORDS = 4
#: The greeting and the sign-off of a note written as an e-mail ("Hej!", "Hälsningar, utredaren"):
#: no content of the dialogue.
SALUTATION = re.compile(
    r"^\W*(?:hej|hejsan|hallå)\b[^.?]{0,25}[!,.]?\s*$"
    r"|^\W*(?:med\s+)?(?:vänlig(?:a)?\s+|bästa\s+|många\s+)?hälsning(?:ar)?\b[^.?!]{0,40}$|^\W*mvh\b[^.?!]{0,40}$",
    re.I)

#: What makes a line look like a heading that, once such a line headed a section, heads sections
#: of the note wherever it stands (not a short line without a stop, nor a question: one-line paragraphs
#: and a guide's question in the text look so too).
SECTION_SIGNALS = frozenset({"colon", "bold", "caps", "numbered", "emphasis"})
#: A line that only names where pasted text came from ("Källa: regionens webbplats, sidan
#: Psykisk hälsa"): a citation, no content of the dialogue.
CITATION = re.compile(r"^\W*(?:källa|källor|källhänvisning|hämtat\s+från)\s*:[^.!?]{0,160}\.?\s*$", re.I)


def segment_note(note: Note, guide: Guide) -> list[Segment]:
    """The note's segments in order. Header lines, the title and header tables before the first
    area heading are the header; prose there is content of the unknown area. A table's row of
    column titles ("Fråga | Svar") is no content. An e-mail's
    greeting and sign-off, and a line citing a source, are no content."""
    places = block_areas(note.blocks, guide)
    has_areas = any(place.area is not None for place in places)
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    subheading = ""
    for index, (block, place) in enumerate(zip(note.blocks, places)):
        labels = block.kind == "heading" or is_sub_label(block, note.blocks[index + 1:index + 2])
        if place.starts:
            subheading = ""
        elif labels:
            subheading = block.text
        if (place.starts or labels or is_header_line(block.text) or is_title(index, note.blocks)
                or block.signal == "titles" or SALUTATION.match(block.text) or CITATION.match(block.text)):
            continue
        area = place.area
        if area is None:
            # Before the first area heading: a header table stays header; prose (a summary,
            # an introduction) is content of no named area, never dropped.
            if has_areas and block.kind == "table":
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
                heading=place.heading or "",
                file=note.path.name,
                block=index,
                kind=block.kind if block.kind in ("list", "table") else "body",
                area_inferred=place.inferred,
                depth=block.level if block.kind == "list" else 0,
                subheading=subheading,
            )
        )
    return segments


@dataclass(frozen=True)
class Place:
    """Where a block falls: its area (None before the first heading), the heading of its
    section, whether the area was inferred, and whether the block is that heading."""

    area: str | None = None
    heading: str | None = None
    inferred: bool = False
    starts: bool = False


def block_areas(blocks: list[Block], guide: Guide) -> list[Place]:
    """For each block, the area it falls in and the heading of its section.

    A heading names an area, or starts a section whose area is inferred from its content
    and the guide's order (`infer_sections`; see `starts_unnamed_section`); in a note
    without any heading each paragraph's area is inferred (`infer_paragraphs`). A sub-heading
    (deeper level) never changes a named area ("### Planen" under the strategy question),
    and a line ending with a colon (or a bold list item) that names the area it stands in
    introduces a list there ("Medskick till nationell nivå:"). A bold, capitalised, numbered
    or colon-ended line that names no area heads a section where the note's area headings
    look so (SECTION_SIGNALS); elsewhere it is ordinary text.
    """
    # The area each line names, asked once per line of the note: the second reading of the
    # headings below asks for the same lines again.
    area_named = functools.cache(guide.area_for)
    table_of_areas = any(block.signal == "cell" and area_named(block.text) for block in blocks)
    places, heading_signals = section_starts(blocks, area_named, table_of_areas, frozenset())
    if heading_signals & SECTION_SIGNALS:
        # Lines that look as the section headings look head sections too, before the first of them as well.
        places, _ = section_starts(blocks, area_named, table_of_areas, heading_signals)
    if not any(place.starts for place in places):
        return infer_paragraphs(blocks, guide)
    return infer_sections(places, blocks, guide)


def section_starts(blocks: list[Block], area_named: Callable[[str], str | None], table_of_areas: bool,
                   heading_signals: frozenset[str]) -> tuple[list[Place], frozenset[str]]:
    """Each block's place as the headings read in order leave it (`area_named` gives the area a
    line names, the guide's `area_for`), and what made the lines that started sections look
    like headings (`starts_unnamed_section` reads lines that look so as section heads, given
    `heading_signals`): a bold "Inledning" heads a note whose bold "Presentationsrunda" heads
    another section."""
    places: list[Place] = []
    area: str | None = None
    heading: str | None = None
    area_level = 0
    naming: set[str] = set()
    under_heading = False  # the current area was named by a heading, not by a notes table's column title
    for index, block in enumerate(blocks):
        starts = False
        if block.kind in ("heading", "maybe_heading") or (block.kind == "list" and block.signal):
            deeper = area is not None and block.level > area_level > 0
            named = None if deeper and area != UNKNOWN_AREA else area_named(block.text)
            if named == area and (block.signal == "colon" or block.kind == "list"):
                named = None  # a lead or an item in its own area ("Medskick till nationell nivå:"), not a heading
            if named:
                area, heading, area_level, starts = named, block.text, block.level, True
                naming.add(block.signal)
                under_heading = block.signal != "column"
            elif not deeper and starts_unnamed_section(block, index, area, table_of_areas, heading_signals,
                                                       under_heading):
                area, heading, area_level, starts = UNKNOWN_AREA, block.text, block.level, True
                naming.add(block.signal)
                under_heading = block.signal != "column"
        places.append(Place(area, heading, starts=starts))
    return places, frozenset(naming)


def starts_unnamed_section(block: Block, index: int, area: str | None, table_of_areas: bool,
                           heading_signals: frozenset[str] = frozenset(), under_heading: bool = False) -> bool:
    """Whether a heading-like block that names no area still starts a section of the note:
    a part label, a short line ending with a dash ("Planen och medlen –"), a line heading an
    outline or a column of a notes table whose columns are its areas (not a column title under
    a heading that named the area: "Nuläge | Utmaningar | Framåt" label its parts), a line that looks as
    the note's area headings look (`heading_signals`: once "Ledning:" or a bold "Ledning och
    samordning" named an area, "Pengar:" or a bold "Vanliga frågor" heads another section), a
    heading-styled line after the title, or the first cell of a notes table
    outside any named area where the note's table names areas in other rows (a table of
    facts in the header with long cells is not the note's structure)."""
    if block.kind == "list":
        return False
    if block.signal == "column":
        return not (under_heading and area not in (None, UNKNOWN_AREA))
    if is_section_label(block.text) or block.signal in ("dash", "outline", "time"):
        return True
    if block.kind == "maybe_heading" and block.signal in heading_signals & SECTION_SIGNALS:
        return index > 0  # the note's title looks so too
    if block.kind == "heading":
        return index > 0
    return block.signal == "cell" and table_of_areas and area in (None, UNKNOWN_AREA)


def infer_sections(places: list[Place], blocks: list[Block], guide: Guide) -> list[Place]:
    """The places with an area inferred for every section whose heading named none."""
    sections = section_spans(places)
    result = list(places)
    previous: str | None = None
    for number, (start, end) in enumerate(sections):
        place = places[start]
        if place.area != UNKNOWN_AREA:
            previous = place.area
            continue
        following = next((places[s].area for s, _ in sections[number + 1:] if places[s].area != UNKNOWN_AREA), None)
        text = " ".join(b.text for b in blocks[start:end] if not is_header_line(b.text))
        area = guide.infer_area(text, previous, following)
        for index in range(start, end):
            result[index] = Place(area, places[index].heading, inferred=True, starts=places[index].starts)
        previous = area
    return result


def infer_paragraphs(blocks: list[Block], guide: Guide) -> list[Place]:
    """The places of a note without any heading: each paragraph with the area inferred for
    it (header lines and the title stay outside any area)."""
    content = [index for index, block in enumerate(blocks)
               if not is_header_line(block.text) and not is_title(index, blocks)]
    areas = dict(zip(content, guide.infer_areas([blocks[index].text for index in content])))
    return [Place(areas[index], inferred=True) if index in areas else Place() for index in range(len(blocks))]


def section_spans(places: list[Place]) -> list[tuple[int, int]]:
    """(first, past-last) block index of each section, from the heading that starts it."""
    starts = [index for index, place in enumerate(places) if place.starts]
    return list(zip(starts, [*starts[1:], len(places)]))


def is_sub_label(block: Block, following: list[Block]) -> bool:
    """A label inside an area that names no area and says nothing itself: a short bold topic
    ("Nuläge", "**Framåt**") above paragraphs or a list, a notes table's column title under a
    heading that named the area ("Utmaningar"), a bold speaker or topic label
    ("Regionens företrädare:") above paragraphs (not a list's lead, which stays text), a short
    italic line ("Handlingsplanen"), or a notes table's label cell for a sub-question ("Hur
    följs planen upp?")."""
    if block.kind != "maybe_heading":
        return False
    if block.signal in ("cell", "italic", "column"):
        return True
    if block.signal not in ("bold", "emphasis") or len(block.text.split()) > SUB_LABEL_WORDS:
        return False
    end = block.text.rstrip()[-1:]
    if end == ":":  # a bold label above a list is the list's lead, which stays text
        return block.signal == "bold" and not (following and following[0].kind == "list")
    return end not in (".", "?", "!")


def is_title(index: int, blocks: list[Block]) -> bool:
    """The note's first line when it looks like a heading, or stands right above the header
    lines ("Län: …") in plain text: its title, not its content."""
    if index != 0 or not blocks:
        return False
    return blocks[0].kind in ("heading", "maybe_heading") or (len(blocks) > 1 and is_header_line(blocks[1].text))


def segment_id(county: str, text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    digest = hashlib.sha1(f"{county}\n{normal}".encode("utf-8")).hexdigest()[:10]
    return f"{county}-{digest}"


def list_leads(segments: list[Segment]) -> dict[str, Segment]:
    """segment id → the segment that introduces it, for list items: notes introduce a list
    with a paragraph ("Under ledningsgruppen finns tre nätverk:", "Varje ansökan ska visa:"),
    and the items mean nothing without it; in an indented list an item is introduced by the
    item it stands under ("Stimulansmedel: nytt sätt att fördela" above "Ansökan ska ange
    vilket delmål den bidrar till"). Items are the list items that follow it in its section
    (`same_section`), and in formats that lose list marks, the short segments after a paragraph
    ending in ':' (until a marked list has ended)."""
    leads: dict[str, Segment] = {}
    lead: Segment | None = None
    marked = False
    parents: list[Segment] = []  # the list items above the current one, by depth
    for segment in segments:
        same_place = lead is not None and same_section(segment, lead)
        parents = [p for p in parents if same_section(p, segment) and p.depth < segment.depth]
        if segment.kind == "list" and parents:
            leads[segment.segment_id] = parents[-1]
        elif same_place and segment.kind == "list":
            leads[segment.segment_id], marked = lead, True
        elif same_place and not marked and lead.text.rstrip().endswith(":") and looks_like_item(segment.text):
            leads[segment.segment_id] = lead
        elif segment.kind != "list":
            lead, marked = segment, False
        else:
            lead = None
        if segment.kind == "list" and segment.depth:
            parents.append(segment)
    return leads


def same_section(segment: Segment, other: Segment) -> bool:
    """Whether two segments stand under the same headings of one note: a list is introduced
    by a paragraph of its own section, never by the last paragraph before a heading ("Bild 3:
    Arbetsgrupperna" between a slide's speaker notes and the next slide's bullets)."""
    return (segment.county, segment.area, segment.heading, segment.subheading) == (
        other.county, other.area, other.heading, other.subheading)


def introductions(segments: list[Segment]) -> dict[str, str]:
    """segment id → the text that introduces it, read with it by the tagger, the classifier and
    the learned model: a list item's lead (`list_leads`), else the sub-heading it stands under
    where that names a topic ("Förändringar sedan i fjol" says what the paragraphs below it
    are about)."""
    leads = list_leads(segments)
    found = {sid: lead.text for sid, lead in leads.items()}
    found.update({s.segment_id: s.subheading for s in segments if s.segment_id not in found and names_topic(s.subheading)})
    return found


def names_topic(heading: str) -> bool:
    """A sub-heading that names what follows in a few words ("Skolans roll"), not a question
    the guide asks ("Finns en länsgemensam handlingsplan …?"), whose words are the county's
    topic only where its answer repeats them."""
    return 0 < len(heading.split()) <= TOPIC_WORDS and not heading.rstrip().endswith("?")


def looks_like_item(text: str) -> bool:
    return len(text) < 250 or text[:1].islower()
