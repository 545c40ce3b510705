"""Where the project's files are found when the user names none.

Paths such as `themes.yaml` or `interview_guides/2025.yaml` are looked up in the working
directory first (an investigator's own copy wins), then in the source tree dialogtool was
installed from, so commands also work when run from another directory.
"""

from __future__ import annotations

from pathlib import Path

SOURCE_TREE = Path(__file__).resolve().parent.parent


def project_file(path: Path | str) -> Path:
    """`path` itself when it exists or is absolute, else the source tree's file of that name if there is one."""
    path = Path(path)
    if path.exists() or path.is_absolute():
        return path
    bundled = SOURCE_TREE / path
    return bundled if bundled.exists() else path
