"""BPMN 2.0 XML with zeebe (Camunda 8) extensions: compile files onto the process model.

deployment = compile_bpmn(data, "order.bpmn")
deployment.processes  # one ProcessDefinition per executable process
deployment.forms      # embedded zeebe:userTaskForm id -> form JSON
deployment.form_ids   # deployed form ids the user tasks reference
"""

from baton.notation.bpmn.compiler import BpmnDeployment, compile_bpmn
from baton.notation.bpmn.document import MAX_BYTES

__all__ = ["MAX_BYTES", "BpmnDeployment", "compile_bpmn"]
