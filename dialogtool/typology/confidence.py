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

#: (dimension, basis) → (cells right, cells) over leave-one-writer-out on the 31 labelled
#: rounds and corpora (2,272 cells; `benchmarks/generalisation.py --typology`). The rules were read on
#: these corpora, so the rates are optimistic: first contact with new writers is the honest
#: figure (README).
CALIBRATION: dict[tuple[str, str], tuple[int, int]] = {
    ('efterhandssortering', 'contested'): (12, 13),
    ('efterhandssortering', 'empty'): (173, 176),
    ('efterhandssortering', 'rule'): (16, 16),
    ('efterhandssortering', 'single'): (77, 79),
    ('fordelningsgrund', 'learned'): (0, 1),
    ('fordelningsgrund', 'otherwise'): (191, 192),
    ('fordelningsgrund', 'rule'): (36, 36),
    ('fordelningsgrund', 'single'): (55, 55),
    ('operativ_organisering', 'close'): (9, 12),
    ('operativ_organisering', 'empty'): (0, 2),
    ('operativ_organisering', 'learned'): (1, 1),
    ('operativ_organisering', 'most'): (167, 167),
    ('operativ_organisering', 'otherwise'): (51, 51),
    ('operativ_organisering', 'single'): (51, 51),
    ('parallella_initiativ', 'close'): (12, 13),
    ('parallella_initiativ', 'learned'): (7, 8),
    ('parallella_initiativ', 'most'): (191, 196),
    ('parallella_initiativ', 'otherwise'): (12, 12),
    ('parallella_initiativ', 'single'): (48, 55),
    ('plan_koppling', 'contested'): (36, 39),
    ('plan_koppling', 'empty'): (1, 1),
    ('plan_koppling', 'learned'): (1, 1),
    ('plan_koppling', 'not_applicable'): (181, 182),
    ('plan_koppling', 'rule'): (28, 28),
    ('plan_koppling', 'single'): (33, 33),
    ('plan_status', 'contested'): (132, 135),
    ('plan_status', 'learned'): (3, 3),
    ('plan_status', 'rule'): (81, 81),
    ('plan_status', 'single'): (65, 65),
    ('skola_i_ledning', 'contested'): (84, 86),
    ('skola_i_ledning', 'learned'): (6, 6),
    ('skola_i_ledning', 'otherwise'): (14, 15),
    ('skola_i_ledning', 'rule'): (70, 70),
    ('skola_i_ledning', 'single'): (106, 107),
    ('strategins_bredd', 'close'): (2, 3),
    ('strategins_bredd', 'empty'): (112, 114),
    ('strategins_bredd', 'most'): (78, 78),
    ('strategins_bredd', 'single'): (87, 89),
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


def confidence_of(dimension: str, basis: str, disputed: bool = False) -> float:
    """The smoothed share of cells right among those of this dimension and basis (½ unmeasured),
    capped for a cell that is never sure."""
    right, cells = CALIBRATION.get((dimension, basis), (0, 0))
    rate = (right + 1) / (cells + 2)
    return round(min(rate, NEVER_SURE_CAP) if basis in NEVER_SURE or disputed else rate, 3)


def is_sure(dimension: str, basis: str) -> bool:
    """Whether cells like this one were right often enough, on enough cells, to go unchecked:
    the rate counted as if the next cell were wrong must reach SURE_AT."""
    right, cells = CALIBRATION.get((dimension, basis), (0, 0))
    return basis not in NEVER_SURE and cells > 0 and right / (cells + 1) >= SURE_AT


def with_confidence(profiles: list[CountyProfile]) -> list[CountyProfile]:
    """The profiles with every cell's confidence and sureness set (an override keeps its own; a
    cell the county model disputes is never sure)."""
    result = []
    for profile in profiles:
        cells = {dimension: cell if cell.overridden else
                 replace(cell, confidence=confidence_of(dimension, cell.basis, cell.disputed),
                         sure=is_sure(dimension, cell.basis) and not cell.disputed)
                 for dimension, cell in profile.cells.items()}
        result.append(replace(profile, cells=cells))
    return result
