"""`/v2/messages`: publish a message (kept for its time to live) or correlate one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from baton.api.camunda.render import TENANT, key
from baton.api.camunda.request_body import (
    object_body,
    optional_text,
    required_text,
    variables_of,
)
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput
from baton.services import messages

router = APIRouter(prefix="/v2/messages", tags=["camunda"])

_PUBLISH_FIELDS = {"name", "correlationKey", "timeToLive", "messageId", "variables", "tenantId"}
_CORRELATE_FIELDS = {"name", "correlationKey", "variables", "tenantId"}


@router.post("/publication", summary="Publish a message (kept for timeToLive ms)")
def publish(ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> dict[str, Any]:
    fields = object_body(body, _PUBLISH_FIELDS)
    ttl = fields.get("timeToLive", 0)
    if ttl is None:
        ttl = 0
    if not isinstance(ttl, int) or isinstance(ttl, bool):
        raise InvalidInput(
            "timeToLive must be a whole number of milliseconds",
            errors=[FieldError("timeToLive", "not int")],
        )
    message_id = optional_text(fields, "messageId")
    message_key = messages.publish(
        ctx,
        caller,
        name=required_text(fields, "name"),
        correlation_key=optional_text(fields, "correlationKey") or "",
        variables=variables_of(fields),
        time_to_live_ms=ttl,
        message_id=message_id,
        tenant=fields.get("tenantId"),
    )
    return {"messageKey": key(message_key), "tenantId": TENANT}


@router.post("/correlation", summary="Correlate a message to one subscription or start event")
def correlate(ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> dict[str, Any]:
    fields = object_body(body, _CORRELATE_FIELDS)
    found = messages.correlate(
        ctx,
        caller,
        name=required_text(fields, "name"),
        correlation_key=optional_text(fields, "correlationKey") or "",
        variables=variables_of(fields),
        tenant=fields.get("tenantId"),
    )
    return {
        "messageKey": key(found.message_key),
        "tenantId": TENANT,
        "processInstanceKey": key(found.instance_id),
    }
