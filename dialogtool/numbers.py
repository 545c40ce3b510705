"""Counts written as the status report writes them: "nio län", "Tre län", "12 av 21 län".

The report follows the Swedish convention of writing small numbers (up to twelve) as words
and larger ones as digits, never starting a sentence with a digit, and giving shares as
"drygt hälften av länen (12 av 21)".
"""

from __future__ import annotations

WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
         "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo")
TENS = {20: "tjugo", 30: "trettio", 40: "fyrtio", 50: "femtio", 60: "sextio", 70: "sjuttio", 80: "åttio",
        90: "nittio"}
#: The largest number the report writes as a word in running text.
LARGEST_WORD = 12
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
    """A count in running text: a word up to twelve ("nio"), digits above ("16")."""
    return in_words(number, neuter) if 0 <= number <= LARGEST_WORD else str(number)


def count_first(number: int, neuter: bool = True) -> str:
    """A count that starts a sentence: always a word, capitalised ("Nio", "Sexton")."""
    return capitalised(in_words(number, neuter))


def some(number: int, noun: str = "län", neuter: bool = True) -> str:
    """"nio län", "inga län" for zero — the count with its noun, mid-sentence."""
    return f"inga {noun}" if number == 0 else f"{count(number, neuter)} {noun}"


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


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
