"""themes.yaml: the bundled codebook loads, and every kind of mistake names its line and the fix."""

from __future__ import annotations

import textwrap

import pytest

from conftest import ROOT
from dialogtool.cues.codebook import load_codebook
from dialogtool.errors import CodebookError

DOMAIN_THEMES = [
    "styrning", "styrning.ledningsgrupp", "styrning.skola", "styrning.operativ", "styrning.brukare",
    "styrning.forandring", "styrning.mandat", "handlingsplan", "handlingsplan.status", "handlingsplan.koppling",
    "handlingsplan.process", "fordelningsgrund", "fordelningsgrund.overenskommelsen",
    "fordelningsgrund.egna_kriterier", "fordelningsgrund.strategin", "fordelningsgrund.efterhand",
    "fordelningsgrund.schablon", "parallella_reformer", "parallella_reformer.god_och_nara_vard",
    "parallella_reformer.socialtjanstlagen", "parallella_reformer.samsjuklighet", "parallella_reformer.synergi",
    "parallella_reformer.utmaning", "finansiering", "personberoende", "myndigheter", "medskick",
]

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
    assert list(codebook.themes) == DOMAIN_THEMES
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


def test_missing_file(tmp_path):
    with pytest.raises(CodebookError) as error:
        load_codebook(tmp_path / "nope.yaml")
    assert str(error.value) == f"{tmp_path / 'nope.yaml'}: no such file; pass --themes with the path of themes.yaml."


@pytest.mark.parametrize("old, new, message", [
    ("    parent: styrning\n", "    parent: styrningg\n",
     "themes.yaml line 5: theme 'styrning.skola' has unknown parent 'styrningg'; use an existing theme id (defined above it)."),
    ("  - id: styrning.skola\n", "  - id: styrning\n",
     "themes.yaml line 4: theme id 'styrning' is used twice (first on line 2); give each theme its own id."),
    ("    label: Skolan\n", "    lable: Skolan\n",
     "themes.yaml line 6: unknown key 'lable' in theme 'styrning.skola'; use one of id, label, description, parent, areas, cues."),
    ("    cues: [skola]\n", "    cues: [skola ... ]\n",
     "themes.yaml line 7: bad cue in theme 'styrning.skola': 'skola ...' starts or ends a phrase with '...'; write words "
     "separated by spaces, with '...' (words between), '&' (same sentence), '|' (either) or a final '*'."),
    ("    cues: [skola]\n", "    cues: [{regex: 'skol(a'}]\n",
     "themes.yaml line 7: bad regex 'skol(a' in theme 'styrning.skola' (missing ), unterminated subpattern at "
     "position 4); correct the regular expression."),
    ("    cues: [skola]\n", "    cues: [{pattern: skola, when: [denied]}]\n",
     "themes.yaml line 7: unknown state 'denied' in a cue of theme 'styrning.skola'; use stated, negated, planned, past, asked."),
    ("    cues: [skola]\n", "    cues: [{pattern: skola, weight: 4}]\n",
     "themes.yaml line 7: the weight of a cue of theme 'styrning.skola' must be a number above 0 and at most 3 "
     "(it is 4); write e.g. 'weight: 0.5'."),
    ("    cues: [skola]\n", "    cues: [{pattern: skola, within: paragraph}]\n",
     "themes.yaml line 7: unknown value 'paragraph' of 'within' in a cue of theme 'styrning.skola'; use sentence or clause."),
    ("      - category: finns\n", "      - category: fins\n",
     "themes.yaml line 15: dimension 'plan_status' has no category 'fins'; use one of finns, pagar."),
    ("    columns: plan_status\n", "    columns: plan_stat\n",
     "themes.yaml line 20: crosstab 't' names unknown dimension 'plan_stat' as columns; use one of plan_status."),
    ("    columns: plan_status\n", "    columns: plan_status\n    column_groups: {Finns: [finns, klar]}\n",
     "themes.yaml line 21: dimension 'plan_status' has no category 'klar'; use one of finns, pagar."),
    ("themes:\n", "theme:\n",
     "themes.yaml line 1: unknown key 'theme' in the file; use one of version, language, words, themes, typology, crosstabs."),
    ("    cues: [skola]\n", "    cues: ['@skol & ledningsgrupp']\n",
     "themes.yaml line 7: unknown word list '@skol' in theme 'styrning.skola'; define it under 'words:' or use one of "
     "none defined."),
    ("    label: Skolan\n", "    label: Skolan\n    label: Skola\n",
     "themes.yaml line 7: key 'label' appears twice in one entry (first on line 6); keep one."),
    ("    label: Skolan\n", "    label: [Skolan\n",
     "themes.yaml line 7: not valid YAML (expected ',' or ']', but got ':'); correct the indentation or quoting."),
])
def test_errors_name_the_line_and_the_fix(tmp_path, old, new, message):
    assert old in VALID
    assert error_of(tmp_path, VALID.replace(old, new, 1)) == message


def test_typology_scope_names_unknown_theme(tmp_path):
    text = VALID.replace("    rules:\n", "    scope: {themes: [skolan]}\n    rules:\n")
    assert error_of(tmp_path, text) == "themes.yaml line 14: dimension 'plan_status' reads unknown theme 'skolan'; use an existing theme id."


def test_word_lists_are_written_once_and_read_by_every_cue(tmp_path):
    text = "words:\n  skola: =skola|elevhälsa|skolchef\n" + VALID.replace("cues: [skola]", "cues: ['@skola & ledningsgrupp']")
    codebook = load_codebook(write(tmp_path, text))
    reading = codebook.matcher.read("Elevhälsan sitter i ledningsgruppen.")
    [cue] = codebook.themes["styrning.skola"].cues
    assert [m.words for m in codebook.matcher.matches(cue, reading)] == [("Elevhälsan", "ledningsgruppen")]


def test_a_word_list_must_be_words(tmp_path):
    text = "words:\n  skola: '@plan|skola'\n" + VALID
    assert error_of(tmp_path, text) == ("themes.yaml line 2: word list 'skola' must be words separated by '|' (no '@'), "
                                        "e.g. 'handlingsplan|länsplan|=plan'.")

