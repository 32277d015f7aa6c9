"""Validate submitted values against a Camunda form, as form-js' `Validator` does in the browser.

Per input field: `validate.required` (unset, `""`, an empty list or an unchecked checkbox),
`min`/`max` (numbers), `minLength`/`maxLength` (text, trimmed as form-js does), `pattern`
(JavaScript semantics: found anywhere unless anchored; `patternErrorMessage` if given),
`validationType` email and phone, and for number fields a number value, `decimalDigits` and
`increment`. Server-side additions: a checkbox value must be a boolean, checklist/taglist values
lists, text fields text, and radio/select/checklist/taglist values must be among static `values`.

Skipped like form-js: disabled and read-only fields. FEEL settings (`min: "=limit"`) are not
evaluated here and so not checked. Fields with a `conditional.hide` expression are checked only
when `is_hidden` is given (the service evaluates the FEEL); without it they are skipped, since
the form may have hidden them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from baton.expr import safe_regex
from baton.forms.camunda_form import DYNAMIC_LIST, GROUP, INPUT_TYPES, child_prefix, components_of
from baton.forms.paths import join
from baton.forms.patterns import EMAIL, PHONE
from baton.model.errors import FieldError

HideCheck = Callable[[str, Mapping[str, Any]], bool]
"""`(expression, data) -> hidden?` for a component's `conditional.hide` FEEL expression."""

_MISSING = object()
_LISTS = ("checklist", "taglist")
_CHOICES = ("radio", "select", *_LISTS)


def validate_camunda_form(
    form: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    is_hidden: HideCheck | None = None,
) -> list[FieldError]:
    """The fields of `values` that the form refuses, at their variable paths (`items[2].name`).

    `values` should be what the form would submit: the task's variables with the submitted
    ones merged over them, so a required field filled in earlier is not reported.
    """
    errors: list[FieldError] = []
    _Walker(values, is_hidden, errors).container(form, values, "", "")
    return errors


class _Walker:
    def __init__(
        self, root: Mapping[str, Any], is_hidden: HideCheck | None, errors: list[FieldError]
    ) -> None:
        self.root = root
        self.is_hidden = is_hidden
        self.errors = errors

    def container(
        self, container: Mapping[str, Any], data: Mapping[str, Any], key_prefix: str, at: str
    ) -> None:
        """Check the fields of a form, group or list item.

        `data` is what keys are read from (the root, or one list item); `key_prefix` places keys
        within `data` (a group's path); `at` is the path reported for `data` itself.
        """
        for component in components_of(container):
            if self.skipped(component, data):
                continue
            kind = component.get("type")
            if kind == GROUP:
                self.container(component, data, child_prefix(component, key_prefix), at)
            elif kind == DYNAMIC_LIST:
                self.dynamic_list(component, data, key_prefix, at)
            elif kind in INPUT_TYPES and isinstance(component.get("key"), str):
                key = join(key_prefix, component["key"])
                value = _get(data, key)
                self.errors += (
                    FieldError(join(at, key), m) for m in _field_messages(component, value)
                )

    def dynamic_list(
        self, component: Mapping[str, Any], data: Mapping[str, Any], key_prefix: str, at: str
    ) -> None:
        path = component.get("path")
        if not isinstance(path, str) or not path:
            return
        key = join(key_prefix, path)
        items = _get(data, key)
        if items is _MISSING or items is None:
            return
        if not isinstance(items, list):
            self.errors.append(FieldError(join(at, key), "must be a list"))
            return
        for i, item in enumerate(items):
            item_at = f"{join(at, key)}[{i}]"
            if not isinstance(item, Mapping):
                self.errors.append(FieldError(item_at, "must be an object"))
            else:
                self.container(component, item, "", item_at)

    def skipped(self, component: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
        if component.get("disabled") is True or component.get("readonly") not in (None, False):
            return True
        conditional = component.get("conditional")
        hide = conditional.get("hide") if isinstance(conditional, Mapping) else None
        if not isinstance(hide, str) or not hide.strip():
            return False
        if self.is_hidden is None:
            return True
        scope = {**self.root, **data} if data is not self.root else self.root
        return self.is_hidden(hide.removeprefix("="), scope)


def _field_messages(component: Mapping[str, Any], value: Any) -> list[str]:
    kind = component.get("type")
    raw_rules = component.get("validate")
    rules: Mapping[str, Any] = raw_rules if isinstance(raw_rules, Mapping) else {}
    if _unset(kind, value):
        return ["is required"] if rules.get("required") is True else []
    if value is None or value == "":
        return []
    type_error = _type_message(kind, value)
    if type_error:
        return [type_error]
    messages: list[str] = []
    if kind == "number":
        messages += _number_messages(component, value)
    messages += _range_messages(rules, value, numeric_text=kind == "number")
    if isinstance(value, str):
        messages += _text_messages(rules, value)
    if kind in _CHOICES:
        messages += _choice_messages(component, value)
    return messages


def _unset(kind: Any, value: Any) -> bool:
    return (
        value is _MISSING
        or value is None
        or value == ""
        or (isinstance(value, list) and not value)
        or (kind == "checkbox" and value is False)
    )


def _type_message(kind: Any, value: Any) -> str | None:
    if kind == "number" and _decimal(value) is None:
        return "must be a number"
    if kind == "checkbox" and not isinstance(value, bool):
        return "must be true or false"
    if kind in _LISTS and not isinstance(value, list):
        return "must be a list"
    if kind in ("textfield", "textarea") and not isinstance(value, str):
        return "must be text"
    return None


def _number_messages(component: Mapping[str, Any], value: Any) -> list[str]:
    number = _decimal(value)
    assert number is not None
    messages: list[str] = []
    digits = component.get("decimalDigits")
    if isinstance(digits, int) and not isinstance(digits, bool) and digits >= 0:
        exponent = number.normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if decimals > digits:
            plural = "s" if digits > 1 else ""
            messages.append(
                "must be an integer"
                if digits == 0
                else f"must have at most {digits} decimal digit{plural}"
            )
    increment = _decimal(component.get("increment"))
    if increment is not None and increment > 0:
        offset = number % increment
        if offset != 0:
            below = number - offset if number >= 0 else number - offset - increment
            messages.append(
                f"must be a multiple of {increment}: the nearest valid values are "
                f"{below} and {below + increment}"
            )
    return messages


def _range_messages(rules: Mapping[str, Any], value: Any, *, numeric_text: bool) -> list[str]:
    """`min`/`max` for numbers (and numeric text in number fields); FEEL bounds are skipped."""
    number = _decimal(value) if numeric_text or not isinstance(value, str) else None
    if number is None:
        return []
    messages: list[str] = []
    low, high = _decimal(rules.get("min")), _decimal(rules.get("max"))
    if low is not None and number < low:
        messages.append(f"must be at least {rules['min']}")
    if high is not None and number > high:
        messages.append(f"must be at most {rules['max']}")
    return messages


def _text_messages(rules: Mapping[str, Any], value: str) -> list[str]:
    messages: list[str] = []
    length = len(value.strip())
    low, high = _count(rules.get("minLength")), _count(rules.get("maxLength"))
    if low is not None and length < low:
        messages.append(f"must be at least {low} characters long")
    if high is not None and length > high:
        messages.append(f"must be at most {high} characters long")
    pattern = rules.get("pattern")
    if isinstance(pattern, str) and pattern and not _matches(pattern, value):
        custom = rules.get("patternErrorMessage")
        messages.append(
            custom if isinstance(custom, str) and custom else f"must match the pattern {pattern}"
        )
    kind = rules.get("validationType")
    if kind == "email" and not EMAIL.fullmatch(value):
        messages.append("must be a valid email address")
    if kind == "phone" and not PHONE.fullmatch(value):
        messages.append("must be a valid international phone number (e.g. +4930664040900)")
    return messages


def _choice_messages(component: Mapping[str, Any], value: Any) -> list[str]:
    """Static options only: `valuesKey` / `valuesExpression` options are not known here."""
    options = component.get("values")
    if not isinstance(options, list) or "valuesKey" in component or "valuesExpression" in component:
        return []
    allowed = [o["value"] for o in options if isinstance(o, Mapping) and "value" in o]
    chosen = value if isinstance(value, list) else [value]
    if all(v in allowed for v in chosen):
        return []
    return ["must be one of: " + ", ".join(str(a) for a in allowed)]


def _matches(pattern: str, value: str) -> bool:
    try:
        return safe_regex.compile(pattern, "ecma").search(value) is not None
    except (
        safe_regex.RegexError
    ):  # an unreadable pattern is the form's fault, reported at deploy time
        return True


def _get(data: Mapping[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _decimal(value: Any) -> Decimal | None:
    """A number (or numeric text, as form-js may submit large numbers) as a Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _count(value: Any) -> int | None:
    """A literal count (not a FEEL expression), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None
