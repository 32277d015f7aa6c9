"""Shared fixtures. The suite runs once per database: `BATON_TEST_DB=sqlite` (default) or
`postgresql` (at `BATON_TEST_PG_URL`). Tests that use a database are marked `db`
automatically, so the PostgreSQL run (`pytest -m db`) repeats only those."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

os.environ.setdefault("BATON_HASHING", "fast")

from fastapi.testclient import TestClient

from baton.app import build_context, create_app
from baton.clock import FakeClock
from baton.services.context import ServiceContext
from baton.settings import Settings
from baton.store import migrate
from baton.store.db import Database
from baton.store.schema import metadata

TEST_DB = os.environ.get("BATON_TEST_DB", "sqlite")
PG_URL = os.environ.get("BATON_TEST_PG_URL", "postgresql://postgres@localhost/test")
ADMIN_KEY_ID = "admin-key"
ADMIN_KEY_SECRET = "admin-secret"
SECRET_KEY = "test-signing-key-0123456789abcdef"
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


@pytest.fixture(scope="session")
def _postgres_schema() -> str:
    db = Database(PG_URL)
    with db.engine.connect() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
        conn.commit()
    migrate.upgrade(db)
    db.dispose()
    return PG_URL


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


class Api:
    """A test client plus helpers to log in as the admin key or as a user."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._admin_token: str | None = None

    def token(self, **body: Any) -> str:
        response = self.client.post("/api/token", json=body)
        assert response.status_code == 200, response.text
        token: str = response.json()["token"]
        return token

    @property
    def admin(self) -> dict[str, str]:
        if self._admin_token is None:
            self._admin_token = self.token(keyId=ADMIN_KEY_ID, keySecret=ADMIN_KEY_SECRET)
        return {"X-Authorization": self._admin_token}

    def as_user(self, user_id: str, password: str) -> dict[str, str]:
        return {"X-Authorization": self.token(email=user_id, password=password)}

    def create_user(
        self,
        user_id: str,
        *,
        password: str = "pw",
        roles: list[str] | None = None,
        groups: list[str] | None = None,
    ) -> dict[str, str]:
        """Create (as admin) a user and return that user's auth headers."""
        body: dict[str, Any] = {"name": user_id, "roles": roles or ["USER"], "password": password}
        if groups is not None:
            body["groups"] = groups
        response = self.client.put(f"/api/users/{user_id}", json=body, headers=self.admin)
        assert response.status_code == 200, response.text
        return self.as_user(user_id, password)

    def create_group(self, group_id: str, roles: list[str] | None = None) -> None:
        response = self.client.put(
            f"/api/groups/{group_id}",
            json={"description": group_id, "roles": roles or []},
            headers=self.admin,
        )
        assert response.status_code == 200, response.text


@pytest.fixture
def client(ctx: ServiceContext) -> Iterator[TestClient]:
    with TestClient(create_app(ctx)) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)
