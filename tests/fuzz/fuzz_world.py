"""The objects the fuzzer aims at: one of each kind Baton serves, created through the API so that
path parameters can name real things and operations reach their logic instead of a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from support import Api

USER = "fuzz-user@example.com"
GROUP = "fuzz-group"
TASK_DEF = "fuzz_work"
WORKFLOW = "fuzz_flow"
TEMPLATE = "fuzz_form"
PROCESS = "fuzz_process"
JOB_TYPE = "fuzz-job"

FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"approved": {"type": "boolean"}, "note": {"type": "string"}},
}

# A HUMAN task (with the form template) and a SIMPLE task side by side, so both ids exist at once.
FLOW: dict[str, Any] = {
    "name": WORKFLOW,
    "version": 1,
    "tasks": [
        {
            "name": "split",
            "taskReferenceName": "split",
            "type": "FORK_JOIN",
            "forkTasks": [
                [
                    {
                        "name": "approve",
                        "taskReferenceName": "approve_ref",
                        "type": "HUMAN",
                        "inputParameters": {
                            "amount": "${workflow.input.amount}",
                            "__humanTaskDefinition": {
                                "displayName": "Approve",
                                "assignmentCompletionStrategy": "LEAVE_OPEN",
                                "assignments": [
                                    {
                                        "assignee": {"user": USER, "userType": "CONDUCTOR_USER"},
                                        "slaMinutes": 60,
                                    }
                                ],
                                "userFormTemplate": {"name": TEMPLATE, "version": 1},
                            },
                        },
                    }
                ],
                [{"name": TASK_DEF, "taskReferenceName": "work_ref", "type": "SIMPLE"}],
            ],
        },
        {
            "name": "join",
            "taskReferenceName": "join",
            "type": "JOIN",
            "joinOn": ["approve_ref", "work_ref"],
        },
    ],
}

BPMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="fuzz-defs" targetNamespace="fuzz">
  <bpmn:process id="{PROCESS}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review"/>
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="work"/>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateUsers="{USER}" candidateGroups="{GROUP}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:serviceTask id="work" name="Work">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="{JOB_TYPE}" retries="3"/>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="join"/>
    <bpmn:sequenceFlow id="f5" sourceRef="work" targetRef="join"/>
    <bpmn:parallelGateway id="join"/>
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


@dataclass(frozen=True)
class World:
    """Ids of the objects created by `build_world`."""

    admin_token: str
    app_id: str
    key_id: str
    workflow_id: str
    simple_task_id: str
    human_task_id: str
    instance_key: str
    job_key: str


def _ok(response: Any) -> Any:
    assert response.status_code < 300, f"{response.request.url}: {response.text}"
    return response


def build_world(api: Api) -> World:
    admin = api.admin
    client = api.client
    api.create_group(GROUP, roles=["USER"])
    api.create_user(USER, groups=[GROUP])
    app = _ok(client.post("/api/applications", json={"name": "fuzz-app"}, headers=admin)).json()
    key = _ok(client.post(f"/api/applications/{app['id']}/accessKeys", headers=admin)).json()
    _ok(client.post("/api/metadata/taskdefs", json=[{"name": TASK_DEF}], headers=admin))
    template = {
        "name": TEMPLATE,
        "jsonSchema": FORM_SCHEMA,
        "templateUI": {"type": "VerticalLayout"},
    }
    _ok(client.post("/api/human/template", json=template, headers=admin))
    _ok(client.post("/api/metadata/workflow", json=FLOW, headers=admin))
    workflow_id = _ok(
        client.post(f"/api/workflow/{WORKFLOW}", json={"amount": 5}, headers=admin)
    ).text
    tasks = _ok(client.get(f"/api/workflow/{workflow_id}", headers=admin)).json()["tasks"]
    by_ref = {task["referenceTaskName"]: task["taskId"] for task in tasks}
    files = [("resources", ("fuzz.bpmn", BPMN, "application/xml"))]
    _ok(client.post("/v2/deployments", files=files, headers=admin))
    started = client.post(
        "/v2/process-instances",
        json={"processDefinitionId": PROCESS, "variables": {"n": 1}},
        headers=admin,
    )
    activation = {"type": JOB_TYPE, "timeout": 600_000, "maxJobsToActivate": 1}
    (job,) = _ok(client.post("/v2/jobs/activation", json=activation, headers=admin)).json()["jobs"]
    return World(
        admin_token=admin["X-Authorization"],
        app_id=app["id"],
        key_id=key["id"],
        workflow_id=workflow_id,
        simple_task_id=by_ref["work_ref"],
        human_task_id=by_ref["approve_ref"],
        instance_key=str(_ok(started).json()["processInstanceKey"]),
        job_key=str(job["jobKey"]),
    )


def path_values(world: World, path: str) -> dict[str, str]:
    """Real values for the path parameters of `path` (a template such as `/api/users/{user_id}`)."""
    values = {
        "user_id": USER,
        "group_id": GROUP,
        "app_id": world.app_id,
        "key_id": world.key_id,
        "role": "USER",
        "target_type": "WORKFLOW_DEF",
        "target_id": WORKFLOW,
        "version": "1",
        "workflow_id": world.workflow_id,
        "task_ref": "work_ref",
        "status": "COMPLETED",
        "task_type": TASK_DEF,
        "humanTaskId": world.human_task_id,
        "task_id": world.human_task_id if path.startswith("/api/human/") else world.simple_task_id,
        "key": world.job_key if path.startswith("/v2/jobs/") else world.instance_key,
    }
    if path.startswith("/api/metadata/workflow") or path.startswith("/api/workflow/"):
        values["name"] = WORKFLOW
    elif path.startswith("/api/metadata/taskdefs"):
        values["name"] = TASK_DEF
    else:
        values["name"] = TEMPLATE
    return values


def valid_bodies(world: World) -> dict[str, Any]:
    """A body each free-form (`dict`/`Any`) operation accepts, by operation label: the fuzzer
    mutates these so that it gets past "not a JSON object" into the operation's own checks."""
    template = {
        "name": TEMPLATE,
        "jsonSchema": FORM_SCHEMA,
        "templateUI": {"type": "VerticalLayout"},
    }
    tier = {"assignee": {"user": USER, "userType": "CONDUCTOR_USER"}, "slaMinutes": 5}
    result = {
        "taskId": world.simple_task_id,
        "workflowInstanceId": world.workflow_id,
        "status": "COMPLETED",
        "outputData": {"done": True},
    }
    return {
        "POST /api/token": {"keyId": "admin-key", "keySecret": "admin-secret"},
        "PUT /api/users/{user_id}": {
            "name": "Fuzz",
            "roles": ["USER"],
            "password": "pw",
            "groups": [GROUP],
        },
        "PUT /api/groups/{group_id}": {"description": "fuzz", "roles": ["USER"]},
        "POST /api/applications": {"name": "fuzz-app-2"},
        "PUT /api/applications/{app_id}": {"name": "fuzz-app-3"},
        "POST /api/metadata/workflow": FLOW,
        "PUT /api/metadata/workflow": [FLOW],
        "POST /api/metadata/taskdefs": [{"name": TASK_DEF, "retryCount": 1}],
        "PUT /api/metadata/taskdefs": {"name": TASK_DEF, "retryCount": 1},
        "POST /api/workflow/{name}": {"amount": 5},
        "POST /api/tasks": result,
        "POST /api/tasks/update-v2": result,
        "POST /api/tasks/{workflow_id}/{task_ref}/{status}": {"done": True},
        "POST /api/human/tasks/search": {"states": ["ASSIGNED"], "taskRefNames": ["approve_ref"]},
        "POST /api/human/tasks/update/taskRef": {"approved": True},
        "DELETE /api/human/tasks/delete": [world.human_task_id],
        "POST /api/human/tasks/{task_id}/reassign": [tier],
        "POST /api/human/tasks/{task_id}/update": {"approved": True, "note": "ok"},
        "POST /api/human/template": template,
        "POST /api/human/template/bulk": [template],
        "PUT /api/human/template/{name}/tags": [{"key": "team", "value": "ops"}],
        "DELETE /api/human/template/{name}/tags": [{"key": "team", "value": "ops"}],
        "POST /v2/process-instances": {"processDefinitionId": PROCESS, "variables": {"n": 1}},
        "POST /v2/process-instances/{key}/cancellation": {},
        "POST /v2/jobs/activation": {"type": JOB_TYPE, "timeout": 1000, "maxJobsToActivate": 2},
        "POST /v2/jobs/{key}/completion": {"variables": {"x": 1}},
        "POST /v2/jobs/{key}/failure": {"retries": 1, "errorMessage": "boom"},
        "POST /v2/jobs/{key}/error": {"errorCode": "E1", "errorMessage": "boom"},
    }
