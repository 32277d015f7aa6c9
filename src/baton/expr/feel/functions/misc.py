"""Boolean and general built-ins: not, is defined, get or else, assert, uuid."""

from __future__ import annotations

import uuid as _uuid
from typing import Any

from baton.expr.feel.errors import FeelError
from baton.expr.feel.functions.common import NOT_GIVEN
from baton.expr.feel.functions.registry import builtin
from baton.expr.feel.runtime import Run


@builtin("not", "negand")
def not_(run: Run, value: Any) -> bool | None:
    return (not value) if type(value) is bool else None


@builtin("is defined", "value")
def is_defined(run: Run, value: Any) -> bool:
    """Only reached for arguments that are not names or paths (those the compiler checks)."""
    return True


@builtin("get or else", "value", "default")
def get_or_else(run: Run, value: Any, default: Any) -> Any:
    return default if value is None else value


@builtin("assert", "value", "condition", "cause?")
def assert_(run: Run, value: Any, condition: Any, cause: Any = NOT_GIVEN) -> Any:
    """Camunda's `assert`: fail the evaluation unless `condition` is true."""
    if condition is True:
        return value
    message = cause if isinstance(cause, str) else "assertion failed"
    raise FeelError(message)


@builtin("uuid")
def uuid(run: Run) -> str:
    return str(_uuid.uuid4())
