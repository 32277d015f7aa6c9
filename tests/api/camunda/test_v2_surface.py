"""/v2 beyond deploy-and-start: topology and the caller, process definitions (search, XML,
start form, element statistics), forms, process-instance search, awaitCompletion, tenants,
and the OAuth client-credentials token endpoint."""

from __future__ import annotations

import json
import threading
from typing import Any

from support import ADMIN_KEY_ID, ADMIN_KEY_SECRET, Api

START_FORM = {
    "id": "order-start",
    "type": "default",
    "components": [{"type": "textfield", "key": "city", "label": "City"}],
}

ORDER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="order" name="Order" isExecutable="true">
    <bpmn:extensionElements><zeebe:versionTag value="v1.0"/></bpmn:extensionElements>
    <bpmn:startEvent id="start">
      <bpmn:extensionElements><zeebe:formDefinition formId="order-start"/></bpmn:extensionElements>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pack"/>
    <bpmn:serviceTask id="pack">
      <bpmn:extensionElements><zeebe:taskDefinition type="pack"/></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="pack" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

QUICK = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
    targetNamespace="t">
  <bpmn:process id="quick" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>
    <bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _deploy(api: Api, *files: tuple[str, bytes]) -> dict[str, Any]:
    parts = [("resources", (name, data, "application/octet-stream")) for name, data in files]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _order(api: Api) -> str:
    found = _deploy(
        api, ("order-start.form", json.dumps(START_FORM).encode()), ("order.bpmn", ORDER.encode())
    )
    (process,) = [d["processDefinition"] for d in found["deployments"] if d["processDefinition"]]
    return str(process["processDefinitionKey"])


def _start(api: Api, process_id: str, variables: dict[str, Any]) -> str:
    response = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": process_id, "variables": variables},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def _search(api: Api, path: str, body: Any) -> Any:
    return api.client.post(f"/v2/{path}/search", json=body, headers=api.admin)


def test_topology_has_every_field_the_sdks_require(api: Api) -> None:
    body = api.client.get("/v2/topology", headers=api.admin).json()
    assert body["clusterId"] and body["lastCompletedChangeId"] == "-1"
    (broker,) = body["brokers"]
    assert broker["brokerId"] == "0"
    assert broker["partitions"][0]["state"] == "active"
    assert api.client.get("/v2/status").status_code == 204


def test_authentication_me_names_the_caller(api: Api) -> None:
    headers = api.create_user("ana", groups=[])
    body = api.client.get("/v2/authentication/me", headers=headers).json()
    assert body["username"] == "ana" and body["canLogout"] is True
    assert body["tenants"][0]["tenantId"] == "<default>"
    assert "USER" in body["roles"] and "c8Links" in body


def test_process_definitions_search_get_xml_and_start_form(api: Api) -> None:
    key = _order(api)
    _deploy(api, ("quick.bpmn", QUICK.encode()))
    found = _search(api, "process-definitions", {"filter": {"versionTag": "v1.0"}}).json()
    assert [d["processDefinitionKey"] for d in found["items"]] == [key]
    (item,) = found["items"]
    assert item["name"] == "Order" and item["hasStartForm"] is True
    assert found["page"]["totalItems"] == 1 and found["page"]["hasMoreTotalItems"] is False
    sorted_ids = _search(
        api, "process-definitions", {"sort": [{"field": "processDefinitionId", "order": "desc"}]}
    ).json()
    assert [d["processDefinitionId"] for d in sorted_ids["items"]] == ["quick", "order"]

    one = api.client.get(f"/v2/process-definitions/{key}", headers=api.admin).json()
    assert one["versionTag"] == "v1.0" and one["tenantId"] == "<default>"
    xml = api.client.get(f"/v2/process-definitions/{key}/xml", headers=api.admin)
    assert xml.headers["content-type"].startswith("text/xml") and 'id="order"' in xml.text
    form = api.client.get(f"/v2/process-definitions/{key}/form", headers=api.admin).json()
    assert form["formId"] == "order-start" and json.loads(form["schema"])["id"] == "order-start"
    by_key = api.client.get(f"/v2/forms/{form['formKey']}", headers=api.admin).json()
    assert by_key == form

    (quick,) = _search(
        api, "process-definitions", {"filter": {"processDefinitionId": "quick"}}
    ).json()["items"]
    no_form = api.client.get(
        f"/v2/process-definitions/{quick['processDefinitionKey']}/form", headers=api.admin
    )
    assert no_form.status_code == 204
    missing = api.client.get("/v2/process-definitions/12345", headers=api.admin)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_a_user_without_rights_on_a_process_sees_no_instances_of_others(api: Api) -> None:
    _order(api)
    _start(api, "order", {"city": "Oslo"})
    headers = api.create_user("bob", roles=["USER"])
    found = api.client.post("/v2/process-instances/search", json={}, headers=headers).json()
    assert found["items"] == [] and found["page"]["totalItems"] == 0


def test_process_instance_search_filters_sorts_and_pages(api: Api) -> None:
    _order(api)
    _deploy(api, ("quick.bpmn", QUICK.encode()))
    oslo = _start(api, "order", {"city": "Oslo"})
    bergen = _start(api, "order", {"city": "Bergen"})
    done = _start(api, "quick", {})

    active = _search(api, "process-instances", {"filter": {"state": "ACTIVE"}}).json()
    assert {i["processInstanceKey"] for i in active["items"]} == {oslo, bergen}
    item = active["items"][0]
    assert item["processDefinitionVersionTag"] == "v1.0"
    assert item["rootProcessInstanceKey"] == item["processInstanceKey"]
    assert item["endDate"] is None and item["tags"] == []

    completed = _search(
        api, "process-instances", {"filter": {"state": {"$in": ["COMPLETED", "TERMINATED"]}}}
    ).json()
    assert [i["processInstanceKey"] for i in completed["items"]] == [done]
    assert completed["items"][0]["endDate"] is not None

    by_variable = _search(
        api,
        "process-instances",
        {"filter": {"variables": [{"name": "city", "value": '"Bergen"'}]}},
    ).json()
    assert [i["processInstanceKey"] for i in by_variable["items"]] == [bergen]

    first = _search(
        api,
        "process-instances",
        {"sort": [{"field": "processInstanceKey", "order": "asc"}], "page": {"limit": 2}},
    ).json()
    assert first["page"]["totalItems"] == 3 and len(first["items"]) == 2
    rest = _search(
        api,
        "process-instances",
        {
            "sort": [{"field": "processInstanceKey", "order": "asc"}],
            "page": {"after": first["page"]["endCursor"], "limit": 2},
        },
    ).json()
    keys = [i["processInstanceKey"] for i in first["items"] + rest["items"]]
    assert sorted(keys) == keys and set(keys) == {oslo, bergen, done}

    bad = _search(api, "process-instances", {"filter": {"state": "RUNNING"}})
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


def test_element_statistics_count_where_tokens_wait(api: Api) -> None:
    key = _order(api)
    _start(api, "order", {})
    _start(api, "order", {})
    found = api.client.post(
        f"/v2/process-definitions/{key}/statistics/element-instances", json={}, headers=api.admin
    ).json()
    pack = next(i for i in found["items"] if i["elementId"] == "pack")
    assert pack["active"] == 2 and pack["completed"] == 0


def test_await_completion_answers_with_the_final_variables(api: Api) -> None:
    _deploy(api, ("quick.bpmn", QUICK.encode()))
    response = api.client.post(
        "/v2/process-instances",
        json={
            "processDefinitionId": "quick",
            "variables": {"a": 1, "b": 2},
            "awaitCompletion": True,
            "fetchVariables": ["a"],
        },
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    assert response.json()["variables"] == {"a": 1}


def test_await_completion_waits_for_a_worker_then_times_out_or_answers(api: Api) -> None:
    _order(api)
    timed_out = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "order", "awaitCompletion": True, "requestTimeout": 1},
        headers=api.admin,
    )
    assert timed_out.status_code == 504
    assert timed_out.headers["content-type"] == "application/problem+json"

    answers: list[Any] = []

    def start() -> None:
        answers.append(
            api.client.post(
                "/v2/process-instances",
                json={
                    "processDefinitionId": "order",
                    "awaitCompletion": True,
                    "requestTimeout": 30_000,
                },
                headers=api.admin,
            )
        )

    waiting = threading.Thread(target=start)
    waiting.start()
    completed = 0
    for _attempt in range(20):  # the timed-out instance's job, then the awaited one's
        jobs = api.client.post(
            "/v2/jobs/activation",
            json={"type": "pack", "maxJobsToActivate": 2, "requestTimeout": 5000},
            headers=api.admin,
        ).json()["jobs"]
        for job in jobs:
            assert isinstance(job["deadline"], int)
            done = api.client.post(
                f"/v2/jobs/{job['jobKey']}/completion",
                json={"variables": {"packed": True}},
                headers=api.admin,
            )
            assert done.status_code == 204
            completed += 1
        if completed == 2:
            break
    waiting.join(timeout=60)
    assert answers and answers[0].status_code == 200, answers
    assert answers[0].json()["variables"]["packed"] is True


def test_other_tenants_are_refused_not_replaced(api: Api) -> None:
    _deploy(api, ("quick.bpmn", QUICK.encode()))
    start = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "quick", "tenantId": "acme"},
        headers=api.admin,
    )
    assert start.status_code == 400 and "acme" in start.json()["detail"]
    parts = [("resources", ("quick.bpmn", QUICK.encode(), "application/octet-stream"))]
    deploy = api.client.post(
        "/v2/deployments", files=parts, data={"tenantId": "acme"}, headers=api.admin
    )
    assert deploy.status_code == 400
    jobs = api.client.post(
        "/v2/jobs/activation",
        json={"type": "pack", "maxJobsToActivate": 1, "tenantIds": ["acme"]},
        headers=api.admin,
    )
    assert jobs.status_code == 400
    ok = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "quick", "tenantId": "<default>"},
        headers=api.admin,
    )
    assert ok.status_code == 200 and ok.json()["tenantId"] == "<default>"


def test_oauth_client_credentials_issue_a_bearer_token(api: Api) -> None:
    response = api.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": ADMIN_KEY_ID,
            "client_secret": ADMIN_KEY_SECRET,
            "audience": "zeebe-api",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    bearer = {"Authorization": f"Bearer {body['access_token']}"}
    assert api.client.get("/v2/topology", headers=bearer).status_code == 200

    wrong = api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": ADMIN_KEY_ID, "client_secret": "x"},
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    grant = api.client.post(
        "/oauth/token",
        data={"grant_type": "password", "client_id": ADMIN_KEY_ID, "client_secret": "x"},
    )
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
