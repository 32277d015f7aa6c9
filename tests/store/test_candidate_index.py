"""The candidate index follows every save of a human task, whichever way it is written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from baton.store import human_tasks
from baton.store.db import Database
from baton.store.instances import insert_instance


def _task(db: Database, candidates: list[tuple[str, str]]) -> None:
    with db.write() as conn:
        insert_instance(
            conn,
            instance_id="i",
            def_name="p",
            def_version=1,
            def_stamp=0,
            status="RUNNING",
            state={},
            correlation_id=None,
            created_by=None,
            now=0,
            ended_at=None,
            root_id="i",
        )
        row: dict[str, Any] = {
            "id": "t",
            "instance_id": "i",
            "workflow_name": "p",
            "ref_name": "r",
            "iteration": 0,
            "definition_name": "d",
            "display_name": None,
            "state": "ASSIGNED",
            "assignee": None,
            "claimant": None,
            "owner": None,
            "form_name": None,
            "form_version": None,
            "due_at": None,
            "follow_up_at": None,
            "priority": None,
            "form_key": None,
            "headers": None,
            "document": {},
            "input": {},
            "output": {},
            "user_task": None,
            "created_at": 0,
            "updated_at": 0,
        }
        human_tasks.insert(conn, row=row, candidates=candidates)


def _save(
    db: Database,
    revision: int,
    candidates: list[tuple[str, str]],
    previous: list[tuple[str, str]] | None,
    now: int,
) -> None:
    with db.write() as conn:
        assert human_tasks.save(
            conn,
            task_id="t",
            expected_revision=revision,
            state="ASSIGNED",
            assignee=None,
            claimant=None,
            document={},
            output={},
            updated_at=now,
            candidates=candidates,
            previous=previous,
        )


def _index(db: Database) -> set[tuple[str, str, int]]:
    with db.read() as conn:
        query = "SELECT kind, principal, updated_at FROM human_task_candidates"
        return {(r[0], r[1], int(r[2])) for r in conn.execute(sa.text(query))}


GROUP = ("CONDUCTOR_GROUP", "g")
USER = ("CONDUCTOR_USER", "u")


def test_kept_closed_and_replaced_candidates_move_with_the_task(db: Database) -> None:
    _task(db, [GROUP, USER])
    assert _index(db) == {(*GROUP, 0), (*USER, 0)}
    _save(db, 1, [USER, GROUP], [GROUP, USER], now=10)  # the same ones: moved in place
    assert _index(db) == {(*GROUP, 10), (*USER, 10)}
    _save(db, 2, [GROUP], [GROUP, USER], now=20)  # fewer
    assert _index(db) == {(*GROUP, 20)}
    closed = human_tasks.closed_candidates([GROUP])
    _save(db, 3, closed, [GROUP], now=30)  # closing keeps them under closed kinds
    assert _index(db) == {("closed:CONDUCTOR_GROUP", "g", 30)}


def test_an_index_out_of_step_with_the_task_is_written_afresh(db: Database) -> None:
    _task(db, [GROUP])
    with db.write() as conn:  # a row the task does not offer (written by older code, say)
        conn.execute(sa.text("INSERT INTO human_task_candidates VALUES ('t', 'ANYONE', '*', 0)"))
    _save(db, 1, [GROUP], [GROUP], now=10)
    assert _index(db) == {(*GROUP, 10)}
    with db.write() as conn:
        conn.execute(sa.text("DELETE FROM human_task_candidates"))
    _save(db, 2, [GROUP], [GROUP], now=20)  # none held: inserted again
    assert _index(db) == {(*GROUP, 20)}
