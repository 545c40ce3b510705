"""Options and helpers shared by several commands."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from ..model import Progress, Round

#: The pipeline's stages as the progress line names them.
STAGES = {"read": "Läser anteckningarna", "tag": "Föreslår teman", "code": "Kodar", "classify": "Klassificerar länen",
          "anonymise": "Söker identifierande uppgifter",
          "tag and anonymise": "Föreslår teman och söker identifierande uppgifter",
          "learn": "Lär av besluten och föreslår fler teman",
          "tag, anonymise, learn and classify": "Föreslår teman, söker identifierande uppgifter och klassificerar länen"}

notes_option = click.option(
    "--notes",
    "notes_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="notes/2025",
    show_default=True,
    help="Omgångens mapp med anteckningar (projektdatabasen ligger i den).",
)
guide_option = click.option(
    "--guide",
    "guide_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default="interview_guides/2025.yaml",
    show_default=True,
    help="Intervjuguiden vars frågeområden anteckningarna följer.",
)
themes_option = click.option(
    "--themes",
    "themes_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default="themes.yaml",
    show_default=True,
    help="Kodboken: teman, typologins regler och korstabeller.",
)

notes_argument = click.argument("notes_dir", type=click.Path(path_type=Path, file_okay=False), default="notes/2025",
                                required=False)


def round_options(command=None, *, argument: bool = False):
    """--notes (or a NOTES_DIR argument), --guide and --themes, given to the command as one
    `round_` (a `Round`), so that every round command reads the same notes, guide and codebook."""
    if command is None:
        return functools.partial(round_options, argument=argument)

    @functools.wraps(command)
    def with_round(*args, notes_dir: Path, guide_path: Path, themes_path: Path, **kwargs):
        return command(*args, round_=Round(notes_dir, guide_path, themes_path), **kwargs)

    for option in (themes_option, guide_option, notes_argument if argument else notes_option):
        with_round = option(with_round)
    return with_round


def stderr_progress() -> Progress:
    """A progress callback that redraws one line on stderr, only when stderr is a terminal."""
    interactive = sys.stderr.isatty()

    def report(stage: str, done: int, total: int) -> None:
        if interactive:
            counted = "klart" if total == 1 else f"{done}/{total}"
            click.echo(f"\r{STAGES.get(stage, stage)}: {counted}", nl=done == total, err=True)

    return report
