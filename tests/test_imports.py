"""The layering, enforced (in the spirit of click's own tests/test_imports.py).

Stages depend only on stages below them; only `pipeline` composes them; only the faces
(`cli/`, `app/`) import click or a web framework, print or exit. Read from the source with
`ast`, so the test sees every import, including one hidden inside a function.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dialogtool"

#: Each top-level part of the package and its layer: a module may import its own layer and those below.
LAYERS = {
    "__init__": 0, "model": 0, "errors": 0, "defaults": 0, "archives": 0, "files": 0, "cells": 0, "configfile": 0,
    "usercache": 0,
    "cues": 1,
    "ingest": 2,
    "coding": 3,
    "typology": 4,
    "anonymise": 5,
    "outputs": 6,
    "pipeline": 7,
    "app": 8,
    "cli": 9,
    "__main__": 10,  # `python -m dialogtool`: the command line where the script is not on PATH
}
#: Third-party packages only a face may import.
FACE_ONLY = {"click": {"cli"}, "flask": {"app", "cli"}, "werkzeug": {"app", "cli"}, "jinja2": {"app"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    """The top-level part of dialogtool a module belongs to ('coding' for dialogtool.coding.tag)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers inside `if TYPE_CHECKING:` blocks: imports for annotations only, never executed."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every executed import in the file."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = type_checking_lines(tree)
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno, id(node) in top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            found.extend((name if is_module(name) else target, node.lineno, id(node) in top_level) for name in names)
    return found


def is_module(name: str) -> bool:
    if not name.startswith("dialogtool"):
        return False
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


SOURCES = sorted(PACKAGE.rglob("*.py"))


def graph() -> nx.DiGraph:
    edges = nx.DiGraph()
    for path in SOURCES:
        for target, _, _ in imports_of(path):
            if target.startswith("dialogtool.") and target != module_name(path):
                edges.add_edge(module_name(path), target)
    return edges


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_imports_only_itself_and_the_stages_below(path):
    importer = part_of(module_name(path))
    assert importer in LAYERS, f"{importer} has no layer in LAYERS: place it in the architecture"
    upward = [f"line {line}: {target}" for target, line, _ in imports_of(path)
              if target.startswith("dialogtool.") and LAYERS[part_of(target)] > LAYERS[importer]]
    assert not upward, f"{path.relative_to(PACKAGE)} imports a later stage: {upward}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_faces_import_click_or_a_web_framework(path):
    importer = part_of(module_name(path))
    wrong = [f"line {line}: {target}" for target, line, _ in imports_of(path)
             if target.split(".")[0] in FACE_ONLY and importer not in FACE_ONLY[target.split(".")[0]]]
    assert not wrong, f"{path.relative_to(PACKAGE)} is library code and imports a face's framework: {wrong}"


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(module_name(p)) != "cli"],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_of_dialogtool_hides_inside_a_function(path):
    hidden = [f"line {line}: {target}" for target, line, top in imports_of(path)
              if target.startswith("dialogtool") and not top]
    assert not hidden, f"{path.relative_to(PACKAGE)} imports inside a function (a cycle dodged?): {hidden}"


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(module_name(p)) == "cli"],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_cli_imports_the_library_only_in_the_command_that_runs(path):
    """The command line's one exception to the rule above, and its reason: `dialogtool --help`, a
    command's `--help` and a usage error must not wait seconds for the pipeline (scikit-learn,
    pandas, matplotlib …) they never use, so a CLI module imports at its top only click, the
    standard library, its siblings and the light base (errors, model); a command imports the rest
    of the library in its own body, where it runs."""
    light = ("dialogtool.cli", "dialogtool.errors", "dialogtool.model")
    eager = list(dict.fromkeys(f"line {line}: {target}" for target, line, top in imports_of(path)
                               if top and target.startswith("dialogtool.") and not target.startswith(light)))
    assert not eager, (f"{path.relative_to(PACKAGE)} imports the library at module level, which every "
                       f"`dialogtool --help` then waits for; import it inside the command: {eager}")


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(module_name(p)) not in ("cli", "app")],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_library_never_prints_or_exits(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    named = [f"line {c.lineno}: {ast.unparse(c.func)}" for c in calls
             if ast.unparse(c.func) in ("print", "exit", "sys.exit", "quit", "os._exit")]
    assert not named, f"{path.relative_to(PACKAGE)} prints or exits; raise a DialogtoolError instead: {named}"


def test_the_module_graph_has_no_cycle():
    cycles = list(nx.simple_cycles(graph()))
    assert not cycles, f"import cycles: {cycles}"


def test_only_the_pipeline_and_the_faces_call_build():
    callers = []
    for path in SOURCES:
        if part_of(module_name(path)) in ("pipeline", "cli", "app"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        callers += [f"{path.relative_to(PACKAGE)} line {n.lineno}" for n in ast.walk(tree)
                    if isinstance(n, ast.Call) and ast.unparse(n.func) in ("build", "pipeline.build")]
    assert not callers, f"a stage builds the round itself; take the analysis as an argument: {callers}"


#: Third-party packages that take from tens of milliseconds (yaml) to 1.4 s (sklearn, with scipy)
#: to import: `python3 -X importtime -m dialogtool --help` before the CLI deferred its imports.
HEAVY = ("sklearn", "scipy", "numpy", "pandas", "matplotlib", "networkx", "docx", "openpyxl", "xlsxwriter",
         "lxml", "PIL", "yaml", "flask", "werkzeug", "jinja2", "simplemma", "rapidfuzz", "hunspell", "joblib")

#: Run in a fresh interpreter: every command's and group's --help and a few usage errors,
#: then which heavy packages got imported along the way.
STARTUP_PROBE = """
import json, sys
from click.testing import CliRunner
from dialogtool.cli import cli

def paths(command, path):
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from paths(sub, [*path, name])

runs = [[*path, "--help"] for path in paths(cli, [])]
runs += [["--version"], ["no-such-command"], ["analyze", "--no-such-option"], ["agreement"], ["classify"],
         ["quotes"], ["classify", "--remove", "x"]]
exits = {" ".join(args): CliRunner().invoke(cli, args).exit_code for args in runs}
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))
print(json.dumps({"exits": exits, "heavy": heavy}))
"""


def test_help_and_usage_errors_import_no_heavy_package():
    """Fails where any command module imports the pipeline (or a stage that needs one of HEAVY)
    at its top: the probe imports the entry point as the `dialogtool` script does."""
    path = os.pathsep.join(filter(None, [str(PACKAGE.parent), os.environ.get("PYTHONPATH")]))
    child = subprocess.run([sys.executable, "-c", STARTUP_PROBE, *HEAVY], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": path}, check=False)
    assert child.returncode == 0, child.stderr
    probe = json.loads(child.stdout)
    assert {"--help", "analyze --help", "anon check --help", "quotes choose --help"} <= probe["exits"].keys()
    expected = {args: 0 if args.endswith("--help") or args == "--version" else 2 for args in probe["exits"]}
    assert probe["exits"] == expected  # help and version answer; a mistake is a usage error (2)
    assert probe["heavy"] == [], f"`dialogtool --help` and usage errors import {probe['heavy']}"
