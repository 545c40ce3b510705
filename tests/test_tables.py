"""Typology tables: typology, evidence, counts, crosstabs (Tabell 1) and the framework matrix.

The fixtures here (a codebook shaped as CONTRACTS.md describes, profiles from the 2025 gold
typology) are shared with test_charts, test_network and test_overrides, so none of them
depends on the classifier.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pytest

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

GOLD = Path(__file__).parent / "gold" / "typology_2025.csv"
DIMENSIONS = {
    "plan_status": ("Status för länsgemensam handlingsplan utifrån strategin", {
        "finns": "Handlingsplan finns", "pagar": "Arbete pågår", "forberedande": "Förberedande fas",
        "integrerad": "Integrerad i andra strukturer"}),
    "plan_koppling": ("Handlingsplanens koppling till strategin", {
        "overgripande_mal": "Strategins övergripande mål", "delmal": "Även strategins delmål",
        "prioriterade_omraden": "Även prioriterade områden kopplade till delmålen"}),
    "fordelningsgrund": ("Stimulansmedel", {
        "overenskommelsen": "Egna kriterier och överenskommelsen",
        "strategin": "Egna kriterier, överenskommelsen och strategin"}),
    "efterhandssortering": ("Insatser sorteras i efterhand mot strategins delmål", {"ja": "Ja", "nej": "Nej"}),
    "operativ_organisering": ("Operativ organisering", {
        "behovsanpassad": "Behovsanpassade grupper", "aldersindelning": "Åldersindelning",
        "geografisk": "Geografisk indelning", "ovrigt": "Övrigt"}),
    "skola_i_ledning": ("Skolan i ledningsgruppen", {"ja": "Ja", "stravan": "Strävan", "nej": "Nej"}),
    "parallella_initiativ": ("Parallella nationella initiativ", {
        "underlattar": "Underlättar", "utmaningar": "Tydliga utmaningar", "ovrigt": "Övrigt"}),
    "strategins_bredd": ("Strategins bredd", {"bredda": "Bredda samverkan", "skala_av": "Skala av"}),
}
THEMES = {
    "styrning": "Länsgemensam styrning och samordning",
    "styrning.ledningsgrupp": "Ledningsgrupp på hög tjänstemannanivå",
    "styrning.skola": "Skolan i ledningsstrukturen",
    "styrning.operativ": "Operativa grupper och samordnare",
    "styrning.brukare": "Brukar- och anhörigorganisationers delaktighet",
    "styrning.forandring": "Förändringar i ledning och organisering",
    "styrning.mandat": "Strategins bredd och ledningsgruppens mandat",
    "handlingsplan": "Länsgemensam handlingsplan",
    "handlingsplan.status": "Status för handlingsplanen",
    "handlingsplan.koppling": "Planens koppling till strategin",
    "handlingsplan.process": "Processen för att ta fram planen",
    "fordelningsgrund": "Fördelning av stimulansmedel",
    "fordelningsgrund.overenskommelsen": "Utifrån överenskommelsens prioriteringar",
    "fordelningsgrund.egna_kriterier": "Utifrån egna kriterier",
    "fordelningsgrund.strategin": "Utifrån strategins mål och delmål",
    "fordelningsgrund.efterhand": "Sortering i efterhand",
    "fordelningsgrund.schablon": "Schablonmässig fördelning",
    "parallella_reformer": "Parallella nationella initiativ",
    "parallella_reformer.god_och_nara_vard": "God och nära vård",
    "parallella_reformer.socialtjanstlagen": "Nya socialtjänstlagen",
    "parallella_reformer.samsjuklighet": "Samsjuklighetsreformen",
    "parallella_reformer.synergi": "Initiativ som förstärker varandra",
    "parallella_reformer.utmaning": "Svårt att samordna initiativen",
    "finansiering": "Ettårig finansiering och tioårig strategi",
    "personberoende": "Personberoende och kompetensförsörjning",
    "myndigheter": "Nationella myndigheter med lokal närvaro",
    "medskick": "Medskick till nationell nivå",
}
TABELL1_ROWS = {
    "strategin": "Stimulansmedel fördelas utifrån egna kriterier, överenskommelsen och strategin",
    "overenskommelsen": "Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen",
}


class FakeCodebook(SimpleNamespace):
    """The Codebook API of CONTRACTS.md, built in memory."""

    def ancestors(self, theme_id: str) -> list[str]:
        parent = self.themes[theme_id].parent
        return [parent, *self.ancestors(parent)] if parent else []

    def children(self, theme_id: str) -> list[str]:
        return [t for t, theme in self.themes.items() if theme.parent == theme_id]


def fake_codebook() -> FakeCodebook:
    dimensions = {
        d: SimpleNamespace(id=d, label=label, categories={c: SimpleNamespace(id=c, label=l) for c, l in cats.items()})
        for d, (label, cats) in DIMENSIONS.items()
    }
    themes = {t: SimpleNamespace(id=t, label=label, description="", parent=t.rpartition(".")[0] or None)
              for t, label in THEMES.items()}
    tabell1 = SimpleNamespace(
        id="plan_x_fordelning", title="Koppling mellan handlingsplan, resursfördelning och strategiskt fokus",
        rows="fordelningsgrund", columns="plan_status", row_groups=None, row_labels=TABELL1_ROWS,
        row_title="Stimulansmedel", column_title="Länsgemensam handlingsplan utifrån strategin",
        column_groups={"Finns, eller arbete pågår": ["finns", "pagar"],
                       "Inledande förberedelser eller annan modell": ["forberedande", "integrerad"]})
    return FakeCodebook(themes=themes, dimensions=dimensions, crosstabs={"plan_x_fordelning": tabell1})


def gold_profiles() -> list[CountyProfile]:
    """The intended 2025 classification as profiles, one evidence sentence per settled cell."""
    profiles = []
    with GOLD.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            cells = {
                d: Cell(row["county"], d, row[d] or None,
                        [Evidence(f"{row['county']}-{d}", f"Meningen som avgör {d}.")] if row[d] else [],
                        "" if row[d] else "Anteckningarna säger inget om detta.")
                for d in DIMENSIONS
            }
            profiles.append(CountyProfile(row["county"], cells))
    return profiles


@pytest.fixture
def codebook():
    return fake_codebook()


@pytest.fixture
def profiles():
    return gold_profiles()


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
    assert len(frame) == sum(len(cats) for _, cats in DIMENSIONS.values())
    profiles = [p for p in profiles if p.category("plan_status") != "integrerad"]
    zero = counts_frame(profiles, codebook).set_index(["dimension", "category"]).loc[("plan_status", "integrerad")]
    assert (zero["label"], zero["counties"]) == ("Integrerad i andra strukturer", 0)


def test_tabell1_reproduces_the_report(profiles, codebook):
    frame = crosstab_frame(profiles, codebook.crosstabs["plan_x_fordelning"], codebook)
    assert list(frame.index) == list(TABELL1_ROWS.values())
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
    crosstab = codebook.crosstabs["plan_x_fordelning"]
    crosstab.column_groups = {"Finns": ["finns", "klar"]}
    with pytest.raises(TypologyError, match="group 'Finns' names unknown plan_status categories klar; "
                                            "use finns, pagar, forberedande, integrerad."):
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
        "unknown typology dimension 'skolan'; use one of plan_status, plan_koppling, fordelningsgrund, "
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
    assert list(frame.columns) == list(THEMES)
    assert frame.loc["L01", "styrning"] == 2
    assert frame.loc["L01", "styrning.skola"] == 2
    assert frame.loc["L01", "styrning.operativ"] == 1
    assert frame.loc["L02", "medskick"] == 1
    assert frame.loc["L03"].sum() == 0
    assert frame.to_numpy().sum() == 6
