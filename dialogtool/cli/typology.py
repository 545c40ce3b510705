"""`dialogtool classify` (manual typology overrides) and `dialogtool crosstab` (any two dimensions)."""

from __future__ import annotations

import os

import click

from ..typology.overrides import list_overrides, orphaned_overrides, remove_override
from ..pipeline import build, override_category, reanchored_project
from ..coding.store import Project
from ..outputs.tables import crosstab_by_ids
from .options import round_options


@click.command("classify")
@click.argument("county", required=False)
@click.argument("dimension", required=False)
@click.argument("category", required=False)
@click.option("--reason", default="", help="Why the county belongs in CATEGORY (required when recording; "
                                           "shown as the evidence of the cell).")
@click.option("--coder", default=lambda: os.environ.get("USER", ""), show_default="$USER",
              help="Who decides (recorded with the override).")
@click.option("--list", "show_list", is_flag=True, help="List the active overrides with their ids.")
@click.option("--remove", "remove_id", type=int, metavar="ID", help="Remove the override with this id "
                                                                    "(it is kept in the database as removed).")
@round_options
def classify_command(county: str | None, dimension: str | None, category: str | None, reason: str, coder: str,
                     show_list: bool, remove_id: int | None, round_) -> None:
    """Classify COUNTY on typology DIMENSION as CATEGORY by hand, overruling the rules.

    The override is stored in the round's project database, wins over the classifier in
    every output (typology.csv, counts, crosstabs, diagrams, report) and survives re-runs.
    When a county has several overrides on one dimension, the latest wins.

    Examples:

    \b
        dialogtool classify L03 plan_status pagar --reason "Planen är inte antagen, se avsnitt 2."
        dialogtool classify --list
        dialogtool classify --remove 4
    """
    if show_list:
        project, _ = reanchored_project(round_)
        overrides, orphaned = list_overrides(project), orphaned_overrides(project)
        for o in sorted(overrides + orphaned, key=lambda o: o.id):
            mark = f"\tORPHANED: no note for {o.county} in this round" if o.status == "orphaned" else ""
            click.echo(f"{o.id}\t{o.county}\t{o.dimension} = {o.category}\t{o.coder} {o.created_at[:10]}\t{o.reason}"
                       + mark)
        click.echo(f"{len(overrides)} active override(s) in {round_.notes_dir}."
                   + (f" {len(orphaned)} orphaned (their county's Län: changed or its note is gone; not counted): "
                      "record them again for the county's id now, or remove them." if orphaned else ""))
    elif remove_id is not None:
        removed = remove_override(Project.for_notes(round_.notes_dir), remove_id)
        click.echo(f"Removed override {removed.id}: {removed.county} {removed.dimension} = {removed.category}; "
                   f"the rule decides again.")
    elif not (county and dimension and category):
        raise click.UsageError("give COUNTY DIMENSION CATEGORY --reason TEXT, or --list, or --remove ID.")
    else:
        decision = override_category(round_, county, dimension, category, reason, coder)
        click.echo(f"Recorded override {decision.id}: {county} {dimension} = {category} (by {coder}).")


@click.command("crosstab")
@click.argument("row")
@click.argument("column")
@round_options
def crosstab_command(row: str, column: str, round_) -> None:
    """Count counties by typology dimension ROW against dimension COLUMN, with totals.

    Overrides count. Counties without a category on either dimension are left out and named.

    Example:

        dialogtool crosstab plan_status skola_i_ledning --notes notes/2025
    """
    analysis = build(round_)
    frame = crosstab_by_ids(analysis.profiles, row, column, analysis.codebook)
    click.echo(frame.to_string())
    if frame.attrs["note"]:
        click.echo(frame.attrs["note"])
