"""simplemma's lemmatiser, one for the process, its dictionaries kept decoded in the user's cache.

simplemma decodes a language's dictionary from its compressed, front-coded data file the first
time the language is asked for: 0.71 s of CPU for Swedish's 963,931 entries, paid by every
process before its first note (the codebook's cue words are lemmatised as it loads) and by the
app at its start. The decoded dictionary is kept in the user's cache directory
(usercache.py), from where it loads in about a third of that, and handed to simplemma through its
own extension point: a `DictionaryFactory` given to the strategy of a `Lemmatizer`. The answers
are simplemma's own (its strategies, on the same entries); only where the entries come from
differs.

A cache file is trusted only when it names the key it was made for (simplemma's version, the
language, a hash of simplemma's data file, marshal's format) and its content has the digest
its header gives: a file that is stale, foreign, truncated or damaged is passed over,
simplemma's own load used and the file written again (atomically, so two processes writing at
once leave one whole file). marshal, not pickle: loading it calls no code, and only a file
whose digest matches is loaded at all. A cache that cannot be written only costs the time saved.

Every caller (the cue lexicon, the identifier finder, the learned layer) asks this module's one
lemmatiser, so no two of them can answer differently.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    DATA_FOLDER,
    CachingDictionaryFactory,
    MappingStrToByteString,
    _load_dictionary_from_disk,
)
from simplemma.utils import normalize_token

from ..usercache import cache_path, cached_marshal, content_key, save_marshal

#: Changes when the layout of a cache file does, so older files are passed over.
FORMAT = "simplemma-dictionary-1"


def dictionary_key(lang: str) -> str | None:
    """What a language's decoded dictionary depends on, hashed; None where simplemma's data file
    cannot be read (nothing is then cached)."""
    try:
        data = (DATA_FOLDER / f"{lang}.plzma").read_bytes()
    except OSError:
        return None
    return content_key(FORMAT, simplemma.__version__, lang, hashlib.sha256(data).digest(), str(marshal.version))


def cached_entries(path: Path, key: str) -> dict[bytes, bytes] | None:
    """The entries the cache file `path` holds for `key`; None where it holds none (see
    `cached_marshal`) or what it holds is not a dictionary."""
    entries = cached_marshal(path, key)
    return entries if type(entries) is dict else None


def dictionary_entries(lang: str) -> dict[bytes, bytes]:
    """A language's dictionary as simplemma stores it (bytes to bytes): from the user's cache
    where it holds them, else decoded by simplemma and then cached."""
    key = dictionary_key(lang)
    path = cache_path(f"simplemma-{lang}.marshal") if key else None
    entries = cached_entries(path, key) if path else None
    if entries is None:
        entries = _load_dictionary_from_disk(lang)
        if path:
            save_marshal(path, key, entries)
    return entries


class CachedDictionaryFactory(CachingDictionaryFactory):
    """simplemma's own caching factory, its dictionaries read by `dictionary_entries` and answered
    through the mapping simplemma's default factory answers through."""

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        return MappingStrToByteString(dictionary_entries(lang))


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
