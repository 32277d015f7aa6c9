"""The container files, checked without a Docker daemon: the Dockerfile's stages, user,
health check and entrypoint, and the compose file's database, one-off migration and two
replicas sharing that database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text()
    joined = re.sub(r"\\\n\s*", " ", text)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    return loaded


def test_the_image_builds_the_web_app_then_installs_the_wheel() -> None:
    steps = _instructions()
    stages = [rest for word, rest in steps if word == "FROM"]
    assert stages[0].startswith("node:") and stages[0].endswith(" AS web")
    assert stages[1].endswith(" AS wheel")
    assert not stages[-1].lower().endswith((" as web", " as wheel"))  # the runtime stage
    runs = " ".join(rest for word, rest in steps if word == "RUN")
    assert "npm ci" in runs and "npm run build" in runs
    assert "pip wheel" in runs and "pip install --no-cache-dir /tmp/wheels/*.whl" in runs
    copies = [rest for word, rest in steps if word == "COPY"]
    assert any("--from=web" in c and "webapp/dist" in c for c in copies)


def test_the_image_runs_baton_serve_as_a_user_with_a_health_check() -> None:
    steps = _instructions()
    runtime = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM") :]
    users = [rest for word, rest in runtime if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    [health] = [rest for word, rest in runtime if word == "HEALTHCHECK"]
    assert "/health/live" in health and ":8080/" in health
    [entrypoint] = [rest for word, rest in runtime if word == "ENTRYPOINT"]
    assert yaml.safe_load(entrypoint) == ["baton", "serve"]
    [cmd] = [rest for word, rest in runtime if word == "CMD"]
    assert yaml.safe_load(cmd) == ["--host", "0.0.0.0", "--port", "8080"]
    env = " ".join(rest for word, rest in runtime if word == "ENV")
    assert "BATON_DATABASE_URL=" in env
    assert ("EXPOSE", "8080") in runtime


def test_dockerignore_keeps_local_state_out_of_the_build() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignored[ignored.index("*") + 1 :][:4] == [
        "!pyproject.toml",
        "!README.md",
        "!src/",
        "!web/",
    ]
    for local in ("web/node_modules/", "src/baton/webapp/dist/", "*.db", "*.secret"):
        assert local in ignored


def test_compose_runs_two_replicas_on_one_postgresql() -> None:
    services = _compose()["services"]
    replicas = {name: s for name, s in services.items() if s.get("entrypoint") is None}
    replicas.pop("db")
    assert sorted(replicas) == ["baton-1", "baton-2"]
    urls = {s["environment"]["BATON_DATABASE_URL"] for s in replicas.values()}
    assert len(urls) == 1
    [url] = urls
    assert url.startswith("postgresql://") and "@db:5432/" in url
    assert services["db"]["image"].startswith("postgres:")
    published = [p for s in replicas.values() for p in s["ports"]]
    assert published == ["8080:8080", "8081:8080"]
    for replica in replicas.values():
        assert replica["build"]["context"] == ".."
        assert (ROOT / "deploy" / replica["build"]["context"] / "Dockerfile").is_file()


def test_compose_upgrades_the_database_once_before_the_replicas() -> None:
    services = _compose()["services"]
    migrate = services["migrate"]
    assert migrate["entrypoint"] == ["baton", "db", "upgrade"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert (
        migrate["environment"]["BATON_DATABASE_URL"]
        == (services["baton-1"]["environment"]["BATON_DATABASE_URL"])
    )
    for name in ("baton-1", "baton-2"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }
