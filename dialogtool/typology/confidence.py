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

#: (dimension, basis) → (cells right, cells) over leave-one-writer-out on the 29 labelled
#: rounds and corpora (2,144 cells; `benchmarks/generalisation.py --typology`). The rules were read on
#: these corpora, so the rates are optimistic: first contact with new writers is the honest
#: figure (README).
CALIBRATION: dict[tuple[str, str], tuple[int, int]] = {
    ('efterhandssortering', 'contested'): (12, 13),
    ('efterhandssortering', 'empty'): (164, 166),
    ('efterhandssortering', 'learned'): (1, 4),
    ('efterhandssortering', 'rule'): (13, 13),
    ('efterhandssortering', 'single'): (71, 72),
    ('fordelningsgrund', 'otherwise'): (182, 182),
    ('fordelningsgrund', 'rule'): (35, 35),
    ('fordelningsgrund', 'single'): (51, 51),
    ('operativ_organisering', 'close'): (8, 11),
    ('operativ_organisering', 'empty'): (0, 1),
    ('operativ_organisering', 'learned'): (2, 2),
    ('operativ_organisering', 'most'): (159, 159),
    ('operativ_organisering', 'otherwise'): (48, 48),
    ('operativ_organisering', 'single'): (47, 47),
    ('parallella_initiativ', 'close'): (11, 11),
    ('parallella_initiativ', 'learned'): (5, 6),
    ('parallella_initiativ', 'most'): (185, 189),
    ('parallella_initiativ', 'otherwise'): (12, 12),
    ('parallella_initiativ', 'single'): (43, 50),
    ('plan_koppling', 'contested'): (34, 37),
    ('plan_koppling', 'empty'): (1, 1),
    ('plan_koppling', 'learned'): (1, 1),
    ('plan_koppling', 'not_applicable'): (171, 172),
    ('plan_koppling', 'rule'): (26, 26),
    ('plan_koppling', 'single'): (31, 31),
    ('plan_status', 'contested'): (123, 126),
    ('plan_status', 'learned'): (2, 2),
    ('plan_status', 'rule'): (77, 77),
    ('plan_status', 'single'): (63, 63),
    ('skola_i_ledning', 'contested'): (79, 81),
    ('skola_i_ledning', 'learned'): (4, 4),
    ('skola_i_ledning', 'otherwise'): (12, 13),
    ('skola_i_ledning', 'rule'): (69, 69),
    ('skola_i_ledning', 'single'): (101, 101),
    ('strategins_bredd', 'close'): (2, 3),
    ('strategins_bredd', 'empty'): (107, 109),
    ('strategins_bredd', 'most'): (74, 74),
    ('strategins_bredd', 'single'): (82, 82),
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
    """The profiles with every cell's confidence and sureness set (an override keeps its own; a
    cell the county model disputes is never sure)."""
    result = []
    for profile in profiles:
        cells = {dimension: cell if cell.overridden else
                 replace(cell, confidence=min(confidence_of(dimension, cell.basis), NEVER_SURE_CAP) if cell.disputed
                         else confidence_of(dimension, cell.basis),
                         sure=is_sure(dimension, cell.basis) and not cell.disputed)
                 for dimension, cell in profile.cells.items()}
        result.append(replace(profile, cells=cells))
    return result
