"""Counts written as the status report writes them: "nio län", "Tre län", "12 av 21 län".

The report writes small numbers (up to nine) as words and larger ones as digits ("nio län",
"minst 12 län", "(16)"), never starts a sentence with a digit, gives shares as "drygt hälften
av länen (12 av 21)", and says "flera dialoger" or "de flesta dialoger" where the exact number
of dialogues touching a subject is not the point.
"""

from __future__ import annotations

WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
         "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo")
TENS = {20: "tjugo", 30: "trettio", 40: "fyrtio", 50: "femtio", 60: "sextio", 70: "sjuttio", 80: "åttio",
        90: "nittio"}
#: The largest number the report writes as a word in running text ("nio län", but "minst 12 län").
LARGEST_WORD = 9
#: Fractions the report names ("hälften av länen (10 av 21)"), with the word for each.
FRACTIONS = ((1 / 4, "en fjärdedel"), (1 / 3, "en tredjedel"), (1 / 2, "hälften"), (2 / 3, "två tredjedelar"),
             (3 / 4, "tre fjärdedelar"))


def in_words(number: int, neuter: bool = True) -> str:
    """0–99 as a Swedish word ("nio", "tjugoett"); "ett"/"en" after the noun's gender (län is neuter)."""
    if not 0 <= number < 100:
        return str(number)
    if number == 1:
        return "ett" if neuter else "en"
    if number <= 20:
        return WORDS[number]
    tens, ones = divmod(number, 10)
    return TENS[tens * 10] + (WORDS[ones] if ones else "")


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
    """The share in words, as the report names it: "hälften", "drygt hälften", "en tredjedel".

    The nearest named fraction; "drygt"/"knappt" when the share is above/below it by more
    than a rounding, "" when no fraction is near (then write the count instead).
    """
    if total <= 0:
        return ""
    ratio = number / total
    if ratio == 1:
        return "samtliga"
    fraction, word = min(FRACTIONS, key=lambda item: abs(ratio - item[0]))
    difference = ratio - fraction
    if abs(difference) <= 0.03:
        return word
    if abs(difference) <= 0.08:
        return f"{'drygt' if difference > 0 else 'knappt'} {word}"
    return ""


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


def joined(parts: list[str]) -> str:
    """"a, b och c": a Swedish list, no serial comma."""
    return ", ".join(parts[:-1]) + (" och " if len(parts) > 1 else "") + (parts[-1] if parts else "")


def grouped(number: int) -> str:
    """1560 → "1 560": digits in groups of three with a no-break space, as Swedish writes large numbers."""
    return f"{number:,}".replace(",", "\u00a0")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
