"""Words as the cue language knows them: lemmas, compounds, regular verb forms and typos.

- inflection: each word is lemmatised once (simplemma, Swedish data shipped with it), so
  the cue `handlingsplan` matches handlingsplanen, handlingsplaner, handlingsplanerna;
- compounds: a word is also split into modifier + head where both are known words, so
  `gemensam` and `länsgemensam` match "länsgemensamma", and `samsjuklighet` matches
  "samsjuklighetsreformen";
- a definite bare noun can refer back to a compound named before ("Gruppen" →
  "ledningsgruppen"): the lexicon tells which words can (`reference`);
- typos: a longer word the lexicon does not know is compared with the cue words by edit
  distance (rapidfuzz, `near_miss`);
- diacritics: every key is also kept folded (å/ä/ö → a/o), and a word the lexicon knows is
  held to its spelling ("andra" is not "ändra").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .lemmas import is_known, lemmatize
from .text import fold

#: Lemmas simplemma gets wrong for these notes: "ska"/"skall"/"skulle" are the auxiliary, not
#: "skola" (school), "plan" is the noun, not the verb "plana", "äldre" (the elderly) is not "gammal",
#: "vuxen" (adult) is not "växa", "övervägande" (mostly) is not "överväga", "bredd" (breadth) is not "bredda".
#: Pronouns are their own lemmas: simplemma reads "det" as "den", so a cue's "=den" (the plan
#: of the sentence before) matched "det vi kan besluta om".
LEMMA_FIXES = {"det": "det", "den": "den", "detta": "detta", "denna": "denna", "övervägande": "övervägande", "bredd": "bredd", "bredden": "bredd", "vuxen": "vuxen", "ska": "ska", "skall": "ska", "skulle": "skulle", "äldre": "äldre", "plan": "plan", "era": "era", "utkast": "utkast", "delar": "del"}

#: Function words are never the parts of a compound ("återrapporteringen" is not "återrapporter" + "ingen").
FUNCTION_WORDS = frozenset(
    "ingen inga inget inte eller under efter från till över mellan som att och för med man han hon den det "
    "ett en ska kan vara har ha vid hos mot samt sig sin sina där här nu redan".split()
)

#: Shortest part of a compound, and shortest stem of a modifier.
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
#: A near miss (a typo of a cue word) may have an inflection ending of this many letters,
#: and be compared with up to this many letters more than the cue word has.
MISS_ENDING = 4
MISS_STRETCH = 2


class Lexicon:
    """Word → the keys it can be matched by (lemma, compound parts), each word worked out once."""

    def __init__(self) -> None:
        self._keys: dict[str, frozenset[str]] = {}
        self._spellings: dict[str, frozenset[str]] = {}
        self._heads: dict[str, str] = {}
        self._references: dict[str, tuple[str | None, str | None]] = {}
        self._lemmas: dict[str, str] = {}
        self._known: dict[str, bool] = {}

    def lemma(self, word: str) -> str:
        """The lemma of a lower-case word (cached; simplemma plus LEMMA_FIXES)."""
        lemma = self._lemmas.get(word)
        if lemma is None:
            lemma = LEMMA_FIXES.get(word) or lemmatize(word).casefold()
            self._lemmas[word] = lemma
        return lemma

    def known(self, word: str) -> bool:
        """Whether the lexicon knows a lower-case word (only unknown words are read with
        folded diacritics and as typos); cached, as every matcher asks it of every new word."""
        found = self._known.get(word)
        if found is None:
            found = self._known[word] = word in LEMMA_FIXES or is_known(word)
        return found

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
        if not is_known(word):
            return None
        lemma = lemmatize(word)
        if lemma != lemma.lower() or len(lemma) > len(word) + 1:
            return None
        return lemma


def verb_forms(word: str) -> set[str]:
    """The regular forms of a verb written in the infinitive ("sortera" → sorterar, sorterade,
    sorterat, sorteras …): the lexicon lemmatises some of them wrongly ("sorterar" → sorterare),
    and a cue must not miss the verb it names."""
    if len(word) < 5 or not word.endswith("a"):
        return set()
    return {word + ending for ending in VERB_ENDINGS}


def near_misses(word: str, cue_words: Mapping[int, Sequence[str]]) -> set[str]:
    """The cue words (by length) a (folded) word the lexicon does not know is a misspelling
    of: edit distance 1 (2 from 12 letters) from the word's beginning, which leaves an
    inflection ending of up to MISS_ENDING letters and has from one letter fewer than the cue
    word to MISS_STRETCH more. Each beginning is compared with every cue word of a length in
    reach in one rapidfuzz call, not one call per cue word."""
    limit = 1 if len(word) < 12 else 2
    found: set[str] = set()
    for cut in range(max(0, len(word) - MISS_ENDING), len(word) + 1):
        candidates = [c for length in range(cut - MISS_STRETCH, cut + 2) for c in cue_words.get(length, ())]
        found.update(c for c, _, _ in process.extract(word[:cut], candidates, scorer=Levenshtein.distance,
                                                       score_cutoff=limit, limit=None))
    return found
