"""Inter-coder agreement at the segment level: how far two investigators' codings coincide.

For every theme each segment is coded 1 or 0 by each coder; a sub-theme implies its parent.
Per theme and pooled over all themes (every segment × theme a unit) we give percentage
agreement, Cohen's kappa and Krippendorff's alpha (nominal, two coders, no missing
values), computed here from the 2×2 table so that no statistics package is needed at run
time; the tests check them against scikit-learn and the `krippendorff` package. A figure
that is undefined (both coders used one value only, e.g. a theme nobody coded) is None.

A coder's coding is their decisions in the project database and the Word comments they
signed in the round's notes; two Word files are compared on the paragraphs both have.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .effective import latest_code_decisions
from ..errors import AgreementError
from ..model import Code, Decision, Segment

OVERALL = "(alla teman)"

#: A coder's coding: the (segment_id, theme) pairs the coder put on the segments.
Coding = set[tuple[str, str]]


@dataclass(frozen=True)
class Figures:
    """The 2×2 table of one theme (or all pooled) and the agreement figures drawn from it."""

    theme: str
    units: int
    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def percent(self) -> float | None:
        return 100.0 * (self.both + self.neither) / self.units if self.units else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa: (po − pe) / (1 − pe), pe from each coder's own rate of coding."""
        if not self.units:
            return None
        observed = (self.both + self.neither) / self.units
        rate_a = (self.both + self.only_a) / self.units
        rate_b = (self.both + self.only_b) / self.units
        expected = rate_a * rate_b + (1 - rate_a) * (1 - rate_b)
        if expected >= 1:
            return None
        return (observed - expected) / (1 - expected)

    @property
    def alpha(self) -> float | None:
        """Krippendorff's alpha, nominal: 1 − (n − 1)·D / (n₀·n₁) over the n = 2·units values."""
        values = 2 * self.units
        ones = 2 * self.both + self.only_a + self.only_b
        zeros = values - ones
        if not ones or not zeros:
            return None
        return 1 - (values - 1) * (self.only_a + self.only_b) / (zeros * ones)


@dataclass(frozen=True)
class Disagreement:
    """A segment the coders coded differently: the themes only one of them gave it."""

    segment_id: str
    county: str
    text: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]


@dataclass
class AgreementReport:
    """Agreement between coder A and coder B, per theme (codebook order) and overall."""

    coder_a: str
    coder_b: str
    segments: int
    themes: list[Figures] = field(default_factory=list)
    overall: Figures | None = None
    disagreements: list[Disagreement] = field(default_factory=list)
    #: Word comments that could not be read as codes, so are not counted (one line each).
    problems: list[str] = field(default_factory=list)
    #: Paragraphs only one of two Word files has (the note was revised between them): not compared.
    left_out: int = 0


def coder_coding(decisions: list[Decision], coder: str, word_codes: list[Code] = ()) -> Coding:
    """A coder's own view: the themes of their Word comments, then what they added or accepted
    in the database, minus what they rejected there."""
    coding = {(c.segment_id, c.theme) for c in word_codes if c.coder == coder and c.source != "auto"}
    own = [d for d in decisions if d.coder == coder and d.segment_id]
    for key, decision in latest_code_decisions(own).items():
        if decision.kind == "code_rejected":
            coding.discard(key)
        else:
            coding.add(key)
    return coding


def coded_counties(decisions: list[Decision], coder: str, word_codes: list[Code] = ()) -> set[str]:
    """The counties in which a coder made any coding decision or Word code: the notes they coded."""
    return ({d.county for d in decisions if d.coder == coder and d.kind.startswith("code_")}
            | {c.county for c in word_codes if c.coder == coder and c.source != "auto"})


def coder_agreement(decisions: list[Decision], segments: list[Segment], codebook, coder_a: str,
                    coder_b: str, word_codes: list[Code] = ()) -> AgreementReport:
    """Agreement between two coders of the round, on the notes both of them coded."""
    if coder_a == coder_b:
        raise AgreementError(f"båda kodarna är '{coder_a}'; ange två olika namn med --coder.")
    for coder in (coder_a, coder_b):
        if not coded_counties(decisions, coder, word_codes):
            raise AgreementError(f"kodaren '{coder}' har inga kodningsbeslut i projektet och inga Wordkommentarer i "
                                 f"anteckningarna; ange en av {known_coders(decisions, word_codes)}.")
    counties = coded_counties(decisions, coder_a, word_codes) & coded_counties(decisions, coder_b, word_codes)
    if not counties:
        raise AgreementError(
            f"'{coder_a}' och '{coder_b}' har inte kodat samma anteckning; låt båda koda minst en gemensam anteckning."
        )
    units = [s for s in segments if s.county in counties]
    return agreement(coder_coding(decisions, coder_a, word_codes), coder_coding(decisions, coder_b, word_codes),
                     units, codebook, coder_a, coder_b)


def known_coders(decisions: list[Decision], word_codes: list[Code]) -> str:
    """The coders of the round, for an error message: 'anna, bo' or '(none yet)'."""
    names = sorted({d.coder for d in decisions if d.coder and d.kind.startswith("code_")}
                   | {c.coder for c in word_codes if c.coder and c.source != "auto"})
    return ", ".join(f"'{name}'" for name in names) if names else "kodarna när någon har kodat (inga ännu)"


def copies_agreement(names: tuple[str, str], segment_lists: list[list[Segment]], codings: list[Coding],
                     codebook) -> AgreementReport:
    """Agreement between two copies of a note, each read into its segments and coded (Word
    comments), on the segments both copies have."""
    in_b = {s.segment_id for s in segment_lists[1]}
    units = [s for s in segment_lists[0] if s.segment_id in in_b]
    if not units:
        raise AgreementError(f"{names[0]} och {names[1]} har inget stycke gemensamt; ange två kopior av samma "
                             "anteckning.")
    report = agreement(codings[0], codings[1], units, codebook, *names)
    report.left_out = len(segment_lists[0]) + len(segment_lists[1]) - 2 * len(units)
    return report


def agreement(coding_a: Coding, coding_b: Coding, segments: list[Segment], codebook, coder_a: str = "A",
              coder_b: str = "B") -> AgreementReport:
    """Per-theme and pooled figures for two codings over `segments`, and the segments they differ on."""
    ids = {s.segment_id for s in segments}
    coding_a = with_parents({c for c in coding_a if c[0] in ids}, codebook)
    coding_b = with_parents({c for c in coding_b if c[0] in ids}, codebook)
    coded = sorted({theme for _, theme in coding_a | coding_b} - set(codebook.themes))
    report = AgreementReport(coder_a, coder_b, len(segments))
    for theme in [*codebook.themes, *coded]:
        a = {sid for sid, t in coding_a if t == theme}
        b = {sid for sid, t in coding_b if t == theme}
        report.themes.append(Figures(theme, len(ids), len(a & b), len(a - b), len(b - a), len(ids - a - b)))
    report.overall = Figures(OVERALL, *(sum(getattr(f, name) for f in report.themes)
                                        for name in ("units", "both", "only_a", "only_b", "neither")))
    themes_a, themes_b = themes_per_segment(coding_a), themes_per_segment(coding_b)
    for segment in segments:
        a = sorted(themes_a.get(segment.segment_id, ()))
        b = sorted(themes_b.get(segment.segment_id, ()))
        if a != b:
            report.disagreements.append(Disagreement(
                segment.segment_id, segment.county, segment.text,
                tuple(t for t in a if t not in b), tuple(t for t in b if t not in a)))
    return report


def themes_per_segment(coding: Coding) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for sid, theme in coding:
        result.setdefault(sid, set()).add(theme)
    return result


def with_parents(coding: Coding, codebook) -> Coding:
    """The coding with every sub-theme's ancestors added (a sub-theme implies its parent)."""
    return coding | {(sid, parent) for sid, theme in coding if theme in codebook.themes
                     for parent in codebook.ancestors(theme)}
