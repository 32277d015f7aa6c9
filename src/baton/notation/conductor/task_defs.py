"""Conductor TaskDef JSON -> `TaskDef` (validated, Conductor's defaults for missing fields)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.model.errors import FieldError, InvalidInput
from baton.model.task_def import RetryLogic, TaskDef, TaskTimeoutPolicy

_COUNTS = {
    "retryCount": "retry_count",
    "retryDelaySeconds": "retry_delay_seconds",
    "responseTimeoutSeconds": "response_timeout_seconds",
    "timeoutSeconds": "timeout_seconds",
    "backoffScaleFactor": "backoff_scale_factor",
    "concurrentExecLimit": "concurrent_exec_limit",
    "rateLimitPerFrequency": "rate_limit_per_frequency",
    "rateLimitFrequencyInSeconds": "rate_limit_frequency_seconds",
}


def parse_task_def(data: Mapping[str, Any]) -> TaskDef:
    if not isinstance(data, Mapping):
        raise InvalidInput("A task definition must be a JSON object")
    errors: list[FieldError] = []
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(FieldError("name", "name is required"))
    values: dict[str, Any] = {}
    for key, attribute in _COUNTS.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.append(FieldError(key, f"{key} must be a whole number >= 0"))
        else:
            values[attribute] = value
    for key, attribute, enum in (
        ("retryLogic", "retry_logic", RetryLogic),
        ("timeoutPolicy", "timeout_policy", TaskTimeoutPolicy),
    ):
        value = data.get(key)
        if value is None:
            continue
        try:
            values[attribute] = enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            errors.append(FieldError(key, f"{key} must be one of {allowed}"))
    template = data.get("inputTemplate")
    if template is not None:
        if isinstance(template, Mapping):
            values["input_template"] = dict(template)
        else:
            errors.append(FieldError("inputTemplate", "inputTemplate must be an object"))
    timeout = values.get("timeout_seconds", 0)
    response = values.get("response_timeout_seconds")
    if timeout and response is not None and response > timeout:
        errors.append(
            FieldError("responseTimeoutSeconds", "must not be longer than timeoutSeconds")
        )
    if errors:
        raise InvalidInput(
            f"Invalid task definition: {errors[0].path}: {errors[0].message}", errors=errors
        )
    return TaskDef(name=str(name), **values)
