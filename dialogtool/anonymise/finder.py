"""Find what identifies a county, municipality, region, person or workplace in a note.

The report promises anonymised quotes, so every segment is searched before anything leaves
the tool: the names of Sweden's 21 counties, 21 regions and 290 municipalities (shipped in
`data/sweden.csv`) with their genitive, compound and "Region …"/"… kommun"/"… län" forms;
hospitals, universities, localities and place-derived words (`data/other_places.csv`), and
schools, hospitals and health centres whose own name says which one ("Katedralskolan",
"Vårdcentralen Ekan"); people's names (Faker's lists of Swedish first names and surnames: a
first name alone, first name + surname, "von"/"af" names, a role + surname, an initial +
surname); e-mail addresses, web addresses that name a place, phone numbers, personal identity
numbers and street addresses.

Some municipality names are ordinary words or first names ("Mark", "Vara", "Lund",
"Boden"): those count only written with a capital, and "Mark"/"Vara" only where a capital
is not explained by a sentence start (or where "kommun" follows, or a list of places goes
on). National bodies and reforms (`data/not_identifying.txt`) and the investigator's
allow-list (`allowlist.txt` in the notes directory) are never findings.

The number of municipalities in a county is a quasi-identifier: 49 is only Västra Götaland,
33 only Skåne, 7 only Västernorrland. Where a note gives the county's total ("länets sju
kommuner", "Länet har 14 kommuner", "med sex kommuner", "samtliga nio kommuner", "de 49
kommunerna", "fem av sju kommuner") and that number belongs to exactly one county (counted
from `data/sweden.csv`, not written by hand), it is a finding of its own kind. A part of the
county ("två av kommunerna", "tre kommuner deltar", "i fem kommuner", "de fem kommunerna i
norr") is not its total and is no finding. Nor is a count that several counties share (8,
10, 12, 13, 15): it narrows the county down to two or three but names none, and flagging it
would refuse every quote that mentions the county's size; the investigator judges those
together with what else a quote says.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import simplemma
from faker.providers.person.sv_SE import Provider as SwedishNames

from ..cues import numerals
from ..files import save_document, write_text
from ..model import Segment
from ..ingest.read.docx_reader import open_document
from ..ingest.read.text_reader import decoded

#: What each kind of finding is replaced with in a redacted text.
PLACEHOLDERS = {
    "lan": "[län]",
    "region": "[region]",
    "kommun": "[kommun]",
    "plats": "[plats]",
    "person": "[person]",
    "epost": "[e-post]",
    "telefon": "[telefon]",
    "personnummer": "[personnummer]",
    "adress": "[adress]",
    "webb": "[webbadress]",
    "kommunantal": "[antal kommuner]",
}
ALLOWLIST_NAME = "allowlist.txt"
FINDING_COLUMNS = ["county", "segment_id", "kind", "text", "start", "end"]

#: Place names that are ordinary Swedish words (or common first names): never found in lower case.
LOWERCASE_WORDS = {
    "mark", "vara", "lund", "boden", "berg", "kil", "klippan", "skara", "köping", "säter", "älvdalen",
    "nacka", "grums", "sälen", "salem", "nora", "mora", "sala", "eda", "ale", "åre", "hjo", "flen",
    "kista", "tumba", "husby", "sveg", "malung", "göinge", "höglandet", "dorotea", "vilhelmina",
    "akademiska",
}
#: Place names so common as words that a capital at a sentence start does not make them a place.
SENTENCE_START_WORDS = {"mark", "vara", "akademiska"}
#: Shortest name whose lower-case spelling, compounds ("Umeåregionen") or open endings are safe.
MIN_LOWERCASE = 5
MIN_OPEN_ENDING = 6
#: Endings a place name takes in a compound: "Göteborgsregionen", "Kirunaborna", "Umeåmodellen".
COMPOUND_SUFFIXES = (
    "regionens", "regionen", "region", "modellen", "modell", "borna", "bor", "bon", "bo", "området",
    "kommunens", "kommunen", "kommun", "länets", "länet", "trakten", "staden", "stad", "sjukhuset",
    "lasarettet", "lasarett", "universitetet", "universitet", "distriktet", "delen",
)
LIST_WORDS = {"och", "samt", "eller", "&"}

#: Names that are also ordinary Swedish words: such a first name counts only with a known surname
#: after it, such a surname only after a first name or a role ("samordnaren Holm").
ORDINARY_NAMES = {
    "bo", "per", "dag", "liv", "sten", "stig", "björn", "hans", "tom", "ben", "del", "inga", "juni",
    "lo", "my", "max", "may", "maj", "rosa", "saga", "vide", "viking", "ville", "urban", "iris",
    "axel", "klara", "rita", "tina", "lina", "knut", "bror", "frans", "love", "kaj", "kai", "frank",
    "mark", "minna", "viola", "signe", "sam", "tilde", "malva", "milan", "said", "svea", "alva",
    "vera", "august", "tor", "rut", "siv", "gun", "mina", "ola", "else", "ellen", "nova", "vega",
    "start", "alma", "edit", "bill", "jack", "kim", "lage", "tim", "ted", "ture", "dan",
    # Faker's names whose lower-case form hunspell-sv lists as a word in use (checked by hand;
    # common first names that are rare words, such as "Lisa" or "Ebba", are left out):
    "asp", "björk", "blixt", "borg", "brink", "bäck", "ek", "falk", "flink", "fors", "fred", "frid",
    "frisk", "gren", "hall", "hjort", "holm", "hägg", "lilja", "lind", "ljung", "lott", "lova", "lucia",
    "lund", "lönn", "malm", "modig", "nord", "palm", "rask", "skog", "sköld", "stark", "storm", "strand",
    "strid", "ström", "svärd", "berg", "vilja", "junior", "alm", "blom", "kvist", "green", "jarl", "khan",
    "hult",
}
#: Lower-case words inside a name: "Maria von Essen", "Johan af Klercker", "Jan van der Berg".
PARTICLES = {"von", "af", "de", "van", "der", "di", "da", "du", "la", "le", "zu", "ter", "ten"}
#: Words before a name that say a person follows: "samordnaren Lindqvist", "enhetschef Anna …".
ROLE_ENDINGS = (
    "samordnare", "samordnaren", "ledare", "ledaren", "chef", "chefen", "direktör", "direktören",
    "strateg", "strategen", "ordförande", "ordföranden", "handläggare", "handläggaren", "utredare",
    "utredaren", "sekreterare", "sekreteraren", "kurator", "kuratorn", "läkare", "läkaren",
    "psykolog", "psykologen", "sjuksköterska", "sjuksköterskan", "rektor", "rektorn", "koordinator",
    "koordinatorn", "kontaktperson", "kontaktpersonen", "representant", "representanten",
    "företrädare", "företrädaren", "planerare", "planeraren", "utvecklare", "utvecklaren",
    "kommunalråd", "kommunalrådet", "regionråd", "regionrådet", "professor", "professorn", "docent",
    "docenten", "doktor", "dr", "fru", "herr", "kollega", "kollegan",
)
SURNAME_ENDINGS = re.compile(
    r"(?:sson|son|sen|berg|gren|ström|lund|qvist|kvist|quist|holm|dahl|blad|blom|stedt|strand|"
    r"mark|vall|fors|ling|lin|lén|én|ell|ander|sjö|ius|löf|skog)$"
)
TITLE_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß]+$")
#: Capitalised words that follow a first name without being a surname.
NOT_SURNAMES = {"region", "regionen", "kommun", "kommunen", "län", "länet", "och"}

#: The endings of a school's, hospital's or health centre's name: "Katedralskolan", "Mälarsjukhuset"
#: (one word, definite: "Handelsskola" is a kind of school), "Ersta sjukhus" (a word of its own).
NAMED_INSTITUTION = re.compile(r"(?:skolan|gymnasiet|sjukhuset|lasarettet|vårdcentralen|hälsocentralen)$")
INSTITUTION = re.compile(
    r"(?:skolan|skola|gymnasiet|gymnasium|sjukhuset|sjukhus|lasarettet|lasarett|vårdcentralen|vårdcentral|"
    r"hälsocentralen|hälsocentral)$"
)
#: What those endings follow when they name a kind, not a place: "Grundskolan", "Länssjukhuset".
GENERIC_INSTITUTIONS = {
    "grund", "för", "gymnasie", "sär", "grundsär", "gymnasiesär", "hög", "folkhög", "yrkeshög", "kultur",
    "musik", "fri", "sommar", "resurs", "kommun", "låg", "mellan", "lågstadie", "mellanstadie", "högstadie",
    "läns", "landstings", "universitets", "region", "regions", "när", "akut", "barn", "ungdoms", "privat",
    "special", "specialist", "psykiatri", "rätts", "vård", "trafik", "kör", "språk", "föräldra", "hälso",
    "vuxen", "kunskaps", "dag", "djur", "kvinno", "by", "grannskaps", "huvud", "distrikts", "mottagnings",
    "sjukhus", "lov", "läxhjälps", "patient", "anhörig", "ångest", "depressions", "stress", "sömn", "smärt",
    "rygg", "diabetes", "hjärt", "kbt", "mental", "små", "stor", "fält", "hem", "real", "handels", "bil",
}
#: Words for a unit that a place's or unit's own name follows: "Vårdcentralen Ekan", "BUP Falun".
UNIT_WORDS = {
    "vårdcentralen", "vårdcentral", "hälsocentralen", "hälsocentral", "familjecentralen", "familjecentral",
    "ungdomsmottagningen", "ungdomsmottagning", "bup", "vup", "skolan", "gymnasiet", "förskolan",
    "äldreboendet", "fritidsgården", "mottagningen", "kliniken", "enheten",
}
#: Words after a unit word that say what kind of unit it is, not which: "BUP Akut", "VUP Nord".
UNIT_KINDS = {
    "akut", "akuten", "öppenvård", "öppenvården", "slutenvård", "slutenvården", "heldygn", "mottagning",
    "team", "teamet", "nord", "syd", "väst", "öst", "norr", "söder", "mitt", "barn", "vuxen", "ungdom",
}
#: Shortest place name, word after it and whole that make a compound such as "Umeåprojektet"
#: ("Ånge" + "sten" is "Ångesten"); a whole that is a word itself ("Ångestriden") is none.
MIN_COMPOUND_PART = 4
MIN_COMPOUND = 10

TOKEN = re.compile(r"\w+(?::\w+)?")
SENTENCE_BREAK = re.compile(r"[.!?:;\n•(\"”“»]")
JOIN = re.compile(r"\s+|-")

EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w.+-]+\s?[\[(](?:at|snabel-a)[\])]\s?[\w-]+(?:\s?(?:\.|[\[(](?:dot|punkt)[\])])\s?[\w-]+)+"
)
#: A web address: "www.regionhalland.se/…", "https://umea.se", "vgregion.se".
WEB = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"']+"
    r"|(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu|info)\b(?:/[^\s<>()\"']*)?"
)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+46|0046)[\s-]?(?:\(0\)[\s-]?)?[1-9]\d{0,2}|0[1-9]\d{0,2})"
    r"(?:[\s/–-]{0,3}\d{2,4}){1,4}(?!\d)"
)
PERSONNUMMER = re.compile(
    r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"(?:[-+]\d{4}|\d{4})(?![\d-])"
    r"|(?<![\d-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])\s\d{4}(?![\d-])"
)
STREET = re.compile(
    r"(?:\b(?:Södra|Norra|Östra|Västra|Stora|Lilla|Gamla|Nya|Sankt|S:t)\s[\wåäöé-]*|\b[A-ZÅÄÖ][\wåäöé-]*)"
    r"(?i:gatan|vägen|gata|väg|gränd|gränden|torget|torg|allén|allé|stigen|backen|backe|plan|leden|kajen|"
    r"esplanaden|promenaden|platsen|parken|gården|stråket|slingan)\s\d{1,3}(?!\d)(?:\s?[A-Za-z]\b)?"
    r"(?:,?\s(?:SE-)?\d{3}\s?\d{2}(?:\s[A-ZÅÄÖ][\wåäö]+)?)?"
    r"|\bBox\s\d{1,5}(?:,?\s(?:SE-)?\d{3}\s?\d{2}(?:\s[A-ZÅÄÖ][\wåäö]+)?)?"
    r"|(?<![\d-])(?:SE-)?\d{3}\s\d{2}\s[A-ZÅÄÖ][a-zåäö]+"
)

#: Swedish number words from two to 99 ("sju", "tjugosex"; "tjugoen" beside "tjugoett").
NUMBER_WORDS = {**{numerals.in_words(n): n for n in range(2, 100)},
                **{numerals.in_words(n)[:-3] + "en": n for n in range(21, 100, 10)}, "aderton": 18}
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
ONE = r"(?:(?:bara|endast|enbart)\s+en(?:\s+enda)?|en\s+enda)"
#: A count of municipalities: digits, a number word, or one ("en enda", "bara en").
COUNT = rf"(?P<count>{NUMBER}|{ONE})"
KOMMUNER = r"(?P<noun>kommun(?:erna|ernas|ers|er|en|ens)?)\b"
#: Words between a verb and the count that leave it the county's total: "har totalt 49 kommuner".
ADVERBS = r"(?:\s+(?:totalt|sammanlagt|bara|endast|enbart|nu|numera|i\s+dag|idag|fortfarande|alltså))*"
#: The phrases that say a count is the county's total, each with its `count` and `noun` groups.
MUNICIPALITY_COUNTS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    # "länets sju kommuner", "samtliga nio kommuner", "de 49 kommunerna", "länets enda kommun"
    rf"\b(?P<det>länets(?:\s+alla)?|hela\s+länets|vårt\s+läns|våra|alla(?:\s+de)?|samtliga(?:\s+de)?|de)"
    rf"\s+{COUNT}\s+{KOMMUNER}",
    r"\blänets\s+(?P<count>enda)\s+(?P<noun>kommun)\b",
    # "Länet har sju kommuner", "Länet är stort och består av 15 kommuner", "länet, som har sex kommuner"
    rf"\b(?P<county>länet|vårt\s+län)\b(?P<gap>[^.;:!?\n]{{0,60}}?)\b(?:har|hade|består\s+av|bestod\s+av|"
    rf"omfattar|omfattade|rymmer|innefattar|utgörs\s+av){ADVERBS}\s+{COUNT}\s+{KOMMUNER}",
    # "I länet finns sju kommuner", "Det finns sju kommuner i länet"
    rf"\bi\s+(?:hela\s+)?(?:länet|vårt\s+län)\s+finns(?:\s+det)?{ADVERBS}\s+{COUNT}\s+{KOMMUNER}",
    rf"\bfinns(?:\s+det)?{ADVERBS}\s+{COUNT}\s+{KOMMUNER}(?=\s+i\s+(?:hela\s+)?(?:länet|vårt\s+län)\b)",
    # "Länet är litet, med sju kommuner", "; med sex kommuner har det inte …", "ett län med 26 kommuner"
    rf"(?P<with>\bmed)(?:\s+sina)?{ADVERBS}\s+{COUNT}\s+{KOMMUNER}",
    # "nio av tolv kommuner har svarat": the number after "av" is the whole
    rf"\b{NUMBER}\s+av\s+(?:totalt\s+)?{COUNT}\s+{KOMMUNER}",
))
#: Prepositions before "länet" that make it no subject: "I länet har tre kommuner egna planer".
PREPOSITIONS = {"i", "inom", "för", "av", "på", "från", "till", "över", "under", "med", "om", "kring", "utanför", "ur"}
#: What "med N kommuner" follows when it gives the county's size: a clause break, or "län(et)".
WITH_AFTER = re.compile(r"(?:^|[,;:–—(.!?-]|\blän|\blänet)\s*$", re.IGNORECASE)
#: What follows "de/alla/samtliga N kommuner(na)" when they are a part: "som deltar", "i norr".
RESTRICTED = re.compile(r"\s*(?:som\b|(?:i|inom|på)\s+(?!(?:hela\s+|vårt\s+)?län(?:et)?\b)\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One identifying detail in a text: its kind, the words, and where they are."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: the kind it identifies and how freely it may be matched."""

    kind: str
    lowercase_ok: bool
    compounds_ok: bool
    #: False for ordinary words ("Mark", "Vara"), whose capital may only mean a sentence start.
    sentence_start_ok: bool = True


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


# --- The data ---------------------------------------------------------------------------


DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str) -> Path:
    return DATA_DIR / name


@lru_cache(maxsize=None)
def sweden_rows() -> tuple[dict, ...]:
    """Sweden's counties, regions and municipalities: name, kind, county, stem."""
    with data_path("sweden.csv").open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def data_lines(name: str) -> list[str]:
    """The non-empty, non-comment lines of a data file."""
    with data_path(name).open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


def genitive(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


def words(name: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in TOKEN.findall(name))


@lru_cache(maxsize=None)
def gazetteer() -> tuple[dict[tuple[str, ...], Place], dict[str, str]]:
    """Every place form as a token tuple, and the stems of place-derived words ("skånsk…")."""
    places: dict[tuple[str, ...], Place] = {}

    def add(name: str, kind: str, context: bool = False, override: bool = False) -> None:
        key = words(name)
        if not key or (key in places and not override):
            return
        bare = " ".join(key)
        core = key[0].rstrip("s") if context else bare
        ordinary = any(word in LOWERCASE_WORDS for word in (bare, core, key[-1], bare.removesuffix("s")))
        places[key] = Place(
            kind=kind,
            lowercase_ok=not ordinary and len(bare) >= MIN_LOWERCASE,
            compounds_ok=not ordinary,
            sentence_start_ok=context or bare not in SENTENCE_START_WORDS,
        )

    kommuner = [r for r in sweden_rows() if r["kind"] == "kommun"]
    for row in sweden_rows():
        add(row["name"], row["kind"], override=True)
    for row in kommuner:
        name = row["name"]
        add(genitive(name), "kommun")
        for word in ("kommun", "stad"):
            add(f"{name} {word}", "kommun", context=True)
            add(f"{genitive(name)} {word}", "kommun", context=True)
        add(f"Region {name}", "region")
    for row in sweden_rows():
        if row["kind"] == "lan":
            stem = row["stem"]
            add(stem, "lan")
            add(genitive(stem), "lan")
            add(f"{stem} län", "lan")
            add(f"{genitive(stem)} län", "lan")
            add(f"Region {stem}", "region")
    derived: dict[str, str] = {}
    with data_path("other_places.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(line for line in handle if not line.startswith("#"))]
    for row in rows:
        if row["name"].endswith("*"):
            derived[row["name"][:-1].casefold()] = row["kind"]
        else:
            add(row["name"], row["kind"])
            add(genitive(row["name"]), row["kind"])
    return places, derived


@lru_cache(maxsize=None)
def multiword_starts() -> frozenset[str]:
    """The first words of the place names of more than one word: only there may a match reach on."""
    return frozenset(key[0] for key in gazetteer()[0] if len(key) > 1)


@lru_cache(maxsize=None)
def longest_place() -> int:
    """How many words the longest place name has (how far a match may reach)."""
    return max(len(key) for key in gazetteer()[0])


@lru_cache(maxsize=None)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """Swedish first names (each part of a hyphenated one too) and surnames, from Faker."""
    first: set[str] = set()
    for name in (*SwedishNames.first_names_female, *SwedishNames.first_names_male):
        first.update(part for part in name.split("-"))
    return frozenset(first), frozenset(SwedishNames.last_names)


@lru_cache(maxsize=None)
def not_identifying() -> tuple[str, ...]:
    """National bodies and reforms: names that identify nobody."""
    return tuple(data_lines("not_identifying.txt"))


@lru_cache(maxsize=None)
def identifying_counts() -> dict[int, str]:
    """The numbers of municipalities that only one county has, each with that county."""
    per_county = Counter(row["county"] for row in sweden_rows() if row["kind"] == "kommun")
    counties: dict[int, list[str]] = defaultdict(list)
    for county, number in per_county.items():
        counties[number].append(county)
    return {number: names[0] for number, names in counties.items() if len(names) == 1}


def load_allowlist(notes_dir: Path) -> tuple[str, ...]:
    """The investigator's terms that do not identify (`allowlist.txt` in the notes directory)."""
    path = Path(notes_dir) / ALLOWLIST_NAME
    if not path.is_file():
        return ()
    return tuple(
        line.split("#", 1)[0].strip() for line in decoded(path).splitlines() if line.split("#", 1)[0].strip()
    )


# --- Finding ----------------------------------------------------------------------------


def find_identifiers(text: str, allow=()) -> list[Finding]:
    """Every identifying detail in `text`, in order, none overlapping; `allow` terms excepted."""
    tokens = [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    found = pattern_findings(text) + place_findings(text, tokens) + municipality_count_findings(text)
    found += institution_findings(text, tokens, found)
    found += person_findings(text, tokens, found)
    kept = without_overlaps(found)
    excepted = term_spans(text, (*not_identifying(), *allow))
    allowed = {term.casefold() for term in allow}
    return [
        f for f in kept
        if not any(s <= f.start and f.end <= e for s, e in excepted)
        and f.text.casefold() not in allowed and f.text.casefold().removesuffix("s") not in allowed
    ]


def pattern_findings(text: str) -> list[Finding]:
    """E-mail and web addresses, phone numbers, personal identity numbers and street addresses."""
    found = [Finding("epost", m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)]
    for match in PERSONNUMMER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if "-" in match.group() or "+" in match.group() or len(digits) == 12 or not digits.startswith("0"):
            found.append(Finding("personnummer", match.group(), match.start(), match.end()))
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group().replace("(0)", ""))
        national = digits[2:] if match.group().startswith("+") else digits[4:] if digits.startswith("0046") else digits[1:]
        if 7 <= len(national) <= 9:
            found.append(Finding("telefon", match.group().rstrip(" -"), match.start(), match.start() + len(match.group().rstrip(" -"))))
    found += [Finding("adress", m.group(), m.start(), m.end()) for m in STREET.finditer(text)]
    for match in WEB.finditer(text):
        address = match.group().rstrip(".,;:!?")
        if names_a_place(address):
            found.append(Finding("webb", address, match.start(), match.start() + len(address)))
    return found


def municipality_count_findings(text: str) -> list[Finding]:
    """The county's number of municipalities where only one county has that many ("länets sju kommuner")."""
    found = []
    for pattern in MUNICIPALITY_COUNTS:
        for match in pattern.finditer(text):
            number = count_value(match.group("count"), match.group("noun"))
            if number in identifying_counts() and says_the_total(text, match):
                start, end = match.start("count"), match.end("noun")
                found.append(Finding("kommunantal", text[start:end], start, end))
    return found


def count_value(count: str, noun: str) -> int | None:
    """The number a count of municipalities gives, or None when count and noun do not agree."""
    count, singular = " ".join(count.casefold().split()), noun.casefold() in ("kommun", "kommunen", "kommunens")
    if count == "enda" or re.fullmatch(ONE, count):
        return 1 if singular else None
    if singular:
        return None
    return int(count) if count.isdigit() else NUMBER_WORDS.get(count)


def says_the_total(text: str, match: re.Match) -> bool:
    """Whether a matched count is the county's whole set, not a part of it (see MUNICIPALITY_COUNTS)."""
    groups = match.groupdict()
    if groups.get("det"):
        det = groups["det"].casefold()
        if det == "de" and not groups["noun"].casefold().startswith("kommunerna"):
            return False  # "de tre kommuner som …"
        return det.startswith(("länets", "hela", "vårt", "våra")) or not RESTRICTED.match(text, match.end())
    if groups.get("county"):
        before = text[: match.start("county")].split()
        relative = groups["gap"].lstrip(" ,").startswith("som ")
        return relative or not before or before[-1].strip("(\"”“").casefold() not in PREPOSITIONS
    if groups.get("with"):
        return bool(WITH_AFTER.search(text[: match.start("with")]))
    return True


def names_a_place(address: str) -> bool:
    """Whether a web address's host has a place in it: "regionhalland.se", "www.umea.se"."""
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", address.casefold()).split("/")[0]
    labels = host.split(".")
    return any(name in labels or (len(name) >= MIN_LOWERCASE and name in host) for name in folded_place_names())


@lru_cache(maxsize=None)
def folded_place_names() -> frozenset[str]:
    """One-word place names as written in a web address: lower case, "å", "ä", "ö" as "a", "o"."""
    places, _ = gazetteer()
    fold = str.maketrans("åäöéü", "aaoeu")
    return frozenset(key[0].translate(fold) for key, place in places.items() if len(key) == 1 and place.compounds_ok)


def place_findings(text: str, tokens: list[Token]) -> list[Finding]:
    """Counties, regions, municipalities and other places, in any of their written forms."""
    places, derived = gazetteer()
    longest = longest_place()
    found: list[Finding] = []
    doubtful: list[tuple[int, Finding]] = []
    index = 0
    while index < len(tokens):
        match = place_at(text, tokens, index, places, derived, longest)
        if match is None:
            index += 1
            continue
        place, count = match
        finding = Finding(place.kind, text[tokens[index].start:tokens[index + count - 1].end],
                          tokens[index].start, tokens[index + count - 1].end)
        if place.sentence_start_ok or not at_sentence_start(text, tokens, index):
            found.append(finding)
        else:
            doubtful.append((index + count, finding))
        index += count
    starts = {f.start for f in found}
    found += [f for after, f in doubtful if next_listed_start(text, tokens, after) in starts]
    return found


def place_at(text, tokens, index, places, derived, longest) -> tuple[Place, int] | None:
    """The place written from token `index` on, and how many tokens it takes; None if none."""
    first = tokens[index].text
    capitalised = first[0].isupper()
    reach = min(longest, len(tokens) - index) if first.casefold() in multiword_starts() else 1
    for count in range(reach, 0, -1):
        span = tokens[index:index + count]
        if any(not JOIN.fullmatch(text[a.end:b.start]) for a, b in zip(span, span[1:])):
            continue
        key = tuple(t.text.casefold() for t in span)
        for candidate, compound in inflections(key):
            place = places.get(candidate)
            if place and (capitalised or place.lowercase_ok) and (not compound or place.compounds_ok):
                return place, count
    word = first.casefold()
    for cut in range(min(len(word), 16), 3, -1):
        if word[:cut] in derived:
            return Place(derived[word[:cut]], True, False), 1
    if capitalised and len(first) > MIN_OPEN_ENDING:
        for cut in range(len(word) - 3, MIN_OPEN_ENDING - 1, -1):
            place = places.get((word[:cut],))
            if place and place.compounds_ok:
                return place, 1
    if capitalised and len(word) >= MIN_COMPOUND and not simplemma.is_known(word, lang="sv"):
        for cut in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            place = places.get((word[:cut],))
            if place and place.compounds_ok and simplemma.is_known(word[cut:], lang="sv"):
                return place, 1
    return None


def inflections(key: tuple[str, ...]):
    """The key as written, then with its last word's genitive or compound ending taken off."""
    yield key, False
    *head, last = key
    if len(last) > 3 and last.endswith("s"):
        yield (*head, last[:-1]), False
    if not last.endswith(COMPOUND_SUFFIXES):
        return
    for suffix in COMPOUND_SUFFIXES:
        if last.endswith(suffix) and len(last) - len(suffix) >= 2:
            base = last[: -len(suffix)]
            yield (*head, base), True
            if base.endswith(("s", "-")):
                yield (*head, base[:-1]), True


def at_sentence_start(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a capital on this token is explained by a sentence (or list item) starting."""
    if index == 0:
        return True
    return bool(SENTENCE_BREAK.search(text[tokens[index - 1].end:tokens[index].start]))


def next_listed_start(text: str, tokens: list[Token], index: int) -> int | None:
    """Where the next item of a list ("Mark, Borås och …") starts, if a list goes on."""
    if index < len(tokens) and text[tokens[index - 1].end:tokens[index].start].strip() == ",":
        return tokens[index].start
    if index + 1 < len(tokens) and tokens[index].text in LIST_WORDS:
        return tokens[index + 1].start
    return None


def institution_findings(text: str, tokens: list[Token], found: list[Finding]) -> list[Finding]:
    """Schools, hospitals and health centres named by their own name, not by a place's.

    "Katedralskolan" and "Mälarsjukhuset" (a name before the ending), "Kullbergska sjukhuset"
    (a capitalised word before it, mid-sentence) and "Vårdcentralen Ekan" (a unit's name after
    the unit word) each say which workplace is meant; "grundskolan" and "Länssjukhuset" do not.
    """
    taken = [(f.start, f.end) for f in found]
    named: list[Finding] = []
    for index, token in enumerate(tokens):
        span = None if any(s <= token.start < e for s, e in taken) else institution_span(text, tokens, index)
        if span:
            first, last = tokens[span[0]], tokens[span[1]]
            named.append(Finding("plats", text[first.start:last.end], first.start, last.end))
    return named


def institution_span(text: str, tokens: list[Token], index: int) -> tuple[int, int] | None:
    """The first and last token of a workplace's own name found at token `index`, or None."""
    token = tokens[index]
    spaced = index + 1 < len(tokens) and text[token.end:tokens[index + 1].start] == " "
    if TITLE_WORD.match(token.text) and named_institution(token.text):
        return index, index
    if spaced and TITLE_WORD.match(token.text) and not at_sentence_start(text, tokens, index) \
            and token.text.casefold() not in NOT_SURNAMES and INSTITUTION.fullmatch(tokens[index + 1].text):
        return index, index + 1
    if spaced and token.text.casefold() in UNIT_WORDS and TITLE_WORD.match(tokens[index + 1].text) \
            and tokens[index + 1].text.casefold() not in UNIT_KINDS:
        return index + 1, index + 1
    return None


def named_institution(word: str) -> bool:
    """Whether one word is a named school or hospital: "Katedralskolan", not "Grundskolan"."""
    match = NAMED_INSTITUTION.search(word.casefold())
    if not match or match.start() < 3:
        return False
    name = word.casefold()[: match.start()].rstrip("-")
    return name not in GENERIC_INSTITUTIONS and name.removesuffix("s") not in GENERIC_INSTITUTIONS


def person_findings(text: str, tokens: list[Token], found: list[Finding]) -> list[Finding]:
    """People: first name + surname, a role word + surname or first name, a lone known surname."""
    first_names, surnames = person_names()
    place_starts = {f.start for f in found if f.kind in ("kommun", "lan", "region", "plats")}
    people: list[Finding] = []
    index = 0
    while index < len(tokens):
        end = name_end(text, tokens, index, first_names, surnames, place_starts)
        if end is not None:
            people.append(Finding("person", text[tokens[index].start:tokens[end].end], tokens[index].start, tokens[end].end))
            index = end + 1
            continue
        index += 1
    return people


def name_end(text, tokens, index, first_names, surnames, place_starts) -> int | None:
    """The last token of a person's name starting at `index`, or None when none starts there."""
    token = tokens[index]
    after_role = index > 0 and tokens[index - 1].text.casefold().endswith(ROLE_ENDINGS) and adjacent(text, tokens, index - 1)
    if after_role and token.text in PARTICLES:
        return particle_surname_end(text, tokens, index)
    if not TITLE_WORD.match(token.text):
        return initial_name_end(text, tokens, index, surnames)
    if token.text in first_names and token.start not in place_starts:
        last = index
        while last + 1 < len(tokens) and adjacent(text, tokens, last) and tokens[last + 1].text in first_names:
            last += 1
        nxt = last + 1
        if nxt < len(tokens) and adjacent(text, tokens, last) and tokens[nxt].text in PARTICLES:
            end = particle_surname_end(text, tokens, nxt)
            if end is not None:
                return end
        if nxt < len(tokens) and adjacent(text, tokens, last) and surname_like(tokens[nxt].text, surnames, place_starts, tokens[nxt].start):
            if token.text.casefold() not in ORDINARY_NAMES or known_surname(tokens[nxt].text, surnames):
                return double_surname_end(text, tokens, nxt)
        # A first name alone names a person too ("Gunilla berättade"), unless it is also a word
        # or the first part of a compound ("Esther-modellen").
        if (last > index or token.text.casefold() not in ORDINARY_NAMES) and not compound_start(text, tokens, last):
            return last
        return None
    if unknown_first_name(text, tokens, index, surnames, place_starts):
        return double_surname_end(text, tokens, index + 1)
    if after_role and (known_surname(token.text, surnames) or SURNAME_ENDINGS.search(token.text)):
        return index
    if token.text in surnames and token.start not in place_starts and len(token.text) >= 4 \
            and token.text.casefold() not in ORDINARY_NAMES and not compound_start(text, tokens, index):
        return index
    return None


def unknown_first_name(text, tokens, index, surnames, place_starts) -> bool:
    """Whether a capitalised word not in the name lists is a first name: a surname follows
    ("Ylvali Porander") and the capital is not a sentence start's, or the word is no Swedish word."""
    token = tokens[index]
    if token.text.casefold() in NOT_SURNAMES or token.start in place_starts or not adjacent(text, tokens, index):
        return False
    surname = tokens[index + 1]
    if surname.start in place_starts or not known_surname(surname.text, surnames):
        return False
    return not at_sentence_start(text, tokens, index) or not simplemma.is_known(token.text.casefold(), lang="sv")


def compound_start(text: str, tokens: list[Token], index: int) -> bool:
    """Whether the token is joined by a hyphen to a lower-case word: "Esther-nätverket"."""
    return index + 1 < len(tokens) and text[tokens[index].end:tokens[index + 1].start] == "-" \
        and tokens[index + 1].text[0].islower()


def particle_surname_end(text: str, tokens: list[Token], index: int) -> int | None:
    """The last token of a surname that starts with particles ("von Essen", "van der Berg"), or None."""
    last = index
    while last < len(tokens) and tokens[last].text in PARTICLES and adjacent(text, tokens, last):
        last += 1
    if last > index and last < len(tokens) and TITLE_WORD.match(tokens[last].text):
        return double_surname_end(text, tokens, last)
    return None


def double_surname_end(text: str, tokens: list[Token], index: int) -> int:
    """The surname's last token, a second part included: "Sjökvist-Berg", "Fahlén von Platen"."""
    if index + 1 < len(tokens) and text[tokens[index].end:tokens[index + 1].start] == "-" \
            and TITLE_WORD.match(tokens[index + 1].text):
        return index + 1
    if index + 1 < len(tokens) and tokens[index + 1].text in PARTICLES and adjacent(text, tokens, index):
        return particle_surname_end(text, tokens, index + 1) or index
    return index


def initial_name_end(text, tokens, index, surnames) -> int | None:
    """"A. Karlsson": an initial and a known surname."""
    token = tokens[index]
    if len(token.text) == 1 and token.text.isupper() and index + 1 < len(tokens):
        gap = text[token.end:tokens[index + 1].start]
        if gap in (". ", ".") and known_surname(tokens[index + 1].text, surnames):
            return index + 1
    return None


def adjacent(text: str, tokens: list[Token], index: int) -> bool:
    """Whether token `index` and the next are parts of one name (a space or hyphen between)."""
    return index + 1 < len(tokens) and JOIN.fullmatch(text[tokens[index].end:tokens[index + 1].start]) is not None


def known_surname(word: str, surnames: frozenset[str]) -> bool:
    return word in surnames or bool(SURNAME_ENDINGS.search(word) and TITLE_WORD.match(word))


def surname_like(word: str, surnames: frozenset[str], place_starts: set[int], start: int) -> bool:
    """A capitalised word after a first name that can be a surname (not a place, not "Region")."""
    if word in surnames:
        return True
    if not TITLE_WORD.match(word) or word.casefold() in NOT_SURNAMES or start in place_starts:
        return False
    return not any(name.split()[0] == word for name in not_identifying())


def term_spans(text: str, terms) -> list[tuple[int, int]]:
    """Where the given terms occur in `text` (whole words, any case)."""
    pattern = terms_pattern(tuple(t for t in terms if t))
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


@lru_cache(maxsize=64)
def terms_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for the terms, longest first (made once per list: every segment is searched)."""
    if not terms:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE,
    )


def without_overlaps(found: list[Finding]) -> list[Finding]:
    """The findings that do not overlap a longer one, in text order."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


# --- Using the findings -----------------------------------------------------------------


def findings_frame(segments: list[Segment], allow=()) -> pd.DataFrame:
    """One row per finding in the segments: county, segment_id, kind, text, start, end."""
    rows = [
        (segment.county, segment.segment_id, f.kind, f.text, f.start, f.end)
        for segment in segments
        for f in find_identifiers(segment.text, allow)
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def redact(text: str, findings: list[Finding]) -> str:
    """The text with each finding replaced by the placeholder of its kind ("[kommun]")."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + PLACEHOLDERS[finding.kind] + text[finding.end:]
    return text


def redact_note(path: Path, out: Path, allow=()) -> int:
    """Write a copy of a note with every finding replaced; returns how many were replaced.

    A .docx stays a .docx with its paragraphs, styles and tables (links to a redacted
    address are removed); a .md or .txt note is written as text.
    """
    path, out = Path(path), Path(out)
    if path.suffix.lower() == ".docx":
        return redact_docx(path, out, allow)
    text = decoded(path)
    findings = find_identifiers(text, allow)
    write_text(out, redact(text, findings))
    return len(findings)


def redact_docx(path: Path, out: Path, allow) -> int:
    document = open_document(path)
    count = 0
    parts = [document] + [part for section in document.sections
                          for part in (section.header, section.footer, section.first_page_header,
                                       section.first_page_footer, section.even_page_header, section.even_page_footer)]
    for part in parts:
        for paragraph in all_paragraphs(part):
            count += redact_paragraph(paragraph, allow)
    save_document(document, out)
    return count


def all_paragraphs(container):
    """Every paragraph of a document part, those in (nested) table cells included."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from all_paragraphs(cell)


def redact_paragraph(paragraph, allow) -> int:
    """Replace the findings in one Word paragraph run by run, keeping each run's formatting."""
    pieces = []  # (run, hyperlink or None)
    for item in paragraph.iter_inner_content():
        if hasattr(item, "runs"):
            pieces.extend((run, item) for run in item.runs)
        else:
            pieces.append((item, None))
    text = "".join(run.text for run, _ in pieces)
    findings = find_identifiers(text, allow)
    for finding in reversed(findings):
        offset = 0
        placed = False
        for run, link in pieces:
            start, end = offset, offset + len(run.text)
            offset = end
            if end <= finding.start or start >= finding.end:
                continue
            before = run.text[: max(finding.start - start, 0)]
            after = run.text[max(finding.end - start, 0):] if finding.end < end else ""
            run.text = before + ("" if placed else PLACEHOLDERS[finding.kind]) + after
            placed = True
            if link is not None:
                link._hyperlink.attrib.pop("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", None)
    return len(findings)
