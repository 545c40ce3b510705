"""The Swedish phenomena the cue language must read: one test per phenomenon."""

from __future__ import annotations

import pytest

from dialogtool.cues.grammar import PatternError
from dialogtool.cues.matcher import Matcher
from dialogtool.cues.text import repaired


def found(markers, cue: str, text: str) -> list[tuple[str, str]]:
    """(matched words, state) for every sentence of `text` where `cue` matches."""
    matcher = Matcher(markers)
    pattern = matcher.add(cue)
    return [(" ".join(m.words), m.state) for m in matcher.find(pattern, matcher.read(text))]


def test_case_and_diacritics(markers):
    assert found(markers, "överenskommelse", "OVERENSKOMMELSEN styr fördelningen.") == [("OVERENSKOMMELSEN", "stated")]
    assert found(markers, "överenskommelse", "Överenskommelsen styr.") == [("Överenskommelsen", "stated")]


@pytest.mark.parametrize("word", ["handlingsplan", "handlingsplanen", "handlingsplaner", "handlingsplanerna"])
def test_inflection(markers, word):
    assert found(markers, "handlingsplan", f"Länet har {word}.") == [(word, "stated")]


@pytest.mark.parametrize("cue, word", [
    ("gemensam", "länsgemensamma"),
    ("länsgemensam", "länsgemensamma"),
    ("stimulansmedel", "stimulansmedlen"),
    ("samsjuklighet", "samsjuklighetsreformen"),
    ("reform", "samsjuklighetsreformen"),
    ("skola", "skolchefer"),
])
def test_compounds(markers, cue, word):
    assert found(markers, cue, f"Det gäller {word} i länet.") == [(word, "stated")]


@pytest.mark.parametrize("cue, word", [
    ("procent", "processen"),      # not "proc" (an abbreviation of procent) + "essen"
    ("stryka", "strukturen"),      # not "struk" (a past form of stryka) + "turen"
    ("ensam", "länsgemensamma"),   # the split "läns|gemensamma" is found, so no stray head
    ("tal", "kommunernas"),
])
def test_compounds_split_only_into_plain_words(markers, cue, word):
    assert found(markers, cue, f"Det gäller {word} i länet.") == []


def test_a_missing_modifier_still_gives_a_long_head(markers):
    assert found(markers, "nätverk", "Suicidpreventionsnätverket träffas i maj.") == [("Suicidpreventionsnätverket", "stated")]


def test_diacritics_folded_only_for_words_the_lexicon_does_not_know(markers):
    assert found(markers, "ändra", "I de andra länsdelarna finns inga brukarråd.") == []
    assert found(markers, "ändra", "Man har ändrat sammansättningen.") == [("ändrat", "stated")]


def test_regular_verb_forms_the_lemmatiser_misreads(markers):
    assert found(markers, "sortera ... delmål", "Länssamordnaren sorterar insatserna mot delmålen.") == [
        ("sorterar delmålen", "stated")]


def test_a_definite_noun_reads_as_the_compound_it_refers_back_to(markers):
    text = "Ledningsgruppen samlar socialcheferna. Gruppen möts varannan månad."
    assert [w for w, _ in found(markers, "ledningsgrupp", text)] == ["Ledningsgruppen", "Gruppen"]
    assert found(markers, "=grupp", text) == []


def test_function_words_are_not_compound_parts(markers):
    assert found(markers, "ingen", "Inför återrapporteringen görs en sammanställning.") == []


def test_whole_word_only(markers):
    assert found(markers, "=plan", "Varje projekt har en projektplan.") == []
    assert found(markers, "=plan", "Planen antogs i juni.") == [("Planen", "stated")]


@pytest.mark.parametrize("text, cue", [
    ("Arbetet med den läns-gemensamma planen.", "länsgemensam"),
    ("Värdera samverkan-s-pro-cessen.", "samverkansprocess"),
    ("Stärk tvärs-sek-toriell samverkan.", "sektoriell"),
    ("en läns-\ngemensam plan", "länsgemensam"),
])
def test_hyphenation(markers, text, cue):
    assert len(found(markers, cue, text)) == 1


def test_hyphen_before_space_is_kept():
    assert repaired("hälso- och sjukvård") == "hälso- och sjukvård"


@pytest.mark.parametrize("typo", ["handlingsplna", "överenskommlesen", "samsjuklighetsrefomen"])
def test_typos_in_long_words(markers, typo):
    cue = {"handlingsplna": "handlingsplan", "överenskommlesen": "överenskommelse",
           "samsjuklighetsrefomen": "samsjuklighetsreform"}[typo]
    assert found(markers, cue, f"Om {typo} sades mycket.") == [(typo, "stated")]


def test_no_typo_matching_for_short_words(markers):
    assert found(markers, "plan", "Man har en plen.") == []


def test_words_in_between(markers):
    text = "Arbetet med den länsgemensamma planen pågår."
    assert found(markers, "arbete ... pågå", text) == [("Arbetet pågår", "stated")]
    assert found(markers, "arbete pågå", text) == []
    assert found(markers, "pågå ... arbete", text) == []
    assert found(markers, "pågå & arbete", text) == [("Arbetet pågår", "stated")]


def test_alternatives(markers):
    assert found(markers, "i fjol, förra året & plan", "Förra året fanns en plan.") == [("Förra året plan", "past")]


@pytest.mark.parametrize("text, state", [
    ("Länet har ingen handlingsplan.", "negated"),
    ("Länet saknar handlingsplan.", "negated"),
    ("Handlingsplanen är inte antagen.", "negated"),
    ("Någon handlingsplan finns inte.", "negated"),
    ("Man planerar att på sikt ta fram en handlingsplan.", "planned"),
    ("Handlingsplanen ska antas i mars.", "planned"),
    ("Förra året fanns en handlingsplan.", "past"),
    ("Länet har en handlingsplan.", "stated"),
    ("Länet har ingen egen plan utan utgår från en handlingsplan för samsjuklighet.", "stated"),
])
def test_negation_plans_and_the_past(markers, text, state):
    assert [s for _, s in found(markers, "handlingsplan", text)] == [state]


def test_work_not_started_is_negated(markers):
    text = "Beslut finns om att ta fram en plan, men arbetet har ännu inte startat."
    assert found(markers, "arbete ... starta", text) == [("arbetet startat", "negated")]


def test_requirement_is_not_a_plan(markers):
    assert found(markers, "ansökan & delmål", "Varje ansökan ska visa vilket delmål den bidrar till.")[0][1] == "stated"


@pytest.mark.parametrize("cue, message", [
    ("", "cuen är tom"),
    ("a & ", "'a & ' har en tom sida av '&'"),
    ("... plan", "'... plan' börjar eller slutar en fras med '...'"),
    ("a ... ... b", "'a ... ... b' har '...' två gånger i rad"),
    ("s*", "'s*': 's*' behöver minst två bokstäver före '*'"),
    ("plan+", "'plan+': 'plan+' är inget ord"),
])
def test_bad_patterns(markers, cue, message):
    with pytest.raises(PatternError) as error:
        Matcher(markers).add(cue)
    assert str(error.value) == message


def test_weak_cue_knows_topic_from_passing_mention(markers):
    matcher = Matcher(markers)
    pattern = matcher.add("?ledningsgrupp")
    assert pattern.weak and pattern.text == "?ledningsgrupp"
    text = "Ledningsgruppen träffas sex gånger per år. Skolan sitter inte med i ledningsgruppen."
    assert [m.topical for m in matcher.find(pattern, matcher.read(text))] == [True, False]


def test_a_weak_marker_alone_is_not_a_cue(markers):
    with pytest.raises(PatternError, match="har inget efter '\\?'"):
        Matcher(markers).add("?")


def test_a_contrast_negates_only_what_follows_it(markers):
    assert found(markers, "hjälp", "Initiativen ses som en hjälp snarare än ett problem.") == [("hjälp", "stated")]
    assert found(markers, "problem", "Initiativen ses som en hjälp snarare än ett problem.") == [("problem", "negated")]


def test_neither_nor_denies_every_item_of_its_list(markers):
    text = "Det finns varken tillfälliga grupper, åldersindelade grupper eller geografiska nätverk."
    assert found(markers, "åldersindela*", text) == [("åldersindelade", "negated")]
    assert found(markers, "geografisk", text) == [("geografiska", "negated")]


def test_since_a_past_date_is_a_present_state(markers):
    assert found(markers, "ledamot", "Sedan hösten 2024 är skolchefen ledamot.") == [("ledamot", "stated")]
    assert found(markers, "ledamot", "Under 2024 var skolchefen ledamot.") == [("ledamot", "past")]


def test_the_answer_to_a_question_is_a_clause_of_its_own(markers):
    text = "På vår fråga om skolan ingår svarade länssamordnaren att två skolchefer har plats i gruppen."
    assert found(markers, "skolchef & plats", text) == [("skolchefer plats", "stated")]


def test_a_question_put_is_not_a_fact(markers):
    assert found(markers, "sortera ... delmål", "Vi frågade om insatserna sorteras mot delmålen.") == [
        ("sorteras delmålen", "asked")]
    assert found(markers, "sortera ... delmål", "Sorteras insatserna mot delmålen?") == [("Sorteras delmålen", "asked")]



def test_an_answer_no_negates_its_whole_sentence(markers):
    text = "Om insatserna stäms av mot delmålen i efterhand blev svaret nej."
    assert found(markers, "delmål & efterhand", text) == [("delmålen efterhand", "negated")]
