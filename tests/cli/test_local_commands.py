"""The commands that work on the server's database here: which database, and one-line errors."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import httpx

from baton import settings

from support import BATON, running_server


def local_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    return {**env, **extra}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BATON, *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_bad_database_url_is_one_clear_line() -> None:
    done = run(local_env(BATON_DATABASE_URL="nosuchdb://x/y"), "db", "upgrade")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "database: nosuchdb://x/y"
    assert len(lines) == 2 and lines[1].startswith("error: BATON_DATABASE_URL 'nosuchdb://x/y'")
    garbled = run(local_env(BATON_DATABASE_URL="not a url"), "admin", "create-key")
    assert garbled.returncode == 1 and "Traceback" not in garbled.stderr
    assert garbled.stderr.splitlines()[-1].startswith("error: BATON_DATABASE_URL")


def test_an_unreachable_postgres_is_one_clear_line() -> None:
    url = "postgresql://baton:secret@127.0.0.1:1/nowhere"
    done = run(local_env(BATON_DATABASE_URL=url), "db", "upgrade")
    assert done.returncode == 1
    first, second = done.stderr.splitlines()
    assert first == "database: postgresql://baton:***@127.0.0.1:1/nowhere"
    assert second.startswith("error: cannot open the database") and "secret" not in second


def test_db_backup_copies_a_live_sqlite_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'baton.db'}"
    env = {"BATON_DATABASE_URL": url, "BATON_ADMIN_KEY_ID": "k", "BATON_ADMIN_KEY_SECRET": "s"}
    copy = tmp_path / "copy.db"
    with running_server(env) as (base, _process):
        assert httpx.post(f"{base}/api/token", json={"keyId": "k", "keySecret": "s"}).is_success
        done = run(local_env(BATON_DATABASE_URL=url), "db", "backup", str(copy))
        assert done.returncode == 0, done.stderr
    assert f"backed up to {copy}" in done.stderr
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM access_keys").fetchone()[0] >= 1
    again = run(local_env(BATON_DATABASE_URL=url), "db", "backup", str(copy))
    assert again.returncode == 2 and "exists" in again.stderr


def test_db_backup_refuses_postgres_with_a_pointer_to_pg_dump() -> None:
    url = "postgresql://postgres@127.0.0.1:1/nowhere"
    done = run(local_env(BATON_DATABASE_URL=url), "db", "backup", "/tmp/never-written.db")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("error: db backup copies SQLite")
    assert "pg_dump" in done.stderr


def test_serve_help_lists_every_setting() -> None:
    done = run(local_env(COLUMNS="200"), "serve", "--help")
    assert done.returncode == 0
    for name in settings.ENV_HELP:
        assert name in done.stdout, name


def test_the_settings_help_names_exactly_what_from_env_reads() -> None:
    source = Path(settings.__file__).read_text()
    body = source[source.index("def from_env") :]
    read = set(re.findall(r'"(BATON_[A-Z_]+)"', body))
    assert read == set(settings.ENV_HELP)
