"""Two rounds side by side: what moved county by county, per dimension and per theme.

The report compares the year with the one before ("skolan endast deltog … i ett fåtal län"
last year, "minst 12 län" now); this makes every such comparison from the two rounds' notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..files import write_frame
from .report.counts import checked_analysis, round_year
from .tables import counts_frame, theme_matrix_frame, typology_frame

TYPOLOGY_COLUMNS = ["dimension", "county", "before", "after", "changed"]
TOTAL_COLUMNS = ["dimension", "category", "label", "before", "after", "difference"]
ROUND_COLUMNS = ["round", "notes", "participants"]
THEME_COLUMNS = ["theme", "label", "counties_before", "counties_after", "counties_difference",
                 "segments_before", "segments_after", "segments_difference"]


@dataclass
class Comparison:
    """Round `before` against round `after`: per county and dimension, per category, per theme."""

    typology: pd.DataFrame
    totals: pd.DataFrame
    themes: pd.DataFrame
    #: Per round (before, after): its name (the year), notes and participants.
    rounds: pd.DataFrame | None = None
    #: Dimension id → Swedish label, for reading the tables.
    dimension_labels: dict[str, str] = field(default_factory=dict)

    def changes(self) -> pd.DataFrame:
        """The county-by-dimension rows whose category changed."""
        return self.typology[self.typology["changed"]]


def compare_rounds(before, after) -> Comparison:
    """Compare two built rounds on the dimensions and themes of `after`'s codebook."""
    codebook = checked_analysis(after).codebook
    checked_analysis(before)
    rounds = pd.DataFrame([[round_name(r), len(r.corpus.notes), sum(n.participants or 0 for n in r.corpus.notes)]
                           for r in (before, after)], columns=ROUND_COLUMNS, index=["before", "after"])
    return Comparison(typology_changes(before, after, codebook), category_totals(before, after, codebook),
                      theme_totals(before, after, codebook), rounds,
                      {d: dimension.label for d, dimension in codebook.dimensions.items()})


def round_name(analysis) -> str:
    """The round's year, or its directory's name where the notes carry no date."""
    return round_year(analysis) or Path(analysis.notes_dir).name


def comparison_text(comparison: Comparison) -> str:
    """The comparison as a person reads it in a terminal: the rounds, each dimension's table, the themes."""
    old, new = comparison.rounds["round"] if comparison.rounds is not None else ("före", "efter")
    lines = []
    if comparison.rounds is not None:
        lines.append("Omgångar: " + " → ".join(f"{r.round} ({r.notes} anteckningar, {r.participants} deltagare)"
                                             for r in comparison.rounds.itertuples()))
    changes = comparison.changes()
    for dimension, rows in comparison.totals.groupby("dimension", sort=False):
        table = rows.set_index("label")[["before", "after", "difference"]]
        table = table[(table["before"] > 0) | (table["after"] > 0)]
        table.columns = [old, new, "förändring"]
        table["förändring"] = table["förändring"].map(lambda n: f"{n:+d}")
        table.index.name = None
        moved = changes[changes["dimension"] == dimension]
        lines += ["", f"{comparison.dimension_labels.get(dimension, dimension)} ({dimension})",
                  table.to_string(), f"{len(moved)} av {len(comparison.typology['county'].unique())} län har ändrats"
                  + (": " + ", ".join(f"{r.county} {r.before or '–'} → {r.after or '–'}" for r in moved.itertuples())
                     if len(moved) else ".")]
    themes = comparison.themes.set_index("label")[["counties_before", "counties_after", "segments_before",
                                                   "segments_after"]]
    themes.columns = [f"län {old}", f"län {new}", f"textavsnitt {old}", f"textavsnitt {new}"]
    themes.index.name = None
    lines += ["", "Teman: län med ett kodat textavsnitt, och kodade textavsnitt", themes.to_string()]
    return "\n".join(lines)


def typology_changes(before, after, codebook) -> pd.DataFrame:
    """One row per dimension and county (in either round): its category before and after ('' = none)."""
    old = typology_frame(before.profiles, codebook).set_index("county")
    new = typology_frame(after.profiles, codebook).set_index("county")
    counties = sorted(set(old.index) | set(new.index))
    rows = []
    for dimension in codebook.dimensions:
        for county in counties:
            was = old[dimension].get(county, "") if county in old.index else ""
            now = new[dimension].get(county, "") if county in new.index else ""
            rows.append([dimension, county, was, now, was != now])
    return pd.DataFrame(rows, columns=TYPOLOGY_COLUMNS)


def category_totals(before, after, codebook) -> pd.DataFrame:
    """Counties per category in each round and the difference, with a row for counties without one."""
    old, new = counts_frame(before.profiles, codebook), counts_frame(after.profiles, codebook)
    frame = old.rename(columns={"counties": "before"})
    frame["after"] = new["counties"].to_numpy()
    rows = [frame]
    for dimension in codebook.dimensions:
        unsettled = [sum(1 for p in r.profiles if not p.category(dimension)) for r in (before, after)]
        rows.append(pd.DataFrame([[dimension, "", "Ej klassificerat", *unsettled]],
                                 columns=["dimension", "category", "label", "before", "after"]))
    frame = pd.concat(rows, ignore_index=True)
    order = {d: i for i, d in enumerate(codebook.dimensions)}
    frame = frame.sort_values("dimension", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    frame["difference"] = frame["after"] - frame["before"]
    return frame[TOTAL_COLUMNS]


def theme_totals(before, after, codebook) -> pd.DataFrame:
    """Per theme: counties with a coded segment, and coded segments, in each round."""
    def matrix(analysis) -> pd.DataFrame:
        counties = [note.county for note in analysis.corpus.notes]
        return theme_matrix_frame(analysis.codes, counties, codebook).set_index("county")

    old, new = matrix(before), matrix(after)
    rows = []
    for theme_id, theme in codebook.themes.items():
        counties = [int((m[theme_id] > 0).sum()) for m in (old, new)]
        segments = [int(m[theme_id].sum()) for m in (old, new)]
        rows.append([theme_id, theme.label, counties[0], counties[1], counties[1] - counties[0],
                     segments[0], segments[1], segments[1] - segments[0]])
    return pd.DataFrame(rows, columns=THEME_COLUMNS)


def write_comparison(comparison: Comparison, out_dir: Path) -> dict[str, Path]:
    """compare_typology.csv, compare_totals.csv and compare_themes.csv in `out_dir`."""
    out_dir = Path(out_dir)
    return {name: write_frame(frame, out_dir / name)
            for name, frame in (("compare_typology.csv", comparison.typology), ("compare_totals.csv", comparison.totals),
                                ("compare_themes.csv", comparison.themes))}
