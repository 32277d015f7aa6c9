"""Job worker calls through /v2 for the tests: activate a type's jobs, complete one."""

from __future__ import annotations

from typing import Any

from support import Api


def activate(api: Api, job_type: str) -> list[dict[str, Any]]:
    response = api.client.post(
        "/v2/jobs/activation",
        json={"type": job_type, "maxJobsToActivate": 5, "timeout": 60000},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    jobs: list[dict[str, Any]] = response.json()["jobs"]
    return jobs


def complete_job(api: Api, job: dict[str, Any], body: dict[str, Any]) -> None:
    done = api.client.post(f"/v2/jobs/{job['jobKey']}/completion", json=body, headers=api.admin)
    assert done.status_code == 204, done.text
