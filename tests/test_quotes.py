"""Quotes: candidates per theme, the choice, and the gate (verbatim, no identifier)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, THEME_IDS, built_with_every_theme, coded_with_every_theme, note_source, written_text
from dialogtool import pipeline
from dialogtool.cli import cli
from dialogtool.errors import QuoteError
from dialogtool.model import Analysis, Code, Decision, Segment
from dialogtool.outputs.quotes import (
    ATTRIBUTION,
    propose_quotes,
    proposed_trims,
    quote_candidates,
    reads_as_quote,
    record_choice,
    render_quote,
    theme_quotes,
)
from dialogtool.coding.store import Project

PLANTED = [
    "Kiruna", "Västerbottens län", "Region Skånes", "Anna Karlsson", "anna.karlsson@region.se", "070-123 45 67",
    "Sahlgrenska", "Marks kommun", "19800101-1234", "Storgatan 12", "Göteborgs", "Lindqvist",
]
LEAKY = """
I Kiruna leder Anna Karlsson (anna.karlsson@region.se, 070-123 45 67) arbetet med skolan och ledningsgruppen.

Västerbottens län och Region Skånes samordnare har utbytt erfarenheter om finansieringen och handlingsplanen.

Patienter remitteras till Sahlgrenska och Marks kommun har egna kriterier för fördelningen av stimulansmedel, vilket samordnaren Lindqvist beskrev.

Personnumret 19800101-1234 och adressen Storgatan 12 i Göteborgs stad stod av misstag i anteckningen om myndigheterna.
"""


def leaky_notes_in(folder: Path) -> Path:
    """folder/notes with two notes, L01 with the planted identifiers."""
    notes = folder / "notes"
    notes.mkdir()
    (notes / "L01.md").write_text(note_source("L01") + LEAKY, encoding="utf-8")
    (notes / "L02.md").write_text(note_source("L02"), encoding="utf-8")
    return notes


@pytest.fixture(scope="module")
def leaky_notes(tmp_path_factory) -> tuple[Path, Analysis]:
    """Two notes, one with planted identifiers; every segment coded with every theme by hand.
    Built once for the module: (the notes, the round's analysis with those codes); the tests
    given it only read it (quotes write outside it)."""
    notes = leaky_notes_in(tmp_path_factory.mktemp("leaky"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return notes, built_with_every_theme(notes)[1]


@pytest.fixture
def leaky_round(leaky_notes, in_repo) -> Path:
    """The shared leaky round, with the repository as working directory (the default guide and themes)."""
    return leaky_notes[0]


def test_render_quote_shortens_only_with_the_ellipsis():
    text = "Ledningsgruppen har mandat att besluta. Det gäller fördelningen. Men inte aktiviteterna."
    assert render_quote(text) == f"{text} {ATTRIBUTION}"
    assert render_quote(text, [(0, 39), (65, 88)]) == (
        "Ledningsgruppen har mandat att besluta. /.../ Men inte aktiviteterna. (Utdrag ur minnesanteckningar)"
    )
    with pytest.raises(QuoteError) as error:
        render_quote(text, [(10, 200)])
    assert str(error.value) == (
        f"urvalet 10:200 ryms inte i stycket (0:{len(text)}); ange START:SLUT med START < SLUT inom stycket."
    )
    with pytest.raises(QuoteError, match="överlappar eller kommer före"):
        render_quote(text, [(20, 40), (30, 50)])


class FakeCorpus:
    def __init__(self, segments):
        self.segments = segments


class FakeAnalysis:
    def __init__(self, segments, codes, decisions=()):
        self.corpus = FakeCorpus(segments)
        self.codes = codes
        self.decisions = list(decisions)
        self.codebook = None
        self.notes_dir = None


def segment(number: int, length: int) -> Segment:
    return Segment(f"L01-{number}", "L01", "ledning", number, ("Arbetet pågår i länet. " * 40)[:length])


def test_candidates_rank_chosen_then_specific_then_fewer_themes_then_length():
    # none of these reads as a quote (each stops mid-word or is too short) but the longest, proposed as its
    # first sentences up to MAX_WORDS words: the order below that tier
    segments = [segment(1, 300), segment(2, 300), segment(3, 300), segment(4, 40), segment(5, 900)]
    codes = [
        Code("L01-1", "L01", "styrning.skola"),          # only through a sub-theme
        Code("L01-2", "L01", "styrning"), Code("L01-2", "L01", "finansiering"),
        Code("L01-3", "L01", "styrning"),
        Code("L01-4", "L01", "styrning"),
        Code("L01-5", "L01", "styrning"),
        Code("L01-5", "L01", "medskick"),
    ]
    chosen = Decision(kind="quote_chosen", county="L01", segment_id="L01-1", text=segments[0].text, id=1)
    analysis = FakeAnalysis(segments, codes, [chosen])
    order = [c.segment_id for c in quote_candidates("styrning", analysis)]
    assert order == ["L01-1", "L01-5", "L01-3", "L01-4", "L01-2"]
    assert [c.segment_id for c in quote_candidates("styrning", analysis, limit=2)] == ["L01-1", "L01-5"]
    assert [c.segment_id for c in quote_candidates("styrning.skola", analysis)] == ["L01-1"]
    assert quote_candidates("handlingsplan", FakeAnalysis(segments, codes)) == []


SENTENCE = ("Ledningsgruppen träffas sex gånger per år. Psykisk hälsa och suicidprevention är en stående punkt "
            "på dagordningen men får ofta mindre tid än deltagarna skulle önska.")
FRAGMENT = "vilket av överenskommelsens prioriterade områden insatsen svarar mot"
HALF_SENTENCE = ("Stimulansmedlen fördelas efter överenskommelsens prioriterade områden och ledningsgruppen "
                 "beslutar om fördelningen efter förslag från")
ABOUT_THE_MEETING = ("Dialogen inleds med en kort presentationsrunda. Länssamordnaren har haft uppdraget sedan "
                     "mars och tog över efter en kollega som gick i pension.")
THANKS = ("Deltagarna tackar för dialogen och säger att det var värdefullt att få beskriva planarbetet medan det "
          "fortfarande pågår.")


def test_what_reads_as_a_report_quote():
    assert reads_as_quote(SENTENCE)
    assert reads_as_quote('"Vi har två kartor och de passar inte ihop", sammanfattade länssamordnaren för kommunerna '
                          "när samordningen av satsningarna kom på tal.")
    assert reads_as_quote("[Handlings]planen, när den fastställs, ska integrera aktiviteter som även rör samverkan "
                          "utifrån den nya socialtjänstlagen.")
    assert reads_as_quote("Dialogen beskrivs som ett bra forum. Länet önskar dock att frågorna skickas ut tidigare, så "
                          "att fler kommuner hinner förbereda sig.")  # the format is a message, not meta
    for text in (FRAGMENT, HALF_SENTENCE, ABOUT_THE_MEETING, THANKS, "Kort.", "Ett stycke utan slut " * 10,
                 SENTENCE * 4, "2025 antogs planen av ledningsgruppen, som också beslutade om en uppföljning "
                 "en gång per år i oktober."):
        assert not reads_as_quote(text), text


def test_a_fragment_or_a_note_on_the_meeting_ranks_below_a_whole_sentence():
    """The fragments carry the theme alone and are short; the sentence shares its segment with two
    more themes and is coded only through a sub-theme. It still comes first."""
    texts = [FRAGMENT, HALF_SENTENCE, ABOUT_THE_MEETING, THANKS, SENTENCE]
    segments = [Segment(f"L01-{n}", "L01", "ledning", n, text) for n, text in enumerate(texts, 1)]
    codes = [Code(s.segment_id, "L01", "styrning") for s in segments[:4]]
    codes += [Code("L01-5", "L01", t) for t in ("styrning.ledningsgrupp", "finansiering", "medskick")]
    ranked = [c.segment_id for c in quote_candidates("styrning", FakeAnalysis(segments, codes))]
    assert ranked[0] == "L01-5"
    chosen = Decision(kind="quote_chosen", county="L01", segment_id="L01-1", text=FRAGMENT, id=1)
    assert [c.segment_id for c in quote_candidates("styrning", FakeAnalysis(segments, codes, [chosen]))][:2] == [
        "L01-1", "L01-5"]  # a chosen quote still comes first
    preferred = quote_candidates("styrning", FakeAnalysis(segments, codes), prefer={"L01-1"})
    assert preferred[0].segment_id == "L01-5"  # a preference orders quotes, it does not make a fragment one


def test_the_top_candidates_of_every_theme_in_the_bundled_notes_read_as_quotes(bundled_round):
    for theme in bundled_round.codebook.themes:
        top = quote_candidates(theme, bundled_round, choices=[], limit=3)
        assert len(top) == 3, theme
        assert all(reads_as_quote(c.body) for c in top), (theme, [c.body for c in top])


def test_the_quotes_command_proposes_whole_sentences(bundled_tree):
    notes = bundled_tree / "notes" / "2025"
    theme = "fordelningsgrund.egna_kriterier"  # its criteria are list items: "det ska finnas en plan för …"
    result = CliRunner().invoke(cli, ["quotes", "--theme", theme, "--limit", "4", "--notes", str(notes)])
    assert result.exit_code == 0, result.output
    quotes = [line.strip().removesuffix(f" {ATTRIBUTION}") for line in result.output.splitlines()
              if line.endswith(ATTRIBUTION)]
    assert len(quotes) == 4
    assert all(reads_as_quote(quote) for quote in quotes), quotes


def test_a_quote_with_an_identifier_is_refused_naming_it_or_redacted():
    text = "I Kiruna leder Anna Karlsson arbetet med ledningsgruppen och skolan i länet."
    analysis = FakeAnalysis([Segment("L01-1", "L01", "ledning", 1, text)], [Code("L01-1", "L01", "styrning")])
    refused = theme_quotes("styrning", analysis)
    assert refused.quotes == []
    assert refused.refused == [
        "L01-1: citatet nämner kommun 'Kiruna', person 'Anna Karlsson'; välj ett avsnitt utan det, lägg till "
        "ordet i allowlist.txt om det inte identifierar någon, eller be om ett maskerat citat (--redact)."
    ]
    redacted = theme_quotes("styrning", analysis, redacting=True)
    assert [q.text for q in redacted.quotes] == [
        "I [kommun] leder [person] arbetet med ledningsgruppen och skolan i länet. (Utdrag ur minnesanteckningar)"
    ]
    allowed = theme_quotes("styrning", analysis, allow=("Kiruna", "Anna Karlsson"))
    assert [q.body for q in allowed.quotes] == [text]


def test_trims_can_leave_the_identifier_out(tmp_path):
    text = "Ledningsgruppen har mandat att besluta om medlen. I Kiruna ser det annorlunda ut."
    seg = Segment("L01-1", "L01", "ledning", 1, text)
    project = Project(tmp_path / "db.sqlite")
    decision = record_choice(project, seg, [(0, 49)], coder="anna", themes=["styrning"])
    assert decision.detail == {"trims": [[0, 49]], "pieces": [text[:49]], "themes": ["styrning"]}
    analysis = FakeAnalysis([seg], [Code("L01-1", "L01", "styrning")], project.decisions())
    assert [q.text for q in theme_quotes("styrning", analysis).quotes] == [
        "Ledningsgruppen har mandat att besluta om medlen. (Utdrag ur minnesanteckningar)"
    ]


@pytest.fixture
def built_once(monkeypatch, leaky_notes):
    """The quotes command given the leaky round as built once for the module (`leaky_notes`): its
    notes and decisions do not change between runs, so every run is given that analysis; the
    rounds the command asked for, each once."""
    notes, analysis = leaky_notes
    analyses = {}

    def once(round_):
        assert round_.notes_dir == notes, round_
        analyses.setdefault(round_, analysis)
        return analyses[round_]

    monkeypatch.setattr(pipeline, "build", once)
    return analyses


@pytest.mark.parametrize("redacting", [False, True])
def test_no_written_quote_contains_a_planted_identifier(leaky_round, tmp_path, redacting, built_once):
    """Every theme through the command, written as .md and .docx by turns."""
    written = 0
    for number, theme in enumerate(THEME_IDS):
        out = tmp_path / f"{theme}{('.md', '.docx')[number % 2]}"
        args = ["quotes", "--theme", theme, "--out", str(out), "--notes", str(leaky_round)]
        result = CliRunner().invoke(cli, args + (["--redact"] if redacting else []))
        assert result.exit_code == 0, result.output
        text = written_text(out)
        for planted in PLANTED:
            assert planted not in text, (theme, planted)
        quotes = [line for line in text.splitlines() if line.endswith(ATTRIBUTION)]
        written += len(quotes)
        assert ("[kommun]" in text) == redacting
        assert len(result.output.splitlines()) >= 1
    assert written >= len(THEME_IDS) * 6
    assert len(built_once) == 1


def test_a_quote_edited_after_the_choice_is_flagged_not_written(tmp_path, in_repo):
    """The leaky notes of its own (the test edits one), coded by the tool alone (no decision to
    learn from, so no model is trained for it): a chosen quote is checked against the note as it is now."""
    notes = leaky_notes_in(tmp_path)
    note = notes / "L02.md"
    original = "Länet har en länsgemensam handlingsplan som antogs i juni och som kopplar till strategins delmål."
    analysis = pipeline.build(pipeline.open_round(notes))
    chosen = next(s for s in analysis.corpus.segments if s.county == "L02" and s.text == original)
    runner = CliRunner()
    cut, resume = original.index(" i juni"), original.index("som kopplar")
    result = runner.invoke(cli, ["quotes", "choose", chosen.segment_id, "--trim", f"0:{cut}",
                                 "--trim", f"{resume}:{len(original)}", "--coder", "anna", "--notes", str(notes)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "plan.md"
    before = runner.invoke(cli, ["quotes", "--theme", "handlingsplan", "--out", str(out), "--notes", str(notes)])
    assert before.exit_code == 0, before.output
    assert out.read_text(encoding="utf-8").split("\n\n")[1] == (
        "> Länet har en länsgemensam handlingsplan som antogs /.../ som kopplar till strategins delmål. "
        "(Utdrag ur minnesanteckningar)"
    )
    note.write_text(note.read_text(encoding="utf-8").replace("antogs i juni", "antogs i augusti"), encoding="utf-8")
    after = runner.invoke(cli, ["quotes", "--theme", "handlingsplan", "--out", str(out), "--notes", str(notes)])
    assert after.exit_code == 0, after.output
    assert "Länet har en länsgemensam handlingsplan som antogs /.../" not in out.read_text(encoding="utf-8")
    edited = pipeline.build(pipeline.open_round(notes))
    new = next(s for s in edited.corpus.segments if s.county == "L02" and "augusti" in s.text)
    refusal = [line for line in after.output.splitlines() if line.startswith(f"Avvisat: {chosen.segment_id}")]
    assert refusal == [
        f"Avvisat: {chosen.segment_id}: anteckningen har redigerats sedan citatet valdes (nu {new.segment_id}, "
        f"likhet 96; 'juni' blev 'augusti'); läs stycket igen och välj citatet på nytt med "
        f"`dialogtool quotes choose {new.segment_id}`."
    ]


def test_choose_rejects_an_unknown_segment_and_a_bad_trim(leaky_round):
    runner = CliRunner()
    result = runner.invoke(cli, ["quotes", "choose", "L01-0000000000", "--notes", str(leaky_round)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: L01-0000000000: textavsnittet finns inte i {leaky_round}; kopiera id:t från `dialogtool quotes --theme ID`.\n"
    )
    bad = runner.invoke(cli, ["quotes", "choose", "L01-0000000000", "--trim", "a:b", "--notes", str(leaky_round)])
    assert bad.exit_code == 2
    assert "'a:b': ange START:SLUT som två teckenpositioner, t.ex. 0:120." in bad.output
    missing = runner.invoke(cli, ["quotes", "--notes", str(leaky_round)])
    assert missing.exit_code == 2 and "ange --theme ID, eller ett underkommando (choose)." in missing.output


def test_quotes_without_out_prints_the_quotes_and_refusals(leaky_round, built_once):
    result = CliRunner().invoke(cli, ["quotes", "--theme", "finansiering", "--limit", "3", "--notes", str(leaky_round)])
    assert result.exit_code == 0, result.output
    quotes = [line for line in result.output.splitlines() if line.endswith(ATTRIBUTION)]
    assert len(quotes) == 3
    assert all(planted not in line for line in quotes for planted in PLANTED)
    assert any(line.startswith("Avvisat: L01-") and "kommun 'Kiruna'" in line for line in result.output.splitlines())


def test_choosing_a_proposed_quote_for_its_theme_keeps_the_proposed_passages(bundled_round, notes_2025):
    copy = pipeline.open_round(notes_2025)  # a copy of this test's own, so the choice goes to a database of its own
    theme = "fordelningsgrund.efterhand"
    proposed = next(c for c in quote_candidates(theme, bundled_round, choices=[]) if c.proposal)
    decision = pipeline.choose_quote(copy, proposed.segment_id, theme=theme)
    assert decision.detail["trims"] == [list(t) for t in proposed.proposal]
    assert " /.../ ".join(decision.detail["pieces"]) == proposed.body
    whole = pipeline.choose_quote(copy, proposed.segment_id)  # for every theme: the whole paragraph
    assert whole.detail["trims"] == [] and whole.detail["pieces"] == [proposed.segment.text]


def test_a_proposal_keeps_the_sentences_that_carry_the_theme_and_what_they_refer_back_to(bundled_round):
    text = ("Mötet började med en kort presentation av alla som deltog i dialogen från länet. Tidigare fördelades "
            "medlen per invånare till kommunerna. I år finns i stället en ansökningsprocess där varje förslag ska "
            "beskriva vilket av strategins delmål det bidrar till. Kaffet var gott och lokalen var ljus, och alla "
            "deltagare var nöjda med dagen och med den tid som avsatts för samtalet. Delmålen styr nu hela "
            "fördelningen av stimulansmedlen.")
    segment = Segment("L01-1", "L01", "strategi", 1, text)
    theme = "fordelningsgrund.strategin"
    trims = proposed_trims(segment, [theme], bundled_round.codebook)
    assert render_quote(text, trims) == (
        "Tidigare fördelades medlen per invånare till kommunerna. I år finns i stället en ansökningsprocess där "
        "varje förslag ska beskriva vilket av strategins delmål det bidrar till. /.../ Delmålen styr nu hela "
        f"fördelningen av stimulansmedlen. {ATTRIBUTION}")


def test_proposed_quotes_for_a_category_theme_come_from_the_counties_in_that_category(bundled_round, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.setattr(bundled_round, "notes_dir", tmp_path)
    strategy = {p.county for p in bundled_round.profiles if p.category("fordelningsgrund") == "strategin"}
    top = propose_quotes(bundled_round, "fordelningsgrund.strategin", limit=3).quotes
    assert len(top) == 3 and {q.segment_id.split("-")[0] for q in top} <= strategy


# --- Deliberate bypasses of the gate ------------------------------------------------------
# Each writes a name so that a plain match misses it: case, decomposed Unicode, an invisible
# character inside, a look-alike letter from another alphabet. None may reach a quote.
BYPASSES = [
    ("anna lindqvist", "anna lindqvist"),
    ("ANNA LINDQVIST", "ANNA LINDQVIST"),
    ("NFD Västerås", unicodedata.normalize("NFD", "Västerås")),
    ("zero-width space", "Kir\u200buna"),
    ("soft hyphen", "Kir\u00aduna"),
    ("Cyrillic a", "M\u0430lmö"),
]
BYPASS_TEXT = "Samordnaren berättar att {name} leder arbetet med ledningsgruppen och skolan i länet sedan i våras."


def trace_of(name: str):
    """The name's letters as a pattern that ignores invisible characters and decomposed accents."""
    plain = unicodedata.normalize("NFC", name.replace("\u200b", "").replace("\u00ad", "").replace("\u0430", "a"))
    return re.compile(r"[\u200b\u00ad]?".join(re.escape(c) for c in plain), re.IGNORECASE)


@pytest.mark.parametrize("label, name", BYPASSES, ids=[label for label, _ in BYPASSES])
def test_a_disguised_name_is_refused_and_redacted_away(label, name):
    text = BYPASS_TEXT.format(name=name)
    analysis = FakeAnalysis([Segment("L01-1", "L01", "ledning", 1, text)], [Code("L01-1", "L01", "styrning")])
    refused = theme_quotes("styrning", analysis)
    assert refused.quotes == [] and len(refused.refused) == 1
    assert f"'{name}'" in refused.refused[0]
    redacted = theme_quotes("styrning", analysis, redacting=True)
    assert len(redacted.quotes) == 1
    body = unicodedata.normalize("NFC", redacted.quotes[0].body)
    assert trace_of(name).search(body) is None and name not in body
    assert re.fullmatch(r"Samordnaren berättar att \[(?:person|kommun)\] leder arbetet .*", body)


@pytest.mark.usefixtures("small_model")
def test_no_disguised_name_reaches_a_quote_through_the_command(tmp_path, in_repo):
    notes = tmp_path / "notes"
    notes.mkdir()
    body = "\n\n".join(BYPASS_TEXT.format(name=name) for _, name in BYPASSES)
    (notes / "L01.md").write_text(note_source("L01") + "\n" + body + "\n", encoding="utf-8")
    coded_with_every_theme(notes, ["styrning"])
    for redacting in (False, True):
        out = tmp_path / f"citat-{redacting}.md"
        args = ["quotes", "--theme", "styrning", "--out", str(out), "--notes", str(notes)]
        result = CliRunner().invoke(cli, args + (["--redact"] if redacting else []))
        assert result.exit_code == 0, result.output
        written = unicodedata.normalize("NFC", out.read_text(encoding="utf-8"))
        for _, name in BYPASSES:
            assert trace_of(name).search(written) is None, (redacting, name)
        assert written.count("Samordnaren berättar att") == (len(BYPASSES) if redacting else 0)
