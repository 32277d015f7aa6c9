import itertools

import pytest

from baton.model.errors import Forbidden, InvalidInput
from baton.model.human_task import (
    SYSTEM,
    TERMINATE_REASON,
    Action,
    AlreadyClaimed,
    CompletionStrategy,
    HumanTaskDefinition,
    HumanTaskState,
    NoAssignment,
    NotClaimed,
    NotEligible,
    Principal,
    SlaTimer,
    TaskClosed,
    Tier,
    Trigger,
    TriggerType,
    UserType,
    candidates_for_index,
    claim,
    complete,
    create,
    delete,
    escalate,
    from_dict,
    is_candidate,
    reassign,
    record_trigger,
    release,
    save_draft,
    skip,
    time_out,
    to_dict,
)
from baton.model.identity import Actor, ActorKind

MIN = 60_000
T0 = 1_736_414_586_182
JANE = Principal(UserType.CONDUCTOR_USER, "jane@x")
BOB = Principal(UserType.CONDUCTOR_USER, "bob@x")
ENG = Principal(UserType.CONDUCTOR_GROUP, "ENG")
EXT = Principal(UserType.EXTERNAL_USER, "ext-1")
EXT_GROUP = Principal(UserType.EXTERNAL_GROUP, "partners")


class Ids:
    def __init__(self):
        self.counter = itertools.count(1)

    def __call__(self):
        return f"id-{next(self.counter)}"


def tiers(*specs):
    return tuple(Tier((who,), sla) for who, sla in specs)


def new(*specs, strategy=CompletionStrategy.LEAVE_OPEN, auto_claim=False, now=T0):
    definition = HumanTaskDefinition(tiers(*specs), strategy, auto_claim)
    return create(definition, now=now, new_id=Ids())


def actions(task):
    return [(e.action, e.state) for e in task.action_log]


def kw(now=T0 + 1000):
    return {"now": now, "new_id": Ids()}


# creation


def test_create_offers_the_first_tier():
    out = new((ENG, 10), (JANE, 0))
    task = out.task
    assert task.state is HumanTaskState.ASSIGNED
    assert (task.assignee_index, task.assignments_completed) == (0, False)
    assert actions(task) == [(Action.ASSIGNMENT, HumanTaskState.ASSIGNED)]
    entry = task.action_log[0]
    assert (entry.assignee, entry.claimant, entry.acted_by) == (ENG, None, SYSTEM)
    assert out.events == (TriggerType.PENDING, TriggerType.ASSIGNED)
    assert out.sla_timer == SlaTimer(task.offer, T0 + 10 * MIN)
    assert task.sla_due_at == T0 + 10 * MIN


def test_create_without_tiers_is_open_to_anyone():
    task = new().task
    assert task.state is HumanTaskState.ASSIGNED
    assert (task.assignee_index, task.assignments_completed) == (None, True)
    assert actions(task) == [(Action.ASSIGNMENTS_COMPLETED, HumanTaskState.ASSIGNED)]
    assert task.assignee is None and task.sla_due_at is None


def test_create_without_tiers_is_open_even_with_terminate():
    out = new(strategy=CompletionStrategy.TERMINATE)
    assert out.task.state is HumanTaskState.ASSIGNED and out.process_failure is None


def test_non_expiring_tier_sets_no_timer():
    out = new((JANE, 0))
    assert out.sla_timer is None and out.task.sla_due_at is None


def test_auto_claim_claims_for_a_single_user():
    out = new((JANE, 5), auto_claim=True)
    assert out.task.state is HumanTaskState.IN_PROGRESS
    assert out.task.claimant == JANE
    assert actions(out.task)[-1] == (Action.CLAIM, HumanTaskState.IN_PROGRESS)
    assert out.task.action_log[-1].acted_by == SYSTEM
    assert out.events == (TriggerType.PENDING, TriggerType.ASSIGNED, TriggerType.IN_PROGRESS)
    assert out.sla_timer is not None


@pytest.mark.parametrize("who", [ENG, EXT_GROUP])
def test_auto_claim_needs_a_single_user(who):
    assert new((who, 5), auto_claim=True).task.state is HumanTaskState.ASSIGNED


def test_auto_claim_skips_a_tier_of_several_candidates():
    definition = HumanTaskDefinition((Tier((JANE, BOB)),), auto_claim=True)
    assert create(definition, now=T0, new_id=Ids()).task.claimant is None


def test_auto_claim_works_for_an_external_user():
    assert new((EXT, 0), auto_claim=True).task.claimant == EXT


# claim


def test_group_member_claims_without_override():
    task = new((ENG, 10)).task
    out = claim(task, JANE, groups={"ENG"}, **kw())
    assert out.task.state is HumanTaskState.IN_PROGRESS
    assert out.task.claimant == JANE
    assert out.task.assignee == ENG  # no override: the group stays the assignee
    entry = out.logs[0]
    assert (entry.action, entry.acted_by) == (Action.CLAIM, Actor(ActorKind.USER, "jane@x"))
    assert (entry.assignee, entry.claimant) == (ENG, JANE)
    assert out.events == (TriggerType.IN_PROGRESS, TriggerType.CLAIMANT_CHANGED)


def test_claim_by_a_non_candidate_needs_override():
    task = new((ENG, 10)).task
    with pytest.raises(NotEligible) as caught:
        claim(task, BOB, **kw())
    assert isinstance(caught.value, Forbidden)


def test_override_makes_the_claimant_the_assignee():
    task = new((ENG, 10)).task
    out = claim(task, BOB, override=True, **kw())
    assert out.task.assignee == BOB and out.task.claimant == BOB
    assert (out.logs[0].assignee, out.logs[0].claimant) == (BOB, BOB)
    assert TriggerType.ASSIGNEE_CHANGED in out.events


def test_open_task_is_claimed_by_anyone_and_keeps_no_assignee():
    task = new().task
    out = claim(task, BOB, override=True, **kw())
    assert out.task.claimant == BOB and out.task.assignee is None
    assert out.logs[0].assignee is None


@pytest.mark.parametrize("override", [False, True])
def test_claimed_task_cannot_be_claimed_again(override):
    task = claim(new((ENG, 10)).task, JANE, groups={"ENG"}, **kw()).task
    with pytest.raises(AlreadyClaimed) as caught:
        claim(task, BOB, override=override, **kw())
    error = caught.value
    assert isinstance(error, InvalidInput) and error.status == 400
    assert "CONDUCTOR_USER:jane@x" in error.message
    assert error.code == "ALREADY_CLAIMED"


def test_a_group_cannot_claim():
    with pytest.raises(InvalidInput):
        claim(new().task, ENG, **kw())


@pytest.mark.parametrize(
    ("candidate", "who", "groups", "eligible"),
    [
        (JANE, JANE, (), True),
        (JANE, Principal(UserType.EXTERNAL_USER, "jane@x"), (), True),
        (ENG, JANE, {"ENG"}, True),
        (ENG, JANE, {"OPS"}, False),
        (EXT, Principal(UserType.EXTERNAL_USER, "ext-1"), (), True),
        (EXT, Principal(UserType.CONDUCTOR_USER, "ext-1"), (), False),
        (EXT_GROUP, EXT, (), True),
        (EXT_GROUP, JANE, (), False),
    ],
)
def test_who_may_claim_without_override(candidate, who, groups, eligible):
    task = new((candidate, 0)).task
    if eligible:
        assert claim(task, who, groups=groups, **kw()).task.claimant == who
    else:
        with pytest.raises(NotEligible):
            claim(task, who, groups=groups, **kw())


# release


def test_release_logs_pending_then_hands_the_tier_back():
    task = new((ENG, 10)).task
    claimed = claim(task, JANE, groups={"ENG"}, **kw()).task
    out = release(claimed, JANE.actor, **kw(T0 + 2000))
    assert [(e.action, e.state) for e in out.logs] == [
        (Action.RELEASE, HumanTaskState.PENDING),
        (Action.ASSIGNMENT, HumanTaskState.ASSIGNED),
    ]
    assert out.logs[0].claimant == JANE and out.logs[0].acted_by == Actor(ActorKind.USER, "jane@x")
    assert out.logs[1].assignee == ENG and out.logs[1].acted_by == SYSTEM
    assert out.task.claimant is None and out.task.state is HumanTaskState.ASSIGNED
    assert out.events == (
        TriggerType.PENDING,
        TriggerType.ASSIGNED,
        TriggerType.CLAIMANT_CHANGED,
    )


def test_release_keeps_the_sla_running():
    task = new((ENG, 10)).task
    claimed = claim(task, JANE, groups={"ENG"}, **kw()).task
    out = release(claimed, JANE.actor, **kw(T0 + 5 * MIN))
    assert out.sla_timer is None
    assert out.task.offer == task.offer and out.task.sla_due_at == T0 + 10 * MIN


def test_release_after_override_restores_the_tier_assignee():
    claimed = claim(new((ENG, 10)).task, BOB, override=True, **kw()).task
    out = release(claimed, BOB.actor, **kw())
    assert out.task.assignee == ENG
    assert TriggerType.ASSIGNEE_CHANGED in out.events


def test_release_of_open_task_reopens_it():
    claimed = claim(new().task, BOB, **kw()).task
    out = release(claimed, BOB.actor, **kw())
    assert out.logs[-1].action is Action.ASSIGNMENTS_COMPLETED
    assert out.task.assignments_completed and out.task.state is HumanTaskState.ASSIGNED


def test_releasing_an_unclaimed_task_is_refused():
    with pytest.raises(NotClaimed):
        release(new((ENG, 10)).task, JANE.actor, **kw())


# reassign


def test_reassign_replaces_the_tiers_and_offers_the_first():
    task = skip(new((ENG, 10), (JANE, 10)).task, Actor(ActorKind.APPLICATION, "app"), **kw()).task
    out = reassign(task, tiers((BOB, 30)), JANE.actor, **kw(T0 + 7000))
    assert [(e.action, e.state) for e in out.logs] == [
        (Action.REASSIGN, HumanTaskState.PENDING),
        (Action.ASSIGNMENT, HumanTaskState.ASSIGNED),
    ]
    assert out.task.tiers == tiers((BOB, 30))
    assert (out.task.assignee_index, out.task.skipped) == (0, ())
    assert out.task.assignee == BOB
    assert out.sla_timer == SlaTimer(out.task.offer, T0 + 7000 + 30 * MIN)
    assert out.events == (TriggerType.PENDING, TriggerType.ASSIGNED, TriggerType.ASSIGNEE_CHANGED)


def test_reassign_to_nobody_opens_the_task():
    out = reassign(new((ENG, 10)).task, (), JANE.actor, **kw())
    assert out.task.assignments_completed and out.task.assignee is None


def test_reassign_gives_an_open_task_assignees():
    out = reassign(new().task, tiers((BOB, 0)), JANE.actor, **kw())
    assert out.task.assignee == BOB and not out.task.assignments_completed


def test_claimed_task_cannot_be_reassigned():
    claimed = claim(new((ENG, 10)).task, JANE, groups={"ENG"}, **kw()).task
    with pytest.raises(AlreadyClaimed):
        reassign(claimed, tiers((BOB, 0)), JANE.actor, **kw())


# skip


def test_skip_moves_to_the_next_tier():
    task = new((ENG, 10), (JANE, 20)).task
    out = skip(task, JANE.actor, reason="on leave", **kw(T0 + 1000))
    assert [(e.action, e.state) for e in out.logs] == [
        (Action.SKIP, HumanTaskState.PENDING),
        (Action.ASSIGNMENT, HumanTaskState.ASSIGNED),
    ]
    assert out.logs[0].reason == "on leave"
    assert (out.task.assignee_index, out.task.skipped) == (1, (0,))
    assert out.task.assignee == JANE
    assert out.sla_timer == SlaTimer(out.task.offer, T0 + 1000 + 20 * MIN)


def test_skip_drops_a_claim():
    claimed = claim(new((ENG, 10), (BOB, 0)).task, JANE, groups={"ENG"}, **kw()).task
    out = skip(claimed, JANE.actor, **kw())
    assert out.task.claimant is None and out.task.assignee == BOB
    assert TriggerType.CLAIMANT_CHANGED in out.events


def test_skip_past_the_last_tier_leaves_open():
    out = skip(new((ENG, 10)).task, JANE.actor, **kw())
    assert out.logs[-1].action is Action.ASSIGNMENTS_COMPLETED
    assert out.task.assignments_completed and out.task.assignee_index is None
    assert out.task.skipped == (0,)


def test_skip_past_the_last_tier_terminates():
    out = skip(new((ENG, 10), strategy=CompletionStrategy.TERMINATE).task, JANE.actor, **kw())
    assert out.task.state is HumanTaskState.DELETED
    assert out.process_failure == TERMINATE_REASON


def test_skip_reaches_a_tier_after_a_non_expiring_one():
    out = skip(new((ENG, 0), (JANE, 0)).task, BOB.actor, **kw())
    assert out.task.assignee == JANE


def test_skip_without_assignment_is_refused():
    with pytest.raises(NoAssignment):
        skip(new().task, JANE.actor, **kw())


# escalate


def test_escalation_offers_the_next_tier_when_the_sla_expires():
    created = new((ENG, 10), (JANE, 20))
    due = created.sla_timer.due_at
    out = escalate(created.task, offer=created.sla_timer.offer, now=due, new_id=Ids())
    assert [(e.action, e.state, e.acted_by) for e in out.logs] == [
        (Action.ESCALATION, HumanTaskState.PENDING, SYSTEM),
        (Action.ASSIGNMENT, HumanTaskState.ASSIGNED, SYSTEM),
    ]
    assert out.task.assignee_index == 1 and out.task.skipped == ()
    assert out.sla_timer == SlaTimer(out.task.offer, due + 20 * MIN)


def test_escalation_drops_a_claim():
    created = new((ENG, 10), (JANE, 0))
    claimed = claim(created.task, BOB, groups={"ENG"}, **kw()).task
    out = escalate(claimed, offer=created.sla_timer.offer, now=T0 + 10 * MIN, new_id=Ids())
    assert out.task.claimant is None and out.task.state is HumanTaskState.ASSIGNED
    assert out.logs[0].claimant == BOB
    assert out.events == (
        TriggerType.PENDING,
        TriggerType.ASSIGNED,
        TriggerType.ASSIGNEE_CHANGED,
        TriggerType.CLAIMANT_CHANGED,
    )


def test_escalation_after_the_last_tier_leaves_open():
    created = new((ENG, 10))
    out = escalate(created.task, offer=created.sla_timer.offer, now=T0 + 10 * MIN, new_id=Ids())
    assert out.logs[-1].action is Action.ASSIGNMENTS_COMPLETED
    assert out.task.assignments_completed and out.task.assignee is None
    assert out.task.state is HumanTaskState.ASSIGNED and out.sla_timer is None


def test_escalation_after_the_last_tier_terminates():
    created = new((ENG, 10), strategy=CompletionStrategy.TERMINATE)
    out = escalate(created.task, offer=created.sla_timer.offer, now=T0 + 10 * MIN, new_id=Ids())
    assert out.task.state is HumanTaskState.DELETED
    assert out.logs[-1].action is Action.ASSIGNMENTS_COMPLETED
    assert out.logs[-1].state is HumanTaskState.DELETED
    assert out.process_failure == TERMINATE_REASON


def test_stale_escalations_are_no_ops():
    created = new((ENG, 10), (JANE, 10))
    stale = created.sla_timer.offer
    skipped = skip(created.task, BOB.actor, **kw()).task
    assert not escalate(skipped, offer=stale, now=T0 + 10 * MIN, new_id=Ids()).changed
    early = escalate(created.task, offer=stale, now=T0 + 10 * MIN - 1, new_id=Ids())
    assert not early.changed and early.task is created.task
    done = complete(created.task, {}, JANE.actor, require_claim=False, **kw()).task
    assert not escalate(done, offer=stale, now=T0 + 10 * MIN, new_id=Ids()).changed


def test_escalation_of_a_non_expiring_tier_is_a_no_op():
    created = new((ENG, 0))
    out = escalate(created.task, offer=created.task.offer, now=T0 + 10**9, new_id=Ids())
    assert not out.changed


def test_auto_claim_applies_to_an_escalated_tier():
    created = new((ENG, 10), (JANE, 0), auto_claim=True)
    out = escalate(created.task, offer=created.sla_timer.offer, now=T0 + 10 * MIN, new_id=Ids())
    assert out.task.claimant == JANE and out.task.state is HumanTaskState.IN_PROGRESS


# update / complete


def test_save_draft_merges_output():
    claimed = claim(new((JANE, 0)).task, JANE, **kw()).task
    first = save_draft(claimed, {"a": 1, "b": 1}, JANE.actor, **kw()).task
    out = save_draft(first, {"b": 2}, JANE.actor, **kw())
    assert out.task.output == {"a": 1, "b": 2}
    assert out.task.state is HumanTaskState.IN_PROGRESS
    assert out.logs[0].action is Action.UPDATE and out.events == ()


def test_save_draft_needs_a_claim_unless_waived():
    task = new((JANE, 0)).task
    with pytest.raises(NotClaimed):
        save_draft(task, {"a": 1}, JANE.actor, **kw())
    out = save_draft(task, {"a": 1}, Actor(ActorKind.USER, "admin"), require_claim=False, **kw())
    assert out.task.state is HumanTaskState.ASSIGNED and out.task.output == {"a": 1}


def test_complete_finishes_the_task():
    claimed = claim(new((JANE, 0)).task, JANE, **kw()).task
    drafted = save_draft(claimed, {"a": 1}, JANE.actor, **kw()).task
    out = complete(drafted, {"b": 2}, JANE.actor, **kw())
    assert out.task.state is HumanTaskState.COMPLETED
    assert out.task.output == {"a": 1, "b": 2}
    assert out.logs[0].action is Action.COMPLETE and out.logs[0].claimant == JANE
    assert out.events == (TriggerType.COMPLETED,)


def test_complete_needs_a_claim_unless_waived():
    task = new((JANE, 0)).task
    with pytest.raises(NotClaimed):
        complete(task, {}, JANE.actor, **kw())
    assert complete(task, {}, JANE.actor, require_claim=False, **kw()).task.is_terminal


# time-out, delete, terminal states


def test_time_out():
    out = time_out(new((JANE, 0)).task, **kw())
    assert out.task.state is HumanTaskState.TIMED_OUT
    assert out.logs[0].action is Action.TIMEOUT and out.events == (TriggerType.TIMED_OUT,)


def test_delete():
    out = delete(new((JANE, 0)).task, Actor(ActorKind.USER, "admin"), reason="orphaned", **kw())
    assert out.task.state is HumanTaskState.DELETED and out.events == ()
    assert out.logs[0].acted_by == Actor(ActorKind.USER, "admin")


@pytest.mark.parametrize(
    "finish",
    [
        lambda t: complete(t, {}, JANE.actor, require_claim=False, **kw()),
        lambda t: time_out(t, **kw()),
        lambda t: delete(t, **kw()),
    ],
)
def test_final_tasks_refuse_everything(finish):
    task = finish(new((JANE, 0)).task).task
    attempts = [
        lambda: claim(task, JANE, override=True, **kw()),
        lambda: release(task, JANE.actor, **kw()),
        lambda: reassign(task, (), JANE.actor, **kw()),
        lambda: skip(task, JANE.actor, **kw()),
        lambda: save_draft(task, {}, JANE.actor, require_claim=False, **kw()),
        lambda: complete(task, {}, JANE.actor, require_claim=False, **kw()),
        lambda: time_out(task, **kw()),
        lambda: delete(task, **kw()),
    ]
    for attempt in attempts:
        with pytest.raises(TaskClosed):
            attempt()


# eligibility and triggers


def test_is_candidate():
    task = new((ENG, 10)).task
    assert is_candidate(task, "jane@x", {"ENG"})
    assert not is_candidate(task, "jane@x", {"OPS"})
    assert is_candidate(new().task, "anyone", set())
    assert not is_candidate(new((EXT, 0)).task, "ext-1", set())


def test_candidates_for_index():
    definition = HumanTaskDefinition((Tier((JANE, ENG)),))
    task = create(definition, now=T0, new_id=Ids()).task
    assert candidates_for_index(task) == [("CONDUCTOR_USER", "jane@x"), ("CONDUCTOR_GROUP", "ENG")]
    assert candidates_for_index(new().task) == []
    overridden = claim(task, BOB, override=True, **kw()).task
    assert candidates_for_index(overridden) == [("CONDUCTOR_USER", "bob@x")]


def test_triggers_for_events_and_trigger_log():
    notify = Trigger(TriggerType.ASSIGNED, {"name": "notify", "version": 1})
    definition = HumanTaskDefinition(tiers((JANE, 0)), triggers=(notify,))
    out = create(definition, now=T0, new_id=Ids())
    assert definition.triggers_for(out.events) == [notify]
    task = record_trigger(out.task, notify, now=T0, new_id=Ids(), workflow_id="wf-1")
    assert task.trigger_log[0].workflow_name == "notify"
    assert task.trigger_log[0].workflow_id == "wf-1"


def test_external_claim_with_override_makes_the_external_user_the_assignee():
    out = claim(new((ENG, 10)).task, EXT, override=True, **kw())
    assert out.task.assignee == EXT and out.task.claimant == EXT
    assert out.logs[0].acted_by == Actor(ActorKind.EXTERNAL_USER, "ext-1")


def test_stored_document_of_an_unknown_version_is_refused():
    document = to_dict(new((ENG, 10)).task)
    assert from_dict(document) == new((ENG, 10)).task
    with pytest.raises(ValueError):
        from_dict({**document, "schema": 99})
