"""The real conductor-python 2.0.0 SDK, unmodified, against a live Baton: it registers a
workflow with its builder, runs its TaskHandler workers for the SIMPLE tasks, completes the
HUMAN gate by reference name, and sees the workflow COMPLETED with the expected output; and it
executes a workflow synchronously up to its HUMAN task, reads its status and updates its
variables, and registers an event handler with its event API."""

from __future__ import annotations

import time

import pytest

from support import running_server

conductor = pytest.importorskip("conductor.client")

from conductor.client.automator.task_handler import TaskHandler  # noqa: E402
from conductor.client.configuration.configuration import Configuration  # noqa: E402
from conductor.client.configuration.settings.authentication_settings import (  # noqa: E402
    AuthenticationSettings,
)
from conductor.client.http.api.event_resource_api import EventResourceApi  # noqa: E402
from conductor.client.http.models.action import Action  # noqa: E402
from conductor.client.http.models.event_handler import EventHandler  # noqa: E402
from conductor.client.http.models.start_workflow import StartWorkflow  # noqa: E402
from conductor.client.http.models.start_workflow_request import StartWorkflowRequest  # noqa: E402
from conductor.client.orkes_clients import OrkesClients  # noqa: E402
from conductor.client.worker.worker import Worker  # noqa: E402
from conductor.client.workflow.conductor_workflow import ConductorWorkflow  # noqa: E402
from conductor.client.workflow.task.human_task import HumanTask  # noqa: E402
from conductor.client.workflow.task.simple_task import SimpleTask  # noqa: E402

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


def test_sdk_registers_runs_workers_and_completes_human_gate(database_url: str) -> None:
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

        charge = SimpleTask(task_def_name="sdk_charge", task_reference_name="charge_ref")
        charge.input_parameters.update({"amount": "${workflow.input.amount}"})
        approve = HumanTask("approve_ref", display_name="Approve the order")
        ship = SimpleTask(task_def_name="sdk_ship", task_reference_name="ship_ref")
        ship.input_parameters.update({"address": "${workflow.input.address}"})
        workflow = ConductorWorkflow(executor=executor, name="sdk_order", version=1)
        workflow >> charge >> approve >> ship
        workflow.output_parameters(
            {
                "charged": "${charge_ref.output.charged}",
                "approvedBy": "${approve_ref.output.result.approver}",
                "label": "${ship_ref.output.label}",
            }
        )
        workflow.register(overwrite=True)

        request = StartWorkflowRequest(
            name="sdk_order", version=1, input={"amount": 21, "address": "Main St 1"}
        )
        workflow_id = workflow_client.start_workflow(request)
        assert workflow_id

        handler = TaskHandler(
            workers=[
                Worker("sdk_charge", sdk_workers.charge, poll_interval=0.05),
                Worker("sdk_ship", sdk_workers.ship, poll_interval=0.05),
            ],
            configuration=config,
            scan_for_annotated_workers=False,
            monitor_processes=False,
        )
        handler.start_processes()
        try:

            def waiting_at_gate() -> bool:
                found = workflow_client.get_workflow(workflow_id, include_tasks=True)
                return any(
                    t.reference_task_name == "approve_ref" and t.status == "IN_PROGRESS"
                    for t in found.tasks
                )

            _wait_for(waiting_at_gate)
            # the SDK sends the output wrapped as {"result": output}
            task_client.update_task_by_ref_name(
                workflow_id, "approve_ref", "COMPLETED", {"approver": "jane"}
            )

            def completed():  # type: ignore[no-untyped-def]
                found = workflow_client.get_workflow(workflow_id, include_tasks=True)
                return found if found.status == "COMPLETED" else None

            finished = _wait_for(completed)
        finally:
            handler.stop_processes()
        assert finished.output == {
            "charged": 42,
            "approvedBy": "jane",
            "label": "SHIP-TO:Main St 1",
        }
        assert [t.reference_task_name for t in finished.tasks] == [
            "charge_ref",
            "approve_ref",
            "ship_ref",
        ]


def test_sdk_executes_until_the_human_task_reads_status_and_updates_variables(
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

        approve = HumanTask("approve_ref", display_name="Approve the refund")
        workflow = ConductorWorkflow(
            executor=clients.get_workflow_executor(), name="sdk_refund", version=1
        )
        workflow >> approve
        workflow.output_parameters(
            {"amount": "${workflow.input.amount}", "stage": "${workflow.variables.stage}"}
        )
        workflow.register(overwrite=True)

        run = workflow.execute(
            workflow_input={"amount": 7},
            wait_until_task_ref="approve_ref",
            wait_for_seconds=30,
            request_id="refund-1",
        )
        assert run.status == "RUNNING"
        assert run.input == {"amount": 7}
        assert [(t.reference_task_name, t.status) for t in run.tasks] == [
            ("approve_ref", "IN_PROGRESS")
        ]
        workflow_id = run.workflow_id

        status = workflow_client.get_workflow_status(
            workflow_id, include_output=True, include_variables=True
        )
        assert (status.workflow_id, status.status, status.variables) == (
            workflow_id,
            "RUNNING",
            {},
        )
        workflow_client.update_variables(workflow_id, {"stage": "review"})
        status = workflow_client.get_workflow_status(workflow_id, include_variables=True)
        assert status.variables == {"stage": "review"}

        task_client.update_task_by_ref_name(workflow_id, "approve_ref", "COMPLETED", {"ok": True})
        status = workflow_client.get_workflow_status(workflow_id, include_output=True)
        assert status.status == "COMPLETED"
        assert status.output == {"amount": 7, "stage": "review"}

        # the SDK's event API registers a handler and reads it back
        events = EventResourceApi(workflow_client.api_client)
        handler = EventHandler(
            name="sdk_on_refund",
            event="conductor:refunds",
            condition="$.amount > 5",
            active=True,
            actions=[
                Action(
                    action="start_workflow",
                    start_workflow=StartWorkflow(name="sdk_refund", input={"amount": "${amount}"}),
                )
            ],
        )
        events.add_event_handler(handler)
        (found,) = events.get_event_handlers_for_event("conductor:refunds", active_only=True)
        assert (found.name, found.condition, found.active) == (
            "sdk_on_refund",
            "$.amount > 5",
            True,
        )
        assert found.actions[0].start_workflow.name == "sdk_refund"
        assert found.actions[0].start_workflow.input == {"amount": "${amount}"}
