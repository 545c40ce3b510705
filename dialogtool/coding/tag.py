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
read together with the sentence that introduces its list.
"""

from __future__ import annotations

from ..cues.codebook import Codebook, Cue
from ..model import Code, Segment
from ..ingest.segment import list_leads
from ..cues.swedish import Match, repaired, sentences

#: What a weak cue's passing mention (in a prepositional phrase) weighs: three make a topic.
WEAK_WEIGHT = 1 / 3
#: A list's introducing sentence shorter than this is read with the sentence before it.
SHORT_LEAD_WORDS = 6


def tag_segments(segments: list[Segment], codebook: Codebook) -> list[Code]:
    """Auto-codes for `segments`: per segment, its themes in codebook order."""
    leads = list_leads(segments)
    lead_readings: dict[str, tuple] = {}
    codes = []
    for segment in segments:
        readings = [reading_of(segment.text, codebook)]
        lead = leads.get(segment.segment_id)
        if lead:
            text = lead_sentence(lead.text, segment)
            readings.append(lead_readings.get(text) or lead_readings.setdefault(text, reading_of(text, codebook)))
        evidence = themes_read(readings, segment.area, codebook)
        for theme_id in list(evidence):
            for parent in codebook.ancestors(theme_id):
                evidence.setdefault(parent, f"via {theme_id}")
        codes += [Code(segment.segment_id, segment.county, t, "auto", evidence[t]) for t in codebook.themes if t in evidence]
    return codes


def reading_of(text: str, codebook: Codebook) -> tuple:
    """A text read once (sentences, slots, markers) with the cue patterns it can match."""
    reading = codebook.matcher.read(text)
    return reading, codebook.matcher.present(reading)


def themes_read(readings: list[tuple], area: str, codebook: Codebook) -> dict[str, str]:
    found = {}
    present_anywhere = set().union(*(present for _, present in readings))
    for theme in codebook.themes.values():
        total, best = 0.0, None
        for cue in theme.cues:
            if cue.areas and area not in cue.areas:
                continue
            if cue.pattern is not None and cue.pattern not in present_anywhere:
                continue
            for reading, present in readings:
                for match in codebook.matches(cue, reading, present):
                    weight = match_weight(cue, match)
                    total += weight
                    if best is None or weight > best[0]:
                        best = (weight, match)
            if total >= 1:
                found[theme.id] = best[1].sentence
                break
    return found


def lead_sentence(lead: str, item: Segment) -> str:
    """What a list's lead says of its item: the sentence that introduces the list (ending in
    ':'), with the one before it where it is too short to say what the list is of ("Just nu
    finns tre:"); a lead without a colon introduces its list as a whole paragraph. Paragraphs
    that only follow a colon (not marked as a list) get the introducing sentence alone."""
    found = [sentence.text for sentence in sentences(repaired(lead))]
    if not lead.rstrip().endswith(":"):
        return " ".join(found)
    short = item.kind == "list" and len(found[-1].split()) < SHORT_LEAD_WORDS
    return " ".join(found[-2:] if short else found[-1:])


def match_weight(cue: Cue, match: Match) -> float:
    """How much one match says the paragraph is about the cue's theme."""
    passing = cue.pattern is not None and cue.pattern.weak and not match.topical
    return cue.weight * WEAK_WEIGHT if passing else cue.weight
