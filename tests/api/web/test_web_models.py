"""The modeler's API: live validation answers deploy's own messages with the element each
concerns; deploying text resources; only definition writers may do either."""

from __future__ import annotations

import json
from typing import Any

from web_helpers import web_user

from support import Api

DINNER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="dinner" name="Dinner" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide"/>
    <bpmn:userTask id="decide" name="Decide what's for dinner">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="{groups}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def validate(user: Any, source: str, kind: str = "bpmn") -> list[dict[str, Any]]:
    response = user.post(
        "/api/web/models/validate",
        json={"kind": kind, "source": source, "resourceName": "dinner.bpmn"},
    )
    assert response.status_code == 200, response.text
    problems: list[dict[str, Any]] = response.json()["problems"]
    return problems


def test_a_runnable_model_has_no_problems(api: Api) -> None:
    modeler = web_user(api, "mo", roles=["METADATA_MANAGER"])
    assert validate(modeler, DINNER.format(groups="cooks")) == []


def test_problems_name_their_element_with_deploys_message(api: Api) -> None:
    modeler = web_user(api, "mo", roles=["METADATA_MANAGER"])
    broken = DINNER.format(groups="= cooks +")
    problems = validate(modeler, broken)
    assert [p["elementId"] for p in problems] == ["decide"]
    deployed = api.client.post(
        "/v2/deployments",
        files=[("resources", ("dinner.bpmn", broken.encode(), "application/xml"))],
        headers=api.admin,
    )
    assert deployed.status_code == 400
    assert problems[0]["message"] in deployed.text
    assert problems[0]["message"].startswith("dinner.bpmn: element 'decide' (userTask)")


def test_whole_file_problems_have_no_element(api: Api) -> None:
    modeler = web_user(api, "mo", roles=["METADATA_MANAGER"])
    problems = validate(modeler, "<not xml")
    assert len(problems) == 1
    assert problems[0]["elementId"] is None
    assert "not well-formed XML" in problems[0]["message"]
    # validation saved nothing
    listed = modeler.get("/api/web/processes").json()["processes"]
    assert listed == []


def test_conductor_workflow_problems(api: Api) -> None:
    modeler = web_user(api, "mo", roles=["METADATA_MANAGER"])
    task = '{"name": "n", "taskReferenceName": "n", "type": "SET_VARIABLE"}'
    good = '{"name": "w", "tasks": [' + task + "]}"
    assert validate(modeler, good, "conductor") == []
    bad = validate(modeler, '{"name": "w", "tasks": [{"type": "NOPE"}]}', "conductor")
    assert bad and all(p["message"] for p in bad)
    assert validate(modeler, "{", "conductor")[0]["message"].startswith("not JSON")


def test_deploy_text_resources_then_start(api: Api) -> None:
    api.create_group("cooks")
    modeler = web_user(api, "mo", roles=["METADATA_MANAGER", "USER"], groups=["cooks"])
    response = modeler.post(
        "/api/web/models/deploy",
        json={"resources": [{"name": "dinner.bpmn", "content": DINNER.format(groups="cooks")}]},
    )
    assert response.status_code == 200, response.text
    [deployed] = response.json()["deployed"]
    assert (deployed["kind"], deployed["id"], deployed["version"]) == ("process", "dinner", 1)
    started = modeler.post("/api/web/processes/dinner/start", json={"variables": {}})
    assert started.status_code == 200, started.text
    assert started.json()["firstTask"]["name"] == "Decide what's for dinner"


def test_deploy_refuses_a_broken_model_and_saves_nothing(api: Api) -> None:
    modeler = web_user(api, "mo", roles=["METADATA_MANAGER"])
    response = modeler.post(
        "/api/web/models/deploy",
        json={"resources": [{"name": "dinner.bpmn", "content": DINNER.format(groups="= (")}]},
    )
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["path"] == "decide"


def test_only_definition_writers_validate_or_deploy(api: Api) -> None:
    user = web_user(api, "ulla", roles=["USER"])
    refused = user.post("/api/web/models/validate", json={"source": DINNER.format(groups="x")})
    assert refused.status_code == 403
    body = {"resources": [{"name": "d.bpmn", "content": DINNER.format(groups="x")}]}
    assert user.post("/api/web/models/deploy", json=body).status_code == 403
    assert api.client.post("/api/web/models/validate", json={"source": ""}).status_code == 401


def test_drafts_are_kept_per_user(api: Api) -> None:
    mo = web_user(api, "mo", roles=["METADATA_MANAGER"])
    max_ = web_user(api, "max", roles=["METADATA_MANAGER"])
    xml = DINNER.format(groups="cooks")
    saved = mo.put("/api/web/models/drafts/dinner", json={"kind": "bpmn", "content": xml})
    assert saved.status_code == 200, saved.text
    assert saved.json()["resourceId"] == "dinner"
    again = mo.put("/api/web/models/drafts/dinner", json={"content": xml + "\n"})
    assert again.json()["createdAt"] == saved.json()["createdAt"]
    mo.put("/api/web/models/drafts/form", json={"kind": "form", "content": '{"id": "f"}'})
    listed = mo.get("/api/web/models/drafts").json()["drafts"]
    assert {(d["name"], d["kind"], d["resourceId"]) for d in listed} == {
        ("dinner", "bpmn", "dinner"),
        ("form", "form", "f"),
    }
    assert "content" not in listed[0]
    assert mo.get("/api/web/models/drafts/dinner").json()["content"] == xml + "\n"
    # another person sees none of them
    assert max_.get("/api/web/models/drafts").json() == {"drafts": []}
    assert max_.get("/api/web/models/drafts/dinner").status_code == 404
    assert max_.delete("/api/web/models/drafts/dinner").status_code == 404
    assert mo.delete("/api/web/models/drafts/dinner").status_code == 204
    assert mo.get("/api/web/models/drafts/dinner").status_code == 404


def test_drafts_need_a_person_who_may_deploy(api: Api) -> None:
    user = web_user(api, "ulla", roles=["USER"])
    assert user.get("/api/web/models/drafts").status_code == 403
    body = {"content": "<x/>"}
    assert user.put("/api/web/models/drafts/d", json=body).status_code == 403
    assert api.client.get("/api/web/models/drafts", headers=api.admin).status_code == 403
    mo = web_user(api, "mo", roles=["METADATA_MANAGER"])
    assert mo.put("/api/web/models/drafts/%20", json=body).status_code == 400


def test_deployed_versions_and_a_diff_of_a_draft(api: Api) -> None:
    mo = web_user(api, "mo", roles=["METADATA_MANAGER", "USER"])
    for groups in ("cooks", "chefs"):
        body = {"resources": [{"name": "dinner.bpmn", "content": DINNER.format(groups=groups)}]}
        assert mo.post("/api/web/models/deploy", json=body).status_code == 200
    listed = mo.get("/api/web/models/deployed").json()["processes"]
    assert listed == [{"processId": "dinner", "label": "Dinner", "versions": [2, 1]}]
    mo.put("/api/web/models/drafts/d", json={"content": DINNER.format(groups="cooks")})
    latest = mo.get("/api/web/models/drafts/d/diff").json()
    assert latest["version"] == 2
    assert '-        <zeebe:assignmentDefinition candidateGroups="chefs"/>' in latest["diff"]
    assert '+        <zeebe:assignmentDefinition candidateGroups="cooks"/>' in latest["diff"]
    same = mo.get("/api/web/models/drafts/d/diff", params={"version": 1}).json()
    assert same == {"resourceId": "dinner", "version": 1, "diff": ""}
    assert mo.get("/api/web/models/drafts/d/diff", params={"version": 9}).status_code == 404
    assert mo.get("/api/web/models/drafts/d/diff", params={"version": 0}).status_code == 400


def test_conductor_workflow_graph_register_and_start(api: Api) -> None:
    mo = web_user(api, "mo", roles=["METADATA_MANAGER", "USER"])
    workflow = {
        "name": "meal",
        "tasks": [
            {"name": "n", "taskReferenceName": "note", "type": "SET_VARIABLE"},
            {"name": "w", "taskReferenceName": "wait", "type": "WAIT"},
        ],
    }
    source = json.dumps(workflow)
    checked = mo.post("/api/web/models/validate", json={"kind": "conductor", "source": source})
    body = checked.json()
    assert body["problems"] == []
    assert [n["id"] for n in body["graph"]["nodes"]] == ["$start", "note", "wait", "$end"]
    assert {"from": "note", "to": "wait", "label": None} in body["graph"]["edges"]
    first = mo.post("/api/web/models/workflows", json={"source": source})
    assert first.json() == {"name": "meal", "version": 1}, first.text
    second = mo.post("/api/web/models/workflows", json={"source": source})
    assert second.json() == {"name": "meal", "version": 2}
    started = mo.post("/api/web/processes/meal/start", json={"version": 2, "variables": {}})
    assert started.status_code == 200, started.text
    assert started.json()["kind"] == "conductor"
    assert mo.post("/api/web/models/workflows", json={"source": "{"}).status_code == 400
    user = web_user(api, "ulla", roles=["USER"])
    assert user.post("/api/web/models/workflows", json={"source": source}).status_code == 403


def test_deployed_forms_open_by_version(api: Api) -> None:
    mo = web_user(api, "mo", roles=["METADATA_MANAGER", "USER"])
    for label in ("Meal", "Dish"):
        form = {
            "id": "meal",
            "type": "default",
            "components": [{"type": "textfield", "key": "meal", "label": label}],
        }
        body = {"resources": [{"name": "meal.form", "content": json.dumps(form)}]}
        assert mo.post("/api/web/models/deploy", json=body).status_code == 200
    listed = mo.get("/api/web/models/forms").json()
    assert listed == {"forms": [{"formId": "meal", "versions": [2, 1]}]}
    first = mo.get("/api/web/models/forms/meal/versions/1")
    assert first.status_code == 200, first.text
    assert first.json()["schema"]["components"][0]["label"] == "Meal"
    assert (first.json()["formId"], first.json()["version"]) == ("meal", 1)
    assert mo.get("/api/web/models/forms/meal/versions/3").status_code == 404
    assert mo.get("/api/web/models/forms/meal/versions/0").status_code == 400
    user = web_user(api, "ulla", roles=["USER"])
    assert user.get("/api/web/models/forms").status_code == 403


def test_a_draft_name_may_bundle_a_form_with_a_hash(api: Api) -> None:
    mo = web_user(api, "mo", roles=["METADATA_MANAGER"])
    saved = mo.put(
        "/api/web/models/drafts/dinner%23meal", json={"kind": "form", "content": '{"id": "meal"}'}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["name"] == "dinner#meal"
    assert mo.get("/api/web/models/drafts/dinner%23meal").json()["content"] == '{"id": "meal"}'


def test_a_template_draft_is_kept_by_its_template_name(api: Api) -> None:
    mo = web_user(api, "mo", roles=["METADATA_MANAGER"])
    content = json.dumps({"name": "refund_review", "jsonSchema": {"type": "object"}})
    saved = mo.put(
        "/api/web/models/drafts/refund_review", json={"kind": "template", "content": content}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["kind"] == "template"
    assert saved.json()["resourceId"] == "refund_review"
    [listed] = mo.get("/api/web/models/drafts").json()["drafts"]
    assert listed["kind"] == "template"
    assert mo.get("/api/web/models/drafts/refund_review").json()["content"] == content
    unknown = mo.put("/api/web/models/drafts/x", json={"kind": "poster", "content": "{}"})
    assert unknown.status_code == 400
