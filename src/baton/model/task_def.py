"""Task definitions: per task name, how attempts are retried and timed out (Conductor TaskDef)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class RetryLogic(StrEnum):
    FIXED = "FIXED"
    EXPONENTIAL_BACKOFF = "EXPONENTIAL_BACKOFF"
    LINEAR_BACKOFF = "LINEAR_BACKOFF"


class TaskTimeoutPolicy(StrEnum):
    RETRY = "RETRY"
    TIME_OUT_WF = "TIME_OUT_WF"
    ALERT_ONLY = "ALERT_ONLY"


@dataclass(frozen=True, slots=True)
class TaskDef:
    """Defaults are Conductor's: 3 retries, FIXED 60 s apart, 3600 s response timeout.

    `timeout_seconds` (0 = none) bounds a whole attempt from its start; `response_timeout_seconds`
    is the worker lease the store enforces (it sends `TimeOutTask` when a lease expires).
    """

    name: str
    retry_count: int = 3
    retry_logic: RetryLogic = RetryLogic.FIXED
    retry_delay_seconds: int = 60
    backoff_scale_factor: int = 1
    response_timeout_seconds: int = 3600
    timeout_seconds: int = 0
    timeout_policy: TaskTimeoutPolicy = TaskTimeoutPolicy.TIME_OUT_WF
    input_template: Mapping[str, Any] = field(default_factory=dict)
    # how many of its tasks workers may hold at once (0: no limit)
    concurrent_exec_limit: int = 0
    # how many of its tasks workers may take per `rate_limit_frequency_seconds` (0: no limit)
    rate_limit_per_frequency: int = 0
    rate_limit_frequency_seconds: int = 1

    @property
    def limits_workers(self) -> bool:
        return self.concurrent_exec_limit > 0 or self.rate_limit_per_frequency > 0

    def retry_delay(self, retry_count: int) -> int:
        """Seconds to wait before attempt number `retry_count + 1` (retry_count = failed one's)."""
        base = self.retry_delay_seconds
        if self.retry_logic is RetryLogic.EXPONENTIAL_BACKOFF:
            return int(base * (2**retry_count) * max(self.backoff_scale_factor, 1))
        if self.retry_logic is RetryLogic.LINEAR_BACKOFF:
            return int(base * max(self.backoff_scale_factor, 1) * (retry_count + 1))
        return base
