"""Task execution logs (`/api/tasks/{taskId}/log`): lines a worker writes while it runs a
task, read back by whoever may see the task. Bounded per line and per task, so a chatty
worker cannot fill the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from baton.model.errors import Conflict, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.services import authz, worker_tasks
from baton.services.context import ServiceContext
from baton.store import instances
from baton.store import task_logs as store

MAX_LINE_CHARS = 32_000
MAX_LINES_PER_TASK = 1_000


@dataclass(frozen=True)
class TaskLog:
    task_id: str
    log: str
    created_at: int


def append(ctx: ServiceContext, caller: Caller, task_id: str, lines: list[str]) -> None:
    """Add `lines` to the task's log: a worker of its type, or whoever steers its workflow."""
    check_lines(lines)
    view = worker_tasks.get_task(ctx, caller, task_id)  # 404 unless the caller sees it
    with ctx.db.read() as conn:
        row = instances.task_row(conn, task_id)
    if row is None:
        raise NotFound(f"Task {task_id} not found")
    if not authz.is_worker_for(ctx, caller, row.queue or row.task_type):
        state = view.state
        authz.require_instance_control(
            ctx, caller, state.instance_id, state.definition_id, state.created_by
        )
    with ctx.db.write() as conn:
        if store.count(conn, task_id) + len(lines) > MAX_LINES_PER_TASK:
            raise Conflict(f"task {task_id} already holds {MAX_LINES_PER_TASK} log lines")
        store.append(conn, task_id, lines, now=ctx.now_ms())


def check_lines(lines: list[str]) -> None:
    for line in lines:
        if len(line) > MAX_LINE_CHARS:
            raise InvalidInput(f"a log line holds at most {MAX_LINE_CHARS} characters")


def append_reported(ctx: ServiceContext, conn: Connection, task_id: str, lines: list[str]) -> None:
    """The lines a worker sent with its result, in the result's transaction: as many as the
    task's log still has room for (a result is never refused for its logs)."""
    if lines:
        room = MAX_LINES_PER_TASK - store.count(conn, task_id)
        store.append(conn, task_id, lines[: max(room, 0)], now=ctx.now_ms())


def read(ctx: ServiceContext, caller: Caller, task_id: str) -> list[TaskLog]:
    worker_tasks.get_task(ctx, caller, task_id)  # 404 unless the caller sees it
    with ctx.db.read() as conn:
        rows = store.read(conn, task_id, limit=MAX_LINES_PER_TASK)
    return [TaskLog(r.task_id, r.log, r.created_at) for r in rows]
