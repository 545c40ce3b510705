"""Lines of text that belong to one paragraph: a paragraph hard-wrapped in a text file, or
pasted from a PDF into Word with every printed line a paragraph of its own, is one paragraph
again when a line runs on into the next. Page numbers a PDF leaves between the lines, and
lines drawn with the keyboard to separate parts of a note, are no text.
"""

from __future__ import annotations

import re

#: A numbered line ("2. Planen", "3) …"): the start of an item, not the rest of a line.
NUMBERING = re.compile(r"^\s*\d{1,2}\s*[.)]\s")
#: Words no sentence ends with: a line ending with one runs on ("… Arbetsförmedlingen och" /
#: "Försäkringskassan …").
OPEN_ENDINGS = frozenset("och eller samt men att som i på av för med till om från mot vid hos en ett den det de "
                         "är har var blev ska kan".split())
SENTENCE_END = re.compile(r"[.!?…:;][\"'”»)]*$")
#: A page number left by a PDF or a printout: "Sida 2 av 3", "2 (3)", "- 2 -", "2/3".
PAGE_NUMBER = re.compile(r"^\s*(?:sid(?:a|an)?\.?\s*\d{1,3}(?:\s*(?:av|/|\()\s*\d{1,3}\)?)?|\d{1,3}\s*\(\d{1,3}\)"
                         r"|[-–]\s*\d{1,3}\s*[-–]|\d{1,3}\s*/\s*\d{1,3})\s*$", re.I)


def runs_on(line: str, after: str) -> bool:
    """Whether `line` continues on the next line: a hard wrap, not a paragraph end (a line
    ending in a hyphen, a comma or a word no sentence ends with, or without a final stop
    above one in lower case or starting with a number that numbers nothing: "… i juni" above
    "2025. Planen …")."""
    first = after.lstrip()[:1]
    words = line.split()
    return line.endswith(("-", ",")) or bool(words and words[-1] in OPEN_ENDINGS) or (not SENTENCE_END.search(line) and (
        first.islower() or (first.isdigit() and not NUMBERING.match(after))))


def joined(lines: list[str]) -> str:
    """The lines as one paragraph: joined with a space, a word broken with a hyphen at a line
    end joined without one (its hyphen kept: "samverkans-beredningen" may be a real compound)."""
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text
#: A line drawn with the keyboard to separate parts of a note ("-----", "=====", "* * *", "___").
SEPARATOR = re.compile(r"^\s*([-–—=_*~#·•.])(?:\s*\1){2,}\s*$")


def is_no_text(line: str) -> bool:
    """Whether a line is a page number or a separator: something on the page, but nothing said."""
    return bool(PAGE_NUMBER.match(line) or SEPARATOR.match(line))
