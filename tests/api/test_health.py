"""Liveness and readiness probes."""

from __future__ import annotations

import sqlalchemy as sa

from baton.api.health import SCHEDULER_EXPECTED
from baton.store import migrate

from support import Api


def test_live_answers_without_credentials(api: Api) -> None:
    response = api.client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "UP"}


def test_ready_reports_each_check(api: Api) -> None:
    response = api.client.get("/health/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "UP"
    assert body["checks"]["database"]["status"] == "UP"
    assert body["checks"]["migrations"]["status"] == "UP"
    assert body["checks"]["scheduler"]["status"] == "UP"


def test_not_ready_while_its_scheduler_is_stopped(api: Api) -> None:
    """A serving process that runs a scheduler is not ready until the scheduler runs."""
    setattr(api.client.app.state, SCHEDULER_EXPECTED, True)  # type: ignore[attr-defined]
    response = api.client.get("/health/ready")
    assert response.status_code == 503
    scheduler = response.json()["checks"]["scheduler"]
    assert scheduler["status"] == "DOWN"
    assert scheduler["owner"] == api.client.app.state.ctx.scheduler.owner  # type: ignore[attr-defined]


def test_not_ready_on_an_old_schema(api: Api) -> None:
    ctx = api.client.app.state.ctx  # type: ignore[attr-defined]
    head = migrate.head_revision()
    with ctx.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    try:
        response = api.client.get("/health/ready")
    finally:  # the PostgreSQL suite keeps one schema for every test
        with ctx.db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert response.status_code == 503
    migrations = response.json()["checks"]["migrations"]
    assert migrations["status"] == "DOWN" and migrations["revision"] == "0001"
    assert migrations["expected"] == head
