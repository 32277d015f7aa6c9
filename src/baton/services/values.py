"""The check every JSON value passes where it enters a service (workflow input, BPMN
variables, task output, template schemas), whichever door it came through: the HTTP guard
runs the same function with the same limits, so what is stored can always be read back."""

from __future__ import annotations

from typing import Any

from baton.model.json_guard import check_json
from baton.services.context import ServiceContext


def check_value(ctx: ServiceContext, value: Any, where: str) -> None:
    """Raise `InvalidInput` if `value` could not be stored and read back safely."""
    check_json(value, max_depth=ctx.settings.max_json_depth, where=where)
