"""Effective coding: the auto-codes, minus what people rejected, plus what they added.

This is the coding every table, quote and export uses. A code's `source` says where it
came from: `auto` (a suggestion nobody has judged), `auto+accepted` (a suggestion an
investigator confirmed) or `human` (added by a person: in the database or as a Word
comment). For one segment and theme, the latest decision wins. A parent theme suggested
only because a sub-theme was ("via styrning.skola") goes with its last sub-theme: rejecting
a paragraph's only sub-theme leaves nothing of it coded. A code a person confirmed or added
has confidence 1; a suggestion keeps the confidence it was made with.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import ProjectError
from ..model import Code, Decision, Segment
from .store import Project
from .tag import IMPLIED

CODE_DECISIONS = ("code_added", "code_accepted", "code_rejected")
#: A code a person added or confirmed is certain as far as the tool is concerned.
HUMAN_CONFIDENCE = 1.0


def effective_codes(auto: list[Code], decisions: list[Decision], word_codes: list[Code] = ()) -> list[Code]:
    """The codes that count, one per (segment, theme): auto-codes first, then human ones."""
    latest = latest_code_decisions(decisions)
    result: dict[tuple[str, str], Code] = {}
    for code in auto:
        key = (code.segment_id, code.theme)
        decision = latest.get(key)
        if decision is None:
            result[key] = code
        elif decision.kind != "code_rejected":
            result[key] = Code(code.segment_id, code.county, code.theme, "auto+accepted", code.evidence, decision.coder,
                               HUMAN_CONFIDENCE)
    for code in word_codes:
        key = (code.segment_id, code.theme)
        if getattr(latest.get(key), "kind", None) == "code_rejected":
            continue
        existing = result.get(key)
        if existing is None:
            result[key] = replace(code, confidence=HUMAN_CONFIDENCE)
        elif existing.source == "auto":
            result[key] = Code(code.segment_id, code.county, code.theme, "auto+accepted", existing.evidence, code.coder,
                               HUMAN_CONFIDENCE)
    for key, decision in latest.items():
        if key not in result and decision.kind != "code_rejected":
            result[key] = Code(decision.segment_id, decision.county, decision.theme, "human", decision.reason, decision.coder,
                               HUMAN_CONFIDENCE)
    themes_of: dict[str, list[str]] = {}
    for segment_id, theme in result:
        themes_of.setdefault(segment_id, []).append(theme)
    return [code for code in result.values() if not orphaned_parent(code, themes_of[code.segment_id])]


def orphaned_parent(code: Code, segment_themes: list[str]) -> bool:
    """Whether `code` is an unjudged suggestion implied by sub-themes of which none is still
    among `segment_themes` (the themes its segment keeps)."""
    if code.source != "auto" or not code.evidence.startswith(IMPLIED.format(theme="")):
        return False
    return not any(theme.startswith(f"{code.theme}.") for theme in segment_themes)


def latest_code_decisions(decisions: list[Decision]) -> dict[tuple[str, str], Decision]:
    """The last coding decision per (segment, theme), decisions taken in the order made."""
    latest: dict[tuple[str, str], Decision] = {}
    for decision in sorted((d for d in decisions if d.kind in CODE_DECISIONS), key=lambda d: d.id or 0):
        latest[(decision.segment_id, decision.theme)] = decision
    return latest


def folded_theme(text: str) -> str:
    """A theme id as typed, compared: case, surrounding space and a closing full stop ignored."""
    return text.strip().rstrip(".").strip().casefold()


def theme_index(theme_ids) -> dict[str, str]:
    """The theme ids by their folded form, so that 'Styrning.Skola.' finds 'styrning.skola'."""
    return {folded_theme(theme_id): theme_id for theme_id in theme_ids}


def record_code_decision(project: Project, segment: Segment, theme: str, kind: str, coder: str, codebook,
                         expected_version: str | None = None) -> Decision:
    """Store an investigator's confirmation, rejection or addition of `theme` on `segment`
    (`expected_version`: see `Project.add`)."""
    if kind not in CODE_DECISIONS:
        raise ProjectError(f"'{kind}' är inget kodningsbeslut; använd ett av {', '.join(CODE_DECISIONS)}.")
    if theme not in codebook.themes:
        raise ProjectError(f"temat '{theme}' finns inte i {codebook.path}; använd ett av {', '.join(codebook.themes)}.")
    return project.add(Decision(kind=kind, county=segment.county, segment_id=segment.segment_id, theme=theme,
                                text=segment.text, coder=coder), expected_version)
