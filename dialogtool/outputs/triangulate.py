"""The survey beside the dialogues: Socialstyrelsen's answer per county against `plan_status`.

The report says the survey and the dialogues agree on the whole, with "en viss förskjutning
(i båda riktningarna) mellan kategorierna Arbete pågår och Handlingsplan finns". This makes
the shift visible county by county: a crosstab, the counties that moved, and a figure.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from .charts import BAR_COLOR, WIDTH, drawn, saved, wrapped
from ..errors import SurveyError
from ..files import write_frame
from .tables import checked_dimension
from .report import wording
from .report.spec import FINNS, PAGAR, PLAN_STATUS

#: The survey's answer codes (survey/README.md) and their Swedish labels; '' is no answer.
ANSWERS = {
    "upprattad": "Handlingsplan upprättad eller uppdaterad",
    "pagar": "Arbete pågår",
    "": "Inget svar",
}
#: The label of a county the dialogues leave without a plan_status (the others: the codebook's labels).
UNCLASSIFIED = "Ej klassificerat"
#: A move between the dialogue and the survey: (plan_status, survey answer) → direction.
MOVES = {
    (FINNS.ids[0], "pagar"): "Handlingsplan finns i dialogen, arbete pågår enligt enkäten",
    (PAGAR.ids[0], "upprattad"): "Arbete pågår i dialogen, handlingsplan upprättad enligt enkäten",
}
BLOCK_COLORS = {"upprattad": BAR_COLOR, "pagar": "#8fb8de", "": "#d0d0d0"}
#: The two moves in colour: towards "pågår" in the survey orange, towards "upprättad" green.
MOVE_COLORS = {(FINNS.ids[0], "pagar"): "#d9730d", (PAGAR.ids[0], "upprattad"): "#2f8f46"}
#: Space between two categories' blocks, in county slots.
GAP = 0.8
COLUMNS = ("county", "answer")
FIGURE_TITLE = "Länsdialogernas status för handlingsplan jämfört med enkätsvaren"


@dataclass
class Triangulation:
    """The survey per county against the dialogues, the crosstab and the counties that moved."""

    counties: pd.DataFrame
    crosstab: pd.DataFrame
    moved: pd.DataFrame
    #: plan_status id → Swedish label (the codebook's, as in Diagram 1), '' for no category.
    status_labels: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def answered(self) -> int:
        return int((self.counties["survey"] != "").sum())


def read_survey(path: Path, counties: list[str] | None = None) -> dict[str, str]:
    """{county: answer code ('' = no answer)} from the survey CSV, checked row by row.

    `counties` are the dialogues' counties: a survey county outside them is an error.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SurveyError(f"{path}: kan inte läsas ({error}); ange en CSV-fil i UTF-8 med kolumnerna county,answer.") \
            from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SurveyError(f"{path}: kolumnen {', '.join(missing)} saknas i rubrikraden "
                          f"({','.join(reader.fieldnames or []) or 'tom'}); första raden måste vara county,answer.")
    answers: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        county, answer = (row["county"] or "").strip(), (row["answer"] or "").strip()
        if not county:
            raise SurveyError(f"{path} rad {line}: länet är tomt; ange länets id (t.ex. L07).")
        if counties is not None and county not in counties:
            raise SurveyError(f"{path} rad {line}: länet '{county}' finns inte bland anteckningarnas län "
                              f"({', '.join(counties)}); använd länets id i anteckningarna.")
        if county in answers:
            raise SurveyError(f"{path} rad {line}: länet '{county}' har svarat två gånger; behåll en rad per län.")
        if answer not in ANSWERS:
            raise SurveyError(f"{path} rad {line}: okänt svar '{answer}' för {county}; använd upprattad, pagar "
                              "eller lämna tomt när svar saknas.")
        answers[county] = answer
    return answers


def triangulate(survey_csv: Path, profiles, codebook) -> Triangulation:
    """The survey's answer per county against the dialogues' plan_status (labelled as in Diagram 1)."""
    labels = {c: category.label for c, category in checked_dimension(codebook, PLAN_STATUS).categories.items()}
    labels[""] = UNCLASSIFIED
    counties = [p.county for p in profiles]
    answers = read_survey(survey_csv, counties)
    rows = []
    for profile in profiles:
        status, answer = profile.category(PLAN_STATUS) or "", answers.get(profile.county, "")
        rows.append([profile.county, status, answer, MOVES.get((status, answer), "")])
    frame = pd.DataFrame(rows, columns=["county", "plan_status", "survey", "moved"])
    crosstab = pd.crosstab(frame["survey"].map(ANSWERS), frame["plan_status"].map(labels))
    crosstab = crosstab.reindex(index=list(ANSWERS.values()), columns=[
        label for status, label in labels.items() if status or (frame["plan_status"] == "").any()],
        fill_value=0)
    crosstab.index.name, crosstab.columns.name = "Enkätsvar", "Status i länsdialogen"
    crosstab["Totalt"] = crosstab.sum(axis=1)
    crosstab.loc["Totalt"] = crosstab.sum(axis=0)
    moved = frame[frame["moved"] != ""].reset_index(drop=True)
    return Triangulation(frame, crosstab, moved, labels)


def write_triangulation(result: Triangulation, out_dir: Path) -> dict[str, Path]:
    """triangulate_counties.csv, triangulate_crosstab.csv and triangulate.png in `out_dir`."""
    out_dir = Path(out_dir)
    result.files["triangulate_counties.csv"] = write_frame(result.counties, out_dir / "triangulate_counties.csv")
    result.files["triangulate_crosstab.csv"] = write_frame(result.crosstab, out_dir / "triangulate_crosstab.csv",
                                                           index=True)
    result.files["triangulate.png"] = triangulation_figure(result, out_dir / "triangulate.png")
    return result.files


@drawn
def triangulation_figure(result: Triangulation, path: Path) -> Path:
    """Each county as a line from its status in the dialogue (left) to its survey answer (right).

    The categories are stacked blocks, one slot per county, ordered so that lines cross only
    where a county moved; the two moves the report speaks of (finns → pågår and pågår →
    upprättad) are drawn in colour and named, every other county in grey. The shift "i båda
    riktningarna" is then the two coloured bundles crossing in opposite directions.
    """
    statuses = [s for s in result.status_labels if (result.counties["plan_status"] == s).any() or s]
    answers = list(ANSWERS)
    rows = list(result.counties.itertuples())
    status_rank, answer_rank = {s: i for i, s in enumerate(statuses)}, {a: i for i, a in enumerate(answers)}
    left = slots(rows, statuses, lambda r: r.plan_status, lambda r: (answer_rank[r.survey], r.county))
    right = slots(rows, answers, lambda r: r.survey, lambda r: (status_rank.get(r.plan_status, 99), r.county))
    height = max(left["_end"], right["_end"])
    figure = Figure(figsize=(WIDTH, 1.6 + 0.2 * height))
    axes = figure.add_axes((0.3, 0.16, 0.4, 0.76))
    axes.set_xlim(-0.06, 1.06)
    axes.set_ylim(height + 0.2, -0.9)
    axes.axis("off")
    for row in sorted(rows, key=lambda r: (r.plan_status, r.survey) in MOVES):
        moved = (row.plan_status, row.survey) in MOVES
        colour = MOVE_COLORS[(row.plan_status, row.survey)] if moved else "#c8c8c8"
        axes.add_patch(PathPatch(flow(left[row.county], right[row.county]), facecolor="none", edgecolor=colour,
                                 linewidth=2.2 if moved else 1.2, alpha=0.95 if moved else 0.8,
                                 zorder=3 if moved else 2))
        if moved:
            axes.text(1.07, right[row.county], row.county, fontsize=7, color=colour, va="center", ha="left")
    labels_left = {s: result.status_labels[s] for s in statuses}
    blocks(axes, left, labels_left, rows, "plan_status", 0.0, "right")
    blocks(axes, right, ANSWERS, rows, "survey", 1.0, "left")
    axes.text(-0.03, -0.6, "Länsdialogen", fontsize=10, fontweight="bold", ha="right", va="bottom")
    axes.text(1.03, -0.6, "Enkäten", fontsize=10, fontweight="bold", ha="left", va="bottom")
    handles = [Line2D([], [], color=MOVE_COLORS[move], linewidth=2.2,
                      label=f"{text} ({wording.some(len(counties))}: {', '.join(counties)})")
               for move, text in MOVES.items() if (counties := moved_counties(result, move))]
    handles.append(Line2D([], [], color="#c8c8c8", linewidth=1.2, label="Övriga län"))
    figure.legend(handles=handles, fontsize=7.5, loc="upper left", bbox_to_anchor=(0.02, 0.14), frameon=False)
    data = {"kind": "flows", "title": FIGURE_TITLE, "rows": [result.status_labels[s] for s in statuses],
            "bars": {ANSWERS[a]: [int(((result.counties["plan_status"] == s) & (result.counties["survey"] == a)).sum())
                                  for s in statuses] for a in answers},
            "flows": {r.county: [r.plan_status, r.survey] for r in rows},
            "moved": {text: moved_counties(result, move) for move, text in MOVES.items()}}
    return saved(figure, path, data)


def slots(rows, categories: list[str], category_of, order) -> dict:
    """{county: y centre} stacking each category's counties (sorted by `order`) with a gap between categories.

    Also "_end" (the total height) and, per category, ("_block", category) → (top, bottom).
    """
    positions, y = {}, 0.0
    for category in categories:
        members = sorted((r for r in rows if category_of(r) == category), key=order)
        if not members:
            continue
        positions[("_block", category)] = (y, y + len(members))
        for member in members:
            positions[member.county] = y + 0.5
            y += 1
        y += GAP
    positions["_end"] = y - GAP
    return positions


def flow(start: float, end: float) -> MplPath:
    """An S-curve from (0, start) to (1, end)."""
    return MplPath([(0, start), (0.45, start), (0.55, end), (1, end)],
                   [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])


def blocks(axes, positions: dict, labels: dict, rows, column: str, x: float, side: str) -> None:
    """The category blocks of one column, each labelled with its name and its number of counties."""
    for category, label in labels.items():
        span = positions.get(("_block", category))
        if span is None:
            continue
        top, bottom = span
        colour = BLOCK_COLORS.get(category, "#d0d0d0") if column == "survey" else BAR_COLOR
        axes.add_patch(Rectangle((x - 0.03, top + 0.05), 0.06, bottom - top - 0.1, facecolor=colour,
                                 edgecolor="white", zorder=4))
        count = sum(1 for r in rows if getattr(r, column) == category)
        offset = -0.06 if side == "right" else 0.06
        axes.text(x + offset, (top + bottom) / 2, f"{wrapped(label, 24)} ({count})", fontsize=8.5, ha=side,
                  va="center", linespacing=1.1)


def moved_counties(result: Triangulation, move: tuple[str, str]) -> list[str]:
    return [r.county for r in result.moved.itertuples() if (r.plan_status, r.survey) == move]
