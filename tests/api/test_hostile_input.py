"""Hostile input is refused at the door with a 4xx and changes nothing: NUL bytes, lone
surrogates, integers beyond int64, deep nesting, huge lists and headers, deep XML."""

from __future__ import annotations

import base64
from typing import Any

from fastapi.testclient import TestClient

from baton.app import create_app
from baton.services.context import ServiceContext

from support import Api

PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="defs" targetNamespace="baton-tests">
  <bpmn:process id="plain" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:userTask id="wait" name="Wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

WORKFLOW = {
    "name": "plain",
    "version": 1,
    "tasks": [{"name": "w", "taskReferenceName": "w", "type": "WAIT"}],
    "schemaVersion": 2,
}


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"a": value}
    return value


def _raw(api: Api, method: str, url: str, text: str, **headers: str) -> Any:
    return api.client.request(
        method,
        url,
        content=text.encode("utf-8", "surrogatepass"),
        headers={"content-type": "application/json", **api.admin, **headers},
    )


def _deploy(api: Api, name: str, data: bytes, headers: dict[str, str] | None = None) -> Any:
    parts = [("resources", (name, data, "application/octet-stream"))]
    return api.client.post("/v2/deployments", files=parts, headers=headers or api.admin)


def _register_workflow(api: Api) -> None:
    response = api.client.post("/api/metadata/workflow", json=WORKFLOW, headers=api.admin)
    assert response.status_code in (200, 204), response.text


def _count_instances(api: Api) -> int:
    found = api.client.get("/api/workflow/search", headers=api.admin)
    assert found.status_code == 200, found.text
    total: int = found.json()["totalHits"]
    return total


# ---------------------------------------------------------------- NUL and surrogates


def test_nul_in_path_ids_is_refused(api: Api) -> None:
    for url in ("/api/workflow/ab%00c", "/api/human/tasks/x%00y", "/v2/process-instances/1%002"):
        response = api.client.get(url, headers=api.admin)
        assert response.status_code == 400, (url, response.text)


def test_nul_in_query_is_refused(api: Api) -> None:
    response = api.client.get("/api/workflow/search?query=workflowType%3Da%00b", headers=api.admin)
    assert response.status_code == 400, response.text


def test_nul_in_unauthenticated_token_request_is_refused(api: Api) -> None:
    response = api.client.post("/api/token", json={"keyId": "a\u0000b", "keySecret": "s"})
    assert response.status_code == 400, response.text
    response = api.client.post("/api/token", json={"email": "a\u0000", "password": "p\u0000"})
    assert response.status_code == 400, response.text


def test_nul_in_basic_credentials_is_unauthenticated(api: Api) -> None:
    basic = base64.b64encode(b"a\x00b:pw").decode()
    response = api.client.get("/v2/topology", headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 401, response.text


def test_nul_and_surrogates_in_json_bodies_are_refused(api: Api) -> None:
    _register_workflow(api)
    for text in (
        '{"name": "plain", "input": {"a": "x\\u0000y"}}',
        '{"name": "plain", "input": {"a\\u0000": 1}}',
        '{"name": "plain", "input": {"a": "\\ud800"}}',
        '{"name": "plain", "input": {"a": "\\udfff x"}}',
    ):
        response = _raw(api, "POST", "/api/workflow", text)
        assert response.status_code == 400, (text, response.text)
        assert response.json()["retryable"] is False
    assert _count_instances(api) == 0


# ---------------------------------------------------------------- numbers


def test_integers_beyond_int64_are_refused(api: Api) -> None:
    _register_workflow(api)
    for url in (
        "/api/workflow/plain?version=8.2e22",
        "/api/workflow/plain?version=9223372036854775808",
        "/api/workflow/plain?priority=-9223372036854775809",
    ):
        response = api.client.post(url, json={}, headers=api.admin)
        assert response.status_code == 400, (url, response.text)
    for url in ("/api/metadata/workflow/plain?version=8.2e22", "/api/human/template/x/8.2e22"):
        response = api.client.get(url, headers=api.admin)
        assert response.status_code == 400, (url, response.text)
    body = '{"name": "plain", "version": 100000000000000000000000}'
    assert _raw(api, "POST", "/api/workflow", body).status_code == 400
    body = '{"name": "plain", "input": {"big": 100000000000000000000000}}'
    assert _raw(api, "POST", "/api/workflow", body).status_code == 400
    body = '{"name": "plain", "input": {"nan": NaN}}'
    assert _raw(api, "POST", "/api/workflow", body).status_code == 400
    assert _count_instances(api) == 0


# ---------------------------------------------------------------- depth


def test_deep_workflow_input_is_refused_and_search_keeps_working(api: Api) -> None:
    _register_workflow(api)
    response = api.client.post(
        "/api/workflow", json={"name": "plain", "input": _nested(260)}, headers=api.admin
    )
    assert response.status_code == 400, response.text
    assert "deep" in response.json()["message"]
    assert _count_instances(api) == 0
    shallow = api.client.post(
        "/api/workflow", json={"name": "plain", "input": _nested(40)}, headers=api.admin
    )
    assert shallow.status_code == 200, shallow.text
    assert _count_instances(api) == 1


def test_bpmn_start_with_deep_variables_is_refused_before_anything_is_written(api: Api) -> None:
    assert _deploy(api, "plain.bpmn", PROCESS.encode()).status_code == 200
    response = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "plain", "variables": _nested(400)},
        headers=api.admin,
    )
    assert response.status_code == 400, response.text
    search = api.client.post(
        "/api/human/tasks/search", json={"searchType": "ADMIN"}, headers=api.admin
    )
    assert search.json()["totalHits"] == 0


# ---------------------------------------------------------------- sizes of lists and queries


def test_long_lists_and_queries_are_refused(api: Api) -> None:
    many = [f"v{i}" for i in range(5000)]
    for body in (
        {"searchType": "ADMIN", "workflowIds": many},
        {"searchType": "ADMIN", "states": ["PENDING"] * 5000},
        {"searchType": "ADMIN", "fullTextQuery": " ".join(many[:3000])},
        {"searchType": "ADMIN", "taskInputQuery": " AND ".join(f"a = {v}" for v in many[:3000])},
        {"searchType": "ADMIN", "taskInputQuery": f"a IN ({', '.join(many)})"},
        {"searchType": "ADMIN", "assignees": [{"user": v} for v in many]},
    ):
        response = api.client.post("/api/human/tasks/search", json=body, headers=api.admin)
        assert response.status_code == 400, (list(body)[1], response.text[:300])
    response = api.client.post(
        "/api/workflow/search", json={"statuses": ["RUNNING"] * 5000}, headers=api.admin
    )
    assert response.status_code == 400, response.text[:300]
    query = "status IN (" + ",".join(["RUNNING"] * 5000) + ")"
    response = api.client.get("/api/workflow/search", params={"query": query}, headers=api.admin)
    assert response.status_code == 400, response.text[:300]


# ---------------------------------------------------------------- BPMN depth


def _sub_processes(depth: int) -> bytes:
    inner = '<bpmn:startEvent id="s{d}"/>'
    body = ""
    for d in range(depth, 0, -1):
        body = f'<bpmn:subProcess id="sp{d}">{inner.format(d=d)}{body}</bpmn:subProcess>'
    return (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
        f'<bpmn:process id="deep" isExecutable="true"><bpmn:startEvent id="s0"/>{body}'
        "</bpmn:process></bpmn:definitions>"
    ).encode()


def test_deep_sub_processes_are_refused(api: Api) -> None:
    response = _deploy(api, "deep.bpmn", _sub_processes(3000))
    assert response.status_code == 400, response.text[:300]
    assert "levels deep" in response.json()["detail"]


def test_deep_xml_is_refused(api: Api) -> None:
    data = (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
        + "<x>" * 30_000
        + "</x>" * 30_000
        + "</bpmn:definitions>"
    ).encode()
    response = _deploy(api, "deep.bpmn", data)
    assert response.status_code == 400, response.text[:300]
    assert "levels deep" in response.json()["detail"]


# ---------------------------------------------------------------- headers and uploads


def test_huge_header_is_refused(api: Api) -> None:
    response = api.client.get("/v2/topology", headers={"X-Authorization": "x" * (64 * 1024)})
    assert response.status_code == 431, response.text[:300]


def test_deployment_checks_the_caller_before_reading_the_upload(api: Api) -> None:
    garbage = b"--b\r\nnot a part"
    headers = {"content-type": "multipart/form-data; boundary=b"}
    response = api.client.post("/v2/deployments", content=garbage, headers=headers)
    assert response.status_code == 401, response.text[:300]
    user = api.create_user("ann")
    response = api.client.post("/v2/deployments", content=garbage, headers={**headers, **user})
    assert response.status_code == 403, response.text[:300]


# ---------------------------------------------------------------- retryable


def test_an_error_after_a_commit_is_not_retryable(ctx: ServiceContext) -> None:
    app = create_app(ctx)

    def write_then_fail() -> None:
        with ctx.db.write():
            pass
        raise RuntimeError("after the commit")

    def fail_before_writing() -> None:
        raise RuntimeError("nothing written")

    app.add_api_route("/test/after-commit", write_then_fail, methods=["POST"])
    app.add_api_route("/test/before-commit", fail_before_writing, methods=["POST"])
    with TestClient(app, raise_server_exceptions=False) as client:
        after = client.post("/test/after-commit")
        before = client.post("/test/before-commit")
    assert after.status_code == 500 and after.json()["retryable"] is False
    assert before.status_code == 500 and before.json()["retryable"] is True
