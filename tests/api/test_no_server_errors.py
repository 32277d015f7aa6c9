"""Every endpoint of the OpenAPI document, called with wrong bodies, wrong ids and odd query
values, answers a 4xx (or a 2xx) and never a 500."""

from __future__ import annotations

import re
from typing import Any

from support import Api

BODIES: list[Any] = [None, {}, [], "text", 12, {"name": 5}, [{"x": None}], {"a": {"b": [1]}}]
QUERY = {"version": "x", "count": -1, "timeout": "soon", "start": -5, "complete": "maybe"}


def _streams(operation: dict[str, Any]) -> bool:
    """An event stream (`text/event-stream`): its answer never ends by itself."""
    answers = operation.get("responses", {}).values()
    return any("text/event-stream" in answer.get("content", {}) for answer in answers)


def test_no_endpoint_answers_500_to_bad_input(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    failures = []
    for path, methods in spec["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "nope", path)
        for method, operation in methods.items():
            if _streams(operation):
                continue  # answers for as long as the client listens (test_live_events.py)
            for body in BODIES:
                for query in ({}, QUERY):
                    response = api.client.request(
                        method.upper(),
                        concrete,
                        json=body,
                        params=query,
                        headers=api.admin,
                    )
                    if response.status_code >= 500:
                        failures.append((method, path, body, query, response.text[:200]))
    assert failures == []
