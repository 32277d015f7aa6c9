"""HTTP: a request made by the server, outside any transaction (`baton.services.http_tasks`),
to a host the operator allows (BATON_HTTP_ALLOWED_HOSTS).

The request is `inputParameters.http_request` (or, as newer Orkes definitions write it, the
input parameters themselves): `uri`, `method` (GET), `headers`, `body`, `accept`,
`contentType`, `connectionTimeOut` and `readTimeOut` (ms). It lowers onto a worker task of
Baton's own queue, so retries (`retryCount`, the task definition's) and time-outs work as for
every worker task; `startDelay` holds the first attempt back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

HTTP_QUEUE = "$baton.http"  # `$` is not in a task definition name Conductor clients send
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def request_of(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """The request in a task's (resolved) input parameters."""
    nested = values.get("http_request")
    return nested if isinstance(nested, Mapping) else values


class HttpBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters")
        request = request_of(params) if isinstance(params, Mapping) else {}
        where = f"{path}.inputParameters"
        if "http_request" in (params or {}):
            where += ".http_request"
        uri = request.get("uri")
        if not isinstance(uri, str) or not uri.strip():
            check.error(f"{where}.uri", "uri is required")
        elif "${" not in uri and not uri.lower().startswith(("http://", "https://")):
            check.error(f"{where}.uri", "uri must be an http:// or https:// address")
        method = request.get("method", "GET")
        if isinstance(method, str) and "${" not in method and method.upper() not in METHODS:
            check.error(f"{where}.method", f"method must be one of {', '.join(METHODS)}")
        for key in ("connectionTimeOut", "readTimeOut"):
            value = request.get(key)
            if value is not None and not isinstance(value, int | str):
                check.error(f"{where}.{key}", f"{key} must be milliseconds")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        node = task_node(
            step,
            NodeKind.SERVICE_TASK,
            scope,
            job_type=HTTP_QUEUE,
            start_delay=int(step.get("startDelay") or 0),
        )
        return single(lowering.graph.add(node))
