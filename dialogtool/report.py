"""report.docx: the status report's draft in Swedish, every number, table, diagram and quote
computed from the round's analysis.

The draft follows the structure of Folkhälsomyndigheten's lägesrapport and writes its counts
the way the report does ("Nio län har en handlingsplan …", "drygt hälften av länen (12 av
21)"), so that an investigator can lift whole paragraphs into the report and regenerate them
whenever a note, a code or an override changes. Overridden classifications count as they
are: they are already applied in `analysis.profiles`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pandas as pd
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image

from . import numbers
from .anonymise import load_allowlist
from .errors import TypologyError
from .quotes import Quote, theme_quotes
from .tables import counts_frame, crosstab_frame

TABELL1 = "plan_x_fordelning"
FIGURE_WIDTH = Cm(15.5)
TABLE_WIDTH = Cm(16)
#: The appendix is landscape, so the wide framework matrix stays legible.
APPENDIX_FIGURE_WIDTH = Cm(24)
QUOTE_INDENT = Cm(1)
HEADER_FILL = "DCE6F0"
#: Quotes per theme in the draft when none has been chosen: the top candidate only.
CANDIDATES_PER_THEME = 1
#: The PNG files of write_typology_outputs / write_network_outputs the draft embeds, by name.
DIAGRAM1 = "diagram1_plan_status"
DIAGRAM2 = "diagram2_fordelningsgrund"
APPENDIX_FIGURES = (("theme_matrix", "Antal kodade segment per tema och län."),
                    ("theme_network", "Teman som förekommer i samma segment."),
                    ("county_network", "Län med liknande temaprofil."))

#: The report's sentence for each plan status, {n} the count starting the sentence.
PLAN_STATUS_SENTENCES = {
    "finns": "{N} län har en handlingsplan utifrån den nationella strategin.",
    "pagar": "I {n} län pågår arbete med att ta fram en länsgemensam handlingsplan.",
    "forberedande": "I {n} län beskrev deltagarna att de befinner sig i förberedande fas.",
    "integrerad": ("{N} län hanterar frågorna genom integrering i andra strukturer. Det kan handla om att "
                   "utgå från planer för samsjuklighet eller lokala programområden (LPO) för psykisk hälsa."),
}
#: How the finns-plans tie to the strategy, as the report's clauses ({n} mid-sentence).
PLAN_KOPPLING_CLAUSES = {
    "overgripande_mal": "i {n} län kopplar den egna handlingsplanen till strategins övergripande mål",
    "delmal": "i {n} län kopplar planen även an till delmålen i strategin",
    "prioriterade_omraden": ("{n} län inkluderar dessutom olika prioriterade områden som knyts till delmålen "
                             "i den nationella strategin"),
}
#: The report's bullet for each way of organising the operative level.
OPERATIV_BULLETS = {
    "behovsanpassad": ("Behovsanpassad organisering", "I dessa län tillsätts mer tillfälliga operativa grupper "
                       "utifrån olika aktuella behov."),
    "aldersindelning": ("Åldersindelning", "I dessa län arbetar länen i åldersindelade grupper (barn/unga, "
                        "vuxna och äldre)."),
    "geografisk": ("Geografisk indelning", "I län med geografisk indelning kan organiseringen i de olika "
                   "länsdelarna i hög grad likna den form som annars finns på länsnivå."),
    "ovrigt": ("Övriga arbetssätt", ""),
}
#: The themes whose quotes illustrate each part of the draft, in the report's order.
SECTION_THEMES = {
    "ledningsgrupp": ("styrning.ledningsgrupp", "styrning.skola", "styrning.brukare"),
    "operativ": ("styrning.operativ",),
    "handlingsplan": ("handlingsplan.status", "handlingsplan.koppling", "handlingsplan.process"),
    "fordelning": ("fordelningsgrund.strategin", "fordelningsgrund.overenskommelsen",
                   "fordelningsgrund.egna_kriterier", "fordelningsgrund.efterhand"),
    "forandring": ("styrning.forandring", "fordelningsgrund.schablon"),
    "finansiering": ("finansiering",),
    "mandat": ("styrning.mandat",),
    "parallella": ("parallella_reformer.synergi", "parallella_reformer.utmaning"),
    "personberoende": ("personberoende",),
    "medskick": ("medskick", "myndigheter"),
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
    from .workbook import analysis_frames, write_workbook

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {path.stem: path for path in sorted(out_dir.glob("*.png"))}
    return {
        "report.docx": write_report(analysis, out_dir / "report.docx", figures),
        "typology.xlsx": write_workbook(analysis_frames(analysis), out_dir / "typology.xlsx"),
    }


def write_report(analysis, out_path: Path, figures: dict[str, Path] | None = None) -> Path:
    """Write the draft of the status report for `analysis` to `out_path` (.docx).

    `figures` maps figure names (the PNG's stem, e.g. "diagram1_plan_status") to files; a
    missing figure leaves a visible note in its place rather than failing the run.
    """
    checked_analysis(analysis)
    document = new_document()
    counts = round_counts(analysis)
    figures = {name: Path(path) for name, path in (figures or {}).items()}
    quotes = QuotePicker(analysis)
    write_title(document, analysis)
    write_method(document, analysis)
    write_governance(document, counts, quotes)
    write_plans(document, counts, quotes, figures)
    write_allocation(document, analysis, counts, quotes, figures)
    write_strategy_goals(document, counts, quotes)
    write_parallel(document, counts, quotes)
    write_messages(document, quotes)
    write_appendix(document, figures)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    document.save(out_path)
    return out_path


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


def write_title(document, analysis) -> None:
    year = round_year(analysis)
    document.add_heading("Psykisk hälsa och suicidprevention", level=0)
    subtitle = document.add_paragraph(style="Subtitle")
    subtitle.add_run("Kommuners och regioners arbete med stöd av statliga stimulansmedel – utkast till "
                     f"lägesrapport utifrån länsdialogerna{' ' + year if year else ''}")
    small(document.add_paragraph(), f"Utkast skapat av dialogtool {date.today().isoformat()} från "
          f"{len(analysis.corpus.notes)} minnesanteckningar. Antal, tabeller, diagram och utdrag är beräknade "
          "från anteckningarna och kodningen; skapa utkastet på nytt när något av dem ändras.")


def small(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def review_kind(status: str | None) -> str:
    """'godkand' (approved by the county), 'tyst' (no comments within the deadline) or 'okand'."""
    status = (status or "").lower()
    if "inga synpunkter" in status or "inga kommentarer" in status or "tyst" in status:
        return "tyst"
    if "godkän" in status:
        return "godkand"
    return "okand"


def write_method(document, analysis) -> None:
    """Så här har vi genomfört uppdraget: counties, participants, review of the notes."""
    notes = analysis.corpus.notes
    year = round_year(analysis)
    document.add_heading("Så här har vi genomfört uppdraget", level=1)
    document.add_heading("Genomförande och deltagande", level=2)
    counties = len(notes)
    who = "Samtliga 21 län" if counties == 21 else f"{numbers.count_first(counties)} län"
    participants = sum(note.participants or 0 for note in notes)
    text = f"{who} medverkade i dialogerna{' hösten ' + year if year else ''} och totalt deltog {participants} personer."
    missing = sum(1 for note in notes if note.participants is None)
    if missing:
        text += f" För {numbers.some(missing)} saknar minnesanteckningarna uppgift om antalet deltagare."
    document.add_paragraph(text)
    document.add_heading("Kvalitetssäkring och analys", level=2)
    kinds = Counter(review_kind(note.review_status) for note in notes)
    text = ("Efter varje dialog skickade vi minnesanteckningar till respektive länssamordnare för genomläsning "
            f"och kvalitetssäkring. {review_sentence(kinds)}")
    document.add_paragraph(text)
    if analysis.corpus.skipped:
        document.add_paragraph(f"{numbers.count_first(len(analysis.corpus.skipped))} minnesanteckningar kunde inte "
                               "läsas och ingår inte i underlaget: " + "; ".join(analysis.corpus.skipped))


def review_sentence(kinds: Counter) -> str:
    """How many notes the counties approved, and how many were approved by silence."""
    parts = []
    if kinds["godkand"]:
        parts.append(("{} län godkände anteckningarna", kinds["godkand"]))
    if kinds["tyst"]:
        parts.append(("för {} län inkom inga synpunkter inom svarstiden, och anteckningarna räknas då som godkända",
                      kinds["tyst"]))
    if kinds["okand"]:
        parts.append(("för {} län saknar anteckningarna uppgift om granskningen", kinds["okand"]))
    if not parts:
        return ""
    texts = [template.format(numbers.count_first(n) if index == 0 and template.startswith("{") else numbers.count(n))
             for index, (template, n) in enumerate(parts)]
    sentence = ", ".join(texts[:-1]) + (" och " if len(texts) > 1 else "") + texts[-1]
    return numbers.capitalised(sentence) + "."


def write_governance(document, counts: Counts, quotes: QuotePicker) -> None:
    """Länsgemensam styrning, ledning och samordning: the school in the management group, the operative level."""
    document.add_heading("Länsgemensam styrning, ledning och samordning", level=1)
    document.add_heading("Ledningsgrupp hög tjänstemannanivå", level=2)
    school, striving = counts("skola_i_ledning", "ja"), counts("skola_i_ledning", "stravan")
    text = ("Det framkom i dialogerna att skolan ingår i dessa ledningsgrupper i "
            f"minst {school} län, även om det inte sker vid varje möte." if school else
            "Det framkom inte i dialogerna att skolan ingår i dessa ledningsgrupper i något län.")
    if striving:
        text += (f" I ytterligare {numbers.some(striving)} beskrev deltagarna en tydlig strävan att "
                 "inkludera skolan.")
    document.add_paragraph(text)
    write_quotes(document, quotes, SECTION_THEMES["ledningsgrupp"])
    document.add_heading("Länsgemensamma grupper på operativ nivå", level=2)
    document.add_paragraph("Utifrån det som beskrevs i dialogerna om operativa grupper för gemensamma frågor på nivån "
                           "under hög tjänstemannanivå noterar vi följande olika sätt att organisera arbetet:")
    for category, label in category_labels(counts, "operativ_organisering"):
        name, description = OPERATIV_BULLETS.get(category, (label, ""))
        text = f"{name} ({numbers.some(counts('operativ_organisering', category))})"
        document.add_paragraph(f"{text}: {description}" if description else f"{text}.", style="List Bullet")
    unsettled_note(document, counts, "operativ_organisering", "hur arbetet på operativ nivå är organiserat")
    write_quotes(document, quotes, SECTION_THEMES["operativ"])


def category_labels(counts: Counts, dimension: str) -> list[tuple[str, str]]:
    """(category id, Swedish label) of a dimension in the report's order."""
    return [(c, label) for (d, c), label in counts.labels.items() if d == dimension]


def unsettled_note(document, counts: Counts, dimension: str, what: str) -> None:
    """A sentence naming how many counties the notes leave unplaced, so no count hides a gap."""
    missing = counts.unsettled(dimension)
    if missing:
        document.add_paragraph(f"För {numbers.some(missing)} framgår det inte av anteckningarna {what}.")


def write_plans(document, counts: Counts, quotes: QuotePicker, figures: dict[str, Path]) -> None:
    """Handlingsplaner utifrån den nationella strategin: the statuses, their ties, Diagram 1."""
    document.add_heading("Handlingsplaner utifrån den nationella strategin", level=1)
    write_quotes(document, quotes, SECTION_THEMES["handlingsplan"][1:])
    document.add_heading("Status för arbetet med handlingsplaner i länen", level=2)
    started = counts("plan_status", "finns", "pagar")
    document.add_paragraph("I dialogerna gav deltagarna en bild av hur arbetet med att ta fram de länsgemensamma "
                           "handlingsplanerna fortskrider. När vi analyserar dessa beskrivningar samlat noterar vi att "
                           f"{majority(started, counts.total)} antingen har tagit fram en plan eller påbörjat "
                           "processen (se även diagram 1):")
    for category, template in PLAN_STATUS_SENTENCES.items():
        n = counts("plan_status", category)
        text = template.format(n=numbers.count(n), N=numbers.count_first(n))
        if category == "finns" and n:
            text += koppling_sentence(counts)
        document.add_paragraph(text, style="List Bullet")
    unsettled_note(document, counts, "plan_status", "hur arbetet med en handlingsplan står")
    write_figure(document, figures, DIAGRAM1, "Diagram 1. Status för länsgemensam handlingsplan utifrån strategin.")
    document.add_paragraph(
        f"Diagrammet visar att {majority(started, counts.total)} ({numbers.of(started, counts.total, '')}) antingen "
        "har en länsgemensam handlingsplan kopplad till den nationella strategin eller har påbörjat arbetet med en "
        "sådan plan. I övriga län befinner sig arbetet i en inledande fas eller hanteras genom integrering i andra "
        "modeller för samverkan.")
    write_quotes(document, quotes, SECTION_THEMES["handlingsplan"][:1])


def majority(number: int, total: int) -> str:
    """"en majoritet av länen" when more than half, else "N av M län"."""
    return "en majoritet av länen" if number * 2 > total else numbers.of(number, total)


def koppling_sentence(counts: Counts) -> str:
    """How the existing plans tie to the strategy's structure, counted among the 'finns' counties."""
    clauses = []
    for category, clause in PLAN_KOPPLING_CLAUSES.items():
        n = counts.among("plan_koppling", category, "plan_status", ("finns",))
        if n:
            clauses.append(clause.format(n=numbers.count(n)))
    if not clauses:
        return ""
    joined = ", ".join(clauses[:-1]) + (" och " if len(clauses) > 1 else "") + clauses[-1]
    text = f" Det varierar hur dessa planer kopplar an till strategins struktur: {joined}."
    untied = sum(1 for p in counts.profiles if p.category("plan_status") == "finns" and not p.category("plan_koppling"))
    if untied:
        text += f" För {numbers.some(untied, 'planer', neuter=False)} framgår inte kopplingen av anteckningarna."
    return text


def write_allocation(document, analysis, counts: Counts, quotes: QuotePicker, figures: dict[str, Path]) -> None:
    """Fördelning av länsgemensamma stimulansmedel: the two approaches, Diagram 2 and Tabell 1."""
    document.add_heading("Fördelning av länsgemensamma stimulansmedel", level=1)
    strategy, agreement = counts("fordelningsgrund", "strategin"), counts("fordelningsgrund", "overenskommelsen")
    document.add_paragraph(
        "Årets uppföljning av hur kommuner och regioner har hanterat de länsgemensamma stimulansmedlen visar att "
        f"{'alla' if strategy + agreement == counts.total else numbers.some(strategy + agreement)} län fördelar "
        "stimulansmedlen i överenskommelsen utifrån någon form av bedömning av länets egna behov och "
        f"överenskommelsens prioriteringar. {numbers.count_first(strategy)} län lyfte dessutom särskilt fram "
        "strategins mål, delmål och prioriteringar när de beskrev hur medlen fördelas.")
    write_quotes(document, quotes, SECTION_THEMES["fordelning"][:3])
    afterwards = counts.among("efterhandssortering", "ja", "fordelningsgrund", ("overenskommelsen",))
    if afterwards:
        document.add_paragraph(
            "Utöver de län där deltagarna i dialogerna beskrev att strategins mål utgör en del av underlaget för hur "
            f"stimulansmedlen fördelas, finns ytterligare minst {numbers.some(afterwards)} där deltagarna beskrev att "
            "insatserna sorteras i efterhand mot strategins delmål. Deltagarna i dessa län beskrev dock att det är "
            "överenskommelsen som styr fördelningen (se diagram 2). Dessa återfinns bland de totalt "
            f"{numbers.some(agreement)} som kombinerar prioriteringar i överenskommelsen med egna kriterier.")
    write_quotes(document, quotes, SECTION_THEMES["fordelning"][3:])
    write_figure(document, figures, DIAGRAM2, "Diagram 2. Grund för fördelning av stimulansmedel (antal län).")
    document.add_paragraph(
        f"Diagrammet illustrerar att {numbers.some(strategy)} vid tidpunkten för dialogerna hade integrerat den "
        "nationella strategin i arbetet med att fördela stimulansmedel. För "
        f"{'en majoritet av länen' if agreement * 2 > counts.total else 'övriga län'} ({agreement}) utgjorde dock "
        "fortfarande den årliga överenskommelsen och egna kriterier den primära grunden för hur medlen fördelades.")
    unsettled_note(document, counts, "fordelningsgrund", "hur stimulansmedlen fördelas")
    write_tabell1(document, analysis, counts)
    document.add_heading("Förändringar i länsgemensam ledning och organisering", level=2)
    write_quotes(document, quotes, SECTION_THEMES["forandring"])


def tabell1_frame(analysis) -> pd.DataFrame:
    crosstab = analysis.codebook.crosstabs.get(TABELL1)
    if crosstab is None:
        raise TypologyError(f"themes.yaml has no crosstab '{TABELL1}' (Tabell 1); add it under crosstabs.")
    return crosstab_frame(analysis.profiles, crosstab, analysis.codebook)


def write_tabell1(document, analysis, counts: Counts) -> None:
    """Tabell 1 with the report's sentence on its three populated cells."""
    frame = tabell1_frame(analysis)
    document.add_paragraph(tabell1_sentences(counts))
    caption(document, f"Tabell 1. {frame.attrs.get('title', '')}".rstrip() + ".")
    add_frame_table(document, frame, crosstab=True)
    if frame.attrs.get("note"):
        small(document.add_paragraph(), frame.attrs["note"])


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
            f"Slutligen finns {numbers.some(strategy_started)} som, utöver att de har en länsgemensam handlingsplan "
            "som utgår från den nationella strategin eller håller på att ta fram en, även väger in strategins mål i "
            "resursfördelningen (se tabell 1).")
    if strategy_early:
        sentences.append(
            f"{numbers.count_first(strategy_early)} län väger in strategins mål i resursfördelningen trots att "
            "arbetet med en handlingsplan är i ett inledande skede eller sker inom andra modeller.")
    return " ".join(sentences)


def lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def write_strategy_goals(document, counts: Counts, quotes: QuotePicker) -> None:
    """Arbetet med strategins mål: one-year funding, the strategy's breadth against the mandate."""
    document.add_heading("Arbetet med strategins mål", level=1)
    document.add_heading("Långsiktighet kontra ettårig finansiering", level=2)
    write_quotes(document, quotes, SECTION_THEMES["finansiering"])
    document.add_heading("Strategins bredd och begränsande mandat", level=2)
    broaden, scale = counts("strategins_bredd", "bredda"), counts("strategins_bredd", "skala_av")
    if broaden or scale:
        document.add_paragraph(
            f"I {numbers.some(broaden)} beskrev deltagarna en ambition att bredda det länsgemensamma samarbetet, "
            f"medan deltagarna i {numbers.some(scale)} beskrev att de ”skalar av” strategin för att den ska passa "
            "det mandat som samarbetet representerar.")
    write_quotes(document, quotes, SECTION_THEMES["mandat"])


def write_parallel(document, counts: Counts, quotes: QuotePicker) -> None:
    """Samspel och utmaningar mellan parallella nationella initiativ: 12 av 21 / 7 av 21."""
    document.add_heading("Samspel och utmaningar mellan parallella nationella initiativ", level=1)
    document.add_heading("Samspel mellan parallella nationella satsningar", level=2)
    easier, hard = counts("parallella_initiativ", "underlattar"), counts("parallella_initiativ", "utmaningar")
    document.add_paragraph(
        f"{share_of_counties(easier, counts.total, capital=True)} lyfte fram att det snarare underlättar när flera "
        "nationella initiativ ligger nära varandra, eftersom de kan hämta inspiration och kraft från parallella "
        "processer.")
    document.add_paragraph(
        f"Samtidigt beskrev deltagarna i {share_of_counties(hard, counts.total)} att det finns tydliga utmaningar "
        "med att samordna arbetet på länsnivå.")
    unsettled_note(document, counts, "parallella_initiativ", "hur de parallella initiativen samspelar")
    write_quotes(document, quotes, SECTION_THEMES["parallella"])
    document.add_heading("Personberoende och operativ sårbarhet", level=2)
    write_quotes(document, quotes, SECTION_THEMES["personberoende"])


def share_of_counties(number: int, total: int, capital: bool = False) -> str:
    """"drygt hälften av länen (12 av 21)", or "sju av 21 län" where no fraction is near."""
    words = numbers.share(number, total)
    text = f"{words} av länen ({numbers.of(number, total, '')})" if words else numbers.of(number, total)
    return numbers.capitalised(text) if capital else text


def write_messages(document, quotes: QuotePicker) -> None:
    document.add_heading("Strategiska medskick från länen", level=1)
    document.add_paragraph("I slutet av varje dialog fanns möjlighet för deltagarna att ta upp frågor som de tyckte "
                           "var viktiga att skicka med till aktörer på nationell nivå.")
    write_quotes(document, quotes, SECTION_THEMES["medskick"])


def write_appendix(document, figures: dict[str, Path]) -> None:
    """The framework matrix and the theme networks, where they have been drawn."""
    present = [(name, text) for name, text in APPENDIX_FIGURES if name in figures]
    if not present:
        return
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading("Bilaga: Teman i minnesanteckningarna", level=1)
    for number, (name, text) in enumerate(present, start=1):
        write_figure(document, figures, name, f"Figur {number}. {text}", APPENDIX_FIGURE_WIDTH)


def caption(document, text: str) -> None:
    """A diagram's or table's caption, as the report sets it: its number bold."""
    paragraph = document.add_paragraph()
    label, _, rest = text.partition(". ")
    paragraph.add_run(label + ".").bold = True
    paragraph.add_run(" " + rest)
    paragraph.paragraph_format.keep_with_next = True


def write_figure(document, figures: dict[str, Path], name: str, text: str, width=FIGURE_WIDTH) -> None:
    """The caption and the PNG; a visible placeholder when the figure has not been drawn."""
    caption(document, text)
    path = figures.get(name)
    if path is None or not Path(path).exists():
        small(document.add_paragraph(), f"[Figuren {name}.png saknas; kör dialogtool analyze för att rita den.]")
        return
    document.add_picture(str(path), width=fitted_width(path, width, document.sections[-1]))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def fitted_width(path: Path, width: int, section) -> int:
    """`width`, narrowed so that the picture with its caption fits the page's height."""
    with Image.open(path) as image:
        pixels_wide, pixels_high = image.size
    room = section.page_height - section.top_margin - section.bottom_margin - Cm(2.5)
    return int(min(width, room * pixels_wide / pixels_high))


def add_frame_table(container, frame: pd.DataFrame, crosstab: bool = False):
    """`frame` as a Word table at the end of `container` (a document or a table cell).

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
                table.cell(row, column).text = f"{int(value)} län" if value else "–"
                table.cell(row, column).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
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
    if crosstab:
        widths = [TABLE_WIDTH * 0.42] + [TABLE_WIDTH * 0.58 / len(frame.columns)] * len(frame.columns)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = int(width)
    for row in table.rows[:header_rows]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    kept_together(table)
    return table


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
    """The quotes the draft prints, through quotes.py's gate (verbatim, no identifier).

    Per theme: the investigator's chosen quotes, or where none is chosen the top candidate.
    A passage is printed once, under the first theme that asks for it.
    """

    def __init__(self, analysis):
        self.analysis = analysis
        self.allow = load_allowlist(analysis.notes_dir) if analysis.notes_dir else ()
        self.choices = sum(1 for d in analysis.decisions if d.kind == "quote_chosen")
        self.used: set[str] = set()
        #: Per theme, the candidates the gate refused on the last look (edited or identifying).
        self.refused: dict[str, int] = {}

    def ranked(self, theme: str, wanted: int) -> list[Quote]:
        """The theme's first `wanted` quotes that pass the gate, best first."""
        result = theme_quotes(theme, self.analysis, self.allow, limit=wanted)
        self.refused[theme] = len(result.refused)
        return result.quotes

    def why_none(self, theme: str) -> str:
        """Why a theme has no quote, in Swedish, after `for_theme` found none."""
        refused = self.refused.get(theme, 0)
        if refused:
            return f"{self.label(theme)} ({refused} förslag stoppades av kontrollen)"
        return f"{self.label(theme)} (inga kodade segment kvar)"

    def for_theme(self, theme: str) -> list[Quote]:
        quotes = [q for q in self.ranked(theme, len(self.used) + self.choices + CANDIDATES_PER_THEME)
                  if q.segment_id not in self.used]
        picked = [q for q in quotes if q.chosen] or quotes[:CANDIDATES_PER_THEME]
        self.used.update(q.segment_id for q in picked)
        return picked

    def label(self, theme: str) -> str:
        themes = self.analysis.codebook.themes
        return themes[theme].label if theme in themes else theme

    def nth(self, theme: str, number: int) -> Quote | None:
        """The theme's `number`th quote (1 = the best) that passes the gate, or None."""
        quotes = self.ranked(theme, number)
        return quotes[number - 1] if len(quotes) >= number else None


def write_quotes(document, quotes: QuotePicker, themes) -> None:
    """Each theme's chosen quotes (or its top candidate), indented, in the report's format.

    Where no theme of the call has a quote that passes the gate, a grey note says so, so the
    investigator sees which themes still need coding or a choice.
    """
    written = 0
    for theme in themes:
        for quote in quotes.for_theme(theme):
            paragraph = document.add_paragraph(quote.text)
            paragraph.paragraph_format.left_indent = QUOTE_INDENT
            paragraph.paragraph_format.right_indent = QUOTE_INDENT
            written += 1
    if not written:
        small(document.add_paragraph(), "[Inget utdrag som klarar kontrollen av anonymisering och ordagrann "
              f"återgivning för: {'; '.join(quotes.why_none(t) for t in themes)}.]")
