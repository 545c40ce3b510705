"""Text as the finder reads it: one spelling per letter, with every position still pointing into
the original.

A name must not slip past the finder because of how it is encoded: "Västerås" with a
decomposed "ä" (NFD, as macOS and some web forms write it), "Kir\u200buna" with a zero-width
space or a soft hyphen inside, "Mаlmö" with a Cyrillic "а", a non-breaking space or a
full-width letter. Each is read as the plain letter it looks like. Case is not folded here:
the finder's look-ups fold case themselves and keep the capital as a signal only where a name
is also an ordinary word ("Mark", "Hans").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Characters that show nothing: zero-width space, non-joiner and joiner, word joiner, byte-order
#: mark, soft hyphen, and the invisible separators and operators.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064"))
#: Cyrillic and Greek letters that look like Latin ones.
LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХУІЈЅаеорсухіјѕԁһӏ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
    "ABEKMHOPCTXYIJSaeopcyxijsdhl" "ABEZHIKMNOPTYXoiv",
)
#: Any character that INVISIBLE or LOOKALIKES changes: a text without one reads as written. One
#: search in C, where translating every paragraph twice looked every letter up in a Python dict.
CHANGED_BY_READING = re.compile("[" + re.escape("".join(map(chr, [*INVISIBLE, *LOOKALIKES]))) + "]")


@dataclass(frozen=True)
class Normalised:
    """A text read for matching, and for each of its characters the span of the original it came from."""

    text: str
    origin: tuple[tuple[int, int], ...] | None  # None: the text is the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the normalised text[start:end] lies in the original."""
        if self.origin is None:
            return start, end
        return self.origin[start][0], self.origin[end - 1][1]


def normalised(text: str) -> Normalised:
    """The text in NFKC with invisible characters removed and look-alike letters mapped to Latin."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not CHANGED_BY_READING.search(text)):
        return Normalised(text, None)
    out: list[str] = []
    origin: list[tuple[int, int]] = []
    for start, end in clusters(text):
        piece = unicodedata.normalize("NFKC", text[start:end].translate(INVISIBLE)).translate(LOOKALIKES)
        out.append(piece)
        origin.extend([(start, end)] * len(piece))
    return Normalised("".join(out), tuple(origin))


def clusters(text: str):
    """The spans of the text's letters, each with the combining marks that follow it."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index
