"""Typology tables: typology, evidence, counts, crosstabs (Tabell 1) and the framework matrix.

The codebook is the bundled themes.yaml and the profiles are the 2025 gold typology
(conftest), so none of these depends on the classifier.
"""

from __future__ import annotations

import dataclasses

import pytest

from conftest import DIMENSIONS
from dialogtool.errors import TypologyError
from dialogtool.model import Cell, Code, CountyProfile, Evidence
from dialogtool.outputs.tables import (
    counts_frame,
    crosstab_by_ids,
    crosstab_frame,
    theme_matrix_frame,
    typology_evidence_frame,
    typology_frame,
)

#: Tabell 1's rows as the report labels them.
TABELL1_ROWS = ["Stimulansmedel fördelas utifrån egna kriterier, överenskommelsen och strategin",
                "Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen"]


def test_typology_frame_has_a_column_per_dimension_and_blanks_for_empty_cells(profiles, codebook):
    frame = typology_frame(profiles, codebook)
    assert list(frame.columns) == ["county", *DIMENSIONS]
    assert len(frame) == 21
    assert frame.set_index("county").loc["L02", "plan_koppling"] == ""
    assert frame.set_index("county").loc["L05", "plan_koppling"] == "prioriterade_omraden"


def test_counts_match_the_report_2025_and_keep_zero_categories(profiles, codebook):
    frame = counts_frame(profiles, codebook)
    counts = {(r.dimension, r.category): r.counties for r in frame.itertuples()}
    assert [counts[("plan_status", c)] for c in ("finns", "pagar", "forberedande", "integrerad")] == [9, 6, 3, 3]
    assert [counts[("plan_koppling", c)] for c in ("overgripande_mal", "delmal", "prioriterade_omraden")] == [2, 5, 2]
    assert [counts[("fordelningsgrund", c)] for c in ("overenskommelsen", "strategin")] == [16, 5]
    assert [counts[("parallella_initiativ", c)] for c in ("underlattar", "utmaningar", "ovrigt")] == [12, 7, 2]
    assert len(frame) == sum(len(d.categories) for d in codebook.dimensions.values())
    profiles = [p for p in profiles if p.category("plan_status") != "integrerad"]
    zero = counts_frame(profiles, codebook).set_index(["dimension", "category"]).loc[("plan_status", "integrerad")]
    assert (zero["label"], zero["counties"]) == ("Integrerad i andra strukturer", 0)


def test_tabell1_reproduces_the_report(profiles, codebook):
    frame = crosstab_frame(profiles, codebook.crosstabs["plan_x_fordelning"], codebook)
    assert list(frame.index) == TABELL1_ROWS
    assert list(frame.columns) == ["Finns, eller arbete pågår", "Inledande förberedelser eller annan modell"]
    assert frame.to_numpy().tolist() == [[5, 0], [10, 6]]
    assert frame.attrs["excluded"] == [] and frame.attrs["note"] == ""


def test_crosstab_leaves_out_and_names_counties_empty_on_a_dimension(profiles, codebook):
    profiles[0].cells["fordelningsgrund"] = Cell("L01", "fordelningsgrund", None)
    frame = crosstab_frame(profiles, codebook.crosstabs["plan_x_fordelning"], codebook)
    assert frame.to_numpy().sum() == 20
    assert frame.attrs["excluded"] == ["L01"]
    assert frame.attrs["note"] == "Ett län som saknar kategori på någon av dimensionerna ingår inte: L01."


def test_crosstab_group_with_an_unknown_category_is_an_error(profiles, codebook):
    crosstab = dataclasses.replace(codebook.crosstabs["plan_x_fordelning"], column_groups={"Finns": ["finns", "klar"]})
    with pytest.raises(TypologyError, match="gruppen 'Finns' anger okända kategorier i "
                                            "plan_status: klar; använd finns, pagar, forberedande, integrerad."):
        crosstab_frame(profiles, crosstab, codebook)


def test_crosstab_by_ids_has_every_category_and_totals(profiles, codebook):
    frame = crosstab_by_ids(profiles, "plan_status", "skola_i_ledning", codebook)
    assert list(frame.columns) == ["Ja", "Strävan", "Nej", "Totalt"]
    assert list(frame.index) == ["Handlingsplan finns", "Arbete pågår", "Förberedande fas",
                                 "Integrerad i andra strukturer", "Totalt"]
    assert frame.loc["Handlingsplan finns"].tolist() == [7, 1, 1, 9]
    assert frame.loc["Totalt", "Totalt"] == 21
    assert frame.loc["Totalt"].tolist()[:3] == [12, 4, 5]
    koppling = crosstab_by_ids(profiles, "plan_koppling", "plan_status", codebook)
    assert koppling.loc["Totalt", "Totalt"] == 9
    assert len(koppling.attrs["excluded"]) == 12


def test_crosstab_by_ids_names_the_valid_dimensions(profiles, codebook):
    with pytest.raises(TypologyError) as error:
        crosstab_by_ids(profiles, "plan_status", "skolan", codebook)
    assert str(error.value) == (
        "okänd typologidimension 'skolan'; använd en av plan_status, plan_koppling, fordelningsgrund, "
        "efterhandssortering, operativ_organisering, skola_i_ledning, parallella_initiativ, strategins_bredd.")


def test_evidence_frame_has_a_row_per_sentence_and_the_reason_of_empty_cells(profiles, codebook):
    frame = typology_evidence_frame(profiles)
    assert list(frame.columns) == ["county", "dimension", "category", "segment_id", "sentence", "source",
                                   "confidence", "sure"]
    row = frame[(frame.county == "L01") & (frame.dimension == "plan_status")].iloc[0]
    assert (row.category, row.segment_id, row.source) == ("finns", "L01-plan_status", "rule")
    empty = frame[(frame.county == "L02") & (frame.dimension == "plan_koppling")].iloc[0]
    assert (empty.category, empty.sentence) == ("", "Anteckningarna säger inget om detta.")
    assert len(frame) == 21 * len(DIMENSIONS)


def test_theme_matrix_counts_segments_once_and_parents_include_sub_themes(codebook):
    codes = [
        Code("s1", "L01", "styrning.skola"), Code("s1", "L01", "styrning"), Code("s2", "L01", "styrning.operativ"),
        Code("s2", "L01", "styrning.skola"), Code("s3", "L02", "medskick"), Code("s4", "L02", "okant.tema"),
    ]
    frame = theme_matrix_frame(codes, ["L01", "L02", "L03"], codebook).set_index("county")
    assert list(frame.columns) == list(codebook.themes)
    assert frame.loc["L01", "styrning"] == 2
    assert frame.loc["L01", "styrning.skola"] == 2
    assert frame.loc["L01", "styrning.operativ"] == 1
    assert frame.loc["L02", "medskick"] == 1
    assert frame.loc["L03"].sum() == 0
    assert frame.to_numpy().sum() == 6


def test_a_cell_the_county_model_decided_says_so_in_its_evidence_rows():
    profile = CountyProfile("L01")
    profile.cells["parallella_initiativ"] = Cell(
        "L01", "parallella_initiativ", "utmaningar", [Evidence("L01-3", "Många olika pengapotter.")],
        reason="Inlärd bedömning (84 % sannolikhet): …", confidence=0.8, basis="learned")
    profile.cells["plan_status"] = Cell("L01", "plan_status", "finns", [Evidence("L01-1", "Planen antogs.")],
                                        confidence=0.99, sure=True, basis="rule")
    frame = typology_evidence_frame([profile])
    assert frame[["dimension", "source", "sentence", "sure"]].values.tolist() == [
        ["parallella_initiativ", "model", "Många olika pengapotter.", "nej"], ["plan_status", "rule", "Planen antogs.", "ja"]]
