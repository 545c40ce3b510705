"""Effective coding: the auto-codes, minus what people rejected, plus what they added.

This is the coding every table, quote and export uses. A code's `source` says where it
came from: `auto` (a suggestion nobody has judged), `auto+accepted` (a suggestion an
investigator confirmed) or `human` (added by a person: in the database or as a Word
comment). For one segment and theme, the latest decision wins. A code a person confirmed or
added has confidence 1; a suggestion keeps the confidence it was made with.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Code, Decision

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
    return list(result.values())


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
