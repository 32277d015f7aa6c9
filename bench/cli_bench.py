"""Wall time of `baton` commands as a user runs them (issue 16: each answers in under
0.5 s): a new process per run, against one `baton serve` on a fresh SQLite file.

- `import baton.cli` in a bare interpreter (the start-up every command pays);
- `baton --version`, `baton --help` (no server);
- client commands with a token (`BATON_TOKEN`): `tasks list`, `instances list`,
  `instances show`, `start`, `deploy`;
- `tasks list` with an access key (`BATON_KEY_ID`/`BATON_KEY_SECRET`): adds the token
  exchange, whose Argon2 check is slow by design.
Each figure is the median and the best of BENCH_CLI_RUNS runs, in ms.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from targets import Target, print_targets

RUNS = int(os.environ.get("BENCH_CLI_RUNS", "7"))
BATON = str(Path(sys.executable).with_name("baton"))
TARGET_MS = 500.0

BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
    targetNamespace="t">
  <bpmn:process id="cli_bench" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="task"/>
    <bpmn:userTask id="task" name="Bench it"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _timed(argv: list[str], env: dict[str, str]) -> list[float]:
    """Wall ms of each of RUNS runs (each must succeed)."""
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        times.append((time.perf_counter() - began) * 1000)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return times


def _server(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "BATON_DATABASE_URL": f"sqlite:///{tmp / 'baton.db'}",
        "BATON_ADMIN_KEY_ID": "bench",
        "BATON_ADMIN_KEY_SECRET": "bench-secret",
        "BATON_ACCESS_LOG": "false",
    }
    argv = [BATON, "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health/ready").status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit("baton serve exited before it was ready")
        time.sleep(0.2)
    process.kill()
    raise SystemExit("baton serve was not ready within 120 s")


def main() -> None:
    client_env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    rows: list[tuple[str, list[float]]] = []
    rows.append(
        (
            "python -c 'import baton.cli'",
            _timed([sys.executable, "-c", "import baton.cli"], client_env),
        )
    )
    rows.append(("baton --version", _timed([BATON, "--version"], client_env)))
    rows.append(("baton --help", _timed([BATON, "--help"], client_env)))
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        model = tmp / "cli_bench.bpmn"
        model.write_bytes(BPMN)
        process, base = _server(tmp)
        try:
            key = {"keyId": "bench", "keySecret": "bench-secret"}
            token = httpx.post(f"{base}/api/token", json=key).json()["token"]
            env = {**client_env, "XDG_CONFIG_HOME": name, "BATON_URL": base, "BATON_TOKEN": token}
            rows.append(("baton deploy FILE", _timed([BATON, "deploy", str(model)], env)))
            rows.append(("baton start PROCESS", _timed([BATON, "start", "cli_bench"], env)))
            started = subprocess.run(
                [BATON, "start", "cli_bench"], env=env, capture_output=True, text=True, check=True
            )
            instance = started.stdout.strip()
            rows.append(("baton tasks list", _timed([BATON, "tasks", "list"], env)))
            rows.append(("baton instances list", _timed([BATON, "instances", "list"], env)))
            show = [BATON, "instances", "show", instance]
            rows.append(("baton instances show KEY", _timed(show, env)))
            keyed = {
                **client_env,
                "XDG_CONFIG_HOME": name,
                "BATON_URL": base,
                "BATON_KEY_ID": "bench",
                "BATON_KEY_SECRET": "bench-secret",
            }
            rows.append(("baton tasks list (access key)", _timed([BATON, "tasks", "list"], keyed)))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    width = max(len(label) for label, _ in rows)
    load = os.getloadavg()[0]
    print(f"-- baton commands, wall ms over {RUNS} runs (a process each; load {load:.1f})")
    print(f"   {'command':<{width}}  median     best")
    for label, times in rows:
        print(f"   {label:<{width}}  {statistics.median(times):6.0f}  {min(times):7.0f}")
    print_targets(
        [
            Target(f"{label} (median)", TARGET_MS, statistics.median(times), False, "ms")
            for label, times in rows
            if label.startswith("baton") and "access key" not in label
        ]
    )


if __name__ == "__main__":
    main()
