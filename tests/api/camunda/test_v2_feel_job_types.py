"""/v2 with FEEL job types: the job type is evaluated from the instance's variables when the
job is created; workers activate the job by that type. A job type that is no text raises an
EXTRACT_VALUE_ERROR incident, resolved after the variables are fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from events_helpers import complete, deploy, flow, instance, process, start
from job_helpers import activate, complete_job

from support import Api

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "bpmn-corpus"
ROLLBACK = CORPUS / "c8ex-rollback-process.bpmn"

SHIP = process(
    "ship",
    '<bpmn:startEvent id="start"/>'
    '<bpmn:serviceTask id="work"><bpmn:extensionElements>'
    '<zeebe:taskDefinition type="= &quot;ship-&quot; + region" retries="2"/>'
    "</bpmn:extensionElements></bpmn:serviceTask>"
    '<bpmn:endEvent id="end"/>' + flow("start", "work") + flow("work", "end"),
)


def _incidents(api: Api, key: str) -> list[dict[str, Any]]:
    found = api.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    )
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def test_a_worker_activates_the_job_by_its_evaluated_type(api: Api) -> None:
    deploy(api, "ship.bpmn", SHIP)
    eu = start(api, "ship", {"region": "eu"})
    us = start(api, "ship", {"region": "us"})
    assert activate(api, '= "ship-" + region') == []
    (job,) = activate(api, "ship-eu")
    assert (job["type"], job["processInstanceKey"], job["retries"]) == ("ship-eu", eu, 2)
    assert activate(api, "ship-eu") == []
    complete_job(api, job, {"variables": {"shipped": True}})
    assert instance(api, eu)["state"] == "COMPLETED"
    (other,) = activate(api, "ship-us")
    assert other["processInstanceKey"] == us


def test_a_job_type_that_is_no_text_raises_an_incident(api: Api) -> None:
    deploy(api, "ship.bpmn", SHIP)
    key = start(api, "ship", {})  # region is missing: "ship-" + null is null
    (incident,) = _incidents(api, key)
    assert (incident["elementId"], incident["errorType"]) == ("work", "EXTRACT_VALUE_ERROR")
    assert "job type" in incident["errorMessage"]
    fixed = api.client.put(
        f"/v2/element-instances/{key}/variables",
        json={"variables": {"region": "asia"}},
        headers=api.admin,
    )
    assert fixed.status_code == 204, fixed.text
    resolved = api.client.post(
        f"/v2/incidents/{incident['incidentKey']}/resolution", json={}, headers=api.admin
    )
    assert resolved.status_code == 204, resolved.text
    (job,) = activate(api, "ship-asia")
    assert job["processInstanceKey"] == key


def test_the_rollback_corpus_process_runs_with_job_types_from_its_variables(api: Api) -> None:
    if not ROLLBACK.is_file():
        pytest.skip(f"no BPMN corpus file {ROLLBACK}")
    deploy(api, ROLLBACK.name, ROLLBACK.read_text())
    key = start(
        api,
        "RollbackOnErrorProcess",
        {"validateDataType": "validate-data", "saveDataType": "save-data"},
    )
    complete(api, key, "EnterDataTask")
    (validate,) = activate(api, "validate-data")
    assert validate["elementId"] == "ValidateDataTask"
    complete_job(api, validate, {})
    (save,) = activate(api, "save-data")
    complete_job(api, save, {})
    assert instance(api, key)["state"] == "COMPLETED"


RETRIES = process(
    "retried",
    '<bpmn:startEvent id="start"/>'
    '<bpmn:serviceTask id="work"><bpmn:extensionElements>'
    '<zeebe:taskDefinition type="work" retries="= attempts + 1"/>'
    "</bpmn:extensionElements></bpmn:serviceTask>"
    '<bpmn:endEvent id="end"/>' + flow("start", "work") + flow("work", "end"),
)


def test_feel_retries_are_evaluated_when_the_job_is_created(api: Api) -> None:
    deploy(api, "retried.bpmn", RETRIES)
    key = start(api, "retried", {"attempts": 4})
    (job,) = activate(api, "work")
    assert (job["processInstanceKey"], job["retries"]) == (key, 5)
    failed = api.client.post(
        f"/v2/jobs/{job['jobKey']}/failure", json={"errorMessage": "down"}, headers=api.admin
    )
    assert failed.status_code == 204, failed.text
    (job,) = activate(api, "work")
    assert job["retries"] == 4


def test_feel_retries_that_are_no_number_raise_an_incident(api: Api) -> None:
    deploy(api, "retried.bpmn", RETRIES)
    key = start(api, "retried", {"attempts": "many"})
    (incident,) = _incidents(api, key)
    assert (incident["elementId"], incident["errorType"]) == ("work", "EXTRACT_VALUE_ERROR")
    assert "retries" in incident["errorMessage"]
    assert activate(api, "work") == []
    fixed = api.client.put(
        f"/v2/element-instances/{key}/variables",
        json={"variables": {"attempts": 1}},
        headers=api.admin,
    )
    assert fixed.status_code == 204, fixed.text
    resolved = api.client.post(
        f"/v2/incidents/{incident['incidentKey']}/resolution", json={}, headers=api.admin
    )
    assert resolved.status_code == 204, resolved.text
    (job,) = activate(api, "work")
    assert job["retries"] == 2
