"""The user's cache directory: what dialogtool can rebuild, but would rather not every run.

It holds the learned layer's base model (coding/modelcache.py), simplemma's dictionaries
as tries (cues/lemmas.py) and the identifier finder's gazetteer (anonymise/lexicon.py). It
lives where `DIALOGTOOL_CACHE` says, else where the platform keeps caches:
`~/.cache/dialogtool`, `%LOCALAPPDATA%\\dialogtool\\Cache`, `~/Library/Caches/dialogtool`.
Each file in it names the key it was made for (`content_key` of everything its content depends
on), so a file that is stale, foreign or damaged is ignored and made again, never trusted.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from .errors import OutputError
from .files import replacing

#: Overrides where the cache lives (a test, a shared machine, a read-only home).
CACHE_ENV = "DIALOGTOOL_CACHE"
#: Bytes of a header field of a cache file: a SHA-256 in hexadecimal.
FIELD = 64
#: What reading a marshal cache file may raise: it is then passed over and written again.
UNREADABLE = (OSError, ValueError, EOFError, TypeError)


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


def cached_marshal(path: Path, key: str) -> object | None:
    """The value the marshal cache file `path` holds for `key` (`cached_bytes`); None where it
    holds none. marshal, not pickle: loading it calls no code, and only a file whose digest
    matches is loaded at all."""
    payload = cached_bytes(path, key)
    try:
        return None if payload is None else marshal.loads(payload)
    except UNREADABLE:
        return None


def save_marshal(path: Path, key: str, value: object) -> None:
    """Keep `value` in the cache file `path` for `key`, marshalled (`save_bytes`)."""
    save_bytes(path, key, marshal.dumps(value))


def cached_bytes(path: Path, key: str) -> memoryview | None:
    """The content the cache file `path` holds for `key`; None where it is missing, unreadable,
    made for another key, or its content is not what its digest says."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data[:FIELD] != key.encode("ascii"):
        return None
    payload = memoryview(data)[2 * FIELD:]
    if hashlib.sha256(payload).hexdigest().encode("ascii") != data[FIELD:2 * FIELD]:
        return None
    return payload


def save_bytes(path: Path, key: str, payload: bytes) -> None:
    """Keep `payload` in the cache file `path` for `key`: the key, the digest of the content, the
    content; written atomically, so two processes writing at once leave one whole file. Where it
    cannot be written, nothing is (the next process makes the content again)."""
    try:
        with replacing(path) as temporary, open(temporary, "wb") as handle:
            handle.write(key.encode("ascii"))
            handle.write(hashlib.sha256(payload).hexdigest().encode("ascii"))
            handle.write(payload)
    except OutputError:
        return
