"""Stable REFI-QDA GUIDs: derived from dialogtool's own ids, so every export gives the same ones.

A recipient tool that imports a second export recognises its codes, sources and selections
by GUID; random GUIDs would make every export look like a new project.
"""

from __future__ import annotations

import uuid

#: The fixed namespace under which every dialogtool GUID is a uuid5; never change it.
NAMESPACE = uuid.UUID("6f1d2c4a-93b7-5e0a-8c21-d1a7e4b9f305")


def stable_guid(kind: str, *parts: str) -> str:
    """The GUID of one thing of `kind` (code, source, selection, ...) named by `parts`."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((kind, *parts))))


def normal_guid(guid: str) -> str:
    """A GUID as compared: braces and case ignored (ATLAS.ti writes upper case, others lower)."""
    return guid.strip().strip("{}").lower()
