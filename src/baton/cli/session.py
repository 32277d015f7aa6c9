"""The global options every client command shares, kept on the click context."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import click

from baton.cli.client import Client
from baton.cli.profiles import Connection, resolve

OutputFormat = Literal["table", "json"]


@dataclass(frozen=True)
class Session:
    """`--url`/`--token`/`--key-id`/`--key-secret` (or their BATON_* variables), the
    `--profile` to fill what they leave unset, and `--output`."""

    given: Connection
    profile: str | None
    output: OutputFormat


def session(ctx: click.Context) -> Session:
    found = ctx.find_root().obj
    assert isinstance(found, Session)
    return found


@contextmanager
def client(ctx: click.Context) -> Iterator[Client]:
    """A client of the server the options name, closed after the command."""
    state = session(ctx)
    connected = Client(resolve(state.given, state.profile))
    try:
        yield connected
    finally:
        connected.close()
