"""The `--help` of every command in the user's language: the help texts written in the code are the
catalogue's messages (tests/cli/test_messages.py extracts them from the commands themselves).

A command's texts are translated when the command is about to run or show its help, each time from the
English kept aside on the first pass: a process whose locale changes (a test) says them again in the new
language, never translates a translation.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import click

from governance.i18n import _

_KEPT = "_english_"  # prefix of the attribute that keeps a text's English


def localize(command: click.Command) -> click.Command:
    """`command` (and its subcommands) with its help texts in the user's language."""
    for holder, attribute in help_texts(command):
        english = holder.__dict__.setdefault(_KEPT + attribute, getattr(holder, attribute))
        setattr(holder, attribute, _(message(english)) if english else english)
    for option in _options(command):
        if isinstance(option.type, click.Path) and option.metavar is None:
            option.metavar = _path_metavar(option.type)
    return command


def _path_metavar(path: click.Path[Any]) -> str:
    """FILE, DIRECTORY or PATH in every language, as TEXT and INTEGER are: click names a path in its
    errors by a word the catalogue translates (フォルダー), and would show that word in the help too,
    where it pads the columns by characters, so a full-width word would push its line out of line."""
    if path.file_okay and not path.dir_okay:
        return "FILE"
    return "DIRECTORY" if path.dir_okay and not path.file_okay else "PATH"


def _options(command: click.Command) -> Iterator[click.Option]:
    yield from (parameter for parameter in command.params if isinstance(parameter, click.Option))
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            yield from _options(subcommand)


def message(text: str) -> str:
    """A help text as the catalogue holds it: a docstring without its indentation, as click shows it."""
    return inspect.cleandoc(text)


def help_texts(command: click.Command) -> Iterator[tuple[object, str]]:
    """(object, attribute) of each help text of `command` and of its subcommands."""
    yield from ((command, name) for name in ("help", "short_help", "epilog"))
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            yield parameter, "help"
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            yield from help_texts(subcommand)
