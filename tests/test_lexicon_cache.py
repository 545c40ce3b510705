"""The identifier finder's lexicon (gazetteer, word lists, name sets) kept in the user's cache:
the finder answers as it does with the lexicon made from the data files, a bad cache file is
passed over and written again, and a file is used only for the data, code and dictionaries it
was made from."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, SPOILT, read_segments, spoilt_cache_file
from dialogtool.anonymise import find, find_identifiers, lexicon, people
from dialogtool.anonymise.lexicon import (
    LEXICON_CACHE, built_gazetteer, built_person_names, gazetteer, lexicon_key, parsed_word_lists, stored_gazetteer,
    stored_lexicon,
)
from dialogtool.usercache import CACHE_ENV

#: Texts that reach the gazetteer's kinds of entry: counties, regions, municipalities with their
#: words, localities that are also ordinary words, derived words, people's names.
WRITTEN = [
    "Region Jämtland Härjedalen och Upplands Väsby deltar, liksom Umeåmodellen och skåningarna.",
    "Mark, Borås och Ulricehamn samarbetar; i Västra Götalandsregionen finns Sahlgrenska.",
    "Jämtarna och värmlänningarna i Holmen och Viken träffade Anna Karlsson från Kiruna kommun.",
    "Bo Holm och Gunilla berättade om Esther-modellen i Stockholms stad och Gotlands län.",
]


def forget_the_lexicon() -> None:
    """Empty the process's caches of the lexicon and of what the finder derived from it (not
    hunspell's loaded dictionary), so the next search reads the lexicon again."""
    for module in (lexicon, find, people):
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and value is not lexicon.swedish_dictionary:
                value.cache_clear()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache directory of the test's own, named by DIALOGTOOL_CACHE, and a lexicon read anew
    in the test and after it."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    forget_the_lexicon()
    yield tmp_path / "cache"
    forget_the_lexicon()


def findings_of(texts: list[str]) -> list:
    return [find_identifiers(text) for text in texts]


def test_the_finder_answers_alike_with_a_cached_lexicon_and_a_made_one(cache, monkeypatch):
    texts = WRITTEN + [segment.text for segment in read_segments(ROOT / "notes" / "2025")]
    made = findings_of(texts)  # the lexicon made from the data files, then cached
    assert (cache / LEXICON_CACHE).is_file()
    forget_the_lexicon()
    monkeypatch.setattr(lexicon, "built_gazetteer", refuse_making)
    monkeypatch.setattr(lexicon, "parsed_word_lists", refuse_making)
    monkeypatch.setattr(lexicon, "built_person_names", refuse_making)
    assert findings_of(texts) == made
    assert sum(map(len, made)) > 20  # places and names of every kind were found


def refuse_making():
    raise AssertionError("made the lexicon although the cache holds it")


def test_the_cached_lexicon_is_the_made_one(cache):
    places, derived = gazetteer()
    stored = stored_lexicon()
    assert stored is None  # read before the file was written: nothing cached then
    stored_lexicon.cache_clear()
    cached_places, cached_derived = stored_gazetteer(stored_lexicon())
    made_places, made_derived = built_gazetteer()
    assert list(cached_places.items()) == list(made_places.items()) == list(places.items())
    assert list(cached_derived.items()) == list(made_derived.items()) == list(derived.items())
    assert len(made_places) > 4_000 and {place.kind for place in made_places.values()} == {"lan", "region", "kommun", "plats"}
    assert stored_lexicon()["words"] == parsed_word_lists() and stored_lexicon()["names"] == built_person_names()


@pytest.mark.parametrize("kind", SPOILT)
def test_a_spoilt_cache_file_is_passed_over_and_written_again(kind, cache):
    made = gazetteer()
    path = cache / LEXICON_CACHE
    good = path.read_bytes()
    path.write_bytes(spoilt_cache_file(good, kind, {"places": {}}))
    forget_the_lexicon()
    assert stored_lexicon() is None
    assert gazetteer() == made
    assert path.read_bytes() == good


def test_a_cache_that_cannot_be_written_costs_only_the_time(tmp_path, cache, monkeypatch):
    (tmp_path / "not a directory").write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "not a directory"))
    assert findings_of(WRITTEN) == findings_of_made(WRITTEN)


def findings_of_made(texts: list[str]) -> list:
    """The findings with the lexicon made from the data files (none cached anywhere)."""
    with pytest.MonkeyPatch.context() as patched:
        patched.delenv(CACHE_ENV)
        patched.setattr(lexicon, "cache_path", lambda name: None)
        forget_the_lexicon()
        return findings_of(texts)


def test_a_cache_file_is_made_for_one_set_of_data_code_and_dictionaries(cache, tmp_path, monkeypatch):
    gazetteer()
    key = lexicon_key()
    assert stored_lexicon.__wrapped__() is not None
    monkeypatch.setattr(lexicon, "HUNSPELL_VERSION", lexicon.HUNSPELL_VERSION + ".post1")
    assert lexicon_key() != key and stored_lexicon.__wrapped__() is None
    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(cache))
    data = tmp_path / "data"
    shutil.copytree(lexicon.DATA_DIR, data)
    with (data / "localities.csv").open("a", encoding="utf-8") as handle:
        handle.write("Fjällbyn,Jämtlands län\n")
    monkeypatch.setattr(lexicon, "DATA_DIR", data)
    assert lexicon_key() != key and stored_lexicon.__wrapped__() is None
    assert built_gazetteer()[0][("fjällbyn",)].kind == "plats"
