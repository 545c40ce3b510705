"""Click's own words (usage, headings, usage errors) in Swedish, like the rest of the CLI.

Click writes "Usage:", "Options:", "[default: …]", "Missing option" and the like through
`gettext`, bound in each of its modules as `_` (and `ngettext`). The investigators read
`--help` and these errors, so `use_swedish()` rebinds those names in click's modules to look
the message up here first; a message not listed stays as click writes it. "Error: " is kept
as it is: it is the CLI's contract (scripts and the tests look for it).
"""

from __future__ import annotations

import importlib

#: The click modules that translate their messages with gettext.
CLICK_MODULES = ("click.core", "click.exceptions", "click.decorators", "click.formatting", "click.parser",
                 "click.types", "click.termui")

#: Click's messages (as click writes them) and how the CLI says them.
MESSAGES = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Saknar argumentet",
    "Missing option": "Saknar flaggan",
    "Missing parameter": "Saknar parametern",
    "Missing {param_type}": "Saknar {param_type}",
    "Missing parameter: {param_name}": "Saknar parametern: {param_name}",
    "Missing command.": "Kommando saknas.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva.",
    "file": "fil",
    "directory": "mapp",
    "path": "sökväg",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "Aborted!": "Avbrutet!",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du en av: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Fick ett oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Fick oväntade extra argument ({args})",
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} kräver {nargs} värden.",
}


def swedish(message: str) -> str:
    """The Swedish for one of click's messages (itself when not listed)."""
    return MESSAGES.get(message, message)


def swedish_plural(singular: str, plural: str, count: int) -> str:
    """The Swedish for one of click's messages that depend on a count."""
    return swedish(singular if count == 1 else plural)


def use_swedish() -> None:
    """Make click write its own words in Swedish (see the module's docstring)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = swedish
        if hasattr(module, "ngettext"):
            module.ngettext = swedish_plural
