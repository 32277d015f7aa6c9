"""Process variables from the command line: `--var k=v` flags and a JSON file (or stdin)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from baton.cli.errors import CliError

var_option = click.option(
    "--var", multiple=True, help="A variable, k=v (v read as JSON when it parses). Repeatable."
)
variables_file_option = click.option(
    "--variables-file", help="A JSON object of variables ('-' reads it from stdin)."
)


def gather(flags: Sequence[str], file: str | None) -> dict[str, Any]:
    """The file's object, then each flag over it."""
    variables: dict[str, Any] = _from_file(file) if file else {}
    for item in flags:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise CliError(f"--var needs k=v, got {item!r}", exit_code=2)
        try:
            variables[name] = json.loads(raw)
        except json.JSONDecodeError:
            variables[name] = raw
    return variables


def _from_file(file: str) -> dict[str, Any]:
    where = "stdin" if file == "-" else file
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {where}: {exc}", exit_code=2) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{where} is not JSON: {exc}", exit_code=2) from None
    if not isinstance(value, dict):
        raise CliError(f"{where} must hold a JSON object of variables", exit_code=2)
    return value
