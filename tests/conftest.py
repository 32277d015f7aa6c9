"""Shared fixtures. The suite runs once per database: `BATON_TEST_DB=sqlite` (default) or
`postgresql` (at `BATON_TEST_PG_URL`). Tests that use a database are marked `db`
automatically, so the PostgreSQL run (`pytest -m db`) repeats only those."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

os.environ.setdefault("BATON_HASHING", "fast")

from fastapi.testclient import TestClient

from baton.app import build_context, create_app
from baton.clock import FakeClock
from baton.services.context import ServiceContext
from baton.settings import Settings
from baton.store import migrate
from baton.store.db import Database, normalize_url
from baton.store.schema import metadata

from support import ADMIN_KEY_ID, ADMIN_KEY_SECRET, SECRET_KEY, Api

TEST_DB = os.environ.get("BATON_TEST_DB", "sqlite")
PG_URL = os.environ.get("BATON_TEST_PG_URL", "postgresql://postgres@localhost/test")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

DB_FIXTURES = {"database_url", "db", "ctx", "client"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: uses a database (repeated on PostgreSQL)")


def pytest_report_header() -> str:
    return f"baton test database: {TEST_DB}" + (f" ({PG_URL})" if TEST_DB != "sqlite" else "")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "baton.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


def _worker_database(base_url: str, worker: str) -> str:
    """Under pytest-xdist each worker gets its own database beside `base_url`'s (created on first
    use), so the workers' schema resets and truncations never meet."""
    if worker in ("", "master"):
        return base_url
    url = sa.make_url(base_url)
    name = f"{url.database}_{worker}"
    admin = sa.create_engine(normalize_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if exists is None:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _postgres_schema(worker_id: str) -> str:
    url = _worker_database(PG_URL, worker_id)
    db = Database(url)
    with db.engine.connect() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
        conn.commit()
    migrate.upgrade(db)
    db.dispose()
    return url


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if TEST_DB == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "baton.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("_postgres_schema")
    db = Database(url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with db.engine.connect() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.commit()
    db.dispose()
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        admin_key_id=ADMIN_KEY_ID,
        admin_key_secret=ADMIN_KEY_SECRET,
        max_body_bytes=256 * 1024,
    )


@pytest.fixture
def ctx(settings: Settings, clock: FakeClock, db: Database) -> ServiceContext:
    return build_context(settings, clock=clock, db=db)


@pytest.fixture
def client(ctx: ServiceContext) -> Iterator[TestClient]:
    with TestClient(create_app(ctx)) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)
