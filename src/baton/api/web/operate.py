"""Operate for the web app: `/api/web/operate/...` and the diagrams `/api/web/diagram/...`.

Renders the views of `services/operate*.py` and `services/diagram.py` as camelCase JSON;
every question of who may see or do what is asked there (through `services/authz`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import InvalidInput
from baton.services import diagram, operate, operate_instance
from baton.services.operate import InstanceSummary, ProcessView, StateCounts
from baton.store.operate import InstanceFilter

router = APIRouter(tags=["web"])

StateName = Literal["ACTIVE", "INCIDENT", "COMPLETED", "CANCELED"]


# ---------------------------------------------------------------- shapes


class Counts(BaseModel):
    active: int
    incident: int
    completed: int
    canceled: int


class VersionOut(BaseModel):
    version: int
    counts: Counts


class ProcessOut(BaseModel):
    name: str
    label: str
    kind: Literal["bpmn", "workflow"]
    description: str | None
    latestVersion: int
    versions: list[VersionOut]
    counts: Counts


class IncidentSummaryOut(BaseModel):
    key: str
    kind: str
    message: str
    instanceId: str
    definition: str
    version: int
    elementId: str | None
    createdAt: int


class GroupWaitingOut(BaseModel):
    group: str
    count: int
    oldestCreatedAt: int


class IncidentsBlock(BaseModel):
    count: int
    newest: list[IncidentSummaryOut]


class DashboardOut(BaseModel):
    processes: list[ProcessOut]
    incidents: IncidentsBlock
    tasksByGroup: list[GroupWaitingOut]


class ProcessesOut(BaseModel):
    items: list[ProcessOut]


class DiagramNode(BaseModel):
    id: str
    name: str
    type: str


class DiagramEdge(BaseModel):
    from_: str = Field(serialization_alias="from")
    to: str
    label: str | None = None


class DiagramOut(BaseModel):
    kind: Literal["bpmn", "workflow"]
    xml: str | None = None
    nodes: list[DiagramNode] | None = None
    edges: list[DiagramEdge] | None = None


class ElementCountOut(BaseModel):
    elementId: str
    active: int
    incidents: int
    completed: int


class ElementCountsOut(BaseModel):
    definition: str
    version: int | None
    items: list[ElementCountOut]


class InstanceOut(BaseModel):
    id: str
    definition: str
    version: int
    state: StateName
    startedAt: int
    endedAt: int | None
    startedBy: str | None
    parentId: str | None


class InstancesOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[InstanceOut]


class CancelMany(BaseModel):
    instanceIds: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=operate_instance.MAX_BATCH
    )


class CancelResultOut(BaseModel):
    id: str
    ok: bool
    status: int
    message: str


class CancelManyOut(BaseModel):
    results: list[CancelResultOut]


class ElementStepOut(BaseModel):
    key: str
    elementId: str
    name: str
    type: str
    state: str
    startedAt: int
    endedAt: int | None


class VariableOut(BaseModel):
    name: str
    value: Any


class IncidentOut(BaseModel):
    key: str
    kind: str
    message: str
    state: str
    elementId: str | None
    createdAt: int
    retryable: bool


class TaskOut(BaseModel):
    id: str
    name: str
    elementId: str
    state: str
    holder: str | None
    candidates: list[str]
    createdAt: int


class InstanceDetailOut(InstanceOut):
    label: str
    kind: Literal["bpmn", "workflow"]
    children: list[InstanceOut]
    activeElements: list[str]
    passedElements: list[str]
    history: list[ElementStepOut]
    variables: list[VariableOut]
    incidents: list[IncidentOut]
    tasks: list[TaskOut]
    mayCancel: bool
    mayEditVariables: bool


class VariableValue(BaseModel):
    value: Any = None


class ResolveBody(BaseModel):
    retry: bool = False


# ---------------------------------------------------------------- rendering


def _kind(notation: str) -> Literal["bpmn", "workflow"]:
    return "bpmn" if notation == "bpmn" else "workflow"


def _counts(counts: StateCounts) -> Counts:
    return Counts(
        active=counts.active,
        incident=counts.incident,
        completed=counts.completed,
        canceled=counts.canceled,
    )


def _process(view: ProcessView) -> ProcessOut:
    return ProcessOut(
        name=view.name,
        label=view.label,
        kind=_kind(view.notation),
        description=view.description,
        latestVersion=view.latest,
        versions=[
            VersionOut(version=v.version, counts=_counts(v.counts))
            for v in sorted(view.versions, key=lambda v: -v.version)
        ],
        counts=_counts(view.counts),
    )


def _instance(view: InstanceSummary) -> dict[str, Any]:
    return {
        "id": view.id,
        "definition": view.definition,
        "version": view.version,
        "state": view.state,
        "startedAt": view.started_at,
        "endedAt": view.ended_at,
        "startedBy": view.started_by,
        "parentId": view.parent_id,
    }


# ---------------------------------------------------------------- routes


@router.get("/api/web/operate/dashboard", response_model=DashboardOut, summary="Operate dashboard")
def dashboard(ctx: Ctx, caller: CurrentCaller) -> DashboardOut:
    found = operate.dashboard(ctx, caller)
    return DashboardOut(
        processes=[_process(p) for p in found.processes],
        incidents=IncidentsBlock(
            count=found.incident_count,
            newest=[
                IncidentSummaryOut(
                    key=i.key,
                    kind=i.kind,
                    message=i.message,
                    instanceId=i.instance_id,
                    definition=i.definition,
                    version=i.version,
                    elementId=i.element_id,
                    createdAt=i.created_at,
                )
                for i in found.incidents
            ],
        ),
        tasksByGroup=[
            GroupWaitingOut(group=g.group, count=g.count, oldestCreatedAt=g.oldest_created_at)
            for g in found.groups
        ],
    )


@router.get("/api/web/operate/processes", response_model=ProcessesOut, summary="Processes")
def processes(ctx: Ctx, caller: CurrentCaller) -> ProcessesOut:
    return ProcessesOut(items=[_process(p) for p in operate.processes(ctx, caller)])


@router.get(
    "/api/web/diagram/{definition}",
    response_model=DiagramOut,
    response_model_exclude_none=True,
    summary="A definition's diagram: BPMN XML, or a Conductor workflow as a graph",
)
def get_diagram(
    ctx: Ctx,
    caller: CurrentCaller,
    definition: str,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    found = diagram.get(ctx, caller, definition, version)
    if isinstance(found, diagram.BpmnDiagram):
        out = DiagramOut(kind="bpmn", xml=found.xml)
    else:
        out = DiagramOut(
            kind="workflow",
            nodes=[DiagramNode(id=n.id, name=n.name, type=n.type) for n in found.nodes],
            edges=[DiagramEdge(from_=e.source, to=e.target, label=e.label) for e in found.edges],
        )
    return Response(
        out.model_dump_json(by_alias=True, exclude_none=True), media_type="application/json"
    )


@router.get(
    "/api/web/operate/processes/{definition}/elements",
    response_model=ElementCountsOut,
    summary="Per-element counts of active, incident and completed element instances",
)
def element_counts(
    ctx: Ctx,
    caller: CurrentCaller,
    definition: str,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> ElementCountsOut:
    found = operate_instance.element_counts(ctx, caller, definition, version)
    return ElementCountsOut(
        definition=definition,
        version=version,
        items=[
            ElementCountOut(
                elementId=c.element_id,
                active=c.active,
                incidents=c.incidents,
                completed=c.completed,
            )
            for c in found
        ],
    )


def _millis(text: str | None, name: str) -> int | None:
    if text is None or text == "":
        return None
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{name} must be an ISO date or epoch milliseconds") from None
    return int(moment.timestamp() * 1000)


@router.get("/api/web/operate/instances", response_model=InstancesOut, summary="Instances")
def instances(
    ctx: Ctx,
    caller: CurrentCaller,
    definition: Annotated[str | None, Query(max_length=256)] = None,
    version: Annotated[int | None, Query(ge=1)] = None,
    state: StateName | None = None,
    startedFrom: Annotated[str | None, Query(max_length=40)] = None,
    startedTo: Annotated[str | None, Query(max_length=40)] = None,
    variableName: Annotated[str | None, Query(max_length=256)] = None,
    variableValue: Annotated[str | None, Query(max_length=4096)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> InstancesOut:
    where = InstanceFilter(
        def_name=definition or None,
        version=version,
        state=state,
        started_from=_millis(startedFrom, "startedFrom"),
        started_to=_millis(startedTo, "startedTo"),
    )
    if variableValue is not None and not variableName:
        raise InvalidInput("variableValue needs variableName")
    variable = (variableName, operate.parse_value(variableValue or "")) if variableName else None
    page = operate.list_instances(ctx, caller, where, variable=variable, offset=offset, limit=limit)
    return InstancesOut(
        total=page.total,
        offset=offset,
        limit=limit,
        items=[InstanceOut(**_instance(i)) for i in page.items],
    )


@router.post(
    "/api/web/operate/instances/cancel",
    response_model=CancelManyOut,
    summary="Cancel several instances (a result per instance)",
)
def cancel_many(ctx: Ctx, caller: CurrentCaller, body: CancelMany) -> CancelManyOut:
    results = operate_instance.cancel_many(ctx, caller, body.instanceIds)
    return CancelManyOut(
        results=[
            CancelResultOut(id=r.id, ok=r.ok, status=r.status, message=r.message) for r in results
        ]
    )


@router.get(
    "/api/web/operate/instances/{instance_id}",
    response_model=InstanceDetailOut,
    summary="One instance: where it waits, its history, variables, incidents and tasks",
)
def instance(ctx: Ctx, caller: CurrentCaller, instance_id: str) -> InstanceDetailOut:
    found = operate_instance.get(ctx, caller, instance_id)
    return InstanceDetailOut(
        **_instance(found.summary),
        label=found.label,
        kind=_kind(found.notation),
        children=[InstanceOut(**_instance(c)) for c in found.children],
        activeElements=found.active,
        passedElements=found.passed,
        history=[
            ElementStepOut(
                key=s.key,
                elementId=s.element_id,
                name=s.name,
                type=s.type,
                state=s.state,
                startedAt=s.started_at,
                endedAt=s.ended_at,
            )
            for s in found.history
        ],
        variables=[VariableOut(name=k, value=v) for k, v in sorted(found.variables.items())],
        incidents=[
            IncidentOut(
                key=i.key,
                kind=i.kind,
                message=i.message,
                state=i.state,
                elementId=i.element_id,
                createdAt=i.created_at,
                retryable=i.retryable,
            )
            for i in found.incidents
        ],
        tasks=[
            TaskOut(
                id=t.id,
                name=t.name,
                elementId=t.element_id,
                state=t.state,
                holder=t.holder,
                candidates=t.candidates,
                createdAt=t.created_at,
            )
            for t in found.tasks
        ],
        mayCancel=found.may_cancel,
        mayEditVariables=found.may_edit_variables,
    )


@router.put(
    "/api/web/operate/instances/{instance_id}/variables/{name}",
    status_code=204,
    summary="Set a process variable (admins)",
)
def set_variable(
    ctx: Ctx, caller: CurrentCaller, instance_id: str, name: str, body: VariableValue
) -> Response:
    operate_instance.set_variable(ctx, caller, instance_id, name, body.value)
    return Response(status_code=204)


@router.post(
    "/api/web/operate/instances/{instance_id}/incidents/{key}/resolve",
    status_code=204,
    summary="Resolve an incident (with retry: give the job another attempt first)",
)
def resolve_incident(
    ctx: Ctx,
    caller: CurrentCaller,
    instance_id: str,
    key: str,
    body: ResolveBody | None = None,
) -> Response:
    retry = body.retry if body is not None else False
    operate_instance.resolve_incident(ctx, caller, instance_id, key, retry=retry)
    return Response(status_code=204)


@router.post(
    "/api/web/operate/instances/{instance_id}/cancel",
    status_code=204,
    summary="Cancel an instance",
)
def cancel(ctx: Ctx, caller: CurrentCaller, instance_id: str) -> Response:
    operate_instance.cancel(ctx, caller, instance_id)
    return Response(status_code=204)
