"""Form-template regular expressions (JSON Schema `pattern`, `patternProperties`) run on the
linear-time engine: a hostile answer gets its validation result, and a pattern the engine
cannot run is refused when the template is saved."""

from __future__ import annotations

from typing import Any

import pytest
from human_helpers import human_workflow, start_human

from support import Api

BASE = "/api/human/template"
WORDS = r"^(\w+\s?)*$"
HOSTILE = "a" * 29 + "!"  # 30 s of backtracking for Python's `re`


def _schema(**comment: Any) -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-07/schema",
        "type": "object",
        "properties": {"comment": {"type": "string", **comment}},
        "patternProperties": {r"^(\w+\s?)*_note$": {"type": "string"}},
        "additionalProperties": False,
    }


def _task_with_form(api: Api) -> tuple[str, dict[str, str]]:
    saved = api.client.post(
        BASE, json={"name": "words", "jsonSchema": _schema(pattern=WORDS)}, headers=api.admin
    )
    assert saved.status_code == 200, saved.text
    workflow = human_workflow(extra={"userFormTemplate": {"name": "words", "version": 1}})
    _, task_id = start_human(api, workflow)
    boss = api.create_user("boss", roles=["ADMIN"])
    claimed = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=boss)
    assert claimed.status_code == 200, claimed.text
    return task_id, boss


def test_a_hostile_answer_gets_its_validation_result(api: Api) -> None:
    task_id, boss = _task_with_form(api)
    url = f"/api/human/tasks/{task_id}/update?complete=true"
    hostile = {"comment": HOSTILE, ("a" * 40 + "!_note"): "x"}
    refused = api.client.post(url, json=hostile, headers=boss)
    assert refused.status_code == 400, refused.text
    errors = {e["path"]: e["message"] for e in refused.json()["validationErrors"]}
    assert errors == {
        "comment": f"must match the pattern {WORDS}",
        '["' + "a" * 40 + '!_note"]': "is not allowed",
    }
    done = api.client.post(url, json={"comment": "all good here", "my_note": "x"}, headers=boss)
    assert done.status_code == 204, done.text


@pytest.mark.parametrize(
    ("schema", "path", "said"),
    [
        (_schema(pattern=r"^(a)\1$"), "jsonSchema.properties.comment.pattern", "backreference"),
        (
            _schema(pattern=r"^(?=.*\d).{8,}$"),
            "jsonSchema.properties.comment.pattern",
            "lookaround",
        ),
        (
            {"type": "object", "patternProperties": {r"^(?!x)": {}}},
            "jsonSchema.patternProperties",
            "lookaround",
        ),
        (
            {"type": "object", "patternProperties": {"^a": {}}, "unevaluatedProperties": False},
            "jsonSchema.unevaluatedProperties",
            "cannot be combined with patternProperties",
        ),
    ],
    ids=["backreference", "lookahead", "pattern-properties", "unevaluated"],
)
def test_a_pattern_the_engine_cannot_run_is_refused_at_save(
    api: Api, schema: dict[str, Any], path: str, said: str
) -> None:
    response = api.client.post(BASE, json={"name": "bad", "jsonSchema": schema}, headers=api.admin)
    assert response.status_code == 400, response.text
    errors = {e["path"]: e["message"] for e in response.json()["validationErrors"]}
    assert said in errors[path], errors
    if said != "cannot be combined with patternProperties":
        assert "`" in errors[path]  # the pattern is named
    assert api.client.get(BASE, params={"name": "bad"}, headers=api.admin).status_code == 404
