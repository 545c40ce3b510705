"""Live numbers in the investigators' own Word draft: placeholders replaced by current values.

The grammar (a placeholder is `{{ … }}`, spaces inside optional):

    {{ antal DIM=CAT }}             counties in a category, as the report writes it: "nio", "16",
                                    "inga" (words up to nine, digits from ten)
    {{ Antal DIM=CAT }}             the same at a sentence start: "Nio", "Sexton"
    {{ antal DIM=CAT,CAT2 }}        counties in any of several categories (finns,pagar → 15)
    {{ antal DIM=CAT siffra }}      digits: "9"
    {{ antal DIM=CAT av }}          a share of all counties: "12 av 21 län"
    {{ antal län }}                 the round's counties; {{ antal deltagare }}: its participants
    {{ tabell NAME }}               a Word table; NAME is crosstab_<id> (crosstab_plan_x_fordelning
                                    is Tabell 1), counts or typology; alone in its paragraph
    {{ figur NAME }}                a figure: NAME is a PNG's name without .png
                                    (diagram1_plan_status); {{ figur NAME 12cm }} sets its width
    {{ citat THEME N }}             the theme's Nth quote (1 = the best; N may be left out),
                                    passed through the anonymisation gate, with
                                    "(Utdrag ur minnesanteckningar)"

Word often splits what one types into several runs (spell-check marks, formatting changes);
a placeholder is found across runs, and its replacement takes the formatting of the run that
holds the placeholder's first word. Placeholders in tables, text boxes, headers and footers
are filled too. Anything not understood — an unknown word, or a placeholder with one brace
too few — is an error naming the placeholder and where it is, and nothing is written.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import docx
import pandas as pd
from docx.shared import Cm
from docx.table import _Cell
from docx.text.run import Run

from ..archives import open_checked
from ..errors import TemplateError
from ..files import save_document
from ..ingest.read.docx_parts import Place, document_paragraphs, own_runs, paragraph_runs
from .report import wording
from .report.counts import checked_analysis, round_counts
from .report.layout import FIGURE_WIDTH, add_frame_table
from .report.picks import QuotePicker
from .report.spec import Categories
from .tables import counts_frame, crosstab_frame, typology_frame
from .workbook import labelled_typology

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
KINDS = ("antal", "tabell", "figur", "citat")
COUNT_FORMS = ("siffra", "av")
TABLES = ("counts", "typology")
WIDTH = re.compile(r"^(\d+(?:[.,]\d+)?)cm$")
#: Word's default left and right cell margins together (2 × 0.19 cm).
CELL_MARGINS = Cm(0.38)


def fill_draft(draft_path: Path, out_path: Path, analysis, figures: dict[str, Path] | None = None) -> Path:
    """Write `draft_path` with every placeholder replaced by the round's current value to `out_path`."""
    draft_path = Path(draft_path)
    if zipfile.is_zipfile(draft_path):
        open_checked(draft_path, TemplateError, "öppna det i Word och spara det igen som .docx").close()
    try:
        document = docx.Document(str(draft_path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise TemplateError(f"{draft_path}: kan inte öppnas som ett Word-dokument ({error}); spara det som .docx.") from None
    filler = Filler(document, analysis, {name: Path(p) for name, p in (figures or {}).items()}, draft_path)
    for place in document_paragraphs(document):
        filler.fill(place)
    return save_document(document, out_path)




class Filler:
    """Resolves placeholders against one round and writes their values into the draft."""

    def __init__(self, document, analysis, figures: dict[str, Path], draft_path: Path):
        self.document = document
        self.analysis = checked_analysis(analysis)
        self.figures = figures
        self.draft = draft_path
        self.counts = round_counts(analysis)
        self.quotes = QuotePicker(analysis)

    def error(self, place: Place, content: str, fix: str) -> TemplateError:
        return TemplateError(f"{self.draft}, {place.where}: {{{{ {content} }}}} — {fix}")

    def fill(self, place: Place) -> None:
        runs = paragraph_runs(place.paragraph)
        text = "".join(run.text for run in runs)
        self.check_braces(place, text)
        for match in reversed(list(PLACEHOLDER.finditer(text))):
            content = " ".join(match.group(1).split())
            words = content.split()
            kind = words[0].lower() if words else ""
            if kind not in KINDS:
                raise self.error(place, content, f"okänd platshållare; börja den med ett av {', '.join(KINDS)}.")
            if kind == "tabell":
                self.put_table(place, content, words, text, match)
                return
            host, after = replaced_runs(runs, match.start(), match.end(), match.start(1) + first_word(match.group(1)))
            if kind == "figur":
                self.put_figure(place, content, words, host, after)
            else:
                host.text += self.text_value(place, content, words, kind) + after

    def check_braces(self, place: Place, text: str) -> None:
        """A placeholder typed with one brace too few is an error, never left in the filled draft."""
        broken = [m.group(0) for m in PLACEHOLDER.finditer(text) if "{" in m.group(1) or "}" in m.group(1)]
        rest = PLACEHOLDER.sub("", text)
        if "{{" in rest:
            broken.append(rest[rest.index("{{"):][:60])
        elif "}}" in rest:
            broken.append(rest[:rest.index("}}") + 2][-60:])
        if broken:
            raise TemplateError(f"{self.draft}, {place.where}: '{broken[0].strip()}' är ingen hel platshållare; "
                                "skriv den som {{ … }}, med två klammerparenteser på varje sida.")

    def text_value(self, place: Place, content: str, words: list[str], kind: str) -> str:
        if kind == "antal":
            return self.count_value(place, content, words)
        return self.quote_value(place, content, words)

    def count_value(self, place: Place, content: str, words: list[str]) -> str:
        """A count written as the report writes it, in the form the placeholder asks for."""
        if len(words) < 2:
            raise self.error(place, content, "ange vad som ska räknas: DIMENSION=KATEGORI, län eller deltagare.")
        forms = [w.lower() for w in words[2:]]
        unknown = [f for f in forms if f not in COUNT_FORMS]
        if unknown or len(forms) > 1:
            raise self.error(place, content, f"okänd form '{' '.join(forms)}'; använd en av {', '.join(COUNT_FORMS)} "
                                             "eller ingen.")
        subject = words[1]
        if subject.lower() == "län":
            number = self.counts.total
        elif subject.lower() == "deltagare":
            number = sum(note.participants or 0 for note in self.analysis.corpus.notes)
        else:
            number = self.category_count(place, content, subject)
        form = forms[0] if forms else ""
        if form == "siffra":
            return str(number)
        if form == "av":
            return wording.of(number, self.counts.total)
        return wording.count_first(number) if words[0][0].isupper() else wording.count(number)

    def category_count(self, place: Place, content: str, subject: str) -> int:
        dimension, _, categories = subject.partition("=")
        dimensions = self.analysis.codebook.dimensions
        if dimension not in dimensions or not categories:
            raise self.error(place, content, f"okänd dimension '{dimension}'; skriv DIMENSION=KATEGORI med en av "
                                             f"{', '.join(dimensions)}.")
        known = dimensions[dimension].categories
        wanted = categories.split(",")
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise self.error(place, content, f"{dimension} har ingen kategori '{unknown[0]}'; använd "
                                             f"{', '.join(known)}.")
        return self.counts(Categories(dimension, tuple(wanted)))

    def quote_value(self, place: Place, content: str, words: list[str]) -> str:
        """The theme's Nth quote that passes the gate, with its attribution."""
        if len(words) not in (2, 3) or (len(words) == 3 and not words[2].isdigit()) or words[-1] == "0":
            raise self.error(place, content, "skriv {{ citat TEMA N }}, där N är ett tal från 1.")
        theme, number = words[1], int(words[2]) if len(words) == 3 else 1
        if theme not in self.analysis.codebook.themes:
            raise self.error(place, content, f"okänt tema '{theme}'; använd ett temas id från themes.yaml.")
        quote = self.quotes.nth(theme, number)
        if quote is None:
            raise self.error(place, content, f"temat '{theme}' har färre än {number} citat som klarar "
                                             "anonymiseringskontrollen; be om ett tidigare citat eller koda fler "
                                             "textavsnitt.")
        return quote.text

    def put_figure(self, place: Place, content: str, words: list[str], host: Run, after: str) -> None:
        if len(words) not in (2, 3):
            raise self.error(place, content, "skriv {{ figur NAMN }} eller {{ figur NAMN 12cm }}.")
        name = words[1].removesuffix(".png")
        path = self.figures.get(name)
        if path is None or not path.exists():
            raise self.error(place, content, f"okänd figur '{name}'; använd en av {', '.join(self.figures) or 'inga'} "
                                             "(kör dialogtool analyze för att rita dem).")
        width = FIGURE_WIDTH
        if len(words) == 3:
            size = WIDTH.match(words[2].lower())
            if not size:
                raise self.error(place, content, f"bredden '{words[2]}' är inte skriven som 12cm.")
            width = Cm(float(size.group(1).replace(",", ".")))
        host.add_picture(str(path), width=width)
        if after:
            tail = copy.deepcopy(host._r)
            host._r.addnext(tail)
            Run(tail, place.paragraph).text = after

    def put_table(self, place: Place, content: str, words: list[str], text: str, match: re.Match) -> None:
        """The named table in place of the placeholder's paragraph (which holds nothing else)."""
        if len(words) != 2:
            raise self.error(place, content, "skriv {{ tabell NAMN }}.")
        if (text[:match.start()] + text[match.end():]).strip():
            raise self.error(place, content, "en platshållare för en tabell måste stå ensam i sitt stycke; flytta "
                                             "texten runt den till ett eget stycke.")
        frame, crosstab = self.table_frame(place, content, words[1])
        paragraph = place.paragraph._p
        parent = paragraph.getparent()
        # a table made for a cell is as wide as the cell, less its margins; elsewhere as the page's text
        width = _Cell(parent, None).width if parent.tag.endswith("}tc") else None
        table = add_frame_table(self.document, frame, crosstab=crosstab,
                                width=width - CELL_MARGINS if width and width > 2 * CELL_MARGINS else None)
        paragraph.addprevious(table._tbl)
        if parent.tag.endswith("}tc") and paragraph is parent.findall(paragraph.tag)[-1]:
            for run in own_runs(paragraph):
                run.getparent().remove(run)
        else:
            parent.remove(paragraph)

    def table_frame(self, place: Place, content: str, name: str) -> tuple[pd.DataFrame, bool]:
        codebook, profiles = self.analysis.codebook, self.analysis.profiles
        if name.startswith("crosstab_") and name.removeprefix("crosstab_") in codebook.crosstabs:
            return crosstab_frame(profiles, codebook.crosstabs[name.removeprefix("crosstab_")], codebook), True
        if name == "counts":
            return readable_counts(counts_frame(profiles, codebook), codebook), False
        if name == "typology":
            return labelled_typology(typology_frame(profiles, codebook), codebook), False
        names = [f"crosstab_{c}" for c in codebook.crosstabs] + list(TABLES)
        raise self.error(place, content, f"okänd tabell '{name}'; använd en av {', '.join(names)}.")


def first_word(inside: str) -> int:
    """The offset of the placeholder's first word within its braces."""
    return len(inside) - len(inside.lstrip())


def replaced_runs(runs: list[Run], start: int, end: int, anchor: int) -> tuple[Run, str]:
    """Remove text[start:end] from the runs it spans.

    Returns the run holding offset `anchor` (the placeholder's first word), cut at the
    placeholder, and that run's text after the placeholder, for the caller to put back after
    the value.
    """
    offset, host, after = 0, None, ""
    for run in runs:
        text = run.text
        low, high = offset, offset + len(text)
        offset = high
        if high <= start or low >= end:
            continue
        before, rest = text[:max(0, start - low)], text[max(0, end - low):]
        if host is None and low <= anchor < high:
            host, after = run, rest
            run.text = before
        else:
            run.text = before + rest
    return host, after


def readable_counts(frame: pd.DataFrame, codebook) -> pd.DataFrame:
    """counts.csv with Swedish labels, as a table for the report."""
    labels = {d: dimension.label for d, dimension in codebook.dimensions.items()}
    first = ~frame["dimension"].duplicated()  # each dimension named once, above its categories
    return pd.DataFrame({"Dimension": frame["dimension"].map(labels).where(first, ""), "Kategori": frame["label"],
                         "Antal län": frame["counties"]})

