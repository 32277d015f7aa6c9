import json
from pathlib import Path

import pytest

from baton.forms import check_camunda_form, form_field_keys, validate_camunda_form
from baton.model.errors import FieldError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "bpmn-corpus" / "forms"
CORPUS_FORMS = sorted(CORPUS.glob("*.form")) if CORPUS.is_dir() else []


def load(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("shared BPMN corpus not present")
    return json.loads(path.read_text(encoding="utf-8"))


def form(*components, form_id="f"):
    return {"type": "default", "id": form_id, "components": list(components), "schemaVersion": 19}


def field(key, kind="textfield", **extra):
    return {"type": kind, "id": f"Field_{key}", "key": key, **extra}


def errors(the_form, values, **kw):
    return {e.path: e.message for e in validate_camunda_form(the_form, values, **kw)}


# the corpus


@pytest.mark.parametrize("path", CORPUS_FORMS, ids=lambda p: p.name)
def test_corpus_forms_pass_the_deploy_check(path):
    assert check_camunda_form(json.loads(path.read_text(encoding="utf-8"))) == []


def test_corpus_keys():
    assert form_field_keys(load("jssdk-test-basic-form.form")) == [
        "firstName",
        "lastName",
        "phoneNumber",
    ]
    assert form_field_keys(load("jssdk-form_1.form")) == [
        "field_19ab8r7",
        "field_0t0ghcb",
        "field_0oqjpgs",
    ]


def test_corpus_required_field():
    demo = load("jssdk-demoForm.form")
    assert errors(demo, {}) == {"field_1dqp4e0": "is required"}
    assert errors(demo, {"field_1dqp4e0": ""}) == {"field_1dqp4e0": "is required"}
    assert errors(demo, {"field_1dqp4e0": "Ada"}) == {}


def test_corpus_field_types():
    typed = load("jssdk-form_1.form")
    assert errors(typed, {"field_19ab8r7": 3, "field_0t0ghcb": "x", "field_0oqjpgs": True}) == {}
    assert errors(typed, {"field_19ab8r7": "three", "field_0oqjpgs": "yes"}) == {
        "field_19ab8r7": "must be a number",
        "field_0oqjpgs": "must be true or false",
    }


# validation rules


def test_required_counts_unchecked_checkboxes_and_empty_lists():
    the_form = form(
        field("agree", "checkbox", validate={"required": True}),
        field("tags", "taglist", validate={"required": True}),
        field("note", validate={"required": True}),
    )
    assert errors(the_form, {"agree": False, "tags": [], "note": None}) == {
        "agree": "is required",
        "tags": "is required",
        "note": "is required",
    }
    assert errors(the_form, {"agree": True, "tags": ["a"], "note": "n"}) == {}


@pytest.mark.parametrize(
    ("rules", "value", "message"),
    [
        ({"min": 5}, 4, "must be at least 5"),
        ({"max": 5}, 6, "must be at most 5"),
        ({"min": 0}, 0, None),
        ({"min": "=limit"}, -100, None),
    ],
)
def test_number_range(rules, value, message):
    result = errors(form(field("n", "number", validate=rules)), {"n": value})
    assert result == ({} if message is None else {"n": message})


def test_number_as_text_is_read_as_a_number():
    the_form = form(field("n", "number", validate={"max": 10}))
    assert errors(the_form, {"n": "12.5"}) == {"n": "must be at most 10"}


def test_number_decimal_digits_and_increment():
    the_form = form(
        field("whole", "number", decimalDigits=0),
        field("cents", "number", decimalDigits=2),
        field("step", "number", increment="0.5"),
        field("neg", "number", increment=5),
    )
    assert errors(the_form, {"whole": 1.5, "cents": 1.234, "step": 1.2, "neg": -7}) == {
        "whole": "must be an integer",
        "cents": "must have at most 2 decimal digits",
        "step": "must be a multiple of 0.5: the nearest valid values are 1.0 and 1.5",
        "neg": "must be a multiple of 5: the nearest valid values are -10 and -5",
    }
    assert errors(the_form, {"whole": 2.0, "cents": 1.23, "step": 1.5, "neg": -10}) == {}


@pytest.mark.parametrize(
    ("rules", "value", "message"),
    [
        ({"minLength": 3}, "  ab  ", "must be at least 3 characters long"),
        ({"maxLength": 3}, "abcd", "must be at most 3 characters long"),
        ({"maxLength": 3}, " abc ", None),
        ({"pattern": "^[0-9]+$"}, "12a", "must match the pattern ^[0-9]+$"),
        ({"pattern": "[0-9]"}, "a1b", None),
        ({"pattern": "^[0-9]+$", "patternErrorMessage": "digits only"}, "x", "digits only"),
        ({"pattern": "^(?<area>[0-9]{3})-"}, "030-", None),
        ({"validationType": "email"}, "ada@example.com", None),
        ({"validationType": "email"}, "ada@", "must be a valid email address"),
        ({"validationType": "phone"}, "+4930664040900", None),
        (
            {"validationType": "phone"},
            "030 664040900",
            "must be a valid international phone number (e.g. +4930664040900)",
        ),
    ],
)
def test_text_rules(rules, value, message):
    result = errors(form(field("t", validate=rules)), {"t": value})
    assert result == ({} if message is None else {"t": message})


def test_text_field_wants_text():
    assert errors(form(field("t")), {"t": 5}) == {"t": "must be text"}


def test_static_options():
    options = [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]
    the_form = form(
        field("one", "select", values=options),
        field("many", "checklist", values=options),
        field("dynamic", "radio", valuesKey="choices"),
    )
    assert errors(the_form, {"one": "c", "many": ["a", "z"], "dynamic": "anything"}) == {
        "one": "must be one of: a, b",
        "many": "must be one of: a, b",
    }
    assert errors(the_form, {"one": "a", "many": ["a", "b"]}) == {}


def test_disabled_and_readonly_fields_are_not_checked():
    the_form = form(
        field("off", disabled=True, validate={"required": True}),
        field("ro", readonly=True, validate={"required": True}),
        field("ro_feel", readonly="=locked", validate={"required": True}),
    )
    assert errors(the_form, {}) == {}


def test_conditionally_hidden_fields():
    the_form = form(field("why", validate={"required": True}, conditional={"hide": "=approved"}))
    assert errors(the_form, {}) == {}  # the form may have hidden it
    assert errors(
        the_form, {"approved": False}, is_hidden=lambda expr, data: bool(data.get(expr))
    ) == {"why": "is required"}
    assert (
        errors(the_form, {"approved": True}, is_hidden=lambda expr, data: bool(data.get(expr)))
        == {}
    )


def test_groups_with_and_without_path():
    the_form = form(
        {
            "type": "group",
            "id": "g1",
            "path": "address",
            "components": [field("city", validate={"required": True})],
        },
        {"type": "group", "id": "g2", "components": [field("zip", validate={"required": True})]},
        field("geo.lat", "number", validate={"min": -90}),
    )
    assert form_field_keys(the_form) == ["address.city", "zip", "geo.lat"]
    assert errors(the_form, {"address": {}, "geo": {"lat": -91}}) == {
        "address.city": "is required",
        "zip": "is required",
        "geo.lat": "must be at least -90",
    }
    assert errors(the_form, {"address": {"city": "Oslo"}, "zip": "0150"}) == {}


def test_dynamic_lists():
    the_form = form(
        {
            "type": "dynamiclist",
            "id": "list",
            "path": "items",
            "components": [
                field("name", validate={"required": True}),
                field("qty", "number", validate={"min": 1}),
            ],
        }
    )
    assert form_field_keys(the_form) == ["items"]
    assert errors(the_form, {"items": [{"name": "a", "qty": 1}, {"qty": 0}, "junk"]}) == {
        "items[1].name": "is required",
        "items[1].qty": "must be at least 1",
        "items[2]": "must be an object",
    }
    assert errors(the_form, {"items": "nope"}) == {"items": "must be a list"}
    assert errors(the_form, {}) == {}


def test_presentation_components_bind_nothing():
    the_form = form(
        {"type": "text", "id": "t", "text": "# Hi"},
        {"type": "button", "id": "b", "key": "submit", "action": "submit"},
        field("x"),
    )
    assert form_field_keys(the_form) == ["x"]
    assert check_camunda_form(the_form) == []


# deploy-time check


def test_check_wants_an_object_with_components_and_id():
    assert check_camunda_form([]) == [FieldError("", "must be a form-js JSON object")]
    assert [e.path for e in check_camunda_form({"components": {}})] == ["id", "components"]


def test_check_reports_component_problems_with_paths():
    the_form = form(
        {"id": "a", "type": "textfield"},
        {
            "id": "a",
            "type": "number",
            "key": "n",
            "validate": {"min": "five", "minLength": -1, "pattern": "(["},
        },
        {"type": "checkbox", "key": "has space"},
        {"type": "radio", "key": "r", "values": [{"label": "no value"}]},
        {"type": "dynamiclist", "components": []},
        {"type": "group", "components": [{"type": "textfield", "key": "n"}]},
        {"type": "select", "key": "s", "validate": {"validationType": "zip", "required": "yes"}},
        "junk",
        {"key": "untyped"},
    )
    found = {e.path: e.message for e in check_camunda_form(the_form)}
    assert found.pop("components[1].validate.pattern").startswith(
        "is not a valid regular expression"
    )
    assert found == {
        "components[0].key": "is required for a textfield field",
        "components[1].id": "is already the id of components[0]",
        "components[1].validate.min": "must be a number or a FEEL expression (=...)",
        "components[1].validate.minLength": "must be a whole number, 0 or more, or =expression",
        "components[2].key": "must be a dot-separated path of names, without spaces",
        "components[3].values[0]": "must be an object with a label and a value",
        "components[4].path": "is required for a dynamic list (it names the list)",
        "components[5].components[0].key": "binds n, as components[1].key already does",
        "components[6].validate.validationType": "must be one of: email, phone",
        "components[6].validate.required": "must be true or false",
        "components[7]": "must be an object",
        "components[8].type": "must name the component type",
    }


def test_check_allows_same_keys_in_different_list_items_and_custom_components():
    the_form = form(
        field("name"),
        {"type": "dynamiclist", "path": "people", "components": [field("name", id="other")]},
        {"type": "my-custom-widget", "key": "whatever"},
    )
    assert check_camunda_form(the_form) == []
