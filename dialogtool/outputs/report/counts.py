"""The round's typology counted for the draft: counties per category, and among other categories.

Counting takes the spec's declarations (`spec.Categories`), never bare ids, so every number
the draft writes is for a category `spec.check_codebook` has found in themes.yaml.
Overridden classifications count as they are: they are already applied in the profiles.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...errors import TypologyError
from ...model import CountyProfile
from .spec import Categories


@dataclass(frozen=True)
class Counts:
    """The round's typology counted: counties per (dimension, category), with the categories' labels."""

    by_category: dict[tuple[str, str], int]
    labels: dict[tuple[str, str], str]
    total: int
    profiles: tuple[CountyProfile, ...]

    def __call__(self, categories: Categories) -> int:
        """Counties in any of the declared categories."""
        return sum(self.by_category.get((categories.dimension, c), 0) for c in categories.ids)

    def among(self, categories: Categories, where: Categories) -> int:
        """Counties in `categories` among those in `where` (another dimension's categories)."""
        return sum(1 for p in self.profiles
                   if p.category(categories.dimension) in categories.ids and p.category(where.dimension) in where.ids)

    def unsettled(self, dimension: str) -> list[str]:
        """The counties the notes do not place on `dimension` (empty cells)."""
        return [p.county for p in self.profiles if not p.category(dimension)]

    def label(self, categories: Categories) -> str:
        """The codebook's label of the (first) declared category."""
        return self.labels.get((categories.dimension, categories.ids[0]), categories.ids[0])


def round_counts(analysis) -> Counts:
    """The counts of `analysis`'s profiles, every category of the codebook present (zeros included)."""
    tally = Counter((d, p.category(d)) for p in analysis.profiles for d in analysis.codebook.dimensions)
    by_category, labels = {}, {}
    for dimension_id, dimension in analysis.codebook.dimensions.items():
        for category_id, category in dimension.categories.items():
            by_category[(dimension_id, category_id)] = tally[(dimension_id, category_id)]
            labels[(dimension_id, category_id)] = category.label
    return Counts(by_category, labels, len(analysis.profiles), tuple(analysis.profiles))


def counties_with(analysis, themes: tuple[str, ...]) -> int:
    """Counties with a segment coded with any of `themes` or their sub-themes (a sub-theme implies its parent)."""
    codebook = analysis.codebook
    wanted = {t for t in codebook.themes if {t, *codebook.ancestors(t)} & set(themes)}  # each theme asked once
    return len({c.county for c in analysis.codes if c.theme in wanted})


def round_year(analysis) -> str:
    """The round's year: the commonest year of the notes' dates ('' when none has a date)."""
    years = Counter((note.date or "")[:4] for note in analysis.corpus.notes if (note.date or "")[:4].isdigit())
    return years.most_common(1)[0][0] if years else ""


def checked_analysis(analysis):
    """The analysis, if it has the codebook that counts, tables and quotes need."""
    if analysis.codebook is None:
        raise TypologyError(f"omgången i {analysis.notes_dir} har ingen kodbok (themes.yaml), så dess typologi "
                            "kan inte räknas; bygg den med pipeline.build, som läser themes.yaml.")
    return analysis
