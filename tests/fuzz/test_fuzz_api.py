"""Schemathesis over Baton's own OpenAPI document, as the admin, against real objects: no
operation may answer 5xx (or hang) whatever it is sent.

Not part of the normal suite (marker `fuzz`). `make fuzz` runs it for FUZZ_SECONDS (default 300)
with fresh random seeds; `make test` runs a short derandomized pass (FUZZ_EXAMPLES examples per
operation and generation mode), so CI is repeatable. FUZZ_OPERATIONS=substring narrows the run to
matching operations ("POST /api/workflow/{name}"). Every operation starts on a fresh copy of one
seeded database, so a DELETE or a completion in one operation does not starve the others.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.python import asgi

from baton.app import build_context, create_app
from baton.clock import FakeClock
from baton.settings import Settings
from baton.store.db import Database

from fuzz_bodies import bpmn_mutations, multipart_file, mutations
from fuzz_inputs import known_classes
from fuzz_world import BPMN, World, build_world, path_values, valid_bodies
from support import ADMIN_KEY_ID, ADMIN_KEY_SECRET, SECRET_KEY, Api

# Bounded by FUZZ_SECONDS / FUZZ_EXAMPLES and REQUEST_TIMEOUT, not by the suite's timeout.
pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(3600)]

# Event streams answer for as long as the client listens (tests/api/web/test_live_events.py).
ENDLESS = frozenset({"GET /api/web/events"})
REQUEST_TIMEOUT = 20.0  # seconds; a request still running then counts as a hang
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass(frozen=True)
class Budget:
    seconds: float | None  # None: one derandomized batch per mode (the CI pass)
    examples: int
    only: str

    @classmethod
    def from_env(cls) -> Budget:
        seconds = os.environ.get("FUZZ_SECONDS")
        return cls(
            seconds=float(seconds) if seconds else None,
            examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
            only=os.environ.get("FUZZ_OPERATIONS", ""),
        )


@dataclass(frozen=True)
class Finding:
    operation: str
    status: str
    classes: tuple[str, ...]
    curl: str
    detail: str

    def render(self) -> str:
        kind = ", ".join(self.classes) if self.classes else "NEW"
        return f"{self.operation} -> {self.status} [{kind}]\n  {self.curl}\n  {self.detail}"


class ServerFailure(AssertionError):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.render())
        self.finding = finding


def _settings(url: str) -> Settings:
    return Settings(
        database_url=url,
        secret_key=SECRET_KEY,
        admin_key_id=ADMIN_KEY_ID,
        admin_key_secret=ADMIN_KEY_SECRET,
        max_body_bytes=256 * 1024,
    )


def _seed(path: Path) -> tuple[World, dict[str, Any]]:
    """Create the world in a SQLite file; return its ids and the OpenAPI document."""
    ctx = build_context(_settings(f"sqlite:///{path}"), clock=FakeClock())
    app = create_app(ctx)
    with TestClient(app) as client:
        world = build_world(Api(client))
    spec = app.openapi()
    ctx.db.dispose()  # checkpoints the WAL into the file, which is then copied per operation
    return world, spec


def _fresh_app(template: Path, workdir: Path, index: int) -> tuple[FastAPI, Database]:
    path = workdir / f"op{index}.db"
    shutil.copy(template, path)
    db = Database(f"sqlite:///{path}")
    ctx = build_context(_settings(f"sqlite:///{path}"), clock=FakeClock(), db=db)
    return create_app(ctx), db


def _parts(case: Any) -> dict[str, Any]:
    return {
        "path": dict(case.path_parameters or {}),
        "query": dict(case.query or {}),
        "headers": dict(case.headers or {}),
        "body": case.body,
    }


def _send(
    case: Any, app: FastAPI, headers: dict[str, str], statuses: Counter[str]
) -> tuple[str, str] | None:
    """Call the app; None when the answer is below 500, else (status, detail)."""
    try:
        response = case.call(app=app, headers=headers, timeout=REQUEST_TIMEOUT)
    except requests.Timeout:
        statuses["hang"] += 1
        return "hang", f"no answer within {REQUEST_TIMEOUT}s"
    except Exception as exc:  # the app raised: Starlette answered 500 and re-raised
        statuses["raised"] += 1
        frames = traceback.format_exception(exc)
        return "500", "".join(frames[-6:]).strip().replace("\n", "\n  ")[-1500:]
    statuses[str(response.status_code)] += 1
    if response.status_code < 500:
        return None
    return str(response.status_code), response.content[:400].decode("utf-8", "replace")


def _no_long_waits(case: Any) -> None:
    """Long polls wait in real time (up to a minute); keep valid waits short so the run is spent
    on inputs, not on sleeping. Out-of-range values are left alone: they must still get a 400."""
    if isinstance(case.query, dict) and case.query.get("timeout") in range(1, 60_001):
        case.query["timeout"] = 1
    if isinstance(case.body, dict) and case.body.get("requestTimeout") in range(1, 60_001):
        case.body["requestTimeout"] = 1
    # a synchronous execute waits up to waitForSeconds (10 when not given)
    executes = getattr(case.operation, "path", "") == "/api/workflow/execute/{name}/{version}"
    if executes and case.query is None:
        case.query = {}
    waits = case.query.get("waitForSeconds", 10) if isinstance(case.query, dict) else None
    if executes and waits in range(1, 601):
        case.query["waitForSeconds"] = 1


def _strategies(operation: Any, real: dict[str, str], body: Any) -> list[st.SearchStrategy[Any]]:
    """Positive cases on the real objects and on made-up ids, negative cases (schema-breaking
    inputs) on the real objects, and near-valid bodies where the schema says "any object"."""
    positive, negative = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
    found = [operation.as_strategy(positive, path_parameters=real or None)]
    if real:
        found.append(operation.as_strategy(positive))
    found.append(operation.as_strategy(negative, path_parameters=real or None))
    if body is not None:

        def with_body(pair: tuple[Any, Any]) -> Any:
            case, new = pair
            case.body = new
            return case

        base = operation.as_strategy(positive, path_parameters=real or None)
        found.append(st.tuples(base, mutations(body)).map(with_body))
    if operation.label == "POST /v2/deployments":

        def with_bpmn(pair: tuple[Any, str]) -> Any:
            case, xml = pair
            case.body, case.headers["Content-Type"] = multipart_file("resources", "fuzz.bpmn", xml)
            return case

        base = operation.as_strategy(positive)
        found.append(st.tuples(base, bpmn_mutations(BPMN.decode())).map(with_bpmn))
    return found


def _fuzz_operation(
    operation: Any, app: FastAPI, world: World, budget: Budget, deadline: float | None
) -> list[Finding]:
    headers = {"X-Authorization": world.admin_token}
    names = re.findall(r"\{([^}]+)\}", operation.path)
    real = {
        name: value for name, value in path_values(world, operation.path).items() if name in names
    }
    known: dict[tuple[str, ...], Finding] = {}
    statuses: Counter[str] = Counter()
    began = time.monotonic()

    def check(case: Any) -> None:
        _no_long_waits(case)
        failed = _send(case, app, headers, statuses)
        if failed is None:
            return
        classes = tuple(known_classes(_parts(case)))
        finding = Finding(
            operation.label, failed[0], classes, case.as_curl_command(headers=headers), failed[1]
        )
        if classes:  # a class fixed elsewhere: list it, keep looking for new ones
            known.setdefault(classes, finding)
            return
        raise ServerFailure(finding)

    strategies = _strategies(operation, real, valid_bodies(world).get(operation.label))
    new: list[Finding] = []
    while not new and strategies:
        for strategy in list(strategies):
            try:
                found = _run(strategy, check, budget.examples, randomize=budget.seconds is not None)
            except hypothesis.errors.Unsatisfiable:
                # Nothing to vary: a schema that accepts any body has no negative case.
                strategies.remove(strategy)
                continue
            if found is not None:
                new.append(found)
                break
        if deadline is None or time.monotonic() >= deadline:
            break
    seconds = time.monotonic() - began
    print(f"{operation.label:60} {seconds:6.1f}s {dict(sorted(statuses.items()))}")
    return [*known.values(), *new]


def _run(
    strategy: st.SearchStrategy[Any], check: Callable[[Any], None], examples: int, randomize: bool
) -> Finding | None:
    test = hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not randomize,
        report_multiple_bugs=False,
        suppress_health_check=list(hypothesis.HealthCheck),
        print_blob=False,
    )(hypothesis.given(strategy)(check))
    if randomize:  # a seed of our own keeps Hypothesis from printing one per run
        test = hypothesis.seed(random.getrandbits(64))(test)
    try:
        test()
    except ServerFailure as failure:
        return failure.finding
    return None


def test_no_operation_answers_5xx(tmp_path_factory: pytest.TempPathFactory) -> None:
    budget = Budget.from_env()
    workdir = tmp_path_factory.mktemp("fuzz")
    template = workdir / "template.db"
    world, spec = _seed(template)
    schema = schemathesis.openapi.from_dict(spec)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if budget.only in result.ok().label and result.ok().label not in ENDLESS
    ]
    assert operations, f"no operation matches FUZZ_OPERATIONS={budget.only!r}"
    findings: list[Finding] = []
    started = time.monotonic()
    for index, operation in enumerate(operations):
        deadline = None
        if budget.seconds is not None:
            deadline = started + budget.seconds * (index + 1) / len(operations)
        app, db = _fresh_app(template, workdir, index)
        try:
            findings += _fuzz_operation(operation, app, world, budget, deadline)
        finally:
            asgi.shutdown_lifespans()
            db.dispose()
    report = "\n\n".join(finding.render() for finding in findings)
    assert not findings, f"{len(findings)} operation(s) answered 5xx:\n\n{report}"
