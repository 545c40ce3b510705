"""Manual typology overrides: an investigator's classification of a county wins over the rule.

An override is a Decision of kind "override" in the round's project database, so it
survives every re-run. It is never deleted: removing one marks it "removed". When several
active overrides exist for the same county and dimension, the latest one wins.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import TypologyError
from ..model import Cell, CountyProfile, Decision, Evidence
from ..coding.store import Project
from ..cues.codebook import checked_category

OVERRIDE = "override"


def record_override(project: Project, county: str, dimension: str, category: str, reason: str, coder: str,
                    codebook, counties: list[str] | None = None, expected_version: str | None = None) -> Decision:
    """Store an investigator's classification; `counties` (when given) are the round's valid county ids
    (`expected_version`: see `Project.add`)."""
    checked_category(codebook, dimension, category)
    if counties is not None and county not in counties:
        raise TypologyError(f"ingen anteckning för länet '{county}' i denna omgång; använd ett av "
                            f"{', '.join(counties)}.")
    if not reason.strip():
        raise TypologyError(f"den ändrade klassificeringen av {county} {dimension} behöver ett skäl; ange varför "
                            "regeln inte gäller.")
    return project.add(Decision(kind=OVERRIDE, county=county, dimension=dimension, category=category,
                                reason=reason.strip(), coder=coder), expected_version)


def list_overrides(project: Project) -> list[Decision]:
    """The active overrides, oldest first."""
    return project.decisions(kind=OVERRIDE, status="active")


def orphaned_overrides(project: Project) -> list[Decision]:
    """The overrides whose county has no note in the round (after re-anchoring), oldest first."""
    return project.decisions(kind=OVERRIDE, status="orphaned")


def remove_override(project: Project, override_id: int, expected_version: str | None = None) -> Decision:
    """Mark an active or orphaned override removed (it stays in the database); returns it as it was."""
    active = {d.id: d for d in list_overrides(project) + orphaned_overrides(project)}
    if override_id not in active:
        ids = ", ".join(str(i) for i in sorted(active)) or "inga"
        raise TypologyError(f"ingen aktiv ändrad klassificering med id {override_id} i {project.path}; aktiva id: "
                            f"{ids}.")
    project.update(override_id, expected_version, status="removed")
    return active[override_id]


def apply_overrides(profiles: list[CountyProfile], decisions: list[Decision], codebook) -> list[CountyProfile]:
    """New profiles in which the latest active override per (county, dimension) replaces the cell.

    For profiles already classified; the pipeline passes `override_cells` to the classifier
    instead, so that dimensions depending on an overridden one are decided again.
    An override for a county without a profile (no note this round) changes nothing.
    """
    decided = override_cells(decisions, codebook)
    return [replace(profile, cells={**profile.cells, **{dimension: cell for (county, dimension), cell in decided.items()
                                                         if county == profile.county}})
            for profile in profiles]


def override_cells(decisions: list[Decision], codebook) -> dict[tuple[str, str], Cell]:
    """The cell of the latest active override per (county, dimension).

    One whose dimension or category is no longer in themes.yaml is an error, so no decision
    is lost silently.
    """
    latest: dict[tuple[str, str], Decision] = {}
    for decision in sorted((d for d in decisions if d.kind == OVERRIDE and d.status == "active"),
                           key=lambda d: d.id or 0):
        latest[(decision.county, decision.dimension)] = decision
    return {key: overridden_cell(decision, codebook) for key, decision in latest.items()}


def overridden_cell(decision: Decision, codebook) -> Cell:
    """The cell an override decides: its reason is the evidence, and who decided when is the reason."""
    try:
        checked_category(codebook, decision.dimension, decision.category)
    except TypologyError as error:
        raise TypologyError(
            f"ändrad klassificering {decision.id} ({decision.county} {decision.dimension}={decision.category}) "
            "passar inte längre "
            f"themes.yaml: {error} Ta bort den med `dialogtool classify --remove {decision.id}`."
        ) from None
    who = f" av {decision.coder}" if decision.coder else ""
    return Cell(decision.county, decision.dimension, decision.category,
                evidence=[Evidence("", decision.reason)],
                reason=f"ändrad klassificering {decision.id}{who} den {decision.created_at[:10]}: {decision.reason}",
                overridden=True, confidence=1.0, sure=True, basis="override")
