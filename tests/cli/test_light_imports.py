"""Client commands stay quick to start (issue 16: under 0.5 s each): they import neither the
server nor pydantic, SQLAlchemy, FastAPI or rich. Checked by the modules a real command
process loaded, not by its time (bench/cli_bench.py measures that)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pydantic", "fastapi", "sqlalchemy", "starlette", "rich", "typer", "httpx", "baton.app")
SERVER_SIDE = ("baton.settings", "baton.cli.server", "baton.cli.local", "baton.store")

PROBE = """
import json, sys
sys.argv = ["baton", *json.loads(sys.argv[1])]
from baton.cli import app
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _loaded(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True
    )
    names: list[str] = json.loads(done.stderr.splitlines()[-1])
    return set(names)


@pytest.mark.parametrize(
    "argv",
    [
        ("--version",),
        ("--help",),
        ("--url", "http://127.0.0.1:1", "--token", "t", "tasks", "list"),
        ("--url", "http://127.0.0.1:1", "--token", "t", "instances", "show", "1"),
        ("--url", "http://127.0.0.1:1", "--token", "t", "start", "p", "--var", "a=1"),
    ],
)
def test_client_commands_import_nothing_heavy(argv: tuple[str, ...]) -> None:
    loaded = _loaded(*argv)
    assert "baton.cli.root" in loaded
    for name in (*HEAVY, *SERVER_SIDE):
        assert name not in loaded, f"{' '.join(argv)} imported {name}"


def test_server_side_commands_import_the_server_only_when_run() -> None:
    assert "baton.settings" in _loaded("serve", "--help")
    assert "baton.cli.server" not in _loaded("tasks", "--help")
