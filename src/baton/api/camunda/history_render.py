"""Wire JSON of runtime history (element instances, variables, incidents, jobs as records)
from the rows the services return; the one table from model node kinds to Camunda element
types lives here."""

from __future__ import annotations

import json
from typing import Any

from baton.api.camunda.render import TENANT
from baton.clock import iso_ms
from baton.model.instance import IncidentKind

PROCESS = "process"

ELEMENT_TYPES: dict[str, str] = {
    PROCESS: "PROCESS",
    "start": "START_EVENT",
    "end": "END_EVENT",
    "terminate_end": "END_EVENT",
    "service_task": "SERVICE_TASK",
    "user_task": "USER_TASK",
    "exclusive_gateway": "EXCLUSIVE_GATEWAY",
    "parallel_gateway": "PARALLEL_GATEWAY",
    "inclusive_gateway": "INCLUSIVE_GATEWAY",
    "wait": "INTERMEDIATE_CATCH_EVENT",
    "set_variables": "SCRIPT_TASK",
    "loop": "MULTI_INSTANCE_BODY",
    "sub_process": "SUB_PROCESS",
    "boundary_timer": "BOUNDARY_EVENT",
    "boundary_error": "BOUNDARY_EVENT",
    "pass_through": "TASK",
    "call_activity": "CALL_ACTIVITY",
    "multi_instance": "MULTI_INSTANCE_BODY",
    "catch_event": "INTERMEDIATE_CATCH_EVENT",
    "boundary_event": "BOUNDARY_EVENT",
    "signal_throw": "INTERMEDIATE_THROW_EVENT",
    "event_gateway": "EVENT_BASED_GATEWAY",
    "error_end": "END_EVENT",
    "escalation_throw": "INTERMEDIATE_THROW_EVENT",
    "boundary_escalation": "BOUNDARY_EVENT",
    "script_task": "SCRIPT_TASK",
    "dynamic_fork": "MULTI_INSTANCE_BODY",
    "start_instance": "SERVICE_TASK",
    "terminate_instances": "SERVICE_TASK",
    "publish_event": "INTERMEDIATE_THROW_EVENT",
}

KINDS_OF_TYPE: dict[str, list[str]] = {}
for _kind, _type in ELEMENT_TYPES.items():
    KINDS_OF_TYPE.setdefault(_type, []).append(_kind)

# Camunda's incident error types; Baton's own kinds show as UNKNOWN
ERROR_TYPES = {
    k.value: k.value
    for k in (
        IncidentKind.JOB_NO_RETRIES,
        IncidentKind.EXTRACT_VALUE_ERROR,
        IncidentKind.IO_MAPPING_ERROR,
        IncidentKind.UNHANDLED_ERROR_EVENT,
    )
}

JOB_STATES = {
    "SCHEDULED": "CREATED",
    "IN_PROGRESS": "CREATED",
    "COMPLETED": "COMPLETED",
    "FAILED": "FAILED",
    "FAILED_WITH_TERMINAL_ERROR": "FAILED",
    "TIMED_OUT": "TIMED_OUT",
    "CANCELED": "CANCELED",
}

TRUNCATE_AT = 8191


def _iso(ms: int | None) -> str | None:
    return iso_ms(ms) if ms else None


def _key(value: Any) -> str | None:
    return None if value is None else str(value)


def _root(row: dict[str, Any]) -> str:
    """The top of the row's call-activity chain (rows older than 0010: its own instance)."""
    return str(row.get("root_id") or row["instance_id"])


def element_instance(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "processDefinitionId": row["def_name"],
        "startDate": iso_ms(row["start_at"]),
        "endDate": _iso(row["end_at"]),
        "elementId": row["element_id"],
        "elementName": row["element_name"] or row["element_id"],
        "type": ELEMENT_TYPES.get(row["kind"], "UNKNOWN"),
        "state": row["state"],
        "hasIncident": row["incident_key"] is not None,
        "tenantId": TENANT,
        "elementInstanceKey": str(row["key"]),
        "processInstanceKey": row["instance_id"],
        "rootProcessInstanceKey": _root(row),
        "processDefinitionKey": _key(row["process_key"]),
        "incidentKey": _key(row["incident_key"]),
    }


def variable(row: dict[str, Any], *, truncate: bool | None = None) -> dict[str, Any]:
    value: str = row["value"]
    out: dict[str, Any] = {
        "value": value,
        "name": row["name"],
        "tenantId": TENANT,
        "variableKey": str(row["key"]),
        "scopeKey": str(row["scope_key"]),
        "processInstanceKey": row["instance_id"],
        "rootProcessInstanceKey": _root(row),
    }
    if truncate is not None:
        cut = truncate and len(value) > TRUNCATE_AT
        out["value"] = value[:TRUNCATE_AT] if cut else value
        out["isTruncated"] = cut
    return out


def incident(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "processDefinitionId": row["def_name"],
        "errorType": ERROR_TYPES.get(row["kind"], "UNKNOWN"),
        "errorMessage": row["message"],
        "elementId": row["element_id"] or "",
        "creationTime": iso_ms(row["created_at"]),
        "state": row["state"],
        "tenantId": TENANT,
        "incidentKey": str(row["key"]),
        "processDefinitionKey": _key(row["process_key"]),
        "processInstanceKey": row["instance_id"],
        "rootProcessInstanceKey": _root(row),
        "elementInstanceKey": row["element_key"],
        "jobKey": row["job_key"],
    }


def job(row: dict[str, Any]) -> dict[str, Any]:
    state = JOB_STATES.get(row["status"], "CREATED")
    ended = state in ("COMPLETED", "CANCELED")
    retries = row["retries"] if row["retries"] is not None else 1
    return {
        "customHeaders": json.loads(row["headers"]) if row["headers"] else {},
        "deadline": _iso(row["deadline"]) if row["status"] == "IN_PROGRESS" else None,
        "deniedReason": None,
        "elementId": row["ref"],
        "elementInstanceKey": row["id"],
        "endTime": _iso(row["updated_at"]) if ended else None,
        "errorCode": None,
        "errorMessage": row["error_message"],
        "hasFailedWithRetriesLeft": row["failed_at"] is not None and retries > 0,
        "isDenied": None,
        "jobKey": row["id"],
        "kind": "BPMN_ELEMENT",
        "listenerEventType": "UNSPECIFIED",
        "processDefinitionId": row["def_name"],
        "processDefinitionKey": _key(row["process_key"]),
        "processInstanceKey": row["instance_id"],
        "rootProcessInstanceKey": _root(row),
        "businessId": None,
        "retries": retries,
        "state": state,
        "tenantId": TENANT,
        "type": row["queue"],
        "worker": row["worker_id"] or "",
        "creationTime": _iso(row["created_at"]),
        "lastUpdateTime": _iso(row["updated_at"]),
        "priority": 0,
    }
