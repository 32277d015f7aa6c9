"""`/api/admin/incidents`: failures a person must fix, listed and retried (ADMIN)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query

from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import NotFound
from baton.services import incidents
from baton.store.incidents import IncidentRow

router = APIRouter(prefix="/api/admin/incidents", tags=["incidents"])


def incident_json(incident: IncidentRow) -> dict[str, Any]:
    return {
        "key": str(incident.key),
        "errorType": incident.kind,
        "errorMessage": incident.message,
        "state": incident.state,
        "processInstanceId": incident.instance_id,
        "elementId": incident.element_id,
        "taskId": incident.task_id,
        "timerId": incident.timer_id,
        "timerKind": incident.timer_kind,
        "createdAt": incident.created_at,
        "resolvedAt": incident.resolved_at,
    }


@router.get("", summary="List incidents, newest first")
def list_incidents(
    ctx: Ctx,
    caller: CurrentCaller,
    state: Literal["ACTIVE", "RESOLVED"] | None = None,
    size: int = Query(100, ge=1, le=incidents.MAX_LIST),
) -> list[dict[str, Any]]:
    return [incident_json(i) for i in incidents.search(ctx, caller, state=state, limit=size)]


@router.post("/{key}/retry", summary="Arm the incident's timer again and resolve the incident")
def retry_incident(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    if not key.isdigit() or len(key) > 19:
        raise NotFound(f"Incident {key} not found")
    return incident_json(incidents.retry(ctx, caller, int(key)))
