"""Shared fixtures: the repository's paths, the real codebook, the gold typology, small notes
made per test, and the bundled rounds built (and analysed) once per test run on a copy.

No test writes into the repository: every round a test builds is a copy in a tmp dir, since
building a round writes its project database beside the notes.

The library's heavy modules (the pipeline, the learned layer, the CLI, which import scikit-learn,
pandas and matplotlib) are imported in the functions that use them, not here: the xdist
controller loads this file as well but runs no test, and importing them there cost every run
some 2.5 s of one core before the workers could start.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import marshal
import os
import pickle
import shutil
import sys
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dialogtool.coding.store import Project
from dialogtool.cues.clauses import Markers
from dialogtool.cues.codebook import Codebook, load_codebook
from dialogtool.ingest.corpus import load_corpus
from dialogtool.ingest.guide import load_guide
from dialogtool.model import Analysis, Cell, Code, Companions, Corpus, CountyProfile, Decision, Evidence, Note, Segment

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "interview_guides" / "2025.yaml"
THEMES = ROOT / "themes.yaml"
GOLD = Path(__file__).parent / "gold"
sys.path.insert(0, str(Path(__file__).parent))

NOTE = """Minnesanteckningar – länsdialog psykisk hälsa och suicidprevention 2025
Län: {county}
Datum: 2025-10-14
Deltagare: {participants} (länssamordnare region, utvecklingsledare kommunförbund)
Granskning: godkänd av länet 2025-10-28

## {h1}

Ledningsgruppen på hög tjänstemannanivå samlar hälso- och sjukvården och socialtjänsten, och sedan i våras även skolan.

- Länssamordnaren leder ett nätverk för barn och unga.
- En arbetsgrupp för vuxna träffas varannan månad.

## {h2}

Länet har en länsgemensam handlingsplan som antogs i juni och som kopplar till strategins delmål.

## {h3}

God och nära vård och samsjuklighetsreformen ger en röd tråd i arbetet.

## {h4}

Man önskar mer metodstöd och indikatorer för uppföljning från nationell nivå.
"""

GUIDE_HEADINGS = (
    "Länsgemensam ledning och samordning inom området",
    "Arbete med den nationella strategins vision och mål",
    "Länsgemensam samordning av olika nationella initiativ",
    "Erfarenheter och andra medskick från länen",
)
#: The typology's dimensions in themes.yaml's order (gold/typology_*.csv has a column for each).
DIMENSIONS = ("plan_status", "plan_koppling", "fordelningsgrund", "efterhandssortering", "operativ_organisering",
              "skola_i_ledning", "parallella_initiativ", "strategins_bredd")
#: Hand-made codes of the gold analysis: theme → words a segment must contain to be coded with it.
HAND_CUES = {
    "fordelningsgrund.strategin": "delmål",
    "styrning.skola": "skol",
    "parallella_reformer.synergi": "röd tråd",
    "finansiering": "ettårig",
}
#: A 2025 segment that names a municipality; coded as the only 'myndigheter' quote, it must be refused.
LEAKY = "L17-1e9a94bb0e"
#: Every theme of the bundled themes.yaml, in its order (the domain's fixed ids).
THEME_IDS = [
    "styrning", "styrning.ledningsgrupp", "styrning.skola", "styrning.operativ", "styrning.brukare",
    "styrning.forandring", "styrning.mandat", "handlingsplan", "handlingsplan.status", "handlingsplan.koppling",
    "handlingsplan.process", "fordelningsgrund", "fordelningsgrund.overenskommelsen",
    "fordelningsgrund.egna_kriterier", "fordelningsgrund.strategin", "fordelningsgrund.efterhand",
    "fordelningsgrund.schablon", "parallella_reformer", "parallella_reformer.god_och_nara_vard",
    "parallella_reformer.socialtjanstlagen", "parallella_reformer.samsjuklighet", "parallella_reformer.synergi",
    "parallella_reformer.utmaning", "finansiering", "personberoende", "myndigheter", "medskick",
]


def note_source(county: str = "L07", participants: int = 6, headings=GUIDE_HEADINGS) -> str:
    h1, h2, h3, h4 = headings
    return NOTE.format(county=county, participants=participants, h1=h1, h2=h2, h3=h3, h4=h4)


def notes_dir(tmp_path: Path, counties=("L07",)) -> Path:
    """tmp_path/notes with note_source()'s note for each county."""
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    for county in counties:
        (folder / f"{county}.md").write_text(note_source(county=county), encoding="utf-8")
    return folder


def built(folder: Path) -> Analysis:
    """A notes directory built as the commands build it, with the bundled guide and themes.yaml."""
    from dialogtool import pipeline

    return pipeline.build(pipeline.open_round(folder, GUIDE, THEMES))


def read_segments(folder: Path) -> list[Segment]:
    """The segments of a notes directory as every command reads them (nothing tagged, no model
    trained): where a test needs only their ids and texts."""
    return load_corpus(folder, load_guide(GUIDE)).segments


def run(*args):
    """The CLI invoked with `args` (paths allowed), as a user would type them."""
    from dialogtool.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args])


def coded_with_every_theme(notes: Path, themes=THEME_IDS) -> list[Segment]:
    """Record a code decision for every segment of the round in `notes` and each of `themes` (every
    theme unless told); its segments, read as the commands read them (nothing built)."""
    segments = read_segments(notes)
    Project.for_notes(notes).add_many([
        Decision(kind="code_added", county=s.county, segment_id=s.segment_id, theme=theme, text=s.text, coder="test")
        for s in segments for theme in themes
    ])
    return segments


def built_with_every_theme(notes: Path) -> tuple[list[Segment], Analysis]:
    """The round in `notes` (default guide and themes.yaml: run from the repository) built, then every
    segment coded with every theme (`coded_with_every_theme`) and the analysis refreshed with those
    decisions as the app refreshes it after coding (`pipeline.refresh`): every segment carries every
    theme, and the learned layer is not trained again on codes that no test of the quote gate reads
    (an every-theme round takes the model some 20 s to learn)."""
    from dialogtool import pipeline

    analysis = pipeline.build(pipeline.open_round(notes))
    segments = coded_with_every_theme(notes)
    return segments, pipeline.refresh(analysis)


def written_text(path: Path) -> str:
    """The text of a written .md or .docx file, paragraph by paragraph."""
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


def gold_profiles(year: int = 2025) -> list[CountyProfile]:
    """The intended classification of a bundled round (tests/gold) as fresh profiles: one
    evidence sentence per settled cell, the reason of each empty one."""
    with (GOLD / f"typology_{year}.csv").open(encoding="utf-8") as file:
        return [CountyProfile(row["county"], {
            d: Cell(row["county"], d, row[d] or None,
                    [Evidence(f"{row['county']}-{d}", f"Meningen som avgör {d}.")] if row[d] else [],
                    "" if row[d] else "Anteckningarna säger inget om detta.")
            for d in DIMENSIONS}) for row in csv.DictReader(file)]


#: The modules that take longest, longest first (CPU seconds per module, from runs with a fresh
#: model cache). xdist hands whole modules (--dist loadfile) to whichever worker is free, in
#: collection order (--no-loadscope-reorder): the long ones go first and the short ones fill in
#: at the end, so the two workers finish together instead of one starting a long module when the
#: other is done. test_corpora second: it suggests with the rules alone, so while the first
#: module's worker trains and caches the base model, the other does not train it too.
#: test_report is the first module to ask for the bundled analysis (`bundled_run`), and the other
#: modules that read it come a few long modules later (test_pipeline after test_note_shapes), so
#: the analysis is ready when the other worker asks rather than waited for.
LONGEST_FIRST = (
    "test_speed_paths.py", "test_corpora.py", "test_learned.py", "test_app_browser.py", "test_report.py",
    "test_bad_input.py", "test_overrides.py", "test_note_shapes.py", "test_pipeline.py", "test_wordcodes.py",
    "test_one_truth.py", "test_quotes_blind.py", "test_ingest.py", "test_app.py", "test_quotes.py", "test_charts.py",
    "test_fill.py", "test_exchange.py", "test_review.py", "test_imports.py", "test_anonymise.py", "test_evaluate.py",
    "test_draft.py", "test_analyze_app.py", "test_reanchor.py", "test_coders.py",
)


def pytest_collection_modifyitems(items):
    """The modules of LONGEST_FIRST first, in its order; the others after, as collected (the
    sort is stable: the tests of a module keep their order)."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session", autouse=True)
def model_cache(request, tmp_path_factory) -> Path:
    """The learned layer's cache in pytest's cache directory (.pytest_cache, which git ignores),
    shared by the xdist workers and kept between runs: the base model is trained once, not on
    every run (the workers' writes are atomic, and the cached model is keyed by the training data,
    the code and the libraries, so a change to any of them trains it again). No test writes into
    the user's own cache. Without pytest's cache (-p no:cacheprovider): this run's temporary directory."""
    if getattr(request.config, "cache", None) is not None:
        folder = request.config.cache.mkdir("model-cache")
    else:
        folder = run_directory(tmp_path_factory) / "model-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIALOGTOOL_CACHE", str(folder))
        yield folder


#: `small_model` trains on every SMALL_MODEL_EVERY-th bundled example.
SMALL_MODEL_EVERY = 4


@pytest.fixture(scope="session")
def small_model_examples(model_cache) -> tuple[list[learned.Example], dict, Path]:
    """What `small_model` trains on, the suggesters it trained in this process (its own, never
    mixed with those trained on every example) and its own cache directory for the base model."""
    from dialogtool.coding import learned

    return learned.bundled_examples()[::SMALL_MODEL_EVERY], {}, model_cache / "small"


@pytest.fixture
def small_model(small_model_examples, monkeypatch):
    """The learned layer trained on a quarter of the bundled examples, for tests of what the
    pipeline does with the investigators' decisions (kept, carried, exported, learned from
    alike in one process and two), not of how well the model suggests (test_learned,
    test_corpora): the model a round's decisions make is then trained in about a quarter of
    the time (each such training took some 5 s of the suite's CPU). Its suggesters and cached
    base model are kept apart from the full model's, so neither ever answers for the other."""
    from dialogtool.coding import learned

    examples, trained, cache = small_model_examples
    monkeypatch.setattr(learned, "bundled_examples", lambda: examples)
    monkeypatch.setattr(learned, "_TRAINED", trained)
    monkeypatch.setenv("DIALOGTOOL_CACHE", str(cache))


@pytest.fixture
def in_repo(monkeypatch):
    """Run with the repository as working directory, where the default paths resolve."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """tmp_path/notes with note_source()'s L07 note, and tmp_path as working directory (where
    commands write their sheets); nothing in it is faked: the real tagger suggests."""
    folder = notes_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def themes_codebook() -> Codebook:
    """The bundled themes.yaml, loaded afresh: a test may change it (add cues, drop a category)."""
    return load_codebook(THEMES)


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    """The bundled themes.yaml, loaded once: for tests that only read it."""
    return load_codebook(THEMES)


@pytest.fixture(scope="session")
def markers(codebook) -> Markers:
    """The words of the bundled themes.yaml that decide a clause's state (`language:`)."""
    return codebook.matcher.markers


@pytest.fixture
def small_round(tmp_path):
    """A round of two short notes (L07, L08) in tmp_path/2025, read with the repository's guide and codebook."""
    from dialogtool import pipeline

    notes = tmp_path / "2025"
    notes.mkdir()
    for county in ("L07", "L08"):
        (notes / f"{county}.md").write_text(note_source(county), encoding="utf-8")
    return pipeline.open_round(notes, GUIDE, THEMES)


@pytest.fixture
def profiles() -> list[CountyProfile]:
    """The 2025 gold typology, fresh for each test (tests change cells)."""
    return gold_profiles(2025)


@pytest.fixture
def round_analysis(codebook):
    """Make a round without notes on disk: 21 empty notes, the gold typology of a year, the codes given."""

    def make(year: int, codes: list[Code] = (), participants: int = 5) -> Analysis:
        profiles = gold_profiles(year)
        notes = [Note(Path(f"{p.county}.md"), p.county, date=f"{year}-10-01", participants=participants)
                 for p in profiles]
        return Analysis(corpus=Corpus(notes=notes), notes_dir=Path("."), codebook=codebook, profiles=profiles,
                        codes=list(codes))

    return make


def run_directory(tmp_path_factory) -> Path:
    """The temporary directory of this test run that all its processes share: the xdist
    workers' own temporary directories lie in it."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


#: How long a process waits for another to compute what `once_per_run` shares before giving up.
LONGEST_WAIT = 600


def once_per_run(folder: Path, compute):
    """What `compute` returns, computed once per test run however many xdist workers ask: the
    first claims `folder` (creating it, which only one process can), computes in it and leaves
    the result pickled there; the others wait for that file and read it. A failed computation
    leaves its error, so that the others fail with it rather than wait."""
    result, failure = folder / "result.pickle", folder / "failure.txt"
    try:
        folder.mkdir()
    except FileExistsError:
        for _ in range(LONGEST_WAIT * 10):
            if result.exists():
                return pickle.loads(result.read_bytes())
            if failure.exists():
                pytest.fail(f"computing {folder} failed in another worker: {failure.read_text(encoding='utf-8')}")
            time.sleep(0.1)
        pytest.fail(f"{folder} was not computed by another worker within {LONGEST_WAIT} s")
    try:
        value = compute()
    except BaseException as error:
        failure.write_text(repr(error), encoding="utf-8")
        raise
    written = folder / "result.pickle.tmp"
    written.write_bytes(pickle.dumps(value))
    os.replace(written, result)
    return value


def analysed_bundled_rounds(tree: Path, out: Path) -> tuple[str, Path, Analysis]:
    """A copy of the bundled rounds and survey laid out in `tree` as in the repository (notes/2024,
    notes/2025, survey/), and `dialogtool analyze` run on its 2025 round, which finds 2024 and the
    survey beside it: the command's output, `out` (where it wrote), and the analysis the command
    computed (the real `pipeline.analyze`, watched, not replaced)."""
    from dialogtool import pipeline

    for part in ("notes/2024", "notes/2025", "survey"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns(".dialogtool.sqlite*"))
    analyses, analyze = [], pipeline.analyze

    def watched(*args, **kwargs):
        analyses.append(analyze(*args, **kwargs))
        return analyses[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "analyze", watched)
        result = run("analyze", tree / "notes" / "2025", "--out", out, "--guide", GUIDE, "--themes", THEMES)
    assert result.exit_code == 0, result.output
    return result.output, out, analyses[0]


@pytest.fixture(scope="session")
def bundled_dir(tmp_path_factory) -> Path:
    """Where this run's copy of the bundled rounds and their analysis live, shared by its workers."""
    return run_directory(tmp_path_factory) / "bundled"


@pytest.fixture(scope="session")
def bundled_run(bundled_dir) -> tuple[str, Path, Analysis]:
    """`dialogtool analyze` run once per test run on a copy of the bundled 2025 round, with 2024
    and the survey beside it (`analysed_bundled_rounds`): once, not once per xdist worker, since
    the tests of it are spread over both and the analysis takes some 6 s of CPU (the worker that
    asks second reads what the first computed; `once_per_run`)."""
    return once_per_run(bundled_dir, lambda: analysed_bundled_rounds(bundled_dir / "tree", bundled_dir / "outputs"))


@pytest.fixture(scope="session")
def bundled_tree(bundled_run, bundled_dir) -> Path:
    """The copy of the bundled rounds and survey that `bundled_run` analysed (notes/2024,
    notes/2025, survey/), shared by the tests that only read: their project databases were
    written by that analysis, before any test reads them."""
    return bundled_dir / "tree"


@pytest.fixture
def notes_2025(tmp_path) -> Path:
    """A copy of the bundled 2025 notes of this test's own, without a project database: for
    tests that record decisions."""
    folder = tmp_path / "2025"
    shutil.copytree(ROOT / "notes" / "2025", folder, ignore=shutil.ignore_patterns(".dialogtool.sqlite*"))
    return folder


@pytest.fixture(scope="session")
def bundled_outputs(bundled_run) -> tuple[str, Path]:
    """(the output of `dialogtool analyze` on the bundled 2025 round, its outputs directory)."""
    return bundled_run[:2]


@pytest.fixture(scope="session")
def bundled_round(bundled_run) -> Analysis:
    """The bundled 2025 round as `analyze` built it, once per test run, with last year's
    round and the survey as its companions (read it; do not change it)."""
    return bundled_run[2]


@pytest.fixture(scope="session")
def gold_analysis(bundled_round) -> Analysis:
    """The bundled 2025 round classified as the gold typology, with hand-made codes, so that
    tests of the outputs depend on neither the classifier nor the tagger."""
    segments = bundled_round.corpus.segments
    codes = [Code(s.segment_id, s.county, theme, "human") for s in segments
             for theme, cue in HAND_CUES.items() if cue in s.text.lower()]
    leaky = next(s for s in segments if s.segment_id == LEAKY)
    codes.append(Code(leaky.segment_id, leaky.county, "myndigheter", "human"))
    return dataclasses.replace(bundled_round, profiles=gold_profiles(2025), codes=codes, companions=Companions(),
                               out_dir=None, files={})


#: The ways a marshal cache file of the user's cache can be spoilt (`spoilt_cache_file`).
SPOILT = ("truncated", "a flipped byte", "empty", "foreign key", "not marshal", "another shape")


def spoilt_cache_file(good: bytes, kind: str, other_shape: object) -> bytes:
    """A marshal cache file's good bytes (usercache.save_marshal) spoilt in one way a file can be
    spoilt, "another shape" holding `other_shape` under the right key and digest: no cached value
    must come of any of them."""
    middle = len(good) // 2
    return {
        "truncated": lambda: good[:middle],
        "a flipped byte": lambda: good[:middle] + bytes([good[middle] ^ 1]) + good[middle + 1:],
        "empty": lambda: b"",
        "foreign key": lambda: b"0" * 64 + good[64:],
        "not marshal": lambda: good[:64] + signed(b"junk"),
        "another shape": lambda: good[:64] + signed(marshal.dumps(other_shape)),
    }[kind]()


def signed(payload: bytes) -> bytes:
    """`payload` with the digest a cache file gives its payload."""
    return hashlib.sha256(payload).hexdigest().encode("ascii") + payload
