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
    workflowDef: dict[str, Any] | None = None  # run this definition unregistered (ephemeral)


class ExecuteWorkflowRequest(BaseModel):
    """The body of a synchronous execute: name and version come from the path (the SDKs
    also send them). With `workflowDef` that definition runs, unregistered (ephemeral);
    domains and idempotency act as on an asynchronous start."""

    model_config = ConfigDict(extra="ignore")

    input: dict[str, Any] | None = None
    correlationId: str | None = Field(default=None, max_length=255)
    priority: int | None = Field(default=None, ge=0, le=99)
    workflowDef: dict[str, Any] | None = None
    taskToDomain: dict[str, str] | None = None
    idempotencyKey: str | None = Field(default=None, max_length=255)
    idempotencyStrategy: str | None = Field(default=None, max_length=32)


class RerunRequest(BaseModel):
    """Conductor's `RerunWorkflowRequest`: from the start, or from task `reRunFromTaskId`."""

    model_config = ConfigDict(extra="ignore")

    reRunFromWorkflowId: str | None = Field(default=None, max_length=255)
    reRunFromTaskId: str | None = Field(default=None, max_length=255)
    workflowInput: dict[str, Any] | None = None
    taskInput: dict[str, Any] | None = None
    correlationId: str | None = Field(default=None, max_length=255)


class SkipTaskRequest(BaseModel):
    """Conductor's `SkipTaskRequest`: `taskOutput` becomes the skipped task's output."""

    model_config = ConfigDict(extra="ignore")

    taskInput: dict[str, Any] | None = None
    taskOutput: dict[str, Any] | None = None


class TaskExecLog(BaseModel):
    """One line of a task's log as the SDKs send it with a result."""

    model_config = ConfigDict(extra="ignore")

    log: str = Field(max_length=32_000)


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
    logs: list[TaskExecLog] | None = Field(default=None, max_length=100)
    extendLease: bool = False
