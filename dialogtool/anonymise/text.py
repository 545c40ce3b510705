"""The finder's plain data (a finding, a token, the tokens each finder looks at), the questions every
finder asks of a token's surroundings (does a sentence start here, are two tokens parts of one
name), and the pattern of a set of words as one tree (`prefix_tree`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

TOKEN = re.compile(r"\w+(?::\w+)?")
#: What opens a sentence, a list item ("3)"), a table cell or a field of a signature ("/"): a capital
#: after it may be a sentence's.
SENTENCE_BREAK = re.compile(r"[.!?:;\n\t•()\"”“»|/]")
JOIN = re.compile(r"\s+|-")
TITLE_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß]+$")


@dataclass(frozen=True)
class Finding:
    """One identifying detail in a text: its kind, the words, and where they are."""

    kind: str
    text: str
    start: int
    end: int


class Token(NamedTuple):
    """One word of a text and where it is (a named tuple: a paragraph has hundreds, and a tuple is
    made much faster than a frozen dataclass)."""

    text: str
    start: int
    end: int


#: What `Token(text, start, end)` calls, called directly (`tokens_of`).
MAKE_TUPLE = tuple.__new__


class Cues(NamedTuple):
    """The tokens each finder looks at in a paragraph, by index, found in one pass over it
    (`find.cued_tokens`): where a place may start, the words that signal a workplace's name, the
    words that (as names are read) signal a person's name, the capitalised words, and the words in
    capitals that names read as capitalised ("LINDQVIST"). Most tokens are none of these: each
    finder goes through its own few, not through every token."""

    places: list[int]
    workplaces: list[int]
    names: list[int]
    capitals: list[int]
    names_in_capitals: list[int]


def with_word_before(indices: list[int]) -> list[int]:
    """The indices and each one's predecessor, in order: a name signalled by a word may start there
    or at the word before it ("Kullbergska sjukhuset", "Ylvali Porander")."""
    return sorted({at for index in indices for at in (index - 1, index) if at >= 0})


def tokens_of(text: str) -> list[Token]:
    """The words of a text (a colon inside one kept: "S:t"). Each `Token` is made by `tuple.__new__`
    itself, as the named tuple's own constructor does after a Python call of its own: a round of
    316 notes has some 200,000 tokens, and that call was a quarter of their making."""
    return [MAKE_TUPLE(Token, (m.group(), m.start(), m.end())) for m in TOKEN.finditer(text)]


def at_sentence_start(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a capital on this token is explained by a sentence (or list item) starting."""
    if index == 0:
        return True
    return bool(SENTENCE_BREAK.search(text[tokens[index - 1].end:tokens[index].start]))


def adjacent(text: str, tokens: list[Token], index: int) -> bool:
    """Whether token `index` and the next are parts of one name (a space or hyphen between)."""
    return index + 1 < len(tokens) and JOIN.fullmatch(text[tokens[index].end:tokens[index + 1].start]) is not None


def hyphen_compound_start(text: str, tokens: list[Token], index: int) -> bool:
    """Whether the token is joined by a hyphen to a lower-case word: "Esther-nätverket"."""
    return index + 1 < len(tokens) and text[tokens[index].end:tokens[index + 1].start] == "-" \
        and tokens[index + 1].text[0].islower()


def finding_over(kind: str, text: str, tokens: list[Token], first: int, last: int) -> Finding:
    """A finding that covers tokens `first` to `last`."""
    return Finding(kind, text[tokens[first].start:tokens[last].end], tokens[first].start, tokens[last].end)


def prefix_tree(terms: set[str]) -> str:
    """A regular expression matching exactly `terms`, as a tree of their shared beginnings; at
    each letter the longer continuations come before ending there, so the longest term that
    ends a word wins, as in an alternation sorted longest first."""
    tree: dict = {}
    for term in terms:
        node = tree
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        longer = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not longer:
            return ""
        body = longer[0] if len(longer) == 1 else "(?:" + "|".join(longer) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(tree)
