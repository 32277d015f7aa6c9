from baton.engine import VariablesChanged
from baton.model.status import TaskStatus


def test_set_variable_merges_into_workflow_variables(drive):
    d = drive(
        {
            "name": "wf",
            "tasks": [
                {
                    "name": "sv",
                    "taskReferenceName": "sv1",
                    "type": "SET_VARIABLE",
                    "inputParameters": {"count": "${workflow.input.n}", "who": "a"},
                },
                {
                    "name": "sv",
                    "taskReferenceName": "sv2",
                    "type": "SET_VARIABLE",
                    "inputParameters": {"who": "b"},
                },
                {
                    "name": "use",
                    "taskReferenceName": "use",
                    "inputParameters": {"c": "${workflow.variables.count}"},
                },
            ],
        }
    )
    changes = d.start({"n": 3})
    assert d.state.variables == {"count": 3, "who": "b"}
    assert [c.changed for c in changes if isinstance(c, VariablesChanged)] == [
        {"count": 3, "who": "a"},
        {"who": "b"},
    ]
    assert d.task("sv1").status is TaskStatus.COMPLETED
    assert d.task("use").input == {"c": 3}
