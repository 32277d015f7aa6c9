"""The start form of a deployed process: the `zeebe:formDefinition` of its none start event.

Read from the deployed XML on request (the runtime never needs it)."""

from __future__ import annotations

from baton.notation.bpmn.document import BPMN, children, parse, q, zeebe


def start_form(xml: str, process_id: str) -> dict[str, str] | None:
    """`{"formId": ...}` or `{"formKey": ...}` of the process's top-level start event, or
    None when it has no form (or the process is not in the XML)."""
    root = parse(xml.encode(), "deployed process")
    for process in children(root, BPMN, "process"):
        if process.get("id") != process_id:
            continue
        for start in process.findall(q(BPMN, "startEvent")):
            found = zeebe(start, "formDefinition")
            if found is None:
                continue
            for name in ("formId", "formKey"):
                value = (found.get(name) or "").strip()
                if value:
                    return {name: value}
    return None
