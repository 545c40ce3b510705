"""Theme suggestions: every segment tagged with the themes whose cues it contains.

A code's evidence is what matched (the words as written and the cue), so an investigator
can see why a theme was suggested. A sub-theme implies its parent, so the parent is coded
too (with its own evidence where its cues matched, else "via <sub-theme>").

A theme is suggested for what a paragraph is about, not for every word that passes by: its
matches are weighed, and the theme needs a total of 1. A cue match weighs 1; a weak cue
(`?…`, a word often mentioned in passing) weighs 1 only as the topic of its clause and
WEAK_WEIGHT inside a prepositional phrase ("sitter med i ledningsgruppen"); a cue read
outside its question areas weighs OFF_AREA_WEIGHT as much (the question asked makes a topic
likely; elsewhere it takes more evidence). Weights add up over cues and sentences, so a
paragraph that returns to a topic gets it.
"""

from __future__ import annotations

from .codebook import Codebook, Cue
from .model import Code, Segment
from .swedish import Match

#: What a weak cue's passing mention (in a prepositional phrase) weighs.
WEAK_WEIGHT = 0.5
#: What a match outside the cue's question areas weighs, relative to one inside.
OFF_AREA_WEIGHT = 0.0


def tag_segments(segments: list[Segment], codebook: Codebook) -> list[Code]:
    """Auto-codes for `segments`: per segment, its themes in codebook order."""
    codes = []
    for segment in segments:
        evidence = segment_themes(segment.text, segment.area, codebook)
        for theme_id in list(evidence):
            for parent in codebook.ancestors(theme_id):
                evidence.setdefault(parent, f"via {theme_id}")
        codes += [Code(segment.segment_id, segment.county, t, "auto", evidence[t]) for t in codebook.themes if t in evidence]
    return codes


def segment_themes(text: str, area: str, codebook: Codebook) -> dict[str, str]:
    """{theme id: evidence} for the themes whose cue matches in `text`, a paragraph of
    question area `area`, weigh at least 1 (ancestors not added)."""
    reading = codebook.matcher.read(text)
    present = codebook.matcher.present(reading)
    found = {}
    for theme in codebook.themes.values():
        total, best = 0.0, None
        for cue in theme.cues:
            if not OFF_AREA_WEIGHT and cue.areas and area not in cue.areas:
                continue
            for match in codebook.matches(cue, reading, present):
                weight = match_weight(cue, match, area)
                total += weight
                if best is None or weight > best[0]:
                    best = (weight, match)
            if total >= 1:
                found[theme.id] = best[1].evidence
                break
    return found


def match_weight(cue: Cue, match: Match, area: str) -> float:
    """How much one match says the paragraph is about the cue's theme."""
    weight = 1.0 if match.topical or cue.pattern is None or not cue.pattern.weak else WEAK_WEIGHT
    return weight if not cue.areas or area in cue.areas else weight * OFF_AREA_WEIGHT
