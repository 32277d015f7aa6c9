"""`/v2`: the Camunda 8 orchestration cluster API over the same services: deployments,
process instances, topology. Keys are strings of digits; errors are problem+json."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from baton import __version__
from baton.api.deps import Ctx, CurrentCaller
from baton.services import deployments, jobs, process_instances

router = APIRouter(prefix="/v2", tags=["camunda"])


@router.get("/topology", summary="The cluster (one broker: this server)")
def topology(_caller: CurrentCaller) -> dict[str, Any]:
    return {
        "brokers": [
            {
                "nodeId": 0,
                "host": "baton",
                "port": 26501,
                "partitions": [{"partitionId": 1, "role": "leader", "health": "healthy"}],
                "version": __version__,
            }
        ],
        "clusterSize": 1,
        "partitionsCount": 1,
        "replicationFactor": 1,
        "gatewayVersion": __version__,
    }


@router.post("/deployments", summary="Deploy .bpmn and .form resources")
async def deploy(
    ctx: Ctx,
    caller: CurrentCaller,
    resources: Annotated[list[UploadFile], File()],
    tenantId: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    files = [(r.filename or "resource", await r.read()) for r in resources]
    return await run_in_threadpool(deployments.deploy, ctx, caller, files)


@router.post("/process-instances", summary="Start a process instance")
def create_instance(
    ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(...)
) -> dict[str, Any]:
    return process_instances.create(ctx, caller, body)


@router.get("/process-instances/{key}", summary="A process instance")
def get_instance(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return process_instances.get(ctx, caller, key)


@router.post("/process-instances/{key}/cancellation", status_code=204, response_class=Response)
def cancel_instance(
    key: str, ctx: Ctx, caller: CurrentCaller, _body: dict[str, Any] | None = Body(default=None)
) -> None:
    process_instances.cancel(ctx, caller, key)


@router.post(
    "/jobs/activation", summary="Activate jobs of a type (long-polls up to requestTimeout)"
)
def activate_jobs(
    ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(...)
) -> dict[str, Any]:
    return jobs.activate(ctx, caller, body)


@router.post("/jobs/{key}/completion", status_code=204, response_class=Response)
def complete_job(
    key: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> None:
    jobs.complete(ctx, caller, key, body)


@router.post("/jobs/{key}/failure", status_code=204, response_class=Response)
def fail_job(
    key: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> None:
    jobs.fail(ctx, caller, key, body)


@router.post("/jobs/{key}/error", status_code=204, response_class=Response)
def throw_job_error(
    key: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> None:
    jobs.throw_error(ctx, caller, key, body)
