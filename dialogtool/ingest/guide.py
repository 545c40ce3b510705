"""The interview guide: question areas, and which area a heading in a note names.

Headings in real notes vary (numbered or not, shortened, misspelt, in capitals, ending
with a colon, or one of the guide's questions), so a heading is matched to the area whose
heading or alias it resembles most (rapidfuzz), after numbering, punctuation and filler
words are removed; failing that, to the area one of whose questions it repeats.

A heading that names no area at all ("Del 1", "Övrigt") gets the area `infer_area` scores
highest: the share of the section's words that are the area's own words (its heading,
aliases, questions and keywords in the guide), plus a bonus for the area that comes next
in the guide's order. A note without any heading gets an area per paragraph the same way
(`infer_areas`), changes of area costing a little, going back in the order more. Simple
on purpose: the summary says which areas were inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from ..configfile import load_config
from ..defaults import project_file
from ..errors import GuideError

DEFAULT_GUIDE = Path("interview_guides/2025.yaml")
#: A heading's number ("2.", "III)", "b:") or the time a part of the meeting began ("10.25", "13:50 –").
NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.:]\d{2}\s*[–-]?|(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*[.):])\s*", re.I)
FILLER = {"och", "med", "av", "inom", "från", "den", "det", "de", "olika", "andra", "i", "för", "till", "om", "på", "&"}
#: Words of four letters or more that say nothing of a question area.
COMMON_WORDS = {
    "inte", "också", "finns", "eller", "även", "detta", "denna", "dessa", "vilka", "vilken", "vilket", "vara",
    "varit", "blir", "blev", "skulle", "kommer", "under", "efter", "mellan", "genom", "sedan", "mycket", "några",
    "alla", "sina", "sitt", "arbete", "arbetet", "arbeta", "arbetar", "utifrån", "någon", "något", "ingen",
    "inget", "bara", "redan", "dock", "samt", "både", "över", "ännu", "hade", "måste", "göra", "idag", "året",
    "förra", "årets", "länet", "länets", "länen", "länsgemensam", "länsgemensamma", "länsgemensamt", "området",
    "ingår", "behöver", "deras", "menar", "säger", "berättar", "berättade", "nämner", "nämnde",
}
MIN_SCORE = 72
#: "Del 1", "Fråga 2:", "Avsnitt III –": the number of a part of the note, which names no area.
SECTION_NUMBER = re.compile(
    r"^\s*(?:del|avsnitt|fråga|frågeområde|område|tema|punkt|block|pass)\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])\b\s*[.):–-]?\s*",
    re.I,
)
#: Headings that only label a part of the note.
LABELS = {"övrigt", "övriga frågor", "övriga synpunkter", "övriga kommentarer", "anteckningar", "noteringar",
          "diskussion", "allmänt", "sammanfattning", "inledning", "bakgrund", "avslutning", "avslut",
          "anteckningar från dialogen", "anteckningar från mötet"}
#: A heading that repeats a guide question must match it closely and have a few words.
QUESTION_SCORE = 85
QUESTION_MIN_WORDS = 3
#: Words shorter than this say nothing of an area ("mål", "ut").
MIN_WORD = 4
#: Two words are the same word when they share this long a start (or the shorter whole):
#: Swedish inflects and compounds at the end ("handlingsplanen", "stimulansmedlen").
SHARED_START = 6
#: Content words (`content_words`) are at least MIN_WORD long, so two that are the same word
#: (`same_word`) share at least this long a start: the key of `Guide`'s word index.
INDEX_START = min(MIN_WORD, SHARED_START)
#: The bonus for the next area in the guide's order and for continuing the area before,
#: and the penalty for an area out of the guide's order (benchmarks/area_inference.py).
NEXT_AREA_BONUS = 0.2
SAME_AREA_BONUS = 0.1
OUT_OF_ORDER_PENALTY = 0.2
#: In a note without headings: the cost of changing area between two paragraphs, and the
#: extra cost of going back in the guide's order (benchmarks/area_inference.py).
SWITCH_COST = 0.2
BACKWARD_COST = 1.0


@dataclass(frozen=True)
class Area:
    id: str
    heading: str
    aliases: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    #: Words typical of the area's answers, for inferring the area of an unnamed heading.
    keywords: tuple[str, ...] = ()

    def vocabulary(self) -> frozenset[str]:
        """The area's own words: from its heading, aliases, questions and keywords."""
        return frozenset(content_words(" ".join((self.heading, *self.aliases, *self.questions, *self.keywords))))


@dataclass
class Guide:
    """A round's question areas, in the order the notes follow them."""

    areas: list[Area]
    title: str = ""
    path: Path | None = None
    _variants: list[tuple[str, str]] = field(default_factory=list, repr=False)
    _questions: list[tuple[str, str]] = field(default_factory=list, repr=False)
    #: The areas' own words by their start (`words_by_start`).
    _vocabulary_index: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._variants = [
            (area.id, normalised_heading(text)) for area in self.areas for text in (area.heading, *area.aliases)
        ]
        self._questions = [(area.id, normalised_heading(q)) for area in self.areas for q in area.questions]
        self._vocabulary_index = words_by_start(self.areas)

    def area_for(self, heading: str) -> str | None:
        """The id of the area `heading` names, or None when it names none well enough."""
        wanted = normalised_heading(heading)
        if not wanted or is_section_label(heading):
            return None
        named, score = best_match(wanted, self._variants, heading_similarity)
        if len(wanted.split()) >= QUESTION_MIN_WORDS:
            asked, asked_score = best_match(wanted, self._questions, fuzz.token_set_ratio)
            if asked_score >= QUESTION_SCORE and asked_score >= score:
                return asked
        return named if score >= MIN_SCORE else None

    def infer_area(self, text: str, previous: str | None = None, following: str | None = None) -> str:
        """The area a section under a heading that names none most likely belongs to.

        `text` is the section (its heading and paragraphs); `previous` the area of the
        section before it and `following` the next area a heading names, where there are
        such. Each area scores the share of the section's guide words that are its own;
        notes follow the guide, so the area after `previous` (the first, at the start)
        gains a bonus, `previous` itself a smaller one, and an area outside the guide's
        order from `previous` to `following` loses a penalty. Ties go to the earlier area.
        """
        order = [area.id for area in self.areas]
        start = order.index(previous) if previous in order else 0
        end = order.index(following) if following in order else len(order) - 1
        expected = order[min(start + 1, len(order) - 1)] if previous in order else order[0]
        shares = self.content_shares(text)

        def score(index: int, area: str) -> float:
            in_order = start <= index <= end or start > end
            return (shares.get(area, 0.0) + NEXT_AREA_BONUS * (area == expected)
                    + SAME_AREA_BONUS * (area == previous != expected) - OUT_OF_ORDER_PENALTY * (not in_order))

        return max(enumerate(order), key=lambda item: score(*item))[1]

    def infer_areas(self, texts: list[str]) -> list[str]:
        """The areas of the paragraphs of a note that has no headings at all: the sequence
        that best fits each paragraph's guide words (`content_shares`), paying for every
        change of area and more for going back in the guide's order, since notes follow
        it (dynamic programming over the paragraphs; ties go to the earlier area)."""
        order = [area.id for area in self.areas]
        shares = [self.content_shares(text) for text in texts]
        if not shares:
            return []
        best = [shares[0].get(area, 0.0) for area in order]
        pointers: list[list[int]] = []
        for share in shares[1:]:
            came_from = [max(range(len(order)), key=lambda k: best[k] - move_cost(k, j)) for j in range(len(order))]
            best = [best[k] - move_cost(k, j) + share.get(order[j], 0.0) for j, k in enumerate(came_from)]
            pointers.append(came_from)
        last = max(range(len(order)), key=lambda j: best[j])
        path = [last]
        for came_from in reversed(pointers):
            path.append(came_from[path[-1]])
        return [order[j] for j in reversed(path)]

    def content_shares(self, text: str) -> dict[str, float]:
        """area id → the share of the text's guide words that are the area's own; a word
        several areas share counts for each in part."""
        credit: dict[str, float] = {}
        for word in sorted(set(content_words(text))):
            owners = self.word_owners(word)
            for area in owners:
                credit[area] = credit.get(area, 0.0) + 1 / len(owners)
        total = sum(credit.values())
        return {area: value / total for area, value in credit.items()} if total else {}

    def word_owners(self, word: str) -> list[str]:
        """The ids of the areas, in the guide's order, that have `word` (a content word) among
        their own words (`same_word`); only the area's words that start as it does can be."""
        return [area for area, words in self._vocabulary_index.get(word[:INDEX_START], ())
                if any(same_word(word, own) for own in words)]


def words_by_start(areas: list[Area]) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The areas' own words by their first INDEX_START letters: for each start, the areas
    (in the guide's order) with words that start so, and those words. A content word can
    only be the same word (`same_word`) as words that start as it does, so `word_owners`
    compares it with those, not with every word of every area."""
    index: dict[str, dict[str, list[str]]] = {}
    for area_id, vocabulary in {area.id: area.vocabulary() for area in areas}.items():
        for word in sorted(vocabulary):
            index.setdefault(word[:INDEX_START], {}).setdefault(area_id, []).append(word)
    return {start: tuple((area, tuple(words)) for area, words in owners.items()) for start, owners in index.items()}


def move_cost(before: int, after: int) -> float:
    """What moving from the area at index `before` to the one at `after` costs a note without headings."""
    if before == after:
        return 0.0
    return SWITCH_COST + (BACKWARD_COST if after < before else 0.0)


def best_match(wanted: str, variants: list[tuple[str, str]], similarity) -> tuple[str | None, float]:
    """The area id of the variant most similar to `wanted`, and how similar (0–100)."""
    best_id, best = None, 0.0
    for area_id, variant in variants:
        score = similarity(wanted, variant)
        if score > best:
            best_id, best = area_id, score
    return best_id, best


def is_section_label(heading: str) -> bool:
    """Whether a heading only labels a part of the note ("Del 1", "Övrigt:", "Anteckningar"):
    it names no area, yet it starts a section, whose area is then inferred."""
    text = " ".join(NUMBERING.sub("", heading.strip()).rstrip(":.").lower().split())
    return text in LABELS or (bool(SECTION_NUMBER.match(text)) and not SECTION_NUMBER.sub("", text).strip())


def content_words(text: str) -> list[str]:
    """The words of a text that can tell areas apart: lower case, no filler, no short words."""
    return [w for w in re.findall(r"[\wåäöéü]+", text.lower()) if len(w) >= MIN_WORD and w not in COMMON_WORDS and not w.isdigit()]


def same_word(one: str, other: str) -> bool:
    """Whether two words are forms of one word (same start, as Swedish inflects at the end)."""
    shorter = min(len(one), len(other))
    need = min(SHARED_START, shorter)
    return one[:need] == other[:need] and (shorter >= SHARED_START or abs(len(one) - len(other)) <= 3)


def normalised_heading(text: str) -> str:
    text = SECTION_NUMBER.sub("", NUMBERING.sub("", text.lower())).replace("&", " och ")
    words = re.findall(r"[\wåäöéü]+", text)
    return " ".join(w for w in words if w not in FILLER and not w.isdigit())


def heading_similarity(heading: str, variant: str) -> float:
    """How well a note's heading matches a guide heading (0–100).

    A shortened heading is a subset of the guide's words, so the token-set score counts;
    one-word headings must match a whole word closely, not just be contained in it, and one
    that starts with the same letter ("Initativ" is initiativ; "Planen" is not "länen").
    """
    if len(heading.split()) == 1:
        return max((fuzz.ratio(heading, word) for word in variant.split() if word[:1] == heading[:1]), default=0.0)
    return max(fuzz.token_set_ratio(heading, variant), fuzz.ratio(heading, variant))


def load_guide(path: Path = DEFAULT_GUIDE) -> Guide:
    """The guide in a YAML file, validated."""
    path = project_file(path)
    try:
        data = load_config(path, GuideError)
    except FileNotFoundError:
        raise GuideError(f"{path}: intervjuguiden finns inte; ange --guide med sökvägen till omgångens intervjuguide.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" rad {mark.line + 1}" if mark else ""
        raise GuideError(f"{path}{where}: ogiltig YAML ({getattr(error, 'problem', error)}); rätta syntaxen.") from None
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list) or not data["areas"]:
        raise GuideError(f"{path}: intervjuguiden behöver en lista 'areas:' med minst ett frågeområde (id, heading).")
    areas = []
    for index, item in enumerate(data["areas"], 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("heading"):
            raise GuideError(f"{path}: frågeområde {index} behöver både 'id' och 'heading'.")
        areas.append(
            Area(
                id=str(item["id"]),
                heading=str(item["heading"]),
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                questions=tuple(str(q) for q in item.get("questions") or ()),
                keywords=tuple(str(k) for k in item.get("keywords") or ()),
            )
        )
    ids = [a.id for a in areas]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise GuideError(f"{path}: frågeområdets id '{duplicate}' förekommer två gånger; ge varje frågeområde ett "
                         "eget id.")
    return Guide(areas=areas, title=str(data.get("title") or ""), path=path)
