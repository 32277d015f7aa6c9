"""Random operation sequences never reach an invalid human task."""

import itertools
import json

from hypothesis import event, given, settings
from hypothesis import strategies as st

from baton.api.human.wire import process_context
from baton.model.errors import BatonError
from baton.model.human_task import (
    CompletionStrategy,
    HumanTask,
    HumanTaskDefinition,
    HumanTaskState,
    Outcome,
    Principal,
    TaskClosed,
    Tier,
    TriggerType,
    UserType,
    claim,
    complete,
    create,
    delete,
    escalate,
    from_dict,
    reassign,
    release,
    save_draft,
    skip,
    time_out,
    to_dict,
)
from baton.model.identity import Actor, ActorKind

T0 = 1_700_000_000_000
USERS = [Principal(UserType.CONDUCTOR_USER, u) for u in ("jane", "bob")] + [
    Principal(UserType.EXTERNAL_USER, "ext")
]
CHANGE_EVENTS = (TriggerType.ASSIGNEE_CHANGED, TriggerType.CLAIMANT_CHANGED)
GROUPS = [
    Principal(UserType.CONDUCTOR_GROUP, "ENG"),
    Principal(UserType.EXTERNAL_GROUP, "partners"),
]

candidates = st.sampled_from(USERS + GROUPS)
tiers = st.lists(
    st.builds(
        Tier,
        st.lists(candidates, min_size=1, max_size=2, unique=True).map(tuple),
        st.sampled_from([0, 1, 5]),
    ),
    max_size=3,
).map(tuple)
definitions = st.builds(
    HumanTaskDefinition,
    tiers=tiers,
    completion_strategy=st.sampled_from(CompletionStrategy),
    auto_claim=st.booleans(),
)
outputs = st.dictionaries(st.sampled_from("abc"), st.integers(0, 3), max_size=2)
operations = st.one_of(
    st.tuples(
        st.just("claim"),
        st.sampled_from(USERS),
        st.booleans(),
        st.sets(st.sampled_from(["ENG", "OPS"])),
    ),
    st.tuples(st.just("release"), st.sampled_from(USERS)),
    st.tuples(st.just("reassign"), tiers),
    st.tuples(st.just("skip")),
    st.tuples(st.just("escalate"), st.booleans()),
    st.tuples(st.just("save"), outputs, st.booleans()),
    st.tuples(st.just("complete"), outputs, st.booleans()),
    st.tuples(st.just("time_out")),
    st.tuples(st.just("delete")),
)
steps = st.lists(st.tuples(operations, st.integers(0, 6 * 60_000)), max_size=25)


def apply(task: HumanTask, op: tuple, now: int, new_id) -> Outcome:
    kind, *args = op
    at = {"now": now, "new_id": new_id}
    match kind:
        case "claim":
            who, override, groups = args
            return claim(task, who, override=override, groups=groups, **at)
        case "release":
            return release(task, args[0].actor, **at)
        case "reassign":
            return reassign(task, args[0], Actor(ActorKind.USER, "admin"), **at)
        case "skip":
            return skip(task, Actor(ActorKind.USER, "admin"), **at)
        case "escalate":
            offer = task.offer if args[0] else task.offer - 1
            return escalate(task, offer=offer, **at)
        case "save":
            return save_draft(
                task, args[0], Actor(ActorKind.USER, "x"), require_claim=args[1], **at
            )
        case "complete":
            return complete(task, args[0], Actor(ActorKind.USER, "x"), require_claim=args[1], **at)
        case "time_out":
            return time_out(task, **at)
        case "delete":
            return delete(task, **at)
    raise AssertionError(kind)


def check(task: HumanTask) -> None:
    assert task.state is not HumanTaskState.PENDING, "PENDING is only passed through"
    if task.state is HumanTaskState.IN_PROGRESS:
        assert task.claimant is not None
    if task.state is HumanTaskState.ASSIGNED:
        assert task.claimant is None
    assert (task.assignee_index is None) == task.assignments_completed
    if task.assignee_index is not None:
        assert 0 <= task.assignee_index < len(task.tiers)
    assert all(0 <= i < len(task.tiers) for i in task.skipped)
    assert task.action_log and task.action_log[-1].state is task.state
    assert len({e.id for e in task.action_log}) == len(task.action_log)
    if task.assignments_completed:
        assert task.assignee is None
    document = json.loads(json.dumps(to_dict(task)))
    assert from_dict(document) == task
    context = json.loads(json.dumps(process_context(task)))
    assert ("assigneeIndex" in context) == (task.assignee_index is not None)


def check_step(before: HumanTask, out: Outcome) -> None:
    after = out.task
    assert after.action_log == before.action_log + out.logs, (
        "the log only grows, by the new entries"
    )
    assert out.changed or after == before
    assert after.last_updated >= before.last_updated
    if out.sla_timer is not None:
        assert out.sla_timer.offer == after.offer
        assert out.sla_timer.due_at == after.sla_due_at
    if out.process_failure is not None:
        assert after.state is HumanTaskState.DELETED
        assert after.definition.completion_strategy is CompletionStrategy.TERMINATE
    state_events = [e for e in out.events if e not in CHANGE_EVENTS]
    if after.state is not before.state and after.state.value in TriggerType.__members__:
        assert state_events[-1] is TriggerType(after.state.value)
    assert (TriggerType.CLAIMANT_CHANGED in out.events) == (before.claimant != after.claimant)
    assert (TriggerType.ASSIGNEE_CHANGED in out.events) == (before.assignees != after.assignees)


def check_final(task: HumanTask, now: int) -> None:
    for op in [
        ("claim", USERS[0], True, set()),
        ("release", USERS[0]),
        ("reassign", ()),
        ("skip",),
        ("save", {}, False),
        ("complete", {}, False),
        ("time_out",),
        ("delete",),
    ]:
        try:
            apply(task, op, now, lambda: "x")
        except TaskClosed:
            continue
        raise AssertionError(f"{op[0]} accepted on a {task.state} task")
    assert not escalate(task, offer=task.offer, now=now + 10**9, new_id=lambda: "x").changed


@settings(max_examples=300, deadline=None)
@given(definitions, steps)
def test_random_operations_keep_the_task_valid(definition, steps):
    ids = (f"id-{n}" for n in itertools.count())
    new_id = ids.__next__
    now = T0
    out = create(definition, now=now, new_id=new_id)
    task = out.task
    check(task)
    for op, wait in steps:
        now += wait
        if task.is_terminal:
            check_final(task, now)
        try:
            out = apply(task, op, now, new_id)
        except BatonError:
            continue
        check_step(task, out)
        task = out.task
        check(task)
        event(f"reached {task.state.value}" + (" (open)" if task.assignments_completed else ""))


@settings(max_examples=200, deadline=None)
@given(definitions, steps)
def test_escalation_at_the_due_time_always_moves_on(definition, steps):
    ids = (f"id-{n}" for n in itertools.count())
    now = T0
    task = create(definition, now=now, new_id=ids.__next__).task
    for op, wait in steps:
        now += wait
        try:
            task = apply(task, op, now, ids.__next__).task
        except BatonError:
            continue
        due = task.sla_due_at
        if due is not None:
            out = escalate(task, offer=task.offer, now=due, new_id=ids.__next__)
            assert out.changed
            assert out.task.claimant is None or out.task.definition.auto_claim
            assert out.task.offer == task.offer + 1
