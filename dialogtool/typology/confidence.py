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

#: (dimension, basis) → (cells right, cells) over leave-one-writer-out on the seventeen labelled
#: rounds and corpora (1,376 cells; `benchmarks/generalisation.py --typology`). The rules were read on
#: these corpora, so the rates are optimistic: first contact with new writers is the honest
#: figure (README).
CALIBRATION: dict[tuple[str, str], tuple[int, int]] = {
    ('efterhandssortering', 'contested'): (3, 5),
    ('efterhandssortering', 'empty'): (105, 107),
    ('efterhandssortering', 'rule'): (8, 8),
    ('efterhandssortering', 'single'): (50, 52),
    ('fordelningsgrund', 'otherwise'): (122, 122),
    ('fordelningsgrund', 'rule'): (18, 18),
    ('fordelningsgrund', 'single'): (32, 32),
    ('operativ_organisering', 'close'): (5, 6),
    ('operativ_organisering', 'empty'): (0, 1),
    ('operativ_organisering', 'most'): (105, 105),
    ('operativ_organisering', 'otherwise'): (26, 27),
    ('operativ_organisering', 'single'): (33, 33),
    ('parallella_initiativ', 'close'): (5, 6),
    ('parallella_initiativ', 'most'): (124, 127),
    ('parallella_initiativ', 'otherwise'): (6, 6),
    ('parallella_initiativ', 'single'): (27, 33),
    ('plan_koppling', 'contested'): (21, 22),
    ('plan_koppling', 'not_applicable'): (111, 111),
    ('plan_koppling', 'rule'): (13, 13),
    ('plan_koppling', 'single'): (25, 26),
    ('plan_status', 'contested'): (88, 90),
    ('plan_status', 'rule'): (41, 41),
    ('plan_status', 'single'): (41, 41),
    ('skola_i_ledning', 'contested'): (49, 51),
    ('skola_i_ledning', 'otherwise'): (12, 12),
    ('skola_i_ledning', 'rule'): (43, 43),
    ('skola_i_ledning', 'single'): (66, 66),
    ('strategins_bredd', 'close'): (3, 3),
    ('strategins_bredd', 'empty'): (73, 74),
    ('strategins_bredd', 'most'): (50, 50),
    ('strategins_bredd', 'single'): (45, 45),
}
#: Cells reached where the notes speak both ways — another category's rule matched too
#: (`contested`), or the votes were within a sentence of each other (`close`) — are never
#: sure, however often such cells were right: at first contact with new writers they were
#: where the rules went wrong (8 of the 26 wrong cells on three new writers' 192 cells were
#: contested), and the investigator is the one to weigh the two readings. Their confidence is
#: capped at NEVER_SURE_CAP so that a cell shown as unsure never reads as 97 % right.
NEVER_SURE = frozenset({"contested", "close"})
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
