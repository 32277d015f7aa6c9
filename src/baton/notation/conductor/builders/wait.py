"""WAIT: `duration` ("10m20s", "2 days", "30s"), `until` ("2026-01-31 17:00 UTC", ISO-8601),
or neither (waits for an external completion, like HUMAN)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.expr.conductor import LANGUAGE
from baton.model.durations import parse_date, parse_duration
from baton.model.process import NodeKind, Template, TimerSpec
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class WaitBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters") or {}
        if not isinstance(params, dict):
            return
        duration = params.get("duration")
        until = params.get("until")
        where = f"{path}.inputParameters"
        if duration is not None and until is not None:
            check.error(where, "give either duration or until, not both")
            return
        for key, value, parse in (("duration", duration, parse_duration), ("until", until, None)):
            if value is None or (isinstance(value, str) and "${" in value):
                continue
            try:
                if parse is not None:
                    parse(value)
                else:
                    parse_date(value)
            except ValueError as exc:
                check.error(f"{where}.{key}", str(exc))

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        params = step.get("inputParameters") or {}
        timer = None
        if params.get("duration") is not None:
            timer = TimerSpec(duration=Template(LANGUAGE, params["duration"]))
        elif params.get("until") is not None:
            timer = TimerSpec(date=Template(LANGUAGE, params["until"]))
        return single(lowering.graph.add(task_node(step, NodeKind.WAIT, scope, timer=timer)))
