"""Demo content for `baton serve --demo`: people, a form and a process to try at once.

Users (password = user name): `ria` and `raj` in group `reviewers`, `mia` in `managers`,
all USER; the `demo` admin. A form template `expenseApproval`, a Conductor workflow
`expense_approval` whose HUMAN task is offered to `reviewers` for 60 minutes, then escalates
to `managers`; two instances are started so the inboxes are not empty. Idempotent.
"""

from __future__ import annotations

import logging
from typing import Any

from baton.model.errors import BatonError
from baton.model.identity import Caller, CallerKind, Role
from baton.services import identity, metadata, templates, workflows
from baton.services.context import ServiceContext

log = logging.getLogger("baton.demo")

DEMO_ADMIN = Caller(CallerKind.USER, "demo", "Demo Admin", frozenset({Role.ADMIN}))

EXPENSE_FORM: dict[str, Any] = {
    "name": "expenseApproval",
    "version": 1,
    "jsonSchema": {
        "$schema": "http://json-schema.org/draft-07/schema",
        "type": "object",
        "properties": {
            "employee": {"type": "string"},
            "amount": {"type": "number"},
            "approved": {"type": "boolean"},
            "comment": {"type": "string", "maxLength": 500},
        },
        "required": ["approved"],
    },
    "templateUI": {
        "type": "VerticalLayout",
        "elements": [
            {"type": "Control", "scope": "#/properties/employee", "options": {"readonly": True}},
            {"type": "Control", "scope": "#/properties/amount", "options": {"readonly": True}},
            {"type": "Control", "scope": "#/properties/approved", "label": "Approve?"},
            {"type": "Control", "scope": "#/properties/comment", "options": {"multi": True}},
        ],
    },
}

EXPENSE_WORKFLOW: dict[str, Any] = {
    "name": "expense_approval",
    "version": 1,
    "description": "An expense is reviewed by a reviewer; after an hour a manager may take it.",
    "tasks": [
        {
            "name": "review_expense",
            "taskReferenceName": "review",
            "type": "HUMAN",
            "inputParameters": {
                "employee": "${workflow.input.employee}",
                "amount": "${workflow.input.amount}",
                "approved": "",
                "comment": "",
                "__humanTaskDefinition": {
                    "displayName": "Review expense",
                    "userFormTemplate": {"name": "expenseApproval", "version": 1},
                    "assignmentCompletionStrategy": "LEAVE_OPEN",
                    "assignments": [
                        {
                            "assignee": {"user": "reviewers", "userType": "CONDUCTOR_GROUP"},
                            "slaMinutes": 60,
                        },
                        {
                            "assignee": {"user": "managers", "userType": "CONDUCTOR_GROUP"},
                            "slaMinutes": 0,
                        },
                    ],
                },
            },
        },
        {
            "name": "decide",
            "taskReferenceName": "decide",
            "type": "SWITCH",
            "evaluatorType": "value-param",
            "expression": "approved",
            "inputParameters": {"approved": "${review.output.approved}"},
            "decisionCases": {
                "true": [
                    {
                        "name": "record_approval",
                        "taskReferenceName": "record",
                        "type": "SET_VARIABLE",
                        "inputParameters": {"outcome": "approved"},
                    }
                ]
            },
            "defaultCase": [
                {
                    "name": "record_rejection",
                    "taskReferenceName": "reject",
                    "type": "SET_VARIABLE",
                    "inputParameters": {"outcome": "rejected"},
                }
            ],
        },
    ],
    "outputParameters": {
        "outcome": "${workflow.variables.outcome}",
        "comment": "${review.output.comment}",
    },
}


def install(ctx: ServiceContext) -> None:
    try:
        _install(ctx)
    except BatonError as exc:  # demo content must never stop the server
        log.warning("demo content not installed: %s", exc.message)


def _install(ctx: ServiceContext) -> None:
    existing = {u.user.id for u in identity.list_users(ctx, DEMO_ADMIN)}
    if "ria" in existing:
        return
    identity.upsert_group(
        ctx, DEMO_ADMIN, group_id="reviewers", description="Expense reviewers", roles=[]
    )
    identity.upsert_group(ctx, DEMO_ADMIN, group_id="managers", description="Managers", roles=[])
    for user_id, name, group in (
        ("ria", "Ria Reviewer", "reviewers"),
        ("raj", "Raj Reviewer", "reviewers"),
        ("mia", "Mia Manager", "managers"),
    ):
        identity.upsert_user(
            ctx,
            DEMO_ADMIN,
            user_id=user_id,
            name=name,
            roles=[Role.USER],
            groups=[group],
            password=user_id,
        )
    templates.save_template(ctx, DEMO_ADMIN, EXPENSE_FORM, new_version=False)
    metadata.register_workflows(ctx, DEMO_ADMIN, [EXPENSE_WORKFLOW], overwrite=True)
    for employee, amount in (("Ada", 120.5), ("Grace", 980)):
        workflows.start(
            ctx,
            DEMO_ADMIN,
            name="expense_approval",
            version=None,
            input={"employee": employee, "amount": amount},
        )
