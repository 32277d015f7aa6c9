"""Lifecycle states of process instances and their activities (Conductor names are canonical)."""

from __future__ import annotations

from enum import StrEnum


class InstanceStatus(StrEnum):
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    TERMINATED = "TERMINATED"
    PAUSED = "PAUSED"

    @property
    def is_terminal(self) -> bool:
        return self not in _OPEN_INSTANCE


class TaskStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    FAILED_WITH_TERMINAL_ERROR = "FAILED_WITH_TERMINAL_ERROR"
    CANCELED = "CANCELED"
    TIMED_OUT = "TIMED_OUT"
    SKIPPED = "SKIPPED"
    COMPLETED_WITH_ERRORS = "COMPLETED_WITH_ERRORS"

    @property
    def is_terminal(self) -> bool:
        return self not in _OPEN_TASK

    @property
    def is_successful(self) -> bool:
        return self in _SUCCESSFUL_TASK

    @property
    def is_retriable(self) -> bool:
        """Whether a task that ended in this state may get another attempt (Conductor rules)."""
        return self in _RETRIABLE_TASK


_OPEN_INSTANCE = frozenset({InstanceStatus.RUNNING, InstanceStatus.PAUSED})
_OPEN_TASK = frozenset({TaskStatus.SCHEDULED, TaskStatus.IN_PROGRESS})
_SUCCESSFUL_TASK = frozenset(
    {
        TaskStatus.SCHEDULED,
        TaskStatus.IN_PROGRESS,
        TaskStatus.COMPLETED,
        TaskStatus.COMPLETED_WITH_ERRORS,
        TaskStatus.SKIPPED,
    }
)
_RETRIABLE_TASK = frozenset({TaskStatus.FAILED, TaskStatus.TIMED_OUT})
