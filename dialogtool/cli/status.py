"""`dialogtool status`: what the project database holds, and which decisions lost their paragraph."""

from __future__ import annotations


import click

from ..pipeline import reanchored_project
from ..coding.reanchor import MATCHES, decision_summary, normalised
from ..coding.wordcodes import shortened
from .options import round_options


@click.command("status")
@round_options
def status_command(round_) -> None:
    """Count the human decisions by kind and coder, list every decision carried to a revised
    paragraph (with how it was matched and its score) and every orphaned decision (its
    paragraph was deleted or rewritten past recognition) with its old text.

    Example:

        dialogtool status --notes notes/2025
    """
    project, _ = reanchored_project(round_)
    summary = decision_summary(project)
    if not summary.counts:
        click.echo("Decisions: none")
    else:
        click.echo("Decisions (active):")
        for (kind, coder), count in summary.counts.items():
            click.echo(f"  {kind:<14} {coder or '(no coder)':<16} {count:>5}")
    if summary.removed:
        click.echo(f"Removed: {summary.removed}")
    if summary.reanchored:
        click.echo(f"Re-anchored: {len(summary.reanchored)} (their paragraph was revised; check that each still fits)")
    for decision in summary.reanchored:
        how = MATCHES.get(decision.detail.get("anchor_match", "reworded"), "reworded paragraph")
        click.echo(f"  #{decision.id} {decision.county} {decision.kind} {decision.theme or decision.category or ''} "
                   f"by {decision.coder or '?'}: {how}, score {decision.anchor_score:g}: "
                   f"\"{shortened(decision.detail.get('anchor_text', ''))}\"")
    if not summary.orphaned:
        click.echo("Orphaned: none")
        return
    click.echo(f"Orphaned: {len(summary.orphaned)} (their paragraph is gone from the note; kept, but not counted)")
    for decision in summary.orphaned:
        what = decision.theme or decision.category or ""
        if decision.segment_id:
            lost = f"\"{normalised(decision.text)}\""
        else:
            what = f"{decision.dimension} = {decision.category}"
            lost = (f"no note for county {decision.county} in this round (did its Län: change?); record it again "
                    f"with dialogtool classify COUNTY {decision.dimension} {decision.category} --reason ...")
        click.echo(f"  #{decision.id} {decision.county} {decision.kind} {what} by {decision.coder or '?'} "
                   f"{decision.created_at[:10]}: {lost}")

