"""Segments as the cue language reads them: a list item together with the sentence that
introduces its list — one policy for the tagger and the classifier.

Notes introduce a list with a sentence ("Under ledningsgruppen finns tre nätverk:", "Varje
ansökan ska visa:") and its items mean little without it. Each item is read with that lead
sentence as context (`Matcher.read`): the lead's sentences are matched for the item too,
but stay sentences of their own, so a statement made once in the lead counts once, not once
per item (the classifier counts sentences), and a definite noun in the item ("Gruppen")
refers to the item, not to the group the lead named.
"""

from __future__ import annotations

from ..ingest.segment import introductions
from ..model import Segment
from ..cues.matcher import Matcher, Reading
from ..cues.text import repaired, sentences

#: A list's introducing sentence shorter than this is read with the sentence before it.
SHORT_LEAD_WORDS = 6


def segment_readings(segments: list[Segment], matcher: Matcher) -> dict[str, Reading]:
    """segment id → the segment read for cues, a list item with its lead sentence (`lead_sentence`),
    a paragraph under a sub-heading with the sub-heading (`ingest.segment.introductions`)."""
    leads = introductions(segments)
    contexts: dict[tuple[str, str], str] = {}  # (lead, kind) → `lead_sentence`: a list's items share it
    readings = {}
    for segment in segments:
        lead = leads.get(segment.segment_id)
        context = ""
        if lead:
            context = contexts.get((lead, segment.kind))
            if context is None:
                context = contexts[lead, segment.kind] = lead_sentence(lead, segment)
        readings[segment.segment_id] = matcher.read(segment.text, context)
    return readings


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
