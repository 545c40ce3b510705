"""Text as the cue language reads it: folded for comparison, hyphens repaired, cut into
sentences of tokens that know their clause.

Words are compared case-folded and with å/ä/ö folded to a/o, so "OVERENSKOMMELSEN" written
without diacritics still reads as the word. Hyphenation left by PDFs and line breaks
("läns-gemensam", "samverkan-s-pro-cessen") is repaired before reading; "hälso- och
sjukvård" (hyphen then space) is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

WORD = re.compile(r"\w+", re.UNICODE)
#: A hyphen (or soft hyphen, or a hyphen and a line break) between two lower-case letters
#: inside a word: left by PDF export or manual line breaks, removed before reading.
BROKEN_WORD = re.compile(r"(?<=[a-zåäöéü])(?:-\s*\n\s*|\u00ad|-)(?=[a-zåäöéü])")
#: A sentence ends at . ! ? (or a colon: "Skolans roll: När nätverket …") before a capital, or at a line break
#: — except a question and its answer written on one line ("F: Finns en plan? S: Ja, antagen i juni."),
#: which are read as one sentence, so the answer says what the question asked about. A dash after
#: a question opens its answer ("Bredda till fler aktörer? – Inte aktuellt", "Vem sitter i
#: styrgruppen? – I styrgruppen ingår …"): the answer is the next sentence, unless a bare ja/nej.
#: Every way to end starts at a space (or line break): `(?=\s)` tries no other character
#: against the look-behinds, which made the search most of the time spent cutting text.
SENTENCE_END = re.compile(
    r"(?=\s)(?:(?<=[.!])\s+(?=[\"”'(–-]?[A-ZÅÄÖ0-9])"
    r"|(?<=\?)\s+(?=[–—-]\s+(?![Jj]a\b|[Nn]ej\b)\w)"
    r"|(?<=\?)\s+(?![Ss](?:var)?\s*:|(?:Ja|Nej)\b)(?=[\"”'(–-]?[A-ZÅÄÖ0-9])"
    r"|(?<=:)(?<!\bS:)(?<!Svar:)\s+(?=[\"”'(–-]?[A-ZÅÄÖ0-9])|(?<=;)\s+|\n+)")
#: A word (group 1) or a mark that starts a new clause.
TOKEN_OR_MARK = re.compile(r"(?P<word>\w+)|(?P<mark>[,;:()–—])")
FOLD = str.maketrans("åäöéüáà", "aaoeuaa")


def fold(text: str) -> str:
    """Case- and diacritic-folded text: the form words are compared in."""
    return unicodedata.normalize("NFC", text).casefold().translate(FOLD)


#: A tick box left empty, with the option written after it ("☐ Nej", "[ ] Delvis"): an option
#: the form offered, not an answer; and the mark of a ticked box ("☒", "[X]"), whose option is.
UNTICKED = re.compile(r"(?:☐|\[ ?\])[^☐☒☑\[\]\n]*")
TICKED = re.compile(r"[☒☑]|\[[xX]\]")


def repaired(text: str) -> str:
    """`text` with words re-joined where a PDF or a line break left a hyphen inside them, and
    a form's tick boxes read as what was ticked ("Ingår skolan? ☒ Ja ☐ Nej" says "Ja")."""
    text = BROKEN_WORD.sub("", unicodedata.normalize("NFC", text))
    return TICKED.sub("", UNTICKED.sub("", text))


class Token(NamedTuple):
    """A word as written, where it stands in the text, and which clause of its sentence it is
    in. A named tuple, not a dataclass: every word of every text read is one, and a tuple is
    made in half the time."""

    text: str
    start: int
    end: int
    #: Number of clause marks (commas, semicolons, clause-breaking words) before this token
    #: in its sentence: tokens with equal numbers are in the same clause.
    clause: int


@dataclass(frozen=True)
class Sentence:
    """A sentence as written (stripped), where it starts in the text, and its words."""

    text: str
    start: int
    tokens: tuple[Token, ...]


def sentences(text: str, clause_breaks: frozenset[str] = frozenset()) -> list[Sentence]:
    """`text` (already repaired) cut into sentences of tokens, each token knowing its clause."""
    result = []
    start = 0
    for end_match in [*SENTENCE_END.finditer(text), None]:
        end = end_match.start() if end_match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            result.append(Sentence(stripped, start + len(chunk) - len(chunk.lstrip()), tuple(sentence_tokens(text, start, end, clause_breaks))))
        start = end_match.end() if end_match else len(text)
    return result


def sentence_tokens(text: str, start: int, end: int, clause_breaks: frozenset[str]) -> list[Token]:
    """The words of the sentence text[start:end] with their offsets in the text; a comma, semicolon, colon,
    bracket or dash (or a clause-breaking word) starts a new clause."""
    tokens = []
    clause = 0
    make = tuple.__new__  # a Token without its keyword-taking constructor: one per word read
    for match in TOKEN_OR_MARK.finditer(text, start, end):
        word = match.group(1)
        if word is None:  # a mark
            clause += 1
            continue
        if clause_breaks and word.lower() in clause_breaks:
            clause += 1
        tokens.append(make(Token, (word, match.start(), match.end(), clause)))
    return tokens


#: A run-in label ("Länsgemensam handlingsplan:", "Krav på varje ansökan:") has at most this
#: many words: it names a topic and says nothing of it.
LABEL_WORDS = 4


def is_label(sentence: str) -> bool:
    """Whether a sentence is only the label of what follows ("Sortering i efterhand:")."""
    return sentence.endswith(":") and len(sentence.split()) <= LABEL_WORDS


def label_length(sentence: Sentence) -> int:
    """How many of the sentence's words are a run-in label before a colon ("Stimulansmedel:
    nytt sätt att fördela i år", "Länsgemensam handlingsplan:"): the topic of the paragraph
    it opens; 0 where it opens with none."""
    head, colon, _ = sentence.text.partition(":")
    if not colon or not 0 < len(WORD.findall(head)) <= LABEL_WORDS:
        return 0
    end = sentence.start + len(head)
    return sum(1 for token in sentence.tokens if token.end <= end)
