"""The plain data that flows through the pipeline: note → segments → codes → profiles.

Each stage takes the previous stage's objects and returns new ones; nothing here knows
about files, Word, the database or the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # types only: the data model imports no stage
    import pandas as pd

    from .cues.codebook import Codebook
    from .ingest.guide import Guide
    from .outputs.triangulate import Triangulation

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
    #: Heading level (1 = top) for headings, nesting depth (1 = top) for list items of an
    #: indented text list; 0 where the format gives none.
    level: int = 0
    #: Word comment ids anchored (wholly or partly) in this block.
    comment_ids: tuple[str, ...] = ()
    #: For a maybe_heading, what made it look like one: "bold", "numbered", "caps", "colon",
    #: "line" (a short line of its own in plain text), "emphasis" (Markdown **…**), "cell"
    #: (the first cell of a table row whose other cell holds the notes), "outline" (a line
    #: heading indented bullets), "column" (the title of a table column that holds notes).
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
    #: For a list item, how deep it stands in its list (1 = top level; 0 where the note does
    #: not say): an item under another is read with it (`ingest.segment.list_leads`).
    depth: int = 0
    #: The sub-heading the segment stands under inside its area ("Förändringar sedan i fjol",
    #: a bold or italic label, a sub-question's cell), "" where none: what it is about.
    subheading: str = ""


@dataclass(frozen=True)
class Code:
    """A theme on a segment. `source` is auto, human or auto+accepted."""

    segment_id: str
    county: str
    theme: str
    source: str = "auto"
    evidence: str = ""
    coder: str = ""
    #: How likely the code is right (0–1): the model's probability, or a rule's calibrated
    #: rate; None where nothing measured it (a human code is certain by definition).
    confidence: float | None = None


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
    #: How likely the category is right (0–1), and whether that is enough to leave the cell
    #: unchecked (calibrated over leave-one-writer-out; typology/confidence.py).
    confidence: float | None = None
    sure: bool = False
    #: How the classifier reached the category (`rule`, `most`, `close`, `otherwise`, `empty`,
    #: `not_applicable`, `learned`: the county model overruled a weak rule): what the
    #: confidence is calibrated on.
    basis: str = ""
    #: The county model reads the notes as another category: never sure, whatever the basis.
    disputed: bool = False
    #: Whether the county model gives the cell's category at least AGREE_AT (typology/learned.py);
    #: None where no model read the cell. Sureness is calibrated on it (typology/confidence.py).
    agreed: bool | None = None


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
#: The kinds of decision as an investigator reads them (the app and `dialogtool status` alike).
DECISION_LABELS = {"code_added": "Tillagt tema", "code_accepted": "Bekräftat tema", "code_rejected": "Avvisat tema",
                   "override": "Ändrad klassificering", "quote_chosen": "Valt citat"}


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


#: progress(stage, done, total), called as work advances; the CLI draws a bar with it.
Progress = Callable[[str, int, int], None]


@dataclass
class Corpus:
    """The notes of one round and their segments, in county order."""

    notes: list[Note] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: What was read but may be wrong (a file left unread, a participant count that cannot
    #: be read), in Swedish, for the summary.
    problems: list[str] = field(default_factory=list)

    def unrecognised_headings(self) -> list[tuple[str, str]]:
        """(county, heading) for every section in the unknown area; heading "" where the
        note has no heading at all."""
        return list(dict.fromkeys((s.county, s.heading) for s in self.segments if s.area == UNKNOWN_AREA))

    def inferred_areas(self) -> list[tuple[str, str, str]]:
        """(county, heading, area) for every heading that named no area, with the area inferred for it."""
        return list(dict.fromkeys((s.county, s.heading, s.area) for s in self.segments if s.area_inferred))

    def note_for(self, county: str) -> Note | None:
        return next((n for n in self.notes if n.county == county), None)

    def segments_of(self, county: str) -> list[Segment]:
        return [s for s in self.segments if s.county == county]


@dataclass(frozen=True)
class Move:
    """One decision carried from a vanished segment id to a current one."""

    decision_id: int
    kind: str
    county: str
    theme: str | None
    old_segment_id: str
    new_segment_id: str
    score: float
    reattached: bool = False


@dataclass
class ReanchorReport:
    """What a re-anchoring pass changed: the moves (with scores) and every orphaned decision."""

    moved: list[Move] = field(default_factory=list)
    #: Every decision that is orphaned after the pass, including those orphaned before it.
    orphaned: list[Decision] = field(default_factory=list)
    #: The ids of the decisions this pass orphaned.
    newly_orphaned: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Round:
    """Where a round lives: everything a command needs to open it.

    The notes directory holds the round's notes and its project database; the guide and the
    codebook are the configuration every stage reads. Built once by the CLI (or the app) from
    --notes/--guide/--themes, so every command reads the same files.
    """

    notes_dir: Path
    guide_path: Path
    themes_path: Path


@dataclass
class Companions:
    """What the draft compares the round with: last year's round and the survey, where found.

    `problems` are the Swedish notes for the investigator when a companion exists but could
    not be read; the working notes list them rather than failing the run over an optional part.
    """

    previous: Analysis | None = None
    survey: Triangulation | None = None
    problems: tuple[str, ...] = ()


@dataclass
class Analysis:
    """Everything one run knows about a round; `files` names what `analyze` wrote."""

    corpus: Corpus
    notes_dir: Path
    codebook: Codebook
    guide: Guide | None = None
    auto_codes: list[Code] = field(default_factory=list)
    word_codes: list[Code] = field(default_factory=list)
    word_problems: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    reanchored: ReanchorReport | None = None
    codes: list[Code] = field(default_factory=list)
    profiles: list[CountyProfile] = field(default_factory=list)
    findings: pd.DataFrame | None = None
    #: The allow-list (allowlist.txt's terms) `findings` were searched with.
    allowlist: tuple[str, ...] = ()
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    #: Outputs edited by hand since they were written, moved aside (not overwritten) by the last write.
    kept_edits: list[Path] = field(default_factory=list)
    #: Last year's round and the survey, for the report draft (`analyze` reads them).
    companions: Companions = field(default_factory=Companions)
    #: Whether the run works in forked processes (`pipeline.parallel`, asked once per run: each
    #: asking watches the machine's cores for a moment).
    forked: bool = False

    @property
    def participants(self) -> int:
        return sum(n.participants or 0 for n in self.corpus.notes)
