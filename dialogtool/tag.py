"""Theme suggestions: every segment tagged with the themes whose cues it contains.

A code's evidence is what matched (the words as written and the cue), so an investigator
can see why a theme was suggested. A sub-theme implies its parent, so the parent is coded
too (with its own evidence where its cues matched, else "via <sub-theme>").
"""

from __future__ import annotations

from .codebook import Codebook
from .model import Code, Segment


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
    """{theme id: evidence} for the themes whose cues match `text`, a paragraph of question
    area `area` (ancestors not added; a cue limited to other areas is not read)."""
    reading = codebook.matcher.read(text)
    present = codebook.matcher.present(reading)
    found = {}
    for theme in codebook.themes.values():
        for cue in theme.cues:
            if cue.areas and area not in cue.areas:
                continue
            matches = codebook.matches(cue, reading, present)
            if matches:
                found[theme.id] = matches[0].evidence
                break
    return found
