"""The two operations the Camunda user-task API adds: `assign` (set the claimant, replacing
another) and `change_candidates` (a CHANGE, optionally replacing the tier, keeping a claim)."""

import itertools

import pytest

from baton.model.errors import InvalidInput
from baton.model.human_task import (
    Action,
    HumanTaskDefinition,
    HumanTaskState,
    Principal,
    TaskClosed,
    Tier,
    TriggerType,
    UserType,
    assign,
    change_candidates,
    claim,
    complete,
    create,
    is_candidate,
)
from baton.model.identity import Actor, ActorKind

T0 = 1_736_414_586_182
ANN = Principal(UserType.CONDUCTOR_USER, "ann")
BOB = Principal(UserType.CONDUCTOR_USER, "bob")
SALES = Principal(UserType.CONDUCTOR_GROUP, "sales")
OPS = Principal(UserType.CONDUCTOR_GROUP, "ops")


def ids():
    counter = itertools.count(1)
    return lambda: f"id-{next(counter)}"


def kw():
    return {"now": T0 + 1000, "new_id": ids()}


def offered_to_sales():
    return create(HumanTaskDefinition((Tier((SALES,)),)), now=T0, new_id=ids()).task


def test_assign_claims_for_the_assignee_acted_by_the_caller():
    outcome = assign(
        offered_to_sales(), ANN, Actor(ActorKind.USER, "admin"), groups=["sales"], **kw()
    )
    task = outcome.task
    assert task.state is HumanTaskState.IN_PROGRESS
    assert task.claimant == ANN
    assert task.assignee_override is None  # ann is offered the task through sales
    assert task.action_log[-1].action is Action.CLAIM
    assert task.action_log[-1].acted_by == Actor(ActorKind.USER, "admin")
    assert TriggerType.CLAIMANT_CHANGED in outcome.events


def test_assign_replaces_another_claimant_with_a_release_first():
    task = claim(offered_to_sales(), ANN, groups=["sales"], **kw()).task
    outcome = assign(task, BOB, Actor(ActorKind.USER, "admin"), **kw())
    assert outcome.task.claimant == BOB
    assert outcome.task.assignee == BOB  # bob is not in sales: he holds it as an override
    assert [e.action for e in outcome.logs] == [Action.RELEASE, Action.ASSIGNMENT, Action.CLAIM]


def test_assigning_the_claimant_again_changes_nothing():
    task = claim(offered_to_sales(), ANN, groups=["sales"], **kw()).task
    assert not assign(task, ANN, Actor(ActorKind.USER, "x"), **kw()).changed


def test_assign_refuses_a_group_and_a_closed_task():
    with pytest.raises(InvalidInput):
        assign(offered_to_sales(), SALES, Actor(ActorKind.USER, "x"), **kw())
    task = claim(offered_to_sales(), ANN, groups=["sales"], **kw()).task
    done = complete(task, {}, ANN.actor, **kw()).task
    with pytest.raises(TaskClosed):
        assign(done, BOB, Actor(ActorKind.USER, "x"), **kw())


def test_change_candidates_replaces_the_tier_and_logs_a_change():
    outcome = change_candidates(
        offered_to_sales(), (OPS, BOB), Actor(ActorKind.USER, "admin"), reason="r", **kw()
    )
    task = outcome.task
    assert task.tiers == (Tier((OPS, BOB)),)
    assert is_candidate(task, "x", ["ops"]) and not is_candidate(task, "x", ["sales"])
    assert task.state is HumanTaskState.ASSIGNED
    assert task.action_log[-1].action is Action.CHANGE
    assert task.action_log[-1].reason == "r"
    assert TriggerType.ASSIGNEE_CHANGED in outcome.events


def test_change_candidates_keeps_a_claim():
    task = claim(offered_to_sales(), ANN, groups=["sales"], **kw()).task
    changed = change_candidates(
        task, (OPS,), Actor(ActorKind.USER, "admin"), reason="r", **kw()
    ).task
    assert changed.claimant == ANN
    assert changed.state is HumanTaskState.IN_PROGRESS
    assert changed.assignee == ANN  # no longer offered to her: she holds it as its assignee


def test_no_candidates_open_the_task_to_anyone():
    task = change_candidates(
        offered_to_sales(), (), Actor(ActorKind.USER, "admin"), reason="r", **kw()
    ).task
    assert task.assignments_completed and task.tiers == ()


def test_a_change_without_candidates_only_logs():
    before = offered_to_sales()
    after = change_candidates(
        before, None, Actor(ActorKind.USER, "admin"), reason="dueDate", **kw()
    ).task
    assert after.tiers == before.tiers and after.offer == before.offer
    assert after.action_log[-1].reason == "dueDate"
