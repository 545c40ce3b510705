"""Auto-codes against gold: the scores, the errors, the CLI, and the target on the bundled notes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, note_source
from dialogtool import pipeline
from dialogtool.cli import cli
from dialogtool.cues.codebook import load_codebook
from dialogtool.ingest.corpus import load_corpus
from dialogtool.errors import EvaluationError
from dialogtool.coding.evaluate import evaluate
from dialogtool.ingest.guide import load_guide
from dialogtool.coding.tag import tag_segments

NOTES = ROOT / "tools" / "notes_src" / "2025"


def write_gold(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["county", "snippet", "themes"])
        writer.writerows(rows)
    return path


@pytest.fixture
def notes(tmp_path) -> Path:
    directory = tmp_path / "notes"
    directory.mkdir()
    (directory / "L07.md").write_text(note_source("L07"), encoding="utf-8")
    return directory


def test_scores_misses_and_false_alarms(tmp_path, notes):
    corpus = load_corpus(notes, load_guide(ROOT / "interview_guides" / "2025.yaml"))
    codebook = load_codebook(ROOT / "themes.yaml")
    codes = tag_segments(corpus.segments, codebook)
    gold = write_gold(tmp_path / "gold.csv", [
        ("L07", "God och nära vård och samsjuklighetsreformen", "parallella_reformer.god_och_nara_vard;"
                                                               "parallella_reformer.samsjuklighet;parallella_reformer.synergi"),
        ("L07", "Man önskar mer metodstöd", "medskick;myndigheter"),
    ])
    result = evaluate(gold, corpus.segments, codes, codebook)
    assert result.scores["parallella_reformer"].true_positives == 1  # implied parent
    assert result.scores["myndigheter"].false_negatives == 1
    assert [(m.county, m.theme) for m in result.misses] == [("L07", "myndigheter")]
    assert result.segments == 2
    assert 0 < result.micro.f1 <= 1


def test_snippet_matching_no_segment_names_the_row(tmp_path, notes):
    corpus = load_corpus(notes, load_guide(ROOT / "interview_guides" / "2025.yaml"))
    gold = write_gold(tmp_path / "gold.csv", [("L07", "Man önskar mer metodstöd", "medskick"),
                                              ("L07", "finns inte i texten", "medskick")])
    with pytest.raises(EvaluationError) as error:
        evaluate(gold, corpus.segments, [])
    assert str(error.value) == (f"{gold} rad 3: utdraget 'finns inte i texten' träffar inget textavsnitt "
                                "i länet L07; kopiera ett exakt avsnitt som finns i ett enda stycke i länets anteckning.")


def test_a_paragraph_about_nothing_the_reader_left_out_is_no_error(tmp_path, notes):
    """A writer's gold may list a sign-off the reader skips; it is about no theme, so nothing is lost."""
    corpus = load_corpus(notes, load_guide(ROOT / "interview_guides" / "2025.yaml"))
    gold = write_gold(tmp_path / "gold.csv", [("L07", "Man önskar mer metodstöd", "medskick"),
                                              ("L07", "Vänliga hälsningar, utredarna", "")])
    assert evaluate(gold, corpus.segments, []).segments == 1


@pytest.mark.usefixtures("small_model")
def test_cli_prints_table_and_errors(tmp_path, notes, in_repo):
    gold = write_gold(tmp_path / "gold.csv", [("L07", "Man önskar mer metodstöd", "medskick;myndigheter")])
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--notes", str(notes)])
    assert result.exit_code == 0, result.output
    assert "mikro (underteman)" in result.output
    assert "Missar:\n  L07  myndigheter" in result.output


def test_a_wrong_gold_file_is_said_before_any_code_is_suggested(tmp_path, notes, in_repo, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("codes suggested (and the model trained) before the gold file was read")

    monkeypatch.setattr(pipeline, "suggest", refuse)
    bad = write_gold(tmp_path / "bad.csv", [("L09", "Man önskar", "medskick")])
    result = CliRunner().invoke(cli, ["evaluate", str(bad), "--notes", str(notes)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad} rad 2: utdraget 'Man önskar' träffar inget textavsnitt i länet L09")


@pytest.fixture(scope="module")
def bundled():
    corpus = load_corpus(ROOT / "notes" / "2025", load_guide(ROOT / "interview_guides" / "2025.yaml"))
    codebook = load_codebook(ROOT / "themes.yaml")
    return corpus, codebook, tag_segments(corpus.segments, codebook)


def test_target_on_bundled_notes(bundled):
    corpus, codebook, codes = bundled
    result = evaluate(ROOT / "tests" / "gold" / "themes_2025.csv", corpus.segments, codes, codebook)
    assert result.micro_sub.f1 >= 0.85
    assert result.worst().f1 >= 0.6
