"""`POST /v2/deployments`: .bpmn and .form resources, multipart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from starlette.concurrency import run_in_threadpool

from baton.api.camunda.render import TENANT, key
from baton.api.deps import Ctx, CurrentCaller
from baton.services import deployments
from baton.services.deployments import DeployedForm, DeployedProcess, Deployment
from baton.services.tenants import require_tenant

router = APIRouter(prefix="/v2", tags=["camunda"])


_KINDS = ("processDefinition", "decisionDefinition", "decisionRequirements", "form", "resource")


def render_resource(item: DeployedProcess | DeployedForm) -> dict[str, Any]:
    """One entry: every kind's key is present, all but this item's null."""
    return {**dict.fromkeys(_KINDS), **_resource(item)}


def _resource(item: DeployedProcess | DeployedForm) -> dict[str, Any]:
    if isinstance(item, DeployedProcess):
        return {
            "processDefinition": {
                "processDefinitionId": item.process_id,
                "processDefinitionVersion": item.version,
                "resourceName": item.resource_name,
                "tenantId": TENANT,
                "processDefinitionKey": key(item.key),
            }
        }
    return {
        "form": {
            "formId": item.form_id,
            "version": item.version,
            "resourceName": item.resource_name,
            "tenantId": TENANT,
            "formKey": key(item.key),
        }
    }


def render_deployment(deployment: Deployment) -> dict[str, Any]:
    return {
        "deploymentKey": key(deployment.key),
        "tenantId": TENANT,
        "deployments": [render_resource(item) for item in deployment.resources],
    }


@router.post("/deployments", summary="Deploy .bpmn and .form resources")
async def deploy(
    ctx: Ctx,
    caller: CurrentCaller,
    resources: Annotated[list[UploadFile], File()],
    tenantId: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    require_tenant(tenantId)
    files = [(r.filename or "resource", await r.read()) for r in resources]
    return render_deployment(await run_in_threadpool(deployments.deploy, ctx, caller, files))
