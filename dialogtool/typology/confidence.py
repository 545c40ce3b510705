"""How far to trust each typology cell: a calibrated confidence, and whether it is sure.

A cell's confidence is how often cells of its dimension reached the same way (its `basis`:
a deciding rule, a clear or a close majority, the dimension's default, left empty) were right
when each writer's notes were classified from codes a model suggested without having seen that
writer (leave-one-writer-out over every labelled corpus; `benchmarks/generalisation.py
--typology` measures it and prints CALIBRATION). A cell is sure where that rate, counted
conservatively, reaches SURE_AT: those are the cells an investigator can leave unchecked.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import CountyProfile

#: (dimension, basis) → (cells right, cells) over leave-one-writer-out on the ten labelled
#: corpora (928 cells; with this table, 57% of cells are sure and 98.7% of those are right
#: when each writer's sureness comes from the other writers' cells only).
CALIBRATION: dict[tuple[str, str], tuple[int, int]] = {
    ("efterhandssortering", "empty"): (73, 78),
    ("efterhandssortering", "rule"): (38, 38),
    ("fordelningsgrund", "otherwise"): (87, 87),
    ("fordelningsgrund", "rule"): (29, 29),
    ("operativ_organisering", "close"): (2, 2),
    ("operativ_organisering", "most"): (101, 101),
    ("operativ_organisering", "otherwise"): (13, 13),
    ("parallella_initiativ", "close"): (5, 5),
    ("parallella_initiativ", "most"): (104, 107),
    ("parallella_initiativ", "otherwise"): (4, 4),
    ("plan_koppling", "not_applicable"): (77, 77),
    ("plan_koppling", "rule"): (38, 39),
    ("plan_status", "rule"): (115, 116),
    ("skola_i_ledning", "otherwise"): (9, 9),
    ("skola_i_ledning", "rule"): (105, 107),
    ("strategins_bredd", "close"): (2, 2),
    ("strategins_bredd", "empty"): (53, 54),
    ("strategins_bredd", "most"): (60, 60),
}
#: A cell is sure where its lower confidence bound reaches this.
SURE_AT = 0.97


def confidence_of(dimension: str, basis: str) -> float:
    """The smoothed share of cells right among those of this dimension and basis (½ unmeasured)."""
    right, cells = CALIBRATION.get((dimension, basis), (0, 0))
    return round((right + 1) / (cells + 2), 3)


def is_sure(dimension: str, basis: str) -> bool:
    """Whether cells like this one were right often enough, on enough cells, to go unchecked:
    the rate counted as if the next cell were wrong must reach SURE_AT."""
    right, cells = CALIBRATION.get((dimension, basis), (0, 0))
    return cells > 0 and right / (cells + 1) >= SURE_AT


def with_confidence(profiles: list[CountyProfile]) -> list[CountyProfile]:
    """The profiles with every cell's confidence and sureness set (an override keeps its own)."""
    result = []
    for profile in profiles:
        cells = {dimension: cell if cell.overridden else
                 replace(cell, confidence=confidence_of(dimension, cell.basis), sure=is_sure(dimension, cell.basis))
                 for dimension, cell in profile.cells.items()}
        result.append(replace(profile, cells=cells))
    return result
