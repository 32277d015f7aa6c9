"""The variables a person working a BPMN user task sees: the task's own inputs (its
`zeebe:input` mappings), the local variables of the scopes around it (sub-process inputs,
multi-instance elements) and the process variables.

The one place that reads them: today from the instance's state document (the process
variables, and the task activity's resolved input); when variables get a table of their own,
only this module changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from baton.model.instance import Activity, InstanceState
from baton.store import instances
from baton.store.human_tasks import HumanTaskRow

INTERNAL_PREFIX = "__"  # bookkeeping inputs (`__humanTaskDefinition`), never shown


@dataclass(frozen=True)
class TaskVariable:
    """`scope_key` is the task's id for its own inputs, a sub-process instance's for its
    local variables, the instance's for process ones."""

    name: str
    value: Any
    scope_key: str
    local: bool


def local_inputs(activity_input: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in activity_input.items() if not k.startswith(INTERNAL_PREFIX)}


def in_scope(state: InstanceState, activity: Activity) -> dict[str, Any]:
    """What the task sees as one document: process variables, shadowed by its own inputs."""
    return {**state.visible_variables(activity), **local_inputs(activity.input)}


def task_variables(conn: Connection, row: HumanTaskRow) -> list[TaskVariable]:
    """The task's own inputs first, then the process variables (both, even when a name is in
    both: the Camunda variable search lists every scope)."""
    found = instances.load_instance(conn, row.instance_id)
    if found is None:
        return []
    state = InstanceState.from_dict(found.state)
    activity = state.activities.get(row.id)
    own = local_inputs(activity.input if activity is not None else row.input)
    around = [  # the local variables of the sub-processes around it, innermost first
        TaskVariable(k, v, holder.id, False)
        for holder in (state.scopes_around(activity) if activity is not None else [])
        for k, v in sorted(holder.locals.items())
    ]
    return (
        [TaskVariable(k, v, row.id, True) for k, v in sorted(own.items())]
        + around
        + [TaskVariable(k, v, row.instance_id, False) for k, v in sorted(state.variables.items())]
    )
