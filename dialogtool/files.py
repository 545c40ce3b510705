"""Writing output files so that a failure or a kill never leaves one half-written.

Every file dialogtool writes for a person (CSV tables, figures, GraphML, workbooks, Word
documents, REFI-QDA exports) is written to a temporary file in the same directory and moved
onto its name with `os.replace`, which replaces it in one step: a reader sees the old file or
the new one, never a truncated mix. `analyze` writes a whole run into a staging directory
first and moves the files in only when every one of them was written, so a run that fails
leaves the previous outputs as they were. Operating-system errors (a full disk, a read-only
directory, a file open in Word) become `OutputError`s that name the file and what to do.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .cells import csv_safe
from .errors import OutputError

#: Prefix of a run's staging directory inside the outputs directory (hidden; removed after the run).
STAGING_PREFIX = ".dialogtool-run-"
#: Seconds after which a staging directory nobody writes to is a killed run's, removed by the next run.
STALE_AFTER = 3600
FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
DENIED = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ETXTBSY}


def output_error(path: Path, error: OSError) -> OutputError:
    """The one-line error for an operating-system failure while writing `path`, with the fix."""
    reason = error.strerror or str(error)
    if error.errno in FULL:
        return OutputError(f"{path}: kan inte skrivas, disken är full ({reason}); frigör utrymme och kör igen.")
    if error.errno in DENIED:
        return OutputError(f"{path}: kan inte skrivas ({reason}); stäng filen om den är öppen i Word eller Excel, "
                           "eller välj en annan --out där du får skriva.")
    return OutputError(f"{path}: kan inte skrivas ({reason}); kontrollera sökvägen eller välj en annan --out.")


def ensure_dir(directory: Path) -> Path:
    """`directory`, created with its parents if missing; an OutputError if it cannot be."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: är en fil, inte en mapp; välj en annan --out.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise directory_error(directory, error, "mappen kan inte skapas") from None
    return directory


def directory_error(directory: Path, error: OSError, what: str) -> OutputError:
    """The one-line error for a directory the outputs cannot go to, with the fix."""
    if error.errno in FULL:
        return output_error(directory, error)
    reason = error.strerror or str(error)
    return OutputError(f"{directory}: {what} ({reason}); välj en annan --out där du får skriva.")


def check_replaceable(path: Path) -> None:
    """Refuse to replace a file the user made read-only (or Word holds open): their copy stays."""
    if path.is_dir():
        raise OutputError(f"{path}: är en mapp; flytta undan den eller välj en annan --out.")
    if path.exists() and not writable(path):
        raise OutputError(f"{path}: är skrivskyddad eller öppen i ett annat program; stäng den i Word eller Excel "
                          "(eller ta bort skrivskyddet) och kör igen.")


def writable(path: Path) -> bool:
    """Whether the user may write `path`: its permissions allow it and it is not marked read-only
    (no write bit at all, as Windows' read-only attribute shows; checked even for root)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & WRITE_BITS)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` (same suffix, so writers pick the same format) to write
    to; when the block ends it replaces `path` in one step, and when the block fails it is
    removed and `path` is left as it was. OS errors become OutputErrors naming `path`."""
    path = Path(path)
    ensure_dir(path.parent)
    check_replaceable(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=f".tmp{path.suffix}", dir=path.parent)
    except OSError as error:
        raise output_error(path, error) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, path)
    except OSError as error:
        raise output_error(path, error) from None
    finally:
        temporary.unlink(missing_ok=True)


def current_umask() -> int:
    """The process's umask: a replaced file gets the permissions a plainly created one would."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically; the path written."""
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically; the path written."""
    with replacing(path) as temporary:
        temporary.write_bytes(data)
    return Path(path)


def save_document(document, path: Path) -> Path:
    """Save a python-docx document or an openpyxl workbook (anything with `.save(path)`) atomically."""
    with replacing(path) as temporary:
        document.save(str(temporary))
    return Path(path)


def write_frame(frame, path: Path, index: bool = False) -> Path:
    """Write a pandas frame as a UTF-8 CSV atomically, no cell a spreadsheet would run as a formula."""
    with replacing(path) as temporary:
        csv_safe(frame).to_csv(temporary, index=index, encoding="utf-8")
    return Path(path)


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A fresh staging directory inside `out_dir` for a run's outputs. When the block ends,
    every file in it is moved into `out_dir` (after checking that none of the files it
    replaces is read-only); when the block fails, nothing in `out_dir` is touched. The staging
    directory is removed either way."""
    out_dir = ensure_dir(out_dir)
    for stale in stale_stagings(out_dir):
        shutil.rmtree(stale, ignore_errors=True)
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as error:
        raise directory_error(out_dir, error, "nothing can be written in it") from None
    try:
        yield staging
        publish(staging, out_dir)
    except OutputError as error:  # name the file the user knows, not its staged copy
        raise OutputError(str(error).replace(str(staging), str(out_dir))) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def stale_stagings(out_dir: Path) -> list[Path]:
    """Staging directories left behind by runs that were killed: untouched for STALE_AFTER
    seconds (a running analysis adds files to its own all the time)."""
    cutoff = time.time() - STALE_AFTER
    return [path for path in out_dir.glob(f"{STAGING_PREFIX}*") if path.is_dir() and path.stat().st_mtime < cutoff]


def publish(staging: Path, out_dir: Path) -> None:
    """Move every file of `staging` onto its name in `out_dir`, checking all targets first."""
    files = sorted(path for path in staging.iterdir() if path.is_file())
    for path in files:
        check_replaceable(out_dir / path.name)
    for path in files:
        try:
            os.replace(path, out_dir / path.name)
        except OSError as error:
            raise output_error(out_dir / path.name, error) from None
