"""Conductor workflow JSON: compile WorkflowDefs onto the process model, render instances."""

from baton.notation.conductor.compiler import compile
from baton.notation.conductor.render import render_task, render_workflow
from baton.notation.conductor.task_defs import parse_task_def

__all__ = ["compile", "parse_task_def", "render_task", "render_workflow"]
