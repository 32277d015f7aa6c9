"""Message correlation on SQLite, in process: BENCH_MESSAGES (500) instances each wait at a
message catch event for their own correlation key; then one publication per instance
(through `services.messages.publish`, as `POST /v2/messages/publication` runs it) reaches it.
Prints instances started/s, publications correlated/s (serial, then from BENCH_MESSAGE_THREADS
(8) callers sharing group commits), and buffered publications/s (TTL, nobody waiting)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from baton.app import build_context
from baton.model.identity import Caller, CallerKind, Role
from baton.services import deployments, messages, process_instances
from baton.services.context import ServiceContext
from baton.services.process_instances import DefinitionRef
from baton.settings import Settings

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "500"))
THREADS = int(os.environ.get("BENCH_MESSAGE_THREADS", "8"))
ADMIN = Caller(CallerKind.APPLICATION, "bench", "bench", frozenset({Role.ADMIN}))

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="bench">
  <bpmn:message id="m" name="paid">
    <bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/>
    </bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pay"/>
    <bpmn:intermediateCatchEvent id="pay"><bpmn:messageEventDefinition messageRef="m"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _rate(count: int, threads: int, one: Callable[[int], object]) -> float:
    started = time.perf_counter()
    if threads <= 1:
        for i in range(count):
            one(i)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(count)))
    return count / (time.perf_counter() - started)


def run(ctx: ServiceContext, prefix: str, threads: int) -> tuple[float, float]:
    def start(i: int) -> str:
        ref = DefinitionRef(process_id="order")
        return process_instances.create(ctx, ADMIN, ref, {"orderId": f"{prefix}{i}"}).key

    def publish(i: int) -> str:
        return messages.publish(
            ctx, ADMIN, name="paid", correlation_key=f"{prefix}{i}", variables={"i": i}
        )

    return _rate(MESSAGES, threads, start), _rate(MESSAGES, threads, publish)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/bench.db", secret_key="b" * 32)
        ctx = build_context(settings)
        deployments.deploy(ctx, ADMIN, [("order.bpmn", MODEL)])
        for label, prefix, threads in (("serial", "s", 1), (f"{THREADS} threads", "t", THREADS)):
            started, correlated = run(ctx, prefix, threads)
            print(
                f"messages ({label}, {MESSAGES}): {started:7.1f} instances started/s, "
                f"{correlated:7.1f} publications correlated/s"
            )

        def buffered(i: int) -> str:
            return messages.publish(
                ctx,
                ADMIN,
                name="paid",
                correlation_key=f"nobody{i}",
                variables={},
                time_to_live_ms=60_000,
                message_id=f"id{i}",
            )

        print(f"messages (serial, {MESSAGES}): {_rate(MESSAGES, 1, buffered):7.1f} buffered/s")
        ctx.db.dispose()


if __name__ == "__main__":
    main()
