"""The real conductor-python 2.0.0 SDK, unmodified, against a live Baton, with the task types
its builder writes: an INLINE task plans a dynamic fork, a JSON_JQ_TRANSFORM task gives each
branch its input, the FORK_JOIN_DYNAMIC's SIMPLE tasks are run by the SDK's TaskHandler
workers, and a SUB_WORKFLOW (by name) holds a HUMAN task. The SDK's synchronous `execute`
returns once that HUMAN task in the child is reached; the task is then claimed and completed
through the human-task API, and the workflow ends COMPLETED with the joined output."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from support import running_server, until

conductor = pytest.importorskip("conductor.client")

from conductor.client.automator.task_handler import TaskHandler  # noqa: E402
from conductor.client.configuration.configuration import Configuration  # noqa: E402
from conductor.client.configuration.settings.authentication_settings import (  # noqa: E402
    AuthenticationSettings,
)
from conductor.client.orkes_clients import OrkesClients  # noqa: E402
from conductor.client.worker.worker import Worker  # noqa: E402
from conductor.client.workflow.conductor_workflow import ConductorWorkflow  # noqa: E402
from conductor.client.workflow.task.dynamic_fork_task import DynamicForkTask  # noqa: E402
from conductor.client.workflow.task.human_task import HumanTask  # noqa: E402
from conductor.client.workflow.task.inline import InlineTask  # noqa: E402
from conductor.client.workflow.task.join_task import JoinTask  # noqa: E402
from conductor.client.workflow.task.json_jq_task import JsonJQTask  # noqa: E402
from conductor.client.workflow.task.sub_workflow_task import SubWorkflowTask  # noqa: E402

import sdk_workers  # noqa: E402

pytestmark = pytest.mark.slow

KEY_ID, KEY_SECRET = "sdk-key", "sdk-secret"
EXTERNAL_USER = "ext-reviewer-3"


def _ok(response: httpx.Response) -> Any:
    where = response.request.url.path
    assert response.is_success, f"{where}: {response.status_code} {response.text}"
    return response.json() if response.content else None


def test_sdk_executes_every_kind_until_the_human_task_of_its_sub_workflow(
    database_url: str,
) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": KEY_ID,
        "BATON_ADMIN_KEY_SECRET": KEY_SECRET,
    }
    with running_server(env) as (base, _process):
        config = Configuration(
            server_api_url=f"{base}/api",
            authentication_settings=AuthenticationSettings(key_id=KEY_ID, key_secret=KEY_SECRET),
        )
        clients = OrkesClients(configuration=config)
        executor = clients.get_workflow_executor()
        workflow_client = clients.get_workflow_client()

        # the builder's default timeoutSeconds (60) is no bound for a person's work
        child = ConductorWorkflow(executor=executor, name="sdk_review", version=1)
        child.timeout_seconds(3600)
        child >> HumanTask("review_ref", display_name="Review the plan")
        child.output_parameters({"ok": "${review_ref.output.ok}"})
        child.register(overwrite=True)

        plan = InlineTask(
            "plan_ref",
            script="(function () { return [$.a, $.b]; })()",
            bindings={
                "a": {"name": "sdk_resize", "taskReferenceName": "small"},
                "b": {"name": "sdk_resize", "taskReferenceName": "large"},
            },
        )
        sizes = JsonJQTask("sizes_ref", script="{small: {w: .w}, large: {w: (.w * 10)}}")
        sizes.input_parameters.update({"w": "${workflow.input.w}"})
        fan = DynamicForkTask("fan_ref", join_task=JoinTask("fan_join"))
        fan.input_parameters.update(
            {
                "dynamicTasks": "${plan_ref.output.result}",
                "dynamicTasksInputs": "${sizes_ref.output.result}",
            }
        )
        review = SubWorkflowTask("review_sub", workflow_name="sdk_review", version=1)
        parent = ConductorWorkflow(executor=executor, name="sdk_types", version=1)
        parent.timeout_seconds(3600)
        parent >> plan >> sizes >> fan >> review
        parent.output_parameters({"joined": "${fan_join.output}", "ok": "${review_sub.output.ok}"})
        parent.register(overwrite=True)

        handler = TaskHandler(
            workers=[Worker("sdk_resize", sdk_workers.resize, poll_interval=0.05)],
            configuration=config,
            scan_for_annotated_workers=False,
            monitor_processes=False,
        )
        handler.start_processes()
        answers: list[Any] = []
        # the wait outlasts the test: only reaching the child's HUMAN task ends it
        executing = threading.Thread(
            target=lambda: answers.append(
                parent.execute(
                    workflow_input={"w": 3},
                    wait_until_task_ref="review_ref",
                    wait_for_seconds=600,
                    request_id="types-1",
                )
            ),
            daemon=True,
        )
        executing.start()
        try:
            executing.join(timeout=60)
        finally:
            handler.stop_processes()
        assert answers, "execute did not return at the HUMAN task of the sub-workflow"
        (run,) = answers

        assert run.status == "RUNNING"
        tasks = {t.reference_task_name: t for t in run.tasks}
        assert {ref: t.status for ref, t in tasks.items()} == {
            "plan_ref": "COMPLETED",
            "sizes_ref": "COMPLETED",
            "fan_ref": "COMPLETED",
            "small": "COMPLETED",
            "large": "COMPLETED",
            "fan_join": "COMPLETED",
            "review_sub": "IN_PROGRESS",
        }
        assert tasks["small"].worker_id and tasks["small"].output_data == {"url": "/img/3"}
        child_id = tasks["review_sub"].sub_workflow_id
        assert child_id

        with httpx.Client(base_url=base, timeout=10) as http:
            token = _ok(http.post("/api/token", json={"keyId": KEY_ID, "keySecret": KEY_SECRET}))
            http.headers["X-Authorization"] = token["token"]
            # the execute answered at the HUMAN task: it is there without waiting
            found = _ok(
                http.post(
                    "/api/human/tasks/search",
                    json={"workflowIds": [child_id], "taskRefNames": ["review_ref"]},
                )
            )
            (entry,) = found["results"]
            assert (entry["workflowId"], entry["state"]) == (child_id, "ASSIGNED")
            task_id = entry["taskId"]
            claimed = _ok(http.post(f"/api/human/tasks/{task_id}/externalUser/{EXTERNAL_USER}"))
            assert claimed["state"] == "IN_PROGRESS"
            assert claimed["claimant"] == {"user": EXTERNAL_USER, "userType": "EXTERNAL_USER"}
            _ok(http.post(f"/api/human/tasks/{task_id}/update?complete=true", json={"ok": True}))
            done = _ok(http.get(f"/api/human/tasks/{task_id}"))
            assert done["state"] == "COMPLETED"

        def completed():  # type: ignore[no-untyped-def]
            found = workflow_client.get_workflow(run.workflow_id, include_tasks=True)
            return found if found.status == "COMPLETED" else None

        finished = until(completed)
        assert finished.output == {
            "joined": {"small": {"url": "/img/3"}, "large": {"url": "/img/30"}},
            "ok": True,
        }
        sub = workflow_client.get_workflow(child_id, include_tasks=True)
        assert sub.status == "COMPLETED"
        assert sub.parent_workflow_id == run.workflow_id
        assert [(t.reference_task_name, t.status) for t in sub.tasks] == [
            ("review_ref", "COMPLETED")
        ]
