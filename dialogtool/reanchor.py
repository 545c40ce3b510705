"""Carry human decisions onto a revised note, and say which ones lost their paragraph.

A segment's id is a hash of its county and text, so an edited paragraph gets a new id and
the decisions made on it would silently stop counting. Before the effective coding is
computed, every decision that points at a segment is checked: a segment with the same
text (exact, then fuzzy within the county) takes it over, with the match score recorded;
when nothing matches the decision is marked orphaned — never deleted — and it comes back
when its text reappears.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .model import Decision, Segment
from .store import Project

#: The lowest rapidfuzz ratio (0–100) at which an edited paragraph is taken to be the same one.
FUZZY_THRESHOLD = 75.0
EXACT_SCORE = 100.0


@dataclass(frozen=True)
class Move:
    """One decision carried from a vanished segment id to a current one."""

    decision_id: int
    kind: str
    county: str
    theme: str | None
    old_segment_id: str
    new_segment_id: str
    score: float
    reattached: bool = False


@dataclass
class ReanchorReport:
    """What a re-anchoring pass changed: the moves (with scores) and every orphaned decision."""

    moved: list[Move] = field(default_factory=list)
    #: Every decision that is orphaned after the pass, including those orphaned before it.
    orphaned: list[Decision] = field(default_factory=list)
    #: The ids of the decisions this pass orphaned.
    newly_orphaned: list[int] = field(default_factory=list)


def normalised(text: str) -> str:
    """Text compared for sameness: whitespace runs collapsed, ends trimmed."""
    return " ".join(text.split())


def reanchor_decisions(project: Project, segments: list[Segment], threshold: float = FUZZY_THRESHOLD) -> ReanchorReport:
    """Re-point every active or orphaned decision whose segment id is gone; returns what changed.

    Only decisions whose anchor changes are written; running it twice changes nothing.
    """
    current = {s.segment_id for s in segments}
    by_county: dict[str, list[Segment]] = {}
    for segment in segments:
        by_county.setdefault(segment.county, []).append(segment)
    report = ReanchorReport()
    decisions = [d for d in project.decisions(status=None) if d.status in ("active", "orphaned") and d.segment_id]
    for decision in decisions:
        if decision.segment_id in current:
            if decision.status == "orphaned":
                project.update(decision.id, status="active")
                report.moved.append(move_of(decision, decision.segment_id, EXACT_SCORE, reattached=True))
            continue
        target, score = best_anchor(decision, by_county.get(decision.county, []), threshold)
        if target is None:
            if decision.status != "orphaned":
                project.update(decision.id, status="orphaned")
                report.newly_orphaned.append(decision.id)
            decision.status = "orphaned"
            report.orphaned.append(decision)
            continue
        detail = {**decision.detail, "anchor_text": target.text,
                  "previous_segment_ids": [*decision.detail.get("previous_segment_ids", []), decision.segment_id]}
        project.update(decision.id, segment_id=target.segment_id, status="active", anchor_score=score, detail=detail)
        report.moved.append(move_of(decision, target.segment_id, score, reattached=decision.status == "orphaned"))
    return report


def best_anchor(decision: Decision, candidates: list[Segment], threshold: float) -> tuple[Segment | None, float]:
    """The county's segment that carries the decision's text now, and how sure (0–100).

    The text last anchored to (after an earlier move) is tried before the text at decision time.
    """
    texts = [normalised(t) for t in (decision.detail.get("anchor_text", ""), decision.text) if t.strip()]
    if not texts or not candidates:
        return None, 0.0
    choices = [normalised(s.text) for s in candidates]
    for text in texts:
        if text in choices:
            return candidates[choices.index(text)], EXACT_SCORE
    best: tuple[Segment | None, float] = (None, 0.0)
    for text in texts:
        match = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=threshold)
        if match and match[1] > best[1]:
            best = (candidates[match[2]], round(float(match[1]), 1))
    return best


def move_of(decision: Decision, new_segment_id: str, score: float, reattached: bool = False) -> Move:
    return Move(decision.id, decision.kind, decision.county, decision.theme, decision.segment_id,
                new_segment_id, score, reattached)


@dataclass
class DecisionSummary:
    """The project database at a glance: counts by kind and coder, and the orphans with their text."""

    counts: dict[tuple[str, str], int]
    orphaned: list[Decision]
    removed: int


def decision_summary(project: Project) -> DecisionSummary:
    """Counts of active decisions per (kind, coder) and every orphaned decision, oldest first."""
    counts: dict[tuple[str, str], int] = {}
    for decision in project.decisions():
        key = (decision.kind, decision.coder)
        counts[key] = counts.get(key, 0) + 1
    return DecisionSummary(
        counts=dict(sorted(counts.items())),
        orphaned=project.decisions(status="orphaned"),
        removed=len(project.decisions(status="removed")),
    )
