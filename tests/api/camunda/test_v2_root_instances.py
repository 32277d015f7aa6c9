"""/v2 `rootProcessInstanceKey`: every record of a call-activity chain (top → mid → leaf)
names the top instance as its root: process instances, element instances, variables,
incidents, jobs (activated and searched) and user tasks (with their variables and log)."""

from __future__ import annotations

from typing import Any

from support import Api

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
"""


def _calling(process_id: str, called: str) -> str:
    return (
        HEAD
        + f"""  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="{called}"/></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
    )


LEAF = (
    HEAD
    + """  <bpmn:process id="leaf" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="leaf-work" retries="1"/>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="review"/>
    <bpmn:userTask id="review">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)


def _deploy(api: Api, name: str, xml: str) -> None:
    parts = [("resources", (name, xml.encode(), "application/xml"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def _post(api: Api, path: str, body: dict[str, Any] | None = None) -> Any:
    response = api.client.post(path, json=body or {}, headers=api.admin)
    assert response.status_code in (200, 204), response.text
    return response.json() if response.status_code == 200 else None


def _items(api: Api, path: str, **filters: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _post(api, path, {"filter": filters})["items"]
    return items


def _chain(api: Api) -> tuple[str, str, str]:
    """Deploy leaf, mid (calls leaf) and top (calls mid); start top: (top, mid, leaf)."""
    _deploy(api, "leaf.bpmn", LEAF)
    _deploy(api, "mid.bpmn", _calling("mid", "leaf"))
    _deploy(api, "top.bpmn", _calling("top", "mid"))
    started = _post(
        api, "/v2/process-instances", {"processDefinitionId": "top", "variables": {"n": 1}}
    )
    top = str(started["processInstanceKey"])
    (mid,) = _items(api, "/v2/process-instances/search", parentProcessInstanceKey=top)
    (leaf,) = _items(
        api, "/v2/process-instances/search", parentProcessInstanceKey=mid["processInstanceKey"]
    )
    return top, mid["processInstanceKey"], leaf["processInstanceKey"]


def _roots(records: list[dict[str, Any]]) -> set[str]:
    return {r["rootProcessInstanceKey"] for r in records}


def test_every_level_of_a_call_chain_names_the_top_instance_as_its_root(api: Api) -> None:
    top, mid, leaf = _chain(api)
    chain = (top, mid, leaf)
    for key in chain:
        found = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
        assert found["rootProcessInstanceKey"] == top
        assert _roots(_items(api, "/v2/element-instances/search", processInstanceKey=key)) == {top}
        assert _roots(_items(api, "/v2/variables/search", processInstanceKey=key)) == {top}
    assert _roots(_items(api, "/v2/process-instances/search")) == {top}

    activated = _post(api, "/v2/jobs/activation", {"type": "leaf-work", "maxJobsToActivate": 1})
    (job,) = activated["jobs"]
    assert (job["processInstanceKey"], job["rootProcessInstanceKey"]) == (leaf, top)
    _post(api, f"/v2/jobs/{job['jobKey']}/failure", {"retries": 0, "errorMessage": "down"})
    (incident,) = _items(api, "/v2/incidents/search", processInstanceKey=leaf)
    assert incident["rootProcessInstanceKey"] == top
    (searched,) = _items(api, "/v2/jobs/search", processInstanceKey=leaf)
    assert searched["rootProcessInstanceKey"] == top

    patched = api.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 1}}, headers=api.admin
    )
    assert patched.status_code == 204
    _post(api, f"/v2/incidents/{incident['incidentKey']}/resolution")
    (again,) = _post(api, "/v2/jobs/activation", {"type": "leaf-work"})["jobs"]
    _post(api, f"/v2/jobs/{again['jobKey']}/completion", {"variables": {"done": True}})

    (task,) = _items(api, "/v2/user-tasks/search", processInstanceKey=leaf)
    assert task["rootProcessInstanceKey"] == top
    key = task["userTaskKey"]
    assert (
        api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()["rootProcessInstanceKey"]
        == top
    )
    assert _roots(_items(api, f"/v2/user-tasks/{key}/variables/search")) == {top}
    assert _roots(_items(api, f"/v2/user-tasks/{key}/audit-logs/search")) == {top}


def test_an_instance_nobody_called_is_its_own_root(api: Api) -> None:
    _deploy(api, "leaf.bpmn", LEAF)
    started = _post(api, "/v2/process-instances", {"processDefinitionId": "leaf"})
    key = str(started["processInstanceKey"])
    (job,) = _post(api, "/v2/jobs/activation", {"type": "leaf-work"})["jobs"]
    assert job["rootProcessInstanceKey"] == key
    assert _roots(_items(api, "/v2/element-instances/search", processInstanceKey=key)) == {key}
    assert _roots(_items(api, "/v2/jobs/search", processInstanceKey=key)) == {key}
