"""The web Tasklist API: the list and its filters, one task, its actions, what comes next
after Complete, and bulk actions with a result per task."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from api.web.web_helpers import WebUser, web_user
from baton.clock import FakeClock

from support import Api

TWO_STEPS = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="dinner" name="Dinner" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide"/>
    <bpmn:userTask id="decide" name="Decide what's for dinner">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="cooks"/>
        <zeebe:priorityDefinition priority="80"/>
        <zeebe:formDefinition formId="dinner-form"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="cook"/>
    <bpmn:userTask id="cook" name="Cook it">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="cooks"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="cook" targetRef="serve"/>
    <bpmn:userTask id="serve" name="Serve it">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="waiters"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="serve" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

FORM = {
    "id": "dinner-form",
    "type": "default",
    "components": [
        {"type": "textfield", "key": "meal", "label": "Meal", "validate": {"required": True}},
        {"type": "number", "key": "guests", "label": "Guests", "validate": {"max": 10}},
    ],
}


def deploy_dinner(api: Api) -> None:
    files = [
        ("resources", ("dinner.bpmn", TWO_STEPS, "application/xml")),
        ("resources", ("dinner.form", json.dumps(FORM).encode(), "application/json")),
    ]
    response = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert response.status_code == 200, response.text


def start_dinner(api: Api, **variables: Any) -> str:
    body = {"processDefinitionId": "dinner", "variables": {"guests": 2, **variables}}
    response = api.client.post("/v2/process-instances", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def tasks(user: WebUser, **params: Any) -> dict[str, Any]:
    response = user.client.get("/api/web/tasks", params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def names(page: dict[str, Any]) -> list[str]:
    return [item["name"] for item in page["items"]]


def setup_people(api: Api) -> tuple[WebUser, WebUser, WebUser]:
    api.create_group("cooks")
    api.create_group("waiters")
    ana = web_user(api, "ana", groups=["cooks"])
    ben = web_user(api, "ben", groups=["cooks"])
    wes = web_user(api, "wes", groups=["waiters"])
    return ana, ben, wes


def test_views_filter_by_who_holds_the_task(api: Api) -> None:
    ana, ben, wes = setup_people(api)
    deploy_dinner(api)
    start_dinner(api)
    start_dinner(api)
    page = tasks(ana, view="groups")
    assert names(page) == ["Decide what's for dinner"] * 2
    item = page["items"][0]
    assert item["process"] == {"name": "Dinner", "definition": "dinner", "version": 1}
    assert item["priority"] == 80 and item["priorityLabel"] == "Critical"
    assert item["candidateGroups"] == ["cooks"]
    assert page["canSeeAll"] is False
    assert tasks(wes, view="groups")["items"] == []
    first = item["id"]
    claimed = ana.client.post(f"/api/web/tasks/{first}/claim")
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["assignee"] == "ana"
    assert [i["id"] for i in tasks(ana, view="mine")["items"]] == [first]
    # claimed by ana: gone from ben's groups and unassigned views
    assert first not in [i["id"] for i in tasks(ben, view="groups")["items"]]
    assert first not in [i["id"] for i in tasks(ben, view="unassigned")["items"]]
    assert len(tasks(ben, view="unassigned")["items"]) == 1
    refused = ben.client.get("/api/web/tasks", params={"view": "all"})
    assert refused.status_code == 403
    assert "admin" in refused.json()["message"]
    admin = web_user(api, "root", roles=["ADMIN"])
    assert len(tasks(admin, view="all")["items"]) == 2
    assert tasks(admin, view="all")["canSeeAll"] is True


def test_filters_text_variables_priority_dates_and_sort(api: Api, clock: FakeClock) -> None:
    ana, _ben, _wes = setup_people(api)
    deploy_dinner(api)
    start_dinner(api, guests=4, course="soup")
    clock.advance(timedelta(minutes=1))
    start_dinner(api, guests=6, course="fish")
    assert len(tasks(ana, view="groups", variable='course="soup"')["items"]) == 1
    assert len(tasks(ana, view="groups", variable="guests=6")["items"]) == 1
    assert tasks(ana, view="groups", variable="guests=7")["items"] == []
    assert len(tasks(ana, view="groups", text="dinner")["items"]) == 2
    assert len(tasks(ana, view="groups", text="fish")["items"]) == 1
    assert len(tasks(ana, view="groups", process="dinner")["items"]) == 2
    assert tasks(ana, view="groups", process="other")["items"] == []
    assert len(tasks(ana, view="groups", minPriority="80")["items"]) == 2
    assert tasks(ana, view="groups", minPriority="81")["items"] == []
    newest = tasks(ana, view="groups", sort="created", order="desc")["items"]
    oldest = tasks(ana, view="groups", sort="created", order="asc")["items"]
    assert [i["id"] for i in newest] == [i["id"] for i in reversed(oldest)]
    assert tasks(ana, view="groups", dueFrom="2000-01-01")["items"] == []  # no due dates


def test_bad_query_values_answer_400_naming_each_field(api: Api) -> None:
    ana, _ben, _wes = setup_people(api)
    response = ana.client.get(
        "/api/web/tasks",
        params={"view": "nope", "sort": "x", "dueFrom": "yesterday", "minPriority": "200"},
    )
    assert response.status_code == 400
    paths = {e["path"] for e in response.json()["validationErrors"]}
    assert paths == {"view", "sort", "dueFrom", "minPriority"}
    bad_variable = ana.client.get("/api/web/tasks", params={"variable": "no value"})
    assert bad_variable.status_code == 400
    assert bad_variable.json()["validationErrors"][0]["path"] == "variables[0]"


def test_detail_history_and_refusals(api: Api) -> None:
    ana, ben, wes = setup_people(api)
    deploy_dinner(api)
    start_dinner(api)
    task_id = tasks(ana, view="groups")["items"][0]["id"]
    found = ana.client.get(f"/api/web/tasks/{task_id}")
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["form"]["kind"] == "camunda"
    assert body["form"]["schema"]["id"] == "dinner-form"
    assert body["values"]["guests"] == 2
    assert body["elementId"] == "decide"
    assert body["definitionName"] == "dinner"
    assert body["actions"]["claim"] is True
    assert body["actions"]["complete"] is False
    assert body["actions"]["delete"] is False
    assert wes.client.get(f"/api/web/tasks/{task_id}").status_code == 404
    assert ana.client.get("/api/web/tasks/nope").status_code == 404
    assert wes.client.post(f"/api/web/tasks/{task_id}/claim").status_code == 404
    # reassign is for managers and named assignees
    reassign = {"tiers": [{"users": ["wes"], "groups": [], "slaMinutes": 0}]}
    refused = ana.client.post(f"/api/web/tasks/{task_id}/reassign", json=reassign)
    assert refused.status_code == 403
    assert ana.client.delete(f"/api/web/tasks/{task_id}").status_code == 403
    # a claim on a task someone else holds names them
    assert ana.client.post(f"/api/web/tasks/{task_id}/claim").status_code == 200
    lost = ben.client.post(f"/api/web/tasks/{task_id}/claim")
    assert lost.status_code == 409
    assert lost.json()["message"] == "Claimed by ana"
    assert lost.json()["holder"] == "ana"
    # draft, restored when the task is opened again
    draft = ana.client.post(f"/api/web/tasks/{task_id}/draft", json={"values": {"meal": "pie"}})
    assert draft.status_code == 204, draft.text
    again = ana.client.get(f"/api/web/tasks/{task_id}").json()
    assert again["values"]["meal"] == "pie"
    assert again["actions"]["complete"] is True
    log = ana.client.get(f"/api/web/tasks/{task_id}/history").json()["items"]
    assert [e["action"] for e in log][-2:] == ["CLAIM", "UPDATE"]
    assert log[-1]["by"] == "ana"


def test_complete_validates_and_then_opens_the_next_task_or_names_its_holder(api: Api) -> None:
    ana, _ben, _wes = setup_people(api)
    deploy_dinner(api)
    start_dinner(api)
    decide = tasks(ana, view="groups")["items"][0]["id"]
    ana.client.post(f"/api/web/tasks/{decide}/claim")
    invalid = ana.client.post(
        f"/api/web/tasks/{decide}/complete", json={"values": {"meal": "pie", "guests": 20}}
    )
    assert invalid.status_code == 400
    assert [e["path"] for e in invalid.json()["validationErrors"]] == ["guests"]
    done = ana.client.post(f"/api/web/tasks/{decide}/complete", json={"values": {"meal": "pie"}})
    assert done.status_code == 200, done.text
    step = done.json()
    assert step["next"]["name"] == "Cook it"
    cook = step["next"]["taskId"]
    ana.client.post(f"/api/web/tasks/{cook}/claim")
    handed = ana.client.post(f"/api/web/tasks/{cook}/complete", json={"values": {}}).json()
    assert handed["next"] is None
    assert handed["handedTo"] == {"kind": "group", "id": "waiters"}
    completed = tasks(ana, view="completed")
    assert sorted(names(completed)) == ["Cook it", "Decide what's for dinner"]


def conductor_two_steps() -> dict[str, Any]:
    def human(ref: str, display: str, tiers: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "name": ref,
            "taskReferenceName": ref,
            "type": "HUMAN",
            "inputParameters": {
                "amount": "${workflow.input.amount}",
                "__humanTaskDefinition": {
                    "displayName": display,
                    "assignmentCompletionStrategy": "LEAVE_OPEN",
                    "assignments": tiers,
                },
            },
        }

    cooks = {"assignee": {"user": "cooks", "userType": "CONDUCTOR_GROUP"}, "slaMinutes": 60}
    boss = {"assignee": {"user": "boss", "userType": "CONDUCTOR_USER"}, "slaMinutes": 0}
    return {
        "name": "expenses",
        "version": 1,
        "tasks": [
            human("review", "Review expense", [cooks, boss]),
            human("pay", "Pay expense", [cooks]),
        ],
    }


def test_conductor_workflow_tiers_countdown_and_next_task(api: Api, clock: FakeClock) -> None:
    ana, _ben, _wes = setup_people(api)
    registered = api.client.post(
        "/api/metadata/workflow?overwrite=true", json=conductor_two_steps(), headers=api.admin
    )
    assert registered.status_code == 200, registered.text
    started = api.client.post("/api/workflow/expenses", json={"amount": 5}, headers=api.admin)
    assert started.status_code == 200, started.text
    (item,) = tasks(ana, view="groups")["items"]
    assert item["name"] == "Review expense"
    assert item["process"]["definition"] == "expenses"
    body = ana.client.get(f"/api/web/tasks/{item['id']}").json()
    assert [t["groups"] for t in body["tiers"]] == [["cooks"], []]
    assert [t["users"] for t in body["tiers"]] == [[], ["boss"]]
    assert body["currentTier"] == 0
    assert body["nextTierAt"] == body["created"] + 60 * 60_000
    assert body["values"] == {"amount": 5}
    assert body["elementId"] == "review"
    assert body["form"] is None
    ana.client.post(f"/api/web/tasks/{item['id']}/claim")
    step = ana.client.post(f"/api/web/tasks/{item['id']}/complete", json={"values": {}}).json()
    assert step["next"]["name"] == "Pay expense"
    pay = step["next"]["taskId"]
    ana.client.post(f"/api/web/tasks/{pay}/claim")
    last = ana.client.post(f"/api/web/tasks/{pay}/complete", json={"values": {}}).json()
    assert last == {"next": None, "handedTo": None, "done": True}


def test_bulk_gives_one_result_per_task(api: Api) -> None:
    ana, ben, wes = setup_people(api)
    deploy_dinner(api)
    start_dinner(api)
    start_dinner(api)
    first, second = [i["id"] for i in tasks(ana, view="groups")["items"]]
    ben.client.post(f"/api/web/tasks/{second}/claim")
    response = ana.client.post(
        "/api/web/tasks/bulk", json={"action": "claim", "taskIds": [first, second, "nope"]}
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["taskId"], r["ok"], r["status"]) for r in results] == [
        (first, True, 200),
        (second, False, 409),
        ("nope", False, 404),
    ]
    assert results[1]["message"] == "Claimed by ben"
    unclaim = {"action": "unclaim", "taskIds": [first]}
    unclaimed = ana.client.post("/api/web/tasks/bulk", json=unclaim)
    assert unclaimed.json()["results"][0]["ok"] is True
    assert (
        wes.client.post(
            "/api/web/tasks/bulk", json={"action": "complete", "taskIds": [first]}
        ).json()["results"][0]["status"]
        == 404
    )


def test_reassign_skip_and_delete_for_those_allowed(api: Api) -> None:
    _ana, _ben, wes = setup_people(api)
    admin = web_user(api, "root", roles=["ADMIN"])
    deploy_dinner(api)
    start_dinner(api)
    task_id = tasks(admin, view="all")["items"][0]["id"]
    actions = admin.client.get(f"/api/web/tasks/{task_id}").json()["actions"]
    assert actions["reassign"] and actions["delete"] and actions["complete"]
    bad = admin.client.post(
        f"/api/web/tasks/{task_id}/reassign", json={"tiers": [{"users": [], "groups": []}]}
    )
    assert bad.status_code == 400
    assert bad.json()["validationErrors"][0]["path"] == "tiers[0]"
    tiers = {"tiers": [{"users": [], "groups": ["waiters"], "slaMinutes": 30}]}
    done = admin.client.post(f"/api/web/tasks/{task_id}/reassign", json=tiers)
    assert done.status_code == 204, done.text
    assert [i["id"] for i in tasks(wes, view="groups")["items"]] == [task_id]
    skipped = admin.client.post(f"/api/web/tasks/{task_id}/skip", json={"reason": "nobody"})
    assert skipped.status_code == 204, skipped.text
    assert admin.client.delete(f"/api/web/tasks/{task_id}").status_code == 204
    assert admin.client.get(f"/api/web/tasks/{task_id}").status_code == 404


def test_an_admin_claims_a_task_offered_to_others(api: Api) -> None:
    ana, _ben, _wes = setup_people(api)
    admin = web_user(api, "root", roles=["ADMIN"])
    deploy_dinner(api)
    start_dinner(api)
    task_id = tasks(admin, view="all")["items"][0]["id"]
    claimed = admin.client.post(f"/api/web/tasks/{task_id}/claim")
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["assignee"] == "root"
    lost = ana.client.post(f"/api/web/tasks/{task_id}/claim")
    assert lost.status_code == 404  # taken over: no longer offered to ana, so not hers to see
