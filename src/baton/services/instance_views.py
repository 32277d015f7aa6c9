"""Read views of workflow instances and their tasks, returned by the services for each API
family to render in its own wire shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from baton.model.instance import Activity, InstanceState
from baton.model.process import ProcessDefinition


@dataclass(frozen=True)
class WorkflowView:
    """An instance with the definition it runs; `children` maps each of its tasks that
    called a sub-workflow to that workflow's id, `parent` is (workflow id, task id) of the
    task that called this one."""

    definition: ProcessDefinition
    state: InstanceState
    children: Mapping[str, str] = field(default_factory=dict)
    parent: tuple[str, str] | None = None


@dataclass(frozen=True)
class TaskView:
    """One activity of an instance, with the instance and its definition around it;
    `sub_workflow_id`: the workflow it called (a SUB_WORKFLOW task), where the service
    looked it up."""

    definition: ProcessDefinition
    state: InstanceState
    activity: Activity
    sub_workflow_id: str | None = None


@dataclass(frozen=True)
class WorkflowSummary:
    """An instance as a search lists it, read from its row without the definition."""

    instance_id: str
    name: str
    version: int
    status: str
    correlation_id: str | None
    start_time: int | None
    update_time: int | None
    end_time: int | None
    input: dict[str, Any]
    output: dict[str, Any]
    reason: str | None
    created_by: str | None
    priority: int


@dataclass(frozen=True)
class WorkflowPage:
    """One page of a workflow search and the number of instances it was taken from."""

    total: int
    summaries: list[WorkflowSummary]
