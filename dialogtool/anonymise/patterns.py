"""Identifiers found by their form: e-mail and web addresses, phone numbers, personal identity
and co-ordination numbers, street addresses and postal codes, and the county's number of
municipalities where only one county has that many.

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

import re

from ..cues import numerals
from .lexicon import identifying_counts, national_domains
from .text import Finding, prefix_tree

EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w.+-]+\s?[\[(](?:at|snabel-a)[\])]\s?[\w-]+(?:\s?(?:\.|[\[(](?:dot|punkt)[\])])\s?[\w-]+)+"
)
#: What every e-mail address has: an "@", or "[at]", "(snabel-a)" written out.
AT_SIGN_WORD = re.compile(r"[\[(](?:at|snabel-a)[\])]")
#: A web address: "www.regionhalland.se/…", "https://umea.se", "vgregion.se".
WEB = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"']+"
    r"|(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu|info)\b(?:/[^\s<>()\"']*)?"
)
#: What every web address has: a scheme, "www." or a top-level domain. WEB tries its name part
#: at every word; most paragraphs have none of these for it to end in.
WEB_MARK = re.compile(r"https?://|www\.|\.(?:se|nu|com|org|net|eu|info)\b")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+46|0046)[\s-]?(?:\(0\)[\s-]?)?[1-9]\d{0,2}|0[1-9]\d{0,2})"
    r"(?:[\s/–-]{0,3}\d{2,4}){1,4}(?!\d)"
)
PERSONNUMMER = re.compile(
    r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"(?:[-+]\d{4}|\d{4})(?![\d-])"
    r"|(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])\s\d{4}(?![\d-])"
)
#: What every personal identity number has: six digits in a row (its date). Most paragraphs with
#: digits have none, and PERSONNUMMER tries its dates at every digit.
SIX_DIGITS = re.compile(r"\d{6}")
STREET = re.compile(
    r"(?:\b(?:Södra|Norra|Östra|Västra|Stora|Lilla|Gamla|Nya|Sankt|S:t)\s[\wåäöé-]*|\b[A-ZÅÄÖ][\wåäöé-]*)"
    r"(?i:gatan|vägen|gata|väg|gränd|gränden|torget|torg|allén|allé|stigen|backen|backe|plan|leden|kajen|"
    r"esplanaden|promenaden|platsen|parken|gården|stråket|slingan)\s\d{1,3}(?!\d)(?:\s?[A-Za-z]\b)?"
    r"(?:,?\s(?:SE-)?\d{3}\s?\d{2}(?:\s[A-ZÅÄÖ][\wåäö]+)?)?"
    r"|\bBox\s\d{1,5}(?:,?\s(?:SE-)?\d{3}\s?\d{2}(?:\s[A-ZÅÄÖ][\wåäö]+)?)?"
    r"|(?<![\d-])(?:SE-)?\d{3}\s\d{2}\s[A-ZÅÄÖ][a-zåäö]+"
)

#: Any digit: what a personal identity number, a phone number and a street address all have.
DIGIT = re.compile(r"\d")
#: Swedish number words from two to 99 ("sju", "tjugosex"; "tjugoen" beside "tjugoett").
#: A local number without its area code, as a county's own staff write it: "20 43 66", "12 34 567".
LOCAL_PHONE = re.compile(r"(?<![\d,.:/+-])\d{2,3}(?: \d{2}){2,3}(?!\d|[,.:/]\d|\s\d)")

NUMBER_WORDS = {**{numerals.in_words(n): n for n in range(2, 100)},
                **{numerals.in_words(n)[:-3] + "en": n for n in range(21, 100, 10)}, "aderton": 18}
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
ONE = r"(?:(?:bara|endast|enbart)\s+en(?:\s+enda)?|en\s+enda)"
#: A count of municipalities: digits, a number word, or one ("en enda", "bara en").
COUNT = rf"(?P<count>{NUMBER}|{ONE})"
KOMMUNER = r"(?P<noun>kommun(?:erna|ernas|ers|er|en|ens)?)\b"
#: Words between a verb and the count that leave it the county's total: "har totalt 49 kommuner".
ADVERBS = r"(?:\s+(?:totalt|sammanlagt|bara|endast|enbart|nu|numera|i\s+dag|idag|fortfarande|alltså))*"
#: The phrases that say a count is the county's total, each with its `count` and `noun` groups
#: (PART_OF_TOTAL below is one more, tried only where OF_TOTAL finds how it ends).
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
))
#: "nio av tolv kommuner har svarat": the number after "av" is the whole.
PART_OF_TOTAL = re.compile(rf"\b{NUMBER}\s+av\s+(?:totalt\s+)?{COUNT}\s+{KOMMUNER}", re.IGNORECASE)
#: What PART_OF_TOTAL's every match ends in ("av tolv kommuner"): PART_OF_TOTAL tries every
#: number word at every word, this pattern only after an "av", and few paragraphs have one.
OF_TOTAL = re.compile(rf"\sav\s+(?:totalt\s+)?{COUNT}\s+{KOMMUNER}", re.IGNORECASE)
#: What every phrase above has: a count's last word after a space, then "kommun" ("sju kommuner",
#: "en enda kommun"). The number words are one tree (`prefix_tree`) tried at each space, where the
#: phrases tried their openings at every word; few paragraphs that write "kommun" count them.
COUNTED = re.compile(r"\s(?:" + prefix_tree(set(NUMBER_WORDS) | {"en", "enda"}) + r"|\d{1,3})\s+kommun", re.IGNORECASE)
#: Prepositions before "länet" that make it no subject: "I länet har tre kommuner egna planer".
PREPOSITIONS = {"i", "inom", "för", "av", "på", "från", "till", "över", "under", "med", "om", "kring", "utanför", "ur"}
#: What "med N kommuner" follows when it gives the county's size: a clause break, or "län(et)".
WITH_AFTER = re.compile(r"(?:^|[,;:–—(.!?-]|\blän|\blänet)\s*$", re.IGNORECASE)
#: What follows "de/alla/samtliga N kommuner(na)" when they are a part: "som deltar", "i norr".
RESTRICTED = re.compile(r"\s*(?:som\b|(?:i|inom|på)\s+(?!(?:hela\s+|vårt\s+)?län(?:et)?\b)\w)", re.IGNORECASE)


def pattern_findings(text: str) -> list[Finding]:
    """E-mail and web addresses, phone numbers, personal identity numbers and street addresses."""
    found = [Finding("epost", m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)] \
        if "@" in text or AT_SIGN_WORD.search(text) else []  # EMAIL tries every word; most paragraphs have no "@"
    if DIGIT.search(text):  # numbers, phones and addresses all have digits; most paragraphs none
        for match in PERSONNUMMER.finditer(text) if SIX_DIGITS.search(text) else ():
            digits = re.sub(r"\D", "", match.group())
            if "-" in match.group() or "+" in match.group() or len(digits) == 12 or not digits.startswith("0"):
                found.append(Finding("personnummer", match.group(), match.start(), match.end()))
        found += phone_findings(text)
        found += [Finding("adress", m.group(), m.start(), m.end()) for m in STREET.finditer(text)]
    for match in WEB.finditer(text) if WEB_MARK.search(text) else ():
        address = match.group().rstrip(".,;:!?")
        if not national_site(address):
            found.append(Finding("webb", address, match.start(), match.start() + len(address)))
    return found


def phone_findings(text: str) -> list[Finding]:
    """Phone numbers with an area code or +46 (7 to 9 digits after it), and local ones without."""
    found = []
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group().replace("(0)", ""))
        national = digits[2:] if match.group().startswith("+") else digits[4:] if digits.startswith("0046") else digits[1:]
        if 7 <= len(national) <= 9:
            number = match.group().rstrip(" -")
            found.append(Finding("telefon", number, match.start(), match.start() + len(number)))
    found += [Finding("telefon", m.group(), m.start(), m.end()) for m in LOCAL_PHONE.finditer(text)]
    return found


def municipality_count_findings(text: str) -> list[Finding]:
    """The county's number of municipalities where only one county has that many ("länets sju kommuner")."""
    found = []
    if "kommun" not in text.casefold() or not COUNTED.search(text):  # every phrase counts the municipalities
        return found
    for pattern in MUNICIPALITY_COUNTS + ((PART_OF_TOTAL,) if OF_TOTAL.search(text) else ()):
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


def host_of(address: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", address.casefold()).split("/")[0]


def national_site(address: str) -> bool:
    """Whether a web address belongs to a national body, reform or service ("folkhalsomyndigheten.se",
    "1177.se"): its domain is a name of not_identifying.txt as a web address writes it."""
    labels = host_of(address).split(".")
    return len(labels) >= 2 and labels[-2] in national_domains()
