"""Theme suggestions: every segment tagged with the themes whose cues it contains.

A code's evidence is the sentence that decided (the heaviest match), so an investigator
reads why a theme was suggested in the note's own words. A sub-theme implies its parent, so the parent is coded
too (with its own evidence where its cues matched, else "via <sub-theme>").

A theme is suggested for what a paragraph is about, not for every word that passes by: its
matches are weighed, and the theme needs a total of 1. A cue match weighs the cue's
`weight` (1 unless themes.yaml says less: a word that takes a second mention to make the
topic); a weak cue (`?…`, a word often mentioned in passing) weighs that only as the topic
of its clause and WEAK_WEIGHT as much inside a prepositional phrase ("sitter med i
ledningsgruppen"). A cue with question areas is read only in those areas: the question
asked makes a topic likely, elsewhere the same word is often a passing mention. Weights add
up over cues and sentences, so a paragraph that returns to a topic gets it. A list item is
read together with the sentence that introduces its list (coding/passages.py, as the classifier
reads it).
"""

from __future__ import annotations

from ..cues.codebook import Codebook
from ..cues.grammar import Cue
from ..cues.matcher import Match, Reading
from .passages import segment_readings
from ..model import Code, Segment, area_in

#: The evidence of a parent theme coded only because a sub-theme was: "via styrning.skola".
IMPLIED = "via {theme}"
#: What a weak cue's passing mention (in a prepositional phrase) weighs: three make a topic.
WEAK_WEIGHT = 1 / 3


def tag_segments(segments: list[Segment], codebook: Codebook, readings: dict[str, Reading] | None = None) -> list[Code]:
    """Auto-codes for `segments`: per segment, its themes in codebook order. `readings`: the
    segments' `segment_readings`, where the caller has them (the classifier reads the same)."""
    readings = segment_readings(segments, codebook.matcher) if readings is None else readings
    codes = []
    for segment in segments:
        evidence = themes_read(readings[segment.segment_id], segment.area, codebook)
        for theme_id in list(evidence):
            for parent in codebook.ancestors(theme_id):
                evidence.setdefault(parent, IMPLIED.format(theme=theme_id))
        codes += [Code(segment.segment_id, segment.county, t, "auto", evidence[t]) for t in codebook.themes if t in evidence]
    return codes


def themes_read(reading: Reading, area: str, codebook: Codebook) -> dict[str, str]:
    """theme id → the evidence of its heaviest match, for the themes whose matches in a
    segment's reading weigh 1 in all."""
    found = {}
    for theme in codebook.themes.values():
        if theme.absent_from(reading):
            continue
        total, best = 0.0, None
        for cue in theme.cues:
            if cue.areas and not area_in(area, cue.areas):
                continue
            for match in codebook.matcher.matches(cue, reading):
                weight = match_weight(cue, match)
                total += weight
                if best is None or weight > best[0]:
                    best = (weight, match)
            if total >= 1:
                found[theme.id] = best[1].sentence
                break
    return found


def match_weight(cue: Cue, match: Match) -> float:
    """How much one match says the paragraph is about the cue's theme."""
    passing = cue.pattern is not None and cue.pattern.weak and not match.topical
    return cue.weight * WEAK_WEIGHT if passing else cue.weight


def theme_weight(text: str, themes: list[str], codebook: Codebook, area: str = "") -> float:
    """How much `text` alone speaks of any of `themes`: the weight of its cue matches, as the tagger weighs them.

    Quotes use it per sentence to keep the sentences of a paragraph that carry its theme.
    """
    reading = codebook.matcher.read(text)
    groups = [codebook.themes[theme] for theme in themes]
    return sum(match_weight(cue, match) for theme in groups if not theme.absent_from(reading) for cue in theme.cues
               if not cue.areas or area in cue.areas
               for match in codebook.matcher.matches(cue, reading))
