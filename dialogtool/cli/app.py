"""`dialogtool app`: the investigators' local web app over a round."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from .options import round_options


@click.command("app")
@round_options(argument=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default="outputs",
              show_default=True, help="Mappen där nedladdade filer (report.docx, typology.xlsx, …) också sparas.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Porten på 127.0.0.1 som appen lyssnar på (0: en ledig port).")
@click.option("--no-browser", is_flag=True, help="Öppna inte webbläsaren (för skript).")
def app_command(round_, out_dir: Path, port: int, no_browser: bool) -> None:
    """Öppna omgången i webbläsaren: anteckningarna med sina teman, typologin, Tabell 1 och
    diagrammen, citat, reviderade anteckningar och nedladdningar, allt på svenska. Besluten sparas i
    omgångens projektdatabas under utredarens namn.

    Appen lyssnar bara på 127.0.0.1; avsluta den med Ctrl+C.

    Exempel:

    \b
        dialogtool app notes/2025
        dialogtool app notes/2025 --port 8765 --no-browser
    """
    from ..app import create_app, serve
    from ..app.server import address

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
