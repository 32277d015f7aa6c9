"""The web Tasklist: `/api/web/tasks` (list, detail, history, actions, bulk)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from baton.api.deps import Ctx, CurrentCaller
from baton.model.human_task import ActionLogEntry
from baton.model.identity import ActorKind
from baton.services.human import tasklist
from baton.services.human.tasklist import TaskDetail, TaskItem

router = APIRouter(prefix="/api/web/tasks", tags=["web"])


class ProcessRefOut(BaseModel):
    name: str
    definition: str
    version: int


class TaskItemOut(BaseModel):
    id: str
    name: str
    process: ProcessRefOut
    instanceId: str
    assignee: str | None
    assigneeName: str | None
    candidateGroups: list[str]
    candidateUsers: list[str]
    created: int
    due: int | None
    followUp: int | None
    completed: int | None
    priority: int
    priorityLabel: str
    state: str


class TaskPageOut(BaseModel):
    items: list[TaskItemOut]
    total: int
    nextCursor: str | None
    canSeeAll: bool
    # the count stopped at the search count cap: `total` is a lower bound ("10,000+")
    totalCapped: bool


class TierOut(BaseModel):
    index: int
    users: list[str]
    groups: list[str]
    slaMinutes: int
    current: bool


class ActionsOut(BaseModel):
    claim: bool
    unclaim: bool
    complete: bool
    saveDraft: bool
    reassign: bool
    skip: bool
    delete: bool


class TaskDetailOut(TaskItemOut):
    form: dict[str, Any] | None
    values: dict[str, Any]
    tiers: list[TierOut]
    currentTier: int | None
    holder: str | None
    holderName: str | None
    nextTierAt: int | None
    definitionName: str
    definitionVersion: int
    elementId: str
    actions: ActionsOut


class HistoryEntryOut(BaseModel):
    id: str
    action: str
    state: str
    at: int
    by: str
    byKind: str
    assignee: str | None
    claimant: str | None
    reason: str | None


class HistoryOut(BaseModel):
    items: list[HistoryEntryOut]


class ValuesIn(BaseModel):
    values: dict[str, Any] = Field(default_factory=dict)


class TierIn(BaseModel):
    users: list[Annotated[str, Field(max_length=256)]] = Field(default_factory=list, max_length=50)
    groups: list[Annotated[str, Field(max_length=256)]] = Field(default_factory=list, max_length=50)
    slaMinutes: int = Field(default=0, ge=0, le=10_000_000)


class ReassignIn(BaseModel):
    tiers: list[TierIn] = Field(max_length=20)


class SkipIn(BaseModel):
    reason: str | None = Field(default=None, max_length=1000)


class NextTaskOut(BaseModel):
    taskId: str
    name: str


class HandedToOut(BaseModel):
    kind: Literal["group", "user"]
    id: str


class CompleteOut(BaseModel):
    next: NextTaskOut | None = None
    handedTo: HandedToOut | None = None
    done: bool = False


class BulkIn(BaseModel):
    action: Literal["claim", "unclaim", "complete"]
    taskIds: list[Annotated[str, Field(max_length=64)]] = Field(min_length=1, max_length=200)
    values: dict[str, Any] | None = None


class BulkResultOut(BaseModel):
    taskId: str
    ok: bool
    status: int
    message: str


class BulkOut(BaseModel):
    results: list[BulkResultOut]


def _item_fields(item: TaskItem) -> dict[str, Any]:
    row, task = item.row, item.task
    users = [p.user for p in task.assignees if not p.user_type.is_group]
    groups = [p.user for p in task.assignees if p.user_type.is_group]
    holder = item.holder
    return {
        "id": row.id,
        "name": row.display_name or row.ref_name,
        "process": ProcessRefOut(
            name=item.process_name, definition=item.definition, version=item.version
        ),
        "instanceId": row.instance_id,
        "assignee": holder,
        "assigneeName": item.names.get(holder, holder) if holder else None,
        "candidateGroups": groups,
        "candidateUsers": users,
        "created": row.created_at,
        "due": row.due_at,
        "followUp": row.follow_up_at,
        "completed": row.completed_at,
        "priority": item.priority,
        "priorityLabel": tasklist.priority_label(item.priority),
        "state": row.state,
    }


def _detail(found: TaskDetail) -> TaskDetailOut:
    item = found.item
    task = item.task
    tiers = []
    for index, tier in enumerate(task.tiers):
        users, groups = tasklist.tier_view(tier)
        tiers.append(
            TierOut(
                index=index,
                users=users,
                groups=groups,
                slaMinutes=tier.sla_minutes,
                current=index == task.assignee_index and not task.is_terminal,
            )
        )
    fields = _item_fields(item)
    a = found.actions
    return TaskDetailOut(
        **fields,
        form=found.form,
        values=found.values,
        tiers=tiers,
        currentTier=None if task.is_terminal else task.assignee_index,
        holder=fields["assignee"],
        holderName=fields["assigneeName"],
        nextTierAt=found.next_tier_at,
        definitionName=item.definition,
        definitionVersion=item.version,
        elementId=item.row.ref_name,
        actions=ActionsOut(
            claim=a.claim,
            unclaim=a.unclaim,
            complete=a.complete,
            saveDraft=a.save_draft,
            reassign=a.reassign,
            skip=a.skip,
            delete=a.delete,
        ),
    )


def _entry(entry: ActionLogEntry) -> HistoryEntryOut:
    by = entry.acted_by
    return HistoryEntryOut(
        id=entry.id,
        action=entry.action.value,
        state=entry.state.value,
        at=entry.state_start,
        by="system" if by.kind is ActorKind.SYSTEM else by.id,
        byKind=by.kind.value,
        assignee=entry.assignee.user if entry.assignee is not None else None,
        claimant=entry.claimant.user if entry.claimant is not None else None,
        reason=entry.reason,
    )


@router.get("", response_model=TaskPageOut, summary="Tasks for the Tasklist (50 a page)")
def list_tasks(
    ctx: Ctx,
    caller: CurrentCaller,
    view: str = "mine",
    process: Annotated[str | None, Query(max_length=256)] = None,
    dueFrom: str | None = None,
    dueTo: str | None = None,
    followUpFrom: str | None = None,
    followUpTo: str | None = None,
    minPriority: str | None = None,
    variable: Annotated[list[str] | None, Query(max_length=20)] = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
    sort: str = "created",
    order: str = "desc",
    cursor: str | None = None,
) -> TaskPageOut:
    """`variable` repeats, each `NAME=JSON`; `cursor` is a page's `nextCursor`."""
    query = tasklist.parse_query(
        view=view,
        process=process,
        due_from=dueFrom,
        due_to=dueTo,
        follow_up_from=followUpFrom,
        follow_up_to=followUpTo,
        min_priority=minPriority,
        variables=variable or [],
        text=text,
        sort=sort,
        order=order,
        cursor=cursor,
    )
    page = tasklist.search(ctx, caller, query)
    return TaskPageOut(
        items=[TaskItemOut(**_item_fields(i)) for i in page.items],
        total=page.total,
        nextCursor=str(page.next_offset) if page.next_offset is not None else None,
        canSeeAll=page.may_see_all,
        totalCapped=page.capped,
    )


@router.post("/bulk", response_model=BulkOut, summary="Claim, unclaim or complete many tasks")
def bulk(body: BulkIn, ctx: Ctx, caller: CurrentCaller) -> BulkOut:
    results = tasklist.bulk(ctx, caller, body.action, body.taskIds, body.values)
    return BulkOut(
        results=[
            BulkResultOut(taskId=r.task_id, ok=r.ok, status=r.status, message=r.message)
            for r in results
        ]
    )


@router.get("/{task_id}", response_model=TaskDetailOut, summary="One task in detail")
def get_task(task_id: str, ctx: Ctx, caller: CurrentCaller) -> TaskDetailOut:
    return _detail(tasklist.detail(ctx, caller, task_id))


@router.get("/{task_id}/history", response_model=HistoryOut, summary="The task's action log")
def task_history(task_id: str, ctx: Ctx, caller: CurrentCaller) -> HistoryOut:
    return HistoryOut(items=[_entry(e) for e in tasklist.history(ctx, caller, task_id)])


@router.post("/{task_id}/claim", response_model=TaskDetailOut, summary="Claim for yourself")
def claim(task_id: str, ctx: Ctx, caller: CurrentCaller) -> TaskDetailOut:
    tasklist.claim(ctx, caller, task_id)
    return _detail(tasklist.detail(ctx, caller, task_id))


@router.post("/{task_id}/unclaim", response_model=TaskDetailOut, summary="Give the task back")
def unclaim(task_id: str, ctx: Ctx, caller: CurrentCaller) -> TaskDetailOut:
    tasklist.unclaim(ctx, caller, task_id)
    return _detail(tasklist.detail(ctx, caller, task_id))


@router.post("/{task_id}/draft", status_code=204, summary="Save the form's values as a draft")
def save_draft(task_id: str, body: ValuesIn, ctx: Ctx, caller: CurrentCaller) -> Response:
    tasklist.save_draft(ctx, caller, task_id, body.values)
    return Response(status_code=204)


@router.post("/{task_id}/complete", response_model=CompleteOut, summary="Complete; what next")
def complete(task_id: str, body: ValuesIn, ctx: Ctx, caller: CurrentCaller) -> CompleteOut:
    step = tasklist.complete(ctx, caller, task_id, body.values)
    return CompleteOut(
        next=NextTaskOut(taskId=step.next_task[0], name=step.next_task[1])
        if step.next_task
        else None,
        handedTo=HandedToOut(kind=step.handed_to[0], id=step.handed_to[1])
        if step.handed_to
        else None,
        done=step.done,
    )


@router.post("/{task_id}/reassign", status_code=204, summary="Replace the escalation tiers")
def reassign(task_id: str, body: ReassignIn, ctx: Ctx, caller: CurrentCaller) -> Response:
    tiers = [tasklist.TierSpec(tuple(t.users), tuple(t.groups), t.slaMinutes) for t in body.tiers]
    tasklist.reassign(ctx, caller, task_id, tiers)
    return Response(status_code=204)


@router.post("/{task_id}/skip", status_code=204, summary="Move on to the next tier")
def skip(task_id: str, body: SkipIn, ctx: Ctx, caller: CurrentCaller) -> Response:
    tasklist.skip(ctx, caller, task_id, body.reason)
    return Response(status_code=204)


@router.delete("/{task_id}", status_code=204, summary="Delete the task")
def delete(task_id: str, ctx: Ctx, caller: CurrentCaller) -> Response:
    tasklist.delete(ctx, caller, task_id)
    return Response(status_code=204)
