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
  them (same order), `a b, c` is either phrase, `a & b` means both in the same sentence in
  any order, `a|b` is either
  word, `skol*` any word that starts so, `=plan` the whole word only (not "projektplan");
- negation, plans and the past: every match gets the state of its clause — `negated`
  ("har ingen handlingsplan", "ännu inte startat", "saknar"), `planned` ("planerar att",
  "ska"), `past` ("förra året") or `stated` — so a rule can count only stated facts;
- aboutness: a cue written `?a` is weak — a word that is often mentioned in passing. Each
  match knows whether its first word is the clause's topic or sits in a prepositional
  phrase ("sitter med i ledningsgruppen", "under ledningsgruppen finns"), so the tagger
  can ask more of a passing mention than of a topic (see tag.py).

The word lists that decide these states are data (themes.yaml `language:`), read into
`Markers`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

import simplemma
from rapidfuzz.distance import Levenshtein

#: The states a match can be in, from the words of its clause.
STATES = ("stated", "negated", "planned", "past", "asked")

#: Lemmas simplemma gets wrong for these notes: "ska"/"skall"/"skulle" are the auxiliary, not
#: "skola" (school), "plan" is the noun, not the verb "plana", "äldre" (the elderly) is not "gammal",
#: "vuxen" (adult) is not "växa", "övervägande" (mostly) is not "överväga", "bredd" (breadth) is not "bredda".
LEMMA_FIXES = {"övervägande": "övervägande", "bredd": "bredd", "bredden": "bredd", "vuxen": "vuxen", "ska": "ska", "skall": "ska", "skulle": "skulle", "äldre": "äldre", "plan": "plan", "era": "era", "utkast": "utkast", "delar": "del"}

#: Function words are never the parts of a compound ("återrapporteringen" is not "återrapporter" + "ingen").
FUNCTION_WORDS = frozenset(
    "ingen inga inget inte eller under efter från till över mellan som att och för med man han hon den det "
    "ett en ska kan vara har ha vid hos mot samt sig sin sina där här nu redan".split()
)

WORD = re.compile(r"\w+", re.UNICODE)
#: A hyphen (or soft hyphen, or a hyphen and a line break) between two lower-case letters
#: inside a word: left by PDF export or manual line breaks, removed before reading.
BROKEN_WORD = re.compile(r"(?<=[a-zåäöéü])(?:-\s*\n\s*|\u00ad|-)(?=[a-zåäöéü])")
#: A sentence ends at . ! ? (or a colon: "Skolans roll: När nätverket …") before a capital, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[\"”'(–-]?[A-ZÅÄÖ0-9])|\n+")
TOKEN_OR_MARK = re.compile(r"(?P<word>\w+)|(?P<mark>[,;:()–—])")
FOLD = str.maketrans("åäöéüáà", "aaoeuaa")
MIN_PART = 3
#: Shortest first part of a compound as written ("läns", "skol"; not "ans|ökningarna").
MIN_MODIFIER = 4
#: Endings of the regular (first conjugation) forms of a verb in -a.
VERB_ENDINGS = ("r", "de", "t", "s", "des", "ts", "nde", "ndes")
#: Endings of definite nouns: the forms that can refer back to something named before.
DEFINITE_ENDINGS = ("en", "et", "na", "n", "t")
#: Shortest last part of a compound, but for SHORT_HEADS: "samordna|ren" is no compound.
MIN_HEAD = 4
SHORT_HEADS = frozenset("råd rådet råden mål målet målen lag lagen tid tiden del delen".split())
#: Shortest head that counts alone when the first part is not a known word.
MIN_LONE_HEAD = 6
#: How far after a contrast ("snarare än", "i stället för att") the word it negates may stand.
CONTRAST_REACH = 6
#: A question word opens its clause within this many words ("Vi frågade också om …", "På vår fråga om …").
QUESTION_REACH = 4
#: How far after "eller" the last thing a "varken … eller" denies may stand.
NOR_REACH = 3
#: How many words before a past marker "sedan" makes it a present state ("sedan hösten 2024").
SINCE_REACH = 2
#: How many words after a match a plan marker still governs it ("planen ska antas").
PLANNED_AFTER = 2
#: Prepositions: a cue word with one of these at most OBLIQUE_REACH words before it in its
#: clause ("i den länsgemensamma ledningsgruppen") is mentioned in passing, not the topic.
PREPOSITIONS = frozenset(
    "i under till för från med om av på inom mellan hos vid ur åt genom efter utan mot kring bland "
    "enligt via bredvid ovanför runt inför jämte".split()
)
OBLIQUE_REACH = 3
NOUN_PHRASE_WORDS = frozenset(
    "den det de en ett denna detta dessa sin sitt sina hans hennes deras dess vår vårt våra er ert era "
    "varje alla samtliga flera några många båda två tre fyra fem sex sju åtta nio tio egen eget egna nya ny nytt "
    "och samma hela".split()
)
#: Forms of adjectives and genitives ("länsgemensamma", "regionala", "länets", "kommunernas").
NOUN_PHRASE_ENDINGS = ("a", "e", "ets", "ens", "nas", "ska", "iga")
#: A cue word further into its clause than this is not the clause's topic.
TOPIC_REACH = 4
WEAK = "?"


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
    #: Words that negate their whole sentence wherever they stand ("… blev svaret nej").
    sentence_negation: tuple[str, ...] = ()
    #: Words that negate only what follows them ("en hjälp snarare än ett problem": not the help).
    contrast: tuple[str, ...] = ()
    #: Words that make a clause a question put, not a fact ("Vi frågade om insatserna sorteras …").
    question: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()
    #: Words that make "ska" in their clause a requirement, not a plan ("varje ansökan ska visa").
    requirement: tuple[str, ...] = ()
    #: Words that, opening a sentence with a negation in it, negate all of it ("Någon … inte").
    negative_openers: tuple[str, ...] = ()
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
        self._spellings: dict[str, frozenset[str]] = {}
        self._heads: dict[str, str] = {}
        self._references: dict[str, tuple[str | None, str | None]] = {}
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

    def spellings(self, word: str) -> frozenset[str]:
        """Lower-case forms `word` matches, diacritics as written: itself, its lemma, and
        compound heads/modifiers and the compound in base form ("stimulansmedlen" →
        stimulansmedel, medel, stimulans)."""
        word = word.casefold()
        spellings = self._spellings.get(word)
        if spellings is None:
            spellings = frozenset({word, self.lemma(word), *self.compound_keys(word)})
            self._spellings[word] = spellings
        return spellings

    def keys(self, word: str) -> frozenset[str]:
        """The `spellings` of `word`, folded: what cue words are looked up by."""
        word = word.casefold()
        keys = self._keys.get(word)
        if keys is None:
            keys = self._keys[word] = frozenset(fold(k) for k in self.spellings(word))
        return keys

    def compound_keys(self, word: str) -> set[str]:
        """Modifier and head lemmas of every split of `word` into two plain words, and the head
        alone where only it is known and long enough to be safe ("suicidpreventionsnätverket"
        → nätverk: the modifiers of new compounds are often missing from the lexicon)."""
        keys: set[str] = set()
        if len(word) < 2 * MIN_PART + 1 or not word.isalpha():
            return keys
        lone_head = None
        whole = self.lemma(word) if self.known(word) else None
        for cut in range(MIN_MODIFIER, len(word) - MIN_PART + 1):
            if len(word) - cut < MIN_HEAD and word[cut:] not in SHORT_HEADS:
                continue
            head_lemma = self.plain_lemma(word[cut:])
            if not head_lemma or head_lemma in FUNCTION_WORDS:
                continue
            if whole and not whole.endswith(head_lemma):
                continue  # "deltagarna" (deltagare) is not delta + garn
            modifier = self.modifier(word[:cut])
            if modifier and modifier not in FUNCTION_WORDS:
                keys.update((head_lemma, modifier, word[:cut] + head_lemma))
                self._heads[word] = head_lemma
            elif lone_head is None and len(word) - cut >= MIN_LONE_HEAD:
                lone_head = head_lemma
        if not keys and lone_head:
            keys.add(lone_head)
            self._heads[word] = lone_head
        return keys

    def head(self, word: str) -> str | None:
        """The lemma of a compound's last part, shortest split ("ledningsgruppen" → grupp), or None."""
        self.spellings(word)  # splitting the word (compound_keys) records its head
        return self._heads.get(word.casefold())

    def reference(self, word: str) -> tuple[str | None, str | None]:
        """(the head of `word` if it is a compound, else None; its lemma if it is a definite
        bare noun that can refer back to such a compound, else None), cached per word."""
        found = self._references.get(word)
        if found is None:
            head = self.head(word)
            found = self._references[word] = (head, None if head or not self.definite(word) else self.lemma(word))
        return found

    def definite(self, word: str) -> bool:
        """Whether a lower-case noun form is definite ("gruppen", "nätverket", "planerna")."""
        return word != self.lemma(word) and word.endswith(DEFINITE_ENDINGS)

    def modifier(self, part: str) -> str | None:
        """The plain word a compound's first part stands for (with its linking -s, or a dropped
        final -a/-e, or -a turned -o: "samsjuklighets" → samsjuklighet, "skol" → skola, "arbets" →
        arbete, "elevhälso" → elevhälsa), or None. Only a base form will do: "struk" (of stryka) does not make
        "strukturen" a compound."""
        bases = [part[:-1], part] if part.endswith("s") and len(part) > MIN_PART else [part]
        candidates = [*bases[::-1], *(base + ending for base in bases for ending in ("e", "a"))]
        if part.endswith("o"):
            candidates.append(part[:-1] + "a")
        for candidate in candidates:
            if len(candidate) >= MIN_PART and self.plain_lemma(candidate) == candidate:
                return candidate
        return None

    def plain_lemma(self, word: str) -> str | None:
        """The lemma of `word` where it is an ordinary word of the lexicon, else None.

        The lexicon also knows abbreviations ("proc" → procent), names ("erna" → Erna) and
        rare strong-verb forms ("stal" → stjäla); as parts of a compound they split ordinary
        words into nonsense ("pro|cessen", "befolkning|stal"). Their lemma is capitalised or
        longer than the word by more than a letter, which an ordinary word's is not.
        """
        if word in LEMMA_FIXES:
            return LEMMA_FIXES[word]
        if not simplemma.is_known(word, lang="sv"):
            return None
        lemma = simplemma.lemmatize(word, lang="sv")
        if lemma != lemma.lower() or len(lemma) > len(word) + 1:
            return None
        return lemma


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
    for match in TOKEN_OR_MARK.finditer(chunk):
        word = match.group()
        if match.lastgroup == "mark":
            clause += 1
            continue
        if clause_breaks and word.lower() in clause_breaks:
            clause += 1
        tokens.append(Token(word, offset + match.start(), offset + match.end(), clause))
    return tokens


# ---------------------------------------------------------------------------------------
# Cue patterns


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

    def sequences(self):
        return [sequence for part in self.parts for sequence in part]


def parse_pattern(text: str, lexicon: Lexicon, max_gap: int) -> Pattern:
    """Read a cue like "handlingsplan ... pågår", "skola & ledningsgrupp|styrgrupp",
    "förra året, i fjol & skol*", "?ledningsgrupp" (weak)."""
    if not isinstance(text, str) or not text.strip():
        raise PatternError("the cue is empty")
    weak = text.lstrip().startswith(WEAK)
    body = text.lstrip()[1:] if weak else text
    if not body.strip():
        raise PatternError(f"'{text}' has nothing after '{WEAK}'")
    parts = []
    for part in body.split("&"):
        if not part.strip():
            raise PatternError(f"'{text}' has an empty side of '&'")
        parts.append(tuple(parse_sequence(alternative, text, lexicon, max_gap) for alternative in part.split(",")))
    return Pattern(text, tuple(parts), weak)


def parse_sequence(alternative: str, text: str, lexicon: Lexicon, max_gap: int) -> Sequence:
    words = alternative.split()
    if not words:
        raise PatternError(f"'{text}' has an empty alternative between commas")
    if words[0] == "..." or words[-1] == "...":
        raise PatternError(f"'{text}' starts or ends a phrase with '...'")
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
    return Sequence(tuple(slots), tuple(gaps))


def parse_slot(word: str, text: str, lexicon: Lexicon) -> Slot:
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
                raise PatternError(f"'{text}': '{alternative}' needs at least two letters before '*'")
            prefixes.append(fold(stem))
        elif WORD.fullmatch(alternative):
            lower = alternative.casefold()
            forms = {lower, lexicon.lemma(lower), *verb_forms(lower)}
            spelled.update(forms)
            words.update(fold(form) for form in forms)
        else:
            raise PatternError(f"'{text}': '{alternative or '|'}' is not a word")
    return Slot(frozenset(words), tuple(prefixes), frozenset(exact), frozenset(spelled))


def verb_forms(word: str) -> set[str]:
    """The regular forms of a verb written in the infinitive ("sortera" → sorterar, sorterade,
    sorterat, sorteras …): the lexicon lemmatises some of them wrongly ("sorterar" → sorterare),
    and a cue must not miss the verb it names."""
    if len(word) < 5 or not word.endswith("a"):
        return set()
    return {word + ending for ending in VERB_ENDINGS}


@dataclass(frozen=True)
class Match:
    """Where a cue matched: its words as written, the sentence, and the clause's state."""

    pattern: str
    words: tuple[str, ...]
    sentence: str
    state: str
    #: False where the cue's first word sits in a prepositional phrase (a passing mention).
    topical: bool = True

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
        self._by_exact: dict[str, set[int]] = {}
        self._prefix_slots: list[tuple[str, int]] = []
        self._word_slots: dict[str, frozenset[int]] = {}
        #: Each pattern's slot ids, and the patterns each slot takes part in: a text is only
        #: matched against the patterns whose every slot it fills (`present`).
        self._pattern_slots: dict[Pattern, frozenset[int]] = {}
        self._patterns_of_slot: dict[int, set[Pattern]] = {}
        self._marks = {
            name: [tuple(fold(self.lexicon.lemma(w.casefold())) for w in phrase.split())
                   for phrase in getattr(self.markers, name)]
            for name in ("negation", "contrast", "question", "planned", "past")
        }
        self._forms: dict[str, frozenset[str]] = {}
        self._marks_by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for name, phrases in self._marks.items():
            for phrase in phrases:
                self._marks_by_first.setdefault(phrase[0], []).append((name, phrase))
        self._breaks = frozenset(w.lower() for w in self.markers.clause_breaks)
        self._openers = frozenset(fold(w) for w in self.markers.negative_openers)
        self._sentence_negation = frozenset(fold(w) for w in self.markers.sentence_negation)
        self._requirement = frozenset(fold(w) for w in self.markers.requirement)

    def add(self, text: str) -> Pattern:
        """Parse and register a cue (PatternError when it cannot be read)."""
        pattern = parse_pattern(text, self.lexicon, self.markers.max_gap)
        for sequence in pattern.sequences():
            for slot in sequence.slots:
                if slot not in self._slots:
                    self._slots[slot] = len(self._slot_list)
                    self._slot_list.append(slot)
                    for word in slot.words:
                        self._by_word.setdefault(word, set()).add(self._slots[slot])
                    for word in slot.exact:
                        self._by_exact.setdefault(word, set()).add(self._slots[slot])
                    self._prefix_slots += [(p, self._slots[slot]) for p in slot.prefixes]
                    self._word_slots.clear()
        self.patterns.append(pattern)
        self._pattern_slots[pattern] = tuple(
            tuple(frozenset(self._slots[s] for s in sequence.slots) for sequence in part) for part in pattern.parts
        )
        for sequence in pattern.sequences():
            for slot in sequence.slots:
                self._patterns_of_slot.setdefault(self._slots[slot], set()).add(pattern)
        return pattern

    def present(self, reading) -> set[Pattern]:
        """The patterns whose every word occurs somewhere in a read text (the only ones worth `find`)."""
        filled = set().union(*(f for _, slots, _ in reading for f in slots))
        candidates = set().union(*(self._patterns_of_slot.get(i, ()) for i in filled))
        return {
            p for p in candidates
            if all(any(alternative <= filled for alternative in part) for part in self._pattern_slots[p])
        }

    def slots_of(self, word: str) -> frozenset[int]:
        """The slot ids a written word fills (cached per word)."""
        found = self._word_slots.get(word)
        if found is None:
            keys = self.lexicon.keys(word)
            lower = word.casefold()
            ids = {i for k in keys for i in self._by_word.get(k, ())}
            ids.update(i for k in {fold(lower), fold(self.lexicon.lemma(lower))} for i in self._by_exact.get(k, ()))
            if self.lexicon.known(lower):
                spellings = self.lexicon.spellings(word) | {lower}
                ids = {i for i in ids if self._slot_list[i].spelled & spellings}
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

    def read(self, text: str) -> list[tuple[Sentence, list[frozenset[int]], dict[str, list[int]]]]:
        """`text` as sentences, each with the slots every token fills and where the marker
        phrases (negation, plans, the past) start: read once, matched by many cues."""
        reading = []
        for sentence in sentences(repaired(text), self._breaks):
            forms = [self.word_forms(t.text) for t in sentence.tokens]
            marks: dict[str, list[int]] = {name: [] for name in self._marks}
            for i, form in enumerate(forms):
                for word in form:
                    for name, phrase in self._marks_by_first.get(word, ()):
                        if starts(forms, i, phrase) and (not marks[name] or marks[name][-1] != i):
                            marks[name].append(i)
            if self._requirement and any(f & self._requirement for f in forms):
                marks["requirement"] = [i for i, f in enumerate(forms) if f & self._requirement]
                marks["modal"] = [i for i, f in enumerate(forms) if "ska" in f]
            reading.append((sentence, [self.slots_of(t.text) for t in sentence.tokens], marks))
        return self.resolved(reading)

    def resolved(self, reading):
        """`reading` with each definite bare noun that refers back to a compound earlier in
        the text read as that compound: in "Ledningsgruppen … Gruppen möts varannan månad"
        the group that meets is the management group, in "Handlingsplanen … Planen antogs"
        the plan adopted is the action plan. A cue then matches what the word refers to."""
        antecedents: dict[str, str] = {}
        for sentence, filled, _ in reading:
            for i, token in enumerate(sentence.tokens):
                word = token.text.casefold()
                head, refers_to = self.lexicon.reference(word)
                if head:
                    antecedents[head] = word
                elif refers_to in antecedents:
                    filled[i] = self.slots_of(antecedents[refers_to])
        return reading

    def find_regex(self, source: str, regex: re.Pattern, reading) -> list[Match]:
        """Every sentence of a `read` text where a regular-expression cue matches."""
        matches = []
        for sentence, _, marks in reading:
            found = regex.search(sentence.text)
            if found:
                start, end = sentence.start + found.start(), sentence.start + found.end()
                positions = [i for i, t in enumerate(sentence.tokens) if t.end > start and t.start < end] or [0]
                matches.append(Match(source, (found.group(),), sentence.text, self.state(sentence, marks, positions)))
        return matches

    def find(self, pattern: Pattern, reading, states: tuple[str, ...] = STATES, one_clause: bool = False) -> list[Match]:
        """Every sentence of a `read` text where `pattern` matches, one match per sentence:
        of its occurrences, the closest-together one in one of `states` (for a weak pattern,
        a topical one first), else the closest. `one_clause`: all its words in one clause
        ("planen sträcker sig till 2030 medan medlen beslutas" is no decision on the plan)."""
        matches = []
        for index, (sentence, filled, marks) in enumerate(reading):
            options = []
            for part in pattern.parts:
                spans = [span for sequence in part
                         for span in sequence_spans(sequence, [self._slots[s] for s in sequence.slots], filled)]
                if not spans:
                    break
                options.append(spans)
            else:
                found = None
                for combination in closest(options):
                    positions = sorted(p for span in combination for p in span)
                    if one_clause and len({sentence.tokens[p].clause for p in positions}) > 1:
                        continue
                    match = Match(pattern.text, tuple(sentence.tokens[p].text for p in positions),
                                  sentence.text, self.state(sentence, marks, positions),
                                  topical(sentence.tokens, combination[0][0], lead=index == 0))
                    if found is None or (match.state in states and (found.state not in states or match.topical > found.topical)):
                        found = match
                    if match.state in states and (match.topical or not pattern.weak):
                        break
                if found:
                    matches.append(found)
        return matches

    def word_forms(self, word: str) -> frozenset[str]:
        """A word's folded form and lemma: what marker words are compared with (no compound parts)."""
        forms = self._forms.get(word)
        if forms is None:
            lower = word.casefold()
            forms = self._forms[word] = frozenset((fold(lower), fold(self.lexicon.lemma(lower))))
        return forms

    def state(self, sentence: Sentence, marks: dict[str, list[int]], positions: list[int]) -> str:
        """negated / planned / past / stated, from the marker words of the match's clauses:
        a negation or a plan earlier in the clause governs what follows ("har ännu ingen
        handlingsplan", "planerar att på sikt ta fram en plan"), a negation within `window`
        words after the match counts too ("planen är inte antagen"), a plan within
        PLANNED_AFTER words ("planen ska antas", not "områden där länet ska lägga kraft");
        the past anywhere in the clause. A sentence opened by "någon/något/några" with a
        negation in it is negated throughout ("Någon plan finns inte"). "ska" in a clause
        with a requirement word ("varje ansökan ska visa") is not a plan."""
        tokens = sentence.tokens
        clauses = {tokens[p].clause for p in positions}
        last = positions[-1]
        ends = {"negation": last + self.markers.window, "planned": last + PLANNED_AFTER, "past": len(tokens)}
        opener = bool(marks["negation"]) and fold(tokens[0].text) in self._openers
        requirement_clauses = {tokens[i].clause for i in marks.get("requirement", ())}
        # Markers that do not count: "ska" of a requirement, and a past after "sedan" ("sedan
        # hösten 2024", "sedan förra året": since then and still, not the past).
        ignored = set(marks.get("modal", ())) if requirement_clauses & clauses else set()
        ignored |= {i for i in marks["past"] if any(t.text.casefold() == "sedan" for t in tokens[max(0, i - SINCE_REACH):i])}
        if sentence.text.rstrip().endswith("?") or any(
                i <= positions[0] and tokens[i].clause in clauses and opens_clause(tokens, i) for i in marks["question"]):
            return "asked"
        if (any(i < last <= i + CONTRAST_REACH for i in marks["contrast"]) or neither_nor(tokens, positions[0])
                or any(fold(t.text) in self._sentence_negation for t in tokens)):
            return "negated"
        for state, name in (("negated", "negation"), ("planned", "planned"), ("past", "past")):
            if state == "negated" and opener:
                return state
            if any(i <= ends[name] and tokens[i].clause in clauses and i not in ignored for i in marks[name]):
                return state
        return "stated"


def opens_clause(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the word at `position` is among the first QUESTION_REACH words of its clause."""
    clause = tokens[position].clause
    return sum(1 for t in tokens[:position] if t.clause == clause) < QUESTION_REACH


def neither_nor(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the word at `position` is one of the things a "varken … eller …" denies, across
    the commas of its list ("varken tillfälliga grupper, åldersindelade grupper eller …")."""
    words = [t.text.casefold() for t in tokens]
    neither = [i for i, w in enumerate(words[:position]) if w == "varken"]
    return bool(neither) and any(i > neither[-1] and position <= i + NOR_REACH for i, w in enumerate(words) if w == "eller")


def topical(tokens: tuple[Token, ...], position: int, lead: bool = False) -> bool:
    """Whether the word at `position` can be what its clause is about: not inside a
    prepositional phrase ("Skolan sitter med i ledningsgruppen" is about school), and either
    in the paragraph's first sentence (`lead`: "Länet har en beslutad handlingsplan") or
    among the first TOPIC_REACH words of its clause (Swedish puts the topic first:
    "Ledningsgruppen träffas …", "och rekryteringsläget är svårt"; not "vilket gör det
    svårt att rekrytera")."""
    clause = tokens[position].clause
    start = position
    while start > 0 and tokens[start - 1].clause == clause:
        start -= 1
    return (lead or position - start < TOPIC_REACH) and not in_prepositional_phrase(tokens, max(start, position - OBLIQUE_REACH), position)


def in_prepositional_phrase(tokens: tuple[Token, ...], start: int, position: int) -> bool:
    """Whether a preposition between `start` and `position` governs the word at `position`:
    only the words of a noun phrase may stand between them ("i den länsgemensamma
    ledningsgruppen"); a verb or a noun ends the phrase ("Under samverkansgruppen tillsätts
    arbetsgrupper": the groups are the subject)."""
    for index in range(position - 1, start - 1, -1):
        word = tokens[index].text.casefold()
        if word in PREPOSITIONS:
            return True
        if not noun_phrase_word(word):
            return False
    return False


def noun_phrase_word(word: str) -> bool:
    """Whether a word can stand between a preposition and its noun: an article, a determiner,
    a number, a genitive or an inflected adjective (without parts of speech, by its form)."""
    return word in NOUN_PHRASE_WORDS or word.isdigit() or word.endswith(NOUN_PHRASE_ENDINGS)


def starts(words: list[frozenset[str]], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether the phrase starts at word i (each word given as its form and lemma)."""
    return i + len(phrase) <= len(words) and all(phrase[j] in words[i + j] for j in range(len(phrase)))


def sequence_spans(sequence: Sequence, slot_ids: list[int], filled: list[frozenset[int]]) -> list[list[int]]:
    """Token positions of every occurrence of `sequence` in a sentence (one per start)."""
    spans = []
    for start in (i for i, f in enumerate(filled) if slot_ids[0] in f):
        span = [start]
        for slot_id, gap in zip(slot_ids[1:], sequence.gaps):
            previous = span[-1]
            nxt = next((i for i in range(previous + 1, min(len(filled), previous + gap + 2)) if slot_id in filled[i]), None)
            if nxt is None:
                break
            span.append(nxt)
        else:
            spans.append(span)
    return spans


def closest(options: list[list[list[int]]]) -> list[tuple[list[int], ...]]:
    """Combinations of one occurrence per `&` part, closest together first (their words then
    share a clause: "skolan är inte med, men skolcheferna ska bjudas in")."""
    combinations = list(itertools.islice(itertools.product(*options), 50))
    return sorted(combinations, key=lambda c: max(p for s in c for p in s) - min(p for s in c for p in s))
