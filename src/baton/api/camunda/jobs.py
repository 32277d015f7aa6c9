"""`/v2/jobs`: activation, completion, failure, BPMN errors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda.render import TENANT, key
from baton.api.deps import Ctx, CurrentCaller
from baton.clock import iso_ms
from baton.services import jobs
from baton.services.human.task_listeners import ListenedTask
from baton.services.jobs import ActivatedJob

router = APIRouter(prefix="/v2/jobs", tags=["camunda"])

PHYSICAL_TENANT = "default"


def render_job(job: ActivatedJob) -> dict[str, Any]:
    return {
        "type": job.type,
        "processDefinitionId": job.process_id,
        "processDefinitionVersion": job.version,
        "elementId": job.element_id,
        "customHeaders": job.custom_headers,
        "worker": job.worker,
        "retries": job.retries,
        "deadline": job.deadline,
        "variables": job.variables,
        "tenantId": TENANT,
        "physicalTenantId": PHYSICAL_TENANT,
        "jobKey": key(job.key),
        "processInstanceKey": key(job.instance_key),
        "processDefinitionKey": key(job.definition_key),
        "elementInstanceKey": key(job.element_instance_key),
        "kind": job.kind,
        "listenerEventType": (job.listener_event or "unspecified").upper(),
        "userTask": _user_task(job.user_task) if job.user_task is not None else None,
        "tags": [],
        "rootProcessInstanceKey": key(job.root_instance_key),
        "businessId": None,
        "priority": 0,
    }


def _user_task(task: ListenedTask) -> dict[str, Any]:
    """Camunda's `userTask` of a task listener job."""
    return {
        "action": task.action,
        "assignee": task.assignee,
        "candidateGroups": task.candidate_groups,
        "candidateUsers": task.candidate_users,
        "changedAttributes": task.changed_attributes,
        "dueDate": iso_ms(task.due_at) if task.due_at is not None else None,
        "followUpDate": iso_ms(task.follow_up_at) if task.follow_up_at is not None else None,
        "formKey": key(task.form_key) if task.form_key is not None else None,
        "priority": task.priority,
        "userTaskKey": key(task.user_task_key),
    }


@router.post("/activation", summary="Activate jobs of a type (long-polls up to requestTimeout)")
def activate(ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(...)) -> dict[str, Any]:
    return {"jobs": [render_job(job) for job in jobs.activate(ctx, caller, body)]}


@router.post("/{job_key}/completion", status_code=204, response_class=Response)
def complete(
    job_key: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> None:
    jobs.complete(ctx, caller, job_key, body)


@router.post("/{job_key}/failure", status_code=204, response_class=Response)
def fail(
    job_key: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> None:
    jobs.fail(ctx, caller, job_key, body)


@router.post("/{job_key}/error", status_code=204, response_class=Response)
def throw_error(
    job_key: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> None:
    jobs.throw_error(ctx, caller, job_key, body)
