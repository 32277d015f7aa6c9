"""Operate over /api/web: the dashboard, processes, diagrams, element badges, instances
(filters, batch cancel), one instance (token, path, history, variables, incidents, tasks),
for BPMN processes and Conductor workflows, each caller seeing only what they may."""

from __future__ import annotations

from typing import Any

from web_helpers import WebUser, web_user

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="leave" name="Leave request" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review request">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="reviewers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="approve"/>
    <bpmn:userTask id="approve" name="Approve request">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="managers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

HUMAN_PARAMS = {
    "__humanTaskDefinition": {
        "displayName": "Check order",
        "assignments": [{"assignee": {"user": "reviewers", "userType": "CONDUCTOR_GROUP"}}],
    }
}

WORKFLOW: dict[str, Any] = {
    "name": "order_flow",
    "version": 1,
    "tasks": [
        {
            "name": "check",
            "taskReferenceName": "check",
            "type": "HUMAN",
            "inputParameters": HUMAN_PARAMS,
        },
        {
            "name": "route",
            "taskReferenceName": "route",
            "type": "SWITCH",
            "evaluatorType": "value-param",
            "expression": "kind",
            "inputParameters": {"kind": "${workflow.input.kind}"},
            "decisionCases": {
                "big": [
                    {
                        "name": "mark_big",
                        "taskReferenceName": "mark_big",
                        "type": "SET_VARIABLE",
                        "inputParameters": {"size": "big"},
                    }
                ]
            },
            "defaultCase": [],
        },
        {
            "name": "fork",
            "taskReferenceName": "fork",
            "type": "FORK_JOIN",
            "forkTasks": [
                [
                    {
                        "name": "pack",
                        "taskReferenceName": "pack",
                        "type": "SET_VARIABLE",
                        "inputParameters": {"packed": True},
                    }
                ],
                [
                    {
                        "name": "bill",
                        "taskReferenceName": "bill",
                        "type": "SET_VARIABLE",
                        "inputParameters": {"billed": True},
                    }
                ],
            ],
        },
        {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["pack", "bill"]},
    ],
}


def deploy_bpmn(api: Api) -> None:
    files = [("resources", ("leave.bpmn", MODEL, "application/xml"))]
    response = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert response.status_code == 200, response.text


def start_bpmn(user: WebUser | Api, **variables: Any) -> str:
    body = {"processDefinitionId": "leave", "variables": variables}
    if isinstance(user, Api):
        response = user.client.post("/v2/process-instances", json=body, headers=user.admin)
    else:
        response = user.post("/v2/process-instances", json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def register_workflow(api: Api) -> None:
    response = api.client.post("/api/metadata/workflow", json=WORKFLOW, headers=api.admin)
    assert response.status_code in (200, 204), response.text


def start_workflow(api: Api, **data: Any) -> str:
    response = api.client.post("/api/workflow/order_flow", json=data, headers=api.admin)
    assert response.status_code == 200, response.text
    return response.text


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def complete_task(api: Api, task_id: str) -> None:
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={}, headers=api.admin
    )
    assert done.status_code == 204, done.text


def counts_by_element(body: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {c["elementId"]: (c["active"], c["incidents"], c["completed"]) for c in body["items"]}


# ---------------------------------------------------------------- BPMN


def test_bpmn_token_path_and_element_counts_after_the_user_task(api: Api) -> None:
    deploy_bpmn(api)
    admin = web_user(api, "ada", roles=["ADMIN"])
    key = start_bpmn(api, days=3)

    diagram = ok(admin.get("/api/web/diagram/leave", params={"version": 1}))
    assert diagram["kind"] == "bpmn" and '<bpmn:userTask id="review"' in diagram["xml"]

    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["state"] == "ACTIVE" and detail["kind"] == "bpmn"
    assert detail["label"] == "Leave request" and detail["activeElements"] == ["review"]
    assert {"name": "days", "value": 3} in detail["variables"]
    (task,) = detail["tasks"]
    assert task["name"] == "Review request" and task["candidates"] == ["reviewers"]
    badges = counts_by_element(ok(admin.get("/api/web/operate/processes/leave/elements")))
    assert badges["review"] == (1, 0, 0) and badges["start"] == (0, 0, 1)

    complete_task(api, task["id"])

    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["activeElements"] == ["approve"]
    assert {"start", "review", "f1", "f2"} <= set(detail["passedElements"])
    assert [(h["elementId"], h["state"]) for h in detail["history"]] == [
        ("start", "COMPLETED"),
        ("review", "COMPLETED"),
        ("approve", "ACTIVE"),
    ]
    assert [t["state"] for t in detail["tasks"]] == ["COMPLETED", "ASSIGNED"]
    badges = counts_by_element(
        ok(admin.get("/api/web/operate/processes/leave/elements", params={"version": 1}))
    )
    assert badges["review"] == (0, 0, 1) and badges["approve"] == (1, 0, 0)


def test_a_user_sees_only_their_own_instances(api: Api) -> None:
    deploy_bpmn(api)
    ana = web_user(api, "ana")
    bob = web_user(api, "bob")
    admin = web_user(api, "ada", roles=["ADMIN"])
    mine = start_bpmn(ana)
    start_bpmn(api)

    listed = ok(ana.get("/api/web/operate/instances", params={"definition": "leave"}))
    assert [i["id"] for i in listed["items"]] == [mine] and listed["total"] == 1
    assert ok(bob.get("/api/web/operate/instances"))["items"] == []
    assert bob.get(f"/api/web/operate/instances/{mine}").status_code == 404
    assert ok(admin.get("/api/web/operate/instances"))["total"] == 2

    (leave,) = ok(ana.get("/api/web/operate/processes"))["items"]
    assert leave["name"] == "leave" and leave["kind"] == "bpmn"
    assert leave["counts"]["active"] == 1 and leave["versions"][0]["version"] == 1
    board = ok(bob.get("/api/web/operate/dashboard"))
    assert board["processes"][0]["counts"]["active"] == 0
    assert ok(admin.get("/api/web/operate/dashboard"))["processes"][0]["counts"]["active"] == 2
    badges = counts_by_element(ok(bob.get("/api/web/operate/processes/leave/elements")))
    assert badges == {}


def test_instance_filters_state_version_dates_and_variables(api: Api) -> None:
    deploy_bpmn(api)
    admin = web_user(api, "ada", roles=["ADMIN"])
    first = start_bpmn(api, region="north")
    second = start_bpmn(api, region="south", days=2)
    assert admin.post(f"/api/web/operate/instances/{first}/cancel").status_code == 204

    def ids(**params: Any) -> list[str]:
        found = ok(admin.get("/api/web/operate/instances", params=params))
        return [i["id"] for i in found["items"]]

    assert ids(state="CANCELED") == [first]
    assert ids(state="ACTIVE") == [second]
    assert ids(variableName="region", variableValue="south") == [second]
    assert ids(variableName="days", variableValue="2") == [second]
    assert ids(variableName="days", variableValue="3") == []
    assert ids(version=2) == []
    assert set(ids(startedFrom="0")) == {first, second}
    assert ids(startedTo="1970-01-01T00:00:00+00:00") == []
    bad = admin.get("/api/web/operate/instances", params={"startedFrom": "yesterday"})
    assert bad.status_code == 400
    assert admin.get("/api/web/operate/instances", params={"state": "GONE"}).status_code == 400


def test_variable_edit_is_for_admins_only(api: Api) -> None:
    deploy_bpmn(api)
    ana = web_user(api, "ana")
    admin = web_user(api, "ada", roles=["ADMIN"])
    key = start_bpmn(ana, days=1)

    refused = ana.put(f"/api/web/operate/instances/{key}/variables/days", json={"value": 5})
    assert refused.status_code == 403, refused.text
    assert ok(ana.get(f"/api/web/operate/instances/{key}"))["mayEditVariables"] is False

    done = admin.put(f"/api/web/operate/instances/{key}/variables/days", json={"value": 5})
    assert done.status_code == 204, done.text
    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert {"name": "days", "value": 5} in detail["variables"]
    assert detail["mayEditVariables"] is True
    missing = admin.put("/api/web/operate/instances/nope/variables/days", json={"value": 1})
    assert missing.status_code == 404


def test_batch_cancel_answers_per_instance(api: Api) -> None:
    deploy_bpmn(api)
    ana = web_user(api, "ana")
    mine = start_bpmn(ana)
    other = start_bpmn(api)
    ended = start_bpmn(ana)
    assert ana.post(f"/api/web/operate/instances/{ended}/cancel").status_code == 204

    body = {"instanceIds": [mine, other, ended, "missing"]}
    results = ok(ana.post("/api/web/operate/instances/cancel", json=body))["results"]
    assert [(r["id"], r["ok"], r["status"]) for r in results] == [
        (mine, True, 200),
        (other, False, 404),
        (ended, False, 409),
        ("missing", False, 404),
    ]
    assert ok(ana.get(f"/api/web/operate/instances/{mine}"))["state"] == "CANCELED"
    empty = ana.post("/api/web/operate/instances/cancel", json={"instanceIds": []})
    assert empty.status_code == 400


def test_unsafe_operate_calls_need_the_csrf_token(api: Api) -> None:
    deploy_bpmn(api)
    ana = web_user(api, "ana")
    key = start_bpmn(ana)
    del ana.client.headers["X-CSRF-Token"]
    assert ana.post(f"/api/web/operate/instances/{key}/cancel").status_code in (401, 403)


# ---------------------------------------------------------------- Conductor


def test_conductor_graph_flattens_switch_and_fork_join(api: Api) -> None:
    register_workflow(api)
    admin = web_user(api, "ada", roles=["ADMIN"])
    graph = ok(admin.get("/api/web/diagram/order_flow"))
    assert graph["kind"] == "workflow" and "xml" not in graph
    nodes = {n["id"]: n["type"] for n in graph["nodes"]}
    assert nodes == {
        "$start": "START",
        "check": "HUMAN",
        "route": "SWITCH",
        "mark_big": "SET_VARIABLE",
        "fork": "FORK_JOIN",
        "pack": "SET_VARIABLE",
        "bill": "SET_VARIABLE",
        "join": "JOIN",
        "$end": "END",
    }
    edges = {(e["from"], e["to"], e.get("label")) for e in graph["edges"]}
    assert edges == {
        ("$start", "check", None),
        ("check", "route", None),
        ("route", "mark_big", "big"),
        ("mark_big", "fork", None),
        ("route", "fork", "default"),
        ("fork", "pack", None),
        ("fork", "bill", None),
        ("pack", "join", None),
        ("bill", "join", None),
        ("join", "$end", None),
    }
    assert admin.get("/api/web/diagram/order_flow", params={"version": 9}).status_code == 404
    assert admin.get("/api/web/diagram/nothing").status_code == 404


def test_conductor_graph_do_while_loops_back() -> None:
    from baton.services.diagram import workflow_graph

    graph = workflow_graph(
        {
            "tasks": [
                {
                    "name": "loop",
                    "taskReferenceName": "loop",
                    "type": "DO_WHILE",
                    "loopOver": [{"name": "a", "taskReferenceName": "a", "type": "WAIT"}],
                },
                {"name": "stop", "taskReferenceName": "stop", "type": "TERMINATE"},
            ]
        }
    )
    edges = {(e.source, e.target, e.label) for e in graph.edges}
    assert edges == {
        ("$start", "loop", None),
        ("loop", "a", None),
        ("a", "loop", "again"),
        ("loop", "stop", "done"),
    }


def test_conductor_instance_elements_tasks_and_dashboard(api: Api) -> None:
    register_workflow(api)
    api.create_group("reviewers")
    admin = web_user(api, "ada", roles=["ADMIN"])
    ria = web_user(api, "ria", groups=["reviewers"])
    key = start_workflow(api, kind="big")

    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["kind"] == "workflow" and detail["state"] == "ACTIVE"
    assert detail["activeElements"] == ["check"]
    assert detail["history"][0]["elementId"] == "check"
    assert detail["history"][0]["type"] == "HUMAN"
    (task,) = detail["tasks"]
    assert task["name"] == "Check order" and task["state"] == "ASSIGNED"
    assert counts_by_element(ok(admin.get("/api/web/operate/processes/order_flow/elements"))) == {
        "check": (1, 0, 0)
    }
    board = ok(ria.get("/api/web/operate/dashboard"))
    assert board["tasksByGroup"] == [
        {"group": "reviewers", "count": 1, "oldestCreatedAt": task["createdAt"]}
    ]
    (flow,) = ok(admin.get("/api/web/operate/dashboard"))["processes"]
    assert flow["kind"] == "workflow" and flow["counts"]["active"] == 1

    complete_task(api, task["id"])
    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["state"] == "COMPLETED" and detail["activeElements"] == []
    assert {"check", "route", "mark_big", "pack", "bill", "join"} <= set(detail["passedElements"])
    assert ok(ria.get("/api/web/operate/dashboard"))["tasksByGroup"] == []
    badges = counts_by_element(ok(admin.get("/api/web/operate/processes/order_flow/elements")))
    assert badges["check"] == (0, 0, 1) and badges["join"] == (0, 0, 1)
    assert admin.post(f"/api/web/operate/instances/{key}/cancel").status_code == 409


def test_unknown_definitions_and_incidents_are_not_found(api: Api) -> None:
    deploy_bpmn(api)
    admin = web_user(api, "ada", roles=["ADMIN"])
    key = start_bpmn(api)
    assert admin.get("/api/web/operate/processes/nope/elements").status_code == 404
    missing = admin.get("/api/web/operate/processes/leave/elements", params={"version": 4})
    assert missing.status_code == 404
    for incident in ("123", "task:x", "abc"):
        gone = admin.post(f"/api/web/operate/instances/{key}/incidents/{incident}/resolve")
        assert gone.status_code == 404, gone.text


# ---------------------------------------------------------------- incidents

JOB_MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="shipping" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ship"/>
    <bpmn:serviceTask id="ship" name="Ship">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="ship" retries="1"/>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="ship" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
ACTIVATE = {"type": "ship", "worker": "w1", "timeout": 60_000, "maxJobsToActivate": 1}


def _activate(api: Api) -> list[dict[str, Any]]:
    response = api.client.post("/v2/jobs/activation", json=ACTIVATE, headers=api.admin)
    assert response.status_code == 200, response.text
    jobs: list[dict[str, Any]] = response.json()["jobs"]
    return jobs


def test_a_job_incident_is_shown_then_retried(api: Api) -> None:
    files = [("resources", ("shipping.bpmn", JOB_MODEL, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    admin = web_user(api, "ada", roles=["ADMIN"])
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "shipping"}, headers=api.admin
    )
    key = str(started.json()["processInstanceKey"])
    (job,) = _activate(api)
    failed = api.client.post(
        f"/v2/jobs/{job['jobKey']}/failure",
        json={"retries": 0, "errorMessage": "printer on fire"},
        headers=api.admin,
    )
    assert failed.status_code == 204, failed.text

    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["state"] == "INCIDENT" and detail["activeElements"] == ["ship"]
    (incident,) = detail["incidents"]
    assert incident["kind"] == "JOB_NO_RETRIES" and incident["message"] == "printer on fire"
    assert incident["retryable"] is True and incident["state"] == "ACTIVE"
    board = ok(admin.get("/api/web/operate/dashboard"))
    assert board["incidents"]["count"] == 1
    assert board["incidents"]["newest"][0]["instanceId"] == key
    assert board["processes"][0]["counts"]["incident"] == 1
    listed = ok(admin.get("/api/web/operate/instances", params={"state": "INCIDENT"}))
    assert [i["id"] for i in listed["items"]] == [key]
    badges = counts_by_element(ok(admin.get("/api/web/operate/processes/shipping/elements")))
    assert badges["ship"] == (0, 1, 0)

    resolve = f"/api/web/operate/instances/{key}/incidents/{incident['key']}/resolve"
    assert admin.post(resolve).status_code == 409  # no retries left: resolving alone refused
    assert admin.post(resolve, json={"retry": True}).status_code == 204
    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["state"] == "ACTIVE" and detail["incidents"][0]["state"] == "RESOLVED"
    assert [j["jobKey"] for j in _activate(api)] == [job["jobKey"]]


def test_a_failed_conductor_task_is_an_incident_retried_from_operate(api: Api) -> None:
    taskdef = [{"name": "charge", "retryCount": 0, "ownerEmail": "a@b.c"}]
    assert api.client.post("/api/metadata/taskdefs", json=taskdef, headers=api.admin).is_success
    flow = {
        "name": "charging",
        "version": 1,
        "tasks": [{"name": "charge", "taskReferenceName": "charge", "type": "SIMPLE"}],
    }
    assert api.client.post("/api/metadata/workflow", json=flow, headers=api.admin).is_success
    admin = web_user(api, "ada", roles=["ADMIN"])
    started = api.client.post("/api/workflow/charging", json={}, headers=api.admin)
    key = started.text
    polled = api.client.get("/api/tasks/poll/charge", params={"workerid": "w"}, headers=api.admin)
    task = polled.json()
    update = {
        "taskId": task["taskId"],
        "workflowInstanceId": key,
        "status": "FAILED",
        "reasonForIncompletion": "card declined",
    }
    assert api.client.post("/api/tasks", json=update, headers=api.admin).is_success

    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["state"] == "INCIDENT" and detail["mayCancel"] is False
    (incident,) = detail["incidents"]
    assert incident["kind"] == "TASK_FAILED" and incident["message"] == "card declined"
    assert incident["elementId"] == "charge"
    assert ok(admin.get("/api/web/operate/dashboard"))["incidents"]["count"] == 1
    badges = counts_by_element(ok(admin.get("/api/web/operate/processes/charging/elements")))
    assert badges["charge"] == (0, 1, 0)

    resolve = f"/api/web/operate/instances/{key}/incidents/{incident['key']}/resolve"
    assert admin.post(resolve, json={"retry": True}).status_code == 204
    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["state"] == "ACTIVE" and detail["incidents"] == []
    assert detail["activeElements"] == ["charge"]


# ---------------------------------------------------------------- call activities

CALL_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
"""
CALLED = (
    CALL_HEAD
    + """  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:userTask id="work" name="Child work"><bpmn:extensionElements>
      <zeebe:userTask/>
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)
CALLER = (
    CALL_HEAD
    + """  <bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <bpmn:callActivity id="call" name="Call"><bpmn:extensionElements>
      <zeebe:calledElement processId="child"/>
    </bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)


def test_an_instance_shows_its_parent_and_children(api: Api) -> None:
    for name, xml in (("child.bpmn", CALLED), ("parent.bpmn", CALLER)):
        files = [("resources", (name, xml.encode(), "application/xml"))]
        assert api.client.post("/v2/deployments", files=files, headers=api.admin).is_success
    admin = web_user(api, "ada", roles=["ADMIN"])
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "parent"}, headers=api.admin
    )
    parent = str(started.json()["processInstanceKey"])

    detail = ok(admin.get(f"/api/web/operate/instances/{parent}"))
    assert detail["activeElements"] == ["call"]
    (child,) = detail["children"]
    assert child["definition"] == "child" and child["state"] == "ACTIVE"
    assert child["parentId"] == parent and child["startedAt"] > 0
    called = ok(admin.get(f"/api/web/operate/instances/{child['id']}"))
    assert called["parentId"] == parent and called["activeElements"] == ["work"]
    listed = ok(admin.get("/api/web/operate/instances", params={"definition": "child"}))
    assert listed["items"][0]["parentId"] == parent
