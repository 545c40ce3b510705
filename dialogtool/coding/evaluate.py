"""How good the theme suggestions are: auto-codes against a hand-made gold file.

The gold file is CSV with `county,snippet,themes`: the snippet is an exact passage that
identifies one paragraph (segment) of that county's note, the themes are `;`-separated
ids (empty = about nothing in the framework). A sub-theme implies its parent, on both
sides. Only the segments the gold file names are compared.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvaluationError
from ..model import Code, Segment

GOLD_COLUMNS = ("county", "snippet", "themes")


@dataclass(frozen=True)
class GoldRow:
    row: int
    county: str
    snippet: str
    themes: frozenset[str]
    segment: Segment


@dataclass(frozen=True)
class Score:
    theme: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives


@dataclass(frozen=True)
class Error:
    """A miss (gold theme not suggested) or a false alarm (suggested, not in gold)."""

    county: str
    snippet: str
    theme: str
    segment_id: str
    evidence: str = ""


@dataclass
class Evaluation:
    scores: dict[str, Score]
    micro: Score
    micro_sub: Score
    misses: list[Error] = field(default_factory=list)
    false_alarms: list[Error] = field(default_factory=list)
    segments: int = 0

    def worst(self) -> Score:
        return min(self.scores.values(), key=lambda s: s.f1)


def evaluate(gold_csv_path: Path | str, segments: list[Segment], codes: list[Code], codebook=None) -> Evaluation:
    """Precision, recall and F1 per theme and micro-averaged, with the misses and false alarms.

    Parents come from `codebook` when given, else from the ids ("a.b" implies "a")."""
    return scored(read_gold(Path(gold_csv_path), segments), codes, codebook)


def scored(gold: list[GoldRow], codes: list[Code], codebook=None) -> Evaluation:
    """`evaluate` on gold rows already read (`read_gold`): a command reads them before it
    suggests codes, so that a wrong gold file is said at once, not after the training."""
    predicted: dict[str, dict[str, str]] = {}
    for code in codes:
        predicted.setdefault(code.segment_id, {})[code.theme] = code.evidence
    order = list(codebook.themes) if codebook is not None else []
    counts: dict[str, list[int]] = {}
    result = Evaluation({}, Score("mikro", 0, 0, 0), Score("mikro (underteman)", 0, 0, 0), segments=len(gold))
    for row in gold:
        wanted = with_parents(row.themes, codebook)
        found = predicted.get(row.segment.segment_id, {})
        got = with_parents(set(found), codebook)
        for theme in wanted | got:
            tally = counts.setdefault(theme, [0, 0, 0])
            if theme in wanted and theme in got:
                tally[0] += 1
            elif theme in got:
                tally[1] += 1
                result.false_alarms.append(Error(row.county, row.snippet, theme, row.segment.segment_id, found.get(theme, "")))
            else:
                tally[2] += 1
                result.misses.append(Error(row.county, row.snippet, theme, row.segment.segment_id))
    themes = [t for t in order if t in counts] + sorted(t for t in counts if t not in order)
    result.scores = {t: Score(t, *counts[t]) for t in themes}
    result.micro = summed("mikro", result.scores.values())
    result.micro_sub = summed("mikro (underteman)", [s for t, s in result.scores.items() if parent_of(t, codebook)])
    return result


def read_gold(path: Path, segments: list[Segment]) -> list[GoldRow]:
    """The gold rows, each tied to the one segment its snippet identifies."""
    if not path.is_file():
        raise EvaluationError(f"{path}: filen finns inte; ange en guldfil (CSV) med kolumnerna county,snippet,themes.")
    by_county: dict[str, list[Segment]] = {}
    for segment in segments:
        by_county.setdefault(segment.county, []).append(segment)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EvaluationError(f"{path}: ingen CSV-textfil i UTF-8 (en Excel-arbetsbok?); spara guldfilen som "
                              "CSV UTF-8 (i Excel: Spara som, CSV UTF-8) med kolumnerna county,snippet,themes.") from None
    rows = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise EvaluationError(f"{path}: kolumnen {', '.join(missing)} saknas; rubrikraden måste vara "
                              "county,snippet,themes.")
    for number, record in enumerate(reader, 2):
        county, snippet = (record["county"] or "").strip(), record["snippet"] or ""
        hits = [s for s in by_county.get(county, []) if snippet and snippet in s.text]
        themes = frozenset(t.strip() for t in (record["themes"] or "").split(";") if t.strip())
        if not hits and not themes and snippet:
            continue  # a paragraph about nothing that the reader left out (a greeting, a sign-off) loses nothing
        if len(hits) != 1:
            found = "inget textavsnitt" if not hits else f"{len(hits)} textavsnitt"
            raise EvaluationError(
                f"{path} rad {number}: utdraget '{snippet}' träffar {found} i länet {county}; "
                "kopiera ett exakt avsnitt som finns i ett enda stycke i länets anteckning."
            )
        rows.append(GoldRow(number, county, snippet, themes, hits[0]))
    return rows


def parent_of(theme: str, codebook) -> str | None:
    if codebook is not None and theme in codebook.themes:
        return codebook.themes[theme].parent
    return theme.rsplit(".", 1)[0] if "." in theme else None


def with_parents(themes, codebook) -> set[str]:
    result = set(themes)
    for theme in themes:
        parent = parent_of(theme, codebook)
        while parent:
            result.add(parent)
            parent = parent_of(parent, codebook)
    return result


def summed(name: str, scores) -> Score:
    scores = list(scores)
    return Score(name, sum(s.true_positives for s in scores), sum(s.false_positives for s in scores),
                 sum(s.false_negatives for s in scores))
