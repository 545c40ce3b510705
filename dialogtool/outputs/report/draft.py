"""report.docx: the status report's draft in Swedish, every number, table, diagram and quote
computed from the round's analysis.

The draft has the chapter skeleton of Folkhälsomyndigheten's lägesrapport and its title. The
chapters the notes can answer — Sammanfattning, how the dialogues were held, governance,
action plans (Diagram 1), allocation (Diagram 2, Tabell 1), the strategy's goals, parallel
initiatives, the messages to the national level — are written the way the report writes
them ("Nio län har en handlingsplan …", "drygt hälften av länen (12 av 21)", quotes of the
sentences that carry the theme, shortened with "/.../"), so that an investigator can lift
whole paragraphs into the report and regenerate them whenever a note, a code or an override
changes. The chapters only a person can write (Bakgrund, Tolkningar och utgångspunkter,
Diskussion, Slutsatser och förslag, Referenser) are headings with a marked place to write.
Nothing meant for the investigator alone is in the body: it goes to arbetsanteckningar.docx
beside the draft (see worknotes.py).

Where the analysis has companions — last year's round and the survey's answers — the draft
also says what changed since last year and how the survey compares, as the report does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from ...files import save_document
from ...model import Companions
from ..quotes import Quote
from ..tables import crosstab_frame
from ..workbook import analysis_frames, write_workbook
from . import layout, wording
from .counts import Counts, checked_analysis, counties_with, round_counts, round_year
from .picks import QuotePicker
from .spec import (
    AFTERWARDS,
    AGREEMENT,
    BROADEN,
    DIAGRAM1,
    DIAGRAM2,
    EASIER,
    FINNS,
    FORBEREDANDE,
    HARD,
    INTEGRERAD,
    KOPPLING_CLAUSES,
    MESSAGE_GROUPS,
    MESSAGES_THEME,
    OPERATIV,
    OPERATIV_BULLETS,
    PAGAR,
    PLAN_KOPPLING,
    PLAN_STATUS,
    PLAN_STATUS_SENTENCES,
    QUOTES,
    SCALE_DOWN,
    SCHOOL,
    SCHOOL_STRIVING,
    STRATEGY,
    TABELL1,
    TOPICS,
    Categories,
    MessageGroup,
    QuoteSource,
    check_codebook,
    tabell1_groups,
)
from .worknotes import WORK_NOTES, WorkNotes, coding_line

#: Quotes a part of the draft prints when none has been chosen (chosen quotes are all printed).
QUOTES_PER_PART = 2
#: Messages printed under each of the messages chapter's sub-headings, when none has been chosen.
MESSAGES_PER_GROUP = 3
#: The fields participants work in, as the method chapter names them, and the words of a "Deltagare:" line
#: that place a participant there; a field is named where at least PARTICIPANT_QUORUM dialogues had one.
PARTICIPANT_FIELDS = {
    "psykiatrin": r"psykiatri",
    "skolan": r"elevhälsa|skolchef|utbildning|skola",
    "socialtjänsten": r"socialchef|socialtjänst|socialpsykiatri|äldreomsorg",
    "brukarsamordning": r"brukar",
    "folkhälsoarbete": r"folkhälso",
    "regional utveckling": r"regional utveckl",
}
PARTICIPANT_QUORUM = 3
#: The fields named at most ("exempelvis …").
PARTICIPANT_EXAMPLES = 4
#: A table title's own number ("Tabell 1. …"), which the caption writes itself.
TABLE_NUMBER = re.compile(r"^\s*tabell\s*\d+\s*[.:]\s*", re.I)
#: The working notes' headings.
NOTES_BASIS, NOTES_MISSING, NOTES_UNCOUNTED, NOTES_QUOTES = (
    "Underlaget", "Det som saknas i utkastet", "Län som inte räknas i ett antal", "Utdragens källor")


def write_report_outputs(analysis, out_dir: Path, workbook: bool = True,
                         drawing: Callable[[], dict[str, Path]] | None = None) -> dict[str, Path]:
    """Write report.docx, its working notes and (unless `workbook` is false: the caller writes
    it, `write_analysis_workbook`) typology.xlsx into `out_dir`, embedding the PNGs already there.
    `drawing`: gives the files of figures still being drawn elsewhere, which the working notes
    show; asked for once the draft is composed, so that the drawing and the draft overlap."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {path.stem: path for path in sorted(out_dir.glob("*.png"))}
    report = write_report(analysis, out_dir / "report.docx", figures, getattr(analysis, "companions", None),
                          drawing)
    files = {"report.docx": report, WORK_NOTES: out_dir / WORK_NOTES}
    if workbook:
        files["typology.xlsx"] = write_analysis_workbook(analysis, out_dir)
    return files


def write_analysis_workbook(analysis, out_dir: Path) -> Path:
    """Write typology.xlsx, every output table of the analysis as a sheet, into `out_dir`."""
    return write_workbook(analysis_frames(analysis), Path(out_dir) / "typology.xlsx")


def write_report(analysis, out_path: Path, figures: dict[str, Path] | None = None,
                 companions: Companions | None = None, drawing: Callable[[], dict[str, Path]] | None = None) -> Path:
    """Write the draft of the status report for `analysis` to `out_path` (.docx), and
    arbetsanteckningar.docx beside it.

    The codebook is checked first (`spec.check_codebook`): an id the draft uses that
    themes.yaml lacks is an error, and nothing is written. `figures` maps figure names (the
    PNG's stem, e.g. "diagram1_plan_status") to files; a missing figure leaves a marked place
    in the draft. `companions`: last year's round and the survey to compare with. `drawing`:
    gives more figures (file name → path), asked for before the working notes are written.
    """
    checked_analysis(analysis)
    check_codebook(analysis.codebook)
    out_path = Path(out_path)
    notes = WorkNotes({heading: [] for heading in (NOTES_BASIS, NOTES_MISSING, NOTES_UNCOUNTED, NOTES_QUOTES)})
    draft = Draft(layout.new_document(), analysis, round_counts(analysis), QuotePicker(analysis),
                  {name: Path(path) for name, path in (figures or {}).items()}, companions or Companions(), notes)
    for part in (write_title, write_summary, write_background, write_method, write_following, write_governance,
                 write_plans, write_allocation, write_strategy_goals, write_parallel, write_messages,
                 write_discussion, write_conclusions, write_references):
        part(draft)
    draft.notes.add(NOTES_BASIS, coding_line(analysis))
    for problem in draft.companions.problems:
        draft.notes.add(NOTES_BASIS, problem)
    if drawing is not None:
        draft.figures.update({path.stem: path for path in map(Path, drawing().values()) if path.suffix == ".png"})
    draft.notes.write(out_path.with_name(WORK_NOTES), analysis, draft.figures, draft.source)
    return save_document(draft.document, out_path)


@dataclass
class Draft:
    """What every part of the draft writes with: the document, the round, its counts, quotes and working notes."""

    document: object
    analysis: object
    counts: Counts
    quotes: QuotePicker
    figures: dict[str, Path]
    companions: Companions
    notes: WorkNotes
    #: The heading written last, which the working notes name a quote's place by.
    current: str = ""
    #: The document's paragraphs in named styles, each style looked up once.
    paragraphs: layout.Paragraphs = field(init=False)

    def __post_init__(self):
        self.paragraphs = layout.Paragraphs(self.document)

    @property
    def year(self) -> str:
        return round_year(self.analysis)

    @property
    def autumn(self) -> str:
        """" hösten 2025" ('' when the notes carry no date)."""
        return f" hösten {self.year}" if self.year else ""

    @property
    def source(self) -> str:
        """The "Källa: …" line under the draft's diagrams and tables, as the report has it."""
        return f"Källa: Folkhälsomyndighetens länsdialoger{self.autumn}."

    @property
    def total(self) -> int:
        return self.counts.total

    @property
    def started(self) -> Categories:
        """Tabell 1's first column: counties with a plan or writing one (the report's "15 av 21")."""
        return tabell1_groups(self.analysis.codebook)[0]

    def previous_counts(self) -> Counts | None:
        previous = self.companions.previous
        return round_counts(previous) if previous is not None and previous.profiles else None

    def previous_year(self) -> str:
        return round_year(self.companions.previous) if self.companions.previous is not None else ""

    def dialogues(self, topic: str) -> str:
        """"de flesta dialoger": how many dialogues coded a topic of `spec.TOPICS`, in words."""
        return wording.dialogues(counties_with(self.analysis, TOPICS[topic]), self.total)

    def touched(self, topic: str) -> bool:
        return counties_with(self.analysis, TOPICS[topic]) > 0

    def paragraph(self, text: str, style: str | None = None):
        return self.paragraphs.add(text, style)

    def heading(self, text: str, level: int):
        self.current = text
        return self.paragraphs.heading(text, level)

    def quotes_for(self, part: str, lead: str | None = None, per_theme: int = 1) -> None:
        write_quotes(self, part, QUOTES[part], lead, per_theme)

    def uncounted(self, categories: Categories | str, what: str) -> None:
        """Note for the investigator the counties the notes leave unplaced on a dimension, so no gap is hidden."""
        dimension = categories if isinstance(categories, str) else categories.dimension
        missing = self.counts.unsettled(dimension)
        if missing:
            self.notes.add(NOTES_UNCOUNTED, f"{wording.capitalised(what)}: {wording.some(len(missing))} saknar "
                                            f"kategori och räknas inte ({', '.join(missing)}).")


def write_title(draft: Draft) -> None:
    """The report's title and subtitle; how the draft was made goes to the document's properties, not its page."""
    document = draft.document
    layout.chapters_on_new_pages(document)
    draft.paragraphs.heading("Psykisk hälsa och suicidprevention", 0)
    report_year = f" {int(draft.year) + 1}" if draft.year else ""
    subtitle = ("Kommuners och regioners arbete med stöd av statliga stimulansmedel – Folkhälsomyndighetens "
                f"lägesrapport{report_year}")
    draft.paragraph(subtitle, style="Subtitle")
    properties = document.core_properties
    properties.title, properties.subject = "Psykisk hälsa och suicidprevention", subtitle
    properties.author = "Folkhälsomyndigheten"
    properties.comments = (f"Utkast skapat av dialogtool {date.today().isoformat()}; se arbetsanteckningar.docx "
                           "bredvid utkastet.")


def write_summary(draft: Draft) -> None:
    """Sammanfattning: the report's four summary headings, each with its counts."""
    counts, total = draft.counts, draft.total
    draft.heading("Sammanfattning", 1)
    draft.paragraph(
        f"Folkhälsomyndigheten har under {draft.year or 'året'} följt upp hur landets kommuner och regioner arbetar "
        "utifrån överenskommelsen om psykisk hälsa och suicidprevention. Uppföljningen bygger på länsdialoger som "
        f"genomfördes med {counties_taking_part(draft)}{' under hösten ' + draft.year if draft.year else ''}. "
        "Föreliggande rapport avslutas med övergripande slutsatser och förslag inför fortsatt utvecklingsarbete.")
    draft.heading("Länsgemensam styrning och organisering", 2)
    school = counts(SCHOOL)
    text = (f"Skolan ingår i ledningsgruppen på hög tjänstemannanivå i minst {wording.of(school, total)}" if school
            else "Skolan ingår inte i ledningsgruppen på hög tjänstemannanivå i något län")
    before = draft.previous_counts()
    if before is not None:
        text += f", jämfört med {wording.some(before(SCHOOL))} {draft.previous_year()}"
    text += "."
    ways = [f"{phrase} ({wording.some(counts(categories))})"
            for categories, (_, _, phrase) in OPERATIV_BULLETS.items() if counts(categories)]
    if ways:
        text += f" På operativ nivå organiseras arbetet {wording.joined(ways)}."
    draft.paragraph(text)
    draft.heading("Status för länsgemensamma handlingsplaner", 2)
    text = (f"{wording.capitalised(wording.majority(counts(draft.started), total, shown=True))} har tagit fram en "
            "länsgemensam handlingsplan utifrån den nationella strategin eller påbörjat arbetet med en: "
            f"{wording.some(counts(FINNS))} har en plan och i {wording.some(counts(PAGAR))} pågår arbetet.")
    rest = [f"{phrase} ({wording.some(counts(categories))})" for categories, phrase in
            ((FORBEREDANDE, "befinner sig i en förberedande fas"),
             (INTEGRERAD, "hanterar frågorna inom andra strukturer")) if counts(categories)]
    if rest:
        text += f" Övriga län {wording.joined(rest, 'eller')}."
    draft.paragraph(text)
    draft.heading("Hantering och fördelning av stimulansmedel", 2)
    strategy, agreement = counts(STRATEGY), counts(AGREEMENT)
    everyone = "Alla län" if strategy + agreement == total else wording.count_first(strategy + agreement) + " län"
    text = (f"{everyone} fördelar sina stimulansmedel utifrån lokala behov och överenskommelsens prioriteringar. "
            f"{wording.capitalised(wording.share(strategy, total))} väger dessutom uttryckligen in strategins mål i "
            "sin resursfördelning")
    afterwards = counts.among(AFTERWARDS, AGREEMENT)
    if afterwards:
        text += (f", medan minst {wording.some(afterwards)} sorterar insatserna mot strategins delmål i efterhand "
                 "men låter överenskommelsen styra fördelningen")
    draft.paragraph(text + ".")
    draft.heading("Strategins bredd, mandat och parallella initiativ", 2)
    text = (f"{wording.share_of_counties(counts(EASIER), total, capital=True)} ser det som en fördel att flera "
            "nationella initiativ, som God och nära vård, den nya socialtjänstlagen och samsjuklighetsreformen, ligger "
            f"nära varandra, medan deltagarna i {wording.share_of_counties(counts(HARD), total)} beskriver tydliga "
            "utmaningar med att samordna dem.")
    if counts(BROADEN) or counts(SCALE_DOWN):
        text += " " + breadth_sentence(counts(BROADEN), counts(SCALE_DOWN))
    draft.paragraph(text)


def counties_taking_part(draft: Draft) -> str:
    """"samtliga 21 län", or the number of notes where the round has fewer."""
    notes = len(draft.analysis.corpus.notes)
    return "samtliga 21 län" if notes == 21 else wording.some(notes)


def write_background(draft: Draft) -> None:
    """Bakgrund och uppdragsbeskrivning: the commission and the agreement, for the investigator to write."""
    draft.heading("Bakgrund och uppdragsbeskrivning", 1)
    layout.write_here(draft.paragraphs, "Att skriva: uppdraget att följa och utvärdera kommuners och regioners arbete "
                                      "inom överenskommelsen, vilken lägesrapport i ordningen detta är och den "
                                      "myndighetsgemensamma promemorian.")
    draft.heading("Statens överenskommelser med SKR", 2)
    layout.write_here(draft.paragraphs, f"Att skriva: överenskommelsen för {draft.year or 'året'} – dess omfattning i "
                                      "miljoner kronor, de prioriterade områdena och kravet på länsgemensamma "
                                      "handlingsplaner utifrån den nationella strategin.")


def write_method(draft: Draft) -> None:
    """Så här har vi genomfört uppdraget: the dialogues, the question areas, participants, review and analysis."""
    analysis = draft.analysis
    notes = analysis.corpus.notes
    draft.heading("Så här har vi genomfört uppdraget", 1)
    draft.heading("Uppföljning genom dialoger", 2)
    text = f"Folkhälsomyndigheten genomförde{draft.autumn} dialoger med {counties_taking_part(draft)}."
    held = wording.period([n.date for n in notes if n.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", n.date)])
    if held:
        text += f" Dialogerna hölls {held}."
    draft.paragraph(text)
    draft.heading("Tolkningar och utgångspunkter", 2)
    layout.write_here(draft.paragraphs, "Att skriva: hur deltagarnas egna beskrivningar har tolkats (till exempel vad "
                                      "som räknas som en handlingsplan) och varför jämförelser mellan län bör göras "
                                      "varsamt.")
    draft.heading("Genomförande och deltagande", 2)
    areas = [area.heading for area in analysis.guide.areas] if getattr(analysis, "guide", None) else []
    if areas:
        draft.paragraph("Dialogerna fokuserade på följande områden:")
        for index, area in enumerate(areas):
            draft.paragraph(wording.lowered(area) + ("." if index == len(areas) - 1 else ""), style="List Bullet")
    participants = sum(note.participants or 0 for note in notes)
    who = "Samtliga 21 län" if len(notes) == 21 else f"{wording.count_first(len(notes))} län"
    text = f"{who} medverkade i dialogerna{draft.autumn} och totalt deltog {wording.grouped(participants)} personer"
    previous = draft.companions.previous
    if previous is not None:
        text += participants_comparison(participants, sum(n.participants or 0 for n in previous.corpus.notes),
                                        draft.previous_year())
    fields = participant_fields(notes)
    if fields:
        text += f". Utöver länssamordnare deltog exempelvis personer verksamma inom {wording.joined(fields)}"
    draft.paragraph(text + ". Varje dialog genomfördes digitalt via Teams och pågick i en till två timmar. Från "
                    "Folkhälsomyndigheten deltog två utredare vid varje tillfälle; en ledde samtalet utifrån en mall med "
                    "frågeområden medan den andra antecknade.")
    missing = [note.county for note in notes if note.participants is None]
    if missing:
        draft.notes.add(NOTES_UNCOUNTED, f"Deltagare: minnesanteckningarna för {', '.join(missing)} saknar uppgift "
                                         "om antalet deltagare och räknas som noll.")
    draft.heading("Kvalitetssäkring och analys", 2)
    kinds = Counter(review_kind(note.review_status) for note in notes)
    draft.paragraph("Efter varje dialog skickade vi minnesanteckningar till respektive länssamordnare för genomläsning "
                    f"och kvalitetssäkring. {review_sentence(kinds)} Därefter analyserades och tematiserades innehållet "
                    "utifrån dialogernas frågeområden.")
    for skipped in analysis.corpus.skipped:
        draft.notes.add(NOTES_MISSING, f"Minnesanteckningar som inte kunde läsas och inte ingår: {skipped}")


def participant_fields(notes) -> list[str]:
    """The fields the participants work in, from the notes' "Deltagare:" lines: the PARTICIPANT_EXAMPLES
    commonest of those in at least PARTICIPANT_QUORUM dialogues ("psykiatrin", "brukarsamordning", …)."""
    dialogues = Counter(field for note in notes for field, words in PARTICIPANT_FIELDS.items()
                        if re.search(words, note.participants_text or "", re.IGNORECASE))
    return [field for field, n in dialogues.most_common(PARTICIPANT_EXAMPLES) if n >= PARTICIPANT_QUORUM]


def participants_comparison(now: int, before: int, previous_year: str) -> str:
    """", vilket var något fler jämfört med motsvarande dialoger hösten 2024 då 105 personer deltog"."""
    when = f"hösten {previous_year}" if previous_year else "förra året"
    if now == before:
        return f", lika många som vid motsvarande dialoger {when}"
    slightly = abs(now - before) <= max(1, before) * 0.1
    word = ("något " if slightly else "") + ("fler" if now > before else "färre")
    return f", vilket var {word} jämfört med motsvarande dialoger {when} då {wording.grouped(before)} personer deltog"


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
    texts = [template.format(wording.some(n)) for template, n in parts]
    first, n = parts[0]
    if first.startswith("{}"):  # the sentence starts with the count: a word, never digits
        texts[0] = first.format(f"{wording.count_first(n)} län")
    return wording.capitalised(wording.joined(texts)) + "."


def write_following(draft: Draft) -> None:
    """Följa arbetet – regionala och lokala förutsättningar: what the results rest on."""
    draft.heading("Följa arbetet – regionala och lokala förutsättningar", 1)
    draft.paragraph(
        "Resultaten som presenteras i denna rapport bygger på det som lyftes fram av nyckelpersonerna för arbetet med "
        f"psykisk hälsa och suicidprevention i {counties_taking_part(draft)} under dialogerna. I det följande "
        "beskriver vi hur ledning, styrning och samordning är organiserad på länsnivå, hur regioner och kommuner "
        "arbetar med länsgemensamma handlingsplaner och hur de fördelar länsgemensamma stimulansmedel.")


def write_governance(draft: Draft) -> None:
    """Länsgemensam styrning, ledning och samordning: the management group and the school, the operative level."""
    counts = draft.counts
    draft.heading("Länsgemensam styrning, ledning och samordning", 1)
    draft.heading("Ledningsgrupp hög tjänstemannanivå", 2)
    sentences = []
    if draft.touched("ledningsgrupp"):
        sentences.append(f"Deltagarna i {draft.dialogues('ledningsgrupp')} beskrev att den övergripande ledningen, "
                         "styrningen och samordningen inom området sker i en ledningsgrupp på hög tjänstemannanivå, "
                         "integrerat med andra gemensamma frågor på länsnivå, främst inom hälso- och sjukvård och "
                         "socialtjänst.")
    school, striving = counts(SCHOOL), counts(SCHOOL_STRIVING)
    sentences.append(f"Det framkom i dialogerna att skolan ingår i ledningsgruppen i minst {wording.some(school)}, även "
                     "om det inte sker vid varje möte." if school else
                     "Det framkom inte i dialogerna att skolan ingår i ledningsgruppen i något län.")
    if striving:
        sentences.append(f"I ytterligare {wording.some(striving)} beskrev deltagarna en tydlig strävan att inkludera "
                         "skolan.")
    before = draft.previous_counts()
    if before is not None:
        sentences.append(school_change(before(SCHOOL), school))
    if draft.touched("brukare"):
        sentences.append(f"Deltagarna i {draft.dialogues('brukare')} beskrev också hur brukar- och "
                         "anhörigorganisationer deltar i arbetet.")
    draft.paragraph(" ".join(sentences))
    draft.quotes_for("ledningsgrupp")
    draft.heading("Länsgemensamma grupper på operativ nivå", 2)
    draft.paragraph("Utifrån det som beskrevs i dialogerna om operativa grupper för gemensamma frågor på nivån "
                    "under hög tjänstemannanivå noterar vi följande olika sätt att organisera arbetet:")
    for categories, (name, description, _) in OPERATIV_BULLETS.items():
        text = f"{name} ({wording.some(counts(categories))})"
        draft.paragraph(f"{text}: {description}" if description else f"{text}.", style="List Bullet")
    draft.uncounted(OPERATIV, "organisering på operativ nivå")
    draft.quotes_for("operativ")


def school_change(before: int, now: int) -> str:
    """The report's comparison with last year: "Detta är en förändring jämfört med förra året när …"."""
    if before < now:
        return ("Detta är en förändring jämfört med förra året när skolan endast deltog i de ordinarie strukturerna "
                f"i {wording.some(before)}.")
    if before > now:
        return f"Förra året ingick skolan i ledningsgrupperna i {wording.some(before)}."
    return "Det är lika många som förra året."


def write_plans(draft: Draft) -> None:
    """Handlingsplaner utifrån den nationella strategin: the statuses, their ties, Diagram 1, the survey."""
    counts, total = draft.counts, draft.total
    draft.heading("Handlingsplaner utifrån den nationella strategin", 1)
    draft.paragraph(
        f"I överenskommelsen för {draft.year or 'året'} är länsgemensamma handlingsplaner utifrån den nationella "
        "strategin ett prestationskrav. Det finns ingen beskrivning i överenskommelsen av hur en sådan handlingsplan "
        "ska utformas. Kommuner och regioner har därför tolkat prestationskravet på olika sätt.")
    if draft.touched("process"):
        draft.paragraph(
            "Arbetet med att ta fram en länsgemensam handlingsplan utifrån den nationella strategin involverar olika "
            f"aktörer i olika län. I {draft.dialogues('process')} beskrev deltagarna hur planen tas fram – "
            "kartläggning, samordning och avvägning av vad som bör ingå – och hur den kopplar an till strategins mål.")
        draft.quotes_for("process", "Arbetet med planerna beskrevs bland annat så här:")
    draft.heading("Status för arbetet med handlingsplaner i länen", 2)
    draft.paragraph("I dialogerna gav deltagarna en bild av hur arbetet med att ta fram de länsgemensamma "
                    "handlingsplanerna fortskrider. När vi analyserar dessa beskrivningar samlat noterar vi att "
                    f"{wording.majority(counts(draft.started), total)} antingen har tagit fram en plan eller påbörjat "
                    "processen (se även diagram 1):")
    for categories, template in PLAN_STATUS_SENTENCES.items():
        n = counts(categories)
        text = template.format(n=wording.count(n), N=wording.count_first(n))
        if categories == FINNS and n:
            text += koppling_sentence(draft)
        draft.paragraph(text, style="List Bullet")
    draft.uncounted(PLAN_STATUS, "status för handlingsplanen")
    write_figure(draft, DIAGRAM1.name, DIAGRAM1.caption)
    rest = (" I övriga län befinner sig arbetet i en inledande fas eller hanteras genom integrering i andra modeller "
            "för samverkan.") if counts(draft.started) < total else ""
    draft.paragraph(f"Diagrammet visar att {wording.majority(counts(draft.started), total, shown=True)} antingen har en "
                    "länsgemensam handlingsplan kopplad till den nationella strategin eller har påbörjat arbetet med "
                    f"en sådan plan.{rest}")
    if draft.companions.survey is not None:
        draft.paragraph(survey_sentences(draft.companions.survey, draft.year, counts))
    draft.quotes_for("handlingsplan")


def koppling_sentence(draft: Draft) -> str:
    """How the existing plans tie to the strategy's structure, counted among the counties with a plan."""
    counts = draft.counts
    clauses = [clause.format(n=wording.some(counts.among(categories, FINNS)))
               for categories, clause in KOPPLING_CLAUSES.items() if counts.among(categories, FINNS)]
    if not clauses:
        return ""
    untied = [p.county for p in counts.profiles if p.category(PLAN_STATUS) in FINNS.ids and not p.category(PLAN_KOPPLING)]
    if untied:
        draft.notes.add(NOTES_UNCOUNTED, f"Planens koppling till strategin: för {', '.join(untied)} framgår den inte "
                                         "av anteckningarna.")
    return f" Det varierar hur dessa planer kopplar an till strategins struktur: {wording.joined(clauses)}."


def survey_sentences(survey, year: str, counts: Counts) -> str:
    """The report's paragraph on the survey: who answered what, and the shift between finns and pågår."""
    answered = survey.answered()
    established = int((survey.counties["survey"] == "upprattad").sum())
    ongoing = int((survey.counties["survey"] == "pagar").sum())
    text = ("Frågan om huruvida det finns en länsgemensam handlingsplan utifrån den nationella strategin ingår också "
            f"i den enkät som länen som tagit emot stimulansmedel besvarar. {wording.count_first(answered)} län "
            f"besvarade enkäten{' för ' + year if year else ''}: {wording.some(established)} svarade att en "
            f"handlingsplan har upprättats eller uppdaterats och {wording.some(ongoing)} att arbete med en sådan pågår.")
    down = [r for r in survey.moved.itertuples() if r.plan_status in FINNS.ids and r.survey == "pagar"]
    up = [r for r in survey.moved.itertuples() if r.plan_status in PAGAR.ids and r.survey == "upprattad"]
    moves = []
    if down:
        moves.append(f"{wording.some(len(down))} som i dialogen beskrev en färdig plan svarade i enkäten att arbete "
                     "pågår")
    if up:
        moves.append(f"{wording.some(len(up))} där arbete pågick enligt dialogen svarade att en plan har upprättats")
    if not moves:
        return text + " Uppgifterna från dialoger och enkätsvar överensstämmer för de län som besvarat enkäten."
    both = " (i båda riktningarna)" if down and up else ""
    text += (f" Det har skett en viss förskjutning{both} mellan kategorierna {counts.label(PAGAR)} och "
             f"{counts.label(FINNS)} när vi jämför uppgifter från dialoger och enkätsvar: {wording.joined(moves)}.")
    if (len(down) + len(up)) * 4 <= max(answered, 1):
        text += " Men på det stora hela överensstämmer uppgifterna."
    return text


def write_allocation(draft: Draft) -> None:
    """Fördelning av länsgemensamma stimulansmedel: the two approaches, Diagram 2, the changes since last year."""
    counts, total = draft.counts, draft.total
    draft.heading("Fördelning av länsgemensamma stimulansmedel", 1)
    strategy, agreement = counts(STRATEGY), counts(AGREEMENT)
    draft.paragraph("Utifrån vad olika deltagare beskrev när det gäller fördelning av stimulansmedel noterar vi i "
                    "huvudsak två förhållningssätt:")
    for text in ("en direkt koppling till överenskommelsen där de insatser som regioner och kommuner väljer att "
                 "finansiera med stimulansmedel främst kan kopplas till de prioriterade områden som pekats ut för det "
                 "aktuella året",
                 "utöver koppling till överenskommelsen även koppling till strategins mål och prioriteringar, "
                 "exempelvis via länsgemensamma planer."):
        draft.paragraph(text, style="List Bullet")
    everyone = "alla län" if strategy + agreement == total else wording.some(strategy + agreement)
    draft.paragraph(
        "Årets uppföljning av hur kommuner och regioner har hanterat de länsgemensamma stimulansmedlen visar att "
        f"{everyone} fördelar stimulansmedlen i överenskommelsen utifrån någon form av bedömning av länets egna behov "
        "och överenskommelsens prioriteringar. Vissa län kombinerar detta med egna kriterier, som exempelvis kan "
        "handla om att det ska finnas en plan för hur insatser fortsatt ska finansieras efter att stimulansmedlen "
        f"upphört. {wording.count_first(strategy)} län lyfte dessutom särskilt fram strategins mål, delmål och "
        "prioriteringar när de beskrev hur medlen fördelas.")
    draft.uncounted(STRATEGY, "grund för fördelning av stimulansmedel")
    draft.quotes_for("fordelning", "Deltagarna gav exempel på hur arbetet kan bedrivas i praktiken:")
    afterwards = counts.among(AFTERWARDS, AGREEMENT)
    if afterwards:
        draft.paragraph(
            "Utöver de län där deltagarna i dialogerna beskrev att strategins mål utgör en del av underlaget för hur "
            f"stimulansmedlen fördelas, finns ytterligare minst {wording.some(afterwards)} där deltagarna beskrev att "
            "insatserna sorteras i efterhand mot strategins delmål. Deltagarna i dessa län beskrev dock att det är "
            "överenskommelsen som styr fördelningen (se diagram 2). Dessa återfinns bland de totalt "
            f"{wording.some(agreement)} som kombinerar prioriteringar i överenskommelsen med egna kriterier.")
        draft.quotes_for("efterhand")
    write_figure(draft, DIAGRAM2.name, DIAGRAM2.caption)
    share = "en majoritet av länen" if agreement * 2 > total else "övriga län"
    draft.paragraph(
        f"Diagrammet illustrerar att {wording.some(strategy)} vid tidpunkten för dialogerna hade integrerat den "
        f"nationella strategin i arbetet med att fördela stimulansmedel. För {share} ({agreement}) utgjorde dock "
        "fortfarande den årliga överenskommelsen och egna kriterier den primära grunden för hur medlen fördelades.")
    draft.heading("Förändringar i länsgemensam ledning och organisering", 2)
    if draft.touched("forandring"):
        draft.paragraph(
            "I samband med att vi i dialogerna stämde av hur strukturen för ledning, styrning och samordning såg ut "
            f"beskrev deltagarna i {draft.dialogues('forandring')} förändringar jämfört med året innan – exempelvis "
            "en ambition att fördela stimulansmedel mer strategiskt än tidigare, i stället för att fördela medlen "
            "vidare i länet enligt vissa procentsatser.")
        draft.quotes_for("forandring", "Denna utveckling kan belysas med följande exempel från dialogerna:")
    else:
        draft.paragraph("Deltagarna beskrev inga förändringar i ledning, styrning eller samordning jämfört med året "
                        "innan.")


def tabell1_frame(analysis):
    """Tabell 1 as counts, with themes.yaml's headers and row labels."""
    return crosstab_frame(analysis.profiles, analysis.codebook.crosstabs[TABELL1], analysis.codebook)


def table_title(title: str) -> str:
    """A crosstab's title without its own "Tabell 1." and final stop, for the caption to number."""
    return TABLE_NUMBER.sub("", title or "").strip().rstrip(".")


def write_tabell1(draft: Draft) -> None:
    """Tabell 1 with the report's sentences on its populated cells, its caption and its source."""
    frame = tabell1_frame(draft.analysis)
    draft.paragraph(tabell1_sentences(draft))
    layout.caption(draft.document, f"Tabell 1. {table_title(frame.attrs.get('title', ''))}.")
    layout.add_frame_table(draft.document, frame, crosstab=True)
    layout.small(draft.paragraph(""), draft.source)
    if frame.attrs.get("excluded"):
        draft.notes.add(NOTES_UNCOUNTED, f"Tabell 1: {frame.attrs['note']}")


def tabell1_sentences(draft: Draft) -> str:
    """The report's reading of Tabell 1: its populated cells as shares of all counties."""
    counts, total = draft.counts, draft.total
    started, early = tabell1_groups(draft.analysis.codebook)
    agreement_started, agreement_early = counts.among(AGREEMENT, started), counts.among(AGREEMENT, early)
    strategy_started, strategy_early = counts.among(STRATEGY, started), counts.among(STRATEGY, early)
    sentences = ["Tabell 1 illustrerar hur länen kan grupperas utifrån hur de integrerar den nationella strategin vid "
                 "resursfördelning i kombination med hur de tar sig an kravet på länsgemensamma handlingsplaner "
                 "utifrån samma strategi."]
    if agreement_started:
        sentences.append(
            f"Det handlar sammantaget om att {wording.share_of_counties(agreement_started, total)} fördelar "
            "stimulansmedel utifrån en kombination av överenskommelsens prioriteringar och egna kriterier samtidigt "
            "som länet har tagit fram en länsgemensam handlingsplan, eller att arbete med en sådan pågår.")
    if agreement_early:
        sentences.append(
            f"{wording.share_of_counties(agreement_early, total, capital=True)} fördelar stimulansmedlen på "
            "motsvarande sätt men har enbart förberett arbetet med en handlingsplan, eller arbetar utifrån andra "
            "modeller.")
    if strategy_started:
        sentences.append(
            f"Slutligen finns även {wording.some(strategy_started)} som, utöver att de har en länsgemensam "
            "handlingsplan som utgår från den nationella strategin eller håller på att ta fram en, även väger in "
            "strategins mål i resursfördelningen (se tabell 1).")
    if strategy_early:
        sentences.append(
            f"{wording.count_first(strategy_early)} län väger in strategins mål i resursfördelningen trots att "
            "arbetet med en handlingsplan är i ett inledande skede eller sker inom andra modeller.")
    return " ".join(sentences)


def breadth_sentence(broaden: int, scale: int) -> str:
    """Broadening the cooperation against scaling the strategy down, each clause only where it has counties."""
    scaling = "att de ”skalar av” strategin för att den ska passa det mandat som samarbetet representerar"
    if not broaden:
        return f"I {wording.some(scale)} beskrev deltagarna {scaling}."
    text = f"I {wording.some(broaden)} beskrev deltagarna en ambition att bredda det länsgemensamma samarbetet"
    return text + (f", medan deltagarna i {wording.some(scale)} beskrev {scaling}." if scale else ".")


def write_strategy_goals(draft: Draft) -> None:
    """Arbetet med strategins mål: one-year funding, the strategy's breadth against the mandate, the agencies,
    and Tabell 1, which the report sets at the end of this chapter."""
    counts = draft.counts
    draft.heading("Arbetet med strategins mål", 1)
    draft.paragraph("För att göra skillnad behöver arbetet med att genomföra den nationella strategin utgöra en central "
                    "del i den utveckling som sker på regional och lokal nivå inom området psykisk hälsa och "
                    "suicidprevention. I dialogerna framkom dock att arbetet med att nå dessa mål påverkas av flera "
                    "strukturella faktorer som ibland drar åt olika håll.")
    draft.heading("Långsiktighet kontra ettårig finansiering", 2)
    if draft.touched("finansiering"):
        draft.paragraph(f"Deltagarna i {draft.dialogues('finansiering')} beskrev en bristande synkronisering mellan den "
                        "nationella strategins tioåriga tidshorisont och den ettåriga överenskommelsen där det finns "
                        "statliga stimulansmedel.")
        draft.quotes_for("finansiering")
    else:
        draft.paragraph("Finansieringens ettåriga ramar i relation till strategins tioåriga tidshorisont beskrevs inte "
                        "i dialogerna.")
    draft.heading("Strategins bredd och begränsande mandat", 2)
    text = (f"Deltagarna påpekade i {draft.dialogues('mandat')} att strategin är betydligt bredare än "
            "överenskommelsen, vilket skapar utmaningar för olika ledningsfunktioner." if draft.touched("mandat") else "")
    if counts(BROADEN) or counts(SCALE_DOWN):
        text = f"{text} {breadth_sentence(counts(BROADEN), counts(SCALE_DOWN))}".strip()
    draft.paragraph(text or "Strategins bredd i relation till samverkans mandat beskrevs inte i dialogerna.")
    draft.quotes_for("mandat")
    breadth = breadth_by_approach(draft)
    if breadth:
        draft.paragraph(breadth)
    if draft.touched("myndigheter"):
        draft.paragraph(f"Deltagare i {draft.dialogues('myndigheter')} beskrev svårigheter att engagera nationella "
                        "myndigheter med lokal och regional verksamhet, däribland Försäkringskassan, "
                        "Arbetsförmedlingen och Polisen, i det tvärsektoriella utvecklingsarbetet.")
        draft.quotes_for("myndigheter")
    write_tabell1(draft)


def breadth_by_approach(draft: Draft) -> str:
    """The report's observation that the counties steered most by the strategy (a plan, or one being written,
    and its goals weighed in the allocation: Tabell 1's top-left cell) broaden their cooperation more often,
    and the others scale the strategy down more often — written only where the counts show it."""
    profiles = draft.counts.profiles
    steered = [p for p in profiles if p.category(STRATEGY.dimension) in STRATEGY.ids
               and p.category(draft.started.dimension) in draft.started.ids]
    others = [p for p in profiles if p not in steered]
    if not steered or not others:
        return ""

    def counted(group, categories: Categories) -> int:
        return sum(1 for p in group if p.category(categories.dimension) in categories.ids)

    broaden, broaden_others = counted(steered, BROADEN), counted(others, BROADEN)
    if broaden * len(others) <= broaden_others * len(steered):
        return ""
    text = ("Dialogerna visar också att det finns en koppling mellan hur ett län organiserar arbetet och hur brett det "
            "tar sig an strategin. Län som både har en länsgemensam handlingsplan utifrån strategin, eller arbetar med "
            "att ta fram en, och väger in strategins mål i fördelningen av stimulansmedel beskrev oftare en ambition "
            f"att bredda samverkan ({broaden} av {len(steered)}) än övriga län ({broaden_others} av {len(others)}).")
    scale, scale_others = counted(steered, SCALE_DOWN), counted(others, SCALE_DOWN)
    if scale_others * len(steered) > scale * len(others):
        text += (f" Omvänt beskrev deltagarna i {wording.count(scale_others)} av de övriga länen att de avgränsar "
                 "arbetet till det mandat som samarbetet har.")
    return text


def write_parallel(draft: Draft) -> None:
    """Samspel och utmaningar mellan parallella nationella initiativ: 12 av 21 / 7 av 21, and who carries it."""
    counts, total = draft.counts, draft.total
    draft.heading("Samspel och utmaningar mellan parallella nationella initiativ", 1)
    draft.paragraph("Arbetet med den nationella strategin för psykisk hälsa och suicidprevention kan beskrivas som en "
                    "del i en pågående och mer omfattande omställning av välfärden. Flera nationella reformer och "
                    "initiativ – såsom omställningen till en God och nära vård, den nya socialtjänstlagen och "
                    "samsjuklighetsreformen – delar i flera avseenden samma inriktning mot ett ökat fokus på "
                    "hälsofrämjande och förebyggande insatser.")
    if draft.touched("parallella"):
        draft.heading("Synergier i välfärdens omställning", 2)
        draft.paragraph(f"Deltagarna i {draft.dialogues('parallella')} beskrev hur de förhåller sig till flera "
                        "samtidiga nationella initiativ. Huruvida dessa uppfattades som ett stöd i utvecklingen eller "
                        "som en administrativ belastning varierar mellan länen.")
    draft.heading("Samspel mellan parallella nationella satsningar", 2)
    draft.paragraph(f"{wording.share_of_counties(counts(EASIER), total, capital=True)} lyfte fram att det snarare "
                    "underlättar när flera nationella initiativ ligger nära varandra, eftersom de kan hämta inspiration "
                    "och kraft från parallella processer.")
    draft.quotes_for("synergi")
    draft.paragraph(f"Samtidigt beskrev deltagarna i {wording.share_of_counties(counts(HARD), total)} att det finns "
                    "tydliga utmaningar med att samordna arbetet på länsnivå.")
    draft.uncounted(EASIER, "samspel mellan parallella nationella initiativ")
    draft.quotes_for("utmaning")
    draft.heading("Personberoende och operativ sårbarhet", 2)
    if draft.touched("personberoende"):
        draft.paragraph(f"Deltagarna i {draft.dialogues('personberoende')} beskrev sårbarheten i att ett fåtal personer "
                        "förväntas hantera samordningen av alla dessa initiativ på länsnivå.")
        draft.quotes_for("personberoende")
    else:
        draft.paragraph("Sårbarheten i att ett fåtal personer bär samordningen på länsnivå beskrevs inte i dialogerna.")


def write_messages(draft: Draft) -> None:
    """Strategiska medskick från länen: the messages as bullets under the report's three sub-headings."""
    draft.heading("Strategiska medskick från länen", 1)
    draft.paragraph("I slutet av varje dialog fanns möjlighet för deltagarna att ta upp frågor som de tyckte var "
                    "viktiga att skicka med till aktörer på nationell nivå, exempelvis sådant som inte tagits upp på "
                    "annat sätt i dialogen eller som de ville betona extra. I detta avsnitt sammanfattar vi de "
                    "erfarenheter och direkta medskick som inte har återgivits i andra delar av rapporten.")
    grouped = messages_by_group(draft)
    for index, group in enumerate(MESSAGE_GROUPS):
        draft.heading(group.heading, 2)
        quotes = grouped[group]
        if not quotes:
            layout.write_here(draft.paragraphs, f"Att skriva: medskick om {wording.lowered(group.heading)} (inget "
                                              "utdrag ur anteckningarna hör hit).")
            draft.notes.add(NOTES_MISSING, f"Medskick: inget utdrag under {group.heading}.")
            continue
        if index == 0:
            draft.paragraph("I dialogerna med länen lyftes flera centrala utmaningar och förväntningar fram. "
                            "Deltagarna betonade bland annat följande:").paragraph_format.keep_with_next = True
        for quote in quotes:
            draft.paragraph(quote.text, style="List Bullet")
            source_note(draft, quote)


def messages_by_group(draft: Draft) -> dict[MessageGroup, list[Quote]]:
    """The messages' quotes under the sub-heading each belongs to (`message_group`), one county each where possible."""
    source = QuoteSource(MESSAGES_THEME)
    codes: dict[str, set[str]] = {}
    for code in draft.analysis.codes:
        codes.setdefault(code.segment_id, set()).add(code.theme)
    grouped: dict[MessageGroup, list[Quote]] = {group: [] for group in MESSAGE_GROUPS}
    counties: dict[MessageGroup, set[str]] = {group: set() for group in MESSAGE_GROUPS}
    for quote in draft.quotes.ranked(source):
        if quote.segment_id in draft.quotes.used:
            continue
        group = message_group(quote, codes.get(quote.segment_id, set()), draft.analysis.codebook)
        county = quote.segment_id.split("-")[0]
        if quote.chosen or (len(grouped[group]) < MESSAGES_PER_GROUP and county not in counties[group]):
            grouped[group].append(quote)
            counties[group].add(county)
            draft.quotes.used.add(quote.segment_id)
    return grouped


def message_group(quote: Quote, themes: set[str], codebook) -> MessageGroup:
    """The first sub-heading whose themes the passage is also coded with, or whose words it has; else the last."""
    coded = {t for theme in themes if theme in codebook.themes for t in (theme, *codebook.ancestors(theme))}
    for group in sorted(MESSAGE_GROUPS, key=lambda g: g.words == "."):
        if coded & set(group.themes) or re.search(group.words, quote.body, re.IGNORECASE):
            return group
    return MESSAGE_GROUPS[-1]


def write_discussion(draft: Draft) -> None:
    """Diskussion: the investigators' reading of the results, with the main figures to start from."""
    counts, total = draft.counts, draft.total
    draft.heading("Diskussion – Strukturella förutsättningar för genomförandet", 1)
    layout.write_here(draft.paragraphs, (
        "Att skriva: vad resultaten betyder för genomförandet av strategin. Underlag från dialogerna: "
        f"{wording.majority(counts(draft.started), total, shown=True)} har en plan eller arbete pågår; "
        f"{wording.some(counts(STRATEGY))} väger in strategins mål i fördelningen av stimulansmedel; skolan ingår i "
        f"ledningsgruppen i minst {wording.some(counts(SCHOOL))}."))


def write_conclusions(draft: Draft) -> None:
    draft.heading("Slutsatser och förslag", 1)
    layout.write_here(draft.paragraphs, "Att skriva: slutsatser och förslag utifrån dialogerna, med en rubrik per förslag.")


def write_references(draft: Draft) -> None:
    draft.heading("Referenser", 1)
    layout.write_here(draft.paragraphs, "Att skriva: referenslistan – bland annat årets överenskommelse, den nationella "
                                      "strategin och förra årets rapport om länsdialogerna.")


def write_figure(draft: Draft, name: str, text: str) -> None:
    """The caption, the PNG and its source line; a marked place (and a working note) where it has not been drawn."""
    layout.caption(draft.document, text)
    path = draft.figures.get(name)
    if path is None or not Path(path).exists():
        layout.write_here(draft.paragraphs, f"Här ska figuren {name}.png stå; kör dialogtool analyze för att rita den.")
        draft.notes.add(NOTES_MISSING, f"Figuren {name}.png saknades när utkastet skrevs.")
        return
    layout.figure(draft.document, path)
    layout.small(draft.paragraph(""), draft.source)


def write_quotes(draft: Draft, part: str, sources, lead: str | None = None, per_theme: int = 1) -> None:
    """The part's quotes, indented, in the report's format, after a sentence leading into them.

    Each theme gives its chosen quotes, or its `per_theme` best proposals; without choices
    the part prints at most max(QUOTES_PER_PART, per_theme). Where no theme has a quote that
    passes the gate, the working notes say so, so the investigator sees which themes still
    need coding or a choice.
    """
    quotes = draft.quotes
    picked: list[Quote] = []
    most = max(QUOTES_PER_PART, per_theme)
    for source in sources:
        for quote in quotes.for_source(source, per_theme):
            if quote.chosen or sum(1 for q in picked if not q.chosen) < most:
                picked.append(quote)
            else:
                quotes.used.discard(quote.segment_id)
    if not picked:
        draft.notes.add(NOTES_MISSING, "Inget utdrag som klarar kontrollen av anonymisering och ordagrann återgivning "
                                       f"för: {'; '.join(quotes.why_none(s.theme) for s in sources)}.")
        return
    if lead is None:
        lead = "Ett exempel från dialogerna:" if len(picked) == 1 else "Exempel från dialogerna:"
    draft.paragraph(lead).paragraph_format.keep_with_next = True
    for quote in picked:
        layout.quote(draft.paragraphs, quote.text)
        source_note(draft, quote)


def source_note(draft: Draft, quote: Quote) -> None:
    """Where a printed quote comes from, for the working notes: its section, opening words and segment id."""
    words = quote.body.split()
    opening = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    how = "valt av en utredare" if quote.chosen else "förslag"
    draft.notes.add(NOTES_QUOTES, f"{draft.current}: ”{opening}” – {quote.segment_id} ({how}).")

