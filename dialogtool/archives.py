"""Opening the zip archives people hand dialogtool (.qdpx projects, .xlsx review sheets,
.docx drafts) without letting one exhaust the machine or end in a traceback.

A few megabytes of zip can inflate to gigabytes ("zip bomb"): the sizes in the archive's
central directory are checked before anything is read (Python's zipfile never inflates a
member beyond the size its directory declares, so the check bounds the work), and a damaged
member (a bad CRC, a broken deflate stream) is found up front rather than halfway through
an import.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from .errors import DialogtoolError

#: The most an archive may hold uncompressed: real review sheets and projects hold a few MB.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
#: The most members an archive may have.
MAX_MEMBERS = 10_000
#: How much a large member may inflate: XML compresses some 10–30 times, a bomb thousands.
MAX_RATIO = 200
#: Members smaller than this are not checked for their ratio (a small file of spaces is harmless).
RATIO_FLOOR = 1024 * 1024


def archive_problem(archive: zipfile.ZipFile) -> str | None:
    """Why the archive's directory looks like a zip bomb (too large, too many members, a
    member inflating too far), or None when it is within the limits."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"den innehåller {len(members)} filer (högst {MAX_MEMBERS})"
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        return f"den packas upp till {total / 2**20:.1f} MB (högst {MAX_UNCOMPRESSED / 2**20:.0f} MB)"
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            growth = member.file_size // max(member.compress_size, 1)
            return f"dess del {member.filename} växer {growth} gånger när den packas upp"
    return None


#: What opening or inflating a damaged, foreign or unsupported zip may raise.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError)


def damaged_member(archive: zipfile.ZipFile) -> str | None:
    """The first member that cannot be read back intact (bad CRC, broken data), or None."""
    try:
        return archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        return str(error) or error.__class__.__name__


def checked_archive(archive: zipfile.ZipFile, name: str, error: type[DialogtoolError], fix: str) -> zipfile.ZipFile:
    """`archive` once its directory is within the limits and every member reads back intact;
    otherwise `error` naming the file (`name`) with `fix` (what to do, e.g. "export it again")."""
    problem = archive_problem(archive)
    if problem is not None:
        archive.close()
        raise error(f"{name}: avvisad, {problem}; det är ingen vanlig fil, {fix}.")
    damaged = damaged_member(archive)
    if damaged is not None:
        archive.close()
        raise error(f"{name}: arkivet är skadat ({damaged}); {fix}.")
    return archive


def open_checked(path: Path, error: type[DialogtoolError], fix: str) -> zipfile.ZipFile:
    """The zip archive at `path`, checked as `checked_archive` does; a file that is no zip
    archive (or cannot be opened) is `error` too."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise error(f"{path}: filen finns inte; {fix}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise error(f"{path}: är inget zip-arkiv, som formatet kräver; {fix}.") from None
    except OSError as problem:
        raise error(f"{path}: kan inte läsas ({problem.strerror or problem}); {fix}.") from None
    return checked_archive(archive, str(path), error, fix)
