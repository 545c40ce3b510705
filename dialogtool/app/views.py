"""What the pages show: the round in memory, in the investigators' words.

Plain functions from an `Analysis` to dicts and lists a template renders; no Flask here.
Every id that has a label in themes.yaml or the interview guide is shown by its label.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..anonymise import PLACEHOLDERS, Finding, load_allowlist
from ..coding.reanchor import decision_summary
from ..coding.store import NO_VERSION, Project
from ..coding.tag import IMPLIED
from ..errors import QuoteError
from ..model import DECISION_LABELS, UNKNOWN_AREA, Analysis, Decision, Segment
from ..outputs.quotes import ATTRIBUTION, checked_quote, kept_identifiers, quote_candidates, short
from ..outputs.report.draft import table_title
from ..outputs.report.spec import DIAGRAM1, DIAGRAM2, TABELL1
from ..outputs.tables import category_counts, crosstab_frame

#: The reasons an investigator overrules the classifier for, as the override form offers them.
OVERRIDE_REASONS = (
    "Regeln har missat en negation eller tidsform",
    "Regeln läste en fråga eller ett exempel som ett faktum",
    "Anteckningen säger det på ett annat ställe",
    "Länet har rättat uppgiften i granskningen",
    "Bedömning efter diskussion i utredargruppen",
    "Annat skäl (se kommentar)",
)
#: How many quote candidates a theme's page offers besides the chosen ones.
CANDIDATES_SHOWN = 12
#: How a code came about, as a chip says it.
CODE_STATES = {"auto": "förslag", "auto+accepted": "bekräftad", "human": "tillagd", "rejected": "avvisad"}


@dataclass(frozen=True)
class Labels:
    """The Swedish labels of a round's themes, dimensions, categories and question areas."""

    analysis: Analysis

    def theme(self, theme_id: str | None) -> str:
        themes = self.analysis.codebook.themes
        return themes[theme_id].label if theme_id in themes else (theme_id or "")

    def dimension(self, dimension_id: str) -> str:
        dimensions = self.analysis.codebook.dimensions
        return dimensions[dimension_id].label if dimension_id in dimensions else dimension_id

    def category(self, dimension_id: str, category_id: str | None) -> str:
        if not category_id:
            return "–"
        dimension = self.analysis.codebook.dimensions.get(dimension_id)
        return dimension.categories[category_id].label if dimension and category_id in dimension.categories else category_id

    def area(self, segment: Segment) -> str:
        if segment.area == UNKNOWN_AREA:
            return f"Okänd rubrik: {segment.heading}" if segment.heading else "Utan rubrik"
        guide = self.analysis.guide
        return next((a.heading for a in guide.areas if a.id == segment.area), segment.area) if guide else segment.area

    def theme_choices(self) -> list[tuple[str, str]]:
        """(id, label) of every theme, a sub-theme's label after its parent's."""
        codebook = self.analysis.codebook
        return [(t, f"{self.theme(theme.parent)} – {theme.label}" if theme.parent else theme.label)
                for t, theme in codebook.themes.items()]


def segment_findings(analysis: Analysis) -> dict[str, list[Finding]]:
    """The identifying details found, per segment."""
    found: dict[str, list[Finding]] = {}
    if analysis.findings is not None:
        for row in analysis.findings.itertuples():
            found.setdefault(row.segment_id, []).append(Finding(row.kind, row.text, int(row.start), int(row.end)))
    return found


def finding_kind(kind: str) -> str:
    """A finding's kind as a reader says it: 'kommun', 'person', 'e-post'."""
    return PLACEHOLDERS.get(kind, kind).strip("[]")


def marked_text(text: str, findings: list[Finding]) -> Markup:
    """The paragraph as HTML with every identifying detail highlighted and named."""
    parts, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue
        parts.append(escape(text[at:finding.start]))
        parts.append(Markup('<mark class="identifierande" title="Identifierande: {kind}">{text}</mark>').format(
            kind=finding_kind(finding.kind), text=text[finding.start:finding.end]))
        at = finding.end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


# --- Round overview ------------------------------------------------------------------------


def grid_cell(dimension: str, cell, labels) -> dict:
    """A typology grid cell: its category's label, whether a person set it, and how sure the
    tool is ("osäker" cells are those to check first; `sure` is calibrated, typology/confidence.py)."""
    return {"dimension": dimension, "label": labels.category(dimension, cell.category if cell else None),
            "overridden": bool(cell and cell.overridden),
            "unsure": bool(cell and not cell.overridden and not cell.sure),
            "certainty": certainty(cell)}


def certainty(cell) -> str:
    """How sure a cell is, in words: "säker (98 %)", "osäker (62 %)", or "" where nothing measured it."""
    if cell is None or cell.confidence is None:
        return ""
    return f"{'säker' if cell.sure else 'osäker'} ({round(cell.confidence * 100)} %)"


def overview(analysis: Analysis) -> dict:
    """The notes with what needs a look, the typology grid, Tabell 1 and Diagram 1–2 as they stand."""
    labels = Labels(analysis)
    headings: dict[str, list[str]] = {}
    for county, heading in analysis.corpus.unrecognised_headings():
        headings.setdefault(county, []).append(heading)
    found = Counter(analysis.findings["county"]) if analysis.findings is not None else Counter()
    waiting = Counter(c.county for c in analysis.codes if c.source == "auto")
    segments = Counter(s.county for s in analysis.corpus.segments)
    notes = [{"county": n.county, "file": n.path.name, "date": n.date or "–", "segments": segments[n.county],
              "headings": headings.get(n.county, []), "findings": found[n.county],
              "waiting": waiting[n.county]} for n in analysis.corpus.notes]
    dimensions = [(d, labels.dimension(d)) for d in analysis.codebook.dimensions]
    grid = [{"county": p.county, "cells": [grid_cell(d, p.cells.get(d), labels) for d, _ in dimensions]}
            for p in analysis.profiles]
    summary = decision_summary(Project.for_notes(analysis.notes_dir))
    return {"notes": notes, "dimensions": dimensions, "grid": grid, "tabell1": tabell1(analysis),
            "diagrams": diagrams(analysis), "skipped": analysis.corpus.skipped,
            "revised": len(summary.reanchored) + len(summary.orphaned)}


def tabell1(analysis: Analysis) -> dict:
    """Tabell 1 as rows of labelled counts, with its title and the note on counties left out."""
    crosstab = analysis.codebook.crosstabs.get(TABELL1)
    if crosstab is None:
        return {}
    frame = crosstab_frame(analysis.profiles, crosstab, analysis.codebook)
    return {"title": f"Tabell 1. {table_title(frame.attrs.get('title', ''))}", "corner": frame.index.name or "", "columns": list(frame.columns),
            "rows": [(label, [int(v) for v in values]) for label, values in zip(frame.index, frame.to_numpy())],
            "note": frame.attrs.get("note", "")}


def diagrams(analysis: Analysis) -> list[dict]:
    """Diagram 1 (plan_status) and Diagram 2 (fordelningsgrund) as labelled bars, in the report's order."""
    crosstab = analysis.codebook.crosstabs.get(TABELL1)
    result = []
    for diagram in (DIAGRAM1, DIAGRAM2):
        if diagram.dimension not in analysis.codebook.dimensions:
            continue
        first = list(crosstab.row_labels or {}) if crosstab and crosstab.rows == diagram.dimension else []
        counts = category_counts(analysis.profiles, analysis.codebook, diagram.dimension, first=first)
        most = max(int(counts.max()), 1)
        result.append({"title": diagram.caption.rstrip("."),
                       "bars": [(label, int(n), round(100 * int(n) / most)) for label, n in counts.items()]})
    return result


# --- A note --------------------------------------------------------------------------------


def note_view(analysis: Analysis, county: str, versions: dict[tuple, str]) -> dict | None:
    """A note's paragraphs under their question areas, each with its themes as chips."""
    note = analysis.corpus.note_for(county)
    if note is None:
        return None
    labels = Labels(analysis)
    findings = segment_findings(analysis)
    codes: dict[str, list] = {}
    for code in analysis.codes:
        codes.setdefault(code.segment_id, []).append(code)
    rejected = rejected_suggestions(analysis)
    areas: list[dict] = []
    for segment in analysis.corpus.segments_of(county):
        area = labels.area(segment)
        if not areas or areas[-1]["label"] != area:
            areas.append({"label": area, "paragraphs": []})
        chips = [{"theme": c.theme, "label": labels.theme(c.theme), "state": CODE_STATES.get(c.source, c.source),
                  "suggested": c.source == "auto", "evidence": evidence_text(c.evidence, labels), "coder": c.coder}
                 for c in codes.get(segment.segment_id, [])]
        chips += [{"theme": t, "label": labels.theme(t), "state": CODE_STATES["rejected"], "rejected": True,
                   "evidence": evidence_text(evidence, labels), "coder": coder} for t, evidence, coder in rejected.get(segment.segment_id, [])]
        areas[-1]["paragraphs"].append({
            "segment": segment, "text": marked_text(segment.text, findings.get(segment.segment_id, [])),
            "findings": [f"{finding_kind(f.kind)} ”{f.text}”" for f in findings.get(segment.segment_id, [])],
            "chips": chips,
            "versions": json.dumps({key[2]: version for key, version in code_versions(versions, segment.segment_id)}),
        })
    counties = [n.county for n in analysis.corpus.notes]
    at = counties.index(county)
    return {"note": note, "areas": areas, "previous": counties[at - 1] if at else None,
            "next": counties[at + 1] if at + 1 < len(counties) else None}


def evidence_text(evidence: str, labels: Labels) -> str:
    """Why a theme was suggested, in words: the words that matched, or the sub-theme that implies it."""
    implied = IMPLIED.format(theme="")
    if evidence.startswith(implied):
        return f"Följer av underteman ”{labels.theme(evidence[len(implied):])}”."
    words = evidence.split(" (cue ")[0].strip()
    return f"Träffade orden: ”{words}”." if words else ""


def code_versions(versions: dict[tuple, str], segment_id: str):
    """The (scope key, version) of the code decisions on one segment."""
    return [(key, version) for key, version in versions.items() if key[0] == "code" and key[1] == segment_id]


def rejected_suggestions(analysis: Analysis) -> dict[str, list[tuple[str, str, str]]]:
    """Per segment, the suggestions an investigator rejected: (theme, evidence, who), to show struck through."""
    effective = {(c.segment_id, c.theme) for c in analysis.codes}
    latest: dict[tuple[str, str], Decision] = {}
    for decision in analysis.decisions:
        if decision.kind.startswith("code_"):
            latest[(decision.segment_id, decision.theme)] = decision
    auto = {(c.segment_id, c.theme): c.evidence for c in analysis.auto_codes}
    result: dict[str, list[tuple[str, str, str]]] = {}
    for (segment_id, theme), decision in latest.items():
        if decision.kind == "code_rejected" and (segment_id, theme) not in effective:
            result.setdefault(segment_id, []).append((theme, auto.get((segment_id, theme), ""), decision.coder))
    return result


# --- A county ------------------------------------------------------------------------------


def county_view(analysis: Analysis, county: str, versions: dict[tuple, str]) -> dict | None:
    """Each dimension's category with the sentences behind it and the override in force, if any."""
    profile = next((p for p in analysis.profiles if p.county == county), None)
    if profile is None:
        return None
    labels = Labels(analysis)
    overrides = {(d.county, d.dimension): d for d in analysis.decisions if d.kind == "override"}
    segments = {s.segment_id: s for s in analysis.corpus.segments}
    cells = []
    for dimension_id, dimension in analysis.codebook.dimensions.items():
        cell = profile.cells.get(dimension_id)
        override = overrides.get((county, dimension_id)) if cell and cell.overridden else None
        evidence = [{"segment_id": e.segment_id, "sentence": e.sentence,
                     "area": labels.area(segments[e.segment_id]) if e.segment_id in segments else ""}
                    for e in (cell.evidence if cell and not cell.overridden else [])]
        cells.append({"id": dimension_id, "label": dimension.label, "description": dimension.description,
                      "category": cell.category if cell else None,
                      "category_label": labels.category(dimension_id, cell.category if cell else None),
                      "reason": cell.reason if cell and not cell.overridden else "",
                      "contested": bool(cell and not cell.overridden and cell.basis == "contested"),
                      "certainty": "" if cell is None or cell.overridden else certainty(cell),
                      "override": override, "evidence": evidence,
                      "categories": [(c.id, c.label) for c in dimension.categories.values()],
                      "version": versions.get(("override", county, dimension_id), NO_VERSION)})
    return {"county": county, "cells": cells, "reasons": OVERRIDE_REASONS}


# --- Quotes --------------------------------------------------------------------------------


def quote_view(analysis: Analysis, theme: str, versions: dict[tuple, str]) -> dict:
    """The theme's chosen quotes as the report prints them (or why the gate stops them), and
    its candidates with what the gate finds in them."""
    allow = load_allowlist(analysis.notes_dir)
    findings = segment_findings(analysis)
    labels = Labels(analysis)
    elsewhere = {d.segment_id: labels.theme(d.theme) for d in analysis.decisions if d.kind == "quote_chosen" and d.theme}
    chosen, offered = [], []
    for candidate in quote_candidates(theme, analysis):
        if candidate.chosen is not None:
            chosen.append({"decision": candidate.chosen, "county": candidate.county,
                           "text": gated_text(candidate, analysis, allow),
                           "version": versions.get(("quote", candidate.segment_id), NO_VERSION)})
        elif len(offered) < CANDIDATES_SHOWN:
            segment = candidate.segment
            found = findings.get(segment.segment_id, [])
            offered.append({"segment": segment, "text": marked_text(segment.text, found),
                            "findings": json.dumps([[f.start, f.end, finding_kind(f.kind), f.text] for f in found],
                                                   ensure_ascii=False),
                            "version": versions.get(("quote", segment.segment_id), NO_VERSION),
                            "elsewhere": elsewhere.get(segment.segment_id, "")})
    return {"theme": theme, "label": labels.theme(theme), "chosen": chosen, "offered": offered,
            "attribution": ATTRIBUTION}


def gated_text(candidate, analysis: Analysis, allow) -> dict:
    """A chosen quote as the report prints it, or (stopped by the gate) why not, in Swedish."""
    try:
        return {"ok": True, "text": checked_quote(candidate, analysis.corpus.segments, allow).text}
    except QuoteError:
        if candidate.segment is None or candidate.segment.text != candidate.chosen.text:
            return {"ok": False, "text": "Stycket har ändrats eller tagits bort sedan citatet valdes; välj det på nytt."}
        named = identifiers_named(kept_identifiers(candidate.segment.text, candidate.trims, allow))
        return {"ok": False, "text": f"Stoppas av anonymiseringskontrollen: citatet namnger {named}."}


def identifiers_named(findings: list[Finding]) -> str:
    """The identifiers as a sentence names them: "kommun ”Ale”, person ”Anna Berg”"."""
    return ", ".join(f"{finding_kind(f.kind)} ”{f.text}”" for f in findings)


# --- Revised notes -------------------------------------------------------------------------


def revised_view(analysis: Analysis) -> dict:
    """Decisions carried to reworded paragraphs (with their score) and orphaned ones, with the
    paragraphs of their county to re-attach them to."""
    labels = Labels(analysis)
    summary = decision_summary(Project.for_notes(analysis.notes_dir))
    segments = {s.segment_id: s for s in analysis.corpus.segments}

    def described(decision: Decision) -> dict:
        what = labels.theme(decision.theme) if decision.theme else (
            f"{labels.dimension(decision.dimension)}: {labels.category(decision.dimension, decision.category)}"
            if decision.dimension else "")
        current = segments.get(decision.segment_id)
        return {"decision": decision, "kind": DECISION_LABELS.get(decision.kind, decision.kind), "what": what,
                "old": decision.text, "new": current.text if current and decision.status == "active" else "",
                "score": decision.anchor_score,
                "targets": [(s.segment_id, short(s.text, 90)) for s in analysis.corpus.segments_of(decision.county)]}

    return {"carried": [described(d) for d in summary.reanchored], "orphaned": [described(d) for d in summary.orphaned]}

