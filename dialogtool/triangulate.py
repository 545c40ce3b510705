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

from .charts import BAR_COLOR, WIDTH, saved, wrapped
from .errors import SurveyError

#: The survey's answer codes (survey/README.md) and their Swedish labels; '' is no answer.
ANSWERS = {
    "upprattad": "Handlingsplan upprättad eller uppdaterad",
    "pagar": "Arbete pågår",
    "": "Inget svar",
}
#: The dialogue's plan_status labels (as in Diagram 1), and the label of an empty cell.
STATUS_LABELS = {
    "finns": "Handlingsplan finns",
    "pagar": "Arbete pågår",
    "forberedande": "Förberedande fas",
    "integrerad": "Integrerad i andra strukturer",
    "": "Ej klassificerat",
}
#: A move between the dialogue and the survey: (plan_status, survey answer) → direction.
MOVES = {
    ("finns", "pagar"): "Handlingsplan finns i dialogen, arbete pågår enligt enkäten",
    ("pagar", "upprattad"): "Arbete pågår i dialogen, handlingsplan upprättad enligt enkäten",
}
SURVEY_COLORS = {"upprattad": BAR_COLOR, "pagar": "#8fb8de", "": "#d0d0d0"}
COLUMNS = ("county", "answer")
FIGURE_TITLE = "Länsdialogernas status för handlingsplan jämfört med enkätsvaren"


@dataclass
class Triangulation:
    """The survey per county against the dialogues, the crosstab and the counties that moved."""

    counties: pd.DataFrame
    crosstab: pd.DataFrame
    moved: pd.DataFrame
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
        raise SurveyError(f"{path}: cannot be read ({error}); give a UTF-8 CSV file with columns county,answer.") \
            from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SurveyError(f"{path}: no column {', '.join(missing)} in the header "
                          f"({','.join(reader.fieldnames or []) or 'empty'}); the first line must be county,answer.")
    answers: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        county, answer = (row["county"] or "").strip(), (row["answer"] or "").strip()
        if not county:
            raise SurveyError(f"{path} line {line}: the county is empty; give the county id (e.g. L07).")
        if counties is not None and county not in counties:
            raise SurveyError(f"{path} line {line}: county '{county}' is not among the notes' counties "
                              f"({', '.join(counties)}); use the notes' county id.")
        if county in answers:
            raise SurveyError(f"{path} line {line}: county '{county}' is answered twice; keep one row per county.")
        if answer not in ANSWERS:
            raise SurveyError(f"{path} line {line}: unknown answer '{answer}' for {county}; use upprattad, pagar "
                              "or leave it empty for no answer.")
        answers[county] = answer
    return answers


def triangulate(survey_csv: Path, profiles, codebook=None) -> Triangulation:
    """The survey's answer per county against the dialogues' plan_status (labels from `codebook` if given)."""
    labels = dict(STATUS_LABELS)
    if codebook is not None and "plan_status" in codebook.dimensions:
        labels.update({c: category.label for c, category in codebook.dimensions["plan_status"].categories.items()})
    counties = [p.county for p in profiles]
    answers = read_survey(survey_csv, counties)
    rows = []
    for profile in profiles:
        status, answer = profile.category("plan_status") or "", answers.get(profile.county, "")
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
    return Triangulation(frame, crosstab, moved)


def write_triangulation(result: Triangulation, out_dir: Path) -> dict[str, Path]:
    """triangulate_counties.csv, triangulate_crosstab.csv and triangulate.png in `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result.files["triangulate_counties.csv"] = out_dir / "triangulate_counties.csv"
    result.counties.to_csv(result.files["triangulate_counties.csv"], index=False, encoding="utf-8")
    result.files["triangulate_crosstab.csv"] = out_dir / "triangulate_crosstab.csv"
    result.crosstab.to_csv(result.files["triangulate_crosstab.csv"], encoding="utf-8")
    result.files["triangulate.png"] = triangulation_figure(result, out_dir / "triangulate.png")
    return result.files


def triangulation_figure(result: Triangulation, path: Path) -> Path:
    """A bar per dialogue status, split by the survey's answers, each part with its counties' number."""
    table = result.crosstab.drop(index="Totalt", columns="Totalt")
    statuses = list(table.columns)
    figure = Figure(figsize=(WIDTH, 1.9 + 0.45 * len(statuses)))
    axes = figure.add_subplot()
    left = [0] * len(statuses)
    bars = {}
    for code, label in ANSWERS.items():
        values = [int(table.loc[label, s]) for s in statuses]
        drawn = axes.barh(range(len(statuses)), values, left=left, height=0.6, color=SURVEY_COLORS[code],
                          label=f"Enkät: {label}", edgecolor="white")
        axes.bar_label(drawn, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=9,
                       color="white" if code == "upprattad" else "#222222")
        bars[label] = values
        left = [a + b for a, b in zip(left, values)]
    axes.set_yticks(range(len(statuses)), [wrapped(f"Dialog: {s}", 30) for s in statuses], fontsize=10)
    axes.invert_yaxis()
    axes.set_xlabel("Antal län", fontsize=10)
    axes.set_xlim(0, max(left + [1]) + 0.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(wrapped(FIGURE_TITLE, 60), fontsize=11, loc="left")
    axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
    moved = ", ".join(f"{r.county} ({'finns → pågår' if r.plan_status == 'finns' else 'pågår → upprättad'})"
                      for r in result.moved.itertuples())
    if moved:
        figure.text(0.01, -0.02, wrapped(f"Förskjutning mellan dialog och enkät: {moved}.", 110), fontsize=7.5,
                    color="#444444", va="top")
    data = {"kind": "stacked bars", "title": FIGURE_TITLE, "rows": statuses, "bars": bars}
    return saved(figure, path, data)


def triangulate_notes(survey_csv: Path, notes_dir: Path, guide_path: Path, out_dir: Path | None = None) -> Triangulation:
    """Build the round in `notes_dir`, triangulate its plan_status with the survey, and write the outputs."""
    from .pipeline import build

    analysis = build(notes_dir, guide_path)
    result = triangulate(survey_csv, analysis.profiles, analysis.codebook)
    if out_dir is not None:
        write_triangulation(result, out_dir)
    return result
