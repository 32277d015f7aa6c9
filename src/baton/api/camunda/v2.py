"""`/v2`: the Camunda 8 orchestration cluster API, one module per resource, gathered here.
Keys are strings of digits; errors are problem+json (`api/errors.py`)."""

from __future__ import annotations

from fastapi import APIRouter

from baton.api.camunda import (
    deployments,
    forms,
    jobs,
    messages,
    process_definitions,
    process_instances,
    signals,
    topology,
)

router = APIRouter()
for module in (
    topology,
    deployments,
    process_definitions,
    process_instances,
    jobs,
    forms,
    messages,
    signals,
):
    router.include_router(module.router)
