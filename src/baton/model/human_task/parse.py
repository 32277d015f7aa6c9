"""Read the Orkes wire shapes of a human-task definition, collecting every error at once.

Accepted shapes (`__humanTaskDefinition`, after the engine resolved its `${...}` expressions):
- `{assignments: [{assignee: {user, userType}, slaMinutes}], displayName, userFormTemplate:
  {name, version}, assignmentCompletionStrategy, autoClaim, taskTriggers: [{triggerType,
  startWorkflowRequest}]}` (Orkes UI and docs);
- the JS SDK builder's single `assignee: {user, userType}` instead of `assignments`: one
  non-expiring tier;
- the Python SDK and UI leftovers: `displayName: null`, `userFormTemplate: ""` or without a name
  (no form), missing `slaMinutes` (0).

A tier after a non-expiring one (`slaMinutes: 0`) is accepted although the Orkes UI refuses to
build it: only `skip` can reach it, and a definition Orkes' server runs must not fail here at
run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.model.errors import FieldError, InvalidInput
from baton.model.human_task.policy import (
    CompletionStrategy,
    FormRef,
    HumanTaskDefinition,
    Principal,
    Tier,
    Trigger,
    TriggerType,
    UserType,
)


def parse_definition(raw: Any, path: str = "") -> HumanTaskDefinition:
    """`__humanTaskDefinition` → definition; `InvalidInput` listing every wrong field.

    `path` prefixes the field paths (e.g. `inputParameters.__humanTaskDefinition`).
    """
    errors: list[FieldError] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise InvalidInput(
            "Invalid human task definition", errors=[_err(path, "must be an object")]
        )
    if raw.get("assignments") is not None:
        tiers = _tiers(raw["assignments"], _key(path, "assignments"), errors)
    elif raw.get("assignee") is not None:
        candidate = _principal(raw["assignee"], _key(path, "assignee"), errors)
        tiers = (Tier((candidate,)),) if candidate else ()
    else:
        tiers = ()
    definition = HumanTaskDefinition(
        tiers=tiers,
        completion_strategy=_strategy(raw.get("assignmentCompletionStrategy"), path, errors),
        auto_claim=_bool(raw.get("autoClaim"), _key(path, "autoClaim"), errors),
        display_name=_optional_str(raw.get("displayName"), _key(path, "displayName"), errors),
        form=_form(raw.get("userFormTemplate"), _key(path, "userFormTemplate"), errors),
        triggers=_triggers(raw.get("taskTriggers"), _key(path, "taskTriggers"), errors),
    )
    if errors:
        raise InvalidInput("Invalid human task definition", errors=errors)
    return definition


def parse_tiers(raw: Any, path: str = "") -> tuple[Tier, ...]:
    """The reassign body, `[{assignee: {user, userType}, slaMinutes}]`, → tiers."""
    errors: list[FieldError] = []
    tiers = _tiers(raw, path, errors)
    if errors:
        raise InvalidInput("Invalid assignments", errors=errors)
    return tiers


def _tiers(raw: Any, path: str, errors: list[FieldError]) -> tuple[Tier, ...]:
    if not isinstance(raw, list):
        errors.append(_err(path, "must be a list of assignments"))
        return ()
    tiers: list[Tier] = []
    for i, item in enumerate(raw):
        at = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            errors.append(_err(at, "must be an object with assignee and slaMinutes"))
            continue
        candidate = _principal(item.get("assignee"), _key(at, "assignee"), errors)
        sla = _sla(item.get("slaMinutes"), _key(at, "slaMinutes"), errors)
        # Baton's extension: `candidates` offers one tier to several principals at once (a
        # Camunda task's candidate users and groups); `assignee` is then the first of them.
        more = item.get("candidates")
        others: list[Principal] = []
        if more is not None:
            if not isinstance(more, list):
                errors.append(_err(_key(at, "candidates"), "must be a list of {user, userType}"))
            else:
                for j, raw_other in enumerate(more):
                    other = _principal(raw_other, f"{_key(at, 'candidates')}[{j}]", errors)
                    if other is not None:
                        others.append(other)
        if candidate is not None and sla is not None:
            members = dict.fromkeys([candidate, *others])
            tiers.append(Tier(tuple(members), sla))
    return tuple(tiers)


def _principal(raw: Any, path: str, errors: list[FieldError]) -> Principal | None:
    if not isinstance(raw, Mapping):
        errors.append(_err(path, "must be an object with user and userType"))
        return None
    user_type: Any = raw.get("userType")
    user: Any = raw.get("user")
    ok = True
    if not _is_member(UserType, user_type):
        errors.append(_err(_key(path, "userType"), "must be one of: " + _names(UserType)))
        ok = False
    if not isinstance(user, str) or not user.strip():
        errors.append(_err(_key(path, "user"), "must be a non-empty string"))
        ok = False
    return Principal(UserType(user_type), user) if ok else None


def _sla(raw: Any, path: str, errors: list[FieldError]) -> int | None:
    """Minutes; null or missing is 0."""
    if raw is None:
        return 0
    value = _whole_number(raw)
    if value is None:
        errors.append(_err(path, "must be a whole number of minutes"))
        return None
    if value < 0:
        errors.append(_err(path, "must not be negative (0 means the assignment never expires)"))
        return None
    return value


def _whole_number(raw: Any) -> int | None:
    """An int, an integral float or a digit string (Jackson coerces those for Orkes), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().removeprefix("-").isdigit():
        return int(raw.strip())
    return None


def _strategy(raw: Any, path: str, errors: list[FieldError]) -> CompletionStrategy:
    if raw is None:
        return CompletionStrategy.LEAVE_OPEN
    if not _is_member(CompletionStrategy, raw):
        at = _key(path, "assignmentCompletionStrategy")
        errors.append(_err(at, "must be one of: " + _names(CompletionStrategy)))
        return CompletionStrategy.LEAVE_OPEN
    return CompletionStrategy(raw)


def _bool(raw: Any, path: str, errors: list[FieldError]) -> bool:
    if raw is None:
        return False
    if not isinstance(raw, bool):
        errors.append(_err(path, "must be true or false"))
        return False
    return raw


def _optional_str(raw: Any, path: str, errors: list[FieldError]) -> str | None:
    if raw is None or isinstance(raw, str):
        return raw
    errors.append(_err(path, "must be a string"))
    return None


def _form(raw: Any, path: str, errors: list[FieldError]) -> FormRef | None:
    """`{name, version}`; null, `""` or a nameless object mean "no form" (SDK/UI leftovers)."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, Mapping):
        errors.append(_err(path, "must be an object with name and version"))
        return None
    name = raw.get("name")
    if name is None or name == "":
        return None
    if not isinstance(name, str):
        errors.append(_err(_key(path, "name"), "must be a string"))
        return None
    if raw.get("version") is None:
        return FormRef(name)
    version = _whole_number(raw["version"])
    if version is None or version < 0:
        errors.append(_err(_key(path, "version"), "must be a whole number, 0 or more"))
        return None
    return FormRef(name, version)


def _triggers(raw: Any, path: str, errors: list[FieldError]) -> tuple[Trigger, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append(_err(path, "must be a list of triggers"))
        return ()
    triggers: list[Trigger] = []
    for i, item in enumerate(raw):
        at = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            errors.append(_err(at, "must be an object with triggerType and startWorkflowRequest"))
            continue
        trigger_type: Any = item.get("triggerType")
        request: Any = item.get("startWorkflowRequest")
        ok = True
        if not _is_member(TriggerType, trigger_type):
            errors.append(_err(_key(at, "triggerType"), "must be one of: " + _names(TriggerType)))
            ok = False
        if not isinstance(request, Mapping) or not isinstance(request.get("name"), str):
            message = "must be an object naming the workflow to start (name)"
            errors.append(_err(_key(at, "startWorkflowRequest"), message))
            ok = False
        if ok:
            triggers.append(Trigger(TriggerType(trigger_type), dict(request)))
    return tuple(triggers)


_Enum = type[UserType] | type[CompletionStrategy] | type[TriggerType]


def _is_member(enum: _Enum, raw: Any) -> bool:
    return isinstance(raw, str) and raw in enum.__members__


def _names(enum: _Enum) -> str:
    return ", ".join(member.value for member in enum)


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _err(path: str, message: str) -> FieldError:
    return FieldError(path, message)
