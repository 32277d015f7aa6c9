"""`/v2/signals`: broadcast a BPMN signal."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from baton.api.camunda.render import TENANT, key
from baton.api.camunda.request_body import object_body, required_text, variables_of
from baton.api.deps import Ctx, CurrentCaller
from baton.services import bpmn_signals

router = APIRouter(prefix="/v2/signals", tags=["camunda"])

_FIELDS = {"signalName", "variables", "tenantId"}


@router.post("/broadcast", summary="Broadcast a signal to every subscription and signal start")
def broadcast(ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> dict[str, Any]:
    fields = object_body(body, _FIELDS)
    signal_key = bpmn_signals.broadcast(
        ctx,
        caller,
        name=required_text(fields, "signalName"),
        variables=variables_of(fields),
        tenant=fields.get("tenantId"),
    )
    return {"signalKey": key(signal_key), "tenantId": TENANT}
