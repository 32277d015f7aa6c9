"""Compile a BPMN 2.0 file (with zeebe extensions) into `ProcessDefinition`s.

Every executable process of the file becomes one definition (version 1: the store assigns the
real version). The whole file is checked first and every problem is reported at once, each
naming the file and the element, as one `InvalidInput`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from baton.model.errors import InvalidInput
from baton.model.process import DefaultOutput, ProcessDefinition
from baton.notation.bpmn.builders import ProcessBuild
from baton.notation.bpmn.document import BPMN, ZEEBE, extensions, parse, q
from baton.notation.bpmn.errors import Refusals


@dataclass(frozen=True, slots=True)
class BpmnDeployment:
    """What one BPMN file deploys.

    - `processes`: one definition per executable process, in file order.
    - `forms`: embedded Camunda forms (`zeebe:userTaskForm` id → form JSON).
    - `form_ids`: the ids of deployed forms the user tasks reference (`formId`).
    """

    filename: str
    processes: tuple[ProcessDefinition, ...]
    forms: Mapping[str, Any] = field(default_factory=dict)
    form_ids: tuple[str, ...] = ()


def compile_bpmn(data: bytes, filename: str) -> BpmnDeployment:
    """Parse safely and compile; raises `InvalidInput` naming the file (and the element)."""
    root = parse(data, filename)
    refusals = Refusals(filename)
    processes = [p for p in root.findall(q(BPMN, "process")) if _executable(p)]
    if not processes:
        raise InvalidInput(f"{filename}: the file has no executable process (isExecutable=true)")
    forms: dict[str, Any] = {}
    for process in processes:
        forms.update(_embedded_forms(process, refusals))
    error_codes = {
        error.get("id") or "": error.get("errorCode") or ""
        for error in root.findall(q(BPMN, "error"))
    }
    messages = {m.get("id") or "": m for m in root.findall(q(BPMN, "message"))}
    signals = {s.get("id") or "": s.get("name") or "" for s in root.findall(q(BPMN, "signal"))}
    escalation_codes = {
        item.get("id") or "": item.get("escalationCode") or ""
        for item in root.findall(q(BPMN, "escalation"))
    }
    builds: list[tuple[Element, ProcessBuild, str | None]] = []
    for process in processes:
        build = ProcessBuild(
            filename, refusals, forms, error_codes, messages, signals, escalation_codes
        )
        start = build.container(process, None)
        builds.append((process, build, start))
    refusals.raise_if_any()
    definitions: list[ProcessDefinition] = []
    form_ids: list[str] = []
    for process, build, start in builds:
        assert start is not None
        definitions.append(_definition(process, build, start, filename))
        form_ids.extend(f for f in build.form_ids if f not in form_ids)
    return BpmnDeployment(filename, tuple(definitions), forms, tuple(form_ids))


def _executable(process: Element) -> bool:
    return (process.get("isExecutable") or "").strip().lower() == "true"


def _embedded_forms(process: Element, refusals: Refusals) -> dict[str, Any]:
    forms: dict[str, Any] = {}
    for item in extensions(process):
        if item.tag != q(ZEEBE, "userTaskForm"):
            continue
        form_id = (item.get("id") or "").strip()
        if not form_id:
            refusals.element(process, "has a zeebe:userTaskForm without an id")
            continue
        try:
            forms[form_id] = json.loads(item.text or "")
        except ValueError as exc:
            refusals.element(process, f"zeebe:userTaskForm {form_id!r} is not valid JSON: {exc}")
    return forms


def _definition(
    process: Element, build: ProcessBuild, start: str, filename: str
) -> ProcessDefinition:
    process_id = process.get("id") or ""
    version_tag = None
    for item in extensions(process):
        if item.tag == q(ZEEBE, "versionTag"):
            version_tag = item.get("value")
    bpmn: dict[str, Any] = {"resourceName": filename}
    try:
        return ProcessDefinition(
            id=process_id,
            version=1,
            start=start,
            nodes=tuple(build.nodes.values()),
            flows=tuple(build.flows),
            name=process.get("name") or process_id,
            default_output=DefaultOutput.VARIABLES,
            input_to_variables=True,
            extensions={"bpmn": bpmn},
            history=True,
            incidents=True,
            version_tag=version_tag or None,
        )
    except InvalidInput as exc:
        raise InvalidInput(
            f"{filename}: process '{process_id}': {exc.message}", errors=exc.errors
        ) from exc
