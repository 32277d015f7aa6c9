"""The client commands of `baton` against a live server, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from support import BATON, free_port, running_server

pytestmark = pytest.mark.slow

KEY = {"BATON_ADMIN_KEY_ID": "k", "BATON_ADMIN_KEY_SECRET": "s"}

BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
    targetNamespace="t">
  <bpmn:process id="cli_demo" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="task"/>
    <bpmn:userTask id="task" name="Do it"/>
    <bpmn:sequenceFlow id="g" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def client_env(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without any BATON_* of ours, its config under `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["XDG_CONFIG_HOME"] = str(home)
    return {**env, **extra}


def baton(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BATON, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_deploy_start_claim_complete(database_url: str, tmp_path: Path) -> None:
    model = tmp_path / "cli_demo.bpmn"
    model.write_bytes(BPMN)
    with running_server({"BATON_DATABASE_URL": database_url, **KEY}) as (base, _process):
        env = client_env(tmp_path, BATON_URL=base, BATON_KEY_ID="k", BATON_KEY_SECRET="s")
        other = tmp_path / "other.bpmn"
        other.write_bytes(BPMN.replace(b'id="cli_demo"', b'id="cli_other"'))
        deployed = baton(env, "deploy", str(model), str(other))
        assert deployed.returncode == 0, deployed.stderr
        assert deployed.stdout.splitlines()[0].startswith("process cli_demo version 1 (key ")
        assert deployed.stdout.splitlines()[1].startswith("process cli_other version 1 (key ")
        gone = baton(env, "deploy", str(tmp_path / "missing.bpmn"))
        assert gone.returncode == 2 and "missing.bpmn" in gone.stderr

        variables = tmp_path / "vars.json"
        variables.write_text('{"amount": 5, "who": "raj"}')
        started = baton(
            env, "start", "cli_demo", "--variables-file", str(variables), "--var", "who=ann"
        )
        assert started.returncode == 0, started.stderr
        instance = started.stdout.strip()
        assert instance.isdigit()

        listed = baton(env, "--output", "json", "tasks", "list", "--state", "created")
        assert listed.returncode == 0, listed.stderr
        [task] = json.loads(listed.stdout)
        assert task["processInstanceKey"] == instance and task["name"] == "Do it"
        table = baton(env, "tasks", "list").stdout.splitlines()
        assert table[0].split()[:3] == ["KEY", "NAME", "STATE"]
        assert table[1].startswith(task["userTaskKey"]) and "CREATED" in table[1]

        key = task["userTaskKey"]
        assert baton(env, "tasks", "claim", key, "--assignee", "bob").returncode == 0
        taken = baton(env, "tasks", "claim", key, "--assignee", "ann")
        assert taken.returncode == 1
        assert taken.stderr.strip().endswith("(409)") and len(taken.stderr.splitlines()) == 1
        assert baton(env, "tasks", "unclaim", key).returncode == 0
        assert baton(env, "tasks", "claim", key, "--assignee", "ann").returncode == 0
        done = baton(env, "tasks", "complete", key, "--variables-file", "-", stdin='{"ok": true}')
        assert done.returncode == 0, done.stderr

        shown = baton(env, "-o", "json", "instances", "show", instance)
        assert shown.returncode == 0, shown.stderr
        view = json.loads(shown.stdout)
        assert view["state"] == "COMPLETED"
        assert view["variables"] == {"amount": 5, "who": "ann", "ok": True}
        assert "COMPLETED" in baton(env, "instances", "show", instance).stdout
        assert instance in baton(env, "instances", "list", "--state", "completed").stdout

        second = baton(env, "start", "cli_demo")
        canceled = baton(env, "instances", "cancel", second.stdout.strip())
        assert canceled.returncode == 0, canceled.stderr
        assert baton(env, "-o", "json", "incidents", "list").stdout.strip() == "[]"
        assert baton(env, "-o", "json", "users", "list").returncode == 0

        missing = baton(env, "start", "nope")
        assert missing.returncode == 1
        assert missing.stderr.count("\n") == 1 and "nope" in missing.stderr
        bad = baton(env, "start", "cli_demo", "--var", "novalue")
        assert bad.returncode == 2 and "k=v" in bad.stderr


def test_wrong_credentials_and_profiles(database_url: str, tmp_path: Path) -> None:
    with running_server({"BATON_DATABASE_URL": database_url, **KEY}) as (base, _process):
        wrong = baton(
            client_env(tmp_path, BATON_URL=base),
            "--key-id",
            "k",
            "--key-secret",
            "x",
            "tasks",
            "list",
        )
        assert wrong.returncode == 1
        assert wrong.stderr.startswith("error: not authenticated") and "(401)" in wrong.stderr
        assert "Traceback" not in wrong.stderr and wrong.stderr.count("\n") == 1
        anonymous = baton(client_env(tmp_path, BATON_URL=base), "tasks", "list")
        assert anonymous.returncode == 1 and "(401)" in anonymous.stderr

        config = tmp_path / "baton" / "config.toml"
        config.parent.mkdir()
        config.write_text(
            f'default = "here"\n\n[profiles.here]\nurl = "{base}"\nkey_id = "k"\n'
            f'key_secret = "s"\n\n[profiles.elsewhere]\nurl = "http://127.0.0.1:1"\n'
        )
        by_default = baton(client_env(tmp_path), "-o", "json", "tasks", "list")
        assert by_default.returncode == 0, by_default.stderr
        assert json.loads(by_default.stdout) == []
        elsewhere = baton(client_env(tmp_path), "--profile", "elsewhere", "tasks", "list")
        assert "cannot reach Baton at http://127.0.0.1:1" in elsewhere.stderr
        unknown = baton(client_env(tmp_path), "--profile", "nope", "tasks", "list")
        assert unknown.returncode == 1 and "no profile 'nope'" in unknown.stderr
        # a flag beats the profile: the wrong secret is used, and refused
        flagged = baton(client_env(tmp_path), "--key-secret", "x", "--key-id", "k", "tasks", "list")
        assert "(401)" in flagged.stderr


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    done = baton(client_env(tmp_path, BATON_URL=url, BATON_TOKEN="t"), "tasks", "list")
    assert done.returncode == 1
    assert done.stderr == f"error: cannot reach Baton at {url}: connection refused\n"
