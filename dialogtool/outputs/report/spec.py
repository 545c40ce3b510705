"""What the report draft takes from the codebook, declared once and checked before a draft is written.

Every typology dimension, category and theme the draft counts or quotes is named here and
nowhere else in the draft: the sentences are keyed by these declarations, the figures and
the workbook take their titles from here, and `check_codebook` compares the declarations
with themes.yaml before anything is written. A category renamed in themes.yaml is then a
one-line error naming it ("… counts category 'finns' of plan_status …; rename it back"),
never a count of zero and a sentence such as "Inga län har en handlingsplan".

Tabell 1's groups ("Finns, eller arbete pågår" / "Inledande förberedelser eller annan
modell"), its headers and row labels are configuration in themes.yaml (`crosstabs:`); the
draft reads them from there (`tabell1_groups`) rather than keeping a second copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ReportError

#: The typology dimensions the draft counts.
PLAN_STATUS = "plan_status"
PLAN_KOPPLING = "plan_koppling"
FORDELNINGSGRUND = "fordelningsgrund"
EFTERHAND = "efterhandssortering"
OPERATIV = "operativ_organisering"
SKOLA = "skola_i_ledning"
PARALLELLA = "parallella_initiativ"
BREDD = "strategins_bredd"
#: The crosstab that is the report's Tabell 1, and the sheet name it gets in typology.xlsx.
TABELL1 = "plan_x_fordelning"
TABELL1_SHEET = "Tabell 1"
SPEC_FILE = "dialogtool/outputs/report/spec.py"


@dataclass(frozen=True)
class Categories:
    """Categories of one dimension the draft counts together, and where the draft uses them (for errors)."""

    dimension: str
    ids: tuple[str, ...]
    use: str = ""


FINNS = Categories(PLAN_STATUS, ("finns",), "\"Nio län har en handlingsplan …\", Diagram 1 och Tabell 1")
PAGAR = Categories(PLAN_STATUS, ("pagar",), "\"I sex län pågår arbete …\", Diagram 1 och Tabell 1")
FORBEREDANDE = Categories(PLAN_STATUS, ("forberedande",), "\"I tre län … förberedande fas\" och Tabell 1")
INTEGRERAD = Categories(PLAN_STATUS, ("integrerad",), "\"Tre län hanterar frågorna genom integrering …\"")
KOPPLING_MAL = Categories(PLAN_KOPPLING, ("overgripande_mal",), "hur planerna knyter an till strategins mål")
KOPPLING_DELMAL = Categories(PLAN_KOPPLING, ("delmal",), "hur planerna knyter an till strategins delmål")
KOPPLING_OMRADEN = Categories(PLAN_KOPPLING, ("prioriterade_omraden",), "planer med prioriterade områden")
AGREEMENT = Categories(FORDELNINGSGRUND, ("overenskommelsen",), "Diagram 2 och andra raden i Tabell 1")
STRATEGY = Categories(FORDELNINGSGRUND, ("strategin",), "\"Fem län lyfte dessutom särskilt fram strategins mål\"")
AFTERWARDS = Categories(EFTERHAND, ("ja",), "\"ytterligare minst tre län … sorteras i efterhand\"")
BEHOVSANPASSAD = Categories(OPERATIV, ("behovsanpassad",), "punkterna om den operativa nivån")
ALDERSINDELNING = Categories(OPERATIV, ("aldersindelning",), "punkterna om den operativa nivån")
GEOGRAFISK = Categories(OPERATIV, ("geografisk",), "punkterna om den operativa nivån")
OPERATIV_OVRIGT = Categories(OPERATIV, ("ovrigt",), "punkterna om den operativa nivån")
SCHOOL = Categories(SKOLA, ("ja",), "\"skolan ingår … i minst 12 län\"")
SCHOOL_STRIVING = Categories(SKOLA, ("stravan",), "\"I ytterligare … en tydlig strävan att inkludera skolan\"")
EASIER = Categories(PARALLELLA, ("underlattar",), "\"Drygt hälften av länen (12 av 21) … underlättar\"")
HARD = Categories(PARALLELLA, ("utmaningar",), "\"en tredjedel av länen (7 av 21) … tydliga utmaningar\"")
BROADEN = Categories(BREDD, ("bredda",), "\"en ambition att bredda det länsgemensamma samarbetet\"")
SCALE_DOWN = Categories(BREDD, ("skala_av",), "\"skalar av\" strategin")

#: The report's sentence for each plan status, {n} the count mid-sentence, {N} at its start.
PLAN_STATUS_SENTENCES = {
    FINNS: "{N} län har en handlingsplan utifrån den nationella strategin.",
    PAGAR: "I {n} län pågår arbete med att ta fram en länsgemensam handlingsplan.",
    FORBEREDANDE: "I {n} län beskrev deltagarna att de befinner sig i förberedande fas.",
    INTEGRERAD: ("{N} län hanterar frågorna genom integrering i andra strukturer. Det kan handla om att utgå från "
                 "planer för samsjuklighet eller lokala programområden (LPO) för psykisk hälsa."),
}
#: How the existing plans tie to the strategy, as the report's clauses ({n} mid-sentence).
KOPPLING_CLAUSES = {
    KOPPLING_MAL: "i {n} kopplar den egna handlingsplanen till strategins övergripande mål",
    KOPPLING_DELMAL: "i {n} kopplar planen även an till delmålen i strategin",
    KOPPLING_OMRADEN: "{n} inkluderar dessutom olika prioriterade områden som knyts till delmålen i den nationella "
                      "strategin",
}
#: The report's bullet for each way of organising the operative level, and the summary's phrase for it.
OPERATIV_BULLETS = {
    BEHOVSANPASSAD: ("Behovsanpassad organisering", "I dessa län tillsätts mer tillfälliga operativa grupper utifrån "
                     "olika aktuella behov.", "i tillfälliga grupper efter behov"),
    ALDERSINDELNING: ("Åldersindelning", "I dessa län arbetar länen i åldersindelade grupper (barn/unga, vuxna och "
                      "äldre).", "i åldersindelade grupper"),
    GEOGRAFISK: ("Geografisk indelning", "I län med geografisk indelning kan organiseringen i de olika länsdelarna i "
                 "hög grad likna den form som annars finns på länsnivå.", "utifrån länets geografiska delar"),
    OPERATIV_OVRIGT: ("Övriga arbetssätt", "", "på andra sätt"),
}


@dataclass(frozen=True)
class Diagram:
    """One of the report's diagrams: the PNG `analyze` draws (its stem), its number, dimension and title."""

    name: str
    number: int
    dimension: str
    title: str

    @property
    def caption(self) -> str:
        return f"Diagram {self.number}. {self.title}."


DIAGRAM1 = Diagram("diagram1_plan_status", 1, PLAN_STATUS, "Status för länsgemensam handlingsplan utifrån strategin")
DIAGRAM2 = Diagram("diagram2_fordelningsgrund", 2, FORDELNINGSGRUND,
                   "Grund för fördelning av stimulansmedel (antal län)")


@dataclass(frozen=True)
class QuoteSource:
    """A theme whose passages illustrate a part of the draft, and the categories they should show.

    `shows`: the counties whose passages illustrate the part best (a quote under "Fem län
    lyfte … strategins mål" comes from a county that does so, not from one that says it
    does not); None where any county's passage will do.
    """

    theme: str
    shows: Categories | None = None


#: The themes whose quotes illustrate each part of the draft, in the report's order.
QUOTES = {
    "ledningsgrupp": (QuoteSource("styrning.skola", SCHOOL), QuoteSource("styrning.ledningsgrupp"),
                      QuoteSource("styrning.brukare")),
    "operativ": (QuoteSource("styrning.operativ", Categories(OPERATIV, ("behovsanpassad", "aldersindelning",
                                                                        "geografisk"))),),
    "process": (QuoteSource("handlingsplan.process"), QuoteSource("handlingsplan.koppling", FINNS)),
    "handlingsplan": (QuoteSource("handlingsplan.status", Categories(PLAN_STATUS, ("pagar", "forberedande",
                                                                                   "integrerad"))),),
    "fordelning": (QuoteSource("fordelningsgrund.strategin", STRATEGY),
                   QuoteSource("fordelningsgrund.egna_kriterier", STRATEGY)),
    "efterhand": (QuoteSource("fordelningsgrund.efterhand", AFTERWARDS),),
    "forandring": (QuoteSource("fordelningsgrund.schablon"), QuoteSource("styrning.forandring")),
    "finansiering": (QuoteSource("finansiering"),),
    "mandat": (QuoteSource("styrning.mandat", SCALE_DOWN),),
    "myndigheter": (QuoteSource("myndigheter", BROADEN),),
    "synergi": (QuoteSource("parallella_reformer.synergi", EASIER),),
    "utmaning": (QuoteSource("parallella_reformer.utmaning", HARD),),
    "personberoende": (QuoteSource("personberoende"),),
}
#: The themes the draft counts dialogues for ("… i de flesta dialoger"), by part.
TOPICS = {
    "ledningsgrupp": ("styrning.ledningsgrupp",),
    "brukare": ("styrning.brukare",),
    "process": ("handlingsplan.process", "handlingsplan.koppling"),
    "forandring": ("fordelningsgrund.schablon", "styrning.forandring"),
    "finansiering": ("finansiering",),
    "mandat": ("styrning.mandat",),
    "myndigheter": ("myndigheter",),
    "parallella": ("parallella_reformer",),
    "personberoende": ("personberoende",),
    "medskick": ("medskick",),
}
MESSAGES_THEME = "medskick"


@dataclass(frozen=True)
class MessageGroup:
    """One of the report's three sub-headings of the messages to the national level, and what belongs under it.

    A message belongs under the first group whose co-coded themes or words it has, the catch-all
    group (words ".") last.
    """

    heading: str
    themes: tuple[str, ...]
    words: str


#: The messages chapter's sub-headings, as the report has them; `words` is a regular expression.
MESSAGE_GROUPS = (
    MessageGroup("Förutsättningar för ansvar och genomförande", ("finansiering", "styrning.mandat", "myndigheter",
                                                                 "parallella_reformer"), r"."),
    MessageGroup("Metodstöd och uppföljning", (),
                 r"metodstöd|uppföljning|indikator|följa upp|vägledning|kunskapsstöd|stödmaterial|verktyg|utvärdering"),
    MessageGroup("Delaktighet och inflytande", ("styrning.brukare",),
                 r"dialog|brukar|anhörig|delaktig|inflytande|direktkontakt|forum"),
)


def declared_categories() -> list[Categories]:
    """Every category declaration of this module, in the order written."""
    return [value for value in globals().values() if isinstance(value, Categories)]


def declared_themes() -> list[str]:
    """Every theme id the draft quotes or counts."""
    themes = [source.theme for sources in QUOTES.values() for source in sources]
    themes += [theme for topic in TOPICS.values() for theme in topic]
    themes += [MESSAGES_THEME, *(theme for group in MESSAGE_GROUPS for theme in group.themes)]
    return list(dict.fromkeys(themes))


def check_codebook(codebook) -> None:
    """Raise a ReportError naming the first id the draft uses that the codebook lacks, and what to change."""
    where = getattr(codebook, "path", None) or "themes.yaml"
    for declared in declared_categories() + [source.shows for sources in QUOTES.values() for source in sources
                                              if source.shows is not None]:
        dimension = codebook.dimensions.get(declared.dimension)
        if dimension is None:
            raise ReportError(f"{where}: rapportutkastet räknar typologidimensionen '{declared.dimension}' "
                              f"({declared.use or 'dess citat'}), som inte finns där; byt tillbaka dimensionens namn "
                              "till "
                              f"'{declared.dimension}', eller ändra utkastets id i {SPEC_FILE}.")
        for category in declared.ids:
            if category not in dimension.categories:
                raise ReportError(f"{where}: rapportutkastet räknar kategorin '{category}' i {declared.dimension} "
                                  f"({declared.use or 'dess citat'}), som inte finns bland dess kategorier "
                                  f"({', '.join(dimension.categories)}); byt tillbaka namnet till '{category}', eller "
                                  "ändra "
                                  f"utkastets id i {SPEC_FILE}.")
    for theme in declared_themes():
        if theme not in codebook.themes:
            raise ReportError(f"{where}: rapportutkastet citerar och räknar temat '{theme}', som inte finns där; "
                              f"byt tillbaka temats namn till '{theme}', eller ändra utkastets id i {SPEC_FILE}.")
    tabell1_groups(codebook)


def tabell1_groups(codebook) -> tuple[Categories, Categories]:
    """Tabell 1's two column groups of plan_status from themes.yaml: (finns or pågår, the early stages).

    The draft's sentences on Tabell 1, the summary's "15 av 21" and Diagram 1's reading all
    count by these groups, so the table and the text can never disagree.
    """
    where = getattr(codebook, "path", None) or "themes.yaml"
    crosstab = codebook.crosstabs.get(TABELL1)
    if crosstab is None or crosstab.rows != FORDELNINGSGRUND or crosstab.columns != PLAN_STATUS \
            or len(crosstab.column_groups or {}) != 2:
        raise ReportError(f"{where}: rapportutkastet behöver korstabellen '{TABELL1}' (Tabell 1) med raderna "
                          f"{FORDELNINGSGRUND}, kolumnerna {PLAN_STATUS} och två column_groups (planer som finns eller "
                          "håller på att skrivas; de tidiga stadierna); lägg till den under crosstabs: som i den "
                          "medföljande "
                          "themes.yaml.")
    started, early = (Categories(PLAN_STATUS, tuple(ids), f"kolumnen '{label}' i Tabell 1")
                      for label, ids in crosstab.column_groups.items())
    return started, early
