"""Find what identifies a county, municipality, region, person or workplace in a text.

The report promises anonymised quotes, so every segment is searched before anything leaves
the tool. The text is first normalised (`normalise.py`: decomposed letters, invisible
characters, look-alike letters), and every finding points into the text as written. Found:
- places (`lexicon.py`'s gazetteer): the 21 counties, 21 regions and 290 municipalities with
  their genitive, compound and "Region …"/"… kommun"/"… län" forms, misspelt ones
  ("Region Värmalnd", by edit distance), demonyms ("kronobergarna", "skåningar"), localities,
  provinces, hospitals, universities and employers that give their town away; schools,
  hospitals and health centres whose own name says which one ("Katedralskolan",
  "Vårdcentralen Ekan");
- people (`people.py`);
- e-mail and web addresses, phone numbers, personal identity numbers, street addresses, and
  the county's number of municipalities where only one county has that many (`patterns.py`);
- "kontrollera": any other capitalised sequence or acronym that is no Swedish word (hunspell-sv)
  and no national name ("Sjugruppen", "Social ReKo", "LSVN"). It may be a local body, a
  place or a name the lists lack; the investigator decides, and `allowlist.txt` takes it away.

Some place names are ordinary words or first names ("Mark", "Vara", "Lund", "Boden"): those
count only written with a capital, and "Mark"/"Vara" only where a capital is not explained by
a sentence start (or where "kommun" follows, or a list of places goes on). National bodies and
reforms (`data/not_identifying.txt`) and the investigator's allow-list are never findings.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from ..cues.lemmas import is_known
from ..model import Segment
from .lexicon import (
    Place, gazetteer, is_swedish_word, ordinary_word, spelt_as_written, longest_place, multiword_starts, not_identifying, sweden_rows,
    word_list, word_set,
)
from .normalise import normalised
from .patterns import municipality_count_findings, pattern_findings
from .people import name_cue, name_spelling, person_findings
from .wholes import opens_sentence_only, whole_names
from .text import (
    JOIN, TITLE_WORD, Cues, Finding, Token, adjacent, at_sentence_start, finding_over, prefix_tree, tokens_of,
    with_word_before,
)

FINDING_COLUMNS = ["county", "segment_id", "kind", "text", "start", "end"]
#: The kind of an unknown capitalised sequence or acronym: for the investigator to check.
CHECK = "kontrollera"
#: Words that open a region's name: what capitalised words follow them name a region.
REGION_WORDS = ("region", "landstinget")
#: Shortest name whose open endings are safe ("Umeåsatsningen").
MIN_OPEN_ENDING = 6
#: Shortest place name, word after it and whole that make a compound such as "Umeåprojektet"
#: ("Ånge" + "sten" is "Ångesten"); a whole that is a word itself ("Ångestriden") is none.
MIN_COMPOUND_PART = 4
MIN_COMPOUND = 10
#: How far a misspelling may be from a county's, region's or municipality's name (edit operations,
#: a swapped pair counting one), by the name's length: none below 6 letters, where too many
#: ordinary words lie one letter from a place.
FUZZY_DISTANCE = ((6, 1), (10, 2))
#: The shortest and longest beginning of a word looked up among the stems of place-derived words.
DERIVED_OPENING, DERIVED_LONGEST = 4, 16
#: How a word at a sentence start may split into known words: at most three parts, each of two
#: letters or more ("ny|brotts|arbete").
MAX_COMPOUND_PARTS = 3
MIN_WORD_PART = 2
MIN_LAST_PART = 4


def find_identifiers(text: str, allow=()) -> list[Finding]:
    """Every identifying detail in `text`, in order, none overlapping; national names and `allow` terms
    excepted. The text is read normalised; each finding's start, end and text are the original's."""
    reading = normalised(text)
    found = findings_in(reading.text, tuple(allow))
    if reading.origin is None:
        return found
    spans = [reading.span(f.start, f.end) for f in found]
    return [Finding(f.kind, text[start:end], start, end) for f, (start, end) in zip(found, spans)]


def qualified(text: str, span: tuple[int, int]) -> bool:
    """Whether a national name has a direction before it that makes it a part: "Västra Mälardalen"."""
    before = text[: span[0]].split()
    return bool(before) and before[-1].casefold() in word_set("directions")


def findings_in(text: str, allow: tuple[str, ...]) -> list[Finding]:
    """The findings in a normalised text."""
    tokens = tokens_of(text)
    cues = cued_tokens(tokens)
    found = pattern_findings(text) + place_findings(text, tokens, cues) + municipality_count_findings(text)
    found += institution_findings(text, tokens, cues, found)
    found += person_findings(text, tokens, cues, found)
    kept = without_overlaps(found)
    excepted = [span for span in term_spans(text, allow) if not qualified(text, span)]
    allowed = {term.casefold() for term in allow}
    kept = [
        f for f in kept
        if not any(s <= f.start and f.end <= e for s, e in excepted)
        and f.text.casefold() not in allowed and f.text.casefold().removesuffix("s") not in allowed
    ]
    unknown = unknown_name_findings(text, tokens, cues, kept, excepted, allowed)
    return whole_names(text, tokens, sorted(kept + unknown, key=lambda f: f.start))


#: The bits of `word_cues`: which finders look at a word.
PLACE_CUE, WORKPLACE_CUE, NAME_CUE, CAPITAL_CUE, NAME_IN_CAPITALS_CUE = 1, 2, 4, 8, 16


def cued_tokens(tokens: list[Token]) -> Cues:
    """The tokens each finder looks at (`Cues`), from one look-up per token: a finder that asked
    its own question of every token of every paragraph cost more than all it then found."""
    marked = [(index, bits) for index, token in enumerate(tokens) if (bits := word_cues(token.text))]
    return Cues(*([index for index, bits in marked if bits & bit]
                  for bit in (PLACE_CUE, WORKPLACE_CUE, NAME_CUE, CAPITAL_CUE, NAME_IN_CAPITALS_CUE)))


@lru_cache(maxsize=1 << 16)
def word_cues(word: str) -> int:
    """Which finders look at a word, as bits: a place may start at it (`may_open_place`), it
    signals a workplace's name (`institution_cue`) or, as names are read, a person's name
    (`name_cue`), it is capitalised (unknown names are runs of such words), names read it
    otherwise (`name_spelling`). Most words are none (0). The answer depends on the word alone,
    and a paragraph's words recur: each is asked once."""
    spelling = name_spelling(word)
    return ((PLACE_CUE if may_open_place(word) else 0) | (WORKPLACE_CUE if institution_cue(word) else 0)
            | (NAME_CUE if name_cue(spelling) else 0) | (CAPITAL_CUE if capitalised(word) else 0)
            | (NAME_IN_CAPITALS_CUE if spelling != word else 0))


# --- Places -----------------------------------------------------------------------------


def place_findings(text: str, tokens: list[Token], cues: Cues) -> list[Finding]:
    """Counties, regions, municipalities and other places, in any of their written forms."""
    places, derived = gazetteer()
    longest = longest_place()
    found: list[Finding] = []
    doubtful: list[tuple[int, Finding]] = []
    resume = 0  # the token after the last place found
    for index in cues.places:
        match = None if index < resume else place_at(text, tokens, index, places, derived, longest)
        if match is None:
            continue
        place, count = match
        finding = finding_over(place.kind, text, tokens, index, index + count - 1)
        if at_sentence_start(text, tokens, index) and not place.lowercase_ok \
                and listed_word_follows(text, tokens, index + count):
            pass  # "Berg, dalar och …": a list of ordinary words, not of places
        elif place.sentence_start_ok or not at_sentence_start(text, tokens, index):
            found.append(finding)
        else:
            doubtful.append((index + count, finding))
        resume = index + count
    starts = {f.start for f in found}
    found += [f for after, f in doubtful if next_listed_start(text, tokens, after) in starts]
    return found


def place_at(text, tokens, index, places, derived, longest) -> tuple[Place, int] | None:
    """The place written from token `index` on, and how many tokens it takes; None if none."""
    first = tokens[index].text
    capitalised = first[0].isupper()
    reach = min(longest, len(tokens) - index) if first.casefold() in multiword_starts() else 1
    for count in range(reach, 1, -1):
        span = tokens[index:index + count]
        if any(not JOIN.fullmatch(text[a.end:b.start]) for a, b in zip(span, span[1:])):
            continue
        key = tuple(t.text.casefold() for t in span)
        for candidate, compound in inflections(key):
            place = places.get(candidate)
            if place and (capitalised or place.lowercase_ok) and (not compound or place.compounds_ok):
                return place, count
    place = word_place(first)
    return None if place is None else (place, 1)


def may_open_place(word: str) -> bool:
    """Whether a place may be written from this word on: it opens a place name of several words,
    or names a place itself (`place_at` finds nothing at any other word)."""
    return word.casefold() in multiword_starts() or word_place(word) is not None


@lru_cache(maxsize=1 << 16)
def word_place(word: str) -> Place | None:
    """The place one written word names (as written, inflected, derived or the head of a
    compound), or None. A word's answer depends on the word alone, and a text's common words
    recur in every paragraph: each is looked up once."""
    places, derived = gazetteer()
    capitalised = word[0].isupper()
    folded = word.casefold()
    for candidate, compound in inflections((folded,)):
        place = places.get(candidate)
        if place and (capitalised or place.lowercase_ok) and (not compound or place.compounds_ok):
            return place
    if folded[:DERIVED_OPENING] in derived_openings():
        for cut in range(min(len(folded), DERIVED_LONGEST), DERIVED_OPENING - 1, -1):
            if folded[:cut] in derived:
                return Place(derived[folded[:cut]], True, False)
    if capitalised and len(word) > MIN_OPEN_ENDING:
        for cut in range(len(folded) - 3, MIN_OPEN_ENDING - 1, -1):
            place = places.get((folded[:cut],))
            if place and place.compounds_ok:
                return place
    if capitalised and len(folded) >= MIN_COMPOUND and not is_known(folded):
        for cut in range(len(folded) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            place = places.get((folded[:cut],))
            if place and place.compounds_ok and is_known(folded[cut:]):
                return place
    return None


@lru_cache(maxsize=None)
def derived_openings() -> frozenset[str]:
    """The first DERIVED_OPENING letters of the stems of place-derived words: a word that opens
    otherwise is none, and its other beginnings need not be looked up (most words are none)."""
    return frozenset(stem[:DERIVED_OPENING] for stem in gazetteer()[1]
                     if DERIVED_OPENING <= len(stem) <= DERIVED_LONGEST)


def inflections(key: tuple[str, ...]):
    """The key as written, then with its last word's genitive or compound ending taken off."""
    yield key, False
    *head, last = key
    if len(last) > 3 and last.endswith("s"):
        yield (*head, last[:-1]), False
    suffixes = word_list("compound_suffixes")
    if not last.endswith(suffixes):
        return
    for suffix in suffixes:
        if last.endswith(suffix) and len(last) - len(suffix) >= 2:
            base = last[: -len(suffix)]
            yield (*head, base), True
            if base.endswith(("s", "-")):
                yield (*head, base[:-1]), True


def listed_word_follows(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a list goes on after token `index` - 1 with a word in lower case ("Berg, dalar och …")."""
    start = next_listed_start(text, tokens, index)
    return start is not None and text[start].islower()


def next_listed_start(text: str, tokens: list[Token], index: int) -> int | None:
    """Where the next item of a list ("Mark, Borås och …") starts, if a list goes on."""
    if index < len(tokens) and text[tokens[index - 1].end:tokens[index].start].strip() == ",":
        return tokens[index].start
    if index + 1 < len(tokens) and tokens[index].text in word_set("list_words"):
        return tokens[index + 1].start
    return None


def institution_findings(text: str, tokens: list[Token], cues: Cues, found: list[Finding]) -> list[Finding]:
    """Schools, hospitals and health centres named by their own name, not by a place's.

    "Katedralskolan" and "Mälarsjukhuset" (a name before the ending), "Kullbergska sjukhuset"
    (a capitalised word before it, mid-sentence) and "Vårdcentralen Ekan" (a unit's name after
    the unit word) each say which workplace is meant; "grundskolan" and "Länssjukhuset" do not.
    """
    taken = covered(len(text), [(f.start, f.end) for f in found])
    named: list[Finding] = []
    for index in with_word_before(cues.workplaces):
        span = None if taken[tokens[index].start] else institution_span(text, tokens, index)
        if span:
            named.append(finding_over("plats", text, tokens, *span))
    return named


def institution_cue(word: str) -> bool:
    """Whether a word names a school or hospital ("Katedralskolan"), is a unit word ("Vårdcentralen")
    or an institution word that the name before it makes a workplace ("sjukhuset"): `institution_span`
    finds a workplace's own name only at such a word or at the one before it."""
    folded = word.casefold()
    return bool(TITLE_WORD.match(word)) and named_institution(word) or folded in word_set("unit_words") \
        or folded in word_set("institution_words")


def institution_span(text: str, tokens: list[Token], index: int) -> tuple[int, int] | None:
    """The first and last token of a workplace's own name found at token `index`, or None."""
    token = tokens[index]
    spaced = index + 1 < len(tokens) and text[token.end:tokens[index + 1].start] == " "
    if TITLE_WORD.match(token.text) and named_institution(token.text):
        return index, index
    if spaced and TITLE_WORD.match(token.text) and not at_sentence_start(text, tokens, index) \
            and token.text.casefold() not in word_set("not_surnames") \
            and tokens[index + 1].text.casefold() in word_set("institution_words"):
        return index, index + 1
    if spaced and token.text.casefold() in word_set("unit_words") and TITLE_WORD.match(tokens[index + 1].text) \
            and tokens[index + 1].text.casefold() not in word_set("unit_kinds"):
        return index + 1, index + 1
    return None


def named_institution(word: str) -> bool:
    """Whether one word is a named school or hospital: "Katedralskolan", not "Grundskolan"."""
    head = institution_head(word)
    return head is not None and len(head) >= 3 and not generic_head(head)


def generic_institution(word: str) -> bool:
    """Whether one word names a kind of school or hospital, not one: "Grundskolan", "Ångestskolan"."""
    head = institution_head(word)
    return head is not None and generic_head(head)


def institution_head(word: str) -> str | None:
    """What comes before a school's or hospital's ending ("katedral" of "Katedralskolan"), or None."""
    folded = word.casefold()
    ending = next((e for e in word_list("named_institution_endings") if folded.endswith(e)), None)
    return None if ending is None else folded[: -len(ending)].rstrip("-")


def generic_head(head: str) -> bool:
    generic = word_set("generic_institutions")
    return head in generic or head.removesuffix("s") in generic


# --- Misspelt places --------------------------------------------------------------------


@lru_cache(maxsize=None)
def fuzzy_choices() -> dict[str, str]:
    """The one-word names of counties, regions and municipalities a misspelling is compared with."""
    places, _ = gazetteer()
    names = {row["name"] for row in sweden_rows() if row["kind"] == "kommun"} | {row["stem"] for row in sweden_rows()}
    choices = {}
    for name in names:
        key = (name.casefold(),)
        if len(key[0]) >= FUZZY_DISTANCE[0][0] and key in places and places[key].compounds_ok:
            choices[key[0]] = places[key].kind
    return choices


@lru_cache(maxsize=1 << 14)
def misspelt_place(word: str) -> str | None:
    """The kind of the county, region or municipality a capitalised unknown word misspells, or None."""
    folded = word.casefold()
    allowed = max((distance for length, distance in FUZZY_DISTANCE if len(folded) >= length), default=0)
    if not allowed:
        return None
    for form in dict.fromkeys((folded, folded.removesuffix("s"))):
        match = process.extractOne(form, fuzzy_choices().keys(), scorer=DamerauLevenshtein.distance,
                                   score_cutoff=allowed)
        if match is not None:
            return fuzzy_choices()[match[0]]
    return None


# --- Unknown names ----------------------------------------------------------------------


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def acronym_like(word: str) -> bool:
    """An acronym or a name with a capital inside: "LSVN", "ReKo", "VästKom"."""
    return len(word) >= 2 and any(c.isupper() for c in word[1:])


def unknown_word(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a capitalised token is no word (`unknown_name_word`), where it is written."""
    return unknown_name_word(tokens[index].text, at_sentence_start(text, tokens, index))


@lru_cache(maxsize=1 << 16)
def unknown_name_word(word: str, sentence_start: bool) -> bool:
    """Whether a capitalised word is no word: an acronym hunspell-sv does not know as written, or
    a word that is not a Swedish word in lower case. The answer depends on the word and on
    whether it opens a sentence alone, and a text's capitalised words recur: each is asked once.

    Mid-sentence, where Swedish capitalises only names, a word must be known to both hunspell-sv
    and simplemma ("Ledningsgruppen"; hunspell alone accepts any compound, "Höglandsförbundet").
    A capital that opens a sentence says nothing, so there either dictionary will do, English
    loan words ("Burnout") and compounds of known words ("Nybrottsarbete") too, unless the word
    is a misspelt place ("Hudiksval").
    """
    if not capitalised(word) or any(c.isdigit() for c in word):
        return False
    if acronym_like(word):
        return not spelt_as_written(word)
    folded = word.casefold()
    if generic_institution(word) or national_compound(folded):
        return False
    ordinary = ordinary_word(folded)
    if not ordinary and misspelt_place(word):  # the dictionaries first: misspelt_place compares with every place
        return True
    if not sentence_start:
        return not ordinary
    # simplemma first: it answers in microseconds, hunspell in up to a fifth of a millisecond
    return not (known_lemma(folded) or is_swedish_word(folded) or is_known(folded, lang="en")
                or compound_of_words(folded))


def national_compound(word: str) -> bool:
    """Whether a word is a national name joined to a Swedish word: "Teamsmöte", "Skolverketsrapport"."""
    names = national_words()
    return word.startswith(names) and any(  # one test in C first: most words start with no national name
        word.startswith(name) and len(word) - len(name) >= MIN_LAST_PART and ordinary_word(word[len(name):])
        for name in names)


@lru_cache(maxsize=None)
def national_words() -> tuple[str, ...]:
    """The national names of one word, in lower case (compounds start with them)."""
    return tuple(name.casefold() for name in not_identifying() if " " not in name and len(name) >= 3)


def known_lemma(word: str) -> bool:
    return is_known(word)


def compound_of_words(word: str, parts: int = MAX_COMPOUND_PARTS) -> bool:
    """Whether a word splits into known words (MIN_WORD_PART letters or more, the last MIN_LAST_PART), a linking "s" allowed
    ("nybrotts|arbete" → "ny|brott", "arbete")."""
    if known_lemma(word) or is_swedish_word(word):
        return True
    if parts == 1:
        return False
    for cut in range(MIN_WORD_PART, len(word) - MIN_LAST_PART + 1):
        head, tail = word[:cut], word[cut:]
        if compound_of_words(tail, parts - 1) and (known_part(head) or (head.endswith("s") and known_part(head[:-1]))):
            return True
    return False


def known_part(word: str) -> bool:
    return len(word) >= 2 and (known_lemma(word) or is_swedish_word(word))


def unknown_name_findings(text: str, tokens: list[Token], cues: Cues, found: list[Finding], excepted,
                          allowed) -> list[Finding]:
    """Capitalised sequences with a word in them that is no Swedish word, no national name and
    found as nothing else: "kontrollera", or the place a misspelling names ("Region Värmalnd").

    A sequence is a run of capitalised tokens joined by spaces or hyphens ("Social ReKo"); a
    token inside a finding or a national name ends it. A capitalised Swedish word that opens
    a sentence is part of the sequence only when an unknown word follows it.
    """
    taken = covered(len(text), [(f.start, f.end) for f in found] + list(excepted))
    free = [i for i in cues.capitals
            if taken.find(1, tokens[i].start, tokens[i].end) < 0 and tokens[i].text.casefold() not in allowed]
    free_set = set(free)
    result = []
    last = -1
    for index in free:
        if index <= last:
            continue  # inside the run before
        last = index
        while last + 1 in free_set and adjacent(text, tokens, last):
            last += 1
        unknown = [i for i in range(index, last + 1) if unknown_word(text, tokens, i)]
        if not unknown and last > index and tokens[index].text.casefold() in REGION_WORDS:
            unknown = [index + 1]  # "Region Upsala": a region, however its name is spelt
        if unknown:
            index = opening_word_skipped(text, tokens, index, unknown[0])
            kinds = [misspelt_place(tokens[i].text) for i in unknown]
            kind = next((k for k in kinds if k), CHECK)
            if tokens[index].text.casefold() in REGION_WORDS:
                kind = "region"
            result.append(finding_over(kind, text, tokens, index, last))
    return [f for f in result if f.text.casefold() not in allowed]


def opening_word_skipped(text: str, tokens: list[Token], index: int, first_unknown: int) -> int:
    """Where an unknown name's run starts once the words before it that only open the sentence are
    left out ("Även Hudiksval" → "Hudiksval"); "Region Uppsla" and "Hälsocentralen Ersboda" stay whole."""
    while index < first_unknown and opens_sentence_only(text, tokens, index):
        index += 1
    return index


# --- Shared helpers ---------------------------------------------------------------------


def term_spans(text: str, allow: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the national names and the `allow` terms occur in `text` (whole words, any case)."""
    pattern = terms_pattern(allow)
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


@lru_cache(maxsize=64)
def terms_pattern(allow: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for the national names and the `allow` terms, the longest that ends a word
    first (made once per allow-list: every segment is searched, and the list of names is not
    gone through again). The terms are one tree of shared beginnings (`prefix_tree`), so the
    engine tries a letter once where an alternation of 200 names tried every name in turn."""
    terms = {t.lower() for t in (*not_identifying(), *allow) if t}
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + prefix_tree(terms) + r")(?!\w)", re.IGNORECASE)


def covered(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """For each character of a text `length` long, whether one of `spans` covers it: whether a
    token lies in a finding is then one look, not a pass over every finding per token."""
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def without_overlaps(found: list[Finding]) -> list[Finding]:
    """The findings that do not overlap a longer one, in text order."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def findings_frame(segments: list[Segment], allow=()) -> pd.DataFrame:
    """One row per finding in the segments: county, segment_id, kind, text, start, end."""
    return findings_table(finding_rows(segments, allow))


def findings_table(rows: list[tuple]) -> pd.DataFrame:
    """`finding_rows` as findings_frame's table."""
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def finding_rows(segments: list[Segment], allow=()) -> list[tuple]:
    """The findings in the segments, in their order, as findings_frame's rows."""
    return [
        (segment.county, segment.segment_id, f.kind, f.text, f.start, f.end)
        for segment in segments
        for f in find_identifiers(segment.text, allow)
    ]
