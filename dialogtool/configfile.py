"""Reading the YAML files people edit (themes.yaml, the interview guide) defensively.

A file saved by an editor in Windows-1252 would otherwise end in a UnicodeDecodeError
traceback, and a few hundred bytes of nested YAML aliases (a "billion laughs" bomb) expand to
billions of values when the document is walked. Both become one-line errors of the caller's
kind that name the file and the fix.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DialogtoolError

#: Values a YAML document may hold once its aliases are expanded: themes.yaml has about 5,000.
MAX_EXPANDED = 200_000


def config_text(path: Path, error: type[DialogtoolError]) -> str:
    """The text of a UTF-8 configuration file (a BOM is allowed); `error` naming the first bad byte otherwise."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise error(f"{path} line {line}: not UTF-8 text (byte 0x{data[problem.start]:02x}); save the file "
                    "with the encoding UTF-8 (in Notepad: Save as, Encoding: UTF-8).") from None


def composed(text: str, path: Path, error: type[DialogtoolError]) -> yaml.Node | None:
    """The YAML node graph of `text`, refused (as `error`) when its aliases expand beyond
    MAX_EXPANDED values or it nests too deeply; YAML syntax errors pass to the caller."""
    try:
        node = yaml.compose(text)
        size = expanded_size(node, {}) if node is not None else 0
    except RecursionError:
        raise error(f"{path}: nested too deeply to read; flatten the lists and mappings.") from None
    if size > MAX_EXPANDED:
        raise error(f"{path}: its anchors and aliases (&name, *name) expand to more than {MAX_EXPANDED:,} values; "
                    "write the values out instead of nesting aliases.")
    return node


def expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many nodes `node` stands for once every alias is expanded; each shared node is
    counted once and reused (`sizes`, by id), so this takes linear time even on a bomb."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(expanded_size(key, sizes) + expanded_size(value, sizes) for key, value in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(expanded_size(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[id(node)] = min(size, MAX_EXPANDED + 1)
    return sizes[id(node)]


def load_config(path: Path, error: type[DialogtoolError]):
    """The Python value of a YAML configuration file, after the encoding and expansion checks."""
    node = composed(config_text(path, error), path, error)
    return yaml.SafeLoader("").construct_document(node) if node is not None else None
