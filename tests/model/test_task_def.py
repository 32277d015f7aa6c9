import pytest

from baton.model.task_def import RetryLogic, TaskDef


@pytest.mark.parametrize(
    ("logic", "scale", "delays"),
    [
        (RetryLogic.FIXED, 1, [10, 10, 10]),
        (RetryLogic.EXPONENTIAL_BACKOFF, 1, [10, 20, 40]),
        (RetryLogic.LINEAR_BACKOFF, 2, [20, 40, 60]),
    ],
)
def test_retry_delay_by_logic(logic, scale, delays):
    task_def = TaskDef("t", retry_delay_seconds=10, retry_logic=logic, backoff_scale_factor=scale)
    assert [task_def.retry_delay(n) for n in range(3)] == delays


def test_defaults_are_conductors():
    task_def = TaskDef("t")
    assert (task_def.retry_count, task_def.retry_delay_seconds) == (3, 60)
    assert task_def.response_timeout_seconds == 3600
