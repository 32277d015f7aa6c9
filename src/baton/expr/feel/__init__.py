"""FEEL, the expression language of BPMN/DMN as Camunda 8 (zeebe) uses it.

    >>> from baton.expr.feel import compile, evaluate_value
    >>> compile("if vip then 80 else 50").evaluate({"vip": True})
    Decimal('80')
    >>> evaluate_value("sales, ops", {}, as_list=True)
    ['sales', 'ops']

Pure computation, no I/O. Numbers are `Decimal`; see `values` for the other types,
`convert` for JSON, `limits` for the resource limits, `functions` for the built-ins.

Semantics follow Camunda 8 (feel-scala) where FEEL leaves room:

- A missing variable or context entry is null; `is defined(x)` tells missing from null.
- Type mismatches (`1 + "a"`, `"a" < 1`, `upper case(5)`) evaluate to null, never raise.
  Raised as FeelError: syntax errors (at compile time), unknown functions and wrong argument
  counts/names (at evaluation; an expression may define functions in a context), `assert`,
  and exceeded resource limits.
- `remove(list, position)` takes a 1-based (negative: from the end) position, as in the
  FEEL spec and Camunda. `remove(reviewers, author)` (a name, as in one Camunda docs example)
  gives null; remove a person by value with a filter: `reviewers[item != author]`.
- A date-time without offset is local (naive); comparing or subtracting it with a zoned one
  gives null. `now()` is UTC (or the injected clock's time).
- Regular expressions (matches, replace, split, extract) are Python `re` with XPath flags;
  patterns whose repeated groups contain repetition or alternation are refused (FeelError)
  because they can backtrack exponentially.
"""

from baton.expr.feel.convert import from_json, to_json
from baton.expr.feel.errors import FeelError
from baton.expr.feel.expression import Expression, compile, compile_value, evaluate_value
from baton.expr.feel.values import FeelFunction, Range, YearsMonthsDuration

__all__ = [
    "Expression",
    "FeelError",
    "FeelFunction",
    "Range",
    "YearsMonthsDuration",
    "compile",
    "compile_value",
    "evaluate_value",
    "from_json",
    "to_json",
]
