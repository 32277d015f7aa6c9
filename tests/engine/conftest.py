"""A driver that runs commands through the engine like the store would, checking on every step
that the engine left its input state untouched and that the new state survives JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from baton.clock import FakeClock, epoch_ms
from baton.engine import (
    Change,
    Command,
    CompleteTask,
    Engine,
    FireTimer,
    StartInstance,
    StartTask,
    TimeOutTask,
    execute,
)
from baton.model.instance import Activity, InstanceState, TimerPurpose
from baton.model.process import ProcessDefinition
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.task_def import TaskDef
from baton.notation.conductor import compile

START = datetime(2026, 1, 1, tzinfo=UTC)


class Driver:
    def __init__(
        self,
        definition: ProcessDefinition,
        task_defs: Mapping[str, TaskDef] | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.definition = definition
        self.execute = engine.execute if engine is not None else execute
        self.task_defs = dict(task_defs or {})
        self.clock = FakeClock(START)
        self.state: InstanceState | None = None
        self.changes: list[Change] = []
        self._n = 0

    def new_id(self) -> str:
        self._n += 1
        return f"00000000-0000-0000-0000-{self._n:012d}"

    def run(self, command: Command) -> list[Change]:
        before = json.dumps(self.state.to_dict(), sort_keys=True) if self.state else None
        try:
            outcome = self.execute(
                self.definition,
                self.state,
                command,
                now=self.clock.now(),
                new_id=self.new_id,
                task_defs=self.task_defs,
            )
        finally:
            if self.state is not None:
                assert json.dumps(self.state.to_dict(), sort_keys=True) == before
        encoded = json.loads(json.dumps(outcome.state.to_dict()))
        assert InstanceState.from_dict(encoded) == outcome.state
        self.state = outcome.state
        self.changes = outcome.changes
        return outcome.changes

    # ---- commands by reference name --------------------------------------------------------

    def start(self, input: Mapping[str, Any] | None = None, **kw: Any) -> list[Change]:
        return self.run(StartInstance(dict(input or {}), **kw))

    def task(self, ref: str) -> Activity:
        """The latest activity whose ref is `ref` (give `w__2` for a loop iteration)."""
        assert self.state is not None
        found = [a for a in self.state.activities.values() if a.ref == ref]
        assert found, f"no task {ref}; have {[a.ref for a in self.state.activities.values()]}"
        return found[-1]

    def attempts(self, ref: str) -> list[Activity]:
        assert self.state is not None
        return [a for a in self.state.activities.values() if a.ref == ref]

    def complete(self, ref: str, output: Mapping[str, Any] | None = None) -> list[Change]:
        return self.run(CompleteTask(self.task(ref).id, dict(output or {})))

    def fail(self, ref: str, reason: str = "boom", *, terminal: bool = False) -> list[Change]:
        status = TaskStatus.FAILED_WITH_TERMINAL_ERROR if terminal else TaskStatus.FAILED
        return self.run(CompleteTask(self.task(ref).id, {}, status, reason))

    def poll(self, ref: str, worker: str = "w1") -> list[Change]:
        return self.run(StartTask(self.task(ref).id, worker))

    def lease_expired(self, ref: str) -> list[Change]:
        return self.run(TimeOutTask(self.task(ref).id))

    def advance(self, seconds: float) -> list[Change]:
        """Move the clock and fire every timer that is due, earliest first."""
        self.clock.advance(timedelta(seconds=seconds))
        fired: list[Change] = []
        while self.state is not None and not self.state.status.is_terminal:
            now = epoch_ms(self.clock.now())
            due = sorted(
                (t for t in self.state.timers.values() if t.due <= now), key=lambda t: t.due
            )
            if not due:
                break
            fired.extend(self.run(FireTimer(due[0].id)))
        return fired

    def timers(self, purpose: TimerPurpose | None = None) -> list[Any]:
        assert self.state is not None
        return [t for t in self.state.timers.values() if purpose is None or t.purpose is purpose]

    # ---- views -----------------------------------------------------------------------------

    @property
    def status(self) -> InstanceStatus:
        assert self.state is not None
        return self.state.status

    def statuses(self) -> dict[str, str]:
        assert self.state is not None
        return {a.ref: a.status.value for a in self.state.activities.values()}

    def open_refs(self) -> list[str]:
        assert self.state is not None
        return [a.ref for a in self.state.activities.values() if a.is_open]

    def of(self, kind: type[Any]) -> list[Any]:
        return [c for c in self.changes if isinstance(c, kind)]


@pytest.fixture
def drive() -> Callable[..., Driver]:
    def make(
        source: Mapping[str, Any] | ProcessDefinition,
        task_defs: Mapping[str, TaskDef] | None = None,
        engine: Engine | None = None,
    ) -> Driver:
        definition = source if isinstance(source, ProcessDefinition) else compile(source)
        return Driver(definition, task_defs, engine)

    return make


def simple(ref: str, **extra: Any) -> dict[str, Any]:
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def workflow(*tasks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "wf", "version": 1, "tasks": list(tasks), **extra}


@pytest.fixture
def now() -> datetime:
    return START


@pytest.fixture
def wf() -> Callable[..., dict[str, Any]]:
    return workflow


@pytest.fixture
def task() -> Callable[..., dict[str, Any]]:
    return simple
