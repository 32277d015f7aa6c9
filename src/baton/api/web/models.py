"""The modeler's API (`/api/web/models/...`): live validation with the messages deploy
gives, and deploying what the modeler drew (BPMN XML and Camunda forms as text)."""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError
from baton.model.identity import TargetType
from baton.notation.bpmn import MAX_BYTES
from baton.services import authz, deployments, metadata
from baton.services.deployments import DeployedForm, DeployedProcess

router = APIRouter(prefix="/api/web/models", tags=["web"])


class ModelSource(BaseModel):
    kind: Literal["bpmn", "conductor"] = "bpmn"
    source: str = Field(max_length=MAX_BYTES)
    resourceName: str = Field(default="diagram.bpmn", min_length=1, max_length=256)


class ProblemView(BaseModel):
    """One refusal; `elementId` is the BPMN element (or Conductor field path) it concerns,
    null when it concerns the whole file."""

    elementId: str | None
    message: str


class Problems(BaseModel):
    problems: list[ProblemView]


def _problem(error: FieldError) -> ProblemView:
    return ProblemView(elementId=error.path or None, message=error.message)


@router.post(
    "/validate",
    response_model=Problems,
    summary="What deploying (or registering) this model would refuse, per element",
)
def validate(body: ModelSource, ctx: Ctx, caller: CurrentCaller) -> Problems:
    authz.require_some_writer(ctx, caller, TargetType.WORKFLOW_DEF)
    if body.kind == "conductor":
        try:
            raw = json.loads(body.source)
        except json.JSONDecodeError as exc:
            return Problems(problems=[ProblemView(elementId=None, message=f"not JSON: {exc}")])
        errors = metadata.check_workflow(raw)
    else:
        errors = deployments.check(ctx, caller, body.resourceName, body.source.encode())
    return Problems(problems=[_problem(e) for e in errors])


class ResourceText(BaseModel):
    name: str = Field(min_length=1, max_length=256)
    content: str = Field(max_length=MAX_BYTES)


class DeployBody(BaseModel):
    resources: list[ResourceText] = Field(min_length=1, max_length=deployments.MAX_RESOURCES)


class DeployedView(BaseModel):
    kind: Literal["process", "form"]
    id: str
    version: int
    key: str
    resourceName: str


class DeploymentView(BaseModel):
    key: str
    deployed: list[DeployedView]


def _deployed(item: DeployedProcess | DeployedForm) -> DeployedView:
    if isinstance(item, DeployedProcess):
        return DeployedView(
            kind="process",
            id=item.process_id,
            version=item.version,
            key=str(item.key),
            resourceName=item.resource_name,
        )
    return DeployedView(
        kind="form",
        id=item.form_id,
        version=item.version,
        key=str(item.key),
        resourceName=item.resource_name,
    )


@router.post(
    "/deploy",
    response_model=DeploymentView,
    summary="Deploy BPMN models and Camunda forms sent as text (all or nothing)",
)
def deploy(body: DeployBody, ctx: Ctx, caller: CurrentCaller) -> DeploymentView:
    authz.require_some_writer(ctx, caller, TargetType.WORKFLOW_DEF)
    done = deployments.deploy(ctx, caller, [(r.name, r.content.encode()) for r in body.resources])
    return DeploymentView(key=str(done.key), deployed=[_deployed(d) for d in done.resources])
