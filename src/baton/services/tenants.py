"""Tenants: Baton has one, Camunda's default `<default>`. A request naming another tenant
is refused, never silently moved to the default one."""

from __future__ import annotations

from typing import Any

from baton.model.errors import FieldError, InvalidInput

DEFAULT_TENANT = "<default>"


def require_tenant(value: Any, path: str = "tenantId") -> str:
    """The tenant a request names (None = the default), or a 400 for any other."""
    if value is None or value == DEFAULT_TENANT:
        return DEFAULT_TENANT
    shown = value if isinstance(value, str) else repr(value)[:80]
    raise InvalidInput(
        f"{path}: unknown tenant {shown!r}; this server has only the tenant {DEFAULT_TENANT}",
        errors=[FieldError(path, f"only {DEFAULT_TENANT} exists")],
    )


def require_tenants(values: Any, path: str = "tenantIds") -> None:
    """A list of tenants (None or empty = the default one), each of them the default."""
    if values is None:
        return
    if not isinstance(values, list):
        raise InvalidInput(f"{path} must be a list of tenant ids")
    for index, value in enumerate(values):
        require_tenant(value, f"{path}[{index}]")
