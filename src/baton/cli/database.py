"""The server's database for the local commands (`serve`, `db`, `admin`): they say which
one they open, and a bad URL or an unreachable server is one line, not a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from baton.cli.errors import CliError

if TYPE_CHECKING:
    from baton.store.db import Database


def describe(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Failures of the database at `url` as CliErrors."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from baton.model.errors import BatonError

    shown = describe(url)
    try:
        yield
    except (ArgumentError, NoSuchModuleError) as exc:
        raise CliError(
            f"BATON_DATABASE_URL {shown!r} is not a database URL Baton can use: {exc}"
        ) from None
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        raise CliError(f"cannot open the database {shown}: {first}") from None
    except BatonError as exc:
        raise CliError(f"database {shown}: {exc.message}") from None


def open_database(url: str) -> Database:
    """The database at `url`, said on stderr; its migrations are not applied here."""
    from baton.store.db import Database

    announce(url)
    with database_errors(url):
        return Database(url)


def announce(url: str) -> None:
    import sys

    print(f"database: {describe(url)}", file=sys.stderr)
