"""Commands on the server's own database: `db upgrade`, `db backup`, `admin create-key`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from baton.cli.database import database_errors, open_database
from baton.cli.errors import CliError
from baton.settings import Settings

db_app = typer.Typer(help="Database maintenance (on this machine's BATON_DATABASE_URL).")
admin_app = typer.Typer(help="Administration (on this machine's BATON_DATABASE_URL).")
db_app.info.no_args_is_help = True
admin_app.info.no_args_is_help = True


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations to BATON_DATABASE_URL."""
    from baton.store import migrate

    url = Settings.from_env().database_url
    db = open_database(url)
    with database_errors(url):
        migrate.upgrade(db)
        typer.echo(f"database at revision {migrate.current_revision(db)}", err=True)


@db_app.command("backup")
def db_backup(
    dest: Annotated[Path, typer.Argument(help="The copy to write (must not exist).")],
) -> None:
    """Copy a SQLite database while the server runs (SQLite's online backup)."""
    from baton.store.backup import backup_sqlite

    url = Settings.from_env().database_url
    db = open_database(url)
    if not db.is_sqlite:
        raise CliError(
            "db backup copies SQLite databases; for PostgreSQL use pg_dump "
            "(e.g. pg_dump -Fc -f baton.dump DBNAME)"
        )
    if dest.exists():
        raise CliError(f"{dest} exists: give a new file name", exit_code=2)
    with database_errors(url):
        try:
            pages = backup_sqlite(db, dest)
        except FileNotFoundError as exc:
            raise CliError(str(exc)) from None
    typer.echo(f"backed up to {dest} ({pages} pages)", err=True)


@admin_app.command("create-key")
def create_key() -> None:
    """Create an ADMIN access key and print its id and secret (shown only this once)."""
    from baton.clock import SystemClock
    from baton.services.bootstrap import create_admin_key
    from baton.store import migrate

    url = Settings.from_env().database_url
    db = open_database(url)
    with database_errors(url):
        migrate.upgrade(db)
        key_id, secret = create_admin_key(db, SystemClock())
    typer.echo(f"keyId:     {key_id}")
    typer.echo(f"keySecret: {secret}")
    typer.echo("Store the secret now: Baton keeps only its hash.", err=True)
