"""`python -m dialogtool …`: the command line where the `dialogtool` script is not on PATH (Windows)."""

from .cli import cli

cli(prog_name="dialogtool")
