"""`dialogtool analyze --app`: the README's first command runs the main job, then opens the app."""

from __future__ import annotations

import shutil
import threading
import urllib.request

from click.testing import CliRunner

import dialogtool.app as app_package
import dialogtool.cli.app as app_cli
from conftest import ROOT
from dialogtool.app.server import address
from dialogtool.cli import cli


def test_analyze_with_app_writes_the_outputs_then_serves_the_round_on_loopback(tmp_path, monkeypatch, in_repo):
    notes = tmp_path / "notes"
    notes.mkdir()
    for county in ("L01", "L03"):
        source = next((ROOT / "notes" / "2025").glob(f"{county}.*"))
        shutil.copy(source, notes / source.name)
    opened, served = [], []
    monkeypatch.setattr(app_cli.webbrowser, "open", opened.append)
    real_serve = app_package.serve

    def serving(app, port):
        server = real_serve(app, port)
        forever = server.serve_forever

        def answer_once_then_stop():
            thread = threading.Thread(target=forever, daemon=True)
            thread.start()
            with urllib.request.urlopen(address(server), timeout=30) as response:
                served.append(response.status)
            server.shutdown()
            raise KeyboardInterrupt  # the investigator stops the app with Ctrl+C

        server.serve_forever = answer_once_then_stop
        return server

    monkeypatch.setattr(app_package, "serve", serving)
    result = CliRunner().invoke(cli, ["analyze", str(notes), "--out", str(tmp_path / "out"), "--app"])
    assert result.exit_code == 0, result.output
    assert "Anteckningar: 2\n" in result.output
    assert (tmp_path / "out" / "report.docx").is_file()
    assert opened and opened[0].startswith("http://127.0.0.1:")
    assert served == [200]
    assert result.output.rstrip().endswith("Avslutat.")
