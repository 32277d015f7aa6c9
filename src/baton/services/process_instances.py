"""BPMN process instances as the Camunda API shows them (`/v2/process-instances`)."""

from __future__ import annotations

from typing import Any

from baton.clock import iso_ms
from baton.ids import new_key_text
from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.services import incidents, workflows
from baton.services.context import ServiceContext
from baton.services.deployments import TENANT
from baton.store import deployments as store

_STATES = {
    "RUNNING": "ACTIVE",
    "PAUSED": "ACTIVE",
    "COMPLETED": "COMPLETED",
    "TERMINATED": "TERMINATED",
    "FAILED": "TERMINATED",
    "TIMED_OUT": "TERMINATED",
}


def _iso(ms: int | None) -> str | None:
    return iso_ms(ms) if ms else None


def create(ctx: ServiceContext, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise InvalidInput(
            "variables must be a JSON object", errors=[FieldError("variables", "not an object")]
        )
    with ctx.db.read() as conn:
        if body.get("processDefinitionKey") is not None:
            try:
                key = int(str(body["processDefinitionKey"]))
            except ValueError:
                raise InvalidInput("processDefinitionKey must be a string of digits") from None
            row = store.process_by_key(conn, key)
            if row is None:
                raise NotFound(f"No process definition with key {key}")
        elif isinstance(body.get("processDefinitionId"), str):
            process_id = body["processDefinitionId"]
            version = body.get("processDefinitionVersion")
            if version is None or version == -1:
                row = store.latest_process(conn, process_id)
            elif isinstance(version, int) and not isinstance(version, bool):
                row = store.process_by_version(conn, process_id, version)
            else:
                raise InvalidInput("processDefinitionVersion must be a whole number")
            if row is None:
                raise NotFound(
                    f"No deployed process {process_id!r} (version {version or 'latest'})"
                )
        else:
            raise InvalidInput(
                "send processDefinitionId (and optionally processDefinitionVersion)"
                " or processDefinitionKey"
            )
    instance_key = workflows.start(
        ctx,
        caller,
        name=row["process_id"],
        version=row["version"],
        input=variables,
        instance_id=new_key_text(),
    )
    return {
        "processDefinitionId": row["process_id"],
        "processDefinitionVersion": row["version"],
        "tenantId": TENANT,
        "variables": variables,
        "processDefinitionKey": str(row["key"]),
        "processInstanceKey": instance_key,
    }


def get(ctx: ServiceContext, caller: Caller, key: str) -> dict[str, Any]:
    found = workflows.get(ctx, caller, key, include_tasks=False)
    with ctx.db.read() as conn:
        row = store.process_by_version(conn, found["workflowName"], found["workflowVersion"])
    if row is None:
        raise NotFound(f"Process instance {key} not found")
    return {
        "processInstanceKey": key,
        "processDefinitionId": row["process_id"],
        "processDefinitionKey": str(row["key"]),
        "processDefinitionName": row["process_id"],
        "processDefinitionVersion": row["version"],
        "startDate": _iso(found.get("startTime")),
        "endDate": _iso(found.get("endTime")),
        "state": _STATES.get(found["status"], "ACTIVE"),
        "hasIncident": incidents.instance_has_incident(ctx, key),
        "tenantId": TENANT,
        "variables": found.get("variables", {}),
    }


def cancel(ctx: ServiceContext, caller: Caller, key: str) -> None:
    workflows.terminate(ctx, caller, key, "canceled")
