"""The official JavaScript client, `@camunda8/orchestration-cluster-api` (from npm,
unmodified, strict request and response validation), runs the Camunda user-task journey
against a live Baton with OAuth client credentials: see `camunda_js/journey.mjs` (the same
journey as `test_camunda_python.py`). The script prints one `RESULT {json}` line.

The client is installed from `camunda_js/package-lock.json` by `npm ci` when missing; without
node/npm the test is skipped, and a failing install is a skip too, except under `CI=true`.
Every route the journey needs is probed: one answering 404/405 fails the test, naming it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import running_server

pytestmark = pytest.mark.slow

JS_DIR = Path(__file__).resolve().parent / "camunda_js"
SCRIPT = JS_DIR / "journey.mjs"
PACKAGE = JS_DIR / "node_modules" / "@camunda8" / "orchestration-cluster-api" / "package.json"
RESOURCES = Path(__file__).resolve().parent / "camunda"
KEY_ID = "camunda-js-key"
KEY_SECRET = "camunda-js-secret"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="module")
def node() -> str:
    node_bin, npm_bin = shutil.which("node"), shutil.which("npm")
    if not node_bin or not npm_bin:
        pytest.skip("node and npm are needed to run the Camunda JavaScript client test")
    if not PACKAGE.exists():
        result = subprocess.run(
            [npm_bin, "ci", "--no-audit", "--no-fund"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            message = f"npm ci failed: {(result.stdout + result.stderr)[-2000:]}"
            if _in_ci():
                pytest.fail(message)
            pytest.skip(message)
    return node_bin


def test_js_client_runs_the_user_task_journey(node: str, database_url: str) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": KEY_ID,
        "BATON_ADMIN_KEY_SECRET": KEY_SECRET,
    }
    with running_server(env) as (base, _process):
        run = subprocess.run(
            [
                node,
                str(SCRIPT),
                base,
                KEY_ID,
                KEY_SECRET,
                str(RESOURCES / "journey.bpmn"),
                str(RESOURCES / "sdk-review-form.form"),
            ],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=240,
        )
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"no RESULT line:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    result = json.loads(lines[-1].removeprefix("RESULT "))
    if result.get("notBuilt"):
        pytest.fail(f"steps passed {result['steps']}; missing: {result['missing']}")
    assert result["ok"], f"after {result['steps']}: {result.get('error')}"
    if result["missing"]:
        pytest.fail(f"journey passed without: {result['missing']}")
