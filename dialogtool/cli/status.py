"""`dialogtool status`: what the project database holds, and which decisions lost their paragraph."""

from __future__ import annotations

import click

from ..model import DECISION_LABELS
from .options import round_options


@click.command("status")
@round_options
def status_command(round_) -> None:
    """Räkna utredarnas beslut per slag och kodare, lista varje beslut som flyttats till ett reviderat
    stycke (med hur det matchades och dess likhet) och varje beslut utan stycke (dess
    stycke har strukits eller skrivits om så att det inte längre känns igen) med sin gamla text.

    Exempel:

        dialogtool status --notes notes/2025
    """
    from ..coding.reanchor import MATCHES, decision_summary, normalised
    from ..coding.wordcodes import shortened
    from ..pipeline import reanchored_project

    project, _ = reanchored_project(round_)
    summary = decision_summary(project)
    if not summary.counts:
        click.echo("Beslut: inga")
    else:
        click.echo("Beslut (aktiva):")
        for (kind, coder), count in summary.counts.items():
            click.echo(f"  {kind_named(kind):<22} {coder or '(ingen kodare)':<16} {count:>5}")
    if summary.removed:
        click.echo(f"Borttagna: {summary.removed}")
    if summary.reanchored:
        click.echo(f"Flyttade till reviderade stycken: {len(summary.reanchored)} (deras stycke har reviderats; "
                   "kontrollera att vart och ett fortfarande passar)")
    for decision in summary.reanchored:
        how = MATCHES.get(decision.detail.get("anchor_match", "reworded"), MATCHES["reworded"])
        click.echo(f"  #{decision.id} {decision.county} {kind_named(decision.kind)} "
                   f"{decision.theme or decision.category or ''} "
                   f"av {decision.coder or '?'}: {how}, likhet {decision.anchor_score:g}: "
                   f"\"{shortened(decision.detail.get('anchor_text', ''))}\"")
    if not summary.orphaned:
        click.echo("Utan stycke: inga")
        return
    click.echo(f"Utan stycke: {len(summary.orphaned)} (deras stycke finns inte längre i anteckningen; sparade, men "
               "räknas inte)")
    for decision in summary.orphaned:
        what = decision.theme or decision.category or ""
        if decision.segment_id:
            lost = f"\"{normalised(decision.text)}\""
        else:
            what = f"{decision.dimension} = {decision.category}"
            lost = (f"ingen anteckning för länet {decision.county} i denna omgång (har raden Län: ändrats?); spara "
                    "det igen "
                    f"med dialogtool classify LÄN {decision.dimension} {decision.category} --reason ...")
        click.echo(f"  #{decision.id} {decision.county} {kind_named(decision.kind)} {what} "
                   f"av {decision.coder or '?'} "
                   f"{decision.created_at[:10]}: {lost}")


def kind_named(kind: str) -> str:
    """A decision's kind as the investigators read it (the app's words)."""
    return DECISION_LABELS.get(kind, kind)
