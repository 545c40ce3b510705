"""People's names: a first name alone or with surnames, "von"/"af" names, a role + surname, an
initial + surname, and the same names in lower case or capitals.

The name lists hold the first names and surnames borne in Sweden (`data/first_names.txt`,
`surnames.txt`). A name that is also an ordinary word ("Bo", "Holm") counts only where the
name around it says it is one. A name is taken whole: every first name, every surname
("Karin Nilsson Bergström", "Eva Sjökvist-Berg", "Kristina Fahlén von Platen"). Written in
capitals ("ANNA LINDQVIST") a name is read as if capitalised; in lower case ("anna lindqvist")
a first name and a surname that is no Swedish word together are a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import is_swedish_word, not_identifying, ordinary_name, person_names, word_list, word_set
from .text import (
    TITLE_WORD, Cues, Finding, Token, adjacent, at_sentence_start, finding_over, hyphen_compound_start,
    with_word_before,
)

PLACE_KINDS = ("kommun", "lan", "region", "plats")
#: How many surnames after the first one a name may have ("Karin Nilsson Bergström Ek").
MAX_EXTRA_SURNAMES = 2


@lru_cache(maxsize=None)
def surname_endings() -> re.Pattern:
    return re.compile("(?:" + "|".join(word_list("surname_endings")) + ")$")


@dataclass(frozen=True)
class Reading:
    """A text's tokens as names are read in it, and the starts of the places found in it."""

    text: str
    tokens: list[Token]
    place_starts: frozenset[int]

    def first_name(self, index: int) -> bool:
        token = self.tokens[index]
        return bool(TITLE_WORD.match(token.text)) and token.text.casefold() in person_names()[0] \
            and token.start not in self.place_starts

    def known_surname(self, index: int) -> bool:
        return surname_word(self.tokens[index].text)

    def surname_like(self, index: int) -> bool:
        """A capitalised word after a first name that can be a surname (not a place, not "Region")."""
        token = self.tokens[index]
        if token.start in self.place_starts or not TITLE_WORD.match(token.text):
            return False
        if token.text.casefold() in person_names()[1]:
            return True
        return token.text.casefold() not in word_set("not_surnames") and token.text not in national_first_words()

    def joined(self, index: int) -> bool:
        return adjacent(self.text, self.tokens, index)

    def after_role(self, index: int) -> bool:
        return index > 0 and self.tokens[index - 1].text.casefold().endswith(word_list("role_endings")) \
            and self.joined(index - 1)


@lru_cache(maxsize=1 << 16)
def surname_word(word: str) -> bool:
    """Whether a capitalised word is a surname borne in Sweden or ends as one ("…qvist")."""
    return bool(TITLE_WORD.match(word)) \
        and (word.casefold() in person_names()[1] or bool(surname_endings().search(word)))


@lru_cache(maxsize=None)
def national_first_words() -> frozenset[str]:
    """The first words of national names ("Suicide" of "Suicide Zero"): never a surname."""
    return frozenset(name.split()[0] for name in not_identifying())


def as_written_for_names(tokens: list[Token], in_capitals: list[int]) -> list[Token]:
    """The tokens as names are read: those at `in_capitals` (`Cues.names_in_capitals`) spelt as
    `name_spelling` spells them, the rest, nearly all, as they are."""
    read = list(tokens)
    for index in in_capitals:
        read[index] = Token(name_spelling(tokens[index].text), tokens[index].start, tokens[index].end)
    return read


def name_spelling(word: str) -> str:
    """A word as names are read: one in capitals that is no Swedish word ("LINDQVIST") as if
    capitalised ("Lindqvist")."""
    if len(word) > 1 and word.isupper() and word.isalpha() and not is_swedish_word(word):
        return word.title()
    return word


def person_findings(text: str, tokens: list[Token], cues: Cues, found: list[Finding]) -> list[Finding]:
    """People: first name + surnames, a role word + surname or first name, a lone known name.
    A name starts at a word that signals one (`name_cue`) or at the word before it (a first name
    the lists lack before a surname, "Ylvali Porander"); `name_end` is tried there only."""
    reading = Reading(text, as_written_for_names(tokens, cues.names_in_capitals),
                      frozenset(f.start for f in found if f.kind in PLACE_KINDS))
    people: list[Finding] = []
    resume = 0  # the token after the last name found
    for index in with_word_before(cues.names):
        if index < resume:
            continue
        end = name_end(reading, index)
        if end is None:
            end = lowercase_name_end(reading, index)
        if end is not None:
            end = cited_initial_end(reading, end)
            people.append(finding_over("person", text, tokens, index, end))
            resume = end + 1
    return people


def name_cue(word: str) -> bool:
    """Whether a word, as names are read, may open a name or be its surname: a particle, an initial,
    a capitalised first name or surname, a first name in lower case. `name_end` and
    `lowercase_name_end` find a name only at such a word or at the word before a surname."""
    return word in word_set("name_particles") or initial(word) or (
        word.casefold() in person_names()[0] if TITLE_WORD.match(word) else word.islower() and word in person_names()[0]
    ) or surname_word(word)


def name_end(reading: Reading, index: int) -> int | None:
    """The last token of a person's name starting at `index`, or None when none starts there."""
    tokens = reading.tokens
    token = tokens[index]
    if token.text in word_set("name_particles") and reading.after_role(index):  # the cheap test first
        return particle_surname_end(reading, index)
    if not TITLE_WORD.match(token.text):
        return initial_name_end(reading, index)
    if reading.first_name(index):
        last = index
        while last + 1 < len(tokens) and reading.joined(last) and reading.first_name(last + 1):
            last += 1
        nxt = last + 1
        if nxt < len(tokens) and reading.joined(last) and tokens[nxt].text in word_set("name_particles"):
            end = particle_surname_end(reading, nxt)
            if end is not None:
                return end
        if nxt < len(tokens) and reading.joined(last) and reading.surname_like(nxt):
            if not ordinary_name(token.text) or reading.known_surname(nxt):
                return surnames_end(reading, nxt)
        # A first name alone names a person too ("Gunilla berättade"), unless it is also a word
        # or the first part of a compound ("Esther-modellen").
        if (last > index or not ordinary_name(token.text)) and not hyphen_compound_start(reading.text, tokens, last):
            return last
        return None
    if unknown_first_name(reading, index):
        return surnames_end(reading, index + 1)
    if reading.after_role(index) and reading.known_surname(index):
        return index
    if token.text.casefold() in person_names()[1] and token.start not in reading.place_starts and len(token.text) >= 4 \
            and not ordinary_name(token.text) and not hyphen_compound_start(reading.text, tokens, index):
        return index
    return None


def unknown_first_name(reading: Reading, index: int) -> bool:
    """Whether a capitalised word not in the name lists is a first name: a surname follows
    ("Ylvali Porander") and the capital is not a sentence start's, or the word is no Swedish word."""
    token = reading.tokens[index]
    if token.text.casefold() in word_set("not_surnames") or token.start in reading.place_starts \
            or not reading.joined(index):
        return False
    if reading.tokens[index + 1].start in reading.place_starts or not reading.known_surname(index + 1):
        return False
    return not at_sentence_start(reading.text, reading.tokens, index) or not is_swedish_word(token.text)


def particle_surname_end(reading: Reading, index: int) -> int | None:
    """The last token of a surname that starts with particles ("von Essen", "van der Berg"), or None."""
    tokens, last = reading.tokens, index
    while last < len(tokens) and tokens[last].text in word_set("name_particles") and reading.joined(last):
        last += 1
    if last > index and last < len(tokens) and TITLE_WORD.match(tokens[last].text):
        return surnames_end(reading, last)
    return None


def surnames_end(reading: Reading, index: int, extra: int = MAX_EXTRA_SURNAMES) -> int:
    """The last token of the surnames starting at `index`: a second part after a hyphen
    ("Sjökvist-Berg"), a particle name ("Fahlén von Platen"), or further surnames, those that are
    also words or places included ("Nilsson Bergström", "Lindqvist Berg")."""
    tokens = reading.tokens
    if index + 1 >= len(tokens) or not reading.joined(index) or extra == 0:
        return index
    gap = reading.text[tokens[index].end:tokens[index + 1].start]
    if gap == "-" and TITLE_WORD.match(tokens[index + 1].text):
        return surnames_end(reading, index + 1, extra - 1)
    if tokens[index + 1].text in word_set("name_particles"):
        return particle_surname_end(reading, index + 1) or index
    if reading.known_surname(index + 1) and not at_sentence_start(reading.text, tokens, index + 1):
        return surnames_end(reading, index + 1, extra - 1)
    return index


def initial_name_end(reading: Reading, index: int) -> int | None:
    """"A. Karlsson" and "P-O Grönlund": initials and a known surname."""
    tokens, last = reading.tokens, index
    if not initial(tokens[index].text):
        return None
    while last + 1 < len(tokens) and initial(tokens[last + 1].text) and reading.text[tokens[last].end:tokens[last + 1].start] == "-":
        last += 1
    if last + 1 < len(tokens) and reading.text[tokens[last].end:tokens[last + 1].start] in (". ", ".", " ") \
            and reading.known_surname(last + 1) and (last > index or reading.text[tokens[last].end] == "."):
        return last + 1
    return None


def initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def cited_initial_end(reading: Reading, index: int) -> int:
    """A surname as a reference list writes it, with the initial after it: "Lundgren, S."."""
    tokens = reading.tokens
    if index + 1 < len(tokens) and initial(tokens[index + 1].text) \
            and reading.text[tokens[index].end:tokens[index + 1].start] == ", " \
            and reading.text[tokens[index + 1].end:tokens[index + 1].end + 1] == ".":
        return index + 1
    return index


def lowercase_name_end(reading: Reading, index: int) -> int | None:
    """"anna lindqvist": a first name in lower case and surnames in lower case that are no Swedish words."""
    tokens, (first, _) = reading.tokens, person_names()
    if not tokens[index].text.islower() or tokens[index].text not in first:
        return None
    last = index
    while last + 1 < len(tokens) and last - index <= MAX_EXTRA_SURNAMES and reading.joined(last) \
            and lowercase_surname(tokens[last + 1].text):
        last += 1
    return last if last > index else None


def lowercase_surname(word: str) -> bool:
    return word.islower() and word in person_names()[1] and not is_swedish_word(word)
