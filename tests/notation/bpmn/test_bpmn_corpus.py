"""Every file of the shared BPMN corpus either compiles or is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from baton.model.errors import InvalidInput
from baton.notation.bpmn import compile_bpmn

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "bpmn-corpus"

# Test fixtures of the modeler's properties panel: user tasks without a start event. They use
# only supported elements, but no engine can start them (Zeebe refuses them too).
NO_START_EVENT = {
    "moddle-userTask-formDefinition.bpmn",
    "propspanel-Forms.bpmn",
    "moddle-taskListeners.bpmn",  # a fragment: its task listeners compile, it has no start
}


def _files() -> list[Path]:
    return sorted(CORPUS.glob("*.bpmn")) if CORPUS.is_dir() else []


def test_corpus_compiles_or_is_refused_clearly() -> None:
    files = _files()
    if not files:
        pytest.skip(f"BPMN corpus not found at {CORPUS}")
    compiled: list[str] = []
    refused: dict[str, str] = {}
    for path in files:
        try:
            deployment = compile_bpmn(path.read_bytes(), path.name)
        except InvalidInput as exc:
            refused[path.name] = exc.message
            assert exc.message.startswith(f"{path.name}: "), exc.message
            if path.name in NO_START_EVENT:
                assert "needs exactly one none start event" in exc.message
            else:
                assert "is not supported" in exc.message, exc.message
            continue
        assert deployment.processes, path.name
        compiled.append(path.name)
    print(f"\nBPMN corpus: {len(compiled)} compiled, {len(refused)} refused")
    for name in compiled:
        print(f"  compiled {name}")
    for message in refused.values():
        print(f"  refused  {message}")
    assert compiled, "at least the plain user-task fixtures must compile"
    must_compile = {
        "jssdk-zeebe-user-task.bpmn",
        "jssdk-TasklistTestProcess.bpmn",
        "jssdk-completeUserTask-rest-test-process.bpmn",
        "jssdk-test-tasks-query.bpmn",
        "ocjs-form-test-process.bpmn",
        "ocjs-user-task-process.bpmn",
        "c8ex-react-tasklist-example.bpmn",
        "c8ex-weatherinfo-process.bpmn",
        "lowcode-camunda-process.bpmn",
        "c7ex-invoiceApproval.bpmn",
        "vanillabp-task-matrix.bpmn",  # message catch and message start events
        "zpt-pr-created.bpmn",  # message start, event-based gateway with a message and a timer
        "c8ex-task-listener-sync-user-tasks.bpmn",
        "lowcode-document_request_en.bpmn",  # timeCycle on a non-interrupting boundary
        "c7ex-invoicePayment.bpmn",  # escalation boundary
        "c8ex-rollback-process.bpmn",  # FEEL job types
    }
    present = {p.name for p in files}
    assert must_compile & present <= set(compiled)
