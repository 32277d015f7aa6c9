"""Conductor's expression languages: `${...}` input parameters and a safe JavaScript subset."""

from baton.expr.conductor.js_eval import LANGUAGE as JS_LANGUAGE
from baton.expr.conductor.js_eval import (
    UNDEFINED,
    JsEvalError,
    compile_expression,
    compile_program,
    run,
    to_string,
    truthy,
)
from baton.expr.conductor.js_syntax import JsSyntaxError, Program
from baton.expr.conductor.params import (
    LANGUAGE,
    TASK_FIELDS,
    WORKFLOW_FIELDS,
    ParamScope,
    ParamSyntaxError,
    ParamValueError,
    Path,
    compile_template,
    iter_paths,
    parse_string,
    resolve,
)

__all__ = [
    "JS_LANGUAGE",
    "LANGUAGE",
    "TASK_FIELDS",
    "UNDEFINED",
    "WORKFLOW_FIELDS",
    "JsEvalError",
    "JsSyntaxError",
    "ParamScope",
    "ParamSyntaxError",
    "ParamValueError",
    "Path",
    "Program",
    "compile_expression",
    "compile_program",
    "compile_template",
    "iter_paths",
    "parse_string",
    "resolve",
    "run",
    "to_string",
    "truthy",
]
