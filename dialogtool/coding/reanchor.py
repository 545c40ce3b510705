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

import re
from collections import Counter
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
MATCHES = {"exact": "samma text", "reworded": "omformulerat stycke", "split": "del av ett delat stycke",
           "merged": "stycken sammanslagna till ett", "area": "samma text, nu under ett annat frågeområde",
           "reattached": "flyttat för hand"}
#: Words whose coming or going can turn a paragraph's meaning around ("är inte" → "är"): a
#: revised paragraph that gains or loses one is never taken as the same paragraph.
NEGATIONS = frozenset({"inte", "ej", "icke", "aldrig", "ingen", "inget", "inga", "saknas", "saknar", "varken", "nej",
                       "utan", "knappast", "sällan"})
WORD = re.compile(r"\w+")


def normalised(text: str) -> str:
    """Text compared for sameness: whitespace runs collapsed, ends trimmed."""
    return " ".join(text.split())


def reanchor_decisions(project: Project, segments: list[Segment], threshold: float = FUZZY_THRESHOLD) -> ReanchorReport:
    """Re-point every active or orphaned decision whose segment id is gone; returns what changed.

    Only decisions whose anchor changes are written; running it twice changes nothing.
    """
    current = {s.segment_id: s for s in segments}
    by_county = segments_by_county(segments)
    repeated = repeated_texts(segments)
    report = ReanchorReport()
    decisions = [d for d in project.decisions(status=None) if d.status in ("active", "orphaned")]
    for decision in decisions:
        if not decision.segment_id:
            follow_county(project, decision, set(by_county), report)
        elif decision.segment_id in current:
            segment = current[decision.segment_id]
            if decision.status == "orphaned":
                project.update(decision.id, status="active")
                report.moved.append(move_of(decision, decision.segment_id, EXACT_SCORE, reattached=True))
            elif decision.detail.get("area", segment.area) != segment.area:
                moved_area(project, decision, segment, report)
            elif "area" not in decision.detail and (segment.county, normalised(segment.text)) in repeated:
                project.update(decision.id, detail={**decision.detail, "area": segment.area})
        else:
            follow_text(project, decision, by_county, threshold, report)
    return report


def follow_text(project: Project, decision: Decision, by_county: dict[str, list[Segment]], threshold: float,
                report: ReanchorReport) -> None:
    """Move a decision whose segment is gone to the paragraph that carries its text now, or orphan it."""
    target, score, match = best_anchor(decision, by_county.get(decision.county, []), threshold)
    if target is None:
        orphan(project, decision, report)
        return
    detail = {**without_confirmation(decision.detail), "anchor_text": target.text, "anchor_match": match,
              "previous_segment_ids": [*decision.detail.get("previous_segment_ids", []), decision.segment_id]}
    project.update(decision.id, segment_id=target.segment_id, status="active", anchor_score=score, detail=detail)
    report.moved.append(move_of(decision, target.segment_id, score, reattached=decision.status == "orphaned"))


def repeated_texts(segments: list[Segment]) -> set[tuple[str, str]]:
    """(county, text) of paragraphs that occur more than once in a note: their ids are numbered
    in order (id, id-2), so deleting the first gives the second the first's id and its decisions."""
    counts = Counter((s.county, normalised(s.text)) for s in segments)
    return {key for key, count in counts.items() if count > 1}


def moved_area(project: Project, decision: Decision, segment: Segment, report: ReanchorReport) -> None:
    """A decision on a repeated paragraph whose id now names the same text in another question
    area (the occurrence it was made on was deleted): kept on it, but reported like a move, so
    that `status` lists it to be checked rather than it moving silently."""
    detail = {**decision.detail, "area": segment.area, "anchor_text": segment.text, "anchor_match": "area",
              "previous_area": decision.detail["area"]}
    project.update(decision.id, detail=detail, anchor_score=EXACT_SCORE)
    report.moved.append(move_of(decision, segment.segment_id, EXACT_SCORE))


def follow_county(project: Project, decision: Decision, counties: set[str], report: ReanchorReport) -> None:
    """Orphan a decision about a whole county (an override) whose county has no note this round
    (its `Län:` id changed, or the note is gone), so that `status` and `classify --list` show
    it rather than it silently ceasing to count; it comes back when the county does."""
    if decision.county in counties:
        if decision.status == "orphaned":
            project.update(decision.id, status="active")
            report.moved.append(move_of(decision, "", EXACT_SCORE, reattached=True))
        return
    orphan(project, decision, report)


def orphan(project: Project, decision: Decision, report: ReanchorReport) -> None:
    """Mark a decision orphaned (kept, not counted) unless it already is, and report it."""
    if decision.status != "orphaned":
        project.update(decision.id, status="orphaned")
        report.newly_orphaned.append(decision.id)
    decision.status = "orphaned"
    report.orphaned.append(decision)


def without_confirmation(detail: dict) -> dict:
    """A decision's detail less an investigator's confirmation of its old anchor: a new move needs a new look."""
    return {key: value for key, value in detail.items() if key != "anchor_confirmed"}


def confirm_anchor(project: Project, decision: Decision, coder: str) -> None:
    """Record that an investigator checked a decision carried to a revised paragraph: it no
    longer waits for a look."""
    project.update(decision.id, detail={**decision.detail, "anchor_confirmed": coder or True})


def reattach(project: Project, decision: Decision, segment: Segment, coder: str) -> None:
    """Put an orphaned (or carried) decision on the paragraph an investigator chose for it."""
    detail = {**decision.detail, "anchor_text": segment.text, "anchor_match": "reattached", "anchor_confirmed": coder or True,
              "previous_segment_ids": [*decision.detail.get("previous_segment_ids", []), decision.segment_id]}
    project.update(decision.id, segment_id=segment.segment_id, status="active", detail=detail)


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
        best: tuple[int | None, float, str] = (None, 0.0, "")
        for text in texts:
            index, score = finder(text, choices, threshold)
            if index is not None and score > best[1]:
                best = (index, score, text)
        if best[0] is not None:
            if match == "reworded" and split_elsewhere(best[2], choices, best[0]):
                match = "split"
            return candidates[best[0]], round(best[1], 1), match
    return None, 0.0, ""


def negations(text: str) -> Counter:
    """The negating words of a text, counted: a revision that changes them may reverse its meaning."""
    return Counter(word for word in WORD.findall(text.lower()) if word in NEGATIONS)


def split_elsewhere(text: str, choices: list[str], index: int) -> bool:
    """Whether the paragraph at `index`, shorter than `text`, is one part of it and another
    paragraph holds the rest: the paragraph was split, not reworded."""
    part = choices[index]
    if len(part) >= len(text) or part_score(part, text) < PART_THRESHOLD:
        return False
    return any(other != index and PART_MIN_CHARS <= len(choice) < len(text) and part_score(choice, text) >= PART_THRESHOLD
               for other, choice in enumerate(choices))


def part_score(part: str, whole: str) -> float:
    """How well `part` matches its best place in the longer `whole` (rapidfuzz partial ratio),
    0 when that place (widened to the part's length: the alignment may leave out the words a
    revision dropped) negates differently ("är inte" there, "är" in the part)."""
    alignment = fuzz.partial_ratio_alignment(part, whole)
    slack = max(len(part) - (alignment.dest_end - alignment.dest_start), 0)
    place = whole[max(alignment.dest_start - slack, 0):alignment.dest_end + slack]
    if negations(part) != negations(place):
        return 0.0
    return alignment.score


def reworded(text: str, choices: list[str], threshold: float) -> tuple[int | None, float]:
    """The paragraph most like `text` as a whole (rapidfuzz ratio at least `threshold`), among
    those that negate what `text` negates: "är inte" revised to "är" is another statement."""
    wanted = negations(text)
    same_sense = [choice if negations(choice) == wanted else "" for choice in choices]
    match = process.extractOne(text, same_sense, scorer=fuzz.ratio, score_cutoff=threshold)
    return (match[2], float(match[1])) if match else (None, 0.0)


def split_part(text: str, choices: list[str], threshold: float) -> tuple[int | None, float]:
    """The longest paragraph that is a part of `text` (the paragraph was split): its partial ratio."""
    best: tuple[int | None, float] = (None, 0.0)
    for index, choice in enumerate(choices):
        if PART_MIN_CHARS <= len(choice) < len(text) and len(choice) >= PART_MIN_SHARE * len(text):
            score = part_score(choice, text)
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
            score = part_score(text, choice)
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
        reanchored=[d for d in active if not d.detail.get("anchor_confirmed") and d.anchor_score is not None and (
            d.anchor_score < EXACT_SCORE or d.detail.get("anchor_match") in ("split", "merged", "area"))],
    )
