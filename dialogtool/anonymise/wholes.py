"""Names taken whole: a place or an unknown name inside a longer name makes the longer name one
finding, so no part of it is left in a quote.

- A run of capitalised words around a finding: "Kommunförbundet Västernorrland", "Norrbottens
  Kommuner", "FoU Sjuhärad Välfärd", "Hälsocentralen Ersboda".
- A body or a unit and the place it is in: "SSAB i Borlänge", "Kommunhuset i Dorotea",
  "Mottagningen för asylsökande i Boden", "Länsstyrelsen i Jämtlands län".
- A place and the noun that makes it a workplace or body: "Forsmarks kraftverk", "Torsby sjukhus".
- A unit word before a place, with a genitive before it: "Psykiatrins akutmottagning Sundsvall".

A capitalised word that only opens the sentence ("I Kiruna", "Enligt Region Skåne") is no part
of the name, unless it is a unit word ("Vårdcentralen Gripen").
"""

from __future__ import annotations

from .lexicon import is_swedish_word, ordinary_word, word_set
from .text import Finding, Token, adjacent, at_sentence_start

#: The kinds a longer name may grow from (people and contact details are taken as they are).
NAME_KINDS = ("lan", "region", "kommun", "plats", "kontrollera")
#: The kind of a name that a unit word or an organisation noun makes a workplace or body.
WORKPLACE = "plats"


def whole_names(text: str, tokens: list[Token], found: list[Finding]) -> list[Finding]:
    """The findings with every place or unknown name grown to the whole name it is part of (a
    workplace or body, kind "plats", where a unit word or an organisation noun makes it one)."""
    ranges = [token_range(tokens, f) for f in found]
    grown = []
    for finding, (first, last) in zip(found, ranges):
        if finding.kind not in NAME_KINDS:
            grown.append(finding)
            continue
        taken = frozenset(i for other in ranges if other != (first, last) for i in range(other[0], other[1] + 1))
        first, last, workplace = grown_range(text, tokens, first, last, taken)
        kind = WORKPLACE if workplace else finding.kind
        grown.append(Finding(kind, text[tokens[first].start:tokens[last].end], tokens[first].start, tokens[last].end))
    return merged(text, grown)


def token_range(tokens: list[Token], finding: Finding) -> tuple[int, int]:
    inside = [i for i, t in enumerate(tokens) if finding.start <= t.start and t.end <= finding.end]
    return inside[0], inside[-1]


def grown_range(text: str, tokens: list[Token], first: int, last: int, taken) -> tuple[int, int, bool]:
    """The tokens of the whole name around tokens `first`..`last` (never into another finding's,
    `taken`), and whether it names a workplace."""
    workplace = False
    while first > 0 and adjacent(text, tokens, first - 1) and first - 1 not in taken and name_part(text, tokens, first - 1):
        first -= 1
        workplace |= unit_word(tokens[first])
    while last + 1 < len(tokens) and adjacent(text, tokens, last) and last + 1 not in taken \
            and tokens[last + 1].text[:1].isupper() and not at_sentence_start(text, tokens, last + 1):
        last += 1
    if last + 1 < len(tokens) and adjacent(text, tokens, last) \
            and tokens[last + 1].text.casefold() in word_set("organisation_nouns"):
        last, workplace = last + 1, True
    body = body_before(text, tokens, first)
    if body is not None:
        first, workplace = body, True
    if first > 0 and adjacent(text, tokens, first - 1) and unit_word(tokens[first - 1]):
        first, workplace = first - 1, True
        if first > 0 and adjacent(text, tokens, first - 1) and genitive_name(tokens[first - 1]):
            first -= 1
    return first, last, workplace


def name_part(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a capitalised token before a name belongs to it."""
    return tokens[index].text[:1].isupper() and not opens_sentence_only(text, tokens, index)


def opens_sentence_only(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a capitalised word is only the sentence's first word, no part of the name after it:
    a Swedish word ("I", "Även", "Enligt") that is no unit word ("Hälsocentralen") and does not
    open names ("Region", "Västra")."""
    word = tokens[index].text.casefold()
    return at_sentence_start(text, tokens, index) and ordinary_word(word) \
        and word not in word_set("unit_words") and word not in word_set("name_openers")


def body_before(text: str, tokens: list[Token], first: int) -> int | None:
    """Where a body or unit that the place at token `first` locates starts: "SSAB i", "Kommunhuset i",
    "Mottagningen för asylsökande i"; None when none does."""
    link = first - 1
    if link < 1 or tokens[link].text not in word_set("place_links") or not adjacent(text, tokens, link - 1):
        return None
    body = link - 1
    if body >= 2 and tokens[body - 1].text == "för" and adjacent(text, tokens, body - 2) and adjacent(text, tokens, body - 1):
        body -= 2
    token = tokens[body]
    if not token.text[:1].isupper() or not (unit_word(token) or not is_swedish_word(token.text)):
        return None
    while body > 0 and adjacent(text, tokens, body - 1) and name_part(text, tokens, body - 1):
        body -= 1
    return body


def unit_word(token: Token) -> bool:
    return token.text.casefold() in word_set("unit_words")


def genitive_name(token: Token) -> bool:
    """A capitalised genitive that owns the unit after it: "Psykiatrins", "Regionens"."""
    return token.text[:1].isupper() and token.text.endswith("s") and len(token.text) > 3


def merged(text: str, found: list[Finding]) -> list[Finding]:
    """The findings with those that overlap joined into one (the kind of the longest)."""
    result: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.end)):
        if result and finding.start < result[-1].end:
            previous = result[-1]
            end = max(previous.end, finding.end)
            kind = max((previous, finding), key=lambda f: f.end - f.start).kind
            result[-1] = Finding(kind, text[previous.start:end], previous.start, end)
        else:
            result.append(finding)
    return result
