"""themes.yaml: the bundled codebook loads, and every kind of mistake names its line and the fix."""

from __future__ import annotations

import textwrap

import pytest

from conftest import ROOT, THEME_IDS, THEMES, read_segments
from dialogtool.coding.tag import tag_segments
from dialogtool.cues import codebook as codebook_module
from dialogtool.cues.codebook import load_codebook, read_cue
from dialogtool.errors import CodebookError
from dialogtool.typology.classify import classify_counties

VALID = """\
themes:
  - id: styrning
    label: Styrning
  - id: styrning.skola
    parent: styrning
    label: Skolan
    cues: [skola]
typology:
  - id: plan_status
    label: Status
    categories:
      - {id: finns, label: Finns}
      - {id: pagar, label: Pågår}
    rules:
      - category: finns
        cues: [plan & anta]
crosstabs:
  - id: t
    rows: plan_status
    columns: plan_status
"""


def write(tmp_path, text: str):
    path = tmp_path / "themes.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    return str(error.value).replace(str(path), "themes.yaml")


def test_bundled_codebook_has_the_domain_ids():
    codebook = load_codebook(ROOT / "themes.yaml")
    assert list(codebook.themes) == THEME_IDS
    assert codebook.ancestors("styrning.skola") == ["styrning"]
    assert codebook.children("handlingsplan") == ["handlingsplan.status", "handlingsplan.koppling", "handlingsplan.process"]
    assert all(t.label and t.description for t in codebook.themes.values())
    assert list(codebook.dimensions) == ["plan_status", "plan_koppling", "fordelningsgrund", "efterhandssortering",
                                         "operativ_organisering", "skola_i_ledning", "parallella_initiativ",
                                         "strategins_bredd"]
    assert list(codebook.dimensions["plan_status"].categories) == ["finns", "pagar", "forberedande", "integrerad"]
    assert list(codebook.dimensions["operativ_organisering"].categories) == ["behovsanpassad", "aldersindelning",
                                                                             "geografisk", "ovrigt"]


def test_bundled_tabell_1():
    table = load_codebook(ROOT / "themes.yaml").crosstabs["plan_x_fordelning"]
    assert (table.rows, table.columns) == ("fordelningsgrund", "plan_status")
    assert table.row_labels == {
        "strategin": "Stimulansmedel fördelas utifrån egna kriterier, överenskommelsen och strategin",
        "overenskommelsen": "Stimulansmedel fördelas utifrån egna kriterier och överenskommelsen",
    }
    assert table.column_groups == {"Finns, eller arbete pågår": ["finns", "pagar"],
                                   "Inledande förberedelser eller annan modell": ["forberedande", "integrerad"]}


def test_valid_small_file(tmp_path):
    codebook = load_codebook(write(tmp_path, VALID))
    assert list(codebook.themes) == ["styrning", "styrning.skola"]
    assert codebook.dimensions["plan_status"].rules[0].category == "finns"


def test_a_codebook_read_again_keeps_nothing_another_reader_did_to_the_first():
    """themes.yaml read twice in one process (compare reads it for each round, the app per
    request): the parse is shared, but what one round's matcher read or was given, and a change
    to one codebook's themes, dimensions or crosstabs, never reach the other."""
    first = load_codebook(THEMES)
    read_cue(first, "alldeles & nyskapat")
    first.matcher.read("Ledningsgruppen har en handlingsplan. Gruppen möts varannan månad.")
    first.themes.pop("medskick")
    first.dimensions["plan_status"].rules.clear()
    first.crosstabs.clear()
    second = load_codebook(THEMES)
    assert second.matcher.paragraphs_read() == 0
    assert len(second.matcher.patterns) == len(first.matcher.patterns) - 1
    assert "medskick" in second.themes and second.dimensions["plan_status"].rules and "plan_x_fordelning" in second.crosstabs
    [cue, *_] = second.themes["styrning.skola"].cues
    assert cue.pattern is first.themes["styrning.skola"].cues[0].pattern  # parsed once, shared: it never changes
    parsed = codebook_module._READ[THEMES.read_text(encoding="utf-8")].matcher  # what the file gave, never handed out
    assert {key: value for key, value in vars(second.matcher).items() if key != "clauses"} == {
        key: value for key, value in vars(parsed).items() if key != "clauses"}  # nothing left out of the copy
    reading = second.matcher.read("Skolan är med i ledningsgruppen.")
    assert second.matcher.matches(cue, reading) == load_codebook(THEMES).matcher.matches(cue, reading)


def test_a_codebook_from_the_cache_tags_and_classifies_as_one_parsed_anew(monkeypatch):
    """The copy a second reader gets (`fresh_copy`, its matcher's `fresh`) must be the codebook
    the file describes: real notes tagged and classified with it as with one parsed from the file."""
    segments = [s for s in read_segments(ROOT / "notes" / "2025") if s.county <= "L10"]
    load_codebook(THEMES)
    cached = load_codebook(THEMES)
    monkeypatch.setattr(codebook_module, "_READ", {})
    parsed = load_codebook(THEMES)
    codes = tag_segments(segments, parsed)
    assert len(codes) > 50 and tag_segments(segments, cached) == codes
    assert classify_counties(segments, codes, cached) == classify_counties(segments, codes, parsed)


def test_a_codebook_edited_between_two_reads_is_read_anew(tmp_path):
    path = write(tmp_path, VALID)
    assert [c.text for c in load_codebook(path).themes["styrning.skola"].cues] == ["skola"]
    path.write_text(VALID.replace("cues: [skola]", "cues: [kurat]"), encoding="utf-8")  # same size, same second
    assert [c.text for c in load_codebook(path).themes["styrning.skola"].cues] == ["kurat"]


def test_missing_file(tmp_path):
    with pytest.raises(CodebookError) as error:
        load_codebook(tmp_path / "nope.yaml")
    assert str(error.value) == f"{tmp_path / 'nope.yaml'}: filen finns inte; ange --themes med sökvägen till themes.yaml."


@pytest.mark.parametrize("old, new, message", [
    ("    parent: styrning\n", "    parent: styrningg\n",
     "themes.yaml rad 5: temat 'styrning.skola' har en okänd förälder 'styrningg'; använd ett befintligt temas id (definierat ovanför)."),
    ("  - id: styrning.skola\n", "  - id: styrning\n",
     "themes.yaml rad 4: temats id 'styrning' används två gånger (först på rad 2); ge varje tema ett eget id."),
    ("    label: Skolan\n", "    lable: Skolan\n",
     "themes.yaml rad 6: okänd nyckel 'lable' i temat 'styrning.skola'; använd en av id, label, description, parent, areas, cues."),
    ("    cues: [skola]\n", "    cues: [skola ... ]\n",
     "themes.yaml rad 7: felaktig cue i temat 'styrning.skola': 'skola ...' börjar eller slutar en fras med '...'; skriv "
     "ord åtskilda av mellanslag, med '...' (ord emellan), '&' (samma mening), '|' (antingen eller) eller en avslutande '*'."),
    ("    cues: [skola]\n", "    cues: [{regex: 'skol(a'}]\n",
     "themes.yaml rad 7: felaktigt reguljärt uttryck 'skol(a' i temat 'styrning.skola' (missing ), unterminated subpattern at "
     "position 4); rätta uttrycket."),
    ("    cues: [skola]\n", "    cues: [{pattern: skola, when: [denied]}]\n",
     "themes.yaml rad 7: okänt läge 'denied' i en cue i temat 'styrning.skola'; använd stated, negated, planned, past, past_negated, asked."),
    ("    cues: [skola]\n", "    cues: [{pattern: skola, weight: 4}]\n",
     "themes.yaml rad 7: vikten för en cue i temat 'styrning.skola' måste vara ett tal över 0 och högst 3 "
     "(den är 4); skriv t.ex. 'weight: 0.5'."),
    ("    cues: [skola]\n", "    cues: [{pattern: skola, within: paragraph}]\n",
     "themes.yaml rad 7: okänt värde 'paragraph' för 'within' i en cue i temat 'styrning.skola'; använd sentence eller clause."),
    ("      - category: finns\n", "      - category: fins\n",
     "themes.yaml rad 15: dimensionen 'plan_status' har ingen kategori 'fins'; använd en av finns, pagar."),
    ("    columns: plan_status\n", "    columns: plan_stat\n",
     "themes.yaml rad 20: korstabellen 't' anger en okänd dimension 'plan_stat' som columns; använd en av plan_status."),
    ("    columns: plan_status\n", "    columns: plan_status\n    column_groups: {Finns: [finns, klar]}\n",
     "themes.yaml rad 21: dimensionen 'plan_status' har ingen kategori 'klar'; använd en av finns, pagar."),
    ("themes:\n", "theme:\n",
     "themes.yaml rad 1: okänd nyckel 'theme' i filen; använd en av version, language, words, themes, typology, crosstabs."),
    ("    cues: [skola]\n", "    cues: ['@skol & ledningsgrupp']\n",
     "themes.yaml rad 7: okänd ordlista '@skol' i temat 'styrning.skola'; definiera den under 'words:' eller använd en av "
     "none defined."),
    ("    label: Skolan\n", "    label: Skolan\n    label: Skola\n",
     "themes.yaml rad 7: nyckeln 'label' förekommer två gånger i samma post (först på rad 6); behåll en."),
    ("    label: Skolan\n", "    label: [Skolan\n",
     "themes.yaml rad 7: ogiltig YAML (expected ',' or ']', but got ':'); rätta indraget eller citattecknen."),
])
def test_errors_name_the_line_and_the_fix(tmp_path, old, new, message):
    assert old in VALID
    assert error_of(tmp_path, VALID.replace(old, new, 1)) == message


def test_typology_scope_names_unknown_theme(tmp_path):
    text = VALID.replace("    rules:\n", "    scope: {themes: [skolan]}\n    rules:\n")
    assert error_of(tmp_path, text) == "themes.yaml rad 14: dimensionen 'plan_status' läser ett okänt tema 'skolan'; använd ett befintligt temas id."


def test_word_lists_are_written_once_and_read_by_every_cue(tmp_path):
    text = "words:\n  skola: =skola|elevhälsa|skolchef\n" + VALID.replace("cues: [skola]", "cues: ['@skola & ledningsgrupp']")
    codebook = load_codebook(write(tmp_path, text))
    reading = codebook.matcher.read("Elevhälsan sitter i ledningsgruppen.")
    [cue] = codebook.themes["styrning.skola"].cues
    assert [m.words for m in codebook.matcher.matches(cue, reading)] == [("Elevhälsan", "ledningsgruppen")]


def test_a_word_list_must_be_words(tmp_path):
    text = "words:\n  skola: '@plan|skola'\n" + VALID
    assert error_of(tmp_path, text) == ("themes.yaml rad 2: ordlistan 'skola' måste vara ord åtskilda av '|' (utan '@'), "
                                        "t.ex. 'handlingsplan|länsplan|=plan'.")



def test_an_abbreviation_fills_what_its_word_fills(tmp_path):
    """"ÖK-medlen" are the agreement's funds: `language.abbreviations` lets a note's ÖK count
    as "överenskommelse" in every cue, in any case; a word that only resembles one does not."""
    text = "language:\n  abbreviations: {ök: överenskommelse}\n" + VALID.replace(
        "cues: [skola]", "cues: ['överenskommelse & medel']")
    codebook = load_codebook(write(tmp_path, text))
    [cue] = codebook.themes["styrning.skola"].cues
    for note, words in [("ÖK-medlen fördelas efter ansökan.", ("ÖK", "medlen")),
                        ("Medlen enligt ök kom sent.", ("Medlen", "ök")), ("Medlen kom okej.", None)]:
        found = codebook.matcher.matches(cue, codebook.matcher.read(note))
        assert [m.words for m in found] == ([words] if words else [])


def test_an_abbreviation_must_stand_for_one_word(tmp_path):
    text = "language:\n  abbreviations: {gnv: god och nära vård}\n" + VALID
    assert error_of(tmp_path, text) == ("themes.yaml rad 2: language.abbreviations måste vara en avbildning från en "
                                        "förkortning till det ord den står för, ett ord var (\"ök: överenskommelse\").")
