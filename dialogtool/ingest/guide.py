"""The interview guide: question areas, and which area a heading in a note names.

Headings in real notes vary (numbered or not, shortened, misspelt), so a heading is
matched to the area whose heading or alias it resembles most (rapidfuzz), after
numbering, punctuation and filler words are removed.
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
NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*[.):]\s*", re.I)
FILLER = {"och", "med", "av", "inom", "från", "den", "det", "de", "olika", "andra", "i", "för", "till", "om", "på", "&"}
MIN_SCORE = 72


@dataclass(frozen=True)
class Area:
    id: str
    heading: str
    aliases: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


@dataclass
class Guide:
    """A round's question areas, in the order the notes follow them."""

    areas: list[Area]
    title: str = ""
    path: Path | None = None
    _variants: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._variants = [
            (area.id, normalised_heading(text)) for area in self.areas for text in (area.heading, *area.aliases)
        ]

    def area_for(self, heading: str) -> str | None:
        """The id of the area `heading` names, or None when it names none well enough."""
        wanted = normalised_heading(heading)
        if not wanted:
            return None
        best_id, best = None, 0.0
        for area_id, variant in self._variants:
            score = heading_similarity(wanted, variant)
            if score > best:
                best_id, best = area_id, score
        return best_id if best >= MIN_SCORE else None


def normalised_heading(text: str) -> str:
    text = NUMBERING.sub("", text.lower()).replace("&", " och ")
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
        raise GuideError(f"{path}: interview guide not found; pass --guide with the path to the round's guide.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise GuideError(f"{path}{where}: not valid YAML ({getattr(error, 'problem', error)}); fix the syntax.") from None
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list) or not data["areas"]:
        raise GuideError(f"{path}: the guide needs a list 'areas:' with at least one area (id, heading).")
    areas = []
    for index, item in enumerate(data["areas"], 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("heading"):
            raise GuideError(f"{path}: area {index} needs both 'id' and 'heading'.")
        areas.append(
            Area(
                id=str(item["id"]),
                heading=str(item["heading"]),
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                questions=tuple(str(q) for q in item.get("questions") or ()),
            )
        )
    ids = [a.id for a in areas]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise GuideError(f"{path}: area id '{duplicate}' appears twice; give each area its own id.")
    return Guide(areas=areas, title=str(data.get("title") or ""), path=path)
