"""Tasklist filters saved on the server: `/api/web/filters`.

The stored query is the web app's `TaskQuery` (web/src/tasklist/query.ts); its fields are
checked here, so a filter that the Tasklist could not apply is never stored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from baton.api.deps import Ctx, CurrentCaller
from baton.services import saved_filters
from baton.services.saved_filters import MAX_NAME, SavedFilter

router = APIRouter(prefix="/api/web/filters", tags=["web"])

Date = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Text = Annotated[str, Field(max_length=1000)]


class VariableCondition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=256)
    value: str = Field(max_length=4000)


class TaskQuery(BaseModel):
    """The Tasklist's filter: which tasks (view and conditions) in which order."""

    model_config = ConfigDict(extra="forbid")
    view: Literal["mine", "groups", "unassigned", "all", "completed"]
    process: Text | None = None
    dueFrom: Date | None = None
    dueTo: Date | None = None
    followUpFrom: Date | None = None
    followUpTo: Date | None = None
    minPriority: int | None = Field(default=None, ge=0, le=100)
    variables: list[VariableCondition] | None = Field(default=None, max_length=20)
    text: Text | None = None
    sort: Literal["created", "due", "followUp", "priority"]
    order: Literal["asc", "desc"]


class FilterBody(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_NAME)
    query: TaskQuery
    sharedGroup: str | None = Field(default=None, min_length=1, max_length=256)


class SavedFilterView(BaseModel):
    id: str
    name: str
    ownerId: str
    mine: bool
    sharedGroup: str | None
    query: dict[str, Any]
    updatedAt: int


class SavedFilterList(BaseModel):
    filters: list[SavedFilterView]


FilterId = Annotated[str, Path(max_length=64)]


def _view(found: SavedFilter) -> SavedFilterView:
    return SavedFilterView(
        id=found.id,
        name=found.name,
        ownerId=found.owner_id,
        mine=found.mine,
        sharedGroup=found.shared_group,
        query=found.query,
        updatedAt=found.updated_at,
    )


def _query(body: FilterBody) -> dict[str, Any]:
    return body.query.model_dump(exclude_none=True)


@router.get("", response_model=SavedFilterList, summary="My saved filters and my groups' ones")
def list_filters(ctx: Ctx, caller: CurrentCaller) -> SavedFilterList:
    return SavedFilterList(filters=[_view(f) for f in saved_filters.visible(ctx, caller)])


@router.post("", response_model=SavedFilterView, status_code=201, summary="Save a filter")
def create_filter(body: FilterBody, ctx: Ctx, caller: CurrentCaller) -> SavedFilterView:
    found = saved_filters.create(
        ctx, caller, name=body.name, query=_query(body), shared_group=body.sharedGroup
    )
    return _view(found)


@router.put("/{filter_id}", response_model=SavedFilterView, summary="Change a saved filter")
def update_filter(
    filter_id: FilterId, body: FilterBody, ctx: Ctx, caller: CurrentCaller
) -> SavedFilterView:
    found = saved_filters.update(
        ctx, caller, filter_id, name=body.name, query=_query(body), shared_group=body.sharedGroup
    )
    return _view(found)


@router.delete("/{filter_id}", status_code=204, summary="Delete a saved filter")
def delete_filter(filter_id: FilterId, ctx: Ctx, caller: CurrentCaller) -> Response:
    saved_filters.delete(ctx, caller, filter_id)
    return Response(status_code=204)
