"""Demo content: "Three reviewers in parallel" (a multi-instance user task).

A proposal goes to the three demo users at once (`reviewers` = ria, raj, mia): each gets their
own "Review the proposal" task, assigned by `=reviewer`, with a form to approve and comment.
Their answers are collected into `reviews`; when every reviewer approved, the proposal is
accepted, otherwise a manager revises it. One instance is started so the inboxes show it.
"""

from __future__ import annotations

import json
from typing import Any

from baton.model.identity import Caller
from baton.services import deployments, process_instances
from baton.services.context import ServiceContext
from baton.store import deployments as deployment_store

PROCESS_ID = "three_reviewers"
REVIEWERS = ["ria", "raj", "mia"]

REVIEW_FORM: dict[str, Any] = {
    "id": "proposal-review",
    "type": "default",
    "components": [
        {"type": "textfield", "key": "title", "label": "Proposal", "disabled": True},
        {"type": "checkbox", "key": "approved", "label": "I approve this proposal"},
        {"type": "textarea", "key": "comment", "label": "Comment", "validate": {"maxLength": 500}},
    ],
}

REVIEWS_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="three-reviewers-defs"
    targetNamespace="https://baton.example/demo">
  <bpmn:process id="three_reviewers" name="Three reviewers in parallel" isExecutable="true">
    <bpmn:startEvent id="submitted" name="Proposal submitted"/>
    <bpmn:sequenceFlow id="to_review" sourceRef="submitted" targetRef="review"/>
    <bpmn:userTask id="review" name="Review the proposal">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="proposal-review"/>
        <zeebe:assignmentDefinition assignee="=reviewer"/>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer"
              outputCollection="reviews"
              outputElement="={reviewer: reviewer, approved: approved = true, comment: comment}"/>
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to_decide" sourceRef="review" targetRef="all_approved"/>
    <bpmn:exclusiveGateway id="all_approved" name="All approved?" default="not_all"/>
    <bpmn:sequenceFlow id="all" name="yes" sourceRef="all_approved" targetRef="accepted">
      <bpmn:conditionExpression>= every r in reviews satisfies r.approved</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="not_all" name="no" sourceRef="all_approved" targetRef="revise"/>
    <bpmn:endEvent id="accepted" name="Accepted"/>
    <bpmn:userTask id="revise" name="Revise the proposal">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="managers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to_revised" sourceRef="revise" targetRef="revised"/>
    <bpmn:endEvent id="revised" name="Revised"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="three-reviewers-diagram">
    <bpmndi:BPMNPlane id="three-reviewers-plane" bpmnElement="three_reviewers">
      <bpmndi:BPMNShape id="submitted_di" bpmnElement="submitted">
        <dc:Bounds x="152" y="102" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="review_di" bpmnElement="review">
        <dc:Bounds x="240" y="80" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="all_approved_di" bpmnElement="all_approved" isMarkerVisible="true">
        <dc:Bounds x="395" y="95" width="50" height="50"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="accepted_di" bpmnElement="accepted">
        <dc:Bounds x="502" y="102" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="revise_di" bpmnElement="revise">
        <dc:Bounds x="470" y="200" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="revised_di" bpmnElement="revised">
        <dc:Bounds x="632" y="222" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="to_review_di" bpmnElement="to_review">
        <di:waypoint x="188" y="120"/>
        <di:waypoint x="240" y="120"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_decide_di" bpmnElement="to_decide">
        <di:waypoint x="340" y="120"/>
        <di:waypoint x="395" y="120"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="all_di" bpmnElement="all">
        <di:waypoint x="445" y="120"/>
        <di:waypoint x="502" y="120"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="not_all_di" bpmnElement="not_all">
        <di:waypoint x="420" y="145"/>
        <di:waypoint x="420" y="240"/>
        <di:waypoint x="470" y="240"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_revised_di" bpmnElement="to_revised">
        <di:waypoint x="570" y="240"/>
        <di:waypoint x="632" y="240"/>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def installed(ctx: ServiceContext) -> bool:
    with ctx.db.read() as conn:
        return deployment_store.latest_process(conn, PROCESS_ID) is not None


def install(ctx: ServiceContext, admin: Caller) -> None:
    """Deploy the process and its form, and start one review of a proposal."""
    deployments.deploy(
        ctx,
        admin,
        [
            ("proposal-review.form", json.dumps(REVIEW_FORM).encode()),
            ("three-reviewers.bpmn", REVIEWS_BPMN.encode()),
        ],
    )
    process_instances.create(
        ctx,
        admin,
        process_instances.DefinitionRef(process_id=PROCESS_ID),
        {"title": "Move the team offsite to Lisbon", "reviewers": list(REVIEWERS)},
    )
