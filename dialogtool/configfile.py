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
        raise error(f"{path} rad {line}: inte UTF-8-text (byte 0x{data[problem.start]:02x}); spara filen "
                    "med teckenkodningen UTF-8 (i Anteckningar: Spara som, Kodning: UTF-8).") from None


#: libyaml's parser where PyYAML was built with it (15× faster on themes.yaml), else the pure-Python one.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fast_composed(text: str) -> yaml.Node | None:
    """`text` composed with libyaml; a file it refuses is composed again by the Python parser,
    whose error messages name the problem more plainly ("expected ',' or ']', but got ':')."""
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text)


def composed(text: str, path: Path, error: type[DialogtoolError]) -> yaml.Node | None:
    """The YAML node graph of `text`, refused (as `error`) when its aliases expand beyond
    MAX_EXPANDED values or it nests too deeply; YAML syntax errors pass to the caller."""
    try:
        node = fast_composed(text)
        size = expanded_size(node, {}) if node is not None else 0
    except RecursionError:
        raise error(f"{path}: för djupt nästlad för att läsas; gör listorna och avbildningarna plattare.") from None
    if size > MAX_EXPANDED:
        most = f"{MAX_EXPANDED:,}".replace(",", " ")  # Swedish groups digits with a space
        raise error(f"{path}: dess ankare och alias (&namn, *namn) blir fler än {most} värden; "
                    "skriv ut värdena i stället för att nästla alias.")
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
