"""Checks every `/v2` request body shares: a JSON object with known properties only, text
fields, a `variables` object. Each refusal is a 400 naming the property."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from baton.model.errors import FieldError, InvalidInput


def object_body(body: Any, allowed: Set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidInput(
            f"unknown properties: {', '.join(unknown)}",
            errors=[FieldError(name, "unknown property") for name in unknown],
        )
    return body


def required_text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"{name} is required", errors=[FieldError(name, "required")])
    return value


def optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{name} must be text", errors=[FieldError(name, "not text")])
    return value


def variables_of(body: dict[str, Any]) -> dict[str, Any]:
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise InvalidInput(
            "variables must be a JSON object", errors=[FieldError("variables", "not an object")]
        )
    return variables
