"""Conductor workflow JSON: compile WorkflowDefs onto the process model."""

from baton.notation.conductor.compiler import compile
from baton.notation.conductor.task_defs import parse_task_def

__all__ = ["compile", "parse_task_def"]
