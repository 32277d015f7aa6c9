"""The official Python client, `camunda-orchestration-sdk` 10.x (from PyPI, unmodified),
runs the Camunda user-task journey against a live Baton, authenticated as Camunda clients
set OAUTH up (`CAMUNDA_OAUTH_URL` → Baton's client-credentials endpoint):

topology; deploy a BPMN with a zeebe user task (candidate group, FEEL due date, linked form)
and a service task; create an instance; search user tasks by candidate group and by a process
variable; get the form; assign (and see `allowOverride: false` refused on an assigned task);
complete with variables; a job worker takes the service task; a failing job raises an
incident that is resolved; element-instance search shows where the token waits at every step;
the instance completes.

Every route the journey needs is probed: one answering 404/405 fails the test, naming it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from support import running_server

sdk = pytest.importorskip("camunda_orchestration_sdk")

from camunda_orchestration_sdk import CamundaClient  # noqa: E402
from camunda_orchestration_sdk.errors import ApiError  # noqa: E402
from camunda_orchestration_sdk.models import (  # noqa: E402
    ElementInstanceSearchQuery,
    IncidentSearchQuery,
    JobActivationRequest,
    JobCompletionRequest,
    JobFailRequest,
    JobUpdateRequest,
    ProcessCreationById,
    UserTaskAssignmentRequest,
    UserTaskCompletionRequest,
    UserTaskSearchQuery,
)

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent / "camunda"
KEY_ID = "camunda-sdk-key"
KEY_SECRET = "camunda-sdk-secret"


class Journey:
    """The SDK client plus raw probes of which routes exist."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.missing: list[str] = []
        self.http = httpx.Client(base_url=base, auth=(KEY_ID, KEY_SECRET), timeout=30)
        self.client = CamundaClient(
            configuration={
                "CAMUNDA_REST_ADDRESS": f"{base}/v2",
                "CAMUNDA_AUTH_STRATEGY": "OAUTH",
                "CAMUNDA_CLIENT_ID": KEY_ID,
                "CAMUNDA_CLIENT_SECRET": KEY_SECRET,
                "CAMUNDA_OAUTH_URL": f"{base}/oauth/token",
                "CAMUNDA_TOKEN_AUDIENCE": "zeebe.camunda.io",
                "CAMUNDA_TOKEN_DISK_CACHE_DISABLE": True,
            }
        )

    def built(self, method: str, path: str, body: Any = None) -> bool:
        """Does the route exist? (A missing route is 405, or 404 'no such endpoint'.)"""
        response = self.http.request(method, path, json=body)
        missing = response.status_code == 405 or (
            response.status_code == 404 and "no such endpoint" in response.text
        )
        if missing:
            self.missing.append(f"{method} {path.split('/12')[0]}")
        return not missing

    def require(self, method: str, path: str, body: Any = None) -> None:
        if not self.built(method, path, body):
            pytest.fail(f"{method} {path} is missing; missing: {self.missing}")

    def waiting_at(self, instance_key: str) -> list[str] | None:
        """Where the token waits (element ids of ACTIVE element instances), or None while
        element-instance search is not built."""
        if not self.built("POST", "/v2/element-instances/search", {}):
            return None
        found = self.client.search_element_instances(
            data=ElementInstanceSearchQuery.from_dict(
                {"filter": {"processInstanceKey": instance_key, "state": "ACTIVE"}}
            )
        )
        return sorted(
            str(item.element_id)
            for item in found.items
            if str(item.element_id) not in ("sdk_journey",)
        )


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


def _eventually(read: Any, want: Any, attempts: int = 50) -> Any:
    """Read until it equals `want` (the job worker and the engine run in the server)."""
    value = read()
    for _ in range(attempts):
        if value == want:
            return value
        time.sleep(0.1)
        value = read()
    return value


def test_python_sdk_runs_the_user_task_journey(database_url: str) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": KEY_ID,
        "BATON_ADMIN_KEY_SECRET": KEY_SECRET,
    }
    with running_server(env) as (base, _process):
        journey = Journey(base)
        client = journey.client

        topology = client.get_topology()
        assert topology.brokers and topology.cluster_size == 1

        deployment = client.deploy_resources_from_files(
            [HERE / "sdk-review-form.form", HERE / "journey.bpmn"]
        )
        assert [p.process_definition_id for p in deployment.processes] == ["sdk_journey"]
        assert [f.form_id for f in deployment.forms] == ["sdk-review-form"]

        created = client.create_process_instance(
            data=ProcessCreationById.from_dict(
                {
                    "processDefinitionId": "sdk_journey",
                    "variables": {"orderId": "A-17", "amount": 42},
                }
            )
        )
        instance_key = str(created.process_instance_key)
        instance = client.get_process_instance(created.process_instance_key)
        assert _text(instance.state) == "ACTIVE"
        waits = journey.waiting_at(instance_key)
        assert waits in (None, ["review"])

        journey.require("POST", "/v2/user-tasks/search", {})
        by_group = client.search_user_tasks(
            data=UserTaskSearchQuery.from_dict(
                {"filter": {"candidateGroup": "reviewers", "processInstanceKey": instance_key}}
            )
        )
        (task,) = by_group.items
        by_variable = client.search_user_tasks(
            data=UserTaskSearchQuery.from_dict(
                {"filter": {"processInstanceVariables": [{"name": "orderId", "value": '"A-17"'}]}}
            )
        )
        assert [t.user_task_key for t in by_variable.items] == [task.user_task_key]
        assert task.due_date is not None

        form = client.get_user_task_form(task.user_task_key)
        assert form.form_id == "sdk-review-form"

        client.assign_user_task(
            task.user_task_key, data=UserTaskAssignmentRequest.from_dict({"assignee": "ria"})
        )
        with pytest.raises(ApiError):
            client.assign_user_task(
                task.user_task_key,
                data=UserTaskAssignmentRequest.from_dict(
                    {"assignee": "bob", "allowOverride": False}
                ),
            )
        client.complete_user_task(
            task.user_task_key,
            data=UserTaskCompletionRequest.from_dict({"variables": {"approved": True}}),
        )
        waits = journey.waiting_at(instance_key)
        assert waits in (None, ["charge"])

        def activate() -> list[Any]:
            return list(
                client.activate_jobs(
                    data=JobActivationRequest.from_dict(
                        {
                            "type": "sdk-charge",
                            "worker": "py-sdk",
                            "timeout": 60_000,
                            "maxJobsToActivate": 1,
                            "requestTimeout": 5_000,
                        }
                    )
                ).jobs
            )

        (job,) = activate()
        assert job.variables["approved"] is True and isinstance(job.deadline, int)
        incidents_built = journey.built("POST", "/v2/incidents/search", {}) and journey.built(
            "PATCH", f"/v2/jobs/{job.job_key}", {"changeset": {}}
        )
        if incidents_built:
            client.fail_job(
                job.job_key,
                data=JobFailRequest.from_dict({"retries": 0, "errorMessage": "card declined"}),
            )
            incidents = client.search_incidents(
                data=IncidentSearchQuery.from_dict(
                    {"filter": {"processInstanceKey": instance_key, "state": "ACTIVE"}}
                )
            )
            (incident,) = incidents.items
            assert _text(client.get_process_instance(created.process_instance_key).state) == (
                "ACTIVE"
            )
            client.update_job(
                job.job_key, data=JobUpdateRequest.from_dict({"changeset": {"retries": 1}})
            )
            client.resolve_incident(incident.incident_key)
            (job,) = activate()
        client.complete_job(
            job.job_key, data=JobCompletionRequest.from_dict({"variables": {"charged": True}})
        )

        def state() -> str:
            return _text(client.get_process_instance(created.process_instance_key).state)

        assert _eventually(state, "COMPLETED") == "COMPLETED"
        assert journey.waiting_at(instance_key) in (None, [])
        if journey.missing:
            pytest.fail(f"journey passed without: {sorted(set(journey.missing))}")
