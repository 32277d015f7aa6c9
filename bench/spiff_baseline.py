"""SpiffWorkflow 3.2 running start → user task → complete → end, serializing its state to
JSON and back between the two steps as a server would. The yardstick for `engine_bench.py`."""

from __future__ import annotations

import time

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

APPROVAL_BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="defs" targetNamespace="http://baton.example/bench">
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def run(instances: int) -> float:
    """Instances per second, each: start, save; load, complete the user task, save."""
    parser = BpmnParser()
    parser.add_bpmn_str(APPROVAL_BPMN)
    spec = parser.get_spec("approval")
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure())
    started = time.perf_counter()
    for i in range(instances):
        workflow = BpmnWorkflow(spec)
        workflow.do_engine_steps()
        saved = serializer.serialize_json(workflow)
        workflow = serializer.deserialize_json(saved)
        (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
        task.data["approved"] = i % 2 == 0
        task.run()
        workflow.do_engine_steps()
        assert workflow.is_completed()
        serializer.serialize_json(workflow)
    return instances / (time.perf_counter() - started)


if __name__ == "__main__":
    print(f"SpiffWorkflow 3.2: {run(500):,.0f} instances/s")
