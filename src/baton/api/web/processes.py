"""The start-process page: `/api/web/processes` lists what the caller may start, with start
forms; `/api/web/processes/{name}/start` starts one and names the first task for the caller."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from baton.api.deps import Ctx, CurrentCaller
from baton.services import process_starts
from baton.services.process_starts import StartableProcess, StartForm

router = APIRouter(prefix="/api/web/processes", tags=["web"])


class FormSpec(BaseModel):
    """web/src/forms/types.ts FormSpec: a Camunda form, or JSON Schema + JSON Forms UI schema."""

    kind: Literal["camunda", "jsonforms"]
    schema_: dict[str, Any] = Field(alias="schema", serialization_alias="schema")
    uiSchema: dict[str, Any] | None = None


class ProcessView(BaseModel):
    name: str
    label: str
    kind: Literal["bpmn", "conductor"]
    version: int
    versions: list[int]
    description: str | None
    startForm: FormSpec | None


class ProcessList(BaseModel):
    processes: list[ProcessView]


class StartBody(BaseModel):
    version: int | None = Field(default=None, ge=1)
    variables: dict[str, Any] = Field(default_factory=dict)


class FirstTaskView(BaseModel):
    taskId: str
    name: str


class StartedView(BaseModel):
    instanceId: str
    kind: Literal["bpmn", "conductor"]
    firstTask: FirstTaskView | None


def _form(form: StartForm | None) -> FormSpec | None:
    if form is None:
        return None
    ui = form.ui_schema if form.kind == "jsonforms" else None
    return FormSpec(kind=form.kind, schema=form.schema, uiSchema=ui)


def _view(found: StartableProcess) -> ProcessView:
    return ProcessView(
        name=found.name,
        label=found.label,
        kind=found.kind,
        version=found.version,
        versions=found.versions,
        description=found.description,
        startForm=_form(found.start_form),
    )


@router.get(
    "",
    response_model=ProcessList,
    response_model_by_alias=True,
    summary="The processes and workflows I may start, with their start forms",
)
def list_processes(ctx: Ctx, caller: CurrentCaller) -> ProcessList:
    return ProcessList(processes=[_view(p) for p in process_starts.startable(ctx, caller)])


@router.post(
    "/{name}/start",
    response_model=StartedView,
    summary="Start a process; answers the instance and its first task for me, if any",
)
def start_process(
    name: Annotated[str, Path(min_length=1, max_length=256)],
    body: StartBody,
    ctx: Ctx,
    caller: CurrentCaller,
) -> StartedView:
    started = process_starts.start(
        ctx, caller, name, version=body.version, variables=body.variables
    )
    first = started.first_task
    return StartedView(
        instanceId=started.instance_id,
        kind=started.kind,
        firstTask=FirstTaskView(taskId=first.task_id, name=first.name) if first else None,
    )
