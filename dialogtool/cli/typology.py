"""`dialogtool classify` (manual typology overrides) and `dialogtool crosstab` (any two dimensions)."""

from __future__ import annotations

import os

import click

from .options import round_options


@click.command("classify")
@click.argument("county", required=False)
@click.argument("dimension", required=False)
@click.argument("category", required=False)
@click.option("--reason", default="", help="Varför länet hör till CATEGORY (krävs när klassificeringen sparas; "
                                           "visas som cellens underlag).")
@click.option("--coder", default=lambda: os.environ.get("USER") or os.environ.get("USERNAME", ""),
              show_default="$USER, i Windows %USERNAME%",
              help="Vem som beslutar (sparas med klassificeringen).")
@click.option("--list", "show_list", is_flag=True, help="Lista de aktiva ändrade klassificeringarna med sina id.")
@click.option("--remove", "remove_id", type=int, metavar="ID", help="Ta bort den ändrade klassificeringen med detta "
                                                                    "id "
                                                                    "(den finns kvar i databasen som borttagen).")
@round_options
def classify_command(county: str | None, dimension: str | None, category: str | None, reason: str, coder: str,
                     show_list: bool, remove_id: int | None, round_) -> None:
    """Klassificera länet COUNTY på typologins dimension DIMENSION som CATEGORY för hand, i stället för regeln.

    Den ändrade klassificeringen sparas i omgångens projektdatabas, gäller före regeln i
    alla utdata (typology.csv, antal, korstabeller, diagram, rapport) och finns kvar vid nya körningar.
    När ett län har flera ändrade klassificeringar på en dimension gäller den senaste.

    Exempel:

    \b
        dialogtool classify L03 plan_status pagar --reason "Planen är inte antagen, se avsnitt 2."
        dialogtool classify --list
        dialogtool classify --remove 4
    """
    if not (show_list or remove_id is not None or (county and dimension and category)):
        raise click.UsageError("ange LÄN DIMENSION KATEGORI --reason TEXT, eller --list, eller --remove ID.")
    from ..coding.store import Project
    from ..pipeline import override_category, reanchored_project
    from ..typology.overrides import list_overrides, orphaned_overrides, remove_override

    if show_list:
        project, _ = reanchored_project(round_)
        overrides, orphaned = list_overrides(project), orphaned_overrides(project)
        for o in sorted(overrides + orphaned, key=lambda o: o.id):
            mark = f"\tUTAN ANTECKNING: ingen anteckning för {o.county} i denna omgång" if o.status == "orphaned" else ""
            click.echo(f"{o.id}\t{o.county}\t{o.dimension} = {o.category}\t{o.coder} {o.created_at[:10]}\t{o.reason}"
                       + mark)
        click.echo(f"Aktiva ändrade klassificeringar i {round_.notes_dir}: {len(overrides)}."
                   + (f" Utan anteckning: {len(orphaned)} (länets Län: har ändrats eller anteckningen saknas; räknas "
                      "inte): "
                      "gör om dem för länets nuvarande id, eller ta bort dem." if orphaned else ""))
    elif remove_id is not None:
        removed = remove_override(Project.for_notes(round_.notes_dir), remove_id)
        click.echo(f"Ändrad klassificering {removed.id} borttagen: {removed.county} {removed.dimension} = "
                   f"{removed.category}; regeln avgör igen.")
    else:
        decision = override_category(round_, county, dimension, category, reason, coder)
        click.echo(f"Ändrad klassificering {decision.id} sparad: {county} {dimension} = {category} (av {coder}).")


@click.command("crosstab")
@click.argument("row")
@click.argument("column")
@round_options
def crosstab_command(row: str, column: str, round_) -> None:
    """Räkna länen efter typologins dimension ROW mot dimensionen COLUMN, med summor.

    Ändrade klassificeringar räknas. Län utan kategori på någon av dimensionerna utelämnas och nämns.

    Exempel:

        dialogtool crosstab plan_status skola_i_ledning --notes notes/2025
    """
    from ..pipeline import crosstab

    frame = crosstab(round_, row, column)
    click.echo(frame.to_string())
    if frame.attrs["note"]:
        click.echo(frame.attrs["note"])
