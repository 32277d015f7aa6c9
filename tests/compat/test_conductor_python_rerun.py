"""The real conductor-python SDK, unmodified: `ConductorWorkflow.execute` of a workflow it
never registered runs its definition (an ephemeral workflow), and `rerun_workflow` with
`re_run_from_task_id` runs the ended workflow again from its HUMAN task."""

from __future__ import annotations

import pytest

from support import running_server

conductor = pytest.importorskip("conductor.client")

from conductor.client.configuration.configuration import Configuration  # noqa: E402
from conductor.client.configuration.settings.authentication_settings import (  # noqa: E402
    AuthenticationSettings,
)
from conductor.client.http.models.rerun_workflow_request import (  # noqa: E402
    RerunWorkflowRequest,
)
from conductor.client.orkes_clients import OrkesClients  # noqa: E402
from conductor.client.workflow.conductor_workflow import ConductorWorkflow  # noqa: E402
from conductor.client.workflow.task.human_task import HumanTask  # noqa: E402

pytestmark = pytest.mark.slow


def test_sdk_executes_an_unregistered_workflow_and_reruns_it_from_a_task(
    database_url: str,
) -> None:
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
        workflow_client = clients.get_workflow_client()
        task_client = clients.get_task_client()

        workflow = ConductorWorkflow(
            executor=clients.get_workflow_executor(), name="sdk_ephemeral", version=1
        )
        workflow >> HumanTask("approve_ref", display_name="Approve")
        # the SDK's update by reference name sends the output as {"result": ...}
        workflow.output_parameters({"ok": "${approve_ref.output.result.ok}"})

        run = workflow.execute(
            workflow_input={"amount": 3}, wait_until_task_ref="approve_ref", wait_for_seconds=30
        )
        assert run.status == "RUNNING"
        assert [(t.reference_task_name, t.status) for t in run.tasks] == [
            ("approve_ref", "IN_PROGRESS")
        ]
        workflow_id = run.workflow_id
        found = workflow_client.get_workflow(workflow_id, include_tasks=True)
        assert found.workflow_name == "sdk_ephemeral"
        first = found.tasks[0].task_id

        task_client.update_task_by_ref_name(workflow_id, "approve_ref", "COMPLETED", {"ok": 1})
        assert workflow_client.get_workflow_status(workflow_id).status == "COMPLETED"

        answer = workflow_client.rerun_workflow(
            workflow_id, RerunWorkflowRequest(re_run_from_task_id=first)
        )
        assert answer == workflow_id
        found = workflow_client.get_workflow(workflow_id, include_tasks=True)
        assert found.status == "RUNNING"
        assert [(t.reference_task_name, t.status) for t in found.tasks] == [
            ("approve_ref", "IN_PROGRESS")
        ]
        assert found.tasks[0].task_id != first
        task_client.update_task_by_ref_name(workflow_id, "approve_ref", "COMPLETED", {"ok": 2})
        status = workflow_client.get_workflow_status(workflow_id, include_output=True)
        assert (status.status, status.output) == ("COMPLETED", {"ok": 2})
