"""The modeler's API (`/api/web/models/...`): live validation with the messages deploy
gives, deploying what the modeler drew (BPMN XML and Camunda forms as text), the caller's
drafts, the deployed versions to open and a text diff of a draft against one."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from baton.api.deps import Ctx, CurrentCaller
from baton.api.web.operate import DiagramEdge, DiagramNode
from baton.model.errors import FieldError, InvalidInput
from baton.model.identity import TargetType
from baton.notation.bpmn import MAX_BYTES
from baton.services import authz, deployments, diagram, metadata, model_drafts
from baton.services.deployments import DeployedForm, DeployedProcess
from baton.services.model_drafts import MAX_NAME, Draft

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


class GraphView(BaseModel):
    """A Conductor workflow's tasks as the Operate diagram draws them."""

    nodes: list[DiagramNode]
    edges: list[DiagramEdge]


class Problems(BaseModel):
    problems: list[ProblemView]
    graph: GraphView | None = None


def _problem(error: FieldError) -> ProblemView:
    return ProblemView(elementId=error.path or None, message=error.message)


def _graph(found: diagram.WorkflowGraph) -> GraphView:
    return GraphView(
        nodes=[DiagramNode(id=n.id, name=n.name, type=n.type) for n in found.nodes],
        edges=[DiagramEdge(from_=e.source, to=e.target, label=e.label) for e in found.edges],
    )


@router.post(
    "/validate",
    response_model=Problems,
    summary="What deploying (or registering) this model would refuse, per element; a "
    "Conductor workflow's task graph too",
)
def validate(body: ModelSource, ctx: Ctx, caller: CurrentCaller) -> Problems:
    authz.require_some_writer(ctx, caller, TargetType.WORKFLOW_DEF)
    if body.kind == "conductor":
        try:
            raw = json.loads(body.source)
        except json.JSONDecodeError as exc:
            return Problems(problems=[ProblemView(elementId=None, message=f"not JSON: {exc}")])
        errors = metadata.check_workflow(raw)
        if isinstance(raw, dict):
            graph = _graph(diagram.workflow_graph(raw))
            return Problems(problems=[_problem(e) for e in errors], graph=graph)
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


# ---------------------------------------------------------------- drafts

DraftName = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]


class DraftSummaryView(BaseModel):
    """`kind` "template" is an Orkes user-form template (`{name, jsonSchema, templateUI}`)."""

    name: str
    kind: Literal["bpmn", "form", "template"]
    resourceId: str | None
    createdAt: int
    updatedAt: int


class DraftView(DraftSummaryView):
    content: str


class DraftList(BaseModel):
    drafts: list[DraftSummaryView]


class DraftBody(BaseModel):
    kind: Literal["bpmn", "form", "template"] = "bpmn"
    content: str = Field(max_length=MAX_BYTES)


class DiffView(BaseModel):
    resourceId: str
    version: int
    diff: str


class DeployedProcessView(BaseModel):
    processId: str
    label: str | None
    versions: list[int]


class DeployedList(BaseModel):
    processes: list[DeployedProcessView]


def _summary(draft: Draft) -> DraftSummaryView:
    return DraftSummaryView(
        name=draft.name,
        kind=draft.kind,
        resourceId=draft.resource_id,
        createdAt=draft.created_at,
        updatedAt=draft.updated_at,
    )


def _draft(draft: Draft) -> DraftView:
    return DraftView(**_summary(draft).model_dump(), content=draft.content)


@router.get("/drafts", response_model=DraftList, summary="My drafts, most recently saved first")
def list_drafts(ctx: Ctx, caller: CurrentCaller) -> DraftList:
    return DraftList(drafts=[_summary(d) for d in model_drafts.mine(ctx, caller)])


@router.get("/drafts/{name}", response_model=DraftView, summary="One of my drafts")
def get_draft(name: DraftName, ctx: Ctx, caller: CurrentCaller) -> DraftView:
    return _draft(model_drafts.get(ctx, caller, name))


@router.put(
    "/drafts/{name}", response_model=DraftView, summary="Save a draft (replaces one of that name)"
)
def put_draft(name: DraftName, body: DraftBody, ctx: Ctx, caller: CurrentCaller) -> DraftView:
    return _draft(model_drafts.save(ctx, caller, name, body.kind, body.content))


@router.delete("/drafts/{name}", status_code=204, summary="Delete one of my drafts")
def delete_draft(name: DraftName, ctx: Ctx, caller: CurrentCaller) -> Response:
    model_drafts.remove(ctx, caller, name)
    return Response(status_code=204)


@router.get(
    "/drafts/{name}/diff",
    response_model=DiffView,
    summary="A unified text diff of a draft against a deployed version (the latest by default)",
)
def diff_draft(
    name: DraftName,
    ctx: Ctx,
    caller: CurrentCaller,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> DiffView:
    found = model_drafts.diff(ctx, caller, name, version)
    return DiffView(resourceId=found.resource_id, version=found.version, diff=found.diff)


@router.get(
    "/deployed",
    response_model=DeployedList,
    summary="The deployed BPMN processes I may see, with their versions (newest first)",
)
def list_deployed(ctx: Ctx, caller: CurrentCaller) -> DeployedList:
    return DeployedList(
        processes=[
            DeployedProcessView(processId=p.process_id, label=p.label, versions=p.versions)
            for p in model_drafts.deployed(ctx, caller)
        ]
    )


class DeployedFormView(BaseModel):
    formId: str
    versions: list[int]


class DeployedFormList(BaseModel):
    forms: list[DeployedFormView]


class FormVersionView(BaseModel):
    formId: str
    version: int
    schema_: dict[str, Any] = Field(alias="schema", serialization_alias="schema")


@router.get(
    "/forms",
    response_model=DeployedFormList,
    summary="The deployed forms (.form resources), with their versions (newest first)",
)
def list_deployed_forms(ctx: Ctx, caller: CurrentCaller) -> DeployedFormList:
    return DeployedFormList(
        forms=[
            DeployedFormView(formId=f.form_id, versions=f.versions)
            for f in model_drafts.deployed_forms(ctx, caller)
        ]
    )


@router.get(
    "/forms/{form_id}/versions/{version}",
    response_model=FormVersionView,
    response_model_by_alias=True,
    summary="One deployed version of a form, to open in the form editor",
)
def get_deployed_form(
    form_id: Annotated[str, Path(min_length=1, max_length=MAX_NAME)],
    version: Annotated[int, Path(ge=1)],
    ctx: Ctx,
    caller: CurrentCaller,
) -> FormVersionView:
    schema = model_drafts.deployed_form(ctx, caller, form_id, version)
    return FormVersionView(formId=form_id, version=version, schema=schema)


# ---------------------------------------------------------------- Conductor workflows


class WorkflowBody(BaseModel):
    source: str = Field(max_length=MAX_BYTES)


class RegisteredView(BaseModel):
    name: str
    version: int


@router.post(
    "/workflows",
    response_model=RegisteredView,
    summary="Register a Conductor workflow definition as its next version",
)
def register_workflow(body: WorkflowBody, ctx: Ctx, caller: CurrentCaller) -> RegisteredView:
    authz.require_some_writer(ctx, caller, TargetType.WORKFLOW_DEF)
    try:
        raw = json.loads(body.source)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not JSON: {exc}") from exc
    [saved] = metadata.register_workflows(ctx, caller, [raw], overwrite=False, new_version=True)
    return RegisteredView(name=str(saved["name"]), version=int(saved["version"]))
