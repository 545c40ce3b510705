"""Reading Swedish as notes write it: the cue language shared by the tagger and the classifier.

A cue is a small pattern over words, not characters, so that one cue covers what a
reader would recognise as the same words:

- case and diacritics: words are compared case-folded, and also with å/ä/ö folded to a/o,
  so "OVERENSKOMMELSEN" written without diacritics still matches;
- inflection: each word is lemmatised once (simplemma, Swedish data shipped with it), so
  the cue `handlingsplan` matches handlingsplanen, handlingsplaner, handlingsplanerna;
- compounds: a word is also split into modifier + head where both are known words, so
  `gemensam` and `länsgemensam` match "länsgemensamma", and `samsjuklighet` matches
  "samsjuklighetsreformen";
- hyphenation left by PDFs and line breaks ("läns-gemensam", "samverkan-s-pro-cessen") is
  repaired before reading; "hälso- och sjukvård" (hyphen then space) is left alone;
- typos: a longer word the lexicon does not know is compared with the cue words by
  edit distance (rapidfuzz);
- several words: `a b` are adjacent words, `a ... b` allows up to `max_gap` words between
  them (same order), `a & b` means both in the same sentence in any order, `a|b` is either
  word, and `skol*` any word that starts so;
- negation, plans and the past: every match gets the state of its clause — `negated`
  ("har ingen handlingsplan", "ännu inte startat", "saknar"), `planned` ("planerar att",
  "ska"), `past` ("förra året") or `stated` — so a rule can count only stated facts.

The word lists that decide these states are data (themes.yaml `language:`), read into
`Markers`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import simplemma
from rapidfuzz.distance import Levenshtein

#: The states a match can be in, from the words of its clause.
STATES = ("stated", "negated", "planned", "past")

#: Lemmas simplemma gets wrong for these notes: "ska"/"skall" are the auxiliary, not "skola"
#: (school), and "plan" is the noun, not the verb "plana".
LEMMA_FIXES = {"ska": "ska", "skall": "ska", "plan": "plan", "era": "era", "utkast": "utkast", "delar": "del"}

WORD = re.compile(r"\w+", re.UNICODE)
#: A hyphen (or soft hyphen, or a hyphen and a line break) between two lower-case letters
#: inside a word: left by PDF export or manual line breaks, removed before reading.
BROKEN_WORD = re.compile(r"(?<=[a-zåäöéü])(?:-\s*\n\s*|\u00ad|-)(?=[a-zåäöéü])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”'(–-]?[A-ZÅÄÖ0-9])|\n+")
CLAUSE_MARK = re.compile(r"[,;:()–—]")
FOLD = str.maketrans("åäöéüáà", "aaoeuaa")
MIN_PART = 3


class PatternError(ValueError):
    """A cue pattern that cannot be read; the message says what is wrong with it."""


def fold(text: str) -> str:
    """Case- and diacritic-folded text: the form words are compared in."""
    return unicodedata.normalize("NFC", text).casefold().translate(FOLD)


def repaired(text: str) -> str:
    """`text` with words re-joined where a PDF or a line break left a hyphen inside them."""
    return BROKEN_WORD.sub("", unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Markers:
    """The words that put a cue in a negated, planned or past clause (themes.yaml `language:`)."""

    negation: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()
    #: How many words before and after a match are read for its state.
    window: int = 4
    #: The most words allowed between the parts of an `a ... b` cue.
    max_gap: int = 4
    #: Words at least this long that the lexicon does not know are compared by edit distance.
    fuzzy_min_length: int = 8


class Lexicon:
    """Word → the keys it can be matched by (lemma, compound parts), each word worked out once."""

    def __init__(self) -> None:
        self._keys: dict[str, frozenset[str]] = {}
        self._lemmas: dict[str, str] = {}

    def lemma(self, word: str) -> str:
        """The lemma of a lower-case word (cached; simplemma plus LEMMA_FIXES)."""
        lemma = self._lemmas.get(word)
        if lemma is None:
            lemma = LEMMA_FIXES.get(word) or simplemma.lemmatize(word, lang="sv").casefold()
            self._lemmas[word] = lemma
        return lemma

    def known(self, word: str) -> bool:
        return word in LEMMA_FIXES or simplemma.is_known(word, lang="sv")

    def keys(self, word: str) -> frozenset[str]:
        """Folded forms `word` matches: itself, its lemma, and compound heads/modifiers and
        the compound in base form ("stimulansmedlen" → stimulansmedel, medel, stimulans)."""
        word = word.casefold()
        keys = self._keys.get(word)
        if keys is None:
            keys = frozenset(fold(k) for k in {word, self.lemma(word), *self.compound_keys(word)})
            self._keys[word] = keys
        return keys

    def compound_keys(self, word: str) -> set[str]:
        """Modifier and head lemmas of every split of `word` into two known words."""
        keys: set[str] = set()
        if len(word) < 2 * MIN_PART + 1 or not word.isalpha():
            return keys
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            modifier = self.modifier(word[:cut])
            if modifier and self.known(head):
                head_lemma = self.lemma(head)
                keys.update((head_lemma, modifier, word[:cut] + head_lemma))
        return keys

    def modifier(self, part: str) -> str | None:
        """The known word a compound's first part stands for (with its linking -s, or a dropped
        final -a/-e: "samsjukligets" → samsjuklighet, "skol" → skola), or None."""
        candidates = [part]
        if part.endswith("s") and len(part) > MIN_PART:
            candidates.append(part[:-1])
        candidates += [part + "a", part + "e"]
        for candidate in candidates:
            if len(candidate) >= MIN_PART and self.known(candidate):
                return self.lemma(candidate)
        return None


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    #: Number of clause marks (commas, semicolons, clause-breaking words) before this token
    #: in its sentence: tokens with equal numbers are in the same clause.
    clause: int


@dataclass(frozen=True)
class Sentence:
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
        if chunk.strip():
            result.append(Sentence(chunk.strip(), start + len(chunk) - len(chunk.lstrip()), tuple(sentence_tokens(chunk, start, clause_breaks))))
        start = end_match.end() if end_match else len(text)
    return result


def sentence_tokens(chunk: str, offset: int, clause_breaks: frozenset[str]) -> list[Token]:
    tokens = []
    clause = 0
    last = 0
    for match in WORD.finditer(chunk):
        clause += len(CLAUSE_MARK.findall(chunk, last, match.start()))
        word = match.group()
        if fold(word) in clause_breaks:
            clause += 1
        tokens.append(Token(word, offset + match.start(), offset + match.end(), clause))
        last = match.end()
    return tokens


# ---------------------------------------------------------------------------------------
# Cue patterns


@dataclass(frozen=True)
class Slot:
    """One word position of a cue: any of `words` (folded lemmas), or a word starting with one of `prefixes`."""

    words: frozenset[str]
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class Sequence:
    """Slots in order; gaps[i] = the most words allowed between slot i and slot i+1."""

    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]


@dataclass(frozen=True)
class Pattern:
    """A parsed cue: sequences that must all occur in one sentence (`&`)."""

    text: str
    parts: tuple[Sequence, ...]


def parse_pattern(text: str, lexicon: Lexicon, max_gap: int) -> Pattern:
    """Read a cue like "handlingsplan ... pågår", "skola & ledningsgrupp|styrgrupp", "skol*"."""
    if not isinstance(text, str) or not text.strip():
        raise PatternError("the cue is empty")
    parts = []
    for part in text.split("&"):
        words = part.split()
        if not words:
            raise PatternError(f"'{text}' has an empty side of '&'")
        if words[0] == "..." or words[-1] == "...":
            raise PatternError(f"'{text}' starts or ends with '...'")
        slots: list[Slot] = []
        gaps: list[int] = []
        gap = 0
        for word in words:
            if word == "...":
                if gap:
                    raise PatternError(f"'{text}' has '...' twice in a row")
                gap = max_gap
                continue
            if slots:
                gaps.append(gap)
            slots.append(parse_slot(word, text, lexicon))
            gap = 0
        parts.append(Sequence(tuple(slots), tuple(gaps)))
    return Pattern(text, tuple(parts))


def parse_slot(word: str, text: str, lexicon: Lexicon) -> Slot:
    words: set[str] = set()
    prefixes: list[str] = []
    for alternative in word.split("|"):
        if alternative.endswith("*"):
            stem = alternative[:-1]
            if len(stem) < 2 or not WORD.fullmatch(stem):
                raise PatternError(f"'{text}': '{alternative}' needs at least two letters before '*'")
            prefixes.append(fold(stem))
        elif WORD.fullmatch(alternative):
            lower = alternative.casefold()
            words.update({fold(lower), fold(lexicon.lemma(lower))})
        else:
            raise PatternError(f"'{text}': '{alternative or '|'}' is not a word (use letters, '|', '*', '...', '&')")
    return Slot(frozenset(words), tuple(prefixes))


@dataclass(frozen=True)
class Match:
    """Where a cue matched: its words as written, the sentence, and the clause's state."""

    pattern: str
    words: tuple[str, ...]
    sentence: str
    state: str

    @property
    def evidence(self) -> str:
        return f"{'… '.join(self.words)} (cue '{self.pattern}')"


@dataclass
class Matcher:
    """Many cue patterns matched against texts, fast: each distinct word is looked up once
    and mapped to the slots it fills (with a typo fallback for long unknown words)."""

    markers: Markers
    lexicon: Lexicon = field(default_factory=Lexicon)

    def __post_init__(self) -> None:
        self.patterns: list[Pattern] = []
        self._slots: dict[Slot, int] = {}
        self._slot_list: list[Slot] = []
        self._by_word: dict[str, set[int]] = {}
        self._prefix_slots: list[tuple[str, int]] = []
        self._word_slots: dict[str, frozenset[int]] = {}
        self._marks = {
            name: [tuple(fold(w) for w in phrase.split()) for phrase in getattr(self.markers, name)]
            for name in ("negation", "planned", "past")
        }
        self._breaks = frozenset(fold(w) for w in self.markers.clause_breaks)

    def add(self, text: str) -> Pattern:
        """Parse and register a cue (PatternError when it cannot be read)."""
        pattern = parse_pattern(text, self.lexicon, self.markers.max_gap)
        for sequence in pattern.parts:
            for slot in sequence.slots:
                if slot not in self._slots:
                    self._slots[slot] = len(self._slot_list)
                    self._slot_list.append(slot)
                    for word in slot.words:
                        self._by_word.setdefault(word, set()).add(self._slots[slot])
                    self._prefix_slots += [(p, self._slots[slot]) for p in slot.prefixes]
                    self._word_slots.clear()
        self.patterns.append(pattern)
        return pattern

    def slots_of(self, word: str) -> frozenset[int]:
        """The slot ids a written word fills (cached per word)."""
        found = self._word_slots.get(word)
        if found is None:
            keys = self.lexicon.keys(word)
            ids = {i for k in keys for i in self._by_word.get(k, ())}
            ids.update(i for prefix, i in self._prefix_slots if any(k.startswith(prefix) for k in keys))
            if not ids and len(word) >= self.markers.fuzzy_min_length and not self.lexicon.known(word.casefold()):
                ids = self.fuzzy_slots(fold(word))
            found = self._word_slots[word] = frozenset(ids)
        return found

    def fuzzy_slots(self, word: str) -> set[int]:
        """Slots of the cue words a misspelt word is closest to: edit distance 1 (2 from 12
        letters) from the cue word, allowing an inflection ending of up to 4 letters."""
        limit = 1 if len(word) < 12 else 2
        ids: set[int] = set()
        for cue_word, slot_ids in self._by_word.items():
            if len(cue_word) < self.markers.fuzzy_min_length - 1:
                continue
            for cut in range(len(cue_word) - 1, min(len(word), len(cue_word) + 2) + 1):
                if len(word) - cut <= 4 and Levenshtein.distance(cue_word, word[:cut], score_cutoff=limit) <= limit:
                    ids.update(slot_ids)
                    break
        return ids

    def read(self, text: str) -> list[tuple[Sentence, list[frozenset[int]]]]:
        """`text` as sentences, each token with the slots it fills: read once, matched by many cues."""
        return [
            (sentence, [self.slots_of(t.text) for t in sentence.tokens])
            for sentence in sentences(repaired(text), self._breaks)
        ]

    def find(self, pattern: Pattern, reading) -> list[Match]:
        """Every sentence of a `read` text where `pattern` matches (first match per sentence)."""
        ids = [[self._slots[s] for s in seq.slots] for seq in pattern.parts]
        matches = []
        for sentence, filled in reading:
            spans = []
            for sequence, slot_ids in zip(pattern.parts, ids):
                span = sequence_span(sequence, slot_ids, filled)
                if span is None:
                    break
                spans.append(span)
            else:
                positions = sorted(p for span in spans for p in span)
                matches.append(Match(pattern.text, tuple(sentence.tokens[p].text for p in positions),
                                     sentence.text, self.state(sentence, positions)))
        return matches

    def state(self, sentence: Sentence, positions: list[int]) -> str:
        """negated / planned / past / stated, from the marker words near the match in its clauses."""
        tokens = sentence.tokens
        clauses = {tokens[p].clause for p in positions}
        first, last = positions[0], positions[-1]
        lo, hi = max(0, first - self.markers.window), min(len(tokens), last + self.markers.window + 1)
        near = [fold(t.text) for t in tokens[lo:hi] if t.clause in clauses]
        near_lemmas = [fold(self.lexicon.lemma(t.text.casefold())) for t in tokens[lo:hi] if t.clause in clauses]
        for state, name in (("negated", "negation"), ("planned", "planned"), ("past", "past")):
            if any(contains(near, phrase) or contains(near_lemmas, phrase) for phrase in self._marks[name]):
                return state
        return "stated"


def contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def sequence_span(sequence: Sequence, slot_ids: list[int], filled: list[frozenset[int]]) -> list[int] | None:
    """Token positions of the first occurrence of `sequence` in a sentence, or None."""
    starts = [i for i, f in enumerate(filled) if slot_ids[0] in f]
    for start in starts:
        span = [start]
        for slot_id, gap in zip(slot_ids[1:], sequence.gaps):
            previous = span[-1]
            nxt = next((i for i in range(previous + 1, min(len(filled), previous + gap + 2)) if slot_id in filled[i]), None)
            if nxt is None:
                break
            span.append(nxt)
        else:
            return span
    return None
