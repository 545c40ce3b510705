"""`dialogtool status`: what the project database holds, and which decisions lost their paragraph."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import build
from ..reanchor import decision_summary, normalised
from ..store import Project
from .options import guide_option, notes_option


@click.command("status")
@notes_option
@guide_option
def status_command(notes_dir: Path, guide_path: Path) -> None:
    """Count the human decisions by kind and coder, and list every orphaned decision
    (its paragraph was deleted or rewritten past recognition) with its old text.

    Example:

        dialogtool status --notes notes/2025
    """
    build(notes_dir, guide_path)  # re-anchors the decisions onto the current notes first
    summary = decision_summary(Project.for_notes(notes_dir))
    if not summary.counts:
        click.echo("Decisions: none")
    else:
        click.echo("Decisions (active):")
        for (kind, coder), count in summary.counts.items():
            click.echo(f"  {kind:<14} {coder or '(no coder)':<16} {count:>5}")
    if summary.removed:
        click.echo(f"Removed: {summary.removed}")
    if not summary.orphaned:
        click.echo("Orphaned: none")
        return
    click.echo(f"Orphaned: {len(summary.orphaned)} (their paragraph is gone from the note; kept, but not counted)")
    for decision in summary.orphaned:
        what = decision.theme or decision.category or ""
        click.echo(f"  #{decision.id} {decision.county} {decision.kind} {what} by {decision.coder or '?'} "
                   f"{decision.created_at[:10]}: \"{normalised(decision.text)}\"")

