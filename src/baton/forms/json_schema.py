"""Orkes user-form templates: their `jsonSchema` (draft-07) checked, and task output validated.

The `jsonschema` library does the validating; this module turns its errors into `FieldError`s
with a field path (`items[2].name`) and a short human message ("is required", "must be one of:
a, b"). Formats are checked (as the JSON Forms UI's ajv does). Only references inside the schema
(`#/definitions/...`) are allowed: nothing is ever fetched. `pattern`, `patternProperties` and
the `regex` format run on the linear-time engine (`baton.expr.safe_regex`, ECMA-262 syntax):
a pattern it cannot run is refused when the template is registered.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any, cast

import jsonschema
import referencing.exceptions
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator
from jsonschema.validators import extend, validator_for

from baton.expr import safe_regex
from baton.forms.paths import format_path
from baton.model.errors import FieldError

_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}
_FORMAT_NAMES = {
    "email": "email address",
    "regex": "regular expression",
    "date-time": "date and time",
    "uri": "URI",
    "ipv4": "IPv4 address",
    "ipv6": "IPv6 address",
}
_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples"})


def check_schema(schema: Any) -> list[FieldError]:
    """What is wrong with a form template's `jsonSchema` (empty when it is usable).

    Paths point into the schema (`properties.amount.type`).
    """
    if not isinstance(schema, Mapping):
        return [FieldError("", "must be a JSON Schema object")]
    cls = _validator_class(schema)
    errors = _field_errors(_meta_validator(cls).iter_errors(schema))
    if not errors:
        errors = list(_reference_errors(schema, schema, []))
    if not errors:
        errors = list(_pattern_errors(schema, []))
        if _uses(schema, "patternProperties"):
            message = "cannot be combined with patternProperties"
            errors += [
                FieldError(format_path(at), message)
                for at in _uses(schema, "unevaluatedProperties")
            ]
    return errors


def validate_json_schema(schema: Mapping[str, Any], output: Mapping[str, Any]) -> list[FieldError]:
    """The fields of `output` that do not satisfy `schema` (empty when it is valid).

    The schema is assumed checked (`check_schema`) when its template was registered; a schema
    that is not is reported as one error at path "" rather than raised.
    """
    document = dict(schema)
    cls = _validator_class(document)
    invalid = best_match(_meta_validator(cls).iter_errors(document))
    if invalid is not None:
        return [FieldError("", f"the form's schema is invalid: {invalid.message}")]
    validator = _safe_class(cls)(document, format_checker=_format_checker(cls))
    try:
        return _field_errors(validator.iter_errors(output))
    except safe_regex.RegexError as exc:
        return [FieldError("", f"the form's schema cannot be used: {exc}")]
    except referencing.exceptions.Unresolvable as exc:
        return [FieldError("", f"the form's schema has a reference that cannot be resolved: {exc}")]


def _validator_class(schema: Mapping[str, Any]) -> type[Validator]:
    """The draft named by `$schema`, draft-07 when absent or unknown (Orkes' draft)."""
    cls: type[Validator] = validator_for(schema, default=jsonschema.Draft7Validator)
    return cls


@cache
def _format_checker(cls: type[Validator]) -> jsonschema.FormatChecker:
    """The draft's format checker with `regex` read by the safe engine (ECMA-262 syntax)."""
    checker = jsonschema.FormatChecker()
    checker.checkers = dict(cls.FORMAT_CHECKER.checkers)

    def is_regex(instance: object) -> bool:
        if isinstance(instance, str):
            safe_regex.compile(instance, "ecma")
        return True

    checker.checks("regex", raises=safe_regex.RegexError)(is_regex)
    return checker


def _meta_validator(cls: type[Validator]) -> Validator:
    return cls(cls.META_SCHEMA, format_checker=_format_checker(cls))


@cache
def _safe_class(cls: type[Validator]) -> type[Validator]:
    """`cls` with every keyword that runs a schema's regex on the safe engine.

    (`unevaluatedProperties` also runs `patternProperties`; `check_schema` refuses the two
    together, so it never meets a pattern.)
    """
    keywords = {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    }
    return cast("type[Validator]", extend(cls, keywords))  # type: ignore[no-untyped-call]


def _ecma(pattern: str) -> safe_regex.Regex:
    return safe_regex.compile(pattern, "ecma")


def _pattern(
    validator: Validator, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and _ecma(pattern).search(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        regex = _ecma(pattern)
        for name, value in instance.items():
            if regex.search(name) is not None:
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(
    validator: Any, allowed: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    extras = _extra_properties(schema, instance)
    if validator.is_type(allowed, "object"):
        for name in extras:
            yield from validator.descend(instance[name], allowed, path=name)
    elif not allowed and extras:
        yield ValidationError(f"additional properties are not allowed: {', '.join(extras)}")


def _field_errors(errors: Iterable[ValidationError]) -> list[FieldError]:
    found: dict[FieldError, None] = {}
    for error in errors:
        for field_error in _explain(error):
            found.setdefault(field_error)
    return list(found)


def _explain(error: ValidationError) -> Iterator[FieldError]:
    """One jsonschema error as field errors; `required` and `additionalProperties` name each key."""
    path = list(error.absolute_path)
    keyword = error.validator
    value: Any = error.validator_value
    schema: Any = error.schema
    if keyword == "required" and isinstance(error.instance, Mapping):
        for name in value:
            if name not in error.instance:
                yield FieldError(format_path([*path, name]), "is required")
        return
    if keyword == "additionalProperties" and isinstance(error.instance, Mapping):
        extras = _extra_properties(schema, error.instance)
        for name in extras:
            yield FieldError(format_path([*path, name]), "is not allowed")
        if extras:
            return
    if keyword in ("anyOf", "oneOf") and error.context:
        explained = _explain_alternatives(error)
        if explained is not None:
            yield explained
            return
    yield FieldError(format_path(path), _message(error))


def _explain_alternatives(error: ValidationError) -> FieldError | None:
    """`anyOf`/`oneOf`: "must be a string or null" when only types differ, else the best guess."""
    context = error.context or []
    if all(e.validator == "type" and e.absolute_path == error.absolute_path for e in context):
        types: list[str] = []
        for sub in context:
            value: Any = sub.validator_value
            types += value if isinstance(value, list) else [value]
        return FieldError(format_path(error.absolute_path), _must_be_types(types))
    if error.validator == "oneOf":
        return None
    best = best_match(context)
    return None if best is None else next(_explain(best), None)


def _message(error: ValidationError) -> str:
    keyword = error.validator
    value: Any = error.validator_value
    match keyword:
        case "type":
            return _must_be_types(value if isinstance(value, list) else [value])
        case "enum":
            return "must be one of: " + ", ".join(_show(v) for v in value)
        case "const":
            return f"must be {_show(value)}"
        case "minimum":
            return f"must be at least {_show(value)}"
        case "maximum":
            return f"must be at most {_show(value)}"
        case "exclusiveMinimum":
            return f"must be greater than {_show(value)}"
        case "exclusiveMaximum":
            return f"must be less than {_show(value)}"
        case "multipleOf":
            return f"must be a multiple of {_show(value)}"
        case "minLength":
            return f"must be at least {value} characters long"
        case "maxLength":
            return f"must be at most {value} characters long"
        case "pattern":
            return f"must match the pattern {value}"
        case "format":
            if isinstance(error.cause, safe_regex.RegexError):
                return error.cause.field_message()
            return f"must be a valid {_FORMAT_NAMES.get(value, value)}"
        case "minItems":
            return f"must have at least {value} items"
        case "maxItems":
            return f"must have at most {value} items"
        case "uniqueItems":
            return "must not contain duplicate items"
        case "minProperties":
            return f"must have at least {value} fields"
        case "maxProperties":
            return f"must have at most {value} fields"
        case "anyOf":
            return "does not match any of the allowed alternatives"
        case "oneOf":
            return "must match exactly one of the allowed alternatives"
        case "not":
            return "is not allowed"
    return error.message


def _must_be_types(types: list[str]) -> str:
    names = list(dict.fromkeys(_TYPE_NAMES.get(t, t) for t in types))
    return "must be " + " or ".join(names)


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _extra_properties(schema: Mapping[str, Any], instance: Mapping[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    patterns = [_ecma(p) for p in schema.get("patternProperties", {})]
    return [
        name
        for name in instance
        if name not in properties and not any(p.search(name) for p in patterns)
    ]


def _pattern_errors(node: Any, at: list[str | int]) -> Iterator[FieldError]:
    """`pattern`s and `patternProperties` names the safe engine cannot run (any draft)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _pattern_errors(item, [*at, i])
        return
    if not isinstance(node, Mapping):
        return
    found = [(["pattern"], node.get("pattern"))]
    names = node.get("patternProperties")
    if isinstance(names, Mapping):
        found += [(["patternProperties", name], name) for name in names]
    for where, pattern in found:
        problem = safe_regex.check(pattern, "ecma") if isinstance(pattern, str) else None
        if problem is not None:
            yield FieldError(format_path([*at, *where]), problem)
    for key, child in node.items():
        if key not in _DATA_KEYWORDS:
            yield from _pattern_errors(child, [*at, key])


def _uses(node: Any, keyword: str, at: list[str | int] | None = None) -> list[list[str | int]]:
    """Where in a schema `keyword` is used (outside data such as `enum` values)."""
    at = at or []
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in _uses(item, keyword, [*at, i])]
    if not isinstance(node, Mapping):
        return []
    found: list[list[str | int]] = [[*at, keyword]] if keyword in node else []
    for key, child in node.items():
        if key not in _DATA_KEYWORDS:
            found += _uses(child, keyword, [*at, key])
    return found


def _reference_errors(
    node: Any, root: Mapping[str, Any], at: list[str | int]
) -> Iterator[FieldError]:
    """`$ref`s that point outside the schema or at nothing in it."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _reference_errors(item, root, [*at, i])
        return
    if not isinstance(node, Mapping):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if not ref.startswith("#"):
            message = "must point inside the schema (#/...): other documents are never fetched"
            yield FieldError(format_path([*at, "$ref"]), message)
        elif not _resolves(root, ref[1:]):
            yield FieldError(format_path([*at, "$ref"]), f"points at nothing in the schema: {ref}")
    for key, child in node.items():
        if key not in _DATA_KEYWORDS:
            yield from _reference_errors(child, root, [*at, key])


def _resolves(root: Mapping[str, Any], pointer: str) -> bool:
    """Whether JSON pointer `pointer` (after `#`) names something in `root`."""
    if pointer == "":
        return True
    if not pointer.startswith("/"):
        return True  # a plain-name fragment (`#foo`, an anchor): left to the validator
    node: Any = root
    for raw in pointer[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True
