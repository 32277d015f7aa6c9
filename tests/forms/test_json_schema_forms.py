import pytest

from baton.forms import check_schema, validate_json_schema
from baton.model.errors import FieldError

# The seed 000 form template's schema, plus the usual constraints of an approval form.
SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema",
    "type": "object",
    "required": ["amount", "decision"],
    "properties": {
        "enterAssets": {"type": "string"},
        "Confirm": {"type": "boolean"},
        "amount": {"type": "number", "minimum": 0, "exclusiveMaximum": 1000},
        "decision": {"enum": ["approve", "reject"]},
        "comment": {"type": ["string", "null"], "maxLength": 5},
        "email": {"type": "string", "format": "email"},
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            },
        },
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "count": {"type": "integer"},
        "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "ref": {"$ref": "#/definitions/positive"},
    },
    "definitions": {"positive": {"type": "number", "exclusiveMinimum": 0}},
}


def messages(output, schema=SCHEMA):
    return {e.path: e.message for e in validate_json_schema(schema, output)}


def test_valid_output_has_no_errors():
    output = {
        "amount": 10,
        "decision": "approve",
        "comment": None,
        "items": [{"name": "a"}],
        "ref": 1,
    }
    assert validate_json_schema(SCHEMA, output) == []


def test_seed_schema_accepts_the_seed_output():
    seed = {k: SCHEMA[k] for k in ("$schema",)} | {
        "properties": {k: SCHEMA["properties"][k] for k in ("enterAssets", "Confirm")}
    }
    assert check_schema(seed) == []
    assert validate_json_schema(seed, {"Confirm": False, "enterAssets": ""}) == []


def test_missing_required_fields_are_named():
    assert messages({}) == {"amount": "is required", "decision": "is required"}


@pytest.mark.parametrize(
    ("output", "path", "message"),
    [
        ({"amount": "10"}, "amount", "must be a number"),
        ({"amount": -1}, "amount", "must be at least 0"),
        ({"amount": 1000}, "amount", "must be less than 1000"),
        ({"decision": "maybe"}, "decision", "must be one of: approve, reject"),
        ({"comment": 3}, "comment", "must be a string or null"),
        ({"comment": "toolong"}, "comment", "must be at most 5 characters long"),
        ({"email": "nope"}, "email", "must be a valid email address"),
        ({"items": []}, "items", "must have at least 1 items"),
        ({"items": [{"name": "a"}, {"name": "b"}, {}]}, "items[2].name", "is required"),
        ({"items": [{"name": 5}]}, "items[0].name", "must be a string"),
        ({"code": "abc"}, "code", "must match the pattern ^[A-Z]{3}$"),
        ({"count": 1.5}, "count", "must be an integer"),
        ({"either": True}, "either", "must be a string or an integer"),
        ({"ref": 0}, "ref", "must be greater than 0"),
        ({"Confirm": "yes"}, "Confirm", "must be true or false"),
    ],
)
def test_field_messages(output, path, message):
    assert messages({"amount": 1, "decision": "approve", **output})[path] == message
    assert len(messages({"amount": 1, "decision": "approve", **output})) == 1


def test_additional_properties_are_named():
    schema = {"type": "object", "properties": {"a": {}}, "additionalProperties": False}
    assert validate_json_schema(schema, {"a": 1, "b": 2, "odd key": 3}) == [
        FieldError("b", "is not allowed"),
        FieldError('["odd key"]', "is not allowed"),
    ]


def test_nested_object_paths():
    schema = {"properties": {"address": {"properties": {"city": {"type": "string"}}}}}
    assert messages({"address": {"city": 1}}, schema) == {"address.city": "must be a string"}


def test_check_schema_reports_each_problem_with_its_path():
    schema = {
        "type": "object",
        "properties": {"a": {"type": "strin"}, "b": {"pattern": "(["}},
        "required": "a",
    }
    errors = {e.path: e.message for e in check_schema(schema)}
    assert errors["properties.a.type"].startswith("must be one of: array, boolean")
    assert errors["properties.b.pattern"].startswith("is not a valid regular expression: `([`")
    assert errors["required"] == "must be a list"


@pytest.mark.parametrize("schema", [[], "schema", None])
def test_check_schema_wants_an_object(schema):
    assert check_schema(schema) == [FieldError("", "must be a JSON Schema object")]


def test_references_must_stay_inside_the_schema():
    schema = {
        "properties": {
            "a": {"$ref": "https://example.com/other.json"},
            "b": {"$ref": "#/definitions/missing"},
            "c": {"$ref": "#/definitions/ok"},
            "d": {"enum": [{"$ref": "data, not a reference"}]},
        },
        "definitions": {"ok": {"type": "string"}},
    }
    errors = check_schema(schema)
    assert [e.path for e in errors] == ["properties.a.$ref", "properties.b.$ref"]
    assert "never fetched" in errors[0].message


def test_unresolvable_reference_at_validation_is_an_error_not_a_crash():
    schema = {"properties": {"a": {"$ref": "https://example.com/other.json"}}}
    [error] = validate_json_schema(schema, {"a": 1})
    assert error.path == "" and "cannot be resolved" in error.message


def test_invalid_schema_at_validation_is_an_error_not_a_crash():
    [error] = validate_json_schema({"type": 5}, {})
    assert error.path == "" and "invalid" in error.message


def test_other_drafts_are_honoured():
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "prefixItems": [{"type": "string"}],
    }
    assert check_schema(schema) == []
    assert messages([1], schema) == {"[0]": "must be a string"}
