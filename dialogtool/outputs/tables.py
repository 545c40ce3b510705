"""The tables of a round as pandas DataFrames: the ones written as CSV, Excel and in the report."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..cues.codebook import checked_dimension
from ..errors import TypologyError
from ..model import Code, Corpus, CountyProfile, Segment
from .report import wording

SEGMENT_COLUMNS = ["segment_id", "county", "area", "position", "text"]
NOTE_COLUMNS = ["county", "file", "date", "participants", "review_status", "segments"]
EVIDENCE_COLUMNS = ["county", "dimension", "category", "segment_id", "sentence", "source", "confidence", "sure"]
COUNT_COLUMNS = ["dimension", "category", "label", "counties"]
#: The label of the totals row and column of `crosstab_by_ids`.
TOTAL_LABEL = "Totalt"


def segments_frame(segments: list[Segment]) -> pd.DataFrame:
    return pd.DataFrame(
        [[s.segment_id, s.county, s.area, s.position, s.text] for s in segments], columns=SEGMENT_COLUMNS
    )


def notes_frame(corpus: Corpus) -> pd.DataFrame:
    counts = pd.Series([s.county for s in corpus.segments]).value_counts()
    rows = [
        [n.county, n.path.name, n.date, n.participants, n.review_status, int(counts.get(n.county, 0))]
        for n in corpus.notes
    ]
    frame = pd.DataFrame(rows, columns=NOTE_COLUMNS)
    frame["participants"] = frame["participants"].astype("Int64")
    return frame


def typology_frame(profiles: list[CountyProfile], codebook) -> pd.DataFrame:
    """typology.csv: one row per county, one column per dimension, category ids ('' = not settled)."""
    dimensions = list(codebook.dimensions)
    rows = [[p.county, *[p.category(d) or "" for d in dimensions]] for p in profiles]
    return pd.DataFrame(rows, columns=["county", *dimensions])


def typology_evidence_frame(profiles: list[CountyProfile]) -> pd.DataFrame:
    """typology_evidence.csv: why each cell is what it is, one row per evidence sentence.

    An overridden cell's sentence is the investigator's reason (source `override`); a cell the
    county model decided (`model`) quotes the sentence that weighed most for it; a cell
    without evidence (left empty) gets one row whose sentence is the classifier's reason.
    Every row of a cell carries the cell's confidence and whether it is sure (`ja`/`nej`).
    """
    rows = []
    for profile in profiles:
        for dimension, cell in profile.cells.items():
            source = "override" if cell.overridden else "model" if cell.basis == "learned" else "rule"
            category = cell.category or ""
            trust = [cell.confidence, "ja" if cell.sure else "nej"]
            if not cell.evidence:
                rows.append([profile.county, dimension, category, "", cell.reason, source, *trust])
            for evidence in cell.evidence:
                rows.append([profile.county, dimension, category, evidence.segment_id, evidence.sentence, source, *trust])
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def counts_frame(profiles: list[CountyProfile], codebook) -> pd.DataFrame:
    """counts.csv: the number of counties in every category, zeros included, in report order."""
    rows = []
    for dimension_id, dimension in codebook.dimensions.items():
        counts = Counter(p.category(dimension_id) for p in profiles)
        for category_id, category in dimension.categories.items():
            rows.append([dimension_id, category_id, category.label, counts[category_id]])
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def category_counts(profiles: list[CountyProfile], codebook, dimension_id: str, first=()) -> pd.Series:
    """Counties per category of one dimension, indexed by the Swedish label, in report order.

    `first`: category ids to put first, in that order (a diagram that follows a table's rows).
    """
    dimension = checked_dimension(codebook, dimension_id)
    counts = Counter(p.category(dimension_id) for p in profiles)
    categories = labels_first(dimension.categories.values(), dict.fromkeys(first))
    return pd.Series({c.label: counts[c.id] for c in categories}, name=dimension.label)


def crosstab_frame(profiles: list[CountyProfile], crosstab, codebook) -> pd.DataFrame:
    """A configured crosstab (the report's Tabell 1 is `plan_x_fordelning`) as counts of counties.

    Rows and columns carry the Swedish labels of the crosstab's groups (or of the categories
    where it has none); the headers over them are the crosstab's `row_title`/`column_title`
    (the report's "Stimulansmedel" / "Länsgemensam handlingsplan utifrån strategin"), else the
    dimensions' labels. Counties empty on either dimension are left out; their ids are in
    `frame.attrs["excluded"]` and a Swedish sentence saying so in `frame.attrs["note"]`.
    """
    rows = crosstab_axis(codebook, crosstab.rows, crosstab.row_groups, crosstab.row_labels, crosstab.id)
    columns = crosstab_axis(codebook, crosstab.columns, crosstab.column_groups, None, crosstab.id)
    frame = crosstab_counts(profiles, crosstab.rows, rows, crosstab.columns, columns)
    frame.index.name = crosstab.row_title or checked_dimension(codebook, crosstab.rows).label
    frame.columns.name = crosstab.column_title or checked_dimension(codebook, crosstab.columns).label
    frame.attrs["title"] = crosstab.title
    return frame


def crosstab_by_ids(profiles: list[CountyProfile], row_dimension: str, column_dimension: str, codebook) -> pd.DataFrame:
    """Any two dimensions cross-tabulated, one row/column per category (Swedish labels), with totals."""
    rows = crosstab_axis(codebook, row_dimension, None, None, None)
    columns = crosstab_axis(codebook, column_dimension, None, None, None)
    frame = crosstab_counts(profiles, row_dimension, rows, column_dimension, columns)
    frame[TOTAL_LABEL] = frame.sum(axis=1)
    frame.loc[TOTAL_LABEL] = frame.sum(axis=0)
    frame.index.name = checked_dimension(codebook, row_dimension).label
    frame.columns.name = checked_dimension(codebook, column_dimension).label
    return frame


def crosstab_axis(codebook, dimension_id: str, groups: dict | None, labels: dict | None, crosstab_id: str | None) -> dict[str, list[str]]:
    """{Swedish label: [category ids]} for one side of a crosstab, checked against the codebook."""
    dimension = checked_dimension(codebook, dimension_id)
    if groups is None:
        labels = labels or {}
        return {labels.get(c.id, c.label): [c.id] for c in labels_first(dimension.categories.values(), labels)}
    for label, ids in groups.items():
        unknown = [i for i in ids if i not in dimension.categories]
        if unknown:
            raise TypologyError(
                f"themes.yaml korstabell '{crosstab_id}': gruppen '{label}' anger okända kategorier i {dimension_id}: "
                f"{', '.join(unknown)}; använd {', '.join(dimension.categories)}."
            )
    return dict(groups)


def labels_first(categories, labels: dict) -> list:
    """Categories in the order of a crosstab's row_labels (the report's row order), then the rest."""
    ordered = [c for i in labels for c in categories if c.id == i]
    return ordered + [c for c in categories if c.id not in labels]


def crosstab_counts(profiles: list[CountyProfile], row_dimension: str, rows: dict[str, list[str]],
                    column_dimension: str, columns: dict[str, list[str]]) -> pd.DataFrame:
    """Counties per (row group, column group); the ones empty on either dimension noted, not counted."""
    row_of = {c: label for label, ids in rows.items() for c in ids}
    column_of = {c: label for label, ids in columns.items() for c in ids}
    excluded = []
    counts: Counter[tuple[str, str]] = Counter()
    for profile in profiles:
        row, column = row_of.get(profile.category(row_dimension)), column_of.get(profile.category(column_dimension))
        if row is None or column is None:
            excluded.append(profile.county)
        else:
            counts[row, column] += 1
    frame = pd.DataFrame([[counts[row, column] for column in columns] for row in rows], index=list(rows),
                         columns=list(columns), dtype=int)
    frame.attrs["excluded"] = excluded
    frame.attrs["note"] = excluded_note(excluded)
    return frame


def excluded_note(excluded: list[str], where: str = " på någon av dimensionerna") -> str:
    """The Swedish note under a table or diagram naming the counties it leaves out ('' when none)."""
    if not excluded:
        return ""
    return f"{wording.count_first(len(excluded))} län som saknar kategori{where} ingår inte: {', '.join(excluded)}."


def theme_matrix_frame(codes: list[Code], counties: list[str], codebook) -> pd.DataFrame:
    """The framework matrix: coded segments per county (rows) and theme (every theme a column).

    A sub-theme implies its parent, so a parent counts the segments coded with it or any of
    its sub-themes, each segment once.
    """
    lineage = {theme: {theme, *codebook.ancestors(theme)} for theme in codebook.themes}
    segments: dict[tuple[str, str], set[str]] = {}
    for code in codes:
        for theme in lineage.get(code.theme, ()):
            segments.setdefault((code.county, theme), set()).add(code.segment_id)
    rows = [[county, *[len(segments.get((county, t), ())) for t in codebook.themes]] for county in counties]
    return pd.DataFrame(rows, columns=["county", *codebook.themes])


CODING_COLUMNS = ["segment_id", "county", "theme", "source", "evidence", "coder", "confidence"]


def codings_frame(codes: list[Code]) -> pd.DataFrame:
    """The effective coding, one row per (segment, theme), with where each code came from and
    how likely it is right (1 for what a person decided)."""
    return pd.DataFrame(
        [[c.segment_id, c.county, c.theme, c.source, c.evidence, c.coder, c.confidence] for c in codes],
        columns=CODING_COLUMNS,
    )
