"""Swedish number words: how 0–99 are spelt ("nio", "tjugoett").

Reading and writing share the spelling: the anonymisation finder recognises "länets sju
kommuner" from these words, and the report's wording (`outputs/report/wording.py`) writes
"Nio län" with them. The spelling lives here, below both, so that reading never imports
the outputs.
"""

from __future__ import annotations

WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
         "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo")
TENS = {20: "tjugo", 30: "trettio", 40: "fyrtio", 50: "femtio", 60: "sextio", 70: "sjuttio", 80: "åttio",
        90: "nittio"}


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
