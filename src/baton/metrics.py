"""Prometheus metrics of one server process (`GET /metrics`, text format).

Two kinds:
- events counted where they happen (requests, commands, timers fired and their lag,
  escalations, job activations, database commits): counters and histograms of this process;
  with several server processes, scrape each (Prometheus sums them);
- the work waiting, read from the database at scrape time (human tasks by state and by
  candidate group, overdue, oldest open; timers due; queued jobs; open incidents): the same
  figure from every process, so aggregate them with `max`, not `sum`.

Each `ServiceContext` has its own registry (a test builds many servers in one process).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from baton.store import observed
from baton.store.db import Database

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_LAG_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900)


class Metrics:
    def __init__(self, db: Database, now_ms: Callable[[], int]) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        r = self.registry
        self.requests = Counter(
            "baton_http_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=r,
        )
        self.request_seconds = Histogram(
            "baton_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.commands = Counter(
            "baton_commands",
            "State-changing commands by type and outcome",
            ["command", "outcome"],
            registry=r,
        )
        self.timers_fired = Counter(
            "baton_timers_fired", "Timers fired, by kind", ["kind"], registry=r
        )
        self.timer_lag = Histogram(
            "baton_timer_lag_seconds",
            "How late a timer fired after it was due",
            ["kind"],
            buckets=_LAG_BUCKETS,
            registry=r,
        )
        self.escalations = Counter(
            "baton_escalations",
            "Human-task SLA expiries handled (escalation to the next tier)",
            registry=r,
        )
        self.job_activation_wait = Histogram(
            "baton_job_activation_wait_seconds",
            "From a job (worker task) becoming available to a worker taking it",
            ["type"],
            buckets=_LAG_BUCKETS,
            registry=r,
        )
        self.commit_seconds = Histogram(
            "baton_db_commit_seconds",
            "Time to make a write transaction durable (COMMIT)",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        r.register(_WaitingWork(db, now_ms))

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.request_seconds.labels(method, route).observe(seconds)

    def command(self, command: str, outcome: str = "applied") -> None:
        self.commands.labels(command, outcome).inc()

    def timer_fired(self, kind: str, lag_seconds: float) -> None:
        self.timers_fired.labels(kind).inc()
        self.timer_lag.labels(kind).observe(max(0.0, lag_seconds))

    def job_activated(self, job_type: str, waited_seconds: float) -> None:
        self.job_activation_wait.labels(job_type).observe(max(0.0, waited_seconds))


class _WaitingWork(Collector):
    """Gauges read from the database when scraped."""

    def __init__(self, db: Database, now_ms: Callable[[], int]) -> None:
        self.db = db
        self.now_ms = now_ms

    def collect(self) -> Iterator[Metric]:
        now = self.now_ms()
        with self.db.read() as conn:
            states = observed.human_tasks_by_state(conn)
            groups = observed.open_work_by_group(conn, now)
            due = observed.timers_due(conn, now)
            queued = observed.queued_jobs_by_type(conn)
            incidents = observed.open_incidents(conn)
        by_state = GaugeMetricFamily("baton_human_tasks", "Human tasks by state", labels=["state"])
        for state, count in sorted(states.items()):
            by_state.add_metric([state], count)
        yield by_state
        open_ = GaugeMetricFamily(
            "baton_human_tasks_open", "Open human tasks offered to a group", labels=["group"]
        )
        overdue = GaugeMetricFamily(
            "baton_human_tasks_overdue",
            "Open human tasks past their due date, by group",
            labels=["group"],
        )
        oldest = GaugeMetricFamily(
            "baton_human_tasks_oldest_open_age_seconds",
            "Age of the oldest open human task offered to a group",
            labels=["group"],
        )
        for work in groups:
            open_.add_metric([work.group], work.open)
            overdue.add_metric([work.group], work.overdue)
            if work.oldest_created_at is not None:
                oldest.add_metric([work.group], max(0, now - work.oldest_created_at) / 1000)
        yield open_
        yield overdue
        yield oldest
        yield GaugeMetricFamily("baton_timers_due", "Timers due and not yet fired", value=due)
        jobs = GaugeMetricFamily(
            "baton_jobs_queued", "Jobs and worker tasks waiting for a worker", labels=["type"]
        )
        for job_type, count in sorted(queued.items()):
            jobs.add_metric([job_type], count)
        yield jobs
        yield GaugeMetricFamily("baton_incidents_open", "Open incidents", value=incidents)
