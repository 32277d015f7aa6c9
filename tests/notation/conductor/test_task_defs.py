import pytest

from baton.model.errors import InvalidInput
from baton.model.task_def import RetryLogic, TaskDef, TaskTimeoutPolicy
from baton.notation.conductor import parse_task_def


def test_a_task_def_is_read_with_conductor_defaults():
    assert parse_task_def({"name": "charge"}) == TaskDef("charge")


def test_every_field_is_read():
    task_def = parse_task_def(
        {
            "name": "charge",
            "retryCount": 1,
            "retryLogic": "LINEAR_BACKOFF",
            "retryDelaySeconds": 2,
            "backoffScaleFactor": 3,
            "responseTimeoutSeconds": 30,
            "timeoutSeconds": 60,
            "timeoutPolicy": "RETRY",
            "inputTemplate": {"a": 1},
            "ownerEmail": "ignored@example.com",
        }
    )
    assert task_def.retry_logic is RetryLogic.LINEAR_BACKOFF
    assert task_def.timeout_policy is TaskTimeoutPolicy.RETRY
    assert (task_def.retry_count, task_def.retry_delay_seconds, task_def.backoff_scale_factor) == (
        1,
        2,
        3,
    )
    assert task_def.input_template == {"a": 1}


def test_bad_fields_are_reported_by_name():
    with pytest.raises(InvalidInput) as caught:
        parse_task_def({"retryCount": -1, "retryLogic": "RANDOM", "inputTemplate": []})
    assert {e.path for e in caught.value.errors} == {
        "name",
        "retryCount",
        "retryLogic",
        "inputTemplate",
    }


def test_response_timeout_may_not_exceed_the_task_timeout():
    with pytest.raises(InvalidInput):
        parse_task_def({"name": "t", "timeoutSeconds": 10, "responseTimeoutSeconds": 20})
