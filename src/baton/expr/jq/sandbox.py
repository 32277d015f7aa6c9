"""Run jq programs in a helper process with time, memory and size limits.

One helper process (`python -m baton.expr.jq.worker`) answers requests one at a time over
pipes: a JSON line `{"program", "input"}` in, a JSON line `{"results"}` or `{"error"}` out.
A call that takes longer than its time limit kills the helper (the next call starts a new one)
and fails; so does a helper that dies (out of memory). Calls from several threads take turns.
A new helper's start-up (a Python interpreter, the jq module) has its own, longer limit: a
loaded machine starting one must not fail the evaluation that follows.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time
from typing import Any

LANGUAGE = "jq"
MAX_SECONDS = 2.0
"""Wall-clock time one jq evaluation may take (native code cannot count steps)."""
MAX_MEMORY_BYTES = 1024 * 1024 * 1024
"""Address space of the helper process (a program building a huge value fails)."""
START_SECONDS = 30.0
"""Wall-clock time a new helper process may take to say it is ready."""
MAX_TEXT_LENGTH = 100_000
"""Characters of jq program text accepted (as FEEL's)."""


class JqError(ValueError):
    """A jq program could not be compiled or evaluated, or ran out of its budget."""


def check_syntax(program: str) -> None:
    """Raise `JqError` when `program` is not valid jq (compiling runs nothing)."""
    if len(program) > MAX_TEXT_LENGTH:
        raise JqError(
            f"the program is {len(program):,} characters; the limit is {MAX_TEXT_LENGTH:,}"
        )
    import jq

    try:
        jq.compile(program)
    except ValueError as exc:
        raise JqError(str(exc).strip()) from exc


class JqSandbox:
    def __init__(
        self, *, max_seconds: float = MAX_SECONDS, max_memory: int = MAX_MEMORY_BYTES
    ) -> None:
        self.max_seconds = max_seconds
        self.max_memory = max_memory
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def run(self, program: str, value: Any) -> list[Any]:
        """Every result of `program` on `value`, or `JqError`."""
        if len(program) > MAX_TEXT_LENGTH:
            raise JqError(f"the program is longer than {MAX_TEXT_LENGTH:,} characters")
        request = json.dumps({"program": program, "input": value}).encode() + b"\n"
        with self._lock:
            process = self._started()
            try:
                assert process.stdin is not None
                process.stdin.write(request)
                process.stdin.flush()
                line = self._read_line(process)
            except BaseException:
                self._stop()
                raise
        answer = json.loads(line)
        if "error" in answer:
            raise JqError(str(answer["error"]))
        results: list[Any] = answer["results"]
        return results

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "baton.expr.jq.worker", str(self.max_memory)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
            )
            try:
                self._read_line(self._process, START_SECONDS, "starting the jq helper")
            except BaseException:
                self._stop()
                raise
        return self._process

    def _read_line(
        self,
        process: subprocess.Popen[bytes],
        seconds: float | None = None,
        what: str = "evaluation",
    ) -> bytes:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        seconds = self.max_seconds if seconds is None else seconds
        deadline = time.monotonic() + seconds
        chunks: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise JqError(f"{what} exceeded its time budget of {seconds:g} s")
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise JqError(f"{what} ran out of memory or crashed")
                chunks.append(chunk)
                if chunk.endswith(b"\n"):
                    return b"".join(chunks)

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


_shared: JqSandbox | None = None
_shared_lock = threading.Lock()


def shared_sandbox() -> JqSandbox:
    """The process-wide sandbox (started on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = JqSandbox()
        return _shared
