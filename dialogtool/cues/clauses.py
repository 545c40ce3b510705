"""What a clause says of the words in it: negated, planned, past, asked, or stated — and
whether a word is the clause's topic or only mentioned in passing.

Every match gets the state of its clause — `negated` ("har ingen handlingsplan", "ännu inte
startat", "saknar"), `planned` ("planerar att", "ska"), `past` ("förra året"),
`past_negated` (denied of the past: "Förra året var skolan inte med", which says nothing of
now, neither as a fact nor as a denial), `asked` ("Vi frågade om …") or `stated` — so a rule
can count only stated facts. A word inside a
prepositional phrase ("sitter med i ledningsgruppen", "under ledningsgruppen finns") is a
passing mention, not the topic, so the tagger can ask more of it (see coding/tag.py).

The word lists that decide these states are data (themes.yaml `language:`), read into
`Markers`; this module holds the grammar that applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .lexicon import Lexicon
from .text import Sentence, Token, fold

#: The states a match can be in, from the words of its clause.
STATES = ("stated", "negated", "planned", "past", "past_negated", "asked")
#: The marker lists of `Markers` that are phrases looked for in a sentence's words.
MARKER_PHRASES = ("negation", "contrast", "question", "planned", "past")
#: The single words a sentence's `Marks` also say where they stand: a word that negates the
#: whole sentence, one that answers a question put in it, "varken" and "eller", a word that
#: makes "ska" a requirement ("varje ansökan ska visa") and "ska" itself (`modal`).
WORD_MARKS = ("sentence_negation", "answers", "neither", "nor", "requirement", "modal")
#: Every name a sentence's `Marks` has.
MARKS = (*MARKER_PHRASES, *WORD_MARKS)
#: How far after a contrast ("snarare än", "i stället för att") the word it negates may stand.
CONTRAST_REACH = 6
#: A question word opens its clause within this many words ("Vi frågade också om …", "På vår fråga om …").
QUESTION_REACH = 4
#: How far after "eller" the last thing a "varken … eller" denies may stand.
NOR_REACH = 3
#: A question is put only where an interrogative follows its word within this many words
#: ("På frågan om skolan ingår", "frågade hur"); "Frågan har diskuterats" is a topic, not a question.
ASKS_REACH = 4
#: An answer to the question in the sentence before opens its sentence within this many words
#: ("Länssamordnaren svarade nej: …").
ANSWER_REACH = 4
#: A word of a question offered as an option stands this close to "eller" ("lättare eller svårare").
OPTION_REACH = 2
#: The words that open an indirect question.
INTERROGATIVES = frozenset({"om", "huruvida", "hur", "vad", "vilka", "vilken", "vilket", "varför", "när", "vem"})
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

#: Written before a marker word, compare that form only, not its lemma.
EXACT = "="

#: Marker name → the token positions where one of its phrases starts, in one sentence, and
#: where each of the WORD_MARKS stands: read once per sentence, not once per match in it.
Marks = Mapping[str, tuple[int, ...]]


@dataclass(frozen=True)
class Markers:
    """The words that put a cue in a negated, planned or past clause (themes.yaml `language:`)."""

    negation: tuple[str, ...] = ()
    #: Words that negate their whole sentence wherever they stand ("… blev svaret nej").
    sentence_negation: tuple[str, ...] = ()
    #: Words that answer a question put in the sentence with yes ("… svarade de ja"): the
    #: question is then stated, as "nej" (`sentence_negation`) makes it negated.
    answer_yes: tuple[str, ...] = ()
    #: Words that negate only what follows them ("en hjälp snarare än ett problem": not the help).
    contrast: tuple[str, ...] = ()
    #: Words that make a clause a question put, not a fact ("Vi frågade om insatserna sorteras …").
    question: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()
    #: Words that give the answer to a question put in the sentence ("… svarade deltagarna att
    #: …", "… besvarades med att …"): they start a clause, and what it says is the answer.
    answers: tuple[str, ...] = ()
    #: Words of a run-in label that introduce a remark, not a topic ("Länets bedömning:",
    #: "Noterbart:", "Vår reflektion:"): such a label says nothing of what the sentences are about.
    remark_labels: tuple[str, ...] = ()
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
    #: Abbreviations as investigators write them, each with the word it stands for ("ök" →
    #: "överenskommelse"): a written abbreviation fills the cue slots its word fills.
    abbreviations: tuple[tuple[str, str], ...] = ()


class Clauses:
    """The `Markers` applied to sentences: where marker phrases stand (`marks`, read once per
    sentence) and the state of the clauses a match falls in (`state`)."""

    def __init__(self, markers: Markers, lexicon: Lexicon) -> None:
        self.markers = markers
        self.lexicon = lexicon
        self._forms: dict[str, frozenset[str]] = {}
        self._folded: dict[str, str] = {}
        self._marked_by: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        self._by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for name in MARKER_PHRASES:
            for phrase in getattr(markers, name):
                words = tuple(marker_key(w, lexicon) for w in phrase.split())
                self._by_first.setdefault(words[0], []).append((name, words))
        self._answer_words = frozenset(w.lower() for w in markers.answers)
        self.breaks = frozenset(w.lower() for w in markers.clause_breaks) | self._answer_words
        self._openers = frozenset(fold(w) for w in markers.negative_openers)
        self._sentence_negation = frozenset(fold(w) for w in markers.sentence_negation)
        self._answers = self._sentence_negation | frozenset(fold(w) for w in markers.answer_yes)
        #: Negation words that, opening an answer, make it a no ("– inte aktuellt", "Ingen sådan grupp").
        self._negative_openings = frozenset(fold(w) for w in markers.negation if " " not in w)
        self._requirement = frozenset(fold(w) for w in markers.requirement)

    def word_forms(self, word: str) -> frozenset[str]:
        """A word's folded form, lemma and exact form: what marker words are compared with (no
        compound parts)."""
        forms = self._forms.get(word)
        if forms is None:
            lower = word.casefold()
            forms = self._forms[word] = frozenset((fold(lower), fold(self.lexicon.lemma(lower)), EXACT + fold(lower)))
        return forms

    def folded(self, word: str) -> str:
        """`fold` of a word as written, cached per word: every sentence's words are folded."""
        found = self._folded.get(word)
        if found is None:
            found = self._folded[word] = fold(word)
        return found

    def marked_by(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What `word` can mark, cached per word: the marker phrases (name, words) whose first
        word is one of its forms, then the WORD_MARKS it is (name, no words). Most words mark
        nothing, and `marks` passes them over with this one look-up."""
        found = self._marked_by.get(word)
        if found is None:
            phrases = [entry for form in self.word_forms(word) for entry in self._by_first.get(form, ())]
            found = self._marked_by[word] = (*phrases, *((name, ()) for name in self.word_marks(word)))
        return found

    def word_marks(self, word: str) -> tuple[str, ...]:
        """The WORD_MARKS `word` is."""
        folded, lower, forms = self.folded(word), word.casefold(), self.word_forms(word)
        return tuple(name for name, is_one in (
            ("sentence_negation", folded in self._sentence_negation), ("answers", folded in self._answers),
            ("neither", lower == "varken"), ("nor", lower == "eller"),
            ("requirement", bool(forms & self._requirement)), ("modal", "ska" in forms)) if is_one)

    def marks(self, sentence: Sentence) -> Marks:
        """Where each marker phrase (negation, contrast, question, plans, the past) starts in
        `sentence`, and where each of the WORD_MARKS stands."""
        tokens = sentence.tokens
        marks: dict[str, list[int]] = {}
        cached = self._marked_by
        for i, token in enumerate(tokens):
            marked = cached.get(token.text)
            for name, phrase in self.marked_by(token.text) if marked is None else marked:
                if len(phrase) > 1 and not self.continues(tokens, i, phrase):
                    continue
                found = marks.setdefault(name, [])
                if not found or found[-1] != i:
                    found.append(i)
        return {**dict.fromkeys(MARKS, ()), **{name: tuple(found) for name, found in marks.items()}}

    def continues(self, tokens: tuple[Token, ...], i: int, phrase: tuple[str, ...]) -> bool:
        """Whether the words after token i are the rest of a phrase whose first word it is
        (each word compared by its forms, `word_forms`)."""
        return i + len(phrase) <= len(tokens) and all(
            phrase[j] in self.word_forms(tokens[i + j].text) for j in range(1, len(phrase)))

    def answer(self, sentence: Sentence) -> str:
        """What a sentence that opens with an answer says to the question before it: "negated"
        ("Länssamordnaren svarade nej", "Nej, det gör vi inte", "– inte aktuellt", "Det gör de
        inte"), "stated" ("Ja, sedan i våras"), "" where it opens with none."""
        opening = {self.folded(t.text) for t in sentence.tokens[:ANSWER_REACH]}
        first = self.folded(sentence.tokens[0].text) if sentence.tokens else ""
        if (opening & self._sentence_negation or first in self._negative_openings
                or (first == "det" and opening & self._negative_openings)):
            return "negated"
        if opening & (self._answers - self._sentence_negation):
            return "stated"
        return ""

    def clause_of(self, tokens: tuple[Token, ...], position: int, name: str) -> int:
        """The clause a marker word governs: its own, except a negation that is the subject of
        the clause-breaking word after it ("Ingen beskrev någon synergi": nobody described
        one), which governs that word's clause."""
        after = position + 1
        if name == "negation" and after < len(tokens) and tokens[after].text.lower() in self.breaks:
            return tokens[after].clause
        return tokens[position].clause

    def state(self, sentence: Sentence, marks: Marks, positions: list[int], in_answer: bool = False) -> str:
        """negated / planned / past / stated / asked, from the marker words of the match's clauses
        (a question answered in the same sentence, "… svarade länssamordnaren nej", is what
        the answer makes it):
        a negation or a plan earlier in the clause governs what follows ("har ännu ingen
        handlingsplan", "planerar att på sikt ta fram en plan"), a negation within `window`
        words after the match counts too ("planen är inte antagen"), a plan within
        PLANNED_AFTER words ("planen ska antas", not "områden där länet ska lägga kraft");
        the past anywhere in the clause. A sentence opened by "någon/något/några" with a
        negation in it is negated throughout ("Någon plan finns inte"). "ska" in a clause
        with a requirement word ("varje ansökan ska visa") is not a plan. `in_answer`: the
        positions are the words of an answer given in the sentence, read without the question."""
        tokens = sentence.tokens
        clauses = {tokens[p].clause for p in positions}
        last = positions[-1]
        ends = {"negation": last + self.markers.window, "planned": last + PLANNED_AFTER, "past": len(tokens)}
        opener = bool(marks["negation"]) and self.folded(tokens[0].text) in self._openers
        requirement_clauses = {tokens[i].clause for i in marks["requirement"]}
        # Markers that do not count: "ska" of a requirement, and a past after "sedan" ("sedan
        # hösten 2024", "sedan förra året": since then and still, not the past).
        ignored = set(marks["modal"]) if requirement_clauses & clauses else set()
        ignored |= {i for i in marks["past"] if any(t.text.casefold() == "sedan" for t in tokens[max(0, i - SINCE_REACH):i])}
        if not in_answer and (sentence.text.rstrip().endswith("?") or any(
                i <= positions[0] and tokens[i].clause in clauses and opens_clause(tokens, i) and puts_question(tokens, i)
                for i in marks["question"])) and not marks["answers"]:
            answer = min((t.clause for t in tokens if t.text.lower() in self._answer_words), default=None)
            answered = [p for p in positions if answer is not None and tokens[p].clause >= answer]
            offered = any(tokens[j].text.lower() == "eller" for p in positions if p not in answered
                          for j in range(max(0, p - OPTION_REACH), min(len(tokens), p + OPTION_REACH + 1)))
            # "På fråga om insatserna kopplas i efterhand svarade deltagarna att ingen sådan
            # sortering görs": the words in the answer say what it is — not where the question
            # offered the words as options ("om arbetet blir lättare eller svårare").
            return self.state(sentence, marks, answered, in_answer=True) if answered and not offered else "asked"
        if (any(i < p <= i + CONTRAST_REACH for i in marks["contrast"] for p in positions)
                or neither_nor(marks["neither"], marks["nor"], positions[0]) or marks["sentence_negation"]):
            return "negated"
        def governs(name: str) -> bool:
            return any(i <= ends[name] and self.clause_of(tokens, i, name) in clauses and i not in ignored for i in marks[name])

        if opener or governs("negation"):
            return "past_negated" if governs("past") else "negated"
        for state, name in (("planned", "planned"), ("past", "past")):
            if governs(name):
                return state
        return "stated"


def marker_key(word: str, lexicon: Lexicon) -> str:
    """How a marker word is compared: by its lemma (any form of it), or written `=vore` by
    that form alone (the lemma of "vore" is "vara", which would make every "är" a plan)."""
    if word.startswith(EXACT) and len(word) > 1:
        return EXACT + fold(word[1:].casefold())
    return fold(lexicon.lemma(word.casefold()))


def opens_clause(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the word at `position` is among the first QUESTION_REACH words of its clause."""
    clause = tokens[position].clause
    return sum(1 for t in tokens[:position] if t.clause == clause) < QUESTION_REACH


def puts_question(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the question word at `position` puts a question: it is an interrogative itself
    or one follows within ASKS_REACH words ("Vi frågade om …"), unlike a question named as a
    topic ("Frågan har diskuterats två gånger")."""
    return any(t.text.casefold() in INTERROGATIVES for t in tokens[position:position + ASKS_REACH + 1])


def neither_nor(neither: tuple[int, ...], nor: tuple[int, ...], position: int) -> bool:
    """Whether the word at `position` is one of the things a "varken … eller …" denies, across
    the commas of its list ("varken tillfälliga grupper, åldersindelade grupper eller …"), from
    where the sentence's "varken" (`neither`) and "eller" (`nor`) stand."""
    before = [i for i in neither if i < position]
    return bool(before) and any(i > before[-1] and position <= i + NOR_REACH for i in nor)


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
