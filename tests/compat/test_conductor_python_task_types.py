"""The real conductor-python 2.0.0 SDK, unmodified, against a live Baton, with the task types
its builder writes: INLINE, JSON_JQ_TRANSFORM, a dynamic fork run by its TaskHandler workers,
and a SUB_WORKFLOW whose HUMAN task the SDK completes by reference name."""

from __future__ import annotations

import time

import httpx
import pytest

from support import running_server

conductor = pytest.importorskip("conductor.client")

from conductor.client.automator.task_handler import TaskHandler  # noqa: E402
from conductor.client.configuration.configuration import Configuration  # noqa: E402
from conductor.client.configuration.settings.authentication_settings import (  # noqa: E402
    AuthenticationSettings,
)
from conductor.client.http.models.start_workflow_request import StartWorkflowRequest  # noqa: E402
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


def _wait_for(predicate, timeout: float = 60):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_sdk_builder_task_types_run(database_url: str) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": "sdk-key",
        "BATON_ADMIN_KEY_SECRET": "sdk-secret",
    }
    with running_server(env) as (base, _process):
        config = Configuration(
            server_api_url=f"{base}/api",
            authentication_settings=AuthenticationSettings(
                key_id="sdk-key", key_secret="sdk-secret"
            ),
        )
        clients = OrkesClients(configuration=config)
        executor = clients.get_workflow_executor()
        workflow_client = clients.get_workflow_client()
        task_client = clients.get_task_client()

        child = ConductorWorkflow(executor=executor, name="sdk_review", version=1)
        child >> HumanTask("review_ref", display_name="Review the plan")
        child.output_parameters({"ok": "${review_ref.output.result.ok}"})
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
        parent >> plan >> sizes >> fan >> review
        parent.output_parameters({"joined": "${fan_join.output}", "ok": "${review_sub.output.ok}"})
        parent.register(overwrite=True)

        workflow_id = workflow_client.start_workflow(
            StartWorkflowRequest(name="sdk_types", version=1, input={"w": 3})
        )
        handler = TaskHandler(
            workers=[Worker("sdk_resize", sdk_workers.resize, poll_interval=0.05)],
            configuration=config,
            scan_for_annotated_workers=False,
            monitor_processes=False,
        )
        handler.start_processes()
        try:
            token = httpx.post(
                f"{base}/api/token", json={"keyId": "sdk-key", "keySecret": "sdk-secret"}
            ).json()["token"]

            def human_task() -> dict[str, object] | None:
                found = httpx.post(
                    f"{base}/api/human/tasks/search",
                    json={"searchType": "ADMIN"},
                    headers={"X-Authorization": token},
                ).json()
                results = found.get("results") or []
                return results[0] if results else None

            task = _wait_for(human_task)
            task_client.update_task_by_ref_name(
                str(task["workflowId"]), "review_ref", "COMPLETED", {"ok": True}
            )

            def completed():  # type: ignore[no-untyped-def]
                found = workflow_client.get_workflow(workflow_id, include_tasks=True)
                return found if found.status == "COMPLETED" else None

            finished = _wait_for(completed)
        finally:
            handler.stop_processes()
        assert finished.output == {
            "joined": {"small": {"url": "/img/3"}, "large": {"url": "/img/30"}},
            "ok": True,
        }
