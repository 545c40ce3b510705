"""The tables of a round as pandas DataFrames: the ones written as CSV, Excel and in the report."""

from __future__ import annotations

import pandas as pd

from .corpus import Corpus
from .model import Segment

SEGMENT_COLUMNS = ["segment_id", "county", "area", "position", "text"]
NOTE_COLUMNS = ["county", "file", "date", "participants", "review_status", "segments"]


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
