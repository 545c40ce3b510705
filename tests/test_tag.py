"""Theme suggestions on segments: evidence, parents, areas and negation."""

from __future__ import annotations

import textwrap

import pytest

from conftest import ROOT
from dialogtool.cues.codebook import load_codebook
from dialogtool.model import Segment
from dialogtool.coding.tag import tag_segments


def segment(text: str, area: str = "strategi", county: str = "L01") -> Segment:
    return Segment(f"{county}-{abs(hash(text)) % 10**8}", county, area, 1, text)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(ROOT / "themes.yaml")


def themes(codes) -> list[str]:
    return [c.theme for c in codes]


def test_sub_theme_implies_parent_with_evidence(codebook):
    codes = tag_segments([segment("Samsjuklighetsreformen ger en röd tråd i arbetet.", area="initiativ")], codebook)
    by_theme = {c.theme: c for c in codes}
    assert {"parallella_reformer.samsjuklighet", "parallella_reformer.synergi", "parallella_reformer"} <= set(by_theme)
    assert by_theme["parallella_reformer.samsjuklighet"].evidence == "Samsjuklighetsreformen ger en röd tråd i arbetet."
    assert all(c.source == "auto" for c in codes)


def test_themes_come_in_codebook_order(codebook):
    codes = tag_segments([segment("Stimulansmedlen fördelas utifrån överenskommelsens prioriterade områden och "
                                  "per invånare.")], codebook)
    order = list(codebook.themes)
    assert themes(codes) == sorted(themes(codes), key=order.index)
    assert "fordelningsgrund.schablon" in themes(codes)


def test_area_limited_cue(codebook):
    text = "Skolan sitter med i ledningsgruppen sedan i våras."
    assert "styrning.skola" in themes(tag_segments([segment(text, area="ledning")], codebook))
    assert "styrning.skola" not in themes(tag_segments([segment(text, area="initiativ")], codebook))


def test_negated_cue_does_not_count_where_the_cue_says_so(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(textwrap.dedent("""\
        language: {negation: [inte, ingen, sakna], planned: [planera]}
        themes:
          - id: handlingsplan
            label: Handlingsplan
            cues: [handlingsplan]
          - id: handlingsplan.status
            parent: handlingsplan
            label: Plan finns
            cues: [{pattern: handlingsplan, when: [stated]}]
        """), encoding="utf-8")
    codebook = load_codebook(path)
    assert themes(tag_segments([segment("Länet har ingen handlingsplan.")], codebook)) == ["handlingsplan"]
    assert themes(tag_segments([segment("Man planerar att ta fram en handlingsplan.")], codebook)) == ["handlingsplan"]
    assert themes(tag_segments([segment("Länet har en handlingsplan.")], codebook)) == ["handlingsplan", "handlingsplan.status"]


def test_theme_about_a_negation_is_still_coded(codebook):
    codes = tag_segments([segment("Skolan är inte med i ledningsgruppen.", area="ledning")], codebook)
    assert "styrning.skola" in themes(codes)


def test_passing_mention_of_a_weak_cue_needs_more_evidence(codebook):
    topic = "Ledningsgruppen träffas sex gånger per år och har en stående punkt om psykisk hälsa."
    passing = "Brukarorganisationerna sitter inte med i ledningsgruppen."
    twice = "Frågan går till ledningsgruppen. Därefter återrapporteras den till ledningsgruppen."
    thrice = twice + " Beslutet fattas sedan i ledningsgruppen."
    assert "styrning.ledningsgrupp" in themes(tag_segments([segment(topic, area="ledning")], codebook))
    assert "styrning.ledningsgrupp" not in themes(tag_segments([segment(passing, area="ledning")], codebook))
    assert "styrning.ledningsgrupp" not in themes(tag_segments([segment(twice, area="ledning")], codebook))
    assert "styrning.ledningsgrupp" in themes(tag_segments([segment(thrice, area="ledning")], codebook))


def test_a_definite_noun_refers_back_to_the_compound_named_before(codebook):
    text = "Länet har en regional samverkansgrupp för vård och omsorg. Gruppen möts varannan månad."
    codes = {c.theme: c for c in tag_segments([segment(text, area="ledning")], codebook)}
    assert "styrning.ledningsgrupp" in codes and "styrning.operativ" not in codes
    alone = "Gruppen möts varannan månad och leds av en processledare."
    assert "styrning.ledningsgrupp" not in themes(tag_segments([segment(alone, area="ledning")], codebook))


def test_a_list_item_is_read_with_the_sentence_that_introduces_it(codebook):
    lead = Segment("L01-a", "L01", "ledning", 1, "Under ledningsgruppen finns tre länsgemensamma nätverk:")
    item = Segment("L01-b", "L01", "ledning", 2, "vuxna, som träffas en gång i månaden", kind="list")
    body = Segment("L01-c", "L01", "ledning", 3, "Dialogen avslutades med en kort summering av dagen som helhet.")
    codes = tag_segments([lead, item, body], codebook)
    assert ("L01-b", "styrning.operativ") in {(c.segment_id, c.theme) for c in codes}
    assert not [c for c in codes if c.segment_id == "L01-c"]


def test_weight_and_clause_scope_of_a_cue(codebook):
    across = "Planen sträcker sig till 2030 medan stimulansmedlen beslutas ett år i taget."
    within = "Planen beslutades av ledningsgruppen i juni."
    assert "handlingsplan.status" not in themes(tag_segments([segment(across, area="strategi")], codebook))
    assert "handlingsplan.status" in themes(tag_segments([segment(within, area="strategi")], codebook))
    role = "Länssamordnaren har haft uppdraget sedan mars."
    assert "styrning.operativ" not in themes(tag_segments([segment(role, area="ledning")], codebook))


def test_denied_difficulty_is_not_a_coordination_problem(codebook):
    text = "De parallella initiativen beskrivs som ett stöd snarare än en belastning."
    assert "parallella_reformer.utmaning" not in themes(tag_segments([segment(text, area="initiativ")], codebook))
