"""Conductor wire shapes that the API validates itself (definitions are validated by the
compiler, which knows more than a schema can say)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StartWorkflowRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)
    version: int | None = Field(default=None, ge=1)
    input: dict[str, Any] = Field(default_factory=dict)
    correlationId: str | None = Field(default=None, max_length=255)
    priority: int | None = Field(default=None, ge=0, le=99)
    taskToDomain: dict[str, str] | None = None
    idempotencyKey: str | None = Field(default=None, max_length=255)
    idempotencyStrategy: str | None = Field(default=None, max_length=32)


class TaskResult(BaseModel):
    """What a worker reports (`POST /api/tasks`, `/api/tasks/update-v2`)."""

    model_config = ConfigDict(extra="ignore")

    taskId: str = Field(min_length=1, max_length=255)
    workflowInstanceId: str | None = Field(default=None, max_length=255)
    status: str = Field(min_length=1)
    outputData: dict[str, Any] = Field(default_factory=dict)
    reasonForIncompletion: str | None = Field(default=None, max_length=10_000)
    callbackAfterSeconds: int = Field(default=0, ge=0)
    workerId: str | None = Field(default=None, max_length=255)
    logs: list[Any] = Field(default_factory=list)
    extendLease: bool = False
