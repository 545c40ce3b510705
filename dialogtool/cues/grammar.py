"""The cue pattern language: how a cue is written, parsed into slots a matcher can look up.

A cue is a small pattern over words, not characters, so that one cue covers what a reader
would recognise as the same words (see lexicon.py for inflection, compounds and typos):

- `a b` are adjacent words, `a ... b` allows up to `max_gap` words between them (same
  order), `a b, c` is either phrase, `a & b` means both in the same sentence in any order;
- `a|b` is either word, `skol*` any word that starts so, `=plan` the whole word only (not
  "projektplan"), `@plan` the word list `plan` of themes.yaml `words:`;
- `?a` is weak: a word that is often mentioned in passing (see clauses.py, `topical`).

Precedence, tightest first: `|` (one word position), then `...` and spaces (a phrase), then
`,` (alternative phrases), then `&` (parts of one sentence). A `Cue` wraps a pattern (or a
`regex:`) with what themes.yaml says around it: the states it counts in (`when:`), a pattern
that cancels it in the same sentence (`unless:`), `within: clause`, its `weight` and areas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import STATES
from .lexicon import Lexicon, verb_forms
from .text import WORD, fold

WEAK = "?"
WORD_LIST_REF = re.compile(r"@(\w+)")
#: Where the words of an `a & b` cue must stand together: the sentence, or one clause of it.
WITHIN = ("sentence", "clause")


class PatternError(ValueError):
    """A cue pattern that cannot be read; the message says what is wrong with it."""


class UnknownWordList(PatternError):
    """A cue refers to a word list (`@name`) that themes.yaml does not define."""

    def __init__(self, name: str) -> None:
        super().__init__(f"okänd ordlista '@{name}'")
        self.name = name


@dataclass(frozen=True)
class Slot:
    """One word position of a cue: any of `words` (folded lemmas), or a word starting with one of `prefixes`."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    #: Words matched as whole words only (written `=plan`: not the head of "projektplan").
    exact: frozenset[str] = frozenset()
    #: `words` and `exact` with their diacritics: a known word matches a slot only through
    #: one of these, so "andra" (other) does not fill the slot of "ändra" (change).
    spelled: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Sequence:
    """Slots in order; gaps[i] = the most words allowed between slot i and slot i+1."""

    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Pattern:
    """A parsed cue: parts that must all occur in one sentence (`&`), each part one of
    several word sequences (`,`). Compared by identity: it is a key in hot sets."""

    text: str
    parts: tuple[tuple[Sequence, ...], ...]
    #: Written `?…`: a word often mentioned in passing, which alone says little (see tag.py).
    weak: bool = False

    def sequences(self) -> list[Sequence]:
        """Every word sequence of every part: the slots a text must fill for the pattern."""
        return [sequence for part in self.parts for sequence in part]


@dataclass(frozen=True)
class Cue:
    """One cue: a word pattern (or a regular expression), the clause states it counts in,
    and an optional pattern that, when in the same sentence, cancels it."""

    text: str
    pattern: Pattern | None = None
    regex: re.Pattern | None = None
    when: tuple[str, ...] = STATES
    unless: Pattern | None = None
    #: The question areas whose segments the cue is read in (empty = every area).
    areas: tuple[str, ...] = ()
    #: What one match says of the paragraph's theme; the tagger needs 1 in all, so a cue of
    #: weight 0.5 is a word that takes a second mention (or another cue) to make the topic.
    #: In a typology rule decided by `most`, what one matching sentence counts as.
    weight: float = 1.0
    #: `clause`: the words of an `a & b` cue must share a clause, not only a sentence.
    within: str = "sentence"
    line: int = 0


def expand_word_lists(text: str, lists: dict[str, str]) -> str:
    """`text` with each `@name` replaced by its word list (UnknownWordList for an undefined one)."""
    def expand(found: re.Match) -> str:
        name = found.group(1)
        if name not in lists:
            raise UnknownWordList(name)
        return lists[name]
    return WORD_LIST_REF.sub(expand, text)


def parse_pattern(text: str, lexicon: Lexicon, max_gap: int) -> Pattern:
    """Read a cue like "handlingsplan ... pågår", "skola & ledningsgrupp|styrgrupp",
    "förra året, i fjol & skol*", "?ledningsgrupp" (weak)."""
    if not isinstance(text, str) or not text.strip():
        raise PatternError("cuen är tom")
    weak = text.lstrip().startswith(WEAK)
    body = text.lstrip()[1:] if weak else text
    if not body.strip():
        raise PatternError(f"'{text}' har inget efter '{WEAK}'")
    parts = []
    for part in body.split("&"):
        if not part.strip():
            raise PatternError(f"'{text}' har en tom sida av '&'")
        parts.append(tuple(parse_sequence(alternative, text, lexicon, max_gap) for alternative in part.split(",")))
    return Pattern(text, tuple(parts), weak)


def parse_sequence(alternative: str, text: str, lexicon: Lexicon, max_gap: int) -> Sequence:
    """One phrase of a cue: its word slots and the gap `...` allows after each."""
    words = alternative.split()
    if not words:
        raise PatternError(f"'{text}' har ett tomt alternativ mellan kommatecken")
    if words[0] == "..." or words[-1] == "...":
        raise PatternError(f"'{text}' börjar eller slutar en fras med '...'")
    slots: list[Slot] = []
    gaps: list[int] = []
    gap = 0
    for word in words:
        if word == "...":
            if gap:
                raise PatternError(f"'{text}' har '...' två gånger i rad")
            gap = max_gap
            continue
        if slots:
            gaps.append(gap)
        slots.append(parse_slot(word, text, lexicon))
        gap = 0
    return Sequence(tuple(slots), tuple(gaps))


def parse_slot(word: str, text: str, lexicon: Lexicon) -> Slot:
    """One word position: its `|` alternatives as lemmas (with regular verb forms), whole
    words (`=`) and prefixes (`*`)."""
    words: set[str] = set()
    exact: set[str] = set()
    spelled: set[str] = set()
    prefixes: list[str] = []
    for alternative in word.split("|"):
        if alternative.startswith("=") and WORD.fullmatch(alternative[1:]):
            lower = alternative[1:].casefold()
            spelled.update({lower, lexicon.lemma(lower)})
            exact.update({fold(lower), fold(lexicon.lemma(lower))})
        elif alternative.endswith("*"):
            stem = alternative[:-1]
            if len(stem) < 2 or not WORD.fullmatch(stem):
                raise PatternError(f"'{text}': '{alternative}' behöver minst två bokstäver före '*'")
            prefixes.append(fold(stem))
        elif WORD.fullmatch(alternative):
            lower = alternative.casefold()
            forms = {lower, lexicon.lemma(lower), *verb_forms(lower)}
            spelled.update(forms)
            words.update(fold(form) for form in forms)
        else:
            raise PatternError(f"'{text}': '{alternative or '|'}' är inget ord")
    return Slot(frozenset(words), tuple(prefixes), frozenset(exact), frozenset(spelled))
