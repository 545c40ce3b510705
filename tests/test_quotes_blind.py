"""Quotes on the blind anonymisation sets: every paragraph of tests/data/anon/planted*.md in a
note coded with every theme, and no quote for any theme may leak what was planted in them.

A module of its own: it can run on the other worker than the leaky round of test_quotes.py.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import ROOT, THEME_IDS, built_with_every_theme, note_source, written_text
from dialogtool.anonymise import find_identifiers
from dialogtool.outputs.quotes import propose_quotes


ANON_SETS = Path(__file__).parent / "data" / "anon"
BLIND_SETS = ("planted", "planted_2", "planted_3")


def blind_paragraphs_and_identifiers():
    """The blind sets' paragraphs, and every identifier planted in them."""
    paragraphs, planted = [], set()
    for name in BLIND_SETS:
        paragraphs += [line for line in (ANON_SETS / f"{name}.md").read_text(encoding="utf-8").split("\n") if line]
        with open(ANON_SETS / f"{name}.csv", encoding="utf-8") as handle:
            planted |= {row["text"] for row in csv.DictReader(handle)}
    return paragraphs, sorted(planted)


@pytest.fixture(scope="module")
def blind_round(tmp_path_factory):
    """A note holding every paragraph of tests/data/anon/planted*.md, every segment coded with
    every theme, built once for the module: (its segments, the round with those codes)."""
    paragraphs, _ = blind_paragraphs_and_identifiers()
    notes = tmp_path_factory.mktemp("blind") / "notes"
    notes.mkdir()
    (notes / "L01.md").write_text(note_source("L01") + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return built_with_every_theme(notes)


@pytest.mark.parametrize("redacting", [False, True])
def test_no_quote_for_any_theme_leaks_an_identifier_of_the_blind_sets(blind_round, tmp_path, redacting):
    """Every paragraph of tests/data/anon/planted*.md in a note, coded with every theme: the
    quotes written for each theme hold no planted identifier and nothing the finder finds."""
    paragraphs, planted = blind_paragraphs_and_identifiers()
    segments, analysis = blind_round
    leak = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in planted) + r")(?!\w)")
    for number, theme in enumerate(THEME_IDS):
        out = tmp_path / f"{theme}{('.md', '.docx')[number % 2]}"
        result = propose_quotes(analysis, theme, out, redacting=redacting)
        text = written_text(out)
        assert leak.findall(text) == [], theme
        assert find_identifiers(text) == [], theme
        if redacting:
            assert len(result.quotes) == len(segments) and not result.refused
        else:
            assert len(result.refused) == len(paragraphs) and len(result.quotes) == len(segments) - len(paragraphs)
