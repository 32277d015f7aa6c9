"""Reading compiled definitions stored by older versions (`schema` 1).

Schema 1 carried a user task in its node's input under `__humanTaskDefinition` / `__userTask`
and BPMN details in `extensions["bpmn"]`; schema 2 has them as typed fields. Upgrading is a
pure rewrite of the stored document, one version at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.model.expressions import Template
from baton.model.user_task import FormSpec, Implementation, UserTaskSpec, orkes_spec

DEFINITION_INPUT = "__humanTaskDefinition"
USER_TASK_INPUT = "__userTask"


def upgrade_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["schema"] = 2
    out["nodes"] = [_node(dict(n)) for n in data.get("nodes", ())]
    extensions = dict(data.get("extensions") or {})
    if isinstance(extensions.get("bpmn"), Mapping):
        bpmn = dict(extensions["bpmn"])
        tag = bpmn.pop("versionTag", None)
        if tag:
            out["version_tag"] = tag
        out["extensions"] = {**extensions, "bpmn": bpmn}
    return out


def stored_version_tag(compiled: Mapping[str, Any]) -> str | None:
    """The version tag of a stored compiled definition, whichever its schema (a cheap read
    for listings, without building the definition)."""
    if compiled.get("schema") == 1:
        compiled = upgrade_v1({"schema": 1, "extensions": compiled.get("extensions")})
    tag = compiled.get("version_tag")
    return str(tag) if tag is not None else None


def _node(node: dict[str, Any]) -> dict[str, Any]:
    extensions = dict(node.get("extensions") or {})
    bpmn = extensions.pop("bpmn", None) or {}
    if "bpmn" in (node.get("extensions") or {}):
        if extensions:
            node["extensions"] = extensions
        else:
            node.pop("extensions", None)
    kind = node.get("kind")
    if kind == "user_task":
        spec = _user_task(node, bpmn)
        if spec is not None:
            node["user_task"] = spec.to_dict()
    elif kind == "service_task" and bpmn:
        node["retry_delay_seconds"] = 0
        if bpmn.get("headers"):
            node["headers"] = dict(bpmn["headers"])
    elif kind == "boundary_error":
        for key, name in (
            ("errorCodeVariable", "error_code_variable"),
            ("errorMessageVariable", "error_message_variable"),
        ):
            if bpmn.get(key):
                node[name] = str(bpmn[key])
    return node


def _user_task(node: dict[str, Any], bpmn: Mapping[str, Any]) -> UserTaskSpec | None:
    template = node.get("input") or {}
    language = str(template.get("language", "conductor"))
    value = template.get("value")
    if not isinstance(value, Mapping):
        return orkes_spec(None, language)
    if USER_TASK_INPUT not in value:
        return orkes_spec(value.get(DEFINITION_INPUT), language)
    inputs = dict(value)
    task = inputs.pop(USER_TASK_INPUT) or {}
    definition = inputs.pop(DEFINITION_INPUT, None) or {}
    node["input"] = {"language": language, "value": inputs}

    def part(key: str) -> Template | None:
        raw = task.get(key)
        return Template(language, raw) if raw is not None and raw != [] else None

    form: FormSpec | None = None
    if any(task.get(k) for k in ("formId", "formKey", "externalReference")):
        ref = task.get("externalReference")
        form = FormSpec(
            form_id=task.get("formId"),
            binding=str(task.get("bindingType") or "latest"),
            version_tag=task.get("versionTag"),
            form_key=task.get("formKey"),
            embedded_form_id=task.get("embeddedFormId"),
            external_reference=Template(language, ref) if ref is not None else None,
        )
    display = definition.get("displayName")
    return UserTaskSpec(
        Implementation(task.get("implementation") or "ZEEBE_USER_TASK"),
        assignee=part("assignee"),
        candidate_users=part("candidateUsers"),
        candidate_groups=part("candidateGroups"),
        due=part("dueDate"),
        follow_up=part("followUpDate"),
        priority=part("priority"),
        form=form,
        headers=dict(bpmn.get("headers") or {}),
        display_name=Template(language, display) if display is not None else None,
        auto_claim=Template(language, True) if definition.get("autoClaim") else None,
    )
