"""One truth: a decision changes everything that depends on it, and nothing is lost or silently overwritten.

Defects found trying the tool as a new user would (issue #14), each with the test that showed it.
"""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner

from dialogtool.cli import cli
from dialogtool.coding.effective import effective_codes, record_code_decision
from dialogtool.coding.store import NO_VERSION, Project, scope_key, scope_versions
from dialogtool.coding.tag import IMPLIED
from dialogtool.errors import ConflictError
from dialogtool.model import Code, Decision, Segment
from dialogtool.outputs.charts import plotted_data
from dialogtool.outputs.quotes import chosen_for_theme, record_choice, withdraw_choice
from dialogtool.outputs.tables import counts_frame, typology_frame
from dialogtool.outputs.quotes import shown_by
from dialogtool.outputs.report.picks import QuotePicker
from dialogtool.outputs.report.spec import QuoteSource
from dialogtool.pipeline import analyze, build, choose_quote, decide_code, fill_round, override_category, refresh

SEGMENT = Segment("L07-0000000001", "L07", "ledning", 1,
                  "Skolan sitter med i ledningsgruppen sedan i våras, och elevhälsan deltar i arbetsgruppen.")


def test_overriding_plan_status_decides_plan_koppling_again_in_typology_and_counts(small_round):
    assert build(small_round).profiles[0].category("plan_koppling") == "delmal"
    override_category(small_round, "L07", "plan_status", "pagar", "Planen är inte antagen än.", "anna")
    analysis = build(small_round)
    l07 = analysis.profiles[0]
    assert (l07.category("plan_status"), l07.category("plan_koppling")) == ("pagar", None)
    assert typology_frame(analysis.profiles, analysis.codebook).set_index("county").loc["L07", "plan_koppling"] == ""
    counts = counts_frame(analysis.profiles, analysis.codebook).set_index(["dimension", "category"])
    assert counts.loc[("plan_koppling", "delmal"), "counties"] == 1


def test_rejecting_a_paragraphs_only_sub_theme_removes_the_parent_it_implied():
    auto = [Code(SEGMENT.segment_id, "L07", "styrning", "auto", IMPLIED.format(theme="styrning.skola")),
            Code(SEGMENT.segment_id, "L07", "styrning.skola", "auto", "Skolan")]
    rejected = Decision("code_rejected", "L07", SEGMENT.segment_id, "styrning.skola", id=1)
    assert effective_codes(auto, [rejected]) == []


def test_a_parent_stays_while_another_sub_theme_or_its_own_cue_or_a_confirmation_keeps_it():
    implied = Code(SEGMENT.segment_id, "L07", "styrning", "auto", IMPLIED.format(theme="styrning.skola"))
    skola = Code(SEGMENT.segment_id, "L07", "styrning.skola", "auto", "Skolan")
    operativ = Code(SEGMENT.segment_id, "L07", "styrning.operativ", "auto", "arbetsgruppen")
    rejected = Decision("code_rejected", "L07", SEGMENT.segment_id, "styrning.skola", id=1)
    accepted = Decision("code_accepted", "L07", SEGMENT.segment_id, "styrning", coder="anna", id=2)
    assert {c.theme for c in effective_codes([implied, skola, operativ], [rejected])} == {"styrning", "styrning.operativ"}
    assert [(c.theme, c.source) for c in effective_codes([implied, skola], [rejected, accepted])] == [
        ("styrning", "auto+accepted")]
    own = Code(SEGMENT.segment_id, "L07", "styrning", "auto", "samordning")
    assert [c.theme for c in effective_codes([own, skola], [rejected])] == ["styrning"]


def test_rejecting_a_sub_theme_in_the_app_removes_the_parent_from_the_round(small_round):
    analysis = build(small_round)
    segment = next(s for s in analysis.corpus.segments if s.text.startswith("God och nära vård"))
    themes = {c.theme for c in analysis.codes if c.segment_id == segment.segment_id}
    assert "parallella_reformer" in themes
    for theme in sorted(t for t in themes if t.startswith("parallella_reformer.")):
        decide_code(analysis, segment.segment_id, theme, "code_rejected", "anna")
    assert [c.theme for c in analysis.codes if c.segment_id == segment.segment_id] == []


def test_a_quote_chosen_for_another_theme_moves_there_and_can_be_withdrawn(tmp_path):
    project = Project.for_notes(tmp_path)
    themes = {SEGMENT.segment_id: {"styrning.skola", "styrning.operativ"}}
    first = record_choice(project, SEGMENT, coder="anna", themes=themes[SEGMENT.segment_id], theme="styrning.skola")
    moved = record_choice(project, SEGMENT, coder="anna", themes=themes[SEGMENT.segment_id], theme="styrning.operativ")
    choices = project.decisions(kind="quote_chosen")
    assert chosen_for_theme("styrning.skola", choices, themes, None) == {}
    assert list(chosen_for_theme("styrning.operativ", choices, themes, None).values()) == [moved]
    assert [(d.id, d.status) for d in project.decisions(kind="quote_chosen", status=None)] == [
        (first.id, "removed"), (moved.id, "active")]
    withdraw_choice(project, moved.id)
    assert project.decisions(kind="quote_chosen") == []


def test_a_trim_never_cuts_a_word_in_half(tmp_path):
    decision = record_choice(Project.for_notes(tmp_path), SEGMENT, [(3, 12), (52, 58)], theme="styrning.skola")
    assert decision.detail["pieces"] == ["Skolan sitter", "och elevhälsan"]
    assert decision.detail["trims"] == [[0, 13], [51, 65]]


def test_the_second_of_two_tabs_deciding_the_same_code_gets_a_conflict(small_round):
    analysis = build(small_round)
    segment = analysis.corpus.segments[0]
    project = Project.for_notes(small_round.notes_dir)
    key = ("code", segment.segment_id, "styrning.skola")
    seen = scope_versions(project.decisions(status=None)).get(key, NO_VERSION)
    record_code_decision(project, segment, "styrning.skola", "code_accepted", "anna", analysis.codebook, seen)
    with pytest.raises(ConflictError) as error:
        record_code_decision(project, segment, "styrning.skola", "code_rejected", "bo", analysis.codebook, seen)
    assert error.value.latest.coder == "anna"
    assert str(error.value) == (f"{project.path}: code {segment.segment_id} styrning.skola har beslutats av anna "
                                "sedan det lästes; läs det nuvarande beslutet och besluta igen.")
    assert [d.kind for d in project.decisions()] == ["code_accepted"]
    other = scope_versions(project.decisions(status=None)).get(("code", segment.segment_id, "styrning"), NO_VERSION)
    record_code_decision(project, segment, "styrning", "code_rejected", "bo", analysis.codebook, other)
    assert scope_key(project.decisions()[-1]) == ("code", segment.segment_id, "styrning")


def test_refresh_reclassifies_only_the_counties_named(small_round):
    analysis = build(small_round)
    override_category(small_round, "L08", "skola_i_ledning", "nej", "Skolan deltar inte.", "anna")
    refresh(analysis, {"L07"})
    assert [p.category("skola_i_ledning") for p in analysis.profiles] == ["ja", "ja"]
    refresh(analysis, {"L08"})
    assert [p.category("skola_i_ledning") for p in analysis.profiles] == ["ja", "nej"]


def test_the_draft_prints_a_quote_chosen_for_a_theme_in_that_themes_part_only(small_round):
    analysis = build(small_round)
    segment = analysis.corpus.segments[0]
    assert {"styrning.skola", "styrning.forandring"} <= {c.theme for c in analysis.codes if c.segment_id == segment.segment_id}
    choose_quote(small_round, segment.segment_id, coder="anna", theme="styrning.forandring")
    picker = QuotePicker(build(small_round))
    skola, forandring = (QuoteSource(t, shown_by(t)) for t in ("styrning.skola", "styrning.forandring"))
    assert segment.segment_id not in {q.segment_id for q in picker.for_source(skola, wanted=10)}
    assert [(q.segment_id, q.chosen) for q in picker.for_source(forandring)] == [(segment.segment_id, True)]


def test_fill_draws_its_figures_from_the_state_it_counts_not_from_the_last_analyze(small_round, tmp_path):
    analyze(small_round, tmp_path / "outputs")
    override_category(small_round, "L07", "plan_status", "pagar", "Planen är inte antagen än.", "anna")
    draft = docx.Document()
    draft.add_paragraph("{{ Antal plan_status=pagar }} län arbetar med en plan.")
    draft.add_paragraph("{{ figur diagram1_plan_status }}")
    draft.save(str(tmp_path / "utkast.docx"))
    filled = docx.Document(str(fill_round(small_round, tmp_path / "utkast.docx", tmp_path / "ifyllt.docx")))
    assert filled.paragraphs[0].text == "Ett län arbetar med en plan."
    (image,) = [part for part in filled.part.package.parts if part.partname.endswith(".png")]
    (tmp_path / "inbäddad.png").write_bytes(image.blob)
    bars = plotted_data(tmp_path / "inbäddad.png")["bars"]
    assert (bars["Handlingsplan finns"], bars["Arbete pågår"]) == (1, 1)


def test_a_report_edited_by_hand_is_kept_aside_not_overwritten_by_the_next_run(small_round, tmp_path):
    out = tmp_path / "outputs"
    assert analyze(small_round, out).kept_edits == []
    assert analyze(small_round, out).kept_edits == []  # written by the tool and not touched: overwritten
    edited = docx.Document(str(out / "report.docx"))
    edited.add_paragraph("Min egen slutsats, skriven för hand.")
    edited.save(str(out / "report.docx"))
    result = CliRunner().invoke(cli, ["analyze", str(small_round.notes_dir), "--out", str(out), "--guide",
                                      str(small_round.guide_path), "--themes", str(small_round.themes_path)])
    assert result.exit_code == 0, result.output
    (kept,) = out.glob("report (redigerad *).docx")
    assert f"Redigerad för hand sedan förra körningen och därför sparad (inte överskriven) som: {kept}" in result.output
    assert docx.Document(str(kept)).paragraphs[-1].text == "Min egen slutsats, skriven för hand."
    assert "Min egen slutsats" not in "\n".join(p.text for p in docx.Document(str(out / "report.docx")).paragraphs)
    assert analyze(small_round, out).kept_edits == []
