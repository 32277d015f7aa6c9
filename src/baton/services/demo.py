"""Demo content for `baton serve --demo`: people, a form and a process to try at once.

Users (password = user name): `ria` and `raj` in group `reviewers`, `mia` in `managers`,
all USER; the `demo` admin. A form template `expenseApproval`, a Conductor workflow
`expense_approval` whose HUMAN task is offered to `reviewers` for 60 minutes, then escalates
to `managers`; two instances are started so the inboxes are not empty. A BPMN process
`leave_request` with a Camunda form, offered to `managers` with a FEEL due date and priority,
and a non-interrupting timer that asks `reviewers` to chase it after a day. The `dinner`
process of seed 004 ("Getting started with Human Task Orchestration"): "Decide what's for
dinner" (a Camunda form with a required meal) then "Eat dinner", both offered to
`reviewers` and `managers`, with one instance waiting. "Three reviewers in parallel"
(`demo_reviews`): a multi-instance user task gives ria, raj and mia each their own review.
The `four_eyes` process: `ria` submits a request, then reviewers and managers approve it,
except `ria` herself: the approval's task listener job (taken by `demo_worker`) denies the
requester. Idempotent.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from baton.model.errors import BatonError
from baton.model.identity import Caller, CallerKind, Role
from baton.services import (
    demo_reviews,
    deployments,
    identity,
    metadata,
    process_instances,
    templates,
    workflows,
)
from baton.services.context import ServiceContext
from baton.store import deployments as deployment_store

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


LEAVE_FORM: dict[str, Any] = {
    "id": "leave-request-form",
    "type": "default",
    "components": [
        {"type": "textfield", "key": "employee", "label": "Employee", "disabled": True},
        {"type": "number", "key": "days", "label": "Days", "disabled": True},
        {"type": "checkbox", "key": "approved", "label": "Approve the leave"},
        {"type": "textarea", "key": "note", "label": "Note", "validate": {"maxLength": 200}},
    ],
}

LEAVE_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="leave-defs"
    targetNamespace="https://baton.example/demo">
  <bpmn:process id="leave_request" name="Leave request" isExecutable="true">
    <bpmn:startEvent id="requested" name="Leave requested"/>
    <bpmn:sequenceFlow id="to_approve" sourceRef="requested" targetRef="approve"/>
    <bpmn:userTask id="approve" name="Approve leave">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="leave-request-form"/>
        <zeebe:assignmentDefinition candidateGroups="managers"/>
        <zeebe:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)"/>
        <zeebe:priorityDefinition priority="=if days &gt; 5 then 80 else 50"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="reminder" name="After a day" attachedToRef="approve"
        cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="to_chase" sourceRef="reminder" targetRef="chase"/>
    <bpmn:userTask id="chase" name="Chase the leave approval">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="reviewers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="chased" sourceRef="chase" targetRef="chase_done"/>
    <bpmn:endEvent id="chase_done"/>
    <bpmn:sequenceFlow id="to_decide" sourceRef="approve" targetRef="decide"/>
    <bpmn:exclusiveGateway id="decide" name="Approved?" default="rejected"/>
    <bpmn:sequenceFlow id="granted" sourceRef="decide" targetRef="leave_granted">
      <bpmn:conditionExpression>= approved = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="rejected" sourceRef="decide" targetRef="leave_refused"/>
    <bpmn:endEvent id="leave_granted" name="Granted"/>
    <bpmn:endEvent id="leave_refused" name="Refused"/>
  </bpmn:process>
</bpmn:definitions>
"""


DINNER_FORM: dict[str, Any] = {
    "id": "dinner-decision",
    "type": "default",
    "components": [
        {
            "type": "select",
            "key": "meal",
            "label": "Meal",
            "values": [
                {"label": "Pizza", "value": "pizza"},
                {"label": "Pasta", "value": "pasta"},
                {"label": "Salad", "value": "salad"},
                {"label": "Curry", "value": "curry"},
            ],
            "validate": {"required": True},
        },
        {
            "type": "textfield",
            "key": "note",
            "label": "Note for the cook",
            "validate": {"maxLength": 200},
        },
    ],
}

# Seed 004's example: two user tasks, choosing what to eat for dinner and eating it.
DINNER_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="dinner-defs"
    targetNamespace="https://baton.example/demo">
  <bpmn:process id="dinner" name="Dinner" isExecutable="true">
    <bpmn:startEvent id="hungry" name="Hungry"/>
    <bpmn:sequenceFlow id="to_decide" sourceRef="hungry" targetRef="decide_dinner"/>
    <bpmn:userTask id="decide_dinner" name="Decide what's for dinner">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="dinner-decision"/>
        <zeebe:assignmentDefinition candidateGroups="reviewers, managers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to_eat" sourceRef="decide_dinner" targetRef="eat_dinner"/>
    <bpmn:userTask id="eat_dinner" name="Eat dinner">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="reviewers, managers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to_full" sourceRef="eat_dinner" targetRef="full"/>
    <bpmn:endEvent id="full" name="Full"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dinner-diagram">
    <bpmndi:BPMNPlane id="dinner-plane" bpmnElement="dinner">
      <bpmndi:BPMNShape id="hungry_di" bpmnElement="hungry">
        <dc:Bounds x="152" y="102" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decide_dinner_di" bpmnElement="decide_dinner">
        <dc:Bounds x="240" y="80" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="eat_dinner_di" bpmnElement="eat_dinner">
        <dc:Bounds x="400" y="80" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="full_di" bpmnElement="full">
        <dc:Bounds x="562" y="102" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="to_decide_di" bpmnElement="to_decide">
        <di:waypoint x="188" y="120"/>
        <di:waypoint x="240" y="120"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_eat_di" bpmnElement="to_eat">
        <di:waypoint x="340" y="120"/>
        <di:waypoint x="400" y="120"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_full_di" bpmnElement="to_full">
        <di:waypoint x="500" y="120"/>
        <di:waypoint x="562" y="120"/>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


# "Never let the requester approve their own request": the approval task's listener jobs
# (assigning, completing) are taken by the built-in demo worker (`demo_worker`), which
# denies an approver who is the requester.
FOUR_EYES_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="four-eyes-defs"
    targetNamespace="https://baton.example/demo">
  <bpmn:process id="four_eyes" name="Four-eyes approval" isExecutable="true">
    <bpmn:startEvent id="requested" name="Request started"/>
    <bpmn:sequenceFlow id="to_submit" sourceRef="requested" targetRef="submit"/>
    <bpmn:userTask id="submit" name="Submit request">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition assignee="=requester"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to_approve" sourceRef="submit" targetRef="approve"/>
    <bpmn:userTask id="approve" name="Approve request (four eyes)">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="reviewers, managers"/>
        <zeebe:taskListeners>
          <zeebe:taskListener eventType="assigning" type="four-eyes"/>
          <zeebe:taskListener eventType="completing" type="four-eyes"/>
        </zeebe:taskListeners>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to_done" sourceRef="approve" targetRef="approved"/>
    <bpmn:endEvent id="approved" name="Decided"/>
  </bpmn:process>
</bpmn:definitions>
"""


def install(ctx: ServiceContext) -> None:
    try:
        _install(ctx)
    except BatonError as exc:  # demo content must never stop the server
        log.warning("demo content not installed: %s", exc.message)


def _install(ctx: ServiceContext) -> None:
    existing = {u.user.id for u in identity.list_users(ctx, DEMO_ADMIN)}
    if "ria" not in existing:
        _install_people_and_expenses(ctx)
    with ctx.db.read() as conn:
        has_dinner = deployment_store.latest_process(conn, "dinner") is not None
        has_four_eyes = deployment_store.latest_process(conn, "four_eyes") is not None
    if not has_dinner:  # added later than the rest: older demo databases get it too
        _install_dinner(ctx)
    if not demo_reviews.installed(ctx):
        demo_reviews.install(ctx, DEMO_ADMIN)
    if not has_four_eyes:
        _install_four_eyes(ctx)


def _install_four_eyes(ctx: ServiceContext) -> None:
    deployments.deploy(ctx, DEMO_ADMIN, [("four_eyes.bpmn", FOUR_EYES_BPMN.encode())])
    process_instances.create(
        ctx,
        DEMO_ADMIN,
        process_instances.DefinitionRef(process_id="four_eyes"),
        {"requester": "ria", "item": "New laptop", "amount": 1400},
    )


def _install_dinner(ctx: ServiceContext) -> None:
    deployments.deploy(
        ctx,
        DEMO_ADMIN,
        [
            ("dinner-decision.form", json.dumps(DINNER_FORM).encode()),
            ("dinner.bpmn", DINNER_BPMN.encode()),
        ],
    )
    process_instances.create(
        ctx, DEMO_ADMIN, process_instances.DefinitionRef(process_id="dinner"), {}
    )


def _install_people_and_expenses(ctx: ServiceContext) -> None:
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
    deployments.deploy(
        ctx,
        DEMO_ADMIN,
        [
            ("leave-request.form", json.dumps(LEAVE_FORM).encode()),
            ("leave_request.bpmn", LEAVE_BPMN.encode()),
        ],
    )
    process_instances.create(
        ctx,
        DEMO_ADMIN,
        process_instances.DefinitionRef(process_id="leave_request"),
        {"employee": "Ada", "days": 7},
    )
