"""Effective coding: auto-codes minus rejections plus additions, the latest decision winning."""

from __future__ import annotations

from dialogtool.coding.effective import effective_codes
from dialogtool.model import Code, Decision

AUTO = [Code("L01-a", "L01", "styrning.skola", "auto", "skolan"), Code("L01-b", "L01", "finansiering", "auto", "ettårig")]


def decision(kind, segment, theme, number, coder="anna"):
    return Decision(kind=kind, county="L01", segment_id=segment, theme=theme, coder=coder, id=number)


def as_set(codes):
    return {(c.segment_id, c.theme, c.source, c.coder) for c in codes}


def test_without_decisions_the_auto_codes_count():
    assert as_set(effective_codes(AUTO, [])) == {("L01-a", "styrning.skola", "auto", ""), ("L01-b", "finansiering", "auto", "")}


def test_rejected_is_dropped_accepted_is_marked_added_is_human():
    decisions = [
        decision("code_rejected", "L01-b", "finansiering", 1),
        decision("code_accepted", "L01-a", "styrning.skola", 2, "bo"),
        decision("code_added", "L01-b", "personberoende", 3),
    ]
    assert as_set(effective_codes(AUTO, decisions)) == {
        ("L01-a", "styrning.skola", "auto+accepted", "bo"),
        ("L01-b", "personberoende", "human", "anna"),
    }


def test_the_latest_decision_on_a_code_wins():
    rejected_then_added = [decision("code_rejected", "L01-a", "styrning.skola", 1), decision("code_added", "L01-a", "styrning.skola", 2)]
    added_then_rejected = [decision("code_added", "L01-c", "medskick", 1), decision("code_rejected", "L01-c", "medskick", 2)]
    assert ("L01-a", "styrning.skola", "auto+accepted", "anna") in as_set(effective_codes(AUTO, rejected_then_added))
    assert not any(c.segment_id == "L01-c" for c in effective_codes(AUTO, added_then_rejected))


def test_a_word_comment_confirms_a_suggestion_or_adds_a_code_unless_rejected():
    word = [Code("L01-a", "L01", "styrning.skola", "human", "Word comment 1", "Karin"),
            Code("L01-c", "L01", "myndigheter", "human", "Word comment 2", "Karin"),
            Code("L01-d", "L01", "medskick", "human", "Word comment 3", "Karin")]
    codes = effective_codes(AUTO, [decision("code_rejected", "L01-d", "medskick", 1)], word)
    assert as_set(codes) == {
        ("L01-a", "styrning.skola", "auto+accepted", "Karin"),
        ("L01-b", "finansiering", "auto", ""),
        ("L01-c", "myndigheter", "human", "Karin"),
    }
