"""`dialogtool app`: the investigators' local web app over a round."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from ..app import create_app, serve
from ..app.server import address
from .options import round_options


@click.command("app")
@round_options(argument=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
              show_default=True, help="Where downloads (report.docx, typology.xlsx, …) are also saved.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="The port on 127.0.0.1 to listen on (0: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser (for scripts).")
def app_command(round_, out_dir: Path, port: int, no_browser: bool) -> None:
    """Open the round in the browser: notes with their themes, the typology, Tabell 1 and the
    diagrams, quotes, revised notes and downloads, all in Swedish. Decisions are recorded in
    the round's project database under the investigator's name.

    The app listens on 127.0.0.1 only; stop it with Ctrl+C.

    Example:

    \b
        dialogtool app notes/2025
        dialogtool app notes/2025 --port 8765 --no-browser
    """
    click.echo(f"Läser anteckningarna i {round_.notes_dir} …")
    server = serve(create_app(round_, out_dir), port)
    url = address(server)
    click.echo(f"dialogtool är öppet på {url} (avsluta med Ctrl+C).")
    if not no_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Avslutat.")
    finally:
        server.server_close()
