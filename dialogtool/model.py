"""The plain data that flows through the pipeline: note → segments → codes → profiles.

Each stage takes the previous stage's objects and returns new ones; nothing here knows
about files, Word, the database or the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

UNKNOWN_AREA = "okand"


def area_in(area: str, areas) -> bool:
    """Whether a segment of `area` is read where `areas` are wanted: text in the unknown area
    may belong to any of them, so it is never left out for its area alone."""
    return area == UNKNOWN_AREA or area in areas


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of a note as the reader found it."""

    text: str
    kind: str = "body"  # "heading" | "maybe_heading" | "body" | "list" | "table"
    #: Heading level (1 = top) for headings; 0 where the format gives none.
    level: int = 0
    #: Word comment ids anchored (wholly or partly) in this block.
    comment_ids: tuple[str, ...] = ()
    #: For a maybe_heading, what made it look like one: "bold", "numbered", "caps", "colon",
    #: "line" (a short line of its own in plain text), "emphasis" (Markdown **…**), "cell"
    #: (the first cell of a table row whose other cell holds the notes).
    signal: str = ""


@dataclass(frozen=True)
class WordComment:
    """A comment an investigator attached to text in Word; its text may be theme ids."""

    comment_id: str
    text: str
    author: str = ""
    date: str = ""


@dataclass
class Note:
    """One county's meeting note for one round, as read from its file."""

    path: Path
    county: str
    date: str | None = None
    participants: int | None = None
    participants_text: str | None = None
    review_status: str | None = None
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    comments: dict[str, WordComment] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A paragraph or list item: the unit that is coded and quoted."""

    segment_id: str
    county: str
    area: str
    position: int
    text: str
    heading: str = ""
    file: str = ""
    #: Index of the block in `Note.blocks` the segment was made from.
    block: int = -1
    #: The block's kind: "body", "list" (a list item) or "table".
    kind: str = "body"
    #: True where the heading named no question area and the area was inferred from the
    #: section's content and the guide's order (`heading` is then the note's own heading).
    area_inferred: bool = False


@dataclass(frozen=True)
class Code:
    """A theme on a segment. `source` is auto, human or auto+accepted."""

    segment_id: str
    county: str
    theme: str
    source: str = "auto"
    evidence: str = ""
    coder: str = ""


@dataclass(frozen=True)
class Evidence:
    """A sentence of a segment that decided a typology cell."""

    segment_id: str
    sentence: str


@dataclass
class Cell:
    """One county's category on one typology dimension, with why."""

    county: str
    dimension: str
    category: str | None
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""
    overridden: bool = False


@dataclass
class CountyProfile:
    """A county's typology: one cell per dimension."""

    county: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def category(self, dimension: str) -> str | None:
        cell = self.cells.get(dimension)
        return cell.category if cell else None


#: The kinds of human decision the project database holds.
DECISION_KINDS = ("code_added", "code_accepted", "code_rejected", "override", "quote_chosen")


@dataclass
class Decision:
    """Something an investigator decided. Never overwritten by a run; kept when orphaned.

    `text` is the segment's text when the decision was made: it is what re-anchors the
    decision onto a revised note.
    """

    kind: str
    county: str
    segment_id: str | None = None
    theme: str | None = None
    dimension: str | None = None
    category: str | None = None
    text: str = ""
    reason: str = ""
    detail: dict = field(default_factory=dict)
    coder: str = ""
    created_at: str = ""
    status: str = "active"  # active | orphaned | removed
    anchor_score: float | None = None
    id: int | None = None
