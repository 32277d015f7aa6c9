"""Domain errors.

Raised once in the service layer (or by compilers and the model), mapped to HTTP in exactly
one place per API family (`baton.api.errors`). Each error carries the HTTP status it means,
a human message, and optional structured details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One invalid field: a JSON-pointer-like path (`tasks[2].name`) and what is wrong."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


@dataclass
class BatonError(Exception):
    """Base of all domain errors; `status` is the HTTP status it maps to."""

    message: str
    details: dict[str, Any] = field(default_factory=dict)
    status: int = 500
    code: str = "INTERNAL_ERROR"

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass
class InvalidInput(BatonError):
    """The request is well-formed but its content is wrong (400)."""

    errors: list[FieldError] = field(default_factory=list)
    status: int = 400
    code: str = "INVALID_INPUT"


@dataclass
class Unauthenticated(BatonError):
    """No valid credentials (401). `error` is the Orkes token error code."""

    error: str = "INVALID_TOKEN"
    status: int = 401
    code: str = "UNAUTHENTICATED"


@dataclass
class Forbidden(BatonError):
    """Authenticated, but not allowed (403)."""

    status: int = 403
    code: str = "FORBIDDEN"


@dataclass
class NotFound(BatonError):
    """The thing does not exist, or the caller may not learn that it does (404)."""

    status: int = 404
    code: str = "NOT_FOUND"


@dataclass
class Conflict(BatonError):
    """The thing exists in a state that forbids the change (409)."""

    status: int = 409
    code: str = "CONFLICT"


@dataclass
class PayloadTooLarge(BatonError):
    """The request body is larger than the server accepts (413)."""

    status: int = 413
    code: str = "PAYLOAD_TOO_LARGE"


@dataclass
class TooManyRequests(BatonError):
    """Refused for now, not for good: too many failed logins (429), or too much work in
    flight (503). Clients should wait `retry_after` seconds (sent as `Retry-After`)."""

    retry_after: int = 1
    status: int = 429
    code: str = "TOO_MANY_REQUESTS"


@dataclass
class DeadlineExceeded(BatonError):
    """A request that waits (awaitCompletion) gave up at its deadline; the work goes on (504)."""

    status: int = 504
    code: str = "DEADLINE_EXCEEDED"
