"""Matching cues against texts: a text is read once (sentences, the cue slots each word
fills, where the marker words stand) into a `Reading`, and every cue is matched against it.

Each distinct word is looked up once and mapped to the slots it fills, with a typo fallback
for long unknown words; a definite bare noun that refers back to a compound named earlier
("Ledningsgruppen … Gruppen möts") fills that compound's slots. A cue counts in a sentence
where its pattern (or regex) matches in one of the states it counts in (`when:`) and its
`unless:` pattern does not occur.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .clauses import STATES, Clauses, Markers, Marks, topical
from .grammar import Cue, Pattern, Slot, parse_pattern
from .lexicon import Lexicon, near_misses
from .text import Sentence, fold, is_label, label_length, repaired, sentences

#: How many combinations of one occurrence per `&` part are tried in one sentence.
MAX_COMBINATIONS = 50
#: The positions of a slot one word of its sentence fills, as most are filled, made once:
#: `slot_positions` then makes no tuple for them (a tuple per slot and sentence was half of
#: the objects reading a paragraph left to the garbage collector).
ONCE = tuple((position,) for position in range(256))


@dataclass(frozen=True)
class ReadSentence:
    """One sentence of a `Reading`: its tokens, the slot ids each token fills, and where the
    marker phrases (negation, plans, the past, …) start."""

    sentence: Sentence
    slots: tuple[frozenset[int], ...]
    marks: Marks
    #: The first sentence of a paragraph read: whatever it names can be the paragraph's topic
    #: ("Länet har en beslutad handlingsplan"), wherever it stands in its clause.
    opens: bool = False
    #: The run-in label the sentence stands under ("Länsgemensam handlingsplan: Klart. Antagen
    #: i juni."), from its paragraph's opening or its list's lead: the slot ids and words of
    #: the thing the sentence speaks of without naming it.
    topic: tuple[frozenset[int], ...] = ()
    topic_words: tuple[str, ...] = ()
    #: Where the sentence puts a question and the next one opens with its answer ("Jag frågade
    #: om de sorterar i efterhand. Länssamordnaren svarade nej.", or after a speaker's label,
    #: "LS: Nej, det gör vi inte."): the state the answer gives.
    answered: str = ""
    #: Slot id → the positions of the tokens that fill it, in order (`slot_positions`): where
    #: a cue's occurrences can start and go on, without scanning every token per cue.
    positions: Mapping[int, tuple[int, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Reading:
    """A text read once, to be matched by many cues: its sentences, and the patterns whose
    every word occurs somewhere in it (the only ones worth matching; patterns added to the
    matcher after the text was read are not among them)."""

    sentences: tuple[ReadSentence, ...]
    present: frozenset[Pattern]


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
        """The matched words and the cue, as a code's evidence shows them."""
        return f"{'… '.join(self.words)} (cue '{self.pattern}')"


@dataclass(frozen=True)
class Trial:
    """A sentence where a cue's words occur, and whether the cue counts there: the clause is
    in one of the cue's states, and no `unless:` pattern cancels it."""

    match: Match
    #: The match's state is one the cue counts in (`when:`).
    in_state: bool
    #: The `unless:` pattern's match in the same sentence, which cancels the cue.
    cancelled_by: Match | None = None

    @property
    def counts(self) -> bool:
        """Whether the cue counts in this sentence: in one of its states and not cancelled."""
        return self.in_state and self.cancelled_by is None


@dataclass
class Matcher:
    """Many cue patterns matched against texts, fast: each distinct word is looked up once
    and mapped to the slots it fills (with a typo fallback for long unknown words)."""

    markers: Markers
    lexicon: Lexicon = field(default_factory=Lexicon)

    def __post_init__(self) -> None:
        self.clauses = Clauses(self.markers, self.lexicon)
        self._remarks = frozenset(fold(self.lexicon.lemma(w.casefold())) for w in self.markers.remark_labels)
        self.patterns: list[Pattern] = []
        self._slots: dict[Slot, int] = {}
        self._slot_list: list[Slot] = []
        self._by_word: dict[str, set[int]] = {}
        #: Length → the cue words a typo can be a near miss of (`fuzzy_min_length` - 1 letters
        #: or more), for `lexicon.near_misses`.
        self._typo_targets: dict[int, list[str]] = {}
        self._by_exact: dict[str, set[int]] = {}
        #: Prefix (`skol*`) → its slot ids, looked up by each length a prefix has.
        self._by_prefix: dict[str, set[int]] = {}
        #: The lengths of the prefixes: a word's keys are cut to each to look them up.
        self._prefix_lengths: set[int] = set()
        self._word_slots: dict[str, frozenset[int]] = {}
        #: Written word → `word_reading`.
        self._words: dict[str, tuple[frozenset[int], str | None, str | None]] = {}
        self._abbreviations = dict(self.markers.abbreviations)
        #: Contexts read (a list's lead sentence serves every item of the list).
        self._paragraphs: dict[str, tuple[ReadSentence, ...]] = {}
        #: (text, context) → its `Reading` (`read`), forgotten when a pattern is added.
        self._readings: dict[tuple[str, str], Reading] = {}
        #: Each alternative (a sequence's slot ids) of each part of each pattern, under the one
        #: of its slots that keys the fewest: a text is only matched against the patterns whose
        #: every part it fills an alternative of (`Reading.present`), and finding them checks
        #: only the alternatives keyed by a slot the text fills.
        self._alternatives_of_slot: dict[int, list[tuple[Pattern, int, frozenset[int]]]] = {}
        #: Each pattern's sequences as (slot ids in order, gaps), per part: what `find` walks.
        self._pattern_ids: dict[Pattern, tuple[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...], ...]] = {}
        #: (sentence, match positions) → the state of its clauses (`Clauses.state`), which
        #: only the sentence's words decide: many cues, and the tagger and the classifier,
        #: match the same words of a sentence.
        self._states: dict[tuple[str, tuple[int, ...]], str] = {}

    def add(self, text: str) -> Pattern:
        """Parse and register a cue (PatternError when it cannot be read)."""
        pattern = parse_pattern(text, self.lexicon, self.markers.max_gap)
        for sequence in pattern.sequences():
            for slot in sequence.slots:
                if slot not in self._slots:
                    self._slots[slot] = len(self._slot_list)
                    self._slot_list.append(slot)
                    for word in slot.words:
                        if word not in self._by_word and len(word) >= self.markers.fuzzy_min_length - 1:
                            self._typo_targets.setdefault(len(word), []).append(word)
                        self._by_word.setdefault(word, set()).add(self._slots[slot])
                    for word in slot.exact:
                        self._by_exact.setdefault(word, set()).add(self._slots[slot])
                    for prefix in slot.prefixes:
                        self._by_prefix.setdefault(prefix, set()).add(self._slots[slot])
                        self._prefix_lengths.add(len(prefix))
                    self._word_slots.clear()
                    self._words.clear()
                    self._paragraphs.clear()
        self.patterns.append(pattern)
        self._readings.clear()  # a reading's `present` holds the patterns there were
        self._pattern_ids[pattern] = tuple(
            tuple((tuple(self._slots[s] for s in sequence.slots), sequence.gaps) for sequence in part) for part in pattern.parts
        )
        for index, part in enumerate(self._pattern_ids[pattern]):
            for ids, _ in part:
                key = min(ids, key=lambda i: (len(self._alternatives_of_slot.get(i, ())), i))
                self._alternatives_of_slot.setdefault(key, []).append((pattern, index, frozenset(ids)))
        return pattern

    def fresh(self) -> Matcher:
        """A matcher with this one's patterns (the same objects, which cues refer to) and
        nothing it has read: a codebook read again starts from what the file says. The lexicon
        is shared: it only remembers what each word is, which no text read changes."""
        matcher = Matcher(self.markers, self.lexicon)
        matcher.patterns = list(self.patterns)
        matcher._slots, matcher._slot_list = dict(self._slots), list(self._slot_list)
        matcher._by_word = {word: set(ids) for word, ids in self._by_word.items()}
        matcher._typo_targets = {length: list(words) for length, words in self._typo_targets.items()}
        matcher._by_exact = {word: set(ids) for word, ids in self._by_exact.items()}
        matcher._by_prefix = {prefix: set(ids) for prefix, ids in self._by_prefix.items()}
        matcher._prefix_lengths = set(self._prefix_lengths)
        matcher._pattern_ids = dict(self._pattern_ids)
        matcher._alternatives_of_slot = {slot: list(keyed) for slot, keyed in self._alternatives_of_slot.items()}
        return matcher

    def present(self, sentences: list[ReadSentence] | tuple[ReadSentence, ...]) -> frozenset[Pattern]:
        """The patterns whose every word occurs somewhere in the sentences read: those with,
        in each part, an alternative whose every slot is filled."""
        filled = set().union(*(read.positions for read in sentences))
        keyed = self._alternatives_of_slot
        present: set[Pattern] = set()
        parts_met: dict[Pattern, set[int]] = {}
        for slot in keyed.keys() & filled:  # looks up the smaller side's slots in the other
            for pattern, part, alternative in keyed[slot]:
                if not alternative <= filled:
                    continue
                if len(pattern.parts) == 1:
                    present.add(pattern)
                elif pattern in parts_met:
                    parts_met[pattern].add(part)
                else:
                    parts_met[pattern] = {part}
        return frozenset(present.union(p for p, met in parts_met.items() if len(met) == len(p.parts)))

    def slots_of(self, word: str) -> frozenset[int]:
        """The slot ids a written word fills (cached per word); an abbreviation fills its word's."""
        found = self._word_slots.get(word)
        if found is None and word.casefold() in self._abbreviations:
            found = self._word_slots[word] = self.slots_of(self._abbreviations[word.casefold()])
        if found is None:
            keys = self.lexicon.keys(word)
            lower = word.casefold()
            ids = {i for k in keys for i in self._by_word.get(k, ())}
            ids.update(i for k in {fold(lower), fold(self.lexicon.lemma(lower))} for i in self._by_exact.get(k, ()))
            if self.lexicon.known(lower):
                spellings = self.lexicon.spellings(word) | {lower}
                ids = {i for i in ids if self._slot_list[i].spelled & spellings}
            ids.update(self.prefixed_slots(keys))
            if not ids and len(word) >= self.markers.fuzzy_min_length and not self.lexicon.known(word.casefold()):
                ids = self.fuzzy_slots(fold(word))
            found = self._word_slots[word] = frozenset(ids)
        return found

    def prefixed_slots(self, keys: frozenset[str]) -> set[int]:
        """Slots of the prefixes (`skol*`) one of a word's keys starts with: each key's start
        of each prefix length looked up, rather than every prefix tried on every key."""
        return {i for key in keys for length in self._prefix_lengths for i in self._by_prefix.get(key[:length], ())}

    def fuzzy_slots(self, word: str) -> set[int]:
        """Slots of the cue words a misspelt word is a near miss of (`lexicon.near_misses`)."""
        return {i for cue_word in near_misses(word, self._typo_targets) for i in self._by_word[cue_word]}

    def read(self, text: str, context: str = "") -> Reading:
        """`text` read once for many cues, with its `context`: what introduces it (a list's
        lead sentence, see coding/passages.py), read as a paragraph of its own. The text's
        sentences come first, so that of equal matches its own words are the evidence. A
        context that is only a label ("Krav på varje ansökan:"), or the run-in label it opens
        with ("Stimulansmedel: nytt sätt att fördela …"), is the topic of every sentence of the
        text. A heading without a colon ("Handlingsplanen") is context, not a topic: the
        sentences under it have subjects of their own ("Delmålen ligger utanför det vi kan
        besluta om" is no decision on the plan). Kept per text and context: the quotes weigh
        a sentence once for each theme they look for (`coding.tag.theme_weight`)."""
        found = self._readings.get((text, context))
        if found is None:
            found = self._readings[text, context] = self.reading(text, context)
        return found

    def reading(self, text: str, context: str) -> Reading:
        """`text` read with its `context` (`read`, which keeps what it read)."""
        own = self.paragraph(text)
        lead = self.paragraph(context) if context else ()
        if lead:
            first = lead[0]
            named = self.topic_length(first.sentence)
            if named:
                own = tuple(replace(read, topic=first.slots[:named] + read.topic,
                                    topic_words=tuple(t.text for t in first.sentence.tokens[:named]) + read.topic_words)
                            for read in own)
        read = own + lead
        return Reading(read, self.present(read))

    def paragraph(self, text: str) -> tuple[ReadSentence, ...]:
        """The sentences of one paragraph read; its first sentence `opens` it. A definite
        noun refers back only within its paragraph: in a list item, "Gruppen" is the item's
        group, not the one its lead named. Kept per text: the tagger and the classifier read
        the same paragraphs, and a list's lead is read for each of its items."""
        if text not in self._paragraphs:
            found = sentences(repaired(text), self.clauses.breaks)
            slots = self.resolved(found)
            label = self.topic_length(found[0]) if found else 0
            topic = tuple(slots[0][:label]) if label else ()
            words = tuple(t.text for t in found[0].tokens[:label]) if label else ()
            answers = [next((self.clauses.answer(after) for after in found[i + 1:] if not is_label(after.text)), "")
                       for i in range(len(found))]
            self._paragraphs[text] = tuple(
                ReadSentence(sentence, tuple(filled), self.clauses.marks(sentence), i == 0,
                             topic if i else (), words if i else (), answers[i], slot_positions(filled))
                for i, (sentence, filled) in enumerate(zip(found, slots)))
        return self._paragraphs[text]

    def paragraphs_read(self) -> int:
        """How many paragraphs this matcher has read (and keeps)."""
        return len(self._paragraphs)

    def resolved(self, found: list[Sentence]) -> list[list[frozenset[int]]]:
        """The slot ids each token of the sentences fills, with each definite bare noun that
        refers back to a compound earlier in the text read as that compound: in
        "Ledningsgruppen … Gruppen möts varannan månad" the group that meets is the management
        group, in "Handlingsplanen … Planen antogs" the plan adopted is the action plan. A cue
        then matches what the word refers to."""
        antecedents: dict[str, str] = {}
        known = self._words
        slots = []
        for sentence in found:
            filled = []
            for token in sentence.tokens:
                ids, head, refers_to = known.get(token.text) or self.word_reading(token.text)
                if head:
                    antecedents[head] = token.text.casefold()
                elif refers_to in antecedents:
                    ids = self.slots_of(antecedents[refers_to])
                filled.append(ids)
            slots.append(filled)
        return slots

    def word_reading(self, word: str) -> tuple[frozenset[int], str | None, str | None]:
        """The slot ids a written word fills (`slots_of`) and its `lexicon.reference` (the head
        it names, or the compound head it can refer back to), cached per word: what `resolved`
        needs of every word, in one look-up."""
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = (self.slots_of(word), *self.lexicon.reference(word.casefold()))
        return found

    def matches(self, cue: Cue, reading: Reading) -> list[Match]:
        """The sentences of a read text where `cue` counts (its states, no `unless` in the sentence)."""
        return [trial.match for trial in self.tried(cue, reading) if trial.counts]

    def tried(self, cue: Cue, reading: Reading) -> list[Trial]:
        """Every sentence of a read text where `cue`'s pattern or regex occurs, with whether
        the cue counts there and why not (its state, or the `unless:` match)."""
        if cue.regex is not None:
            found = self.find_regex(cue.text, cue.regex, reading)
        elif cue.pattern not in reading.present:
            return []
        else:
            found = self.find(cue.pattern, reading, cue.when, one_clause=cue.within == "clause")
        cancelling = {m.sentence: m for m in self.find(cue.unless, reading)} if cue.unless is not None and found else {}
        return [Trial(m, m.state in cue.when, cancelling.get(m.sentence)) for m in found]

    def sentence_trials(self, cue: Cue, text: str) -> list[tuple[str, Trial | None]]:
        """Each sentence of `text` with the cue's trial in it, or None where its words do not
        occur: how one cue reads a text, sentence by sentence (`dialogtool cue`)."""
        reading = self.read(text)
        tried = {trial.match.sentence: trial for trial in self.tried(cue, reading)}
        return [(read.sentence.text, tried.get(read.sentence.text)) for read in reading.sentences]

    def find_regex(self, source: str, regex: re.Pattern, reading: Reading) -> list[Match]:
        """Every sentence of a `read` text where a regular-expression cue matches."""
        matches = []
        for read in reading.sentences:
            sentence = read.sentence
            found = regex.search(sentence.text)
            if found:
                start, end = sentence.start + found.start(), sentence.start + found.end()
                positions = [i for i, t in enumerate(sentence.tokens) if t.end > start and t.start < end] or [0]
                matches.append(Match(source, (found.group(),), sentence.text, self.state(read, positions)))
        return matches

    def find(self, pattern: Pattern, reading: Reading, states: tuple[str, ...] = STATES, one_clause: bool = False) -> list[Match]:
        """Every sentence of a `read` text where `pattern` matches, one match per sentence:
        of its occurrences, the closest-together one in one of `states` (for a weak pattern,
        a topical one first), else the closest. `one_clause`: all its words in one clause
        ("planen sträcker sig till 2030 medan medlen beslutas" is no decision on the plan)."""
        matches = []
        parts = self._pattern_ids[pattern]
        for read in reading.sentences:
            sentence = read.sentence
            options = []
            labelled: list[str] = []
            for part in parts:
                spans = [span for ids, gaps in part for span in sequence_spans(ids, gaps, read.positions)]
                named = [] if spans or len(parts) == 1 or one_clause else self.topic_words(part, read)
                if named:
                    labelled += named
                    continue
                if not spans:
                    break
                options.append(spans)
            else:
                found = None
                for combination in closest(options) if options else ():
                    positions = sorted(p for span in combination for p in span)
                    if one_clause and len({sentence.tokens[p].clause for p in positions}) > 1:
                        continue
                    match = Match(pattern.text, (*labelled, *(sentence.tokens[p].text for p in positions)),
                                  sentence.text, self.state(read, positions),
                                  topical(sentence.tokens, positions[0] if labelled else combination[0][0], lead=read.opens))
                    if found is None or (match.state in states and (found.state not in states or match.topical > found.topical)):
                        found = match
                    if match.state in states and (match.topical or not pattern.weak):
                        break
                if found:
                    matches.append(found)
        return matches


    def topic_length(self, sentence: Sentence) -> int:
        """How many words of a paragraph's first sentence are a run-in label naming its topic
        (`label_length`); 0 where the label introduces a remark ("Länets bedömning:")."""
        length = label_length(sentence)
        return 0 if self.is_remark(sentence.tokens[:length]) else length

    def is_remark(self, tokens) -> bool:
        return any(self.clauses.word_forms(t.text) & self._remarks for t in tokens)

    def state(self, read: ReadSentence, positions: list[int]) -> str:
        """The state of a match's clauses (`Clauses.state`, kept per sentence and positions);
        a question the next sentence answers is what the answer makes it."""
        key = (read.sentence.text, tuple(positions))
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = self.clauses.state(read.sentence, read.marks, positions)
        return read.answered if state == "asked" and read.answered else state

    def topic_words(self, part: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...], read: ReadSentence) -> list[str]:
        """The words of the sentence's label (`ReadSentence.topic`) that fill one part of an
        `a & b` pattern (its sequences' slot ids and gaps), which the sentence then need not
        name itself: under "Länsgemensam handlingsplan:", "Antagen i juni" says that the plan
        was adopted."""
        positions = slot_positions(read.topic)
        for ids, gaps in part:
            spans = sequence_spans(ids, gaps, positions)
            if spans:
                return [read.topic_words[p] for p in spans[0]]
        return []


def slot_positions(filled: list[frozenset[int]] | tuple[frozenset[int], ...]) -> dict[int, tuple[int, ...]]:
    """Slot id → the positions of the tokens that fill it, in order, from each token's slot ids."""
    positions: dict[int, list[int]] = {}
    for position, slots in enumerate(filled):
        for slot in slots:
            positions.setdefault(slot, []).append(position)
    return {slot: ONCE[found[0]] if len(found) == 1 and found[0] < len(ONCE) else tuple(found)
            for slot, found in positions.items()}


def sequence_spans(slot_ids: tuple[int, ...], gaps: tuple[int, ...], positions: Mapping[int, tuple[int, ...]]) -> list[list[int]]:
    """Token positions of every occurrence of a sequence (its slot ids and the gaps allowed
    after each) in a sentence (`slot_positions`), one per start: each next word is the first
    that fills its slot within the gap."""
    spans = []
    for start in positions.get(slot_ids[0], ()):
        span = [start]
        for slot_id, gap in zip(slot_ids[1:], gaps):
            previous = span[-1]
            after = positions.get(slot_id, ())
            nxt = bisect.bisect_right(after, previous)
            if nxt == len(after) or after[nxt] > previous + gap + 1:
                break
            span.append(after[nxt])
        else:
            spans.append(span)
    return spans


def closest(options: list[list[list[int]]]) -> list[tuple[list[int], ...]]:
    """Combinations of one occurrence per `&` part, closest together first (their words then
    share a clause: "skolan är inte med, men skolcheferna ska bjudas in")."""
    combinations = list(itertools.islice(itertools.product(*options), MAX_COMBINATIONS))
    return sorted(combinations, key=lambda c: max(p for s in c for p in s) - min(p for s in c for p in s))
