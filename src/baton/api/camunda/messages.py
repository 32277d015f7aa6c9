"""`/v2/messages`: publish a message (kept for its time to live) or correlate one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from baton.api.camunda.render import TENANT, key
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput
from baton.services import messages

router = APIRouter(prefix="/v2/messages", tags=["camunda"])

_PUBLISH_FIELDS = {"name", "correlationKey", "timeToLive", "messageId", "variables", "tenantId"}
_CORRELATE_FIELDS = {"name", "correlationKey", "variables", "tenantId"}


@router.post("/publication", summary="Publish a message (kept for timeToLive ms)")
def publish(ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> dict[str, Any]:
    fields = _fields(body, _PUBLISH_FIELDS)
    ttl = fields.get("timeToLive", 0)
    if ttl is None:
        ttl = 0
    if not isinstance(ttl, int) or isinstance(ttl, bool):
        raise InvalidInput(
            "timeToLive must be a whole number of milliseconds",
            errors=[FieldError("timeToLive", "not int")],
        )
    message_id = _text(fields, "messageId")
    message_key = messages.publish(
        ctx,
        caller,
        name=_name(fields),
        correlation_key=_text(fields, "correlationKey") or "",
        variables=_variables(fields),
        time_to_live_ms=ttl,
        message_id=message_id,
        tenant=fields.get("tenantId"),
    )
    return {"messageKey": key(message_key), "tenantId": TENANT}


@router.post("/correlation", summary="Correlate a message to one subscription or start event")
def correlate(ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> dict[str, Any]:
    fields = _fields(body, _CORRELATE_FIELDS)
    found = messages.correlate(
        ctx,
        caller,
        name=_name(fields),
        correlation_key=_text(fields, "correlationKey") or "",
        variables=_variables(fields),
        tenant=fields.get("tenantId"),
    )
    return {
        "messageKey": key(found.message_key),
        "tenantId": TENANT,
        "processInstanceKey": key(found.instance_id),
    }


def _fields(body: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidInput(
            f"unknown properties: {', '.join(unknown)}",
            errors=[FieldError(name, "unknown property") for name in unknown],
        )
    return body


def _name(fields: dict[str, Any]) -> str:
    name = fields.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidInput("name is required", errors=[FieldError("name", "required")])
    return name


def _text(fields: dict[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{name} must be text", errors=[FieldError(name, "not text")])
    return value


def _variables(fields: dict[str, Any]) -> dict[str, Any]:
    variables = fields.get("variables") or {}
    if not isinstance(variables, dict):
        raise InvalidInput(
            "variables must be a JSON object", errors=[FieldError("variables", "not an object")]
        )
    return variables
