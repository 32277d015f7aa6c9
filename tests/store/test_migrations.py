"""Migrations build exactly the schema the code queries, and re-running them is harmless."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from baton.model.user_task import FormValues
from baton.store import human_tasks as human_tasks_store
from baton.store import migrate
from baton.store.db import Database
from baton.store.schema import metadata


def test_migrations_match_the_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_at_head(db: Database) -> None:
    migrate.upgrade(db)
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()


def test_0009_keeps_the_user_task_of_existing_bpmn_rows(tmp_path: Path) -> None:
    """Rows from before 0009 carried the resolved user task in their input (`__userTask`);
    the migration makes it the typed value the form lookup and the Camunda view read."""
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        conn.commit()
        conn.execute(
            sa.text(
                "INSERT INTO instances (id, def_name, def_version, def_stamp, status, state,"
                " revision, created_at, updated_at) VALUES ('i', 'p', 1, 0, 'RUNNING', '{}',"
                " 1, 0, 0)"
            )
        )
        old_input = {
            "amount": 1,
            "__userTask": {
                "implementation": "ZEEBE_USER_TASK",
                "formId": "approve",
                "bindingType": "versionTag",
                "versionTag": "v1",
                "priority": 70,
            },
        }
        for task_id, task_input in (("bpmn", old_input), ("orkes", {"amount": 1})):
            conn.execute(
                sa.text(
                    "INSERT INTO human_tasks (id, instance_id, workflow_name, ref_name, iteration,"
                    " definition_name, state, headers, document, input, output, revision,"
                    " created_at, updated_at) VALUES (:id, 'i', 'p', 'r', 0, 'd', 'ASSIGNED',"
                    " :headers, '{}', :input, '{}', 1, 0, 0)"
                ),
                {"id": task_id, "input": json.dumps(task_input), "headers": '{"ui": "x"}'},
            )
        conn.commit()
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        bpmn, orkes = (human_tasks_store.load(conn, key) for key in ("bpmn", "orkes"))
    db.dispose()
    assert orkes is not None and orkes.user_task is None
    assert bpmn is not None and bpmn.user_task is not None
    assert bpmn.user_task.form == FormValues("approve", "versionTag", "v1")
    assert (bpmn.user_task.priority, bpmn.user_task.headers) == (70, {"ui": "x"})


def test_0010_backfills_roots_of_call_chains_and_when_tasks_closed(tmp_path: Path) -> None:
    """Instances take the top of their call chain as root (their own id when nobody called
    them); closed tasks take the time of the action that closed
    them (else their last update); open ones have none."""
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0009")
        conn.commit()
        for instance_id in ("top", "mid", "leaf", "alone"):
            conn.execute(
                sa.text(
                    "INSERT INTO instances (id, def_name, def_version, def_stamp, status, state,"
                    " revision, created_at, updated_at) VALUES (:id, 'p', 1, 0, 'RUNNING', '{}',"
                    " 1, 0, 0)"
                ),
                {"id": instance_id},
            )
        for parent, child in (("top", "mid"), ("mid", "leaf")):
            conn.execute(
                sa.text(
                    "INSERT INTO call_links (parent_task_id, parent_instance_id,"
                    " child_instance_id, depth, open, created_at)"
                    " VALUES (:task, :parent, :child, 1, 1, 0)"
                ),
                {"task": f"t-{child}", "parent": parent, "child": child},
            )
        closing = {"state": "COMPLETED", "state_start": 100, "action": "COMPLETE"}
        opened = {"state": "ASSIGNED", "state_start": 10, "action": "ASSIGNMENT"}
        for task_id, state, document in (
            ("logged", "COMPLETED", {"action_log": [opened, closing]}),
            ("unlogged", "DELETED", {}),
            ("open", "ASSIGNED", {"action_log": [opened]}),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO human_tasks (id, instance_id, workflow_name, ref_name, iteration,"
                    " definition_name, state, document, input, output, revision, created_at,"
                    " updated_at) VALUES (:id, 'top', 'p', 'r', 0, 'd', :state, :document, '{}',"
                    " '{}', 1, 0, 500)"
                ),
                {"id": task_id, "state": state, "document": json.dumps(document)},
            )
        conn.commit()
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        roots = dict(conn.execute(sa.text("SELECT id, root_id FROM instances")).all())
        closed = dict(conn.execute(sa.text("SELECT id, completed_at FROM human_tasks")).all())
    db.dispose()
    assert roots == {"top": "top", "mid": "top", "leaf": "top", "alone": "alone"}
    assert closed == {"logged": 100, "unlogged": 500, "open": None}


def test_0014_keeps_the_candidate_index(tmp_path: Path) -> None:
    """SQLite rebuilds the candidate index without a rowid: its rows stay, the task's
    deletion still cascades to them, and a downgrade gives the rowid table back intact."""
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))

    def to(revision: str, *, down: bool = False) -> None:
        with db.engine.connect() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
            conn.commit()

    def rows() -> list[tuple[object, ...]]:
        with db.engine.connect() as conn:
            query = "SELECT * FROM human_task_candidates ORDER BY kind"
            return [tuple(r) for r in conn.execute(sa.text(query))]

    to("0013")
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO instances (id, def_name, def_version, def_stamp, status, state,"
                " revision, created_at, updated_at) VALUES ('i', 'p', 1, 0, 'RUNNING', '{}',"
                " 1, 0, 0)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO human_tasks (id, instance_id, workflow_name, ref_name, iteration,"
                " definition_name, state, document, input, output, revision, created_at,"
                " updated_at) VALUES ('t', 'i', 'p', 'r', 0, 'd', 'ASSIGNED', '{}', '{}', '{}',"
                " 1, 0, 5)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO human_task_candidates VALUES"
                " ('t', 'CONDUCTOR_GROUP', 'g', 5), ('t', 'ANYONE', '*', 5)"
            )
        )
    held = [("t", "ANYONE", "*", 5), ("t", "CONDUCTOR_GROUP", "g", 5)]
    to("0014")
    assert rows() == held
    to("0013", down=True)
    assert rows() == held
    to("head")
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM human_tasks"))
    assert rows() == []
    db.dispose()
