"""Bulk steering of workflow instances (`/api/workflow/bulk/...`): one action on each of many
instances, each in its own transaction, so one refusal refuses only that instance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from baton.model.errors import BatonError, InvalidInput
from baton.model.identity import Caller
from baton.services.context import ServiceContext

MAX_BULK = 1_000  # Conductor's own limit per request


@dataclass
class BulkOutcome:
    """The ids the action succeeded on, and why it failed on the others."""

    successful: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


Action = Callable[[ServiceContext, Caller, str], object]


def apply(
    ctx: ServiceContext, caller: Caller, instance_ids: Sequence[str], action: Action
) -> BulkOutcome:
    if len(instance_ids) > MAX_BULK:
        raise InvalidInput(f"at most {MAX_BULK} workflow ids per bulk request")
    outcome = BulkOutcome()
    for instance_id in dict.fromkeys(instance_ids):  # each once, in the order given
        try:
            action(ctx, caller, instance_id)
        except BatonError as exc:
            outcome.errors[instance_id] = exc.message
        else:
            outcome.successful.append(instance_id)
    return outcome
