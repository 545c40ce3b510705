"""`dialogtool coder`: one person under several names (a Word comment's author, `--coder`, another tool's user)."""

from __future__ import annotations

import click

from ..coding.store import Project
from .options import round_options


@click.group("coder")
def coder_group() -> None:
    """Say which coder names are the same person, so that agreement, status and the exports
    count one investigator once ("Anna Andersson" in Word comments, "anna" on the command line).

    Example:

    \b
        dialogtool coder same "Anna Andersson" anna
        dialogtool coder list
    """


@coder_group.command("same")
@click.argument("name")
@click.argument("person")
@round_options
def same_command(name: str, person: str, round_) -> None:
    """Count every decision and Word code by NAME as PERSON's, from now on and for earlier ones.

    Example:

        dialogtool coder same "Anna Andersson" anna --notes notes/2025
    """
    spelled = Project.for_notes(round_.notes_dir).declare_same(name, person)
    click.echo(f"«{name.strip()}» räknas nu som {spelled}.")


@coder_group.command("list")
@round_options
def list_command(round_) -> None:
    """The coder names declared to be another person.

    Example:

        dialogtool coder list --notes notes/2025
    """
    persons = Project.for_notes(round_.notes_dir).persons()
    for name, person in persons.items():
        click.echo(f"{name}\t→ {person}")
    click.echo(f"{len(persons)} namn räknas som någon annan i {round_.notes_dir}.")
