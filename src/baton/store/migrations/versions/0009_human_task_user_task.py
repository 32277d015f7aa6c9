"""human tasks keep the process model's user task as resolved (form, headers, ...), which
earlier rows carried in their input under `__userTask`

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.add_column("human_tasks", sa.Column("user_task", sa.Text(), nullable=True))
    _backfill()


def _backfill() -> None:
    """Rows of BPMN user tasks: the old bookkeeping input becomes the typed value."""
    conn = op.get_bind()
    table = sa.table(
        "human_tasks",
        sa.column("id", sa.Text()),
        sa.column("input", sa.Text()),
        sa.column("headers", sa.Text()),
        sa.column("user_task", sa.Text()),
    )
    after = ""
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.input, table.c.headers)
            .where(table.c.id > after, table.c.input.like('%"__userTask"%'))
            .order_by(table.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for task_id, raw_input, headers in rows:
            after = task_id
            values = _values(raw_input, headers)
            if values is not None:
                conn.execute(table.update().where(table.c.id == task_id).values(user_task=values))


def _values(raw_input: str, headers: str | None) -> str | None:
    try:
        task = json.loads(raw_input).get("__userTask")
    except (ValueError, AttributeError):
        return None
    if not isinstance(task, dict):
        return None
    form = {
        name: task[key]
        for key, name in (
            ("formId", "form_id"),
            ("bindingType", "binding"),
            ("versionTag", "version_tag"),
            ("formKey", "form_key"),
            ("embeddedFormId", "embedded_form_id"),
            ("externalReference", "external_reference"),
        )
        if task.get(key) is not None
    }
    out: dict[str, object] = {"implementation": task.get("implementation") or "ZEEBE_USER_TASK"}
    for key, name in (
        ("assignee", "assignee"),
        ("candidateUsers", "candidate_users"),
        ("candidateGroups", "candidate_groups"),
        ("dueDate", "due"),
        ("followUpDate", "follow_up"),
        ("priority", "priority"),
    ):
        if task.get(key) is not None:
            out[name] = task[key]
    if form:
        out["form"] = form
    if headers:
        out["headers"] = json.loads(headers)
    return json.dumps(out, separators=(",", ":"))


def downgrade() -> None:
    op.drop_column("human_tasks", "user_task")
