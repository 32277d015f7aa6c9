"""`POST /v2/deployments`: .bpmn and .form resources, multipart."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from baton.api.camunda.render import TENANT, key
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import InvalidInput
from baton.model.identity import TargetType
from baton.services import deployments
from baton.services.authz import require_some_writer
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
        tenant = form.get("tenantId")
        require_tenant(tenant if isinstance(tenant, str) else None)
        resources = [r for r in form.getlist("resources") if isinstance(r, UploadFile)]
        files = [(r.filename or "resource", await r.read()) for r in resources]
    finally:
        await form.close()
    return render_deployment(await run_in_threadpool(deployments.deploy, ctx, caller, files))
