import pytest

from baton.model.errors import FieldError, InvalidInput
from baton.model.human_task import (
    CompletionStrategy,
    FormRef,
    HumanTaskDefinition,
    Principal,
    Tier,
    Trigger,
    TriggerType,
    UserType,
    parse_definition,
    parse_tiers,
)

ENG = Principal(UserType.CONDUCTOR_GROUP, "ENG")


def errors_of(raw, path=""):
    with pytest.raises(InvalidInput) as caught:
        parse_definition(raw, path)
    return caught.value.errors


def test_orkes_definition_from_the_docs():
    definition = parse_definition(
        {
            "displayName": "Loan Approval",
            "userFormTemplate": {"name": "Approval", "version": 1},
            "assignmentCompletionStrategy": "LEAVE_OPEN",
            "autoClaim": False,
            "assignments": [
                {"assignee": {"user": "ENGINEERS", "userType": "CONDUCTOR_GROUP"}, "slaMinutes": 10}
            ],
            "taskTriggers": [
                {
                    "triggerType": "COMPLETED",
                    "startWorkflowRequest": {"name": "notify", "version": 1},
                }
            ],
        }
    )
    assert definition == HumanTaskDefinition(
        tiers=(Tier((Principal(UserType.CONDUCTOR_GROUP, "ENGINEERS"),), 10),),
        completion_strategy=CompletionStrategy.LEAVE_OPEN,
        display_name="Loan Approval",
        form=FormRef("Approval", 1),
        triggers=(Trigger(TriggerType.COMPLETED, {"name": "notify", "version": 1}),),
    )


def test_js_sdk_single_assignee_is_one_non_expiring_tier():
    definition = parse_definition(
        {
            "displayName": "Review Order",
            "assignee": {"userType": "EXTERNAL_USER", "user": "reviewer@example.com"},
            "assignmentCompletionStrategy": "LEAVE_OPEN",
            "userFormTemplate": {"name": "review", "version": 0},
        }
    )
    assert definition.tiers == (
        Tier((Principal(UserType.EXTERNAL_USER, "reviewer@example.com"),), 0),
    )
    assert definition.form == FormRef("review", 0)


def test_assignments_win_over_assignee():
    definition = parse_definition(
        {"assignments": [], "assignee": {"userType": "CONDUCTOR_USER", "user": "x"}}
    )
    assert definition.tiers == ()


@pytest.mark.parametrize(
    "raw", [None, {}, {"displayName": None, "assignments": None, "autoClaim": None}]
)
def test_missing_parts_take_defaults(raw):
    assert parse_definition(raw) == HumanTaskDefinition()


@pytest.mark.parametrize("template", [None, "", {}, {"version": 0}, {"name": ""}])
def test_nameless_form_templates_mean_no_form(template):
    assert parse_definition({"userFormTemplate": template}).form is None


def test_sla_defaults_to_zero_and_accepts_whole_numbers():
    tiers = parse_tiers(
        [
            {"assignee": {"userType": "CONDUCTOR_USER", "user": "a"}},
            {"assignee": {"userType": "CONDUCTOR_USER", "user": "b"}, "slaMinutes": 5.0},
            {"assignee": {"userType": "CONDUCTOR_USER", "user": "c"}, "slaMinutes": "7"},
        ]
    )
    assert [t.sla_minutes for t in tiers] == [0, 5, 7]


def test_a_tier_after_a_non_expiring_one_is_accepted():
    tiers = parse_tiers(
        [{"assignee": {"userType": "CONDUCTOR_GROUP", "user": "ENG"}, "slaMinutes": 0}] * 2
    )
    assert tiers == (Tier((ENG,), 0), Tier((ENG,), 0))


def test_every_error_is_reported_with_its_path():
    errors = errors_of(
        {
            "assignments": [
                {"assignee": {"userType": "ROBOT", "user": ""}, "slaMinutes": -1},
                {"assignee": {"userType": "CONDUCTOR_USER", "user": "ok"}, "slaMinutes": 1.5},
                "nope",
            ],
            "assignmentCompletionStrategy": "TERMINATE_ON_COMPLETE",
            "autoClaim": "yes",
            "displayName": 3,
            "userFormTemplate": {"name": "f", "version": -2},
            "taskTriggers": [{"triggerType": "CLAIMED", "startWorkflowRequest": {}}],
        },
        "inputParameters.__humanTaskDefinition",
    )
    p = "inputParameters.__humanTaskDefinition."
    assert [e.path.removeprefix(p) for e in errors] == [
        "assignments[0].assignee.userType",
        "assignments[0].assignee.user",
        "assignments[0].slaMinutes",
        "assignments[1].slaMinutes",
        "assignments[2]",
        "assignmentCompletionStrategy",
        "autoClaim",
        "displayName",
        "userFormTemplate.version",
        "taskTriggers[0].triggerType",
        "taskTriggers[0].startWorkflowRequest",
    ]
    messages = {e.path.removeprefix(p): e.message for e in errors}
    assert messages["assignments[0].assignee.userType"] == (
        "must be one of: CONDUCTOR_USER, CONDUCTOR_GROUP, EXTERNAL_USER, EXTERNAL_GROUP"
    )
    assert "negative" in messages["assignments[0].slaMinutes"]
    assert messages["assignmentCompletionStrategy"] == "must be one of: LEAVE_OPEN, TERMINATE"
    assert "ASSIGNEE_CHANGED" in messages["taskTriggers[0].triggerType"]


def test_unhashable_enum_values_are_errors_not_crashes():
    errors = errors_of(
        {"assignee": {"userType": ["x"], "user": "u"}, "assignmentCompletionStrategy": {}}
    )
    assert [e.path for e in errors] == ["assignee.userType", "assignmentCompletionStrategy"]


def test_definition_must_be_an_object():
    assert errors_of([1]) == [FieldError("", "must be an object")]


def test_reassign_body_must_be_a_list():
    with pytest.raises(InvalidInput) as caught:
        parse_tiers({"assignee": {}})
    assert caught.value.errors == [FieldError("", "must be a list of assignments")]


def test_tier_needs_a_candidate():
    with pytest.raises(ValueError):
        Tier(())
