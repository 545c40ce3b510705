"""simplemma's dictionaries kept as tries in the user's cache: the answers are simplemma's own,
from a cache file or without one, and a bad cache file is passed over and written again."""

from __future__ import annotations

import os
from functools import lru_cache

import pytest
import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

from conftest import SPOILT, spoilt_cache_file
from dialogtool.cues import lemmas
from dialogtool.cues.lemmas import CachedDictionaryFactory, Lemmas, dictionary_key, dictionary_trie, trie_of
from dialogtool.usercache import CACHE_ENV, cached_bytes

#: Every this many-th entry of a dictionary is asked about (some 3,200 Swedish words).
EVERY = 300
#: Words no dictionary holds as written: compounds, capitals, typos, names, another language.
UNLISTED = ("suicidpreventionsnätverket", "Ledningsgruppen", "länsgemensamma", "samsjuklighetsreformen",
            "Handlingsplanerna", "arbetsgrupperna", "förvärmning", "Burnout", "KBT", "Uppsala", "jämtarna",
            "hälsofrämjandet", "självmordsprevention", "xyzzy", "Skolhälsovårdens", "vuxen", "ska", "det")


@lru_cache(maxsize=None)
def decoded(lang: str) -> dict[bytes, bytes]:
    """simplemma's own dictionary for `lang`, decoded once for the module's expectations (the
    code under test decodes through `lemmas`, which the tests may forbid)."""
    return _load_dictionary_from_disk(lang)


def sample_words(lang: str) -> list[str]:
    """Words to ask about: every EVERY-th entry of simplemma's dictionary for `lang` (most of them
    inflected forms, whose lemma differs), each capitalised and with an ending too, and UNLISTED."""
    entries = [key.decode() for key in list(decoded(lang))[::EVERY]]
    return entries + [w.capitalize() for w in entries] + [w + "arna" for w in entries] + list(UNLISTED)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache directory of the test's own, named by DIALOGTOOL_CACHE."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(trie) -> dict[bytes, bytes]:
    """A trie's entries as simplemma's decoded dictionary holds them (bytes to bytes)."""
    return {word.encode(): lemma for word, lemma in trie.items()}


def cached_entries(path, key) -> dict[bytes, bytes] | None:
    """The entries of the trie the cache file `path` holds for `key`, or None."""
    trie = trie_of(cached_bytes(path, key))
    return None if trie is None else entries(trie)


def refuse_decoding(lang):
    raise AssertionError(f"decoded simplemma's {lang} file although the cache holds it")


def test_conftest_keeps_the_tests_out_of_the_user_s_cache(model_cache):
    assert os.environ[CACHE_ENV] == str(model_cache)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_cached_dictionary_answers_as_simplemma_does(lang, cache, monkeypatch):
    cold, expected = dictionary_trie(lang), decoded(lang)
    assert len(cold) == len(expected) > 100_000
    assert all(cold.get(word.decode()) == [lemma] for word, lemma in list(expected.items())[::EVERY])
    assert [path.name for path in cache.iterdir()] == [f"simplemma-{lang}.trie"]
    with monkeypatch.context() as patched:
        patched.setattr(lemmas, "_load_dictionary_from_disk", refuse_decoding)
        warm = Lemmas(CachedDictionaryFactory())
        words = sample_words(lang)
        assert len(words) > 1_500
        assert [warm.lemmatize(w, lang) for w in words] == [simplemma.lemmatize(w, lang=lang) for w in words]
        assert [warm.is_known(w, lang) for w in words] == [simplemma.is_known(w, lang=lang) for w in words]
    changed = [w for w in words if simplemma.lemmatize(w, lang=lang) != w]
    assert len(changed) > 500  # the sample holds many words whose lemma differs from them


def test_the_process_lemmatiser_answers_as_simplemma_does():
    words = sample_words("sv")
    assert [lemmas.lemmatize(w) for w in words] == [simplemma.lemmatize(w, lang="sv") for w in words]
    assert [lemmas.is_known(w) for w in words] == [simplemma.is_known(w, lang="sv") for w in words]
    assert lemmas.is_known("Burnout", "en") and not lemmas.is_known("Burnout")


@pytest.fixture(scope="module")
def good_english_file(tmp_path_factory) -> bytes:
    """The English trie's cache file as a first process writes it (made once for the module),
    its entries checked to be simplemma's."""
    cache = tmp_path_factory.mktemp("good-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(cache))
        assert entries(dictionary_trie("en")) == decoded("en")
    return (cache / "simplemma-en.trie").read_bytes()


@pytest.mark.parametrize("kind", SPOILT)
def test_a_spoilt_cache_file_is_passed_over_and_written_again(kind, cache, good_english_file):
    path = cache / "simplemma-en.trie"
    cache.mkdir(parents=True)
    path.write_bytes(spoilt_cache_file(good_english_file, kind, [b"running", b"run"]))
    assert cached_entries(path, dictionary_key("en")) is None
    assert dictionary_trie("en").get("running") == [b"run"]
    assert path.read_bytes() == good_english_file  # the same trie written again, whole


def test_a_cache_that_cannot_be_written_costs_only_the_time(tmp_path, monkeypatch):
    (tmp_path / "not a directory").write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "not a directory"))
    assert entries(dictionary_trie("en")) == decoded("en")
    assert Lemmas(CachedDictionaryFactory()).lemmatize("running", "en") == simplemma.lemmatize("running", lang="en")


def test_a_cache_file_is_made_for_one_simplemma_and_language(cache, monkeypatch):
    dictionary_trie("en")
    key = dictionary_key("en")
    assert cached_entries(cache / "simplemma-en.trie", key) == decoded("en")
    monkeypatch.setattr(simplemma, "__version__", simplemma.__version__ + ".post1")
    assert dictionary_key("en") != key and dictionary_key("sv") != dictionary_key("en")
    assert cached_entries(cache / "simplemma-en.trie", dictionary_key("en")) is None
