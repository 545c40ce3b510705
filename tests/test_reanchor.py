"""Revised notes: every human decision re-anchored to its paragraph or kept as orphaned, none lost."""

from __future__ import annotations

import pytest

from dialogtool.model import Decision
from dialogtool.coding.reanchor import FUZZY_THRESHOLD, decision_summary, reanchor_decisions
from dialogtool.coding.store import Project
from dialogtool import pipeline
from conftest import GUIDE, THEMES, built, notes_dir, read_segments, run

REWORDED = ("Länet har en länsgemensam handlingsplan som antogs i juni och som kopplar till strategins delmål.",
            "Länet har en länsgemensam handlingsplan som antogs i juni 2025 och som kopplar till både strategins "
            "mål och delmål.")
DELETED = "Man önskar mer metodstöd och indikatorer för uppföljning från nationell nivå.\n"
INSERTED = "Regionen har också startat ett projekt om psykisk hälsa bland äldre.\n\n"


def reanchored(folder):
    """The round's segments as its notes are now, its decisions re-anchored onto them as every
    command that opens the project does (only test_reworded_… runs the whole build, which also
    learns from the decisions)."""
    return pipeline.reanchored_project(pipeline.open_round(folder, GUIDE, THEMES))[1].segments


def code_every_segment(folder):
    """One decision per segment (and a quote choice), as a coder would have made them."""
    project = Project.for_notes(folder)
    segments = read_segments(folder)
    decisions = [Decision("code_added", s.county, s.segment_id, "finansiering", text=s.text, coder="anna")
                 for s in segments]
    decisions.append(Decision("quote_chosen", segments[3].county, segments[3].segment_id, "handlingsplan",
                              text=segments[3].text, coder="bo"))
    decisions.append(Decision("override", "L07", None, dimension="plan_status", category="finns", coder="bo"))
    project.add_many(decisions)
    return project, segments


def revise(folder, old: str, new: str) -> None:
    note = folder / "L07.md"
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.usefixtures("small_model")
def test_reworded_inserted_and_deleted_paragraphs(tmp_path):
    folder = notes_dir(tmp_path)
    project, before = code_every_segment(folder)
    revise(folder, *REWORDED)
    revise(folder, DELETED, "")
    revise(folder, "## Erfarenheter", INSERTED + "## Erfarenheter")
    after = built(folder).corpus.segments  # build re-anchors the decisions
    report = reanchor_decisions(project, after)
    assert report.moved == [] and report.newly_orphaned == []  # the second pass changes nothing

    decisions = project.decisions(status=None)
    assert len(decisions) == 8
    by_text = {d.text: d for d in decisions if d.kind == "code_added"}
    current = {s.segment_id: s for s in after}
    for segment in before[:3] + before[4:5]:
        assert by_text[segment.text].segment_id == segment.segment_id
        assert by_text[segment.text].status == "active"
    moved = by_text[REWORDED[0]]
    assert current[moved.segment_id].text == REWORDED[1]
    assert FUZZY_THRESHOLD <= moved.anchor_score < 100
    assert moved.detail["previous_segment_ids"] == [before[3].segment_id]
    quote = next(d for d in decisions if d.kind == "quote_chosen")
    assert quote.segment_id == moved.segment_id
    orphan = by_text[DELETED.strip()]
    assert (orphan.status, orphan.segment_id) == ("orphaned", before[5].segment_id)
    inserted = next(s for s in after if s.text == INSERTED.strip())
    assert all(d.segment_id != inserted.segment_id for d in decisions)
    assert next(d for d in decisions if d.kind == "override").status == "active"


def test_the_report_lists_moves_with_scores_and_orphans(tmp_path):
    folder = notes_dir(tmp_path)
    project, before = code_every_segment(folder)
    revise(folder, *REWORDED)
    revise(folder, DELETED, "")
    report = reanchor_decisions(project, read_segments(folder))
    assert [(m.kind, m.old_segment_id, m.score > FUZZY_THRESHOLD, m.reattached) for m in report.moved] == [
        ("code_added", before[3].segment_id, True, False), ("quote_chosen", before[3].segment_id, True, False)]
    assert [d.text for d in report.orphaned] == [DELETED.strip()]
    assert report.newly_orphaned == [report.orphaned[0].id]


def test_an_orphan_is_reattached_when_its_text_comes_back(tmp_path):
    folder = notes_dir(tmp_path)
    project, before = code_every_segment(folder)
    revise(folder, DELETED, "")
    reanchored(folder)
    assert len(project.decisions(status="orphaned")) == 1
    revise(folder, "## Erfarenheter och andra medskick från länen\n", "## Erfarenheter och andra medskick från "
           "länen\n\n" + DELETED)
    report = reanchor_decisions(project, reanchored(folder))  # already re-attached inside
    assert project.decisions(status="orphaned") == []
    assert project.decisions(kind="code_added")[5].segment_id == before[5].segment_id
    assert report.moved == []


def test_exact_text_moves_to_the_paragraph_that_now_has_it(tmp_path):
    folder = notes_dir(tmp_path)
    twice = "Samma mening står två gånger i anteckningen.\n\n"
    revise(folder, "## Erfarenheter", twice + twice + "## Erfarenheter")
    project = Project.for_notes(folder)
    second = [s for s in read_segments(folder) if s.text == twice.strip()][1]
    assert second.segment_id.endswith("-2")
    project.add(Decision("code_added", "L07", second.segment_id, "medskick", text=second.text, coder="anna"))
    revise(folder, twice + twice, twice)
    report = reanchor_decisions(project, reanchored(folder))
    (decision,) = project.decisions()
    assert decision.segment_id == second.segment_id[:-2]
    assert decision.anchor_score == 100.0
    assert report.moved == []  # it moved in reanchored() already


def test_a_decision_without_text_is_orphaned_not_guessed(tmp_path):
    folder = notes_dir(tmp_path)
    project = Project.for_notes(folder)
    project.add(Decision("code_added", "L07", "L07-0000000000", "medskick", coder="anna"))
    report = reanchor_decisions(project, reanchored(folder))
    assert report.orphaned[0].status == "orphaned"


def test_status_counts_decisions_and_lists_orphans_with_their_text(workspace):
    project, _ = code_every_segment(workspace)
    revise(workspace, DELETED, "")
    result = run("status", "--notes", workspace)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:5] == [
        "Beslut (aktiva):",
        "  Tillagt tema           anna                 5",
        "  Ändrad klassificering  bo                   1",
        "  Valt citat             bo                   1",
        "Utan stycke: 1 (deras stycke finns inte längre i anteckningen; sparade, men räknas inte)",
    ]
    orphan = project.decisions(status="orphaned")[0]
    assert lines[5] == (f"  #{orphan.id} L07 Tillagt tema finansiering av anna {orphan.created_at[:10]}: "
                        "\"Man önskar mer metodstöd och indikatorer för uppföljning från nationell nivå.\"")
    assert decision_summary(project).counts[("code_added", "anna")] == 5


def test_status_of_an_empty_project(workspace):
    result = run("status", "--notes", workspace)
    assert result.output == "Beslut: inga\nUtan stycke: inga\n"


LEDNING = ("Ledningsgruppen på hög tjänstemannanivå samlar hälso- och sjukvården och socialtjänsten, och sedan i "
           "våras även skolan.")
PLAN = "Länet har en länsgemensam handlingsplan som antogs i juni och som kopplar till strategins delmål."
VARD = "God och nära vård och samsjuklighetsreformen ger en röd tråd i arbetet."
SPLIT = ("Ledningsgruppen på hög tjänstemannanivå samlar hälso- och sjukvården.\n\n"
         "Den samlar även socialtjänsten, och sedan i våras även skolan.")


def decision_on(project, text: str):
    return next(d for d in project.decisions(status=None) if d.kind == "code_added" and d.text == text)


def test_split_merged_moved_and_duplicated_paragraphs_keep_their_decisions(tmp_path):
    folder = notes_dir(tmp_path)
    project, before = code_every_segment(folder)
    revise(folder, LEDNING, SPLIT)                                                    # split in two
    revise(folder, PLAN + "\n", PLAN + " " + VARD + "\n")                             # merged with the next area's
    revise(folder, "\n" + VARD + "\n", "\n")
    revise(folder, DELETED, DELETED + "\n- En arbetsgrupp för vuxna träffas varannan månad.\n")  # moved, and duplicated
    after = {s.segment_id: s for s in reanchored(folder)}

    split = decision_on(project, LEDNING)
    assert after[split.segment_id].text.startswith("Ledningsgruppen på hög tjänstemannanivå samlar")
    assert (split.status, split.detail["anchor_match"], split.anchor_score) == ("active", "split", 99.3)
    for text in (PLAN, VARD):
        merged = decision_on(project, text)
        assert after[merged.segment_id].text == PLAN + " " + VARD
        assert (merged.status, merged.detail["anchor_match"]) == ("active", "merged")
    duplicated = decision_on(project, before[2].text)
    assert duplicated.segment_id == before[2].segment_id and duplicated.anchor_score is None
    assert [d.id for d in project.decisions(status="orphaned")] == []
    assert len(project.decisions(status=None)) == len(before) + 2

    snapshot = [(d.id, d.segment_id, d.status, d.anchor_score, d.detail) for d in project.decisions(status=None)]
    second = reanchor_decisions(project, list(after.values()))
    assert (second.moved, second.newly_orphaned) == ([], [])
    assert [(d.id, d.segment_id, d.status, d.anchor_score, d.detail) for d in project.decisions(status=None)] == snapshot


def test_a_short_paragraph_is_not_taken_for_a_part_of_a_longer_one(tmp_path):
    folder = notes_dir(tmp_path)
    project = Project.for_notes(folder)
    project.add(Decision("code_added", "L07", "L07-0000000000", "medskick", text="Även skolan.", coder="anna"))
    reanchor_decisions(project, reanchored(folder))
    assert project.decisions(status="orphaned")[0].text == "Även skolan."


def test_status_lists_decisions_carried_to_a_revised_paragraph(workspace):
    project, _ = code_every_segment(workspace)
    revise(workspace, *REWORDED)
    revise(workspace, LEDNING, SPLIT)
    lines = run("status", "--notes", workspace).output.splitlines()
    moved = decision_on(project, REWORDED[0])
    split = decision_on(project, LEDNING)
    assert lines[4:] == [
        "Flyttade till reviderade stycken: 3 (deras stycke har reviderats; kontrollera att vart och ett fortfarande passar)",
        f"  #{split.id} L07 Tillagt tema finansiering av anna: del av ett delat stycke, likhet 99.3: "
        "\"Ledningsgruppen på hög tjänstemannanivå samlar hälso- och s…\"",
        f"  #{moved.id} L07 Tillagt tema finansiering av anna: omformulerat stycke, likhet {moved.anchor_score:g}: "
        "\"Länet har en länsgemensam handlingsplan som antogs i juni 2…\"",
        f"  #{moved.id + 3} L07 Valt citat handlingsplan av bo: omformulerat stycke, likhet {moved.anchor_score:g}: "
        "\"Länet har en länsgemensam handlingsplan som antogs i juni 2…\"",
        "Utan stycke: inga",
    ]
