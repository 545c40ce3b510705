"""Inter-coder agreement: our figures against scikit-learn's kappa and the krippendorff package."""

from __future__ import annotations

import math
import random
import warnings

import docx
import krippendorff
import pytest
from sklearn.metrics import cohen_kappa_score

from conftest import GUIDE, note_source, read_segments, run
from dialogtool.coding.agreement import OVERALL, Figures, agreement, coder_agreement, coder_coding
from dialogtool.errors import AgreementError
from dialogtool.pipeline import open_round, word_agreement
from dialogtool.model import Decision, Segment
from dialogtool.coding.store import Project
from notefactory import write_docx

SEGMENTS = [Segment(f"L0{1 + i // 10}-{i:03d}", f"L0{1 + i // 10}", "ledning", i, f"Stycke {i}.") for i in range(30)]
LEAVES = ["styrning.ledningsgrupp", "styrning.skola", "handlingsplan.status", "finansiering", "medskick"]


def reference(coding_a, coding_b, themes):
    """sklearn's kappa and the krippendorff package's alpha on the same 0/1 vectors (of `themes`)."""
    a = [int((s.segment_id, t) in coding_a) for t in themes for s in SEGMENTS]
    b = [int((s.segment_id, t) in coding_b) for t in themes for s in SEGMENTS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = cohen_kappa_score(a, b)
    try:
        alpha = krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
    except ValueError:  # "There has to be more than one value in the domain."
        alpha = None
    agree = 100 * sum(x == y for x, y in zip(a, b)) / len(a)
    return agree, (None if math.isnan(kappa) else kappa), alpha


def random_codings(seed: int):
    rng = random.Random(seed)
    a = {(s.segment_id, t) for s in SEGMENTS for t in LEAVES if rng.random() < 0.3}
    b = {c for c in a if rng.random() < 0.8} | {(s.segment_id, t) for s in SEGMENTS for t in LEAVES
                                                 if rng.random() < 0.1}
    return a, b


def closed_under_parents(coding, codebook):
    return coding | {(sid, p) for sid, t in coding for p in codebook.ancestors(t)}


def assert_same(figures: Figures, expected):
    agree, kappa, alpha = expected
    assert figures.percent == pytest.approx(agree)
    assert (figures.kappa is None, figures.alpha is None) == (kappa is None, alpha is None)
    if kappa is not None:
        assert figures.kappa == pytest.approx(kappa, abs=1e-12)
    if alpha is not None:
        assert figures.alpha == pytest.approx(alpha, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_theme_and_overall_equal_the_reference(seed, codebook):
    a, b = random_codings(seed)
    report = agreement(a, b, SEGMENTS, codebook)
    full_a, full_b = closed_under_parents(a, codebook), closed_under_parents(b, codebook)
    themes = list(codebook.themes)
    assert [f.theme for f in report.themes] == themes
    for figures in report.themes:
        assert_same(figures, reference(full_a, full_b, [figures.theme]))
    assert report.overall.theme == OVERALL
    assert report.overall.units == 30 * len(themes)
    assert_same(report.overall, reference(full_a, full_b, themes))


def test_total_agreement_and_a_theme_nobody_coded(codebook):
    a, _ = random_codings(4)
    report = agreement(a, set(a), SEGMENTS, codebook)
    used = next(f for f in report.themes if f.theme == "styrning.skola")
    assert (used.percent, used.kappa, used.alpha) == (100.0, 1.0, 1.0)
    full = closed_under_parents(a, codebook)
    assert_same(used, reference(full, full, ["styrning.skola"]))
    unused = next(f for f in report.themes if f.theme == "parallella_reformer.synergi")
    assert (unused.both, unused.neither, unused.percent, unused.kappa, unused.alpha) == (0, 30, 100.0, None, None)
    assert reference(a, a, ["parallella_reformer.synergi"]) == (100.0, None, None)
    assert report.disagreements == []


def test_one_coder_codes_everything_the_other_nothing(codebook):
    a = {(s.segment_id, "medskick") for s in SEGMENTS}
    figures = next(f for f in agreement(a, set(), SEGMENTS, codebook).themes if f.theme == "medskick")
    assert (figures.percent, figures.kappa) == (0.0, 0.0)
    assert_same(figures, reference(a, set(), ["medskick"]))


def test_a_sub_theme_implies_its_parent_and_disagreements_are_listed(codebook):
    a = {(SEGMENTS[0].segment_id, "styrning.skola")}
    b = {(SEGMENTS[0].segment_id, "styrning.ledningsgrupp")}
    report = agreement(a, b, SEGMENTS, codebook, "anna", "bo")
    parent = next(f for f in report.themes if f.theme == "styrning")
    assert (parent.both, parent.only_a, parent.only_b) == (1, 0, 0)
    (item,) = report.disagreements
    assert (item.segment_id, item.only_a, item.only_b) == (SEGMENTS[0].segment_id, ("styrning.skola",),
                                                           ("styrning.ledningsgrupp",))


def test_a_coders_coding_is_added_and_accepted_minus_rejected():
    sid = SEGMENTS[0].segment_id
    decisions = [Decision(kind, "L01", sid, theme, coder=coder, id=i) for i, (kind, theme, coder) in enumerate([
        ("code_added", "medskick", "anna"), ("code_accepted", "finansiering", "anna"),
        ("code_accepted", "styrning", "anna"), ("code_rejected", "styrning", "anna"),
        ("code_rejected", "medskick", "bo"), ("code_added", "handlingsplan", "bo")], 1)]
    assert coder_coding(decisions, "anna") == {(sid, "medskick"), (sid, "finansiering")}
    assert coder_coding(decisions, "bo") == {(sid, "handlingsplan")}


def test_only_the_notes_both_coded_count(codebook):
    decisions = [Decision("code_added", "L01", SEGMENTS[0].segment_id, "medskick", coder="anna", id=1),
                 Decision("code_added", "L01", SEGMENTS[1].segment_id, "medskick", coder="bo", id=2),
                 Decision("code_added", "L02", SEGMENTS[12].segment_id, "medskick", coder="anna", id=3)]
    report = coder_agreement(decisions, SEGMENTS, codebook, "anna", "bo")
    assert report.segments == 10
    with pytest.raises(AgreementError, match="'anna' och 'cecilia' har inte kodat samma anteckning"):
        coder_agreement(decisions + [Decision("code_added", "L03", SEGMENTS[25].segment_id, "medskick",
                                              coder="cecilia", id=4)], SEGMENTS, codebook, "anna", "cecilia")


def test_cli_prints_a_table_per_theme_overall_and_the_disagreements(workspace, codebook):
    segments = read_segments(workspace)
    project = Project.for_notes(workspace)
    for coder, themes in (("anna", ["medskick", "finansiering"]), ("bo", ["medskick"])):
        project.add_many([Decision("code_added", s.county, s.segment_id, t, text=s.text, coder=coder)
                          for s in segments[4:] for t in themes])
    result = run("agreement", "--coder", "anna", "--coder", "bo", "--notes", workspace)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "A = anna, B = bo; 6 textavsnitt"
    assert lines[1].split() == ["tema", "båda", "A", "B", "ingen", "lika%", "kappa", "alfa"]
    assert [line.split()[0] for line in lines[2:29]] == list(codebook.themes)  # themes.yaml's 27, in its order
    assert lines[25].split() == ["finansiering", "0", "2", "0", "4", "66,7", "0,00", "-0,10"]
    assert lines[28].split() == ["medskick", "2", "0", "0", "4", "100,0", "1,00", "1,00"]
    assert lines[3].split() == ["styrning.ledningsgrupp", "0", "0", "0", "6", "100,0", "–", "–"]
    assert lines[29].split() == ["(alla", "teman)", "2", "2", "0", "158", "98,8", "0,66", "0,66"]
    assert lines[30] == ("–: odefinierat för 25 tema/teman: båda kodarna gav varje textavsnitt samma värde "
                         "(oftast: ingen av dem använde temat), så det finns ingen variation att vara överens om utöver slumpen.")
    assert lines[31] == "Oenigheter: 2 textavsnitt"
    assert lines[32].startswith(f"  {segments[4].segment_id} bara A: finansiering; bara B: – \"God och nära vård")


def test_cli_needs_two_coders_or_two_word_files(workspace):
    result = run("agreement", "--coder", "anna", "--notes", workspace)
    assert result.exit_code == 2
    assert "ange exakt två namn med --coder eller exakt två filer med --word." in result.output
    same = run("agreement", "--coder", "anna", "--coder", "anna", "--notes", workspace)
    assert same.output == "Error: båda kodarna är 'anna'; ange två olika namn med --coder.\n"


def coded_copy(path, comments: dict[int, str], author: str):
    """The conftest note as .docx with Word comments on the body paragraphs numbered in `comments`."""
    write_docx(note_source(), path)
    document = docx.Document(path)
    body = [p for p in document.paragraphs if p.text.startswith(("Ledningsgruppen", "Länssamordnaren", "En arbets",
                                                                  "Länet har", "God och", "Man önskar"))]
    for index, text in comments.items():
        document.add_comment(body[index].runs, text=text, author=author)
    document.save(path)
    return path


def test_two_word_files_coded_with_comments(workspace, tmp_path):
    pytest.importorskip("dialogtool.coding.wordcodes")
    a = coded_copy(tmp_path / "a.docx", {0: "styrning.skola", 3: "handlingsplan.status, finansiering"}, "anna")
    b = coded_copy(tmp_path / "b.docx", {0: "styrning.skola", 3: "handlingsplan.status", 5: "medskick"}, "bo")
    report = word_agreement(open_round(workspace, GUIDE), a, b)
    assert (report.coder_a, report.coder_b, report.segments) == ("a.docx", "b.docx", 6)
    skola = next(f for f in report.themes if f.theme == "styrning.skola")
    assert (skola.both, skola.only_a, skola.only_b, skola.percent) == (1, 0, 0, 100.0)
    assert [(d.only_a, d.only_b) for d in report.disagreements] == [(("finansiering",), ()), ((), ("medskick",))]
    result = run("agreement", "--word", a, "--word", b, "--notes", workspace, "--guide", GUIDE)
    assert result.exit_code == 0, result.output
    assert "Oenigheter: 2 textavsnitt" in result.output


def test_an_unknown_coder_is_named_with_the_coders_there_are(workspace):
    segments = read_segments(workspace)
    Project.for_notes(workspace).add_many([Decision("code_added", "L07", segments[0].segment_id, "medskick",
                                                    coder=coder) for coder in ("anna", "bo")])
    result = run("agreement", "--coder", "anna", "--coder", "Bo ", "--notes", workspace)
    assert result.output == ("Error: kodaren 'Bo ' har inga kodningsbeslut i projektet och inga "
                             "Wordkommentarer i anteckningarna; ange en av 'anna', 'bo'.\n")
    empty = run("agreement", "--coder", "x", "--coder", "y", "--notes", tmp_notes(workspace))
    assert empty.output == ("Error: kodaren 'x' har inga kodningsbeslut i projektet och inga Wordkommentarer i anteckningarna; "
                            "ange en av kodarna när någon har kodat (inga ännu).\n")


def tmp_notes(workspace):
    """A second round with one uncoded note."""
    folder = workspace.parent / "tom"
    folder.mkdir()
    (folder / "L08.md").write_text(note_source(county="L08"), encoding="utf-8")
    return folder


def test_coders_with_no_note_in_common(workspace):
    segments = read_segments(workspace)
    (workspace / "L08.md").write_text(note_source(county="L08"), encoding="utf-8")
    other = next(s for s in read_segments(workspace) if s.county == "L08")
    Project.for_notes(workspace).add_many([
        Decision("code_added", "L07", segments[0].segment_id, "medskick", coder="anna"),
        Decision("code_rejected", "L08", other.segment_id, "medskick", coder="bo")])
    result = run("agreement", "--coder", "anna", "--coder", "bo", "--notes", workspace)
    assert result.output == ("Error: 'anna' och 'bo' har inte kodat samma anteckning; låt båda "
                             "koda minst en gemensam anteckning.\n")


def test_word_comments_in_the_rounds_notes_count_for_their_authors(workspace):
    (workspace / "L07.md").unlink()
    coded_copy(workspace / "L07.docx", {0: "styrning.skola", 3: "handlingsplan.status"}, "Anna")
    document = docx.Document(workspace / "L07.docx")
    body = next(p for p in document.paragraphs if p.text.startswith("Länet har"))
    document.add_comment(body.runs, text="handlingsplan.status", author="Bo")
    document.save(workspace / "L07.docx")
    result = run("agreement", "--coder", "Anna", "--coder", "Bo", "--notes", workspace)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "A = Anna, B = Bo; 6 textavsnitt"
    assert next(line for line in lines if line.startswith("handlingsplan.status ")).split() == [
        "handlingsplan.status", "1", "0", "0", "5", "100,0", "1,00", "1,00"]


def test_word_files_comments_that_are_no_codes_are_named_and_a_revised_copy_is_compared_where_it_can(
        workspace, tmp_path):
    a = coded_copy(tmp_path / "a.docx", {0: "styrning.skola.", 3: "handlingsplan.status"}, "anna")
    b = coded_copy(tmp_path / "b.docx", {0: "styrning.skola", 3: "handlingsplan.stauts"}, "bo")
    document = docx.Document(b)
    document.add_paragraph("Ett nytt stycke som bara finns i den här kopian.")
    document.save(b)
    result = run("agreement", "--word", a, "--word", b, "--notes", workspace, "--guide", GUIDE)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("Räknas inte: b.docx kommentar 1 av bo på 'Länet har en länsgemensam han…': "
                             "'handlingsplan.stauts' är inget temas id; närmast: handlingsplan.status, handlingsplan, "
                             "handlingsplan.process\n")
    assert result.stdout.splitlines()[0] == "A = a.docx, B = b.docx; 6 textavsnitt (1 stycken som bara finns i den ena filen är utelämnade)"


def test_word_files_of_two_different_notes(workspace, tmp_path):
    a = coded_copy(tmp_path / "a.docx", {0: "styrning.skola"}, "anna")
    other = tmp_path / "L09.docx"
    write_docx(note_source(county="L09"), other)
    result = run("agreement", "--word", a, "--word", other, "--notes", workspace, "--guide", GUIDE)
    assert result.output == "Error: a.docx och L09.docx har inget stycke gemensamt; ange två kopior av samma anteckning.\n"
