"""Counts and dates written as the status report writes them: "nio län", "Tre län", "12 av 21 län".

The report writes small numbers (up to nine) as words and larger ones as digits ("nio län",
"minst 12 län", "(16)"), never starts a sentence with a digit, names shares in words with
the count beside them ("drygt hälften av länen (12 av 21)", "Ett mindre antal län (6 av
21)"), and says "flera dialoger" or "de flesta dialoger" where the exact number of dialogues
touching a subject is not the point. Everything an investigator reads in numbers — the
draft, the tables' notes, the figures' small print — is worded here.
"""

from __future__ import annotations

from ...cues.numerals import in_words

#: The largest number the report writes as a word in running text ("nio län", but "minst 12 län").
LARGEST_WORD = 9
#: A share of the counties in words, as the report names it, by the largest ratio it covers
#: (checked in order): 5 of 21 is "ett fåtal län", 6 "ett mindre antal län", 7 "en tredjedel
#: av länen", 10 "hälften av länen", 12 "drygt hälften av länen", 15 "en majoritet av länen".
SHARES = ((0.25, "ett fåtal län"), (0.30, "ett mindre antal län"), (0.365, "en tredjedel av länen"),
          (0.41, "drygt en tredjedel av länen"), (0.465, "knappt hälften av länen"), (0.515, "hälften av länen"),
          (0.635, "drygt hälften av länen"), (0.70, "två tredjedelar av länen"), (0.86, "en majoritet av länen"),
          (1.0, "nästan alla län"))
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def count(number: int, neuter: bool = True) -> str:
    """A count in running text, before its noun: a word up to nine ("nio"), digits above ("16"), "inga" for 0."""
    if number == 0:
        return "inga"
    return in_words(number, neuter) if 0 <= number <= LARGEST_WORD else str(number)


def count_first(number: int, neuter: bool = True) -> str:
    """A count that starts a sentence, before its noun: always a word, capitalised ("Nio", "Sexton", "Inga")."""
    return capitalised(in_words(number, neuter) if number else "inga")


def some(number: int, noun: str = "län", neuter: bool = True) -> str:
    """"nio län", "inga län" for zero — the count with its noun, mid-sentence."""
    return f"{count(number, neuter)} {noun}"


def of(number: int, total: int, noun: str = "län") -> str:
    """"12 av 21 län": always digits, as the report writes shares."""
    return f"{number} av {total} {noun}".rstrip()


def share(number: int, total: int) -> str:
    """The share of the counties in words, without the count: "ett mindre antal län", "hälften av länen"."""
    if number <= 0 or total <= 0:
        return "inga län"
    if number >= total:
        return "samtliga län"
    if number == 1:
        return "ett län"
    ratio = number / total
    return next(words for limit, words in SHARES if ratio < limit)


def share_of_counties(number: int, total: int, capital: bool = False) -> str:
    """"drygt hälften av länen (12 av 21)", "ett mindre antal län (6 av 21)"; "inga län" for none."""
    text = share(number, total)
    if number > 0:
        text += f" ({of(number, total, '')})"
    return capitalised(text) if capital else text


def majority(number: int, total: int, shown: bool = False) -> str:
    """"en majoritet av länen" (`shown`: "… (15 av 21)") when more than half, "inga län" for none, else "7 av 21 län"."""
    if number == 0:
        return "inga län"
    if number * 2 > total:
        return "en majoritet av länen" + (f" ({of(number, total, '')})" if shown else "")
    return of(number, total)


def dialogues(number: int, total: int) -> str:
    """How many dialogues touched a subject, as the report says it: "de flesta dialoger", "flera dialoger".

    For subjects counted from coded segments rather than from a classification, where an
    exact figure would claim more precision than the coding has.
    """
    if number <= 0:
        return "ingen dialog"
    if number == 1:
        return "en dialog"
    if number == total:
        return "samtliga dialoger"
    if number * 3 >= total * 2:
        return "de flesta dialoger"
    if number * 3 >= total:
        return "flera dialoger"
    return "några dialoger"


def joined(parts: list[str], conjunction: str = "och") -> str:
    """"a, b och c": a Swedish list, no serial comma."""
    return ", ".join(parts[:-1]) + (f" {conjunction} " if len(parts) > 1 else "") + (parts[-1] if parts else "")


def grouped(number: int) -> str:
    """1560 → "1 560": digits in groups of three with a no-break space, as Swedish writes large numbers."""
    return f"{number:,}".replace(",", "\u00a0")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def lowered(text: str) -> str:
    """The first letter in lower case, unless the first word is an abbreviation (LPO, SKR)."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def spoken_date(iso: str) -> str:
    """2025-10-14 → "14 oktober 2025"."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def period(dates: list[str]) -> str:
    """"mellan den 23 september och den 14 november 2025" from ISO dates ('' without any)."""
    dates = sorted(dates)
    if not dates:
        return ""
    first, last = spoken_date(dates[0]), spoken_date(dates[-1])
    if first == last:
        return f"den {first}"
    if dates[0][:4] == dates[-1][:4]:
        first = first.rsplit(" ", 1)[0]
    return f"mellan den {first} och den {last}"
