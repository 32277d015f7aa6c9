"""Types for path and query parameters: integers the databases can bind."""

from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le

from baton.model.json_guard import INT64_MAX, INT64_MIN

Int64 = Annotated[int, Ge(INT64_MIN), Le(INT64_MAX)]
