"""How far to trust each typology cell: a calibrated confidence, and whether it is sure.

A cell's confidence is how often cells of its dimension reached the same way (its `basis`:
a deciding rule — on one sentence or several, or contested by another category's rule — a
clear or a close majority, the dimension's default, left empty) were right
when each writer's notes were classified from codes a model suggested without having seen that
writer (leave-one-writer-out over every labelled corpus; `benchmarks/generalisation.py
--typology` measures it and prints CALIBRATION). A cell is sure where that rate, counted
conservatively, reaches SURE_AT: those are the cells an investigator can leave unchecked.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import CountyProfile

#: (dimension, basis) → (cells right, cells) over leave-one-writer-out on the 27 labelled
#: rounds and corpora (2,016 cells; `benchmarks/generalisation.py --typology`). The rules were read on
#: these corpora, so the rates are optimistic: first contact with new writers is the honest
#: figure (README).
CALIBRATION: dict[tuple[str, str], tuple[int, int]] = {
    ('efterhandssortering', 'contested'): (11, 12),
    ('efterhandssortering', 'empty'): (155, 157),
    ('efterhandssortering', 'learned'): (1, 2),
    ('efterhandssortering', 'rule'): (12, 12),
    ('efterhandssortering', 'single'): (68, 69),
    ('fordelningsgrund', 'otherwise'): (172, 172),
    ('fordelningsgrund', 'rule'): (33, 33),
    ('fordelningsgrund', 'single'): (47, 47),
    ('operativ_organisering', 'close'): (8, 9),
    ('operativ_organisering', 'empty'): (0, 1),
    ('operativ_organisering', 'learned'): (1, 1),
    ('operativ_organisering', 'most'): (150, 150),
    ('operativ_organisering', 'otherwise'): (44, 44),
    ('operativ_organisering', 'single'): (47, 47),
    ('parallella_initiativ', 'close'): (10, 11),
    ('parallella_initiativ', 'learned'): (2, 3),
    ('parallella_initiativ', 'most'): (177, 180),
    ('parallella_initiativ', 'otherwise'): (11, 11),
    ('parallella_initiativ', 'single'): (38, 47),
    ('plan_koppling', 'contested'): (32, 34),
    ('plan_koppling', 'not_applicable'): (162, 163),
    ('plan_koppling', 'rule'): (24, 24),
    ('plan_koppling', 'single'): (31, 31),
    ('plan_status', 'contested'): (117, 120),
    ('plan_status', 'learned'): (1, 1),
    ('plan_status', 'rule'): (72, 72),
    ('plan_status', 'single'): (59, 59),
    ('skola_i_ledning', 'contested'): (70, 70),
    ('skola_i_ledning', 'learned'): (4, 4),
    ('skola_i_ledning', 'otherwise'): (17, 18),
    ('skola_i_ledning', 'rule'): (66, 66),
    ('skola_i_ledning', 'single'): (94, 94),
    ('strategins_bredd', 'close'): (2, 3),
    ('strategins_bredd', 'empty'): (101, 103),
    ('strategins_bredd', 'most'): (71, 71),
    ('strategins_bredd', 'single'): (75, 75),
}
#: Cells reached where the notes speak both ways — another category's rule matched too
#: (`contested`), or the votes were within a sentence of each other (`close`) — are never
#: sure, however often such cells were right: at first contact with new writers they were
#: where the rules went wrong (8 of the 26 wrong cells on three new writers' 192 cells were
#: contested), and the investigator is the one to weigh the two readings. Nor is a cell the
#: county model (`learned`) decided against a weak rule: the two disagreed. Their confidence is
#: capped at NEVER_SURE_CAP so that a cell shown as unsure never reads as 97 % right.
NEVER_SURE = frozenset({"contested", "close", "learned"})
NEVER_SURE_CAP = 0.8
#: A cell is sure where its lower confidence bound reaches this.
SURE_AT = 0.97


def confidence_of(dimension: str, basis: str) -> float:
    """The smoothed share of cells right among those of this dimension and basis (½ unmeasured)."""
    right, cells = CALIBRATION.get((dimension, basis), (0, 0))
    rate = (right + 1) / (cells + 2)
    return round(min(rate, NEVER_SURE_CAP) if basis in NEVER_SURE else rate, 3)


def is_sure(dimension: str, basis: str) -> bool:
    """Whether cells like this one were right often enough, on enough cells, to go unchecked:
    the rate counted as if the next cell were wrong must reach SURE_AT."""
    right, cells = CALIBRATION.get((dimension, basis), (0, 0))
    return basis not in NEVER_SURE and cells > 0 and right / (cells + 1) >= SURE_AT


def with_confidence(profiles: list[CountyProfile]) -> list[CountyProfile]:
    """The profiles with every cell's confidence and sureness set (an override keeps its own)."""
    result = []
    for profile in profiles:
        cells = {dimension: cell if cell.overridden else
                 replace(cell, confidence=confidence_of(dimension, cell.basis), sure=is_sure(dimension, cell.basis))
                 for dimension, cell in profile.cells.items()}
        result.append(replace(profile, cells=cells))
    return result
