"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..ingest.corpus import Progress

notes_option = click.option(
    "--notes",
    "notes_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="notes/2025",
    show_default=True,
    help="The round's notes directory (its project database lives inside it).",
)
guide_option = click.option(
    "--guide",
    "guide_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default="interview_guides/2025.yaml",
    show_default=True,
    help="The interview guide whose question areas the notes follow.",
)
themes_option = click.option(
    "--themes",
    "themes_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default="themes.yaml",
    show_default=True,
    help="The codebook: themes, typology rules and crosstabs.",
)


def stderr_progress() -> Progress:
    """A progress callback that redraws one line on stderr, only when stderr is a terminal."""
    interactive = sys.stderr.isatty()

    def report(stage: str, done: int, total: int) -> None:
        if interactive:
            counted = "done" if total == 1 else f"{done}/{total}"
            click.echo(f"\r{stage}: {counted}", nl=done == total, err=True)

    return report
