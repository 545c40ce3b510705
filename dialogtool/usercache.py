"""The user's cache directory: what dialogtool can rebuild, but would rather not every run.

It holds the learned layer's base model (coding/modelcache.py) and simplemma's decoded
dictionaries (cues/lemmas.py). It lives where `DIALOGTOOL_CACHE` says, else where the platform
keeps caches: `~/.cache/dialogtool`, `%LOCALAPPDATA%\\dialogtool\\Cache`,
`~/Library/Caches/dialogtool`. Each file in it names the key it was made for (`content_key`
of everything its content depends on), so a file that is stale, foreign or damaged is
ignored and made again, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

#: Overrides where the cache lives (a test, a shared machine, a read-only home).
CACHE_ENV = "DIALOGTOOL_CACHE"


def cache_dir() -> Path | None:
    """Where this user's cache of dialogtool lives (not created here); None where the user has
    no home directory to put it in (nothing is then cached)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    try:
        home = Path.home()
    except RuntimeError:
        return None
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "dialogtool" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "dialogtool"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "dialogtool"


def cache_path(name: str) -> Path | None:
    """The file `name` in the user's cache directory, or None where there is none."""
    directory = cache_dir()
    return directory / name if directory else None


def content_key(*parts: bytes | str) -> str:
    """A hash of everything a cached result depends on: change any part and the file is not used."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()
