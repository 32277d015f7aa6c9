"""The execute waiter's wake-ups: who is told that an instance changed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from baton.services.workflow_runs import change_signal, on_engine_changes


def _result(instance_id: str, root_id: str | None, changes: list[Any]) -> Any:
    return SimpleNamespace(
        state=SimpleNamespace(instance_id=instance_id),
        root_id=root_id,
        changes=changes,
        queues=set(),
    )


def test_a_sub_workflow_change_wakes_the_waiters_on_its_root() -> None:
    result = _result("child", "root", [object()])
    on_engine_changes(Any, None, result, None)
    assert result.queues == {change_signal("child"), change_signal("root")}


def test_a_root_change_wakes_its_own_waiters_and_no_change_wakes_none() -> None:
    result = _result("root", "root", [object()])
    on_engine_changes(Any, None, result, None)
    assert result.queues == {change_signal("root")}
    quiet = _result("child", "root", [])
    on_engine_changes(Any, None, quiet, None)
    assert quiet.queues == set()
