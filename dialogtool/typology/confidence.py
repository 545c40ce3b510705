"""How far to trust each typology cell: a calibrated confidence, and whether it is sure.

A cell's confidence is how often cells of its dimension reached the same way (its `basis`:
a deciding rule — on one sentence or several, or contested by another category's rule — a
clear or a close majority, the dimension's default, left empty) were right
when each writer's notes were classified from codes a model suggested without having seen that
writer (leave-one-writer-out over every labelled corpus; `benchmarks/generalisation.py
--typology` measures it and prints CALIBRATION), counted apart where the county model agreed
with the cell and where it did not (typology/learned.py AGREE_AT): cells of one kind that the
model reads otherwise are the ones that go wrong, so one writer's misses no longer make a whole
way of deciding unsure. A cell is sure where that rate, counted conservatively, reaches
SURE_AT: those are the cells an investigator can leave unchecked.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import CountyProfile

#: (dimension, basis, whether the county model agreed) → (cells right, cells) over
#: leave-one-writer-out on the 33 labelled rounds and corpora (2,400 cells; `benchmarks/
#: generalisation.py --typology`); agreed is None where no model read the cell. The rules were
#: read on these corpora, so the rates are optimistic: first contact with new writers is the
#: honest figure (README).
CALIBRATION: dict[tuple[str, str, bool | None], tuple[int, int]] = {
    ('efterhandssortering', 'contested', True): (15, 16),
    ('efterhandssortering', 'empty', False): (0, 3),
    ('efterhandssortering', 'empty', True): (182, 183),
    ('efterhandssortering', 'rule', False): (2, 2),
    ('efterhandssortering', 'rule', True): (14, 14),
    ('efterhandssortering', 'single', False): (14, 16),
    ('efterhandssortering', 'single', True): (66, 66),
    ('fordelningsgrund', 'learned', True): (1, 2),
    ('fordelningsgrund', 'otherwise', False): (0, 1),
    ('fordelningsgrund', 'otherwise', True): (201, 202),
    ('fordelningsgrund', 'rule', False): (1, 1),
    ('fordelningsgrund', 'rule', True): (36, 36),
    ('fordelningsgrund', 'single', False): (1, 1),
    ('fordelningsgrund', 'single', True): (57, 57),
    ('operativ_organisering', 'close', False): (0, 3),
    ('operativ_organisering', 'close', True): (10, 10),
    ('operativ_organisering', 'empty', None): (0, 2),
    ('operativ_organisering', 'learned', True): (1, 1),
    ('operativ_organisering', 'most', True): (177, 177),
    ('operativ_organisering', 'otherwise', False): (5, 5),
    ('operativ_organisering', 'otherwise', True): (50, 50),
    ('operativ_organisering', 'single', False): (1, 1),
    ('operativ_organisering', 'single', True): (51, 51),
    ('parallella_initiativ', 'close', False): (2, 3),
    ('parallella_initiativ', 'close', True): (11, 11),
    ('parallella_initiativ', 'learned', True): (7, 7),
    ('parallella_initiativ', 'most', False): (0, 5),
    ('parallella_initiativ', 'most', True): (200, 202),
    ('parallella_initiativ', 'otherwise', False): (2, 2),
    ('parallella_initiativ', 'otherwise', True): (12, 12),
    ('parallella_initiativ', 'single', False): (1, 7),
    ('parallella_initiativ', 'single', True): (49, 51),
    ('plan_koppling', 'contested', False): (1, 4),
    ('plan_koppling', 'contested', True): (37, 37),
    ('plan_koppling', 'empty', False): (1, 1),
    ('plan_koppling', 'learned', True): (1, 1),
    ('plan_koppling', 'not_applicable', None): (191, 192),
    ('plan_koppling', 'rule', False): (1, 1),
    ('plan_koppling', 'rule', True): (28, 28),
    ('plan_koppling', 'single', True): (36, 36),
    ('plan_status', 'contested', False): (2, 5),
    ('plan_status', 'contested', True): (137, 137),
    ('plan_status', 'learned', True): (3, 3),
    ('plan_status', 'rule', True): (89, 89),
    ('plan_status', 'single', True): (66, 66),
    ('skola_i_ledning', 'contested', False): (4, 6),
    ('skola_i_ledning', 'contested', True): (85, 86),
    ('skola_i_ledning', 'learned', True): (7, 7),
    ('skola_i_ledning', 'otherwise', False): (1, 2),
    ('skola_i_ledning', 'otherwise', True): (13, 13),
    ('skola_i_ledning', 'rule', True): (74, 74),
    ('skola_i_ledning', 'single', False): (2, 3),
    ('skola_i_ledning', 'single', True): (109, 109),
    ('strategins_bredd', 'close', False): (1, 2),
    ('strategins_bredd', 'close', True): (1, 1),
    ('strategins_bredd', 'empty', False): (23, 25),
    ('strategins_bredd', 'empty', True): (95, 95),
    ('strategins_bredd', 'most', False): (11, 11),
    ('strategins_bredd', 'most', True): (69, 69),
    ('strategins_bredd', 'single', False): (17, 19),
    ('strategins_bredd', 'single', True): (78, 78),
}
#: Cells reached by a close vote (`close`: within a sentence of each other) are never sure,
#: however often such cells were right: the investigator is the one to weigh the two readings.
#: Nor is a cell the county model (`learned`) decided against a weak rule: the two disagreed.
#: A cell where another category's rule matched too (`contested`) is sure only where the
#: county model agreed with the rule that decided and such cells were right often enough (at
#: first contact before the model's agreement was counted, 8 of the 26 wrong cells on three
#: new writers' 192 cells were contested; counted apart, leave one writer out the contested
#: cells the model agreed with were right 274 of 276 times, and at first contact on AK and AL
#: 13 of 13). Never-sure cells' confidence is capped at NEVER_SURE_CAP so that a cell shown as
#: unsure never reads as 97 % right.
NEVER_SURE = frozenset({"close", "learned"})
NEVER_SURE_CAP = 0.8
#: A cell is sure where its lower confidence bound reaches this.
SURE_AT = 0.97


def calibrated(dimension: str, basis: str, agreed: bool | None) -> tuple[int, int]:
    """(cells right, cells) of this dimension and basis where the county model agreed or not;
    a cell no model read (a round classified by the rules alone) counts with all of its kind."""
    if agreed is not None or (dimension, basis, None) in CALIBRATION:
        return CALIBRATION.get((dimension, basis, agreed), (0, 0))
    counts = [value for (d, b, _), value in CALIBRATION.items() if (d, b) == (dimension, basis)]
    return sum(right for right, _ in counts), sum(cells for _, cells in counts)


def confidence_of(dimension: str, basis: str, disputed: bool = False, agreed: bool | None = None) -> float:
    """The smoothed share of cells right among those of this dimension and basis where the model
    agreed or not (½ unmeasured), capped for a cell that is never sure."""
    right, cells = calibrated(dimension, basis, agreed)
    rate = (right + 1) / (cells + 2)
    return round(min(rate, NEVER_SURE_CAP) if basis in NEVER_SURE or disputed else rate, 3)


def is_sure(dimension: str, basis: str, agreed: bool | None = None, disputed: bool = False) -> bool:
    """Whether cells like this one were right often enough, on enough cells, to go unchecked:
    the rate counted as if the next cell were wrong must reach SURE_AT (never for a cell the
    county model disputes)."""
    right, cells = calibrated(dimension, basis, agreed)
    return basis not in NEVER_SURE and not disputed and cells > 0 and right / (cells + 1) >= SURE_AT


def with_confidence(profiles: list[CountyProfile]) -> list[CountyProfile]:
    """The profiles with every cell's confidence and sureness set (an override keeps its own; a
    cell the county model disputes is never sure)."""
    result = []
    for profile in profiles:
        cells = {dimension: cell if cell.overridden else
                 replace(cell, confidence=confidence_of(dimension, cell.basis, cell.disputed, cell.agreed),
                         sure=is_sure(dimension, cell.basis, cell.agreed, cell.disputed))
                 for dimension, cell in profile.cells.items()}
        result.append(replace(profile, cells=cells))
    return result
