"""The theme picker's search: what an investigator types, matched forgivingly against the themes' labels.

Investigators type a theme the way they remember it: in lower case, without the Swedish
letters ("forandring" for "Förändring"), the start of a word in the middle of a label
("brukar" for "Styrning – Brukarinflytande"), or misspelt ("finansering"). Every choice is
scored against the typed words; the best come first, and nothing that only shares a letter
or two is offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..cues.text import WORD, fold

#: A typed word scores this much when it begins a word of the choice.
WORD_START = 100.0
#: ... when it occurs inside a word of the choice ("flytande" in "Brukarinflytande").
INSIDE_WORD = 90.0
#: The least score a choice needs to be offered at all (a typo or two in a word passes).
LEAST_SCORE = 80.0
#: The least score, and the lead over the next choice, for typed text to stand for one theme.
SURE_SCORE = 88.0
SURE_LEAD = 4.0
#: How many choices the picker lists.
SHOWN = 8


@dataclass(frozen=True)
class Match:
    """One theme offered for typed text, with how well it fits (0–100)."""

    theme: str
    label: str
    score: float
    exact: bool = False


def folded(text: str) -> str:
    """The text as a search compares it: folded as cues compare words (case, å → a, é → e), spaces collapsed."""
    return " ".join(fold(text).split())


def words_of(text: str) -> list[str]:
    """The folded words of a label or an id ('styrning.brukare' → styrning, brukare)."""
    return WORD.findall(folded(text).replace("_", " "))


def word_score(typed: str, words: list[str]) -> float:
    """How well one typed word fits the best of `words`: the start of a word, inside one, or close to
    the start of one (a typo: 'finanser' against 'finansiering')."""
    best = 0.0
    for word in words:
        if word.startswith(typed):
            return WORD_START
        if typed in word:
            best = max(best, INSIDE_WORD)
        elif len(typed) >= 3:
            best = max(best, fuzz.ratio(typed, word[:len(typed)]), fuzz.ratio(typed, word))
    return best


def choice_score(typed: list[str], label: str, theme: str) -> float:
    """How well all the typed words fit one theme (its label's and its id's words): the weakest word
    decides, so that every typed word must be found."""
    words = words_of(label) + words_of(theme)
    return min(word_score(word, words) for word in typed)


def ranked_themes(text: str, choices: list[tuple[str, str]], limit: int = SHOWN) -> list[Match]:
    """The themes (id, label) that fit what was typed, best first; ties keep the codebook's order.

    A choice whose whole label is what was typed comes first; then one whose label starts with it.
    """
    typed = words_of(text)
    if not typed:
        return []
    wanted = folded(text)
    scored = []
    for order, (theme, label) in enumerate(choices):
        score = choice_score(typed, label, theme)
        if score < LEAST_SCORE:
            continue
        exact = wanted in (folded(label), folded(theme))
        scored.append((not exact, not folded(label).startswith(wanted), -score, order, Match(theme, label, score, exact)))
    return [entry[-1] for entry in sorted(scored, key=lambda entry: entry[:4])][:limit]


def theme_typed(text: str, choices: list[tuple[str, str]]) -> tuple[str | None, list[Match]]:
    """The theme id the typed text stands for, or None with the themes it might mean (best first).

    The text stands for a theme when it is its label or id (in any case, with or without
    diacritics), or when one theme fits clearly better than every other; never a guess
    between two that fit about as well.
    """
    matches = ranked_themes(text, choices)
    if matches and (matches[0].exact or matches[0].score >= SURE_SCORE and (
            len(matches) == 1 or matches[0].score - matches[1].score >= SURE_LEAD)):
        return matches[0].theme, matches
    return None, matches
