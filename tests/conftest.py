"""Shared fixtures: the repository's paths, and a small notes directory made per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dialogtool.cues.codebook import Codebook, load_codebook
from dialogtool.cues.clauses import Markers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

NOTE = """Minnesanteckningar – länsdialog psykisk hälsa och suicidprevention 2025
Län: {county}
Datum: 2025-10-14
Deltagare: {participants} (länssamordnare region, utvecklingsledare kommunförbund)
Granskning: godkänd av länet 2025-10-28

## {h1}

Ledningsgruppen på hög tjänstemannanivå samlar hälso- och sjukvården och socialtjänsten, och sedan i våras även skolan.

- Länssamordnaren leder ett nätverk för barn och unga.
- En arbetsgrupp för vuxna träffas varannan månad.

## {h2}

Länet har en länsgemensam handlingsplan som antogs i juni och som kopplar till strategins delmål.

## {h3}

God och nära vård och samsjuklighetsreformen ger en röd tråd i arbetet.

## {h4}

Man önskar mer metodstöd och indikatorer för uppföljning från nationell nivå.
"""

GUIDE_HEADINGS = (
    "Länsgemensam ledning och samordning inom området",
    "Arbete med den nationella strategins vision och mål",
    "Länsgemensam samordning av olika nationella initiativ",
    "Erfarenheter och andra medskick från länen",
)


def note_source(county: str = "L07", participants: int = 6, headings=GUIDE_HEADINGS) -> str:
    h1, h2, h3, h4 = headings
    return NOTE.format(county=county, participants=participants, h1=h1, h2=h2, h3=h3, h4=h4)


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def in_repo(monkeypatch):
    """Run with the repository as working directory, where the default paths resolve."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def themes_codebook() -> Codebook:
    """The bundled themes.yaml, loaded afresh: a test may add cues to its matcher."""
    return load_codebook(ROOT / "themes.yaml")


@pytest.fixture(scope="session")
def markers() -> Markers:
    """The words of the bundled themes.yaml that decide a clause's state (`language:`)."""
    return load_codebook(ROOT / "themes.yaml").matcher.markers
