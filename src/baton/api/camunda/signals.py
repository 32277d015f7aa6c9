"""`/v2/signals`: broadcast a BPMN signal."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from baton.api.camunda.render import TENANT, key
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput
from baton.services import bpmn_signals

router = APIRouter(prefix="/v2/signals", tags=["camunda"])

_FIELDS = {"signalName", "variables", "tenantId"}


@router.post("/broadcast", summary="Broadcast a signal to every subscription and signal start")
def broadcast(ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise InvalidInput(
            f"unknown properties: {', '.join(unknown)}",
            errors=[FieldError(name, "unknown property") for name in unknown],
        )
    name = body.get("signalName")
    if not isinstance(name, str) or not name:
        raise InvalidInput("signalName is required", errors=[FieldError("signalName", "required")])
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise InvalidInput(
            "variables must be a JSON object", errors=[FieldError("variables", "not an object")]
        )
    signal_key = bpmn_signals.broadcast(
        ctx, caller, name=name, variables=variables, tenant=body.get("tenantId")
    )
    return {"signalKey": key(signal_key), "tenantId": TENANT}
