"""County typologies: rules with negation and tense, evidence, and the report's counts."""

from __future__ import annotations

import csv
from dataclasses import replace
from collections import Counter

import numpy as np
import pytest

from conftest import ROOT
from dialogtool.coding.learned import cached_suggester, segment_texts
from dialogtool.coding.passages import segment_readings
from dialogtool.coding.modelcache import KEY
from dialogtool.usercache import CACHE_ENV
from dialogtool.typology import learned
from dialogtool.typology.classify import classify_counties, learned_cell
from dialogtool.typology.confidence import NEVER_SURE_CAP, with_confidence
from dialogtool.typology.learned import OVERRULE_AT, bundled_typology, round_county_model, trained_county_model
from dialogtool.cues.codebook import load_codebook
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide
from dialogtool.model import Cell, Code, CountyProfile, Segment
from dialogtool.coding.tag import tag_segments

NOTES = ROOT / "tools" / "notes_src" / "2025"
GOLD = ROOT / "tests" / "gold" / "typology_2025.csv"
#: Another writer's notes of the 2024 round: the check that the rules read meaning, not 2025's words.
NOTES_2024 = ROOT / "tools" / "notes_src" / "2024"
GOLD_2024 = ROOT / "tests" / "gold" / "typology_2024.csv"
DIMENSIONS = ["plan_status", "plan_koppling", "fordelningsgrund", "efterhandssortering", "operativ_organisering",
              "skola_i_ledning", "parallella_initiativ", "strategins_bredd"]


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(ROOT / "themes.yaml")


def profile_of(texts: list[tuple[str, str]], codebook):
    segments = [Segment(f"L01-{i}", "L01", area, i, text) for i, (area, text) in enumerate(texts, 1)]
    [profile] = classify_counties(segments, tag_segments(segments, codebook), codebook)
    return profile


@pytest.mark.parametrize("text, category", [
    ("Länet har en länsgemensam handlingsplan som antogs av ledningsgruppen i juni.", "finns"),
    ("Arbetet med en länsgemensam handlingsplan pågår, och planen ska antas i mars.", "pagar"),
    ("Beslut finns om att ta fram en handlingsplan, men arbetet har inte startat.", "forberedande"),
    ("Länet har ingen egen handlingsplan utan utgår från samsjuklighetsplanen.", "integrerad"),
])
def test_plan_status_reads_negation_and_tense(codebook, text, category):
    cell = profile_of([("strategi", text)], codebook).cells["plan_status"]
    assert cell.category == category
    assert cell.evidence[0].sentence == text


def test_cell_without_evidence_has_a_reason(codebook):
    profile = profile_of([("ledning", "Dialogen började med en presentationsrunda.")], codebook)
    assert profile.category("plan_status") is None
    assert profile.cells["plan_status"].reason.startswith("Anteckningarna tar inte upp detta")
    assert profile.category("plan_koppling") is None
    assert profile.cells["plan_koppling"].reason == (
        "Gäller bara län där status för länsgemensam handlingsplan utifrån strategin är ”Handlingsplan finns”.")


def test_efterhand_only_where_allocation_is_known(codebook):
    profile = profile_of([("strategi", "Stimulansmedlen fördelas utifrån överenskommelsens prioriterade områden. "
                                       "Inför återrapporteringen sorteras insatserna i efterhand mot strategins delmål.")],
                         codebook)
    assert profile.category("fordelningsgrund") == "overenskommelsen"
    assert profile.category("efterhandssortering") == "ja"


@pytest.mark.parametrize("text", [
    "Länet har ingen länsgemensam handlingsplan och inget beslut om att ta fram en. "
    "Länsdelarna ska under våren kartlägga pågående insatser.",
    "Någon länsgemensam handlingsplan finns inte. Man vill vänta tills det står klart om nästa överenskommelse kräver en.",
])
def test_no_plan_and_only_waiting_or_mapping_is_preparatory(codebook, text):
    assert profile_of([("strategi", text)], codebook).category("plan_status") == "forberedande"


def test_no_adopted_plan_yet_is_a_plan_being_written(codebook):
    profile = profile_of([("strategi", "En skrivgrupp har tagit fram ett utkast. Länet har ännu ingen antagen plan.")], codebook)
    assert profile.category("plan_status") == "pagar"


@pytest.mark.parametrize("text, category", [
    ("Parallella initiativ ses som en hjälp snarare än en belastning.", "underlattar"),
    ("Deltagarna hade svårt att säga om de parallella initiativen hjälper eller stjälper.", "ovrigt"),
    ("Satsningarna löper bredvid varandra utan att vare sig krocka eller förstärka varandra.", "ovrigt"),
    ("Det finns många pengapotter, och ingen kan förklara hur allt hänger ihop.", "utmaningar"),
    ("Initiativen ger en röd tråd. En deltagare lyfte risken att allt hamnar under samma paraply.", "underlattar"),
])
def test_parallel_initiatives_weigh_judgements_not_words(codebook, text, category):
    assert profile_of([("initiativ", text)], codebook).category("parallella_initiativ") == category


def test_school_only_in_a_subgroup_is_not_in_the_management_group(codebook):
    profile = profile_of([("ledning", "Ledningsgruppen består av socialchefer och hälso- och sjukvårdsdirektören. "
                                      "Skolan ingår inte. I barn- och ungagruppen deltar elevhälsan.")], codebook)
    assert profile.category("skola_i_ledning") == "nej"


@pytest.mark.parametrize("text, category", [
    ("Länet vill bredda samverkan till fler aktörer, och Polisen ska bjudas in till nästa länsforum.", "bredda"),
    ("Ledningsgruppen har valt att avgränsa planen till det som vård och socialtjänst har mandat för.", "skala_av"),
    ("Ledningsgruppen ger avgränsade uppdrag till tillfälliga arbetsgrupper.", None),
    ("Polisen har bjudits in till den norra gruppen.", None),
])
def test_breadth_needs_a_stated_choice(codebook, text, category):
    assert profile_of([("strategi", text)], codebook).category("strategins_bredd") == category


def test_school_ambition_is_not_membership(codebook):
    profile = profile_of([("ledning", "Ledningsgruppen består av socialchefer och hälso- och sjukvårdsdirektören. "
                                      "Skolan är inte med, men skolcheferna ska bjudas in från våren.")], codebook)
    assert profile.category("skola_i_ledning") == "stravan"


def classified(notes, guide, codebook):
    corpus = load_corpus(notes, load_guide(ROOT / "interview_guides" / guide))
    return classify_counties(corpus.segments, tag_segments(corpus.segments, codebook), codebook)


@pytest.fixture(scope="module")
def bundled(codebook):
    return classified(NOTES, "2025.yaml", codebook)


@pytest.fixture(scope="module")
def held_out(codebook):
    return classified(NOTES_2024, "2024.yaml", codebook)


def counts(profiles, dimension):
    return Counter(p.category(dimension) for p in profiles)


def test_report_counts(bundled):
    assert len(bundled) == 21
    assert [counts(bundled, "plan_status")[c] for c in ("finns", "pagar", "forberedande", "integrerad")] == [9, 6, 3, 3]
    assert [counts(bundled, "plan_koppling")[c] for c in ("overgripande_mal", "delmal", "prioriterade_omraden")] == [2, 5, 2]
    assert counts(bundled, "skola_i_ledning")["ja"] >= 12
    assert counts(bundled, "efterhandssortering")["ja"] >= 3
    assert all(p.category("fordelningsgrund") == "overenskommelsen"
               for p in bundled if p.category("efterhandssortering") == "ja")


def test_report_counts_allocation_and_operative_level(bundled):
    assert [counts(bundled, "fordelningsgrund")[c] for c in ("strategin", "overenskommelsen")] == [5, 16]
    assert [counts(bundled, "operativ_organisering")[c]
            for c in ("behovsanpassad", "aldersindelning", "geografisk", "ovrigt")] == [8, 7, 4, 2]


def test_report_counts_parallel_initiatives(bundled):
    assert [counts(bundled, "parallella_initiativ")[c] for c in ("underlattar", "utmaningar", "ovrigt")] == [12, 7, 2]


def accuracy(profiles, dimension, gold_path=GOLD) -> float:
    gold = {r["county"]: r[dimension] or None for r in csv.DictReader(gold_path.open(encoding="utf-8"))}
    return sum(gold[p.county] == p.category(dimension) for p in profiles) / len(profiles)


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_accuracy_against_gold(bundled, dimension):
    assert accuracy(bundled, dimension) >= 0.95


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_accuracy_on_the_2024_round(held_out, dimension):
    """A floor, not a target: 2024 is read to see the rules generalise (20 of 21 counties)."""
    assert len(held_out) == 21
    assert accuracy(held_out, dimension, GOLD_2024) >= 20 / 21


def test_every_decided_cell_has_evidence_or_reason(bundled):
    for profile in bundled:
        for cell in profile.cells.values():
            assert cell.evidence or cell.reason


@pytest.mark.parametrize("items", [
    ["barn och unga, som träffas varje månad", "vuxna, med en undergrupp för suicidprevention", "äldre, som startade i våras"],
    ["Barn och unga, som träffas varje månad", "Vuxna, med en undergrupp för suicidprevention", "Äldre, som startade i våras"],
])
def test_a_list_lead_counts_once_however_its_items_are_written(codebook, items):
    """A lead sentence running on into lower-case items counted once per item before (the
    lead was glued to each item): the same note then got another category than with capitals."""
    lead = "Det operativa arbetet är indelat efter ålder, med tre nätverk:"
    segments = [Segment("L01-1", "L01", "ledning", 1, lead)]
    segments += [Segment(f"L01-{i}", "L01", "ledning", i, text, kind="list") for i, text in enumerate(items, 2)]
    segments += [Segment("L01-5", "L01", "ledning", 5, "Vid behov tillsätts tillfälliga arbetsgrupper, till exempel en "
                                                       "grupp som tog fram en rutin."),
                 Segment("L01-6", "L01", "ledning", 6, "Tillfälliga grupper bildas efter behov.")]
    [profile] = classify_counties(segments, tag_segments(segments, codebook), codebook)
    cell = profile.cells["operativ_organisering"]
    assert cell.reason == "Lika många träffar (aldersindelning: 2, behovsanpassad: 2): 'ovrigt'."
    assert [e.segment_id for e in cell.evidence if e.sentence.startswith(lead)] == ["L01-1"]


def test_efterhandssortering_is_empty_where_the_notes_say_nothing_of_it(codebook):
    allocation = ("strategi", "Stimulansmedlen fördelas utifrån överenskommelsens prioriterade områden.")
    silent = profile_of([allocation], codebook)
    assert silent.category("fordelningsgrund") == "overenskommelsen"
    assert silent.category("efterhandssortering") is None
    assert silent.cells["efterhandssortering"].reason == (
        "Anteckningarna säger inte om insatserna sorteras mot strategin i efterhand.")
    said = profile_of([allocation, ("strategi", "Insatserna sorteras inte i efterhand mot strategins delmål.")], codebook)
    assert said.category("efterhandssortering") == "nej"


# --- how a cell was reached: what its confidence is calibrated by ---------------------------


def test_a_first_rule_cell_where_another_category_matched_too_is_contested(codebook):
    clean = profile_of([("strategi", "Länet har en länsgemensam handlingsplan som antogs i juni."),
                        ("strategi", "Handlingsplanen fastställdes av ledningsgruppen.")], codebook)
    contested = profile_of([("strategi", "Länet har en länsgemensam handlingsplan som antogs i juni."),
                            ("strategi", "Vid dialogen framkom att planen ännu är ett utkast och att arbetet pågår.")], codebook)
    assert (clean.cells["plan_status"].category, clean.cells["plan_status"].basis) == ("finns", "rule")
    assert (contested.cells["plan_status"].category, contested.cells["plan_status"].basis) == ("finns", "contested")
    assert contested.cells["plan_status"].reason == ("Anteckningarna talar åt två håll: även ”Arbete pågår” har stöd i "
                                                     "dem. Kontrollera.")


def test_a_cell_decided_by_one_sentence_says_so(codebook):
    profile = profile_of([("strategi", "Länet har en länsgemensam handlingsplan som antogs i juni.")], codebook)
    assert profile.cells["plan_status"].basis == "single"


def test_a_paragraph_coded_with_the_school_theme_is_read_under_any_heading(codebook):
    """The typology does not depend on headings: the theme alone (here a learned or human code)
    puts a paragraph in the dimension's scope, whatever area its heading gave it."""
    segment = Segment("L01-1", "L01", "initiativ", 1, "Skolan är inte med i styrgruppen, men styrgruppen vill "
                                                       "bjuda in skolcheferna från och med nästa år.")
    [profile] = classify_counties([segment], [Code("L01-1", "L01", "styrning.skola", "auto")], codebook)
    assert profile.category("skola_i_ledning") == "stravan"


def test_the_county_model_overrules_a_weak_rule_cell_with_a_sentence_of_the_notes(codebook):
    """dev_b's X04 finds the national initiatives hard to coordinate; a rule cell that rests on
    one sentence saying otherwise is overruled by a model that never saw dev_b's counties,
    and the cell quotes the notes, not a pattern."""
    model = trained_county_model(cached_suggester(codebook, (), frozenset()), codebook,
                        {k: v for k, v in bundled_typology().items() if k[0] != "dev_b"})
    segments = load_corpus(ROOT / "tests" / "corpora" / "dev_b" / "notes", load_guide(ROOT / "interview_guides" / "2025.yaml")).segments
    in_scope = [s for s in segments if s.county == "X04" and s.area == "initiativ"]
    dimension = codebook.dimensions["parallella_initiativ"]
    weak = Cell("X04", dimension.id, "underlattar", basis="single", reason="Regel för 'underlattar' träffade.")
    texts = segment_texts(in_scope, {})
    probability = model.probabilities(dimension.id, texts)
    assert max(probability, key=probability.get) == "utmaningar" and probability["utmaningar"] >= OVERRULE_AT
    cell = learned_cell(weak, dimension, in_scope, texts, model, "utmaningar", probability["utmaningar"])
    assert (cell.category, cell.basis) == ("utmaningar", "learned")
    assert cell.reason.startswith("Inlärd bedömning (") and cell.reason.endswith(
        "som klassades ”Utmaningar”. Reglerna: Regel för 'underlattar' träffade.")
    [evidence] = cell.evidence
    quoted = next(s for s in in_scope if s.segment_id == evidence.segment_id)
    assert evidence.sentence in quoted.text and len(evidence.sentence) < len(quoted.text)


def test_a_cell_the_county_model_disputes_is_never_sure():
    cell = Cell("L01", "skola_i_ledning", "ja", basis="single", disputed=True)
    [profile] = with_confidence([CountyProfile("L01", {"skola_i_ledning": cell})])
    undisputed = with_confidence([CountyProfile("L01", {"skola_i_ledning": replace(cell, disputed=False)})])[0]
    assert undisputed.cells["skola_i_ledning"].sure
    assert not profile.cells["skola_i_ledning"].sure and profile.cells["skola_i_ledning"].confidence <= NEVER_SURE_CAP


@pytest.mark.parametrize("dimension, basis", [("strategins_bredd", "single"), ("plan_status", "contested")])
def test_a_cell_is_sure_only_where_cells_like_it_that_the_county_model_agreed_with_were_right(dimension, basis):
    """Leave one writer out, a breadth read from one sentence was right 78 of 78 times where the
    county model agreed and 17 of 19 where it did not; a contested plan status 137 of 137 and
    2 of 5: the model's agreement tells the cells to check apart."""
    cell = Cell("L01", dimension, "x", basis=basis)
    agreed, other = (with_confidence([CountyProfile("L01", {dimension: replace(cell, agreed=value)})])[0].cells[dimension]
                     for value in (True, False))
    assert agreed.sure and not other.sure and agreed.confidence > 0.97 > other.confidence


def test_a_close_call_is_never_sure_even_where_the_county_model_agrees():
    cell = Cell("L01", "operativ_organisering", "aldersindelning", basis="close", agreed=True)
    [profile] = with_confidence([CountyProfile("L01", {"operativ_organisering": cell})])
    assert not profile.cells["operativ_organisering"].sure
    assert profile.cells["operativ_organisering"].confidence <= NEVER_SURE_CAP


def test_the_bundled_round_is_classified_by_a_model_that_never_saw_its_counties(codebook):
    segments = load_corpus(NOTES, load_guide(ROOT / "interview_guides" / "2025.yaml")).segments
    model = round_county_model(codebook, segments)
    assert not {county for writer, county in model.trained_on if writer == "2025"}
    assert len(model.trained_on) == len(bundled_typology()) - 21
    # Read by a model that never saw them, the report's counties keep every cell of the gold:
    # the model may dispute a rule (L15's "nej" on sorting afterwards) but never empties a stated one.
    with GOLD.open(encoding="utf-8") as handle:
        gold = {row["county"]: row for row in csv.DictReader(handle)}
    profiles = classify_counties(segments, tag_segments(segments, codebook), codebook, learned=model)
    assert [(p.county, d, c.category) for p in profiles for d, c in p.cells.items()
            if c.category != (gold[p.county][d] or None)] == []
    # Every cell the model read says whether it agreed; it agreed with most.
    read = [c for p in profiles for c in p.cells.values() if c.basis not in ("not_applicable", "empty")]
    assert all(c.agreed is not None for c in read)
    assert sum(bool(c.agreed) for c in read) >= 0.8 * len(read)


def test_a_sub_heading_that_names_a_part_of_the_notes_is_no_evidence_of_a_category(codebook):
    """Under "Utmaningar" (the part of each area about what is hard) a county says the reforms
    help one another: the label is read with the paragraph, as its topic, but tells no category."""
    text = ("Regionen och kommunerna beskriver att reformerna förstärker varandra och att strategin "
            "fungerar som en gemensam ram för dem.")
    segments = [Segment("L01-1", "L01", "initiativ", 1, text, subheading="Utmaningar")]
    [profile] = classify_counties(segments, tag_segments(segments, codebook), codebook,
                                  readings=segment_readings(segments, codebook.matcher))
    cell = profile.cells["parallella_initiativ"]
    assert cell.category == "underlattar" and [e.sentence for e in cell.evidence] == [text]


def test_the_cached_county_model_reads_as_the_trained_one_and_a_bad_file_is_trained_again(
        codebook, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    suggester = cached_suggester(codebook, (), frozenset())
    excluded = frozenset(k for k in bundled_typology() if k[0] != "2025")  # trains on the 21 counties only
    trained = learned.cached_county_model(suggester, codebook, excluded)
    [path] = tmp_path.glob("learned-county-*.npz")
    segments = load_corpus(ROOT / "tests" / "corpora" / "dev_b" / "notes",
                           load_guide(ROOT / "interview_guides" / "2025.yaml")).segments
    texts = segment_texts([s for s in segments if s.county == "X04"], {})

    def refuse_training(*args, **kwargs):
        raise AssertionError("trained although the cache holds the county model")

    with monkeypatch.context() as patched:
        patched.setattr(learned, "category_model", refuse_training)
        cached = learned.cached_county_model(suggester, codebook, excluded)
    assert cached is not trained and cached.trained_on == trained.trained_on and len(trained.trained_on) == 21
    assert set(cached.models) == set(trained.models) and len(trained.models) >= 5
    for dimension in trained.models:
        assert cached.probabilities(dimension, texts) == trained.probabilities(dimension, texts)
    good = dict(np.load(path))
    dimension = next(iter(trained.models))
    for kind, spoil in {
        "corrupt": lambda: path.write_bytes(b"PK\x03\x04 not a zip file"),
        "foreign": lambda: np.savez(path, **{**good, KEY: np.array("another key")}),
        "not fitting": lambda: np.savez(path, **{**good, f"{dimension}.coef": np.zeros((1, 3))}),
    }.items():
        spoil()
        rebuilt = learned.cached_county_model(suggester, codebook, excluded)
        assert rebuilt.probabilities(dimension, texts) == trained.probabilities(dimension, texts), kind
        assert np.array_equal(np.load(path)[f"{dimension}.coef"], trained.models[dimension].coef), kind


@pytest.mark.parametrize("text", [
    "De åldersindelade arbetsgrupperna lades ned vid årsskiftet.",
    "Grupperna för barn och unga, vuxna och äldre avvecklades i våras.",
])
def test_a_structure_laid_down_is_no_longer_the_county_s(codebook, text):
    assert profile_of([("ledning", text)], codebook).cells["operativ_organisering"].category != "aldersindelning"


def test_a_county_vector_kept_for_the_next_dimension_equals_one_computed_afresh(codebook):
    """The county model keeps its last county vector for a dimension that reads the same
    paragraphs: a vector asked for again, or for other texts between, must be the one the
    texts' own rows sum to, never the one kept for other texts."""
    segments = load_corpus(NOTES, load_guide(ROOT / "interview_guides" / "2025.yaml")).segments
    model = round_county_model(codebook, segments)
    first, second = ([s.text for s in segments if s.county == county] for county in ("L01", "L02"))
    for texts in (first, first, second, second[:1], list(first), second):
        assert (model.county_vector(texts) == model.summed_vector(texts)).all()
    assert model.county_vector(second) is model.county_vector(list(second))
