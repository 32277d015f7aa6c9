"""`/v2`: the Camunda 8 orchestration cluster API over the same services: deployments,
process instances, topology. Keys are strings of digits; errors are problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from baton import __version__
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import InvalidInput
from baton.model.identity import TargetType
from baton.services import deployments, jobs, process_instances
from baton.services.authz import require_some_writer

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


_DEPLOYMENT_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["resources"],
                    "properties": {
                        "resources": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                        "tenantId": {"type": "string"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/deployments", summary="Deploy .bpmn and .form resources", openapi_extra=_DEPLOYMENT_FORM
)
async def deploy(request: Request, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    # who may deploy is settled before the upload is read; the form is parsed here, not by
    # FastAPI, which would read it before running the dependencies
    await run_in_threadpool(require_some_writer, ctx, caller, TargetType.WORKFLOW_DEF)
    try:
        form = await request.form(
            max_files=deployments.MAX_RESOURCES, max_fields=deployments.MAX_RESOURCES
        )
    except (MultiPartException, ValueError) as exc:
        raise InvalidInput(f"cannot read the multipart body: {exc}") from exc
    try:
        resources = [r for r in form.getlist("resources") if isinstance(r, UploadFile)]
        files = [(r.filename or "resource", await r.read()) for r in resources]
    finally:
        await form.close()
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
