import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.expr.conductor import (
    ParamSyntaxError,
    ParamValueError,
    compile_template,
    iter_paths,
    parse_string,
    resolve,
)
from baton.expr.conductor.params import Interpolation, Path


class Scope:
    def __init__(self, workflow=None, tasks=None, task_id="t-1"):
        self.workflow = workflow or {}
        self.tasks = tasks or {}
        self.task_id = task_id
        self.reads = 0

    def workflow_field(self, name):
        self.reads += 1
        return self.workflow.get(name)

    def workflow_all(self):
        return dict(self.workflow)

    def task_field(self, ref, name):
        task = self.tasks.get(ref)
        return None if task is None else task.get(name)

    def task_all(self, ref):
        return self.tasks.get(ref)

    def current_task_id(self):
        return self.task_id


SCOPE = Scope(
    workflow={
        "input": {"x": 5, "name": "Ada", "flags": [True]},
        "variables": {"v": "w"},
        "workflowId": "wf-1",
        "correlationId": "c-9",
        "status": "RUNNING",
    },
    tasks={
        "ref": {
            "output": {"a": {"b": 3}, "list": [{"name": "n0"}, {"name": "n1"}], "k y": 1},
            "input": {"x": "in"},
            "status": "COMPLETED",
        }
    },
)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("${workflow.input.x}", 5),
        ("${workflow.input}", {"x": 5, "name": "Ada", "flags": [True]}),
        ("${workflow.variables.v}", "w"),
        ("${workflow.workflowId}", "wf-1"),
        ("${workflow.correlationId}", "c-9"),
        ("${workflow.status}", "RUNNING"),
        ("${ref.output.a.b}", 3),
        ("${ref.input.x}", "in"),
        ("${ref.output.list[0].name}", "n0"),
        ("${ref.output.list[-1].name}", "n1"),
        ("${ref.output['a']['b']}", 3),
        ("${ref.output['k y']}", 1),
        ("${ref.output.list[*].name}", ["n0", "n1"]),
        ("${ref.output.list.length()}", 2),
        ("${ref.status}", "COMPLETED"),
        ("${ CPEWF_TASK_ID }", "t-1"),
        ("${ref.output.nope.deeper}", None),
        ("${nosuch.output.x}", None),
        ("${ref.output.list[9]}", None),
        ("Hello ${workflow.input.name}!", "Hello Ada!"),
        ("${workflow.input.x}-${workflow.input.x}", "5-5"),
        ("n=${ref.output.missing}", "n=null"),
        ("f=${workflow.input.flags}", "f=[true]"),
        ("cost: $${not.an.expression}", "cost: ${not.an.expression}"),
        ("plain text", "plain text"),
        ("${}", ""),
    ],
)
def test_expressions_resolve(template, expected):
    assert resolve(template, SCOPE) == expected


def test_templates_resolve_through_dicts_and_lists_keeping_types():
    template = {"a": ["${workflow.input.x}", {"b": "${ref.output.a}"}], "c": 1, "d": None}
    assert resolve(template, SCOPE) == {"a": [5, {"b": {"b": 3}}], "c": 1, "d": None}


def test_a_constant_template_is_returned_as_is_without_copying():
    template = {"a": [1, "x"], "b": {"c": True}}
    assert compile_template(template)(SCOPE) is template


def test_parsing_happens_once_per_string():
    parsed = parse_string("${workflow.input.x} and ${ref.output.a}")
    assert isinstance(parsed, Interpolation)
    assert parse_string("${workflow.input.x} and ${ref.output.a}") is parsed


@pytest.mark.parametrize(
    "text",
    [
        "${workflow.input.x",
        "${a.${b}}",
        "${ref..x}",
        "${ref.output[?(@.a)]}",
        "${ref.output[abc]}",
        "${ref.output[0}",
        "${ref.}",
        "${.x}",
        "${ref.length().x}",
    ],
)
def test_malformed_expressions_are_refused(text):
    with pytest.raises(ParamSyntaxError):
        parse_string(text)


def test_iter_paths_finds_every_reference():
    template = {"a": "${one.output.x}", "b": ["x ${two.input.y}", {"c": "${workflow.input}"}]}
    assert [p.root for p in iter_paths(template)] == ["one", "two", "workflow"]
    assert isinstance(next(iter_paths("${one.output.x}")), Path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(value=JSON)
def test_a_whole_string_expression_keeps_the_value_and_its_type(value):
    scope = Scope(workflow={"input": {"v": value}})
    assert resolve("${workflow.input.v}", scope) == value
    assert resolve({"k": ["${workflow.input.v}"]}, scope) == {"k": [value]}


@given(text=st.text(alphabet=st.characters(blacklist_characters="$"), max_size=20))
def test_text_without_dollar_signs_is_left_alone(text):
    assert resolve(text, SCOPE) == text


@given(value=st.text(max_size=10))
def test_interpolated_strings_are_inserted_verbatim(value):
    scope = Scope(workflow={"input": {"v": value}})
    assert resolve("<${workflow.input.v}>", scope) == f"<{value}>"


def test_interpolated_objects_print_as_json():
    scope = Scope(workflow={"input": {"v": {"a": [1, 2]}}})
    assert json.loads(resolve("${workflow.input.v}x", scope)[:-1]) == {"a": [1, 2]}


def test_text_templates_stop_at_the_shared_string_limit():
    from baton.expr.limits import MAX_STRING_LENGTH

    half = "x" * (MAX_STRING_LENGTH // 2)
    scope = Scope(workflow={"input": {"a": half}})
    assert len(resolve("${workflow.input.a}${workflow.input.a}", scope)) == 2 * len(half)
    with pytest.raises(ParamValueError, match="longer than"):
        resolve("${workflow.input.a}${workflow.input.a}!", scope)
