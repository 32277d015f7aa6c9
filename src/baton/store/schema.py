"""Table definitions (SQLAlchemy Core). The only source of truth for queries; Alembic
migrations under `migrations/versions` create the same tables (a test checks they agree).

Times are epoch milliseconds (BIGINT): the wire format of the Orkes API, and identical on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _not_null(column: str) -> dict[str, Any]:
    """A partial index's condition: rows where `column` is set (both dialects)."""
    condition = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": condition, "postgresql_where": condition}


Text = sa.String  # unbounded VARCHAR on both databases

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("password_hash", Text, nullable=True),
    # Stamped anew at creation and on every password change; tokens carry it, so they die
    # with the row or the password they were issued for. '' on rows older than 0006.
    sa.Column("generation", Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("description", Text, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
)

group_members = sa.Table(
    "group_members",
    metadata,
    sa.Column("group_id", Text, sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", Text, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index(None, "user_id"),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
)

access_keys = sa.Table(
    "access_keys",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column(
        "application_id",
        Text,
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("secret_hash", Text, nullable=False),
    # stamped anew at creation and when the secret is rotated (as for users)
    sa.Column("generation", Text, nullable=False, server_default=""),
    sa.Column("status", Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

permissions = sa.Table(
    "permissions",
    metadata,
    sa.Column("subject_type", Text, primary_key=True),
    sa.Column("subject_id", Text, primary_key=True),
    sa.Column("target_type", Text, primary_key=True),
    sa.Column("target_id", Text, primary_key=True),
    sa.Column("access", Text, primary_key=True),
    sa.Index(None, "target_type", "target_id"),
)

server_secrets = sa.Table(
    "server_secrets",
    metadata,
    sa.Column("name", Text, primary_key=True),
    sa.Column("value", Text, nullable=False),
)

# ---------------------------------------------------------------- processes

task_defs = sa.Table(
    "task_defs",
    metadata,
    sa.Column("name", Text, primary_key=True),
    sa.Column("definition", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
)

process_defs = sa.Table(
    "process_defs",
    metadata,
    sa.Column("name", Text, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("notation", Text, nullable=False),
    # What the user registered (Conductor JSON), and the compiled notation-free model.
    sa.Column("source", sa.JSON, nullable=False),
    sa.Column("compiled", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
)

instances = sa.Table(
    "instances",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("def_name", Text, nullable=False),
    sa.Column("def_version", sa.Integer, nullable=False),
    # The definition's updated_at when this instance last ran: finds its cached compiled form.
    sa.Column("def_stamp", sa.BigInteger, nullable=False),
    sa.Column("status", Text, nullable=False),
    # The engine's InstanceState document (JSON text, written compactly by the store).
    sa.Column("state", sa.Text, nullable=False),
    # Bumped by every command: a write is guarded by the revision it read.
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("correlation_id", Text, nullable=True),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("ended_at", sa.BigInteger, nullable=True),
    # The top of the call-activity chain it belongs to (its own id when nobody called it),
    # set when it starts; null only on rows written without it (read as the instance itself).
    sa.Column("root_id", Text, nullable=True),
    # Conductor's idempotencyKey of the start: one instance per workflow and key (0017)
    sa.Column("idempotency_key", Text, nullable=True),
    sa.Index(None, "def_name", "status"),
    # only instances started with one: every query asks for a given id (0013)
    sa.Index(None, "correlation_id", **_not_null("correlation_id")),
    sa.Index(None, "def_name", "idempotency_key", unique=True, **_not_null("idempotency_key")),
)

# One row per task (activity attempt) of every instance: finds a task's instance, and is
# the worker queue (`queue` = task type for worker tasks, polled where status=SCHEDULED).
tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column(
        "instance_id",
        Text,
        sa.ForeignKey("instances.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("ref", Text, nullable=False),
    sa.Column("task_type", Text, nullable=False),
    sa.Column("status", Text, nullable=False),
    sa.Column("queue", Text, nullable=True),
    sa.Column("domain", Text, nullable=True),
    sa.Column("available_at", sa.BigInteger, nullable=False),
    sa.Column("worker_id", Text, nullable=True),
    sa.Column("poll_count", sa.Integer, nullable=False),
    sa.Column("started_at", sa.BigInteger, nullable=True),
    sa.Column("lease_until", sa.BigInteger, nullable=True),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    # a Zeebe job's retries left (BPMN service tasks); null for other tasks
    sa.Column("retries", sa.Integer, nullable=True),
    # a job's last failure (message; when: null if a worker never failed it) and its custom
    # headers as a worker sees them (JSON object; null for tasks that are no jobs)
    sa.Column("error_message", sa.Text, nullable=True),
    sa.Column("failed_at", sa.BigInteger, nullable=True),
    sa.Column("headers", sa.Text, nullable=True),
    # only worker tasks are polled: human and system tasks stay out of this index
    sa.Index(
        "ix_tasks_queue",
        "queue",
        "status",
        "available_at",
        sqlite_where=sa.text("queue IS NOT NULL"),
        postgresql_where=sa.text("queue IS NOT NULL"),
    ),
)

# Everything that happens at a time: WAIT timers, timeouts, worker leases, SLA expiries.
timers = sa.Table(
    "timers",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("kind", Text, nullable=False),
    sa.Column("instance_id", Text, nullable=True, index=True),
    sa.Column("task_id", Text, nullable=True, index=True),
    sa.Column("due_at", sa.BigInteger, nullable=False, index=True),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("lease_owner", Text, nullable=True),
    sa.Column("lease_until", sa.BigInteger, nullable=True),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column(
        "instance_id",
        Text,
        sa.ForeignKey("instances.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("at", sa.BigInteger, nullable=False),
    sa.Column("actor", Text, nullable=True),
    sa.Column("event", Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

# ---------------------------------------------------------------- human tasks

human_tasks = sa.Table(
    "human_tasks",
    metadata,
    # The id of the process task (Conductor HUMAN task / BPMN user task) it belongs to.
    sa.Column("id", Text, primary_key=True),
    sa.Column(
        "instance_id", Text, sa.ForeignKey("instances.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("workflow_name", Text, nullable=False),
    sa.Column("ref_name", Text, nullable=False),
    sa.Column("iteration", sa.Integer, nullable=False),
    sa.Column("definition_name", Text, nullable=False),
    sa.Column("display_name", Text, nullable=True),
    sa.Column("state", Text, nullable=False),
    # `TYPE:id` of the current assignee / claimant / owning principal (the process starter).
    sa.Column("assignee", Text, nullable=True),
    sa.Column("claimant", Text, nullable=True),
    sa.Column("owner", Text, nullable=True),
    sa.Column("form_name", Text, nullable=True),
    sa.Column("form_version", sa.Integer, nullable=True),
    # Camunda user-task attributes (BPMN), searchable; null for Conductor HUMAN tasks.
    sa.Column("due_at", sa.BigInteger, nullable=True),
    sa.Column("follow_up_at", sa.BigInteger, nullable=True),
    sa.Column("priority", sa.Integer, nullable=True),
    sa.Column("form_key", Text, nullable=True),
    sa.Column("headers", sa.Text, nullable=True),
    # The process model's user task as the engine resolved it (JSON; null for rows older
    # than 0009 that carried no user task).
    sa.Column("user_task", sa.Text, nullable=True),
    # When the task closed (the first action into COMPLETED, TIMED_OUT or DELETED).
    sa.Column("completed_at", sa.BigInteger, nullable=True),
    # The human-task document (policy, tiers, logs) and the task's input and output, as JSON.
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("input", sa.Text, nullable=False),
    sa.Column("output", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Index(None, "instance_id"),
    sa.Index(None, "updated_at"),
    sa.Index(None, "state", "updated_at"),
    sa.Index(None, "claimant", "state"),
    sa.Index(None, "owner", "state"),
    # BPMN user tasks with a due date / priority only (Conductor tasks have none); searches
    # filter on a range or value, and sort by `col IS NULL` first, which no index serves (0013)
    sa.Index(None, "due_at", **_not_null("due_at")),
    sa.Index(None, "priority", **_not_null("priority")),
)

# Who a human task is offered to right now: one row per candidate of the current tier, or a
# single (`ANYONE`, `*`) row when it is open to anyone authorized. INBOX search joins here.
human_task_candidates = sa.Table(
    "human_task_candidates",
    metadata,
    sa.Column(
        "task_id", Text, sa.ForeignKey("human_tasks.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("kind", Text, primary_key=True),
    sa.Column("principal", Text, primary_key=True),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    # the INBOX: newest first per principal, ids read from the index alone (0013)
    sa.Index(None, "kind", "principal", "updated_at", "task_id"),
    # SQLite: the primary key is the table (no rowid b-tree beside it): every write of the
    # index touches two b-trees instead of three (0014)
    sqlite_with_rowid=False,
)

form_templates = sa.Table(
    "form_templates",
    metadata,
    sa.Column("name", Text, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("json_schema", sa.JSON, nullable=False),
    sa.Column("template_ui", sa.JSON, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
    sa.Column("owner_app", Text, nullable=True),
)

# ---------------------------------------------------------------- deployments (Camunda)

deployments = sa.Table(
    "deployments",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
)

# Deployed process versions of BPMN models: the Camunda view of `process_defs` rows.
bpmn_processes = sa.Table(
    "bpmn_processes",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("process_id", Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("resource_name", Text, nullable=False),
    sa.Column("checksum", Text, nullable=False),
    sa.Column("deployment_key", sa.BigInteger, nullable=False),
    sa.Column("xml", sa.Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("process_id", "version"),
)

forms = sa.Table(
    "forms",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("form_id", Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("resource_name", Text, nullable=False),
    sa.Column("checksum", Text, nullable=False),
    sa.Column("deployment_key", sa.BigInteger, nullable=False),
    sa.Column("schema", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("form_id", "version"),
)

# ---------------------------------------------------------------- call activities (BPMN)

# A running call activity: the parent's task waits for the child instance it started.
# `depth` counts the calls above the child (1 for a child of a top-level instance); `open`
# is cleared once either side ended the link (the other side must not react again).
call_links = sa.Table(
    "call_links",
    metadata,
    sa.Column("parent_task_id", Text, primary_key=True),
    sa.Column(
        "parent_instance_id",
        Text,
        sa.ForeignKey("instances.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("child_instance_id", Text, nullable=False, unique=True),
    sa.Column("depth", sa.Integer, nullable=False),
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

# ---------------------------------------------------------------- incidents

# A failure a person must fix before the work goes on: `kind` is the error type (a timer
# whose handler kept failing: TIMER_FAILED; job retries exhausted, FEEL and mapping errors,
# unhandled errors: `IncidentKind`). The timer columns hold what `retry` needs to arm a timer
# again; `element_key` / `job_key` where an instance waits (`task_id`: the task it concerns).
incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("kind", Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("state", Text, nullable=False),  # ACTIVE, RESOLVED
    sa.Column("instance_id", Text, nullable=True),
    sa.Column("element_id", Text, nullable=True),
    sa.Column("task_id", Text, nullable=True),
    sa.Column("timer_id", Text, nullable=True),
    sa.Column("timer_kind", Text, nullable=True),
    sa.Column("timer_payload", sa.JSON, nullable=True),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("resolved_at", sa.BigInteger, nullable=True),
    sa.Column("def_name", Text, nullable=True),
    sa.Column("def_version", sa.Integer, nullable=True),
    sa.Column("element_key", Text, nullable=True),
    sa.Column("job_key", Text, nullable=True),
    sa.Index(None, "state", "created_at"),
    sa.Index(None, "instance_id"),
)

# ---------------------------------------------------------------- runtime history (BPMN)

# Every activated element of a process with `history` (and the process itself, kind
# "process"): written in the command's transaction, one INSERT when it starts, one UPDATE
# when it ends. `kind` is the model's NodeKind; `scope_key` the enclosing element instance
# (the process instance for top-level elements; null for the process).
element_instances = sa.Table(
    "element_instances",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column(
        "instance_id", Text, sa.ForeignKey("instances.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("def_name", Text, nullable=False),
    sa.Column("def_version", sa.Integer, nullable=False),
    sa.Column("element_id", Text, nullable=False),
    sa.Column("element_name", Text, nullable=False),
    sa.Column("kind", Text, nullable=False),
    sa.Column("state", Text, nullable=False),  # ACTIVE, COMPLETED, TERMINATED
    sa.Column("scope_key", sa.BigInteger, nullable=True),
    sa.Column("incident_key", sa.BigInteger, nullable=True),
    sa.Column("start_at", sa.BigInteger, nullable=False),
    sa.Column("end_at", sa.BigInteger, nullable=True),
    sa.Index(None, "instance_id", "start_at"),
)

# The current value of each variable by scope (an element instance key, or the process
# instance key), JSON text; every change also appends to `variable_history`.
variables = sa.Table(
    "variables",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column(
        "instance_id", Text, sa.ForeignKey("instances.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("scope_key", sa.BigInteger, nullable=False),
    sa.Column("name", Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("scope_key", "name"),
    sa.Index(None, "instance_id", "name"),
)

variable_history = sa.Table(
    "variable_history",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column(
        "instance_id", Text, sa.ForeignKey("instances.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("scope_key", sa.BigInteger, nullable=False),
    sa.Column("name", Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("at", sa.BigInteger, nullable=False),
    sa.Index(None, "scope_key", "name"),
    sa.Index(None, "instance_id"),
)

# Browser sessions of the web app. The cookie holds a random value; only its SHA-256 is
# stored. A session carries the user's generation (a password change ends it) and the CSRF
# token the app sends back with every unsafe request; signing out deletes the row.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id_hash", Text, primary_key=True),
    sa.Column("user_id", Text, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("generation", Text, nullable=False),
    sa.Column("csrf_token", Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("expires_at", sa.BigInteger, nullable=False),
    sa.Index(None, "user_id"),
    sa.Index(None, "expires_at"),
)

# Tasklist filters kept on the server: a user's own, optionally shared with one group
# (members see and use it; only the owner changes it). `query` is the filter as JSON text.
saved_filters = sa.Table(
    "saved_filters",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("owner_id", Text, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", Text, nullable=False),
    sa.Column("shared_group", Text, nullable=True),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Index(None, "owner_id"),
    sa.Index(None, "shared_group"),
)

# What changed on human tasks, in commit order per process, for the live feed of the web app
# (server-sent events). Each row holds the task's offer/claim before and after the change, so
# a reader decides who may see it without loading the task. Bounded: the writer trims it.
task_events = sa.Table(
    "task_events",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("task_id", Text, nullable=False),
    sa.Column("instance_id", Text, nullable=True),
    sa.Column("definition_name", Text, nullable=False),
    sa.Column("owner", Text, nullable=True),
    sa.Column("before", sa.Text, nullable=True),  # JSON glimpse; NULL: the task is new
    sa.Column("after", sa.Text, nullable=False),  # JSON glimpse
)

# ---------------------------------------------------------------- BPMN messages and signals

# What open activities wait for: a message (by name and correlation key) or a signal (by
# name). A row lives while its activity is open; a message that correlates deletes it (the
# delete settles races: one message per subscription).
event_subscriptions = sa.Table(
    "event_subscriptions",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("kind", Text, nullable=False),  # message, signal
    sa.Column("name", Text, nullable=False),
    sa.Column("correlation_key", Text, nullable=True),
    sa.Column("instance_id", Text, nullable=False),
    sa.Column("task_id", Text, nullable=False),
    sa.Column("node_id", Text, nullable=False),
    sa.Column("def_name", Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Index(None, "kind", "name", "correlation_key"),
    sa.Index(None, "task_id"),
)

# The message and signal start events of the latest version of each process.
start_subscriptions = sa.Table(
    "start_subscriptions",
    metadata,
    sa.Column("def_name", Text, primary_key=True),
    sa.Column("node_id", Text, primary_key=True),
    sa.Column("def_version", sa.Integer, nullable=False),
    sa.Column("kind", Text, nullable=False),
    sa.Column("name", Text, nullable=False),
    sa.Index(None, "kind", "name"),
)

# Published messages kept for their time to live, for subscriptions opened later; a message
# id is unique per name and correlation key while its message is kept.
buffered_messages = sa.Table(
    "buffered_messages",
    metadata,
    sa.Column("key", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("correlation_key", Text, nullable=False),
    sa.Column("message_id", Text, nullable=True),
    sa.Column("variables", sa.Text, nullable=False),  # JSON
    sa.Column("expires_at", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Index(None, "name", "correlation_key", "expires_at"),
    sa.Index(
        "uq_buffered_messages_message_id",
        "name",
        "correlation_key",
        "message_id",
        unique=True,
        **_not_null("message_id"),
    ),
)

# Which processes a message reached: a message correlates once per process (Camunda's rule),
# so a buffered message never reaches a second instance of a process it already reached.
message_correlations = sa.Table(
    "message_correlations",
    metadata,
    sa.Column("message_key", Text, primary_key=True),
    sa.Column("def_name", Text, primary_key=True),
)

# An instance started by a message with a correlation key holds the key while it runs: no
# second instance of the process starts for it (Camunda's rule).
message_start_keys = sa.Table(
    "message_start_keys",
    metadata,
    sa.Column("def_name", Text, primary_key=True),
    sa.Column("correlation_key", Text, primary_key=True),
    sa.Column("instance_id", Text, nullable=False),
    sa.Index(None, "instance_id"),
)

# ---------------------------------------------------------------- Conductor extras

# What workers logged while running a task (`/api/tasks/{taskId}/log`), oldest first.
task_logs = sa.Table(
    "task_logs",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("task_id", Text, nullable=False),
    sa.Column("log", sa.Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Index(None, "task_id", "seq"),
)

# Conductor event handlers (`/api/event`): on an event named `event`, if `condition` holds,
# run `actions` (JSON). Looked up by event, active ones only.
event_handlers = sa.Table(
    "event_handlers",
    metadata,
    sa.Column("name", Text, primary_key=True),
    sa.Column("event", Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("document", sa.Text, nullable=False),  # JSON: the whole handler as registered
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Index(None, "event", "active"),
)

# The modeler's drafts: a person's unsaved work on a BPMN diagram or a form, by name, kept on
# the server until it is deployed (or deleted). `resource_id` is the process or form id the
# content deploys as, for listing and diffing against the deployed versions.
model_drafts = sa.Table(
    "model_drafts",
    metadata,
    sa.Column("owner_id", Text, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", Text, primary_key=True),
    sa.Column("kind", Text, nullable=False),
    sa.Column("resource_id", Text, nullable=True),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
)
