"""Broadcasting a BPMN signal (`POST /v2/signals/broadcast`): in one transaction it reaches
every signal subscription open at that moment and starts every process with a signal start
event for it. (Not to be confused with `services.signals`, the wake-ups of long polls.)"""

from __future__ import annotations

from typing import Any

from baton.ids import new_key_text
from baton.model.errors import FieldError, InvalidInput
from baton.model.identity import Caller
from baton.services import runtime
from baton.services.context import ServiceContext
from baton.services.event_subscriptions import broadcast as deliver_signal
from baton.services.tenants import require_tenant
from baton.services.values import check_value


def broadcast(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str,
    variables: dict[str, Any],
    tenant: str | None = None,
) -> str:
    """Broadcast a signal; its key."""
    require_tenant(tenant)
    if not name:
        raise InvalidInput(
            "signalName must not be empty", errors=[FieldError("signalName", "empty")]
        )
    check_value(ctx, variables, "variables")
    with ctx.db.write() as conn:
        results = deliver_signal(ctx, conn, name, variables, caller.actor, caller)
    runtime.after_commit(ctx, results)
    return new_key_text()
