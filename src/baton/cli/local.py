"""Commands on the server's own database: `db upgrade`, `db backup`, `admin create-key`."""

from __future__ import annotations

from pathlib import Path

import click

from baton.cli.database import database_errors, open_database
from baton.cli.errors import CliError
from baton.settings import Settings


@click.group(help="Database maintenance (on this machine's BATON_DATABASE_URL).")
def db_app() -> None:
    pass


@click.group(help="Administration (on this machine's BATON_DATABASE_URL).")
def admin_app() -> None:
    pass


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations to BATON_DATABASE_URL."""
    from baton.store import migrate

    url = Settings.from_env().database_url
    db = open_database(url)
    with database_errors(url):
        migrate.upgrade(db)
        click.echo(f"database at revision {migrate.current_revision(db)}", err=True)


@db_app.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
def db_backup(dest: Path) -> None:
    """Copy a SQLite database while the server runs (SQLite's online backup) to DEST, a
    new file."""
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
    click.echo(f"backed up to {dest} ({pages} pages)", err=True)


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
    click.echo(f"keyId:     {key_id}")
    click.echo(f"keySecret: {secret}")
    click.echo("Store the secret now: Baton keeps only its hash.", err=True)
