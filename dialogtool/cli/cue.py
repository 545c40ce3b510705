"""`dialogtool cue`: try a cue on a sentence without running a round."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import themes_option

if TYPE_CHECKING:
    from ..cues.grammar import Cue
    from ..cues.matcher import Trial

#: How each clause state reads to an investigator; the id in brackets is what `when:` takes.
STATE_LABELS = {
    "stated": "konstaterat",
    "negated": "nekat",
    "planned": "planerat eller avsett",
    "past": "förflutet",
    "past_negated": "nekat om det förflutna",
    "asked": "en fråga som ställdes",
}


@click.command("cue")
@click.argument("pattern")
@click.argument("text")
@themes_option
@click.option("--rule", is_flag=True,
              help="Läs cuen som en typologiregel gör: bara konstaterade fakta räknas om den inte anger 'when:'.")
def cue_command(pattern: str, text: str, themes_path: Path, rule: bool) -> None:
    """Pröva cuen PATTERN på TEXT: om den träffar, vilka ord den träffade och hur satsen
    läses (nekad, planerad, förfluten), mening för mening.

    PATTERN skrivs som en cue i themes.yaml: ett mönster, eller en avbildning med 'unless:',
    'when:', 'within:' eller 'regex:'. Ordlistor (@plan) och orden som nekar eller planerar
    hämtas från --themes.

    Exempel:

        dialogtool cue "@plan & anta" "Planen antogs i juni."
        dialogtool cue "{pattern: '@plan & anta', unless: utkast, when: stated}" "Ett utkast till plan antogs inte."
    """
    from ..cues.codebook import load_codebook, read_cue

    codebook = load_codebook(themes_path)
    cue = read_cue(codebook, pattern, rule)
    trials = codebook.matcher.sentence_trials(cue, text)
    counted = sum(1 for _, trial in trials if trial and trial.counts)
    click.echo(f"Träff: {'ja' if counted else 'nej'} – cuen räknas i {counted} av {len(trials)} "
               f"{'mening' if len(trials) == 1 else 'meningar'}.")
    for number, (sentence, trial) in enumerate(trials, 1):
        click.echo(f"\nMening {number}: {sentence}")
        for line in trial_lines(trial, cue):
            click.echo(f"  {line}")


def trial_lines(trial: Trial | None, cue: Cue) -> list[str]:
    """What one sentence's trial says, in Swedish: the words, the clause, whether it counts and why not."""
    if trial is None:
        return ["Ingen träff."]
    match = trial.match
    lines = [f"Ord som träffade: {' … '.join(match.words)}",
             f"Satsen läses som: {STATE_LABELS[match.state]} ({match.state})"]
    if cue.pattern is not None and cue.pattern.weak and not match.topical:
        lines.append("Nämns i förbigående (i en prepositionsfras): en svag cue (?) väger då en tredjedel.")
    if not trial.in_state:
        labels = " eller ".join(STATE_LABELS[state] for state in cue.when)
        lines.append(f"Räknas inte: cuen räknas bara där satsen är {labels} (when: {', '.join(cue.when)}).")
    elif trial.cancelled_by is not None:
        lines.append(f"Räknas inte: unless-mönstret träffade ({' … '.join(trial.cancelled_by.words)}).")
    else:
        lines.append("Räknas: ja.")
    return lines
