"""The learned layer's base model kept between runs, in the user's cache directory.

Training on the shipped examples takes about 1.5 s, the same every run: the fitted arrays
(vocabularies, IDF weights, the training matrix, each theme's weights) are kept in one `.npz`
file in the user's cache directory (usercache.py: `DIALOGTOOL_CACHE`, else the platform's). Nothing is
pickled: the file holds plain numeric and text arrays read with `allow_pickle=False`, so a
file someone else put there can at worst be wrong, never run code. It is only trusted when
it names the key it was made for (a hash of the training data, the library versions and the
code that made it) and its arrays fit together; anything else (corrupt, foreign, stale) is
ignored and rebuilt. A cache directory that cannot be written only costs the time saved.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np

from ..errors import OutputError
from ..files import replacing
from ..usercache import cache_path

T = TypeVar("T")

#: The array that holds the key a file was made for.
KEY = "key"
#: What a cache file that cannot be read may raise: it is then rebuilt.
UNREADABLE = (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, zipfile.BadZipFile)


def load_arrays(path: Path | None, key: str) -> dict[str, np.ndarray] | None:
    """The arrays cached in `path` for `key`; None when there is no cache, or the file is
    missing, unreadable or made for another key."""
    if path is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored[KEY]) != key:
                return None
            return {name: stored[name] for name in stored.files if name != KEY}
    except UNREADABLE:
        return None


def save_arrays(path: Path | None, key: str, arrays: dict[str, np.ndarray]) -> None:
    """Cache `arrays` for `key` in `path`, written atomically; without a cache, or where it
    cannot be written, nothing is (the next run trains again)."""
    if path is None:
        return
    try:
        with replacing(path) as temporary, open(temporary, "wb") as handle:
            np.savez(handle, **{KEY: np.array(key)}, **arrays)
    except OutputError:
        return


def cached(name: str, key: str, restored: Callable[[dict[str, np.ndarray]], T | None], trained: Callable[[], T],
           arrays: Callable[[T], dict[str, np.ndarray]]) -> T:
    """The model the user's cache holds in file `name` for `key` (`restored` from its arrays,
    None or an UNREADABLE error where they do not fit), else `trained` and cached (`arrays`)."""
    path = cache_path(name)
    stored = load_arrays(path, key)
    if stored is not None:
        try:
            model = restored(stored)
        except UNREADABLE:
            model = None
        if model is not None:
            return model
    model = trained()
    save_arrays(path, key, arrays(model))
    return model
