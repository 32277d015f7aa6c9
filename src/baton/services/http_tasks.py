"""Conductor HTTP tasks, made by the server: a worker of Baton's own queue (`HTTP_QUEUE`).

Each round takes waiting HTTP tasks through the job service every worker uses (its own short
transaction), makes the requests concurrently with an async client outside any transaction,
then reports each result as a worker would. Before a request the host is resolved and checked
against the operator's allow-list (BATON_HTTP_ALLOWED_HOSTS, `baton.model.host_allow_list`);
the connection goes to the address that was checked (so a name cannot resolve differently in
between), redirects are not followed, and connect and read time-outs apply. A refused request
fails the task for good with the reason (nothing is sent); an empty allow-list refuses all.
A non-2xx answer or a network error fails the attempt (retried as any worker task).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import socket
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from baton.expr.limits import MAX_STRING_LENGTH
from baton.model.errors import BatonError
from baton.model.host_allow_list import Address, HostAllowList
from baton.model.status import TaskStatus
from baton.notation.conductor.builders.http import HTTP_QUEUE, request_of
from baton.services import worker_tasks
from baton.services.authz import INTERNAL_WORKER
from baton.services.context import ServiceContext

log = logging.getLogger("baton.http_tasks")

WORKER_ID = "baton-http"
BATCH = 16
POLL_MS = 1000
DEFAULT_CONNECT_MS = 10_000
DEFAULT_READ_MS = 30_000
MAX_TIMEOUT_MS = 120_000
MAX_RESPONSE_BYTES = MAX_STRING_LENGTH

Resolver = Callable[[str, int], Awaitable[list[Address]]]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: TaskStatus
    output: dict[str, Any]
    reason: str | None = None


async def resolve(host: str, port: int) -> list[Address]:
    """Every address `host` resolves to (an address literal: itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))


async def perform(
    request: Mapping[str, Any],
    allow: HostAllowList,
    client: httpx.AsyncClient,
    resolver: Resolver = resolve,
) -> Outcome:
    """Make one HTTP task's request, if the allow-list lets it."""
    if allow.empty:
        return _refused(
            "HTTP tasks are disabled: the operator allows no hosts (BATON_HTTP_ALLOWED_HOSTS)"
        )
    uri = request.get("uri")
    parts = urlsplit(uri) if isinstance(uri, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return _refused(f"uri {uri!r} is not an http:// or https:// address")
    method = str(request.get("method") or "GET").upper()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        connect_ms = _millis(request.get("connectionTimeOut"), DEFAULT_CONNECT_MS)
        read_ms = _millis(request.get("readTimeOut"), DEFAULT_READ_MS)
    except ValueError as exc:
        return _refused(str(exc))
    host = parts.hostname
    addresses = await resolver(host, port)
    reason = allow.refusal(host, addresses)
    if reason is not None:
        return _refused(f"not calling {uri}: {reason}")
    target = addresses[0]
    literal = f"[{target}]" if target.version == 6 else str(target)
    pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path, parts.query, ""))
    headers = {str(k): _header(v) for k, v in (request.get("headers") or {}).items()}
    headers["Host"] = parts.netloc.rpartition("@")[2]
    if request.get("accept"):
        headers.setdefault("Accept", str(request["accept"]))
    body = request.get("body")
    content: bytes | None = None
    if body is not None:
        if isinstance(body, str):
            content = body.encode()
        else:
            content = json.dumps(body).encode()
            headers.setdefault(
                "Content-Type", str(request.get("contentType") or "application/json")
            )
    timeout = httpx.Timeout(read_ms / 1000, connect=connect_ms / 1000)
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    try:
        async with client.stream(
            method,
            pinned,
            headers=headers,
            content=content,
            timeout=timeout,
            extensions=extensions,
        ) as response:
            raw = await _read_capped(response)
    except httpx.HTTPError as exc:
        return Outcome(TaskStatus.FAILED, {}, f"{method} {uri} failed: {exc!r}")
    output = {"response": _response(response, raw)}
    if not 200 <= response.status_code < 300:
        return Outcome(TaskStatus.FAILED, output, f"{method} {uri} answered {response.status_code}")
    return Outcome(TaskStatus.COMPLETED, output)


def work_once(ctx: ServiceContext, *, wait_ms: int = 0, resolver: Resolver = resolve) -> int:
    """Take the waiting HTTP tasks (up to BATCH), make their requests, report them."""
    taken = worker_tasks.take(
        ctx, INTERNAL_WORKER, HTTP_QUEUE, worker_id=WORKER_ID, count=BATCH, timeout_ms=wait_ms
    )
    if not taken:
        return 0
    allow = HostAllowList.parse(ctx.settings.http_allowed_hosts)
    jobs = [
        (task_id, request_of(result.state.activities[task_id].input), result.state.instance_id)
        for result, task_id in taken
    ]

    async def run_all() -> list[Outcome]:
        async with httpx.AsyncClient(follow_redirects=False, trust_env=False) as client:
            return list(
                await asyncio.gather(
                    *(perform(request, allow, client, resolver) for _, request, _ in jobs)
                )
            )

    for (task_id, _request, instance_id), outcome in zip(jobs, asyncio.run(run_all()), strict=True):
        try:
            worker_tasks.update(
                ctx,
                INTERNAL_WORKER,
                task_id=task_id,
                workflow_id=instance_id,
                status=outcome.status.value,
                output=outcome.output,
                reason=outcome.reason,
                worker_id=WORKER_ID,
            )
        except BatonError as exc:  # canceled meanwhile: nothing to report to
            log.warning("could not report HTTP task %s: %s", task_id, exc.message)
    return len(jobs)


class HttpTaskWorker:
    """Runs `work_once` in a daemon thread of the server process until stopped."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="baton-http-tasks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=POLL_MS / 1000 * 2)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                work_once(self.ctx, wait_ms=POLL_MS)
            except Exception:  # never take the server down
                log.exception("HTTP task worker failed; trying again")
                self._stop.wait(POLL_MS / 1000)


def _header(value: Any) -> str:
    """A header's value: Conductor's clients send a list of values (`{"Accept": ["x"]}`)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _refused(reason: str) -> Outcome:
    return Outcome(TaskStatus.FAILED_WITH_TERMINAL_ERROR, {}, reason)


def _millis(value: Any, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        millis = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"time-out {value!r} is not a number of milliseconds") from None
    if millis <= 0:
        return default
    return min(millis, MAX_TIMEOUT_MS)


async def _read_capped(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise httpx.DecodingError(f"the response is larger than {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _response(response: httpx.Response, raw: bytes) -> dict[str, Any]:
    text = raw.decode(response.encoding or "utf-8", errors="replace")
    body: Any = text
    if "json" in response.headers.get("content-type", ""):
        try:
            body = json.loads(text)
        except ValueError:
            body = text
    return {
        "statusCode": response.status_code,
        "reasonPhrase": response.reason_phrase,
        "headers": {k: [v] for k, v in response.headers.items()},
        "body": body,
    }
