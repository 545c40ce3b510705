"""report.docx: the status report's draft in Swedish, every number, table, diagram and quote
computed from the round's analysis.

The draft follows the structure of Folkhälsomyndigheten's lägesrapport — Sammanfattning, how
the dialogues were held, governance, action plans (Diagram 1), allocation (Diagram 2, Tabell
1), the strategy's goals, parallel initiatives, messages to the national level — and writes
its counts the way the report does ("Nio län har en handlingsplan …", "drygt hälften av
länen (12 av 21)"), so that an investigator can lift whole paragraphs into the report and
regenerate them whenever a note, a code or an override changes. Overridden classifications
count as they are: they are already applied in `analysis.profiles`.

Where the analysis has companions — last year's round and the survey's answers (see
`pipeline.read_companions`) — the draft also says what changed since last year and how the
survey compares, as the report does. Text meant for the investigator rather
than the report is small, grey and in brackets.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pandas as pd
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from PIL import Image

from ..cues import numerals
from ..anonymise.finder import load_allowlist
from ..errors import TypologyError
from ..model import Companions
from .quotes import Quote, theme_quotes
from .tables import counts_frame, crosstab_frame
from .workbook import analysis_frames, write_workbook

TABELL1 = "plan_x_fordelning"
FIGURE_WIDTH = Cm(15.5)
TABLE_WIDTH = Cm(16)
#: The appendix is landscape, so the wide framework matrix stays legible.
APPENDIX_FIGURE_WIDTH = Cm(24)
QUOTE_INDENT = Cm(1)
#: The width of a character of 11 pt table text, bold, for sizing table columns.
CHARACTER = Cm(0.22)
HEADER_FILL = "DCE6F0"
#: Quotes a part of the draft prints when none has been chosen (chosen quotes are all printed).
QUOTES_PER_PART = 2
#: Candidates per theme looked at when picking the draft's quotes.
CANDIDATE_POOL = 40
#: The PNG files of write_typology_outputs / write_network_outputs the draft embeds, by name.
DIAGRAM1 = "diagram1_plan_status"
DIAGRAM2 = "diagram2_fordelningsgrund"
APPENDIX_FIGURES = (
    ("theme_matrix", "Antal kodade segment per tema och län."),
    ("theme_network", "Teman som kodats på samma segment. Linjernas bredd: antal segment som kodats med båda."),
    ("county_network", "Län med liknande tematisk profil. Färgen visar länets status för handlingsplanen."),
)
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
#: A table title's own number ("Tabell 1. …"), which the caption writes itself.
TABLE_NUMBER = re.compile(r"^\s*tabell\s*\d+\s*[.:]\s*", re.I)

#: The report's sentence for each plan status, {n} the count mid-sentence, {N} at its start.
PLAN_STATUS_SENTENCES = {
    "finns": "{N} län har en handlingsplan utifrån den nationella strategin.",
    "pagar": "I {n} län pågår arbete med att ta fram en länsgemensam handlingsplan.",
    "forberedande": "I {n} län beskrev deltagarna att de befinner sig i förberedande fas.",
    "integrerad": ("{N} län hanterar frågorna genom integrering i andra strukturer. Det kan handla om att "
                   "utgå från planer för samsjuklighet eller lokala programområden (LPO) för psykisk hälsa."),
}
#: How the finns-plans tie to the strategy, as the report's clauses ({n} mid-sentence).
PLAN_KOPPLING_CLAUSES = {
    "overgripande_mal": "i {n} kopplar den egna handlingsplanen till strategins övergripande mål",
    "delmal": "i {n} kopplar planen även an till delmålen i strategin",
    "prioriterade_omraden": ("{n} inkluderar dessutom olika prioriterade områden som knyts till delmålen "
                             "i den nationella strategin"),
}
#: The report's bullet for each way of organising the operative level, and the summary's phrase.
OPERATIV_BULLETS = {
    "behovsanpassad": ("Behovsanpassad organisering", "I dessa län tillsätts mer tillfälliga operativa grupper "
                       "utifrån olika aktuella behov."),
    "aldersindelning": ("Åldersindelning", "I dessa län arbetar länen i åldersindelade grupper (barn/unga, "
                        "vuxna och äldre)."),
    "geografisk": ("Geografisk indelning", "I län med geografisk indelning kan organiseringen i de olika "
                   "länsdelarna i hög grad likna den form som annars finns på länsnivå."),
    "ovrigt": ("Övriga arbetssätt", ""),
}
OPERATIV_PHRASES = {"behovsanpassad": "i tillfälliga grupper efter behov", "aldersindelning": "i åldersindelade "
                    "grupper", "geografisk": "utifrån länets geografiska delar", "ovrigt": "på andra sätt"}
#: The themes whose quotes illustrate each part of the draft, in the report's order, and the
#: typology dimensions whose evidence makes the best illustration there.
SECTION_THEMES = {
    "ledningsgrupp": ("styrning.skola", "styrning.ledningsgrupp", "styrning.brukare"),
    "operativ": ("styrning.operativ",),
    "process": ("handlingsplan.process", "handlingsplan.koppling"),
    "handlingsplan": ("handlingsplan.status",),
    "fordelning": ("fordelningsgrund.strategin", "fordelningsgrund.egna_kriterier",
                   "fordelningsgrund.overenskommelsen"),
    "efterhand": ("fordelningsgrund.efterhand",),
    "forandring": ("fordelningsgrund.schablon", "styrning.forandring"),
    "finansiering": ("finansiering",),
    "mandat": ("styrning.mandat",),
    "parallella": ("parallella_reformer.synergi", "parallella_reformer.utmaning"),
    "personberoende": ("personberoende",),
    "myndigheter": ("myndigheter",),
    "medskick": ("medskick",),
}
SECTION_DIMENSIONS = {
    "ledningsgrupp": ("skola_i_ledning",),
    "operativ": ("operativ_organisering",),
    "process": ("plan_koppling",),
    "handlingsplan": ("plan_status",),
    "fordelning": ("fordelningsgrund",),
    "efterhand": ("efterhandssortering",),
    "mandat": ("strategins_bredd",),
    "parallella": ("parallella_initiativ",),
}


@dataclass(frozen=True)
class Counts:
    """The round's typology counted: counties per (dimension, category), and in total."""

    by_category: dict[tuple[str, str], int]
    labels: dict[tuple[str, str], str]
    total: int
    profiles: list

    def __call__(self, dimension: str, *categories: str) -> int:
        return sum(self.by_category.get((dimension, c), 0) for c in categories)

    def unsettled(self, dimension: str) -> int:
        """Counties the notes do not place on `dimension` (empty cells)."""
        return sum(1 for p in self.profiles if not p.category(dimension))

    def among(self, dimension: str, category: str, where: str, where_categories: tuple[str, ...]) -> int:
        """Counties in `category` of `dimension` among those in `where_categories` of `where`."""
        return sum(1 for p in self.profiles
                   if p.category(dimension) == category and p.category(where) in where_categories)


def round_counts(analysis) -> Counts:
    frame = counts_frame(analysis.profiles, analysis.codebook)
    by_category = {(row.dimension, row.category): int(row.counties) for row in frame.itertuples()}
    labels = {(row.dimension, row.category): row.label for row in frame.itertuples()}
    return Counts(by_category, labels, len(analysis.profiles), list(analysis.profiles))


def write_report_outputs(analysis, out_dir: Path) -> dict[str, Path]:
    """Write report.docx and typology.xlsx into `out_dir`, embedding the PNGs already there."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {path.stem: path for path in sorted(out_dir.glob("*.png"))}
    return {
        "report.docx": write_report(analysis, out_dir / "report.docx", figures, getattr(analysis, "companions", None)),
        "typology.xlsx": write_workbook(analysis_frames(analysis), out_dir / "typology.xlsx"),
    }


def write_report(analysis, out_path: Path, figures: dict[str, Path] | None = None,
                 companions: Companions | None = None) -> Path:
    """Write the draft of the status report for `analysis` to `out_path` (.docx).

    `figures` maps figure names (the PNG's stem, e.g. "diagram1_plan_status") to files; a
    missing figure leaves a visible note in its place rather than failing the run.
    `companions`: last year's round and the survey to compare with (none by default).
    """
    checked_analysis(analysis)
    companions = companions or Companions()
    document = new_document()
    draft = Draft(document, analysis, round_counts(analysis), QuotePicker(analysis),
                  {name: Path(path) for name, path in (figures or {}).items()}, companions)
    write_title(draft)
    write_summary(draft)
    write_method(draft)
    write_governance(draft)
    write_plans(draft)
    write_allocation(draft)
    write_strategy_goals(draft)
    write_parallel(draft)
    write_messages(draft)
    write_appendix(draft)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    document.save(out_path)
    return out_path


@dataclass
class Draft:
    """What every part of the draft writes with: the document, the round, its counts and quotes."""

    document: object
    analysis: object
    counts: Counts
    quotes: QuotePicker
    figures: dict[str, Path]
    companions: Companions

    @property
    def year(self) -> str:
        return round_year(self.analysis)

    @property
    def source(self) -> str:
        """The "Källa: …" line under the draft's diagrams and tables, as the report has it."""
        return f"Källa: Folkhälsomyndighetens länsdialoger{' hösten ' + self.year if self.year else ''}."

    def previous_counts(self) -> Counts | None:
        previous = self.companions.previous
        return round_counts(previous) if previous is not None and previous.profiles else None

    def previous_year(self) -> str:
        return round_year(self.companions.previous) if self.companions.previous is not None else ""

    def counties_with(self, themes: tuple[str, ...]) -> int:
        """Counties with a segment coded with any of `themes` or their sub-themes."""
        codebook = self.analysis.codebook
        return len({c.county for c in self.analysis.codes
                    if c.theme in codebook.themes and ({c.theme, *codebook.ancestors(c.theme)} & set(themes))})

    def paragraph(self, text: str, style: str | None = None):
        return self.document.add_paragraph(text, style=style)

    def heading(self, text: str, level: int):
        return self.document.add_heading(text, level=level)

    def quotes_for(self, part: str, lead: str | None = None, per_theme: int = 1) -> None:
        write_quotes(self.document, self.quotes, SECTION_THEMES[part], lead, per_theme)


def checked_analysis(analysis):
    """The analysis, if it has the codebook that counts, tables and quotes need."""
    if analysis.codebook is None:
        raise TypologyError(f"the round in {analysis.notes_dir} has no codebook (themes.yaml), so its typology "
                            "cannot be counted; build it with pipeline.build, which loads themes.yaml.")
    return analysis


def new_document() -> docx.Document:
    """An A4 document in Swedish (for Word's proofing), body text 11 pt."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    normal.element.get_or_add_rPr().append(language)
    return document


def round_year(analysis) -> str:
    """The round's year: the commonest year of the notes' dates ('' when none has a date)."""
    years = Counter((note.date or "")[:4] for note in analysis.corpus.notes if (note.date or "")[:4].isdigit())
    return years.most_common(1)[0][0] if years else ""


def write_title(draft: Draft) -> None:
    """The title, the subtitle and a grey line on how the draft was made; the summary starts a new page."""
    document, analysis = draft.document, draft.analysis
    document.add_heading("Psykisk hälsa och suicidprevention", level=0)
    subtitle = document.add_paragraph(style="Subtitle")
    subtitle.add_run("Kommuners och regioners arbete med stöd av statliga stimulansmedel – utkast till "
                     f"lägesrapport utifrån länsdialogerna{' ' + draft.year if draft.year else ''}")
    small(document.add_paragraph(), f"[Utkast skapat av dialogtool {date.today().isoformat()} från "
          f"{len(analysis.corpus.notes)} minnesanteckningar. Antal, tabeller, diagram och utdrag är beräknade "
          "från anteckningarna och kodningen; skapa utkastet på nytt när något av dem ändras.]")
    for problem in draft.companions.problems:
        small(document.add_paragraph(), f"[{problem}]")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def small(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def write_summary(draft: Draft) -> None:
    """Sammanfattning: the report's four summary headings, each with its counts."""
    counts, total = draft.counts, draft.counts.total
    draft.heading("Sammanfattning", 1)
    draft.paragraph(
        f"Uppföljningen bygger på länsdialoger som genomfördes med {counties_taking_part(draft)}"
        f"{' under hösten ' + draft.year if draft.year else ''}. Resultaten sammanfattas nedan och beskrivs närmare "
        "i rapportens avsnitt.")
    draft.heading("Länsgemensam styrning och organisering", 2)
    school = counts("skola_i_ledning", "ja")
    text = (f"Skolan ingår i ledningsgruppen på hög tjänstemannanivå i minst {numerals.of(school, total)}" if school
            else "Skolan ingår inte i ledningsgruppen på hög tjänstemannanivå i något län")
    before = draft.previous_counts()
    if before is not None:
        text += f", jämfört med {numerals.some(before('skola_i_ledning', 'ja'))} {draft.previous_year()}"
    text += "."
    ways = [f"{OPERATIV_PHRASES.get(c, lowered(label))} ({numerals.some(counts('operativ_organisering', c))})"
            for c, label in category_labels(counts, "operativ_organisering") if counts("operativ_organisering", c)]
    if ways:
        text += f" På operativ nivå organiseras arbetet {numerals.joined(ways)}."
    draft.paragraph(text)
    draft.heading("Status för länsgemensamma handlingsplaner", 2)
    started = counts("plan_status", "finns", "pagar")
    text = (f"{numerals.capitalised(majority(started, total, shown=True))} har tagit fram en länsgemensam "
            "handlingsplan utifrån den nationella strategin eller påbörjat arbetet med en")
    parts = [f"{numerals.some(counts('plan_status', 'finns'))} har en plan",
             f"i {numerals.some(counts('plan_status', 'pagar'))} pågår arbetet"]
    text += f": {numerals.joined(parts)}."
    rest = [f"{phrase} ({numerals.some(counts('plan_status', c))})" for c, phrase in
            (("forberedande", "befinner sig i en förberedande fas"),
             ("integrerad", "hanterar frågorna inom andra strukturer")) if counts("plan_status", c)]
    if rest:
        text += f" Övriga län {' eller '.join(rest)}."
    draft.paragraph(text)
    draft.heading("Hantering och fördelning av stimulansmedel", 2)
    strategy, agreement = counts("fordelningsgrund", "strategin"), counts("fordelningsgrund", "overenskommelsen")
    everyone = "Alla län" if strategy + agreement == total else numerals.count_first(strategy + agreement) + " län"
    text = (f"{everyone} fördelar stimulansmedlen utifrån lokala behov och överenskommelsens prioriteringar. "
            f"{numerals.count_first(strategy)} län väger dessutom uttryckligen in strategins mål i sin "
            "resursfördelning")
    afterwards = counts.among("efterhandssortering", "ja", "fordelningsgrund", ("overenskommelsen",))
    if afterwards:
        text += (f", medan minst {numerals.some(afterwards)} sorterar insatserna mot strategins delmål i efterhand "
                 "men låter överenskommelsen styra fördelningen")
    draft.paragraph(text + ".")
    draft.heading("Strategins bredd, mandat och parallella initiativ", 2)
    easier, hard = counts("parallella_initiativ", "underlattar"), counts("parallella_initiativ", "utmaningar")
    text = (f"{share_of_counties(easier, total, capital=True)} ser det som en fördel att flera nationella initiativ, "
            "som God och nära vård, den nya socialtjänstlagen och samsjuklighetsreformen, ligger nära varandra, "
            f"medan deltagarna i {share_of_counties(hard, total)} beskriver tydliga utmaningar med att samordna dem.")
    broaden, scale = counts("strategins_bredd", "bredda"), counts("strategins_bredd", "skala_av")
    if broaden or scale:
        text += " " + breadth_sentence(broaden, scale)
    draft.paragraph(text)


def counties_taking_part(draft: Draft) -> str:
    """"samtliga 21 län", or the number of notes where the round has fewer."""
    notes = len(draft.analysis.corpus.notes)
    return "samtliga 21 län" if notes == 21 else numerals.some(notes)


def write_method(draft: Draft) -> None:
    """Så här har vi genomfört uppdraget: the dialogues, the question areas, participants, review and coding."""
    analysis, year = draft.analysis, draft.year
    notes = analysis.corpus.notes
    draft.heading("Så här har vi genomfört uppdraget", 1)
    draft.heading("Uppföljning genom dialoger", 2)
    text = (f"Folkhälsomyndigheten genomförde{' hösten ' + year if year else ''} dialoger med "
            f"{counties_taking_part(draft)}.")
    period = dialogue_period(notes)
    if period:
        text += f" Dialogerna hölls {period}."
    text += (" Varje dialog genomfördes digitalt via Teams och pågick i en till två timmar. Från Folkhälsomyndigheten "
             "deltog två utredare vid varje tillfälle; en ledde samtalet utifrån en mall med frågeområden medan den "
             "andra antecknade.")
    draft.paragraph(text)
    draft.heading("Genomförande och deltagande", 2)
    areas = guide_areas(analysis)
    if areas:
        draft.paragraph("Dialogerna fokuserade på följande områden:")
        for index, area in enumerate(areas):
            draft.paragraph(lowered(area) + ("." if index == len(areas) - 1 else ""), style="List Bullet")
    participants = sum(note.participants or 0 for note in notes)
    who = "Samtliga 21 län" if len(notes) == 21 else f"{numerals.count_first(len(notes))} län"
    text = (f"{who} medverkade i dialogerna{' hösten ' + year if year else ''} och totalt deltog "
            f"{numerals.grouped(participants)} personer")
    previous = draft.companions.previous
    if previous is not None:
        text += participants_comparison(participants, sum(n.participants or 0 for n in previous.corpus.notes),
                                        draft.previous_year())
    text += "."
    missing = sum(1 for note in notes if note.participants is None)
    if missing:
        text += f" För {numerals.some(missing)} saknar minnesanteckningarna uppgift om antalet deltagare."
    draft.paragraph(text)
    draft.heading("Kvalitetssäkring och analys", 2)
    kinds = Counter(review_kind(note.review_status) for note in notes)
    draft.paragraph("Efter varje dialog skickade vi minnesanteckningar till respektive länssamordnare för genomläsning "
                    f"och kvalitetssäkring. {review_sentence(kinds)} Därefter analyserades och tematiserades innehållet "
                    "utifrån dialogernas frågeområden.")
    if analysis.corpus.skipped:
        draft.paragraph(f"{numerals.count_first(len(analysis.corpus.skipped))} minnesanteckningar kunde inte läsas och "
                        "ingår inte i underlaget: " + "; ".join(analysis.corpus.skipped))
    small(draft.paragraph(""), coding_note(analysis))


def dialogue_period(notes) -> str:
    """"mellan den 23 september och den 14 november 2025" from the notes' dates ('' without dates)."""
    dates = sorted(note.date for note in notes if note.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", note.date))
    if not dates:
        return ""
    first, last = spoken_date(dates[0]), spoken_date(dates[-1])
    if first == last:
        return f"den {first}"
    if dates[0][:4] == dates[-1][:4]:
        first = first.rsplit(" ", 1)[0]
    return f"mellan den {first} och den {last}"


def spoken_date(iso: str) -> str:
    """2025-10-14 → "14 oktober 2025"."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def guide_areas(analysis) -> list[str]:
    """The interview guide's question areas (Swedish headings), where the analysis has its guide."""
    guide = getattr(analysis, "guide", None)
    return [area.heading for area in guide.areas] if guide is not None else []


def participants_comparison(now: int, before: int, previous_year: str) -> str:
    """", vilket var något fler jämfört med motsvarande dialoger hösten 2024 då 105 personer deltog"."""
    when = f"hösten {previous_year}" if previous_year else "förra året"
    if now == before:
        return f", lika många som vid motsvarande dialoger {when}"
    more = now > before
    slightly = abs(now - before) <= max(1, before) * 0.1
    word = ("något " if slightly else "") + ("fler" if more else "färre")
    return f", vilket var {word} jämfört med motsvarande dialoger {when} då {numerals.grouped(before)} personer deltog"


def review_kind(status: str | None) -> str:
    """'godkand' (approved by the county), 'tyst' (no comments within the deadline) or 'okand'."""
    status = (status or "").lower()
    if "inga synpunkter" in status or "inga kommentarer" in status or "tyst" in status:
        return "tyst"
    if "godkän" in status:
        return "godkand"
    return "okand"


def review_sentence(kinds: Counter) -> str:
    """How many notes the counties approved, and how many were approved by silence."""
    parts = [(template, kinds[kind]) for kind, template in (
        ("godkand", "{} godkände anteckningarna"),
        ("tyst", "för {} inkom inga synpunkter inom svarstiden, och anteckningarna räknas då som godkända"),
        ("okand", "för {} saknar anteckningarna uppgift om granskningen")) if kinds[kind]]
    if not parts:
        return ""
    texts = [template.format(numerals.some(n)) for template, n in parts]
    first, n = parts[0]
    if first.startswith("{}"):  # the sentence starts with the count: a word, never digits
        texts[0] = first.format(f"{numerals.count_first(n)} län")
    return numerals.capitalised(numerals.joined(texts)) + "."


def coding_note(analysis) -> str:
    """How much of the coding behind the draft an investigator has made or confirmed (a note, not report text)."""
    total = len(analysis.codes)
    checked = sum(1 for c in analysis.codes if c.source != "auto")
    overridden = sum(1 for p in analysis.profiles for c in p.cells.values() if c.overridden)
    text = (f"[Underlaget: {numerals.grouped(len(analysis.corpus.segments))} textavsnitt med "
            f"{numerals.grouped(total)} kodningar, varav {numerals.grouped(checked) if checked else 'inga'} gjorda eller "
            "bekräftade av en utredare; övriga är dialogtools förslag")
    if overridden:
        text += f". {numerals.count_first(overridden)} klassificeringar av län är ändrade för hand"
    return text + ".]"


def write_governance(draft: Draft) -> None:
    """Länsgemensam styrning, ledning och samordning: the school in the management group, the operative level."""
    counts = draft.counts
    draft.heading("Länsgemensam styrning, ledning och samordning", 1)
    draft.heading("Ledningsgrupp hög tjänstemannanivå", 2)
    school, striving = counts("skola_i_ledning", "ja"), counts("skola_i_ledning", "stravan")
    text = ("Det framkom i dialogerna att skolan ingår i dessa ledningsgrupper i "
            f"minst {numerals.some(school)}, även om det inte sker vid varje möte." if school else
            "Det framkom inte i dialogerna att skolan ingår i dessa ledningsgrupper i något län.")
    if striving:
        text += (f" I ytterligare {numerals.some(striving)} beskrev deltagarna en tydlig strävan att "
                 "inkludera skolan.")
    before = draft.previous_counts()
    if before is not None:
        text += " " + school_change(before("skola_i_ledning", "ja"), school)
    draft.paragraph(text)
    draft.quotes_for("ledningsgrupp")
    draft.heading("Länsgemensamma grupper på operativ nivå", 2)
    draft.paragraph("Utifrån det som beskrevs i dialogerna om operativa grupper för gemensamma frågor på nivån "
                    "under hög tjänstemannanivå noterar vi följande olika sätt att organisera arbetet:")
    for category, label in category_labels(counts, "operativ_organisering"):
        name, description = OPERATIV_BULLETS.get(category, (label, ""))
        text = f"{name} ({numerals.some(counts('operativ_organisering', category))})"
        draft.paragraph(f"{text}: {description}" if description else f"{text}.", style="List Bullet")
    unsettled_note(draft, "operativ_organisering", "hur arbetet på operativ nivå är organiserat")
    draft.quotes_for("operativ")


def school_change(before: int, now: int) -> str:
    """The report's comparison with last year: "Detta är en förändring jämfört med förra året när …"."""
    if before < now:
        return ("Detta är en förändring jämfört med förra året när skolan endast deltog i de ordinarie strukturerna "
                f"i {numerals.some(before)}.")
    if before > now:
        return f"Förra året ingick skolan i ledningsgrupperna i {numerals.some(before)}."
    return "Det är lika många som förra året."


def category_labels(counts: Counts, dimension: str) -> list[tuple[str, str]]:
    """(category id, Swedish label) of a dimension in the report's order."""
    return [(c, label) for (d, c), label in counts.labels.items() if d == dimension]


def unsettled_note(draft: Draft, dimension: str, what: str) -> None:
    """A sentence naming how many counties the notes leave unplaced, so no count hides a gap."""
    missing = draft.counts.unsettled(dimension)
    if missing:
        draft.paragraph(f"För {numerals.some(missing)} framgår det inte av anteckningarna {what}.")


def topic_sentence(draft: Draft, part: str, topic: str) -> str:
    """"{topic} togs upp i de flesta dialoger." — counted from the coded segments, so in words, not digits."""
    number = draft.counties_with(SECTION_THEMES[part])
    if not number:
        return f"{topic} togs inte upp i någon av dialogerna."
    return f"{topic} togs upp i {numerals.dialogues(number, draft.counts.total)}."


def write_plans(draft: Draft) -> None:
    """Handlingsplaner utifrån den nationella strategin: the statuses, their ties, Diagram 1, the survey."""
    counts, total = draft.counts, draft.counts.total
    draft.heading("Handlingsplaner utifrån den nationella strategin", 1)
    draft.paragraph(
        f"I överenskommelsen för {draft.year or 'året'} är länsgemensamma handlingsplaner utifrån den nationella "
        "strategin ett prestationskrav. Överenskommelsen beskriver inte hur en sådan plan ska utformas, och kommuner "
        "och regioner har därför tolkat kravet på olika sätt. "
        + topic_sentence(draft, "process", "Hur planen tas fram och hur den kopplar an till strategins mål"))
    draft.quotes_for("process", "Arbetet med planerna beskrevs bland annat så här:")
    draft.heading("Status för arbetet med handlingsplaner i länen", 2)
    started = counts("plan_status", "finns", "pagar")
    draft.paragraph("I dialogerna gav deltagarna en bild av hur arbetet med att ta fram de länsgemensamma "
                    "handlingsplanerna fortskrider. När vi analyserar dessa beskrivningar samlat noterar vi att "
                    f"{majority(started, total)} antingen har tagit fram en plan eller påbörjat processen (se även "
                    "diagram 1):")
    for category, template in PLAN_STATUS_SENTENCES.items():
        n = counts("plan_status", category)
        text = template.format(n=numerals.count(n), N=numerals.count_first(n))
        if category == "finns" and n:
            text += koppling_sentence(counts)
        draft.paragraph(text, style="List Bullet")
    unsettled_note(draft, "plan_status", "hur arbetet med en handlingsplan står")
    write_figure(draft, DIAGRAM1, "Diagram 1. Status för länsgemensam handlingsplan utifrån strategin.")
    rest = "I övriga län befinner sig arbetet i en inledande fas eller hanteras genom integrering i andra modeller för " \
           "samverkan." if started < total else ""
    draft.paragraph(f"Diagrammet visar att {majority(started, total, shown=True)} antingen har en "
                    "länsgemensam handlingsplan kopplad till den nationella strategin eller har påbörjat arbetet med en "
                    f"sådan plan. {rest}".rstrip())
    if draft.companions.survey is not None:
        draft.paragraph(survey_sentences(draft.companions.survey, draft.year))
    draft.quotes_for("handlingsplan")


def majority(number: int, total: int, shown: bool = False) -> str:
    """"en majoritet av länen" (`shown`: "… (15 av 21)") when more than half, "inga län" for none, else "7 av 21 län"."""
    if number == 0:
        return "inga län"
    if number * 2 > total:
        return "en majoritet av länen" + (f" ({numerals.of(number, total, '')})" if shown else "")
    return numerals.of(number, total)


def koppling_sentence(counts: Counts) -> str:
    """How the existing plans tie to the strategy's structure, counted among the 'finns' counties."""
    clauses = []
    for category, clause in PLAN_KOPPLING_CLAUSES.items():
        n = counts.among("plan_koppling", category, "plan_status", ("finns",))
        if n:
            clauses.append(clause.format(n=numerals.some(n)))
    if not clauses:
        return ""
    text = f" Det varierar hur dessa planer kopplar an till strategins struktur: {numerals.joined(clauses)}."
    untied = sum(1 for p in counts.profiles if p.category("plan_status") == "finns" and not p.category("plan_koppling"))
    if untied:
        text += f" För {numerals.some(untied, 'län')} framgår inte kopplingen av anteckningarna."
    return text


def survey_sentences(survey, year: str) -> str:
    """The report's paragraph on the survey: who answered what, and the shift between finns and pågår."""
    counties = survey.counties
    answered = survey.answered()
    established = int((counties["survey"] == "upprattad").sum())
    ongoing = int((counties["survey"] == "pagar").sum())
    text = ("Frågan om huruvida det finns en länsgemensam handlingsplan utifrån den nationella strategin ingår också "
            f"i den enkät som länen som tagit emot stimulansmedel besvarar. {numerals.count_first(answered)} län "
            f"besvarade enkäten{' för ' + year if year else ''}: {numerals.some(established)} svarade att en "
            f"handlingsplan har upprättats eller uppdaterats och {numerals.some(ongoing)} att arbete med en sådan pågår.")
    down = [r for r in survey.moved.itertuples() if (r.plan_status, r.survey) == ("finns", "pagar")]
    up = [r for r in survey.moved.itertuples() if (r.plan_status, r.survey) == ("pagar", "upprattad")]
    moves = []
    if down:
        moves.append(f"{numerals.some(len(down))} som i dialogen beskrev en färdig plan svarade i enkäten att arbete "
                     "pågår")
    if up:
        moves.append(f"{numerals.some(len(up))} där arbete pågick enligt dialogen svarade att en plan har upprättats")
    if moves:
        both = " (i båda riktningarna)" if down and up else ""
        text += (f" Det har skett en viss förskjutning{both} mellan kategorierna Arbete pågår och Handlingsplan finns "
                 f"när vi jämför uppgifter från dialoger och enkätsvar: {numerals.joined(moves)}.")
        if len(moves) and (len(down) + len(up)) * 4 <= max(answered, 1):
            text += " Men på det stora hela överensstämmer uppgifterna."
    else:
        text += " Uppgifterna från dialoger och enkätsvar överensstämmer för de län som besvarat enkäten."
    return text


def write_allocation(draft: Draft) -> None:
    """Fördelning av länsgemensamma stimulansmedel: the two approaches, Diagram 2 and Tabell 1."""
    counts, total = draft.counts, draft.counts.total
    draft.heading("Fördelning av länsgemensamma stimulansmedel", 1)
    strategy, agreement = counts("fordelningsgrund", "strategin"), counts("fordelningsgrund", "overenskommelsen")
    everyone = "alla län" if strategy + agreement == total else numerals.some(strategy + agreement)
    draft.paragraph(
        "Årets uppföljning av hur kommuner och regioner har hanterat de länsgemensamma stimulansmedlen visar att "
        f"{everyone} fördelar stimulansmedlen i överenskommelsen utifrån någon form av bedömning av länets egna behov "
        "och överenskommelsens prioriteringar. Vissa län kombinerar detta med egna kriterier, som exempelvis kan "
        "handla om att det ska finnas en plan för hur insatser fortsatt ska finansieras efter att stimulansmedlen "
        f"upphört. {numerals.count_first(strategy)} län lyfte dessutom särskilt fram strategins mål, delmål och "
        "prioriteringar när de beskrev hur medlen fördelas.")
    draft.quotes_for("fordelning", "Deltagarna gav exempel på hur arbetet kan bedrivas i praktiken:")
    afterwards = counts.among("efterhandssortering", "ja", "fordelningsgrund", ("overenskommelsen",))
    if afterwards:
        draft.paragraph(
            "Utöver de län där deltagarna i dialogerna beskrev att strategins mål utgör en del av underlaget för hur "
            f"stimulansmedlen fördelas, finns ytterligare minst {numerals.some(afterwards)} där deltagarna beskrev att "
            "insatserna sorteras i efterhand mot strategins delmål. Deltagarna i dessa län beskrev dock att det är "
            "överenskommelsen som styr fördelningen (se diagram 2). Dessa återfinns bland de totalt "
            f"{numerals.some(agreement)} som kombinerar prioriteringar i överenskommelsen med egna kriterier.")
        draft.quotes_for("efterhand")
    write_figure(draft, DIAGRAM2, "Diagram 2. Grund för fördelning av stimulansmedel (antal län).")
    share = "en majoritet av länen" if agreement * 2 > total else "övriga län"
    draft.paragraph(
        f"Diagrammet illustrerar att {numerals.some(strategy)} vid tidpunkten för dialogerna hade integrerat den "
        f"nationella strategin i arbetet med att fördela stimulansmedel. För {share} ({agreement}) utgjorde dock "
        "fortfarande den årliga överenskommelsen och egna kriterier den primära grunden för hur medlen fördelades.")
    unsettled_note(draft, "fordelningsgrund", "hur stimulansmedlen fördelas")
    write_tabell1(draft)
    draft.heading("Förändringar i länsgemensam ledning och organisering", 2)
    draft.paragraph(topic_sentence(draft, "forandring", "Förändringar i ledning, organisering och fördelning sedan "
                                                        "förra året"))
    draft.quotes_for("forandring", "Denna utveckling kan belysas med följande exempel från dialogerna:")


def tabell1_frame(analysis) -> pd.DataFrame:
    crosstab = analysis.codebook.crosstabs.get(TABELL1)
    if crosstab is None:
        raise TypologyError(f"themes.yaml has no crosstab '{TABELL1}' (Tabell 1); add it under crosstabs.")
    return crosstab_frame(analysis.profiles, crosstab, analysis.codebook)


def table_title(title: str) -> str:
    """A crosstab's title without its own "Tabell 1." and final stop, for the caption to number."""
    return TABLE_NUMBER.sub("", title or "").strip().rstrip(".")


def write_tabell1(draft: Draft) -> None:
    """Tabell 1 with the report's sentence on its populated cells, its caption and its source."""
    frame = tabell1_frame(draft.analysis)
    draft.paragraph(tabell1_sentences(draft.counts))
    caption(draft.document, f"Tabell 1. {table_title(frame.attrs.get('title', ''))}.")
    add_frame_table(draft.document, frame, crosstab=True)
    notes = [draft.source] + ([frame.attrs["note"]] if frame.attrs.get("note") else [])
    small(draft.paragraph(""), " ".join(notes))


def tabell1_sentences(counts: Counts) -> str:
    """The report's reading of Tabell 1: its populated cells as shares of all counties."""
    started, early = ("finns", "pagar"), ("forberedande", "integrerad")
    agreement_started = counts.among("fordelningsgrund", "overenskommelsen", "plan_status", started)
    agreement_early = counts.among("fordelningsgrund", "overenskommelsen", "plan_status", early)
    strategy_started = counts.among("fordelningsgrund", "strategin", "plan_status", started)
    strategy_early = counts.among("fordelningsgrund", "strategin", "plan_status", early)
    total = counts.total
    sentences = ["Tabell 1 illustrerar hur länen kan grupperas utifrån hur de integrerar den nationella strategin vid "
                 "resursfördelning i kombination med hur de tar sig an kravet på länsgemensamma handlingsplaner "
                 "utifrån samma strategi."]
    if agreement_started:
        sentences.append(
            f"{share_of_counties(agreement_started, total, capital=True)} fördelar stimulansmedel utifrån en "
            "kombination av överenskommelsens prioriteringar och egna kriterier samtidigt som länet har tagit fram "
            "en länsgemensam handlingsplan, eller arbete med en sådan pågår.")
    if agreement_early:
        sentences.append(
            f"{share_of_counties(agreement_early, total, capital=True)} fördelar stimulansmedlen på motsvarande sätt "
            "men har enbart förberett arbetet med en handlingsplan, eller arbetar utifrån andra modeller.")
    if strategy_started:
        sentences.append(
            f"Slutligen finns {numerals.some(strategy_started)} som, utöver att de har en länsgemensam handlingsplan "
            "som utgår från den nationella strategin eller håller på att ta fram en, även väger in strategins mål i "
            "resursfördelningen (se tabell 1).")
    if strategy_early:
        sentences.append(
            f"{numerals.count_first(strategy_early)} län väger in strategins mål i resursfördelningen trots att "
            "arbetet med en handlingsplan är i ett inledande skede eller sker inom andra modeller.")
    return " ".join(sentences)


def lowered(text: str) -> str:
    """The first letter in lower case, unless the first word is an abbreviation (LPO, SKR)."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def breadth_sentence(broaden: int, scale: int) -> str:
    """Broadening the cooperation against scaling the strategy down, each clause only where it has counties."""
    scaling = "att de ”skalar av” strategin för att den ska passa det mandat som samarbetet representerar"
    if not broaden:
        return f"I {numerals.some(scale)} beskrev deltagarna {scaling}."
    text = f"I {numerals.some(broaden)} beskrev deltagarna en ambition att bredda det länsgemensamma samarbetet"
    return text + (f", medan deltagarna i {numerals.some(scale)} beskrev {scaling}." if scale else ".")


def write_strategy_goals(draft: Draft) -> None:
    """Arbetet med strategins mål: one-year funding, the strategy's breadth against the mandate."""
    counts = draft.counts
    draft.heading("Arbetet med strategins mål", 1)
    draft.heading("Långsiktighet kontra ettårig finansiering", 2)
    draft.paragraph(topic_sentence(draft, "finansiering", "Den ettåriga finansieringen i relation till strategins "
                                                          "tioåriga tidshorisont"))
    draft.quotes_for("finansiering")
    draft.heading("Strategins bredd och begränsande mandat", 2)
    broaden, scale = counts("strategins_bredd", "bredda"), counts("strategins_bredd", "skala_av")
    if broaden or scale:
        draft.paragraph(breadth_sentence(broaden, scale))
    else:
        draft.paragraph(topic_sentence(draft, "mandat", "Strategins bredd i relation till samverkans mandat"))
    draft.quotes_for("mandat")


def write_parallel(draft: Draft) -> None:
    """Samspel och utmaningar mellan parallella nationella initiativ: 12 av 21 / 7 av 21."""
    counts, total = draft.counts, draft.counts.total
    draft.heading("Samspel och utmaningar mellan parallella nationella initiativ", 1)
    draft.heading("Samspel mellan parallella nationella satsningar", 2)
    easier, hard = counts("parallella_initiativ", "underlattar"), counts("parallella_initiativ", "utmaningar")
    draft.paragraph(
        f"{share_of_counties(easier, total, capital=True)} lyfte fram att det snarare underlättar när flera "
        "nationella initiativ ligger nära varandra, eftersom de kan hämta inspiration och kraft från parallella "
        "processer.")
    draft.paragraph(
        f"Samtidigt beskrev deltagarna i {share_of_counties(hard, total)} att det finns tydliga utmaningar med att "
        "samordna arbetet på länsnivå.")
    unsettled_note(draft, "parallella_initiativ", "hur de parallella initiativen samspelar")
    draft.quotes_for("parallella")
    draft.heading("Personberoende och operativ sårbarhet", 2)
    draft.paragraph(topic_sentence(draft, "personberoende", "Sårbarheten i att ett fåtal personer förväntas hantera "
                                                            "samordningen på länsnivå"))
    draft.quotes_for("personberoende")


def share_of_counties(number: int, total: int, capital: bool = False) -> str:
    """"drygt hälften av länen (12 av 21)", or "sju av 21 län" where no fraction is near, "inga län" for none."""
    if number == 0:
        text = "inga län"
    elif number == total:
        text = f"samtliga län ({numerals.of(number, total, '')})"
    else:
        words = numerals.share(number, total)
        text = f"{words} av länen ({numerals.of(number, total, '')})" if words else numerals.of(number, total)
    return numerals.capitalised(text) if capital else text


def write_messages(draft: Draft) -> None:
    draft.heading("Strategiska medskick från länen", 1)
    draft.paragraph("I slutet av varje dialog fanns möjlighet för deltagarna att ta upp frågor som de tyckte var "
                    "viktiga att skicka med till aktörer på nationell nivå, exempelvis sådant som inte tagits upp på "
                    "annat sätt i dialogen eller som de ville betona extra.")
    draft.quotes_for("medskick", "Deltagarna betonade bland annat följande:", per_theme=3)
    draft.heading("Myndigheternas lokala delaktighet", 2)
    draft.paragraph(topic_sentence(draft, "myndigheter", "Svårigheten att involvera nationella myndigheter med lokal "
                                                         "verksamhet, som Försäkringskassan, Arbetsförmedlingen och "
                                                         "Polisen,"))
    draft.quotes_for("myndigheter")


def write_appendix(draft: Draft) -> None:
    """The framework matrix and the theme networks, where they have been drawn."""
    present = [(name, text) for name, text in APPENDIX_FIGURES if name in draft.figures]
    if not present:
        return
    section = draft.document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    draft.heading("Bilaga: Teman i minnesanteckningarna", 1)
    small(draft.paragraph(""), "[Figurerna bygger på kodningen av minnesanteckningarna och är ett stöd för analysen; "
                               "de motsvarar inga diagram i rapporten.]")
    for number, (name, text) in enumerate(present, start=1):
        if number > 1:
            draft.paragraph("").add_run().add_break(WD_BREAK.PAGE)
        # the first figure shares its page with the appendix's heading and note
        write_figure(draft, name, f"Figur {number}. {text}", APPENDIX_FIGURE_WIDTH, Cm(6 if number == 1 else 3.5))


def caption(document, text: str) -> None:
    """A diagram's or table's caption, as the report sets it: its number bold."""
    paragraph = document.add_paragraph()
    label, _, rest = text.partition(". ")
    paragraph.add_run(label + ".").bold = True
    paragraph.add_run(" " + rest)
    paragraph.paragraph_format.keep_with_next = True


def write_figure(draft: Draft, name: str, text: str, width=FIGURE_WIDTH, reserve=Cm(3.5)) -> None:
    """The caption, the PNG and its source line; a visible placeholder when the figure has not been drawn."""
    document = draft.document
    caption(document, text)
    path = draft.figures.get(name)
    if path is None or not Path(path).exists():
        small(document.add_paragraph(), f"[Figuren {name}.png saknas; kör dialogtool analyze för att rita den.]")
        return
    document.add_picture(str(path), width=fitted_width(path, width, document.sections[-1], reserve))
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    small(document.add_paragraph(), draft.source)


def fitted_width(path: Path, width: int, section, reserve=Cm(3.5)) -> int:
    """`width`, narrowed so that the picture fits the page's height with `reserve` left for caption and source."""
    with Image.open(path) as image:
        pixels_wide, pixels_high = image.size
    room = section.page_height - section.top_margin - section.bottom_margin - reserve
    return int(min(width, room * pixels_wide / pixels_high))


def add_frame_table(container, frame: pd.DataFrame, crosstab: bool = False, width: int | None = None):
    """`frame` as a Word table at the end of `container` (a document or a table cell), `width` wide.

    The width defaults to the cell's when `container` is a cell, else to the page's text width.
    A crosstab is set as the report sets Tabell 1: the row dimension's label in the corner,
    the column dimension's label spanning its groups, "N län" per cell and "–" for none.
    Borders are drawn directly, so the table looks the same in any draft's styles.
    """
    header_rows = 2 if crosstab else 1
    table = container.add_table(rows=header_rows + len(frame), cols=len(frame.columns) + (1 if crosstab else 0))
    bordered(table)
    if crosstab:
        corner = table.cell(0, 0).merge(table.cell(1, 0))
        corner.text = frame.index.name or ""
        span = table.cell(0, 1).merge(table.cell(0, len(frame.columns)))
        span.text = frame.columns.name or ""
        for column, label in enumerate(frame.columns, start=1):
            table.cell(1, column).text = str(label)
        for row, (label, values) in enumerate(frame.iterrows(), start=header_rows):
            table.cell(row, 0).text = str(label)
            for column, value in enumerate(values, start=1):
                cell = table.cell(row, column)
                cell.text = f"{int(value)} län" if value else "–"
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    else:
        for column, label in enumerate(frame.columns):
            table.cell(0, column).text = str(label)
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                table.cell(row, column).text = "" if pd.isna(value) else str(value)
    for row in table.rows[:header_rows]:
        for cell in row.cells:
            shaded(cell)
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.bold = True
    room = width or (container.width if isinstance(container, _Cell) and container.width else TABLE_WIDTH)
    if crosstab:
        widths = [room * 0.42] + [room * 0.58 / len(frame.columns)] * len(frame.columns)
    else:
        widths = column_widths([[str(label), *("" if pd.isna(v) else str(v) for v in frame[label])]
                                for label in frame.columns], room)
    for column, width in zip(table.columns, widths):
        column.width = int(width)  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = int(width)  # the cells, which Word reads
    for row in table.rows[:header_rows]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    kept_together(table)
    return table


def column_widths(columns: list[list[str]], room: int) -> list[float]:
    """Widths for a table's columns (each a list of its texts) sharing `room`.

    Every column first gets its longest word, so no word is broken; what is left is shared
    by the columns' text lengths (capped, so one long column does not starve the others).
    """
    least = [(max((len(word) for text in texts for word in text.split()), default=1) + 1) * CHARACTER
             for texts in columns]
    if sum(least) >= room:
        return [room * w / sum(least) for w in least]
    lengths = [min(max(len(text) for text in texts), 40) for texts in columns]
    return [w + (room - sum(least)) * length / (sum(lengths) or 1) for w, length in zip(least, lengths)]


def kept_together(table) -> None:
    """No row split over a page, and each row kept with the next: a short table is never torn apart."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index < len(table.rows) - 1:
            for paragraph in (p for cell in row.cells for p in cell.paragraphs):
                paragraph.paragraph_format.keep_with_next = True


def bordered(table) -> None:
    """Single grey borders on every cell edge of `table`."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "7A7A7A")):
            element.set(qn(f"w:{key}"), value)
        borders.append(element)
    properties.append(borders)


def shaded(cell) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", HEADER_FILL)):
        shading.set(qn(f"w:{key}"), value)
    cell._tc.get_or_add_tcPr().append(shading)


class QuotePicker:
    """The quotes the draft (and `fill`) print, through quotes.py's gate (verbatim, no identifier).

    Per theme: the investigator's chosen quotes; where none is chosen, the best candidate by
    quotes.py's ranking (whole sentences of a report quote's length first), preferring among
    equals the segments that decided the typology cells the theme's part of the report counts
    (the evidence behind "Nio län har …"). In the draft a passage is printed once, under the
    first theme that asks for it.
    """

    def __init__(self, analysis):
        self.analysis = analysis
        self.allow = load_allowlist(analysis.notes_dir) if analysis.notes_dir else ()
        self.used: set[str] = set()
        #: Per theme, the candidates the gate refused on the last look (edited or identifying).
        self.refused: dict[str, int] = {}
        self.cache: dict[str, list[Quote]] = {}

    def ranked(self, theme: str) -> list[Quote]:
        """The theme's quotes that pass the gate, best first: chosen ones, then those that read as
        quotes (the evidence of the theme's typology cells first), then the rest."""
        if theme not in self.cache:
            result = theme_quotes(theme, self.analysis, self.allow, limit=CANDIDATE_POOL,
                                  prefer=self.evidence(theme))
            self.refused[theme] = len(result.refused)
            self.cache[theme] = result.quotes
        return self.cache[theme]

    def evidence(self, theme: str) -> set[str]:
        """The segments behind the typology cells of the dimensions the theme's part of the report counts."""
        dimensions = {d for part, themes in SECTION_THEMES.items() if theme in themes
                      for d in SECTION_DIMENSIONS.get(part, ())}
        return {e.segment_id for p in self.analysis.profiles for d in dimensions
                if p.cells.get(d) and p.cells[d].category for e in p.cells[d].evidence}

    def why_none(self, theme: str) -> str:
        """Why a theme has no quote, in Swedish, after `for_theme` found none."""
        refused = self.refused.get(theme, 0)
        if refused:
            return f"{self.label(theme)} ({refused} förslag stoppades av kontrollen)"
        return f"{self.label(theme)} (inga kodade segment kvar)"

    def for_theme(self, theme: str, wanted: int = 1) -> list[Quote]:
        """The theme's chosen quotes not yet printed, or its `wanted` best unprinted candidates."""
        quotes = [q for q in self.ranked(theme) if q.segment_id not in self.used]
        picked = [q for q in quotes if q.chosen] or quotes[:wanted]
        self.used.update(q.segment_id for q in picked)
        return picked

    def label(self, theme: str) -> str:
        themes = self.analysis.codebook.themes
        return themes[theme].label if theme in themes else theme

    def nth(self, theme: str, number: int) -> Quote | None:
        """The theme's `number`th quote (1 = the best) that passes the gate, or None."""
        quotes = self.ranked(theme)
        return quotes[number - 1] if len(quotes) >= number else None


def write_quotes(document, quotes: QuotePicker, themes, lead: str | None = None, per_theme: int = 1) -> None:
    """The part's quotes, indented, in the report's format, after a sentence leading into them.

    Each theme gives its chosen quotes, or its `per_theme` best candidates; without choices
    the part prints at most max(QUOTES_PER_PART, per_theme). Where no theme has a quote that
    passes the gate, a grey note says so, so the investigator sees which themes still need
    coding or a choice.
    """
    picked: list[Quote] = []
    most = max(QUOTES_PER_PART, per_theme)
    for theme in themes:
        for quote in quotes.for_theme(theme, per_theme):
            if quote.chosen or sum(1 for q in picked if not q.chosen) < most:
                picked.append(quote)
            else:
                quotes.used.discard(quote.segment_id)
    if not picked:
        small(document.add_paragraph(), "[Inget utdrag som klarar kontrollen av anonymisering och ordagrann "
              f"återgivning för: {'; '.join(quotes.why_none(t) for t in themes)}.]")
        return
    document.add_paragraph(lead or ("Ett exempel från dialogerna:" if len(picked) == 1 else
                                    "Exempel från dialogerna:")).paragraph_format.keep_with_next = True
    for quote in picked:
        paragraph = document.add_paragraph(quote.text)
        paragraph.paragraph_format.left_indent = QUOTE_INDENT
        paragraph.paragraph_format.right_indent = QUOTE_INDENT
