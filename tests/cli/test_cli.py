"""The `baton` command line, run as a user would: a real process on a free port."""

from __future__ import annotations

import json
import os
import socket
import subprocess

import httpx

from support import BATON, free_port, running_server


def test_serve_applies_migrations_and_admin_key_from_env(database_url: str) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": "k",
        "BATON_ADMIN_KEY_SECRET": "s",
    }
    with running_server(env) as (base, _process):
        token = httpx.post(f"{base}/api/token", json={"keyId": "k", "keySecret": "s"}).json()
        headers = {"X-Authorization": token["token"]}
        assert httpx.get(f"{base}/api/users", headers=headers).status_code == 200
        wrong = httpx.post(f"{base}/api/token", json={"keyId": "k", "keySecret": "x"})
        assert wrong.status_code == 401
        assert wrong.json()["error"] == "INVALID_TOKEN"
        garbage = httpx.get(f"{base}/api/users", headers={"X-Authorization": "junk"})
        assert garbage.json()["error"] == "INVALID_TOKEN"
        assert _answer_to_endless_header(base).startswith(b"HTTP/1.1 431")


def _answer_to_endless_header(base: str) -> bytes:
    """What the server says to a request head that never ends: it must stop reading at its
    limit and answer, not buffer the header until the client gives up."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Authorization: ")
        try:
            for _ in range(64):  # up to 1 MiB, never finished
                sock.sendall(b"x" * 16384)
        except OSError:
            pass  # the server closed the connection after answering
        return sock.recv(100)


def test_demo_mode_creates_the_demo_admin(database_url: str) -> None:
    port = free_port()
    with running_server({"BATON_DATABASE_URL": database_url}, "--demo", port=port) as (
        base,
        process,
    ):
        banner = process.output.until("API docs")
        # once it is up, the server says where to go and who to sign in as
        assert banner.index("Uvicorn running") < banner.index("Baton is ready")
        assert f"open http://localhost:{port}" in banner
        for user, what in (
            ("demo", "admin"),
            ("ria", "reviewers"),
            ("raj", "reviewers"),
            ("mia", "managers"),
        ):
            line = next(line for line in banner.splitlines() if line.strip().startswith(user))
            assert f"password {user}" in line and what in line
        assert "Dinner" in banner
        login = httpx.post(f"{base}/api/token", json={"email": "demo", "password": "demo"})
        assert login.status_code == 200
        headers = {"X-Authorization": login.json()["token"]}
        info = httpx.get(f"{base}/api/token/userInfo", headers=headers).json()
        assert info["id"] == "demo"
        assert [r["name"] for r in info["roles"]] == ["ADMIN"]


def test_without_demo_there_is_no_default_credential(database_url: str) -> None:
    with running_server({"BATON_DATABASE_URL": database_url}) as (base, _process):
        login = httpx.post(f"{base}/api/token", json={"email": "demo", "password": "demo"})
        assert login.status_code == 401


def test_admin_create_key_prints_a_working_key(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url}
    result = subprocess.run(
        [BATON, "admin", "create-key"], env={**_base_env(), **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    fields = dict(line.split(":", 1) for line in result.stdout.strip().splitlines())
    key_id, secret = fields["keyId"].strip(), fields["keySecret"].strip()
    with running_server(env) as (base, _process):
        login = httpx.post(f"{base}/api/token", json={"keyId": key_id, "keySecret": secret})
        assert login.status_code == 200


def test_db_upgrade_reports_the_revision(database_url: str) -> None:
    result = subprocess.run(
        [BATON, "db", "upgrade"],
        env={**_base_env(), "BATON_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "revision" in result.stderr


def test_sqlite_secret_key_is_generated_once_beside_the_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'baton.db'}"
    env = {"BATON_DATABASE_URL": url, "BATON_ADMIN_KEY_ID": "k", "BATON_ADMIN_KEY_SECRET": "s"}
    with running_server(env) as (base, _process):
        token = httpx.post(f"{base}/api/token", json={"keyId": "k", "keySecret": "s"}).json()
    secret_file = tmp_path / "baton.secret"
    assert secret_file.exists()
    assert oct(secret_file.stat().st_mode & 0o777) == "0o600"
    with running_server(env) as (base, _process):
        headers = {"X-Authorization": token["token"]}
        assert httpx.get(f"{base}/api/users", headers=headers).status_code == 200


def _base_env() -> dict[str, str]:
    import os

    return dict(os.environ)


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


def test_deploy_and_start_from_the_command_line(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = tmp_path / "cli_demo.bpmn"
    model.write_bytes(BPMN)
    env = {**_base_env(), "BATON_DATABASE_URL": database_url}
    deployed = subprocess.run(
        [BATON, "deploy", str(model)], env=env, capture_output=True, text=True
    )
    assert deployed.returncode == 0, deployed.stderr
    assert "process cli_demo version 1" in deployed.stdout
    started = subprocess.run(
        [BATON, "start", "cli_demo", "--var", "amount=5", "--var", "who=ann"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().isdigit()
    missing = subprocess.run([BATON, "start", "nope"], env=env, capture_output=True, text=True)
    assert missing.returncode == 1
    assert "nope" in missing.stderr
    bad = subprocess.run(
        [BATON, "start", "cli_demo", "--var", "novalue"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2


def test_serve_with_several_processes(database_url: str) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": "k",
        "BATON_ADMIN_KEY_SECRET": "s",
    }
    with running_server(env, "--processes", "2") as (base, _process):
        token = httpx.post(f"{base}/api/token", json={"keyId": "k", "keySecret": "s"}).json()
        headers = {"X-Authorization": token["token"]}
        for _ in range(6):  # spread over both processes
            assert httpx.get(f"{base}/api/users", headers=headers).status_code == 200


def test_json_logs_carry_the_request_id(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, "BATON_LOG_FORMAT": "json"}
    with running_server(env) as (base, process):
        answer = httpx.get(f"{base}/health/ready", headers={"X-Request-Id": "probe-7"})
        assert answer.headers["x-request-id"] == "probe-7"
        line = process.output.until('"probe-7"')
    access = json.loads(line.splitlines()[-1])
    assert access["logger"] == "baton.access" and access["request_id"] == "probe-7"
    assert access["route"] == "/health/ready" and access["status"] == 200
    assert access["method"] == "GET" and "duration_ms" in access


def test_version() -> None:
    done = subprocess.run([BATON, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip().startswith("baton ")


def test_a_bad_log_setting_is_one_clear_line(database_url: str) -> None:
    env = {**os.environ, "BATON_DATABASE_URL": database_url, "BATON_LOG_FORMAT": "xml"}
    done = subprocess.run([BATON, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert done.stderr.strip() == "BATON_LOG_FORMAT must be one of text, json, got 'xml'"
