"""The identifier finder's shortcuts answer as the plain search would: the per-word indexes
(which tokens a place, a workplace or a person may start at), the cached word tests and the
quick tests that spare a paragraph a costly pattern. Each is checked against the plain path it
replaces, on the bundled notes and on texts written to reach every rule."""

from __future__ import annotations

import pytest

from conftest import ROOT, read_segments
from dialogtool.anonymise import find_identifiers
from dialogtool.anonymise.find import (
    cued_tokens, institution_span, place_at, unknown_name_word, unknown_word, word_cues,
)
from dialogtool.anonymise.lexicon import gazetteer, longest_place
from dialogtool.anonymise.normalise import CHANGED_BY_READING, INVISIBLE, LOOKALIKES, normalised
from dialogtool.anonymise.patterns import (
    COUNTED, MUNICIPALITY_COUNTS, OF_TOTAL, PART_OF_TOTAL, PERSONNUMMER, SIX_DIGITS, WEB, WEB_MARK,
)
from dialogtool.anonymise.people import Reading, as_written_for_names, lowercase_name_end, name_end, name_spelling
from dialogtool.anonymise.text import TOKEN, Token, at_sentence_start, tokens_of, with_word_before

#: Texts that reach the rules the indexes stand in for: places of several words and in compounds,
#: named schools and units, first names, surnames, particles, initials, names in capitals and in
#: lower case, a name the lists lack before a surname.
WRITTEN = [
    "Region Jämtland Härjedalen och Upplands Väsby deltar, liksom Umeåmodellen och skåningarna.",
    "Mark, Borås och Ulricehamn samarbetar; i Västra Götalandsregionen finns Sahlgrenska.",
    "Katedralskolan, Kullbergska sjukhuset och Vårdcentralen Ekan deltar, men inte grundskolan.",
    "Hälsocentralen Ersboda och Länssjukhuset Ryhov har en mottagning.",
    "Anna Karlsson, Eva Sjökvist-Berg och Kristina Fahlén von Platen berättade.",
    "Enligt länssamordnaren Lindqvist och samordnaren von Essen räcker inte medlen.",
    "A. Karlsson och P-O Grönlund skrev; se Lundgren, S. (2021).",
    "ANNA LINDQVIST och anna lindqvist ringde, Ylvali Porander också.",
    "Bo Holm och Gunilla berättade om Esther-modellen.",
    "Det finns nio av tolv kommuner; LÄNETS SJU KOMMUNER och fem AV\nsju kommunerna svarade.",
    "Se www.regionhalland.se/psykisk, https://umea.se och vgregion.se, men inte folkhalsomyndigheten.se.",
    "Länet har totalt 49 kommuner; länets enda kommun; I länet finns sju kommuner.",
    "Det finns sju   kommuner i länet, ett län med 26 kommuner, samtliga NIO kommunerna och bara en kommun.",
    "Länet, som består av\ntretton kommuner, har 19 kommuner i norr; fem av totalt sju kommuner svarade.",
    "Personnummer 19121212-1212, 121212+1212 och 201212121212 ska inte stå här; ring 0701-23 45 67.",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    notes = [segment.text for segment in read_segments(ROOT / "notes" / "2025")]
    return [normalised(text).text for text in notes + WRITTEN]


def place_starts(text: str, tokens) -> list[int]:
    """The tokens the plain search finds a place at, trying every token."""
    places, derived = gazetteer()
    return [i for i in range(len(tokens)) if place_at(text, tokens, i, places, derived, longest_place()) is not None]


def workplace_starts(text: str, tokens) -> list[int]:
    """The tokens the plain search finds a workplace's own name at, trying every token."""
    return [i for i in range(len(tokens)) if institution_span(text, tokens, i) is not None]


def name_starts(text: str, tokens) -> list[int]:
    """The tokens the plain search finds a person's name at, trying every token."""
    reading = Reading(text, [Token(name_spelling(t.text), t.start, t.end) for t in tokens], frozenset())
    return [i for i in range(len(tokens))
            if name_end(reading, i) is not None or lowercase_name_end(reading, i) is not None]


@pytest.mark.parametrize("starts, tried, least", [
    (place_starts, lambda cues: cues.places, 20),
    (workplace_starts, lambda cues: with_word_before(cues.workplaces), 4),
    (name_starts, lambda cues: with_word_before(cues.names), 15),
])
def test_a_finder_tries_every_token_the_plain_search_finds_something_at(texts, starts, tried, least):
    found = 0
    for text in texts:
        tokens = tokens_of(text)
        plain = starts(text, tokens)
        found += len(plain)
        assert set(plain) <= set(tried(cued_tokens(tokens))), text
    assert found >= least


def test_names_read_the_words_in_capitals_the_cues_give_as_every_word_read_alone(texts):
    respelt = 0
    for text in texts:
        tokens = tokens_of(text)
        plain = [Token(name_spelling(t.text), t.start, t.end) for t in tokens]
        respelt += sum(a != b for a, b in zip(plain, tokens))
        assert as_written_for_names(tokens, cued_tokens(tokens).names_in_capitals) == plain, text
    assert respelt >= 2


def test_the_tokens_are_the_named_tuples_the_plain_constructor_makes(texts):
    for text in texts:
        tokens = tokens_of(text)
        assert tokens == [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)], text
        assert {type(token) for token in tokens} == {Token} and [t.text for t in tokens] == TOKEN.findall(text)
    assert tokens_of("S:t Eriks, Umeå")[0] == Token("S:t", 0, 3) and tokens_of("S:t Eriks")[1].start == 4


def test_the_cached_unknown_word_test_answers_as_the_plain_one(texts):
    asked = 0
    for text in texts:
        tokens = tokens_of(text)
        for index, token in enumerate(tokens):
            if token.text[:1].isupper():
                asked += 1
                plain = unknown_name_word.__wrapped__(token.text, at_sentence_start(text, tokens, index))
                assert unknown_word(text, tokens, index) == plain, token
    assert asked > 500


def test_a_text_searched_again_after_the_caches_are_emptied_gives_the_same_findings(texts):
    first = [find_identifiers(text) for text in texts]
    unknown_name_word.cache_clear()
    word_cues.cache_clear()
    assert [find_identifiers(text) for text in texts] == first
    assert sum(map(len, first)) >= 40


def test_a_text_is_read_as_written_exactly_when_reading_would_change_no_character():
    for char in [*map(chr, INVISIBLE), *map(chr, LOOKALIKES), "a", "ä", "Å", "é", " ", "\u00a0", "ﬁ"]:
        changed = char.translate(INVISIBLE).translate(LOOKALIKES) != char
        assert bool(CHANGED_BY_READING.search(char)) == changed, repr(char)
    assert normalised("Kir\u200buna").text == "Kiruna" and normalised("Mаlmö").text == "Malmö"
    assert normalised("Västerås och Malmö").origin is None


@pytest.mark.parametrize("pattern, mark", [
    *((pattern, COUNTED) for pattern in (*MUNICIPALITY_COUNTS, PART_OF_TOTAL)),
    (PART_OF_TOTAL, OF_TOTAL), (WEB, WEB_MARK), (PERSONNUMMER, SIX_DIGITS),
])
def test_a_costly_pattern_is_skipped_only_where_it_could_not_match(texts, pattern, mark):
    matched = [text for text in texts if pattern.search(text)]
    assert matched and all(mark.search(text) for text in matched)
