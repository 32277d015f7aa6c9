"""Camunda forms (form-js JSON): the structure check at deploy time, and the keys a form binds.

A form is `{"type": "default", "id": ..., "components": [...], "schemaVersion": n, ...}`.
Input components bind their `key` (a dot path, `address.city`) to a process variable. A `group`
with a `path` puts its children's keys under that path; a `dynamiclist` (whose `path` is
required) repeats its children once per item of the list at its path. Presentation components
(text, buttons, ...) bind nothing. Unknown component types are accepted (custom components).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from baton.expr import safe_regex
from baton.forms.paths import join
from baton.model.errors import FieldError

INPUT_TYPES = frozenset(
    {
        "textfield",
        "textarea",
        "number",
        "checkbox",
        "checklist",
        "radio",
        "select",
        "taglist",
        "datetime",
        "filepicker",
        "expression",
    }
)
GROUP = "group"
DYNAMIC_LIST = "dynamiclist"
VALIDATION_TYPES = frozenset({"email", "phone", ""})

_KEY = re.compile(r"[^.\s]+(?:\.[^.\s]+)*\Z")


def components_of(container: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The component objects of a form, group or dynamic list (ignoring malformed entries)."""
    components = container.get("components")
    if not isinstance(components, list):
        return []
    return [c for c in components if isinstance(c, Mapping)]


def child_prefix(component: Mapping[str, Any], prefix: str) -> str:
    """Where a container's children bind: under its `path`, if it has one."""
    path = component.get("path")
    return join(prefix, path) if isinstance(path, str) and path else prefix


def form_field_keys(form: Mapping[str, Any]) -> list[str]:
    """The variable paths a form binds, in form order.

    Keyed input fields give their full path (`address.city` for key `city` in a group with path
    `address`); a dynamic list gives its own path once (its items are the variable).
    """
    return list(dict.fromkeys(_keys(form, "")))


def _keys(container: Mapping[str, Any], prefix: str) -> Iterator[str]:
    for component in components_of(container):
        kind = component.get("type")
        if kind == DYNAMIC_LIST:
            path = component.get("path")
            if isinstance(path, str) and path:
                yield join(prefix, path)
        elif kind == GROUP:
            yield from _keys(component, child_prefix(component, prefix))
        elif kind in INPUT_TYPES and isinstance(component.get("key"), str) and component["key"]:
            yield join(prefix, component["key"])


def check_camunda_form(form: Any) -> list[FieldError]:
    """What is wrong with a form-js schema (empty when it can be deployed).

    Paths point into the form (`components[2].validate.pattern`). Checked: the `components`
    list and the form `id` (linked forms are found by it), each component's `type`, unique
    component ids, a key on every input field, no two fields binding the same variable, a
    `path` on dynamic lists, and the `validate` and static `values` settings.
    """
    if not isinstance(form, Mapping):
        return [FieldError("", "must be a form-js JSON object")]
    errors: list[FieldError] = []
    form_id = form.get("id")
    if not isinstance(form_id, str) or not form_id.strip():
        errors.append(FieldError("id", "must be a non-empty string (linked forms are found by it)"))
    if not isinstance(form.get("components"), list):
        errors.append(FieldError("components", "must be a list of components"))
        return errors
    _Checker(errors).container(form, "", "")
    return errors


class _Checker:
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        self.ids: dict[str, str] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def container(
        self,
        container: Mapping[str, Any],
        at: str,
        prefix: str,
        bound: dict[str, str] | None = None,
    ) -> None:
        """Check the children of a form, group or list; `prefix` is where their keys bind.

        `bound` (variable path → component) is shared across groups, which bind into the same
        data, and fresh for each dynamic list, whose items are data of their own.
        """
        bound = {} if bound is None else bound
        components = container.get("components")
        if not isinstance(components, list):
            self.error(join(at, "components"), "must be a list of components")
            return
        for i, component in enumerate(components):
            self.component(component, f"{join(at, 'components')}[{i}]", prefix, bound)

    def component(self, component: Any, at: str, prefix: str, bound: dict[str, str]) -> None:
        if not isinstance(component, Mapping):
            self.error(at, "must be an object")
            return
        kind = component.get("type")
        if not isinstance(kind, str) or not kind:
            self.error(join(at, "type"), "must name the component type")
            return
        self.component_id(component, at)
        if kind in (GROUP, DYNAMIC_LIST):
            self.container_component(component, kind, at, prefix, bound)
        elif kind in INPUT_TYPES:
            self.input_field(component, kind, at, prefix, bound)
        if "validate" in component:
            self.validate(component["validate"], join(at, "validate"))
        if "values" in component:
            self.values(component["values"], join(at, "values"))

    def component_id(self, component: Mapping[str, Any], at: str) -> None:
        if "id" not in component:
            return
        component_id = component["id"]
        if not isinstance(component_id, str) or not component_id:
            self.error(join(at, "id"), "must be a non-empty string")
        elif component_id in self.ids:
            self.error(join(at, "id"), f"is already the id of {self.ids[component_id]}")
        else:
            self.ids[component_id] = at

    def container_component(
        self,
        component: Mapping[str, Any],
        kind: str,
        at: str,
        prefix: str,
        bound: dict[str, str],
    ) -> None:
        path = component.get("path")
        if kind == DYNAMIC_LIST and (not isinstance(path, str) or not path):
            self.error(join(at, "path"), "is required for a dynamic list (it names the list)")
            return
        if path is not None and (not isinstance(path, str) or (path and not _KEY.match(path))):
            self.error(join(at, "path"), "must be a dot-separated path of names")
            return
        if kind == DYNAMIC_LIST:
            self.bind(join(prefix, str(path)), join(at, "path"), bound)
            self.container(component, at, "")
        else:
            self.container(component, at, child_prefix(component, prefix), bound)

    def input_field(
        self,
        component: Mapping[str, Any],
        kind: str,
        at: str,
        prefix: str,
        bound: dict[str, str],
    ) -> None:
        key = component.get("key")
        if not isinstance(key, str) or not key:
            self.error(join(at, "key"), f"is required for a {kind} field")
        elif not _KEY.match(key):
            self.error(join(at, "key"), "must be a dot-separated path of names, without spaces")
        else:
            self.bind(join(prefix, key), join(at, "key"), bound)

    def bind(self, path: str, at: str, bound: dict[str, str]) -> None:
        """Record that the setting at `at` binds variable `path`; refuse a second binding."""
        if path in bound:
            self.error(at, f"binds {path}, as {bound[path]} already does")
        else:
            bound[path] = at

    def validate(self, validate: Any, at: str) -> None:
        if not isinstance(validate, Mapping):
            self.error(at, "must be an object")
            return
        if "required" in validate and not isinstance(validate["required"], bool):
            self.error(join(at, "required"), "must be true or false")
        for name in ("min", "max"):
            if name in validate and not _number_or_feel(validate[name]):
                self.error(join(at, name), "must be a number or a FEEL expression (=...)")
        for name in ("minLength", "maxLength"):
            if name in validate and not _count_or_feel(validate[name]):
                self.error(join(at, name), "must be a whole number, 0 or more, or =expression")
        pattern = validate.get("pattern")
        if pattern is not None and pattern != "":
            self.pattern(pattern, join(at, "pattern"))
        kind = validate.get("validationType")
        if kind is not None and kind not in VALIDATION_TYPES:
            self.error(join(at, "validationType"), "must be one of: email, phone")

    def pattern(self, pattern: Any, at: str) -> None:
        if not isinstance(pattern, str):
            self.error(at, "must be a regular expression")
            return
        problem = safe_regex.check(pattern, "ecma")
        if problem is not None:
            self.error(at, problem)

    def values(self, values: Any, at: str) -> None:
        if not isinstance(values, list):
            self.error(at, "must be a list of {label, value} options")
            return
        for i, option in enumerate(values):
            if not isinstance(option, Mapping) or "value" not in option:
                self.error(f"{at}[{i}]", "must be an object with a label and a value")


def _number_or_feel(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or _is_feel(value)


def _count_or_feel(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return (isinstance(value, int) and value >= 0) or _is_feel(value)


def _is_feel(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")
