"""The `dialogtool` command line: a thin face over the library.

Each command parses its options, calls one library function and prints its result. Every
library error (a `DialogtoolError`) becomes a one-line `Error:` and exit code 1; no
traceback reaches the user.

A command imports the library it calls in its own body (after any check of its arguments
alone), never at the module's top, which imports only click, the standard library, its
siblings and the light `errors` and `model`: `dialogtool --help`, a command's `--help` and a
usage error then answer at once instead of importing the pipeline (scikit-learn, pandas,
matplotlib: seconds) that they never use. tests/test_imports.py holds the CLI to this.
"""

from __future__ import annotations

import os
import sys

import click

from ..errors import DialogtoolError
from .swedish import use_swedish

use_swedish()  # before the commands below create their options and types


class DialogtoolGroup(click.Group):
    """A click group that turns library errors into `Error: ...` messages, and an operating-system
    error no library function foresaw (a file vanished or locked mid-run) into one line too."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DialogtoolError as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:
            # The reader of our output went away (`dialogtool cue … | head`): nothing to report.
            # Later writes, and the interpreter's flush at exit, must not fail on the closed pipe.
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):  # no file descriptor behind stdout (a test runner's)
                pass
            ctx.exit(0)
        except OSError as error:
            where = error.filename or "en fil"
            raise click.ClickException(f"{where}: {error.strerror or error}; kontrollera att den finns och att du får "
                                       "läsa och skriva den, och kör sedan igen.") from None


@click.group(cls=DialogtoolGroup)
@click.version_option(package_name="dialogtool")
def cli() -> None:
    """Analysera länsdialogernas minnesanteckningar: textavsnitt, teman, typologier, tabeller,
    citat och rapportutkastet.

    Börja med `dialogtool analyze`, som läser notes/2025 och skriver till outputs/.
    """


from .analyze import analyze_command  # noqa: E402

cli.add_command(analyze_command)
from .word import export_word_command, template_command  # noqa: E402

cli.add_command(export_word_command)
cli.add_command(template_command)
from .review import review_group  # noqa: E402

cli.add_command(review_group)
from .status import status_command  # noqa: E402

cli.add_command(status_command)
from .agreement import agreement_command  # noqa: E402

cli.add_command(agreement_command)
from .exchange import export_group, import_group  # noqa: E402

cli.add_command(export_group)
cli.add_command(import_group)
from .typology import classify_command, crosstab_command  # noqa: E402

cli.add_command(classify_command)
cli.add_command(crosstab_command)
from .anon import anon_group  # noqa: E402

cli.add_command(anon_group)
from .quotes import quotes_group  # noqa: E402

cli.add_command(quotes_group)
from .report import compare_command, fill_command, triangulate_command  # noqa: E402

cli.add_command(fill_command)
cli.add_command(compare_command)
cli.add_command(triangulate_command)
from .evaluate import evaluate_command  # noqa: E402

cli.add_command(evaluate_command)
from .cue import cue_command  # noqa: E402

cli.add_command(cue_command)
from .app import app_command  # noqa: E402

cli.add_command(app_command)
from .coders import coder_group  # noqa: E402

cli.add_command(coder_group)
