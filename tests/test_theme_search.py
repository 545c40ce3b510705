"""The theme picker's search: forgiving about case, diacritics, word starts and typos; best first."""

from __future__ import annotations

import pytest

from dialogtool.app.search import folded, ranked_themes, theme_typed

CHOICES = [
    ("styrning", "Länsgemensam styrning, ledning och samordning"),
    ("styrning.brukare", "Länsgemensam styrning, ledning och samordning – Brukarinflytande"),
    ("styrning.forandring", "Länsgemensam styrning, ledning och samordning – Förändringar i ledning och organisering"),
    ("handlingsplan", "Länsgemensam handlingsplan utifrån strategin"),
    ("handlingsplan.koppling", "Länsgemensam handlingsplan utifrån strategin – Planens koppling till strategin"),
    ("handlingsplan.process", "Länsgemensam handlingsplan utifrån strategin – Hur planen tas fram"),
    ("finansiering", "Ettårig finansiering mot tioårig strategi"),
    ("parallella_reformer.socialtjanstlagen", "Parallella nationella initiativ – Nya socialtjänstlagen"),
]


def themes(text: str) -> list[str]:
    return [match.theme for match in ranked_themes(text, CHOICES)]


def test_folding_ignores_case_diacritics_and_spacing():
    assert folded("  Förändringar  I ledning ") == "forandringar i ledning"


@pytest.mark.parametrize("typed, theme", [
    ("brukar", "styrning.brukare"),                         # the start of a word inside the label
    ("BRUKARINFLYTANDE", "styrning.brukare"),               # any case
    ("forandringar", "styrning.forandring"),                # without å/ä/ö
    ("inflytande", "styrning.brukare"),                     # inside a word, as the old picker matched
    ("finansering", "finansiering"),                        # a letter left out
    ("socialtjänstlagen nya", "parallella_reformer.socialtjanstlagen"),  # words in any order
])
def test_a_forgiving_query_finds_the_one_theme_it_means(typed, theme):
    assert themes(typed) == [theme]
    assert theme_typed(typed, CHOICES)[0] == theme


def test_word_starts_rank_before_matches_inside_words_and_typos():
    assert themes("plan") == ["handlingsplan.koppling", "handlingsplan.process", "handlingsplan"]
    assert [round(m.score) for m in ranked_themes("plan", CHOICES)] == [100, 100, 90]
    assert themes("finansiering") == ["finansiering"]
    assert theme_typed("finanserng", CHOICES)[0] == "finansiering"  # two letters off


def test_a_label_typed_whole_wins_over_labels_that_start_with_it():
    assert themes("länsgemensam styrning, ledning och samordning")[0] == "styrning"
    assert theme_typed("Länsgemensam styrning, ledning och samordning", CHOICES)[0] == "styrning"


def test_text_that_fits_several_themes_alike_stands_for_none_of_them():
    theme, matches = theme_typed("plan", CHOICES)
    assert theme is None
    assert [m.theme for m in matches] == ["handlingsplan.koppling", "handlingsplan.process", "handlingsplan"]


def test_text_that_fits_nothing_offers_nothing():
    assert themes("xyz") == [] and themes("   ") == []
    assert theme_typed("kommunikation", CHOICES) == (None, [])
