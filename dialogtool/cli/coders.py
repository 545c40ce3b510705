"""`dialogtool coder`: one person under several names (a Word comment's author, `--coder`, another tool's user)."""

from __future__ import annotations

import click

from .options import round_options


@click.group("coder")
def coder_group() -> None:
    """Ange vilka kodarnamn som är samma person, så att överensstämmelsen, status och exporterna
    räknar en utredare en gång ("Anna Andersson" i Wordkommentarer, "anna" på kommandoraden).

    Exempel:

    \b
        dialogtool coder same "Anna Andersson" anna
        dialogtool coder list
    """


@coder_group.command("same")
@click.argument("name")
@click.argument("person")
@round_options
def same_command(name: str, person: str, round_) -> None:
    """Räkna varje beslut och Wordkod av NAME som PERSONs, från och med nu och för tidigare beslut.

    Exempel:

        dialogtool coder same "Anna Andersson" anna --notes notes/2025
    """
    from ..coding.store import Project

    spelled = Project.for_notes(round_.notes_dir).declare_same(name, person)
    click.echo(f"«{name.strip()}» räknas nu som {spelled}.")


@coder_group.command("list")
@round_options
def list_command(round_) -> None:
    """Kodarnamnen som räknas som en annan person.

    Exempel:

        dialogtool coder list --notes notes/2025
    """
    from ..coding.store import Project

    persons = Project.for_notes(round_.notes_dir).persons()
    for name, person in persons.items():
        click.echo(f"{name}\t→ {person}")
    click.echo(f"{len(persons)} namn räknas som någon annan i {round_.notes_dir}.")
