"""The user task as a typed part of the process model, and the values it resolves to.

A `UserTaskSpec` (on a USER_TASK node) says who the task is offered to, when it is due, its
priority, its form and headers, and the Orkes policy parts (tiers, completion strategy,
triggers, form template, display name). Each value is a `Template`: a literal or an
expression in the notation's language (FEEL for BPMN, `${...}` for Conductor). The engine
resolves the spec when it schedules the task (`UserTaskValues`) and hands the values to the
human-task service with the `TaskScheduled` change; nothing below the compilers reads the
notation's own keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from baton.model.expressions import Template

USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask"
DEFAULT_PRIORITY = 50


class Implementation(StrEnum):
    HUMAN = "HUMAN"  # a Conductor HUMAN task (Orkes human tasks)
    ZEEBE_USER_TASK = "ZEEBE_USER_TASK"  # a Camunda user task
    JOB_WORKER = "JOB_WORKER"  # a Camunda job-worker user task: also a job of USER_TASK_JOB_TYPE

    @property
    def is_camunda(self) -> bool:
        return self is not Implementation.HUMAN


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A Camunda form: deployed (`form_id`, found by `binding`: latest, deployment or
    versionTag), embedded or custom (`form_key`; `embedded_form_id` for `camunda-forms:bpmn:`
    keys), or an external reference (an expression)."""

    form_id: str | None = None
    binding: str = "latest"
    version_tag: str | None = None
    form_key: str | None = None
    embedded_form_id: str | None = None
    external_reference: Template | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == f.default:
                continue
            out[f.name] = value.to_dict() if isinstance(value, Template) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormSpec:
        ref = data.get("external_reference")
        return cls(
            form_id=data.get("form_id"),
            binding=str(data.get("binding", "latest")),
            version_tag=data.get("version_tag"),
            form_key=data.get("form_key"),
            embedded_form_id=data.get("embedded_form_id"),
            external_reference=Template.from_dict(ref) if ref is not None else None,
        )


# The resolvable parts of a spec, and the Orkes wire key of the Orkes ones.
_CAMUNDA_PARTS = (
    "assignee",
    "candidate_users",
    "candidate_groups",
    "due",
    "follow_up",
    "priority",
)
ORKES_KEYS = {
    "display_name": "displayName",
    "tiers": "assignments",
    "single_assignee": "assignee",
    "completion_strategy": "assignmentCompletionStrategy",
    "auto_claim": "autoClaim",
    "form_template": "userFormTemplate",
    "triggers": "taskTriggers",
}


@dataclass(frozen=True, slots=True)
class UserTaskSpec:
    """A user task. Camunda parts: `assignee` (a user id), `candidate_users` and
    `candidate_groups` (lists of ids), `due` and `follow_up` (ISO date-times), `priority`
    (0..100), `form`, `headers` (static). Orkes parts (their wire values): `display_name`,
    `tiers` (`assignments`), `single_assignee` (the SDK builders' one `assignee`),
    `completion_strategy`, `auto_claim`, `form_template`, `triggers`; `definition` is a whole
    Orkes definition given as one expression, whose parts are known only at run time.
    A Camunda task is offered as one tier holding its assignee and every candidate."""

    implementation: Implementation
    assignee: Template | None = None
    candidate_users: Template | None = None
    candidate_groups: Template | None = None
    due: Template | None = None
    follow_up: Template | None = None
    priority: Template | None = None
    form: FormSpec | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    display_name: Template | None = None
    tiers: Template | None = None
    single_assignee: Template | None = None
    completion_strategy: Template | None = None
    auto_claim: Template | None = None
    form_template: Template | None = None
    triggers: Template | None = None
    definition: Template | None = None

    def templates(self) -> dict[str, Template]:
        """Every resolvable part that is set, by field name (the form's reference included
        as `external_reference`)."""
        out = {
            name: value
            for name in (*_CAMUNDA_PARTS, *ORKES_KEYS, "definition")
            if (value := getattr(self, name)) is not None
        }
        if self.form is not None and self.form.external_reference is not None:
            out["external_reference"] = self.form.external_reference
        return out

    def resolve(self, resolve: Callable[[Template], Any]) -> UserTaskValues:
        """The values, each part resolved by `resolve` (the engine's evaluator)."""
        got = {name: resolve(template) for name, template in self.templates().items()}
        orkes: dict[str, Any] = {}
        if "definition" in got:
            whole = got["definition"]
            orkes = dict(whole) if isinstance(whole, Mapping) else (whole or {})
        for name, key in ORKES_KEYS.items():
            if name in got and isinstance(orkes, dict):
                orkes[key] = got[name]
        form = self.form
        return UserTaskValues(
            implementation=self.implementation,
            assignee=got.get("assignee"),
            candidate_users=got.get("candidate_users"),
            candidate_groups=got.get("candidate_groups"),
            due=got.get("due"),
            follow_up=got.get("follow_up"),
            priority=got.get("priority"),
            form=FormValues(
                form.form_id,
                form.binding,
                form.version_tag,
                form.form_key,
                form.embedded_form_id,
                got.get("external_reference"),
            )
            if form is not None
            else None,
            headers=dict(self.headers),
            orkes=orkes,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"implementation": self.implementation.value}
        for name in (*_CAMUNDA_PARTS, *ORKES_KEYS, "definition"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.to_dict()
        if self.form is not None:
            out["form"] = self.form.to_dict()
        if self.headers:
            out["headers"] = dict(self.headers)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UserTaskSpec:
        kwargs: dict[str, Any] = {
            name: Template.from_dict(data[name])
            for name in (*_CAMUNDA_PARTS, *ORKES_KEYS, "definition")
            if data.get(name) is not None
        }
        if data.get("form") is not None:
            kwargs["form"] = FormSpec.from_dict(data["form"])
        return cls(
            implementation=Implementation(data["implementation"]),
            headers={str(k): str(v) for k, v in (data.get("headers") or {}).items()},
            **kwargs,
        )


@dataclass(frozen=True, slots=True)
class FormValues:
    """A `FormSpec` with its external reference resolved."""

    form_id: str | None = None
    binding: str = "latest"
    version_tag: str | None = None
    form_key: str | None = None
    embedded_form_id: str | None = None
    external_reference: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) not in (None, f.default)
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormValues:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class UserTaskValues:
    """A user task as the engine resolved it when scheduling it. Values are as evaluated
    (unchecked: the human-task service checks them and fails the task when they are wrong).
    `orkes` is the Orkes definition object (`__humanTaskDefinition` shape) to parse."""

    implementation: Implementation
    assignee: Any = None
    candidate_users: Any = None
    candidate_groups: Any = None
    due: Any = None
    follow_up: Any = None
    priority: Any = None
    form: FormValues | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    orkes: Any = field(default_factory=dict)

    @property
    def is_job_worker(self) -> bool:
        return self.implementation is Implementation.JOB_WORKER

    def policy(self) -> Any:
        """The Orkes definition object to parse (`parse_definition`): the Orkes parts, and for
        a Camunda task the one tier offering it to its assignee and every candidate."""
        if not self.implementation.is_camunda or not isinstance(self.orkes, dict):
            return self.orkes
        principals: list[dict[str, Any]] = []
        for raw, user_type in (
            (self.assignee, "CONDUCTOR_USER"),
            (self.candidate_users, "CONDUCTOR_USER"),
            (self.candidate_groups, "CONDUCTOR_GROUP"),
        ):
            for name in _flat(raw):
                principal = {"user": name, "userType": user_type}
                if principal not in principals:
                    principals.append(principal)
        tiers = (
            [{"assignee": principals[0], "candidates": principals, "slaMinutes": 0}]
            if principals
            else []
        )
        return {**self.orkes, "assignments": tiers}

    def job_headers(self) -> dict[str, str]:
        """What a job-worker user task tells its worker: its headers plus Zeebe's
        `io.camunda.zeebe:*` ones (candidate lists as JSON strings)."""
        out = dict(self.headers)
        form_key = self.form.form_key if self.form is not None else None
        for key, value in (
            ("assignee", self.assignee),
            ("dueDate", self.due),
            ("followUpDate", self.follow_up),
            ("formKey", form_key),
        ):
            if value:
                out[f"io.camunda.zeebe:{key}"] = str(value)
        for key, value in (
            ("candidateGroups", self.candidate_groups),
            ("candidateUsers", self.candidate_users),
        ):
            if value:
                out[f"io.camunda.zeebe:{key}"] = json.dumps(value)
        if self.priority is not None:
            out["io.camunda.zeebe:priority"] = str(self.priority)
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"implementation": self.implementation.value}
        for name in (*_CAMUNDA_PARTS, "orkes"):
            value = getattr(self, name)
            if value is not None and value != {}:
                out[name] = value
        if self.form is not None:
            out["form"] = self.form.to_dict()
        if self.headers:
            out["headers"] = dict(self.headers)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UserTaskValues:
        form = data.get("form")
        return cls(
            implementation=Implementation(data["implementation"]),
            **{name: data.get(name) for name in _CAMUNDA_PARTS},
            form=FormValues.from_dict(form) if form is not None else None,
            headers=dict(data.get("headers") or {}),
            orkes=data.get("orkes", {}),
        )


def _flat(value: Any) -> list[Any]:
    """FEEL's `flatten([value])[item != null]`: a value, or the items of nested lists."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for inner in value for item in _flat(inner)]
    return [value]


def orkes_spec(raw: Any, language: str) -> UserTaskSpec:
    """The spec of an Orkes human-task definition (`__humanTaskDefinition`, its wire values
    kept as templates in `language`): split into its parts when it is an object, whole
    (`definition`) when it is one expression."""
    if not isinstance(raw, Mapping):
        whole = Template(language, raw) if raw is not None else None
        return UserTaskSpec(Implementation.HUMAN, definition=whole)
    parts: dict[str, Any] = {
        name: Template(language, raw[key]) for name, key in ORKES_KEYS.items() if key in raw
    }
    return UserTaskSpec(Implementation.HUMAN, **parts)
