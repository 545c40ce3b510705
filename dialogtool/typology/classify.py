"""County typologies: each county put in one category per dimension, with the evidence.

The rules are data (themes.yaml `typology:`): which segments a dimension reads (its
scope: question areas and themes), the cues per category, and how they are weighed
(`first`: the first rule in file order that matches decides — every rule is still read, so
a cell where another category matched too is marked contested; `most`: the category with
the most matching sentences, each counted with its cue's weight — a summing-up verdict
can weigh more than a remark — a tie going to the dimension's `otherwise` category). A
sentence counts once per category, even where it is read again as the lead of several
list items (coding/passages.py: a list item is read with its lead sentence, as the tagger
reads it).
Cues count only stated facts unless they say otherwise,
so "beslut finns om att ta fram en plan men arbetet har inte startat" is not a plan in
progress. Where nothing settles a county, the cell stays empty and says why.
"""

from __future__ import annotations

from dataclasses import replace

from ..cues.codebook import Codebook, Dimension
from ..cues.matcher import Reading
from ..coding.learned import segment_texts
from ..coding.passages import segment_readings
from ..cues.text import is_label, sentences
from ..ingest.segment import introductions
from ..model import Cell, Code, CountyProfile, Evidence, Segment
from .learned import AGREE_AT, DISPUTE_AT, EMPTY, OVERRULE_AT, WEAK, CountyModel, reads

NO_SCOPE = "Anteckningarna tar inte upp detta (inga segment om {what})."
NO_RULE = "Anteckningarna avgör inte kategorin (ingen regel träffade)."
NOT_APPLICABLE = "Gäller bara län där {condition}."
#: A `most` category that leads the next by at least this weight is a clear lead, not a close call.
CLEAR_MARGIN = 1.0


def classify_counties(segments: list[Segment], codes: list[Code], codebook: Codebook,
                      decided: dict[tuple[str, str], Cell] | None = None,
                      readings: dict[str, Reading] | None = None,
                      learned: CountyModel | None = None) -> list[CountyProfile]:
    """One profile per county in `segments` (in their order), one cell per dimension.

    `decided` holds the cells an investigator settled by hand, by (county, dimension): they
    replace the rule's cell before the dimensions after it are read, so a dimension that only
    applies to some categories of another (plan_koppling where plan_status is finns) follows
    the hand classification rather than the overruled one. `readings`: the segments'
    `segment_readings`, where the caller has them (the tagger read the same). `learned`: the
    county model that may overrule a weak cell of the rules (typology/learned.py).
    """
    decided = decided or {}
    themes_of: dict[str, set[str]] = {}
    for code in codes:
        themes_of.setdefault(code.segment_id, set()).update({code.theme, *codebook.ancestors(code.theme)})
    by_county: dict[str, list[Segment]] = {}
    for segment in segments:
        by_county.setdefault(segment.county, []).append(segment)
    profiles = []
    for county, own in by_county.items():
        read = segment_readings(own, codebook.matcher) if readings is None else readings
        passages = [(segment, read[segment.segment_id]) for segment in own]
        read_as = model_texts(own) if learned is not None else {}
        profile = CountyProfile(county)
        for dimension in codebook.dimensions.values():
            profile.cells[dimension.id] = decided.get((county, dimension.id)) or classify_cell(
                county, dimension, profile, passages, themes_of, codebook, learned, read_as)
        profiles.append(profile)
    return profiles


def model_texts(segments: list[Segment]) -> dict[str, str]:
    """Segment id → what the county model reads of it (`segment_texts`): made once per county,
    not once per dimension, and the same strings for dimensions that read the same paragraphs."""
    return dict(zip((segment.segment_id for segment in segments), segment_texts(segments, introductions(segments))))


def classify_cell(county: str, dimension: Dimension, profile: CountyProfile, passages, themes_of, codebook,
                  learned: CountyModel | None = None, read_as: dict[str, str] | None = None) -> Cell:
    """The rules' cell, the county model's where the rules are weak and the model sure of
    another category, or the rules' cell disputed where the model leans to another
    (`read_as`: the county's `model_texts`)."""
    for other, wanted in dimension.only_where.items():
        if profile.category(other) not in wanted:
            return Cell(county, dimension.id, None,
                        reason=NOT_APPLICABLE.format(condition=applies_where(codebook.dimensions[other], wanted)),
                        basis="not_applicable")
    passages = [passage for passage in passages if in_dimension_scope(passage[0], dimension, themes_of)]
    cell = rule_cell(county, dimension, passages, codebook)
    if learned is None:
        return cell
    in_scope = [segment for segment, _ in passages]
    texts = [read_as[segment.segment_id] for segment in in_scope]
    probability = learned.probabilities(dimension.id, texts)
    if not probability:
        return cell
    cell = replace(cell, agreed=probability.get(cell.category or EMPTY, 0.0) >= AGREE_AT)
    best = max(probability, key=probability.get)
    if (best or None) == cell.category or probability[best] < DISPUTE_AT:
        return cell
    # The model never empties a cell whose rules found a sentence that says it: a statement
    # read weakly is still said (the contract: empty is where the notes do not settle it).
    if cell.basis in WEAK and probability[best] >= OVERRULE_AT and (best or not cell.evidence):
        return learned_cell(cell, dimension, in_scope, texts, learned, best, probability[best])
    named = category_names(dimension, [best])[0] if best else "ingen kategori"
    return replace(cell, disputed=True, reason=f"{cell.reason} Den inlärda modellen läser anteckningarna som "
                                               f"{named} ({round(100 * probability[best])} %): kontrollera.")


def learned_cell(cell: Cell, dimension: Dimension, in_scope: list[Segment], texts: list[str],
                 learned: CountyModel, best: str, probability: float) -> Cell:
    """The model's cell, category `best` ('' empty) at `probability`, with the sentence that
    weighs most for it in the paragraph that weighs most."""
    category = best or None
    evidence = []
    if category is not None:
        segment = in_scope[learned.weightiest(dimension.id, best, texts)]
        said = [sentence.text for sentence in sentences(segment.text)] or [segment.text]
        evidence = [Evidence(segment.segment_id, said[learned.weightiest(dimension.id, best, said)])]
    named = category_names(dimension, [category])[0] if category else "ingen kategori"
    return Cell(cell.county, dimension.id, category, evidence, basis="learned", agreed=True,
                reason=f"Inlärd bedömning ({round(100 * probability)} % sannolikhet): anteckningarna liknar dem för län "
                       f"som klassades {named}. Reglerna: {cell.reason}")


def rule_cell(county: str, dimension: Dimension, in_scope, codebook) -> Cell:
    """The rules' cell from the county's passages in the dimension's scope."""
    if not in_scope:
        themes = [f"”{codebook.themes[t].label}”" if t in codebook.themes else t for t in dimension.scope_themes]
        what = ", ".join((*themes, *dimension.scope_areas)) or dimension.label
        return Cell(county, dimension.id, None, reason=NO_SCOPE.format(what=what), basis="empty")
    found: dict[str, list[Evidence]] = {}
    #: category → sentence → the weight it counts with (its heaviest matching cue).
    votes: dict[str, dict[str, float]] = {}
    for rule in dimension.rules:
        for segment, reading in in_scope:
            if rule.absent_from(reading):
                continue
            for cue in rule.cues:
                for match in codebook.matcher.matches(cue, reading):
                    if is_label(match.sentence) or match.sentence == segment.subheading:
                        continue  # a label ("Sortering i efterhand:", a sub-heading "Utmaningar") tells no category
                    weights = votes.setdefault(rule.category, {})
                    if match.sentence not in weights:
                        found.setdefault(rule.category, []).append(Evidence(segment.segment_id, match.sentence))
                    weights[match.sentence] = max(weights.get(match.sentence, 0), cue.weight)
    if found and dimension.decide == "first":
        return first_rule_cell(county, dimension, found)
    if found and dimension.decide == "most":
        score = {category: sum(weights.values()) for category, weights in votes.items()}
        tally = ", ".join(f"{c}: {score[c]:g}" for c in found)
        ranked = sorted(found, key=lambda c: -score[c])
        if len(ranked) > 1 and score[ranked[0]] == score[ranked[1]] and dimension.otherwise:
            return Cell(county, dimension.id, dimension.otherwise, found[ranked[0]] + found[ranked[1]],
                        reason=f"Lika många träffar ({tally}): '{dimension.otherwise}'.", basis="close")
        best = ranked[0]  # sorted is stable: among equals, the earlier rule
        runner_up = score[ranked[1]] if len(ranked) > 1 else 0
        return Cell(county, dimension.id, best, found[best], reason=f"Flest träffar för '{best}' ({tally}).",
                    basis=("close" if score[best] - runner_up < CLEAR_MARGIN else
                           "single" if len(found[best]) == 1 else "most"))
    if dimension.otherwise:
        return Cell(county, dimension.id, dimension.otherwise, reason=dimension.reason or NO_RULE, basis="otherwise")
    return Cell(county, dimension.id, None, reason=dimension.reason or NO_RULE, basis="empty")


def first_rule_cell(county: str, dimension: Dimension, found: dict[str, list[Evidence]]) -> Cell:
    """The category of the first rule that matched; where a later rule of another category
    matched too, the notes speak both ways and the cell is `contested` rather than a clean
    `rule` — the two bases are calibrated apart, so only the clean one can be sure."""
    first, *others = found  # in the order of each category's first matching rule
    if others:
        named = " och ".join(category_names(dimension, others))
        return Cell(county, dimension.id, first, found[first], basis="contested",
                    reason=f"Anteckningarna talar åt två håll: även {named} har stöd i dem. Kontrollera.")
    return Cell(county, dimension.id, first, found[first], reason=f"Regel för '{first}' träffade.",
                basis="single" if len(found[first]) == 1 else "rule")


def applies_where(dimension: Dimension, wanted) -> str:
    """The condition of a dependent dimension in the report's words: "status för … är ”Handlingsplan finns”"."""
    label = dimension.label[:1].lower() + dimension.label[1:]
    return f"{label} är {' eller '.join(category_names(dimension, wanted))}"


def category_names(dimension: Dimension, categories) -> list[str]:
    """The categories as the report names them: their labels in quotation marks (ids where unknown)."""
    return [f"”{dimension.categories[c].label}”" if c in dimension.categories else c for c in categories]


def in_dimension_scope(segment: Segment, dimension: Dimension, themes_of: dict[str, set[str]]) -> bool:
    """A segment is read for a dimension when it carries one of its themes, or stands in one of
    its areas (the unknown area may be any). Either suffices: the typology must not depend on
    headings, and a paragraph under a merged or unnamed heading still says what it says; the
    rules' own words keep an off-topic paragraph from counting."""
    return reads(dimension, themes_of.get(segment.segment_id, set()), segment.area)
