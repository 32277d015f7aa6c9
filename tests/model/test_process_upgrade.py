"""Compiled definitions stored by the schema-1 compilers read as what today's compilers
make of the same sources (user tasks typed, BPMN details as node fields)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from baton.model.process import ProcessDefinition
from baton.model.process_upgrade import stored_version_tag
from baton.notation.bpmn import compile_bpmn
from baton.notation.conductor import compiler

DATA = Path(__file__).parent / "data"


def _v1() -> dict[str, Any]:
    # made by the schema-1 compilers from the two source files next to it
    found: dict[str, Any] = json.loads((DATA / "v1_compiled.json").read_text())
    return found


def test_a_stored_bpmn_definition_of_schema_1_reads_as_it_compiles_today() -> None:
    source = (DATA / "v1_upgrade.bpmn").read_bytes()
    (today,) = compile_bpmn(source, "v1_upgrade.bpmn").processes
    stored = _v1()["bpmn"]
    assert stored["schema"] == 1
    upgraded = ProcessDefinition.from_dict(stored)
    assert upgraded.to_dict() == today.to_dict()
    assert upgraded == today
    review = upgraded.node("review")
    assert review.input is not None and "__userTask" not in review.input.value
    assert upgraded.version_tag == "v7" == stored_version_tag(stored)


def test_a_stored_conductor_definition_of_schema_1_reads_as_it_compiles_today() -> None:
    source = json.loads((DATA / "v1_upgrade.workflow.json").read_text())
    today = compiler.compile(source)
    upgraded = ProcessDefinition.from_dict(_v1()["conductor"])
    assert upgraded.to_dict() == today.to_dict()
    approve = upgraded.node("approve")
    assert approve.user_task is not None and approve.user_task.tiers is not None
    assert approve.input is not None and "__humanTaskDefinition" in approve.input.value
