"""Human decisions are never lost or moved silently: a county id that changes, a review sheet
Excel rearranged, a paragraph revised in a way that changes its meaning, a coder's name typed
in another case."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import note_source
from dialogtool.cli import cli
from dialogtool.coding.store import Project


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def notes(tmp_path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "L06.md").write_text(note_source("L06"), encoding="utf-8")
    (folder / "L07.md").write_text(note_source("L07", participants=4), encoding="utf-8")
    return folder


def test_an_override_whose_county_id_changed_is_orphaned_visibly_and_comes_back(notes):
    result = invoke("classify", "L06", "plan_status", "pagar", "--reason", "Planen revideras", "--notes", notes)
    assert result.exit_code == 0, result.output
    (notes / "L06.md").write_text(note_source("L06B"), encoding="utf-8")

    listed = invoke("classify", "--list", "--notes", notes)
    assert listed.exit_code == 0, listed.output
    assert "\tORPHANED: no note for L06 in this round" in listed.output
    assert listed.output.endswith("0 active override(s) in " + str(notes) + ". 1 orphaned (their county's Län: "
                                  "changed or its note is gone; not counted): record them again for the county's id "
                                  "now, or remove them.\n")
    status = invoke("status", "--notes", notes)
    assert "Orphaned: 1 " in status.output
    assert ("override plan_status = pagar by " in status.output
            and "no note for county L06 in this round (did its Län: change?)" in status.output)

    (notes / "L06.md").write_text(note_source("L06"), encoding="utf-8")
    assert "Orphaned: none" in invoke("status", "--notes", notes).output
    [override] = Project.for_notes(notes).decisions(kind="override")
    assert override.status == "active"
