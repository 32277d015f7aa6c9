"""Resource limits that keep a hostile or careless expression from hanging the engine.

Every limit is deterministic (counted, not timed), so an expression that fails does so the
same way every time. The string and list sizes are shared with the JavaScript subset
(`baton.expr.limits`). The evaluation budget is charged one step per loop iteration and function
call and in proportion to the size of lists and strings an operation builds.
"""

from __future__ import annotations

from baton.expr.limits import MAX_LIST_LENGTH, MAX_STRING_LENGTH

__all__ = [
    "ITERATION_COST",
    "MAX_CALL_DEPTH",
    "MAX_LIST_LENGTH",
    "MAX_NESTING",
    "MAX_STEPS",
    "MAX_STRING_LENGTH",
    "MAX_TEXT_LENGTH",
    "STRING_CHARS_PER_STEP",
]

MAX_TEXT_LENGTH = 100_000
"""Characters of expression text accepted by the parser."""

MAX_NESTING = 100
"""Depth of the syntax tree (brackets, operators, if/for nesting)."""

MAX_STEPS = 1_000_000
"""Evaluation budget per `Expression.evaluate` call."""


STRING_CHARS_PER_STEP = 64
"""Building a string of n characters costs n // STRING_CHARS_PER_STEP steps."""

ITERATION_COST = 3
"""Steps charged per iteration of for/some/every/filter, on top of one per node of its body."""

MAX_CALL_DEPTH = 64
"""Nested calls of user-defined functions (`function(n) …` in a context)."""
