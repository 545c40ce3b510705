"""arbetsanteckningar.docx: what the investigator needs to know about the draft, beside it, never in it.

How the draft was made and from what, how much of the coding a person has checked, the
counties a count leaves out, where each proposed quote comes from (the segment id to choose
it with `dialogtool quotes choose`), the parts still without a quote, and the analysis
figures that are no diagrams of the report. The draft itself then reads as the report does
and can be sent on once its marked places are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm

from ...files import save_document
from . import layout, wording

WORK_NOTES = "arbetsanteckningar.docx"
#: The analysis figures of `analyze` the working notes show, by PNG stem.
FIGURES = (
    ("theme_matrix", "Antal kodade segment per tema och län."),
    ("theme_network", "Teman som kodats på samma segment. Linjernas bredd: antal segment som kodats med båda."),
    ("county_network", "Län med liknande tematisk profil. Färgen visar länets status för handlingsplanen."),
)
#: Landscape, so that the wide framework matrix stays legible.
FIGURE_WIDTH = Cm(24)


@dataclass
class WorkNotes:
    """Notes gathered while the draft is written, under headings (in the order given, then first used)."""

    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, heading: str, line: str) -> None:
        self.sections.setdefault(heading, []).append(line)

    def write(self, path: Path, analysis, figures: dict[str, Path], source: str) -> Path:
        """Write the notes, then the analysis figures (each on a landscape page), to `path`."""
        document = layout.new_document()
        paragraphs = layout.Paragraphs(document)
        paragraphs.heading("Arbetsanteckningar till utkastet", 0)
        paragraphs.add(
            f"Utkastet skapades av dialogtool {date.today().isoformat()} från "
            f"{len(analysis.corpus.notes)} minnesanteckningar. Antal, tabeller, diagram och utdrag är beräknade från "
            "anteckningarna och kodningen; skapa utkastet på nytt (dialogtool analyze) när något av dem ändras. "
            "Gulmarkerade stycken i utkastet är platser att skriva. Ett utdrag byts mot ett annat med dialogtool "
            "quotes --theme TEMA (förslagen) och dialogtool quotes choose SEGMENT-ID (valet).")
        for heading, lines in self.sections.items():
            if not lines:
                continue
            paragraphs.heading(heading, 1)
            for line in lines:
                paragraphs.add(line, "List Bullet")
        write_figures(document, figures, source)
        return save_document(document, path)


def coding_line(analysis) -> str:
    """How much of the coding behind the draft an investigator has made or confirmed."""
    checked = sum(1 for c in analysis.codes if c.source != "auto")
    overridden = sum(1 for p in analysis.profiles for c in p.cells.values() if c.overridden)
    text = (f"{wording.grouped(len(analysis.corpus.segments))} textavsnitt med {wording.grouped(len(analysis.codes))} "
            f"kodningar, varav {wording.grouped(checked) if checked else 'inga'} gjorda eller bekräftade av en "
            "utredare; övriga är dialogtools förslag.")
    if overridden:
        text += f" {wording.count_first(overridden)} klassificeringar av län är ändrade för hand."
    return text


def write_figures(document, figures: dict[str, Path], source: str) -> None:
    """The framework matrix and the networks, where drawn: support for the analysis, not the report's diagrams."""
    present = [(name, text) for name, text in FIGURES if name in figures and Path(figures[name]).exists()]
    for number, (name, text) in enumerate(present, start=1):
        section = document.add_section(WD_SECTION.NEW_PAGE)
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        layout.caption(document, f"Figur {number}. {text}")
        layout.figure(document, figures[name], FIGURE_WIDTH, Cm(4))
        layout.small(document.add_paragraph(), source)
