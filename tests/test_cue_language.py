"""The cue grammar around a pattern (`|` alternatives, `unless:`, `regex:`), the typed
`Reading` a text is read into, and the one list-lead policy."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from rapidfuzz.distance import Levenshtein

from dialogtool.cues.clauses import MARKER_PHRASES, WORD_MARKS, marker_key
from dialogtool.cues.codebook import read_cue
from dialogtool.cues.lexicon import MISS_ENDING, MISS_STRETCH, near_misses
from dialogtool.cues.matcher import Matcher, Reading, ReadSentence, sequence_spans, slot_positions
from dialogtool.cues.text import SENTENCE_END
from dialogtool.coding.passages import segment_readings
from dialogtool.errors import CodebookError
from dialogtool.model import Segment


def counted(codebook, source: str, text: str, rule: bool = False) -> list[tuple[str, str]]:
    """(matched words, state) of every sentence of `text` where the cue `source` counts."""
    cue = read_cue(codebook, source, rule)
    return [(" ".join(m.words), m.state) for m in codebook.matcher.matches(cue, codebook.matcher.read(text))]


# --- | alternatives -------------------------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("Skolan sitter i styrgruppen.", [("Skolan styrgruppen", "stated")]),
    ("Skolan sitter i ledningsgruppen.", [("Skolan ledningsgruppen", "stated")]),
    ("Skolan sitter i nätverket.", []),
])
def test_a_bar_joins_alternatives_for_one_word(themes_codebook, text, words):
    assert counted(themes_codebook, "skola & ledningsgrupp|styrgrupp", text) == words


def test_a_bar_binds_tighter_than_a_phrase(themes_codebook):
    cue = "ledningsgrupp|styrgrupp möts"
    assert counted(themes_codebook, cue, "Styrgruppen möts varje månad.") == [("Styrgruppen möts", "stated")]
    assert counted(themes_codebook, cue, "Ledningsgruppen möts varje månad.") == [("Ledningsgruppen möts", "stated")]
    assert counted(themes_codebook, cue, "Varje månad möts styrgruppen.") == []


def test_whole_word_and_prefix_marks_belong_to_their_own_alternative(themes_codebook):
    assert counted(themes_codebook, "=plan|elevhälsa", "Varje projekt har en projektplan.") == []
    assert counted(themes_codebook, "=plan|elevhälsa", "Elevhälsoteamet deltar.") == [("Elevhälsoteamet", "stated")]
    assert counted(themes_codebook, "handlingsplan|skol*", "Skolcheferna deltar.") == [("Skolcheferna", "stated")]


def test_a_comma_separates_phrases_and_binds_looser_than_a_bar(themes_codebook):
    cue = "i fjol, förra året & skol*"
    assert counted(themes_codebook, cue, "I fjol kom skolan in.") == [("I fjol skolan", "past")]
    assert counted(themes_codebook, cue, "Förra året kom skolan in.") == [("Förra året skolan", "past")]
    assert counted(themes_codebook, cue, "Förra året kom socialtjänsten in.") == []
    assert counted(themes_codebook, cue, "Året före kom skolan in.") == []


def test_a_word_list_stands_where_it_is_written(themes_codebook):
    assert counted(themes_codebook, "@plan & anta", "Färdplanen antogs i juni.") == [("Färdplanen antogs", "stated")]
    assert counted(themes_codebook, "@plan & anta", "Projektplanen antogs i juni.") == []


# --- unless: --------------------------------------------------------------------------

UNLESS = "{pattern: '@plan & anta', unless: utkast}"


def test_unless_cancels_the_cue_in_its_sentence(themes_codebook):
    assert counted(themes_codebook, UNLESS, "Planen antogs i juni.") == [("Planen antogs", "stated")]
    assert counted(themes_codebook, UNLESS, "Ett utkast till planen antogs i juni.") == []


def test_unless_cancels_only_its_own_sentence(themes_codebook):
    text = "Ett utkast skickades ut i våras. Planen antogs i juni."
    assert counted(themes_codebook, UNLESS, text) == [("Planen antogs", "stated")]


def test_unless_cancels_in_any_state(themes_codebook):
    assert counted(themes_codebook, UNLESS, "Planen antogs i juni och något utkast finns inte längre.") == []


def test_a_cancelled_trial_names_the_unless_match(themes_codebook):
    cue = read_cue(themes_codebook, UNLESS)
    [(sentence, trial)] = themes_codebook.matcher.sentence_trials(cue, "Ett utkast till planen antogs.")
    assert sentence == "Ett utkast till planen antogs."
    assert trial.match.words == ("planen", "antogs")
    assert trial.in_state and not trial.counts
    assert trial.cancelled_by.words == ("utkast",)


def test_unless_and_when_together(themes_codebook):
    cue = "{pattern: '@plan & anta', unless: utkast, when: stated}"
    assert counted(themes_codebook, cue, "Planen antogs inte i juni.") == []
    assert counted(themes_codebook, cue, "Planen antogs i juni.") == [("Planen antogs", "stated")]


# --- regex: ---------------------------------------------------------------------------

REGEX = "{regex: 'plan(en)? (är )?antagen'}"


def test_a_regex_cue_matches_the_sentence_case_insensitively(themes_codebook):
    assert counted(themes_codebook, REGEX, "PLANEN ÄR ANTAGEN sedan juni. Arbetet fortsätter.") == [
        ("PLANEN ÄR ANTAGEN", "stated")]
    assert counted(themes_codebook, REGEX, "Planen är inte antagen.") == []


def test_a_regex_match_gets_the_state_of_its_clause(themes_codebook):
    text = "Vi frågade om planen är antagen."
    assert counted(themes_codebook, REGEX, text) == [("planen är antagen", "asked")]
    assert counted(themes_codebook, REGEX, text, rule=True) == []


def test_a_regex_cue_with_unless(themes_codebook):
    cue = "{regex: 'antagen', unless: utkast}"
    assert counted(themes_codebook, cue, "Utkastet är antaget. Planen är antagen.") == [("antagen", "stated")]


def test_a_bad_regex_is_named(themes_codebook):
    with pytest.raises(CodebookError) as error:
        read_cue(themes_codebook, "{regex: 'plan(en'}")
    assert str(error.value) == ("cuen '{regex: 'plan(en'}': felaktigt reguljärt uttryck 'plan(en' i cuen (missing ), unterminated "
                                "subpattern at position 4); rätta uttrycket.")


@pytest.mark.parametrize("source, message", [
    ("@plna & anta", "cuen '@plna & anta': okänd ordlista '@plna' i cuen; definiera den under 'words:' eller "
                     "använd en av @plan, @fordela, @skola."),
    ("{pattern: plan, when: later}", "cuen '{pattern: plan, when: later}': okänt läge 'later' i en cue i cuen; "
                                     "använd stated, negated, planned, past, past_negated, asked."),
    ("{pattern: [plan", "cuen '{pattern: [plan': ogiltig YAML (expected ',' or ']', but got '<stream end>'); "
                        "rätta indraget eller citattecknen."),
])
def test_a_cue_read_alone_is_validated_as_in_the_file(themes_codebook, source, message):
    with pytest.raises(CodebookError) as error:
        read_cue(themes_codebook, source)
    assert str(error.value) == message


# --- Reading --------------------------------------------------------------------------


def test_a_reading_is_typed_and_frozen(markers):
    matcher = Matcher(markers)
    before = matcher.add("handlingsplan")
    reading = matcher.read("Länet har ingen handlingsplan. Gruppen möts.")
    after = matcher.add("möte")
    assert isinstance(reading, Reading) and all(isinstance(s, ReadSentence) for s in reading.sentences)
    assert [s.sentence.text for s in reading.sentences] == ["Länet har ingen handlingsplan.", "Gruppen möts."]
    assert [s.opens for s in reading.sentences] == [True, False]
    assert reading.sentences[0].marks["negation"] == (2,)
    assert reading.present == frozenset({before})  # a pattern added after the reading is not in it
    assert after not in reading.present
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.present = frozenset()


def test_a_reading_with_context_keeps_the_context_as_sentences_of_its_own(markers):
    matcher = Matcher(markers)
    age = matcher.add("ålder")
    reading = matcher.read("barn och unga, som träffas varje månad", context="Nätverken är indelade efter ålder:")
    assert [s.sentence.text for s in reading.sentences] == ["barn och unga, som träffas varje månad",
                                                             "Nätverken är indelade efter ålder:"]
    assert [s.opens for s in reading.sentences] == [True, True]
    assert [m.sentence for m in matcher.find(age, reading)] == ["Nätverken är indelade efter ålder:"]


def test_a_definite_noun_refers_back_only_within_its_paragraph(markers):
    matcher = Matcher(markers)
    group = matcher.add("styrgrupp")
    assert len(matcher.find(group, matcher.read("Styrgruppen möts. Gruppen startade i augusti."))) == 2
    item = matcher.read("Äldre. Gruppen startade i augusti.", context="Länet har grupper som rapporterar till styrgruppen:")
    assert [m.sentence for m in matcher.find(group, item)] == ["Länet har grupper som rapporterar till styrgruppen:"]


# --- the list-lead policy -------------------------------------------------------------


def test_a_list_item_is_read_with_its_lead_sentence_only(markers):
    lead = Segment("L01-1", "L01", "ledning", 1, "Länet har en ledningsgrupp. Under den finns tre nätverk indelade efter ålder:")
    items = [Segment(f"L01-{i}", "L01", "ledning", i, text, kind="list")
             for i, text in ((2, "barn och unga"), (3, "vuxna"))]
    readings = segment_readings([lead, *items], Matcher(markers))
    assert [s.sentence.text for s in readings["L01-1"].sentences] == [
        "Länet har en ledningsgrupp.", "Under den finns tre nätverk indelade efter ålder:"]
    assert [s.sentence.text for s in readings["L01-3"].sentences] == [
        "vuxna", "Under den finns tre nätverk indelade efter ålder:"]


def test_a_short_lead_sentence_brings_the_one_before_it(markers):
    lead = Segment("L01-1", "L01", "ledning", 1, "Operativt arbetar länet i grupper. Just nu finns tre:")
    item = Segment("L01-2", "L01", "ledning", 2, "en skrivargrupp för handlingsplanen", kind="list")
    readings = segment_readings([lead, item], Matcher(markers))
    assert [s.sentence.text for s in readings["L01-2"].sentences] == [
        "en skrivargrupp för handlingsplanen", "Operativt arbetar länet i grupper.", "Just nu finns tre:"]


# --- what a clause says: questions, answers, "utan att", pronouns -------------------------


@pytest.mark.parametrize("text, state", [
    # A question named as a topic is not a question put.
    ("Frågan togs upp, och insatserna sorteras i efterhand.", "stated"),
    ("På frågan om insatserna sorteras i efterhand svarade länssamordnaren nej.", "negated"),
    ("Vi frågade om insatserna sorteras i efterhand, och de svarade ja.", "stated"),
    ("Vi frågade om insatserna sorteras i efterhand.", "asked"),
    # The answer on the same line as the question: one sentence.
    ("F: Sorteras insatserna i efterhand? S: Ja, inför återrapporteringen.", "stated"),
    ("Sorteras insatserna i efterhand? Nej.", "negated"),
    ("Kopplingen blir naturlig utan att någon behöver sortera insatserna i efterhand.", "negated"),
    # The answer in the next sentence, or in the answer's own clause.
    ("Jag frågade om de sorterar insatserna i efterhand. Länssamordnaren svarade nej: det görs inte.", "negated"),
    ("Vi frågade om de sorterar insatserna i efterhand. Ja, inför redovisningen.", "stated"),
    ("Vi frågade om de sorterar insatserna i efterhand, som andra län gör. Det gör de inte.", "negated"),
    ("Frågan om insatserna sorteras besvarades med att de i efterhand kopplas till delmålen.", "stated"),
    ("På fråga om insatserna i efterhand kopplas till delmålen svarade de att de inte sorteras.", "negated"),
    # Shorthand and a web page's questions: a dash after the question opens the answer.
    ("sorteras insatserna i efterhand? – inte aktuellt, ingen har tid", "negated"),
    ("Sorteras insatserna i efterhand? – Ja, inför redovisningen.", "stated"),
    ("Sorteras insatserna i efterhand? – Länssamordnaren ansvarar för redovisningen.", "asked"),
    # A form's tick boxes: the ticked option answers, the others were only offered.
    ("Sorteras insatserna i efterhand?\n☐ Ja  ☒ Nej  ☐ Vet ej", "negated"),
    ("Sorteras insatserna i efterhand?\n[X] Ja  [ ] Nej", "stated"),
    ("Sorteras insatserna i efterhand?\n☐ Ja  ☐ Nej", "asked"),
])
def test_a_question_is_what_its_answer_makes_it(themes_codebook, text, state):
    found = counted(themes_codebook, "efterhand & sortera", text)
    assert [s for _, s in found] == [state]


def test_a_reported_answer_after_a_question_is_a_clause_of_its_own(themes_codebook):
    text = "På frågan om strategins bredd beskrev länet att man valt att bredda samverkan."
    assert counted(themes_codebook, "bredda & samverkan", text) == [("bredda samverkan", "stated")]


def test_a_pronoun_is_not_read_as_another_pronoun(themes_codebook):
    assert counted(themes_codebook, "=den ... besluta", "Det ligger utanför det vi kan besluta om.") == []
    assert counted(themes_codebook, "=den ... besluta", "Ledningsgruppen tog upp den och kunde besluta.") != []


# --- the past denied, and the run-in label a sentence speaks under ----------------------------


@pytest.mark.parametrize("text, state", [
    ("Förra året var skolan inte med i ledningsgruppen.", "past_negated"),
    ("Skolan är inte med i ledningsgruppen.", "negated"),
    ("Förra året var skolan med i ledningsgruppen.", "past"),
])
def test_a_denial_of_the_past_is_neither_a_fact_nor_a_denial_of_now(themes_codebook, text, state):
    assert [s for _, s in counted(themes_codebook, "skola & ledningsgrupp", text)] == [state]
    assert counted(themes_codebook, "{pattern: 'skola & ledningsgrupp', when: [negated]}", text, rule=True) == (
        [("Skolan ledningsgruppen", "negated")] if state == "negated" else [])


def test_a_sentence_under_a_run_in_label_speaks_of_what_the_label_names(themes_codebook):
    text = "Länsgemensam handlingsplan: Klart. Antagen av ledningsgruppen i juni och gäller till 2027."
    assert counted(themes_codebook, "handlingsplan & anta", text) == [("handlingsplan Antagen", "stated")]
    # Only a short label before the colon is a topic; one part must stand in the sentence itself.
    assert counted(themes_codebook, "handlingsplan & anta",
                   "Vi pratade länge om den handlingsplan som länet vill ha: Antagen blir den först i vår.") == []
    assert counted(themes_codebook, "handlingsplan & ledningsgrupp", "Handlingsplan: Klart. Inget mer.") == []


def test_a_list_item_under_a_label_lead_speaks_of_what_the_label_names(markers):
    lead = Segment("L01-1", "L01", "strategi", 1, "Krav på varje ansökan:")
    item = Segment("L01-2", "L01", "strategi", 2, "Ska visa vilket delmål insatsen bidrar till", kind="list")
    matcher = Matcher(markers)
    pattern = matcher.add("ansökan & delmål")
    readings = segment_readings([lead, item], matcher)
    assert [(m.sentence, m.words) for m in matcher.find(pattern, readings["L01-2"])] == [
        ("Ska visa vilket delmål insatsen bidrar till", ("ansökan", "delmål"))]


def test_a_marker_written_with_an_equals_sign_is_that_form_only(themes_codebook):
    # "vore" (would be) is hypothetical; its lemma "vara" is every "är", which is not.
    assert counted(themes_codebook, "fast ... grupp", "Det vore en fördel med fasta grupper.") == [
        ("fasta grupper", "planned")]
    assert counted(themes_codebook, "fast ... grupp", "Det är en fördel med fasta grupper.") == [
        ("fasta grupper", "stated")]


def test_an_item_under_a_labelled_item_speaks_of_what_the_label_names(themes_codebook):
    lead = Segment("L01-1", "L01", "strategi", 1, "Stimulansmedel: nytt sätt att fördela i år.", kind="list", depth=1)
    item = Segment("L01-2", "L01", "strategi", 2, "Ansökan ska ange vilket delmål den bidrar till.", kind="list", depth=2)
    matcher = themes_codebook.matcher
    pattern = matcher.add("stimulansmedel & delmål")
    readings = segment_readings([lead, item], matcher)
    assert [m.words for m in matcher.find(pattern, readings["L01-2"])] == [("Stimulansmedel", "delmål")]


def test_words_a_question_offers_as_options_are_no_answer(themes_codebook):
    text = "På vår fråga om initiativen gör arbetet lättare eller svårare svarade de att det övervägande blir lättare."
    assert [s for _, s in counted(themes_codebook, "övervägande & svår", text)] == ["asked"]


def test_a_negation_that_is_the_subject_of_a_reporting_verb_negates_what_is_reported(themes_codebook):
    assert counted(themes_codebook, "synergi", "Ingen beskrev någon synergi mellan reformerna.") == [("synergi", "negated")]
    assert counted(themes_codebook, "synergi", "Länet beskrev en synergi mellan reformerna.") == [("synergi", "stated")]


def test_a_semicolon_ends_what_an_a_and_b_cue_reads_as_one_sentence(themes_codebook):
    assert counted(themes_codebook, "skola & ingå",
                   "Skolan ingår inte i beredningen; kontakterna sker i stället i elevhälsans nätverk, där regionen ingår.") == [
        ("Skolan ingår", "negated")]


def test_a_label_that_introduces_a_remark_names_no_topic(themes_codebook):
    assert counted(themes_codebook, "strategi & bedömning",
                   "Länets bedömning: Mycket görs. Strategin upplevs som för bred för gruppens mandat.") == []
    assert counted(themes_codebook, "strategi & ansökan",
                   "Ansökan: Ny mall i år. Strategin vägs in när den bedöms.") == [("Ansökan Strategin", "stated")]


def test_what_a_group_has_discussed_whether_to_do_is_a_question_not_a_plan(themes_codebook):
    text = "Beredningen har diskuterat om fler aktörer borde bjudas in."
    assert [s for _, s in counted(themes_codebook, "fler ... aktör", text)] == ["asked"]


def test_a_contrast_negates_the_word_after_it_wherever_the_match_ends(themes_codebook):
    text = "Utkastet är uppbyggt efter överenskommelsens områden snarare än efter strategins delmål, såvitt vi kunde bedöma."
    assert [s for _, s in counted(themes_codebook, "delmål & bedöma", text)] == ["negated"]
    assert [s for _, s in counted(themes_codebook, "område & bedöma", text)] == ["stated"]


# --- The matcher's indexes and caches give what a plain scan gives --------------------


@pytest.fixture(scope="module")
def bundled_read(codebook) -> tuple[Matcher, list[Reading]]:
    """The bundled round's segments read by a fresh copy of the real codebook's matcher."""
    from conftest import ROOT, read_segments

    matcher = codebook.matcher.fresh()
    segments = read_segments(ROOT / "notes" / "2025")
    return matcher, list(segment_readings(segments, matcher).values())


def slot_ids(matcher: Matcher, sequence) -> list[int]:
    return [matcher._slots[slot] for slot in sequence.slots]


def test_present_is_every_pattern_whose_every_part_has_its_words_in_the_text(bundled_read):
    matcher, readings = bundled_read
    checked = 0
    for reading in readings:
        filled = {i for read in reading.sentences for token in read.slots for i in token}
        scanned = {pattern for pattern in matcher.patterns
                   if all(any(set(slot_ids(matcher, sequence)) <= filled for sequence in part) for part in pattern.parts)}
        assert reading.present == scanned
        checked += len(scanned)
    assert checked > 1000


def scanned_spans(slot_ids: list[int], gaps: tuple[int, ...], filled) -> list[list[int]]:
    """Every occurrence of a sequence found by trying each token in turn (the plain path)."""
    spans = []
    for start in (i for i, f in enumerate(filled) if slot_ids[0] in f):
        span = [start]
        for slot_id, gap in zip(slot_ids[1:], gaps):
            after = [i for i in range(span[-1] + 1, min(len(filled), span[-1] + gap + 2)) if slot_id in filled[i]]
            if not after:
                break
            span.append(after[0])
        else:
            spans.append(span)
    return spans


def test_the_occurrences_found_from_slot_positions_are_those_a_scan_of_every_token_finds(bundled_read):
    matcher, readings = bundled_read
    found = 0
    for reading in readings:
        for read in reading.sentences:
            for pattern in reading.present:
                for sequence in pattern.sequences():
                    ids = slot_ids(matcher, sequence)
                    spans = sequence_spans(tuple(ids), sequence.gaps, slot_positions(read.slots))
                    assert spans == scanned_spans(ids, sequence.gaps, read.slots)
                    found += len(spans)
    assert found > 500


def test_a_theme_passed_over_as_absent_has_no_cue_that_matches(bundled_read, codebook):
    matcher, readings = bundled_read
    passed = 0
    for reading in readings:
        for theme in codebook.themes.values():
            if theme.absent_from(reading):
                passed += 1
                assert all(matcher.matches(cue, reading) == [] for cue in theme.cues)
    assert passed > 1000


def test_a_word_fills_the_prefix_slots_of_every_prefix_one_of_its_keys_starts_with(bundled_read):
    matcher, readings = bundled_read
    words = {token.text for reading in readings for read in reading.sentences for token in read.sentence.tokens}
    prefixes = [(prefix, i) for prefix, ids in matcher._by_prefix.items() for i in ids]
    hits = 0
    for word in words:
        keys = matcher.lexicon.keys(word)
        expected = {i for prefix, i in prefixes if any(key.startswith(prefix) for key in keys)}
        assert matcher.prefixed_slots(keys) == expected
        hits += bool(expected)
    assert hits > 20


def test_the_typo_fallback_finds_every_cue_word_a_word_is_a_near_miss_of():
    """Against the rule written out: a beginning of the word with at most MISS_ENDING letters
    after it, from one letter fewer than the cue word to MISS_STRETCH more, within edit
    distance 1 (2 from 12 letters) of the cue word."""
    rng = random.Random(7)
    cue_words = sorted({"".join(rng.choice("aåbk") for _ in range(rng.randint(5, 14))) for _ in range(400)})
    by_length: dict[int, list[str]] = {}
    for cue_word in cue_words:
        by_length.setdefault(len(cue_word), []).append(cue_word)
    found = 0
    for _ in range(300):
        word = "".join(rng.choice("aåbk") for _ in range(rng.randint(3, 17)))
        limit = 1 if len(word) < 12 else 2
        expected = {c for c in cue_words for cut in range(len(word) + 1)
                    if len(c) - 1 <= cut <= len(c) + MISS_STRETCH and len(word) - cut <= MISS_ENDING
                    and Levenshtein.distance(c, word[:cut]) <= limit}
        assert near_misses(word, by_length) == expected
        found += len(expected)
    assert found > 100


def test_a_sentence_read_again_after_another_answer_gets_its_own_state(themes_codebook):
    """The state of a sentence's words is kept per sentence: the answer after it is not."""
    cue = read_cue(themes_codebook, "efterhand & sortera")
    matcher = themes_codebook.matcher
    texts = ["Sorteras insatserna i efterhand? Nej.", "Sorteras insatserna i efterhand?",
             "Sorteras insatserna i efterhand? Ja, inför redovisningen.", "Sorteras insatserna i efterhand? Nej."]
    assert [states(matcher, cue, text) for text in texts] == [["negated"], ["asked"], ["stated"], ["negated"]]
    assert [states(matcher.fresh(), cue, text) for text in texts] == [["negated"], ["asked"], ["stated"], ["negated"]]


def states(matcher: Matcher, cue, text: str) -> list[str]:
    return [match.state for match in matcher.matches(cue, matcher.read(text))]


def test_marker_phrases_and_word_marks_stand_where_a_scan_of_every_phrase_at_every_word_finds_them(bundled_read):
    """`Clauses.marks` tries only the phrases a word can start (`marked_by`, kept per word):
    against every marker phrase tried at every word of every sentence read, and each word's
    WORD_MARKS."""
    matcher, readings = bundled_read
    clauses = matcher.clauses
    phrases = [(name, tuple(marker_key(word, matcher.lexicon) for word in phrase.split()))
               for name in MARKER_PHRASES for phrase in getattr(matcher.markers, name)]
    found = 0
    for reading in readings:
        for read in reading.sentences:
            tokens = read.sentence.tokens
            forms = [clauses.word_forms(token.text) for token in tokens]
            for name in MARKER_PHRASES:
                expected = tuple(i for i in range(len(tokens)) if any(
                    phrase_name == name and i + len(words) <= len(tokens) and all(w in forms[i + j] for j, w in enumerate(words))
                    for phrase_name, words in phrases))
                assert read.marks[name] == expected
                found += len(expected)
            for name in WORD_MARKS:
                assert read.marks[name] == tuple(i for i, token in enumerate(tokens) if name in clauses.word_marks(token.text))
    assert found > 100


def test_a_text_read_again_is_read_as_a_fresh_matcher_reads_it_and_with_patterns_added_since(markers):
    """`Matcher.read` keeps what it read: kept readings equal a fresh reading, and a pattern
    added since (even one of words already known) is found in the text read again."""
    matcher = Matcher(markers)
    before = matcher.add("handlingsplan")
    text, context = "Planen antogs i juni. Gruppen möts.", "Länet har en handlingsplan:"
    first = matcher.read(text, context)
    assert matcher.read(text, context) == first == matcher.fresh().read(text, context)
    assert first.present == frozenset({before})
    again = matcher.add("handlingsplan")
    assert matcher.read(text, context).present == frozenset({before, again})
    assert matcher.read(text, context).sentences == first.sentences


@pytest.mark.parametrize("text", [
    "Länet har en plan. Den antogs i juni!  Nästa steg? – Inte aktuellt. F: Finns en plan? S: Ja.",
    "Skolans roll: När nätverket möts;\nsedan\n\nSvar: Ja. (Se bilaga.) 2024 var första året.",
])
def test_sentences_end_where_the_search_without_its_space_guard_ends_them(bundled_read, text):
    """SENTENCE_END's `(?=\\s)` only spares the look-behinds at other characters: every end
    it finds in the bundled paragraphs, and in these, is one the search without it finds."""
    unguarded = re.compile(SENTENCE_END.pattern.removeprefix("(?=\\s)(?:").removesuffix(")"))
    _, readings = bundled_read
    texts = [text, *(" ".join(read.sentence.text for read in reading.sentences) for reading in readings)]
    assert all([m.span() for m in SENTENCE_END.finditer(t)] == [m.span() for m in unguarded.finditer(t)] for t in texts)
    assert unguarded.pattern != SENTENCE_END.pattern and len(list(SENTENCE_END.finditer(text))) >= 4


def test_slot_positions_are_every_position_of_each_slot_in_order_however_long_the_sentence():
    """A slot filled once gets a tuple made in advance (`ONCE`), up to a length of sentence;
    past it, and for slots filled more than once, its own."""
    filled = [frozenset({i % 3, 7}) if i % 5 else frozenset() for i in range(300)]
    filled[4], filled[290] = frozenset({11}), frozenset({12})
    expected = {slot: tuple(i for i, slots in enumerate(filled) if slot in slots) for slot in set().union(*filled)}
    assert slot_positions(filled) == expected
    assert expected[11] == (4,) and expected[12] == (290,) and len(expected[7]) > 200
