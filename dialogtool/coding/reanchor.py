"""Carry human decisions onto a revised note, and say which ones lost their paragraph.

A segment's id is a hash of its county and text, so an edited paragraph gets a new id and
the decisions made on it would silently stop counting. Before the effective coding is
computed, every decision that points at a segment is checked: a segment with the same
text (exact, then fuzzy within the county) takes it over, with the match score recorded;
a paragraph split in two hands it to the part that keeps most of its text, and paragraphs
merged into one hand theirs to the merged one. When nothing matches the decision is marked
orphaned — never deleted — and it comes back when its text reappears.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..model import Decision, Move, ReanchorReport, Segment
from .store import Project

#: The lowest rapidfuzz ratio (0–100) at which an edited paragraph is taken to be the same one.
FUZZY_THRESHOLD = 75.0
EXACT_SCORE = 100.0
#: The lowest rapidfuzz partial ratio at which a paragraph is taken to be a part of another (split, merged),
#: the fewest characters the shorter of the two must have, and the least share of a split paragraph a part must keep.
PART_THRESHOLD = 90.0
PART_MIN_CHARS = 25
PART_MIN_SHARE = 0.2
#: How a decision found its paragraph (detail["anchor_match"]), in words for `dialogtool status`.
MATCHES = {"exact": "same text", "reworded": "reworded paragraph", "split": "part of a split paragraph",
           "merged": "paragraphs merged into one"}


def normalised(text: str) -> str:
    """Text compared for sameness: whitespace runs collapsed, ends trimmed."""
    return " ".join(text.split())


def reanchor_decisions(project: Project, segments: list[Segment], threshold: float = FUZZY_THRESHOLD) -> ReanchorReport:
    """Re-point every active or orphaned decision whose segment id is gone; returns what changed.

    Only decisions whose anchor changes are written; running it twice changes nothing.
    """
    current = {s.segment_id for s in segments}
    by_county = segments_by_county(segments)
    report = ReanchorReport()
    decisions = [d for d in project.decisions(status=None) if d.status in ("active", "orphaned") and d.segment_id]
    for decision in decisions:
        if decision.segment_id in current:
            if decision.status == "orphaned":
                project.update(decision.id, status="active")
                report.moved.append(move_of(decision, decision.segment_id, EXACT_SCORE, reattached=True))
            continue
        target, score, match = best_anchor(decision, by_county.get(decision.county, []), threshold)
        if target is None:
            if decision.status != "orphaned":
                project.update(decision.id, status="orphaned")
                report.newly_orphaned.append(decision.id)
            decision.status = "orphaned"
            report.orphaned.append(decision)
            continue
        detail = {**decision.detail, "anchor_text": target.text, "anchor_match": match,
                  "previous_segment_ids": [*decision.detail.get("previous_segment_ids", []), decision.segment_id]}
        project.update(decision.id, segment_id=target.segment_id, status="active", anchor_score=score, detail=detail)
        report.moved.append(move_of(decision, target.segment_id, score, reattached=decision.status == "orphaned"))
    return report


def segments_by_county(segments: list[Segment]) -> dict[str, list[Segment]]:
    """The segments of each county, in order: the candidates a county's decisions re-anchor to."""
    result: dict[str, list[Segment]] = {}
    for segment in segments:
        result.setdefault(segment.county, []).append(segment)
    return result


def best_anchor(decision: Decision, candidates: list[Segment],
                threshold: float = FUZZY_THRESHOLD) -> tuple[Segment | None, float, str]:
    """The county's segment that carries the decision's text now, how sure (0–100) and how
    it was found (a key of MATCHES).

    The text last anchored to (after an earlier move) is tried before the text at decision
    time; the same text first, then a reworded one, then a part of a split paragraph, then
    the paragraph it was merged into.
    """
    texts = [normalised(t) for t in (decision.detail.get("anchor_text", ""), decision.text) if t.strip()]
    if not texts or not candidates:
        return None, 0.0, ""
    choices = [normalised(s.text) for s in candidates]
    for text in texts:
        if text in choices:
            return candidates[choices.index(text)], EXACT_SCORE, "exact"
    for match, finder in (("reworded", reworded), ("split", split_part), ("merged", merged_into)):
        best: tuple[int | None, float] = (None, 0.0)
        for text in texts:
            index, score = finder(text, choices, threshold)
            if index is not None and score > best[1]:
                best = (index, score)
        if best[0] is not None:
            return candidates[best[0]], round(best[1], 1), match
    return None, 0.0, ""


def reworded(text: str, choices: list[str], threshold: float) -> tuple[int | None, float]:
    """The paragraph most like `text` as a whole (rapidfuzz ratio at least `threshold`)."""
    match = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    return (match[2], float(match[1])) if match else (None, 0.0)


def split_part(text: str, choices: list[str], threshold: float) -> tuple[int | None, float]:
    """The longest paragraph that is a part of `text` (the paragraph was split): its partial ratio."""
    best: tuple[int | None, float] = (None, 0.0)
    for index, choice in enumerate(choices):
        if PART_MIN_CHARS <= len(choice) < len(text) and len(choice) >= PART_MIN_SHARE * len(text):
            score = fuzz.partial_ratio(choice, text)
            if score >= PART_THRESHOLD and (best[0] is None or len(choice) > len(choices[best[0]])):
                best = (index, float(score))
    return best


def merged_into(text: str, choices: list[str], threshold: float) -> tuple[int | None, float]:
    """The paragraph that holds `text` within a longer text (paragraphs were merged): its partial ratio."""
    if len(text) < PART_MIN_CHARS:
        return None, 0.0
    best: tuple[int | None, float] = (None, 0.0)
    for index, choice in enumerate(choices):
        if len(choice) > len(text):
            score = fuzz.partial_ratio(text, choice)
            if score >= PART_THRESHOLD and score > best[1]:
                best = (index, float(score))
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
    #: Active decisions carried to a revised paragraph that is not the same text: worth a look.
    reanchored: list[Decision] = field(default_factory=list)


def decision_summary(project: Project) -> DecisionSummary:
    """Counts of active decisions per (kind, coder) and every orphaned decision, oldest first."""
    counts: dict[tuple[str, str], int] = {}
    active = project.decisions()
    for decision in active:
        key = (decision.kind, decision.coder)
        counts[key] = counts.get(key, 0) + 1
    return DecisionSummary(
        counts=dict(sorted(counts.items())),
        orphaned=project.decisions(status="orphaned"),
        removed=len(project.decisions(status="removed")),
        reanchored=[d for d in active if d.anchor_score is not None and (
            d.anchor_score < EXACT_SCORE or d.detail.get("anchor_match") in ("split", "merged"))],
    )
