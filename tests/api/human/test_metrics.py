"""`GET /metrics`: Prometheus text; a claim, an escalation and a job move the right series."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from human_helpers import group, human_workflow, start_human
from prometheus_client.parser import text_string_to_metric_families

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

CLAIM_ROUTE = "/api/human/tasks/{task_id}/claim"


def scrape(api: Api) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = api.client.get("/metrics", headers=api.admin)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_an_admin(api: Api) -> None:
    assert api.client.get("/metrics").status_code == 401
    clerk = api.create_user("clerk")
    assert api.client.get("/metrics", headers=clerk).status_code == 403


def test_prometheus_basic_auth_as_an_admin_user(api: Api) -> None:
    api.create_user("prometheus", password="scrape-pw", roles=["ADMIN"])
    basic = base64.b64encode(b"prometheus:scrape-pw").decode()
    response = api.client.get("/metrics", headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200
    assert "baton_http_requests_total" in response.text


def test_a_claim_moves_the_right_counters(api: Api) -> None:
    api.create_group("clerks")
    anna = api.create_user("anna", groups=["clerks"])
    _workflow, task_id = start_human(api, human_workflow(assignments=[group("clerks")]))
    before = scrape(api)
    assert value(before, "baton_human_tasks_open", group="clerks") == 1
    assert value(before, "baton_human_tasks", state="ASSIGNED") == 1

    claimed = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna)
    assert claimed.status_code == 200, claimed.text
    after = scrape(api)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("baton_commands_total", command="HumanTask.CLAIM", outcome="applied") == 1
    assert moved("baton_http_requests_total", method="POST", route=CLAIM_ROUTE, status="200") == 1
    assert moved("baton_http_request_duration_seconds_count", method="POST", route=CLAIM_ROUTE) == 1
    assert value(after, "baton_human_tasks", state="IN_PROGRESS") == 1
    assert value(after, "baton_human_tasks", state="ASSIGNED") == 0
    assert moved("baton_db_commit_seconds_count") >= 1


def test_an_escalation_is_counted_with_its_timer_and_lag(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    for name in ("first", "second"):
        api.create_group(name)
    start_human(api, human_workflow(assignments=[group("first", 10), group("second", 10)]))
    clock.advance(10 * 60 + 30)  # the scheduler runs 30 s after the SLA ended
    assert ctx.scheduler is not None and ctx.scheduler.run_due() == 1
    api._admin_token = None  # the moved clock expired the token
    samples = scrape(api)
    assert value(samples, "baton_escalations_total") == 1
    fired = [k for k in samples if k[0] == "baton_timers_fired_total" and samples[k] == 1]
    assert len(fired) == 1
    kind = dict(fired[0][1])["kind"]
    assert value(samples, "baton_timer_lag_seconds_sum", kind=kind) == 30
    assert value(samples, "baton_human_tasks_open", group="second") == 1
    assert value(samples, "baton_human_tasks_oldest_open_age_seconds", group="second") == 630


def test_unrouted_paths_share_one_label(api: Api) -> None:
    for path in ("/api/nothing/1", "/api/nothing/2"):
        api.client.get(path, headers=api.admin)
    samples = scrape(api)
    assert (
        value(samples, "baton_http_requests_total", method="GET", route="(unrouted)", status="404")
        == 2
    )


def test_the_grafana_dashboard_reads_only_series_baton_serves(api: Api) -> None:
    dashboard = Path(__file__).parents[3] / "deploy" / "grafana-dashboard.json"
    exprs = [t["expr"] for p in json.loads(dashboard.read_text())["panels"] for t in p["targets"]]
    wanted = {name for expr in exprs for name in re.findall(r"\bbaton_[a-z_]+", expr)}
    served = {name for name, _labels in scrape(api)}
    # histograms and counters without samples yet are still declared in the text
    text = api.client.get("/metrics", headers=api.admin).text
    declared = set(re.findall(r"^# TYPE (baton_[a-z_]+) (\w+)", text, re.M))
    names = (
        served
        | {n for n, _ in declared}
        | {f"{n}_total" for n, kind in declared if kind == "counter"}
    )
    names |= {f"{n}_bucket" for n, kind in declared if kind == "histogram"}
    assert wanted <= names, wanted - names
