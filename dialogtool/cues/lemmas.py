"""simplemma's lemmatiser, one for the process, its dictionaries kept as tries in the user's cache.

simplemma decodes a language's dictionary from its compressed, front-coded data file the first
time the language is asked for: 0.71 s of CPU for Swedish's 963,931 entries, paid by every
process before its first note (the codebook's cue words are lemmatised as it loads) and by the
app at its start. Even kept decoded (marshal), loading them took 0.28 s, for a round that asks
about 20,000-70,000 words. So each dictionary is kept in the user's cache directory
(usercache.py) as a MARISA trie (marisa-trie, the structure simplemma's own
`TrieDictionaryFactory` uses: 5 MB for Swedish, read in a few milliseconds, a look-up in under a
microsecond), built once, and handed to simplemma through its own extension point: a
`DictionaryFactory` given to the strategy of a `Lemmatizer`. The answers are simplemma's own (its
strategies, on the same entries); only where the entries come from differs.

A cache file is trusted only when it names the key it was made for (simplemma's and
marisa-trie's versions, the language, a hash of simplemma's data file, the format) and its
content has the digest its header gives: a file that is stale, foreign, truncated or damaged is
passed over, the trie built again from simplemma's data and the file written again (atomically,
so two processes writing at once leave one whole file). A cache that cannot be written only
costs the time saved.

Every caller (the cue lexicon, the identifier finder, the learned layer) asks this module's one
lemmatiser, so no two of them can answer differently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import version

import marisa_trie
import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    DATA_FOLDER,
    CachingDictionaryFactory,
    _load_dictionary_from_disk,
)
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieWrapDict
from simplemma.utils import normalize_token

from ..usercache import cache_path, cached_bytes, content_key, save_bytes

#: Changes when the layout of a cache file does, so older files are passed over.
FORMAT = "simplemma-trie-1"
#: What reading a trie that is not one may raise (marisa-trie's format and read errors).
NOT_A_TRIE = (RuntimeError, ValueError)


def dictionary_key(lang: str) -> str | None:
    """What a language's trie depends on, hashed; None where simplemma's data file cannot be
    read (nothing is then cached)."""
    try:
        data = (DATA_FOLDER / f"{lang}.plzma").read_bytes()
    except OSError:
        return None
    return content_key(FORMAT, simplemma.__version__, version("marisa-trie"), lang, hashlib.sha256(data).digest())


def trie_of(payload: memoryview | bytes | None) -> marisa_trie.BytesTrie | None:
    """The trie a cache file's content holds; None where there is none, or it is not a trie."""
    if payload is None:
        return None
    try:
        return marisa_trie.BytesTrie().frombytes(bytes(payload))
    except NOT_A_TRIE:
        return None


def built_trie(lang: str) -> marisa_trie.BytesTrie:
    """A language's dictionary decoded by simplemma, as simplemma's `TrieDictionaryFactory` builds it."""
    return marisa_trie.BytesTrie(((word.decode(), lemma) for word, lemma in _load_dictionary_from_disk(lang).items()),
                                 cache_size=marisa_trie.HUGE_CACHE)


def dictionary_trie(lang: str) -> marisa_trie.BytesTrie:
    """A language's dictionary as a trie of simplemma's entries (str to bytes): from the user's
    cache where it holds it, else built and then cached."""
    key = dictionary_key(lang)
    path = cache_path(f"simplemma-{lang}.trie") if key else None
    trie = trie_of(cached_bytes(path, key)) if path else None
    if trie is None:
        trie = built_trie(lang)
        if path:
            save_bytes(path, key, trie.tobytes())
    return trie


class CachedDictionaryFactory(CachingDictionaryFactory):
    """simplemma's own caching factory, its dictionaries read by `dictionary_trie` and answered
    through the mapping simplemma's trie factory answers through."""

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        return TrieWrapDict(dictionary_trie(lang))


class Lemmas:
    """simplemma's `lemmatize` and `is_known` over one dictionary factory: its lemmatiser built as
    `simplemma.lemmatize` builds its own, its lookup as `simplemma.is_known` asks."""

    def __init__(self, factory: CachedDictionaryFactory) -> None:
        self.lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
        self.lookup = DictionaryLookupStrategy(factory)

    def lemmatize(self, word: str, lang: str = "sv") -> str:
        """simplemma's lemma of `word` (`simplemma.lemmatize(word, lang=lang)`)."""
        return self.lemmatizer.lemmatize(word, lang)

    def is_known(self, word: str, lang: str = "sv") -> bool:
        """Whether simplemma's dictionary knows `word` (`simplemma.is_known(word, lang=lang)`)."""
        return self.lookup.get_lemma(normalize_token(word), lang) is not None


@lru_cache(maxsize=None)
def process_lemmas() -> Lemmas:
    """The process's one lemmatiser: each language's dictionary is read once, for every caller
    (forked processes inherit it read)."""
    return Lemmas(CachedDictionaryFactory())


def lemmatize(word: str, lang: str = "sv") -> str:
    """simplemma's lemma of `word`, from the process's lemmatiser."""
    return process_lemmas().lemmatize(word, lang)


def is_known(word: str, lang: str = "sv") -> bool:
    """Whether simplemma's dictionary knows `word`, from the process's lemmatiser."""
    return process_lemmas().is_known(word, lang)
