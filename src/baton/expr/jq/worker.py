"""The jq helper process (see `sandbox`): answers one JSON-line request at a time."""

from __future__ import annotations

import json
import resource
import sys
from functools import lru_cache
from typing import Any

from baton.expr.limits import MAX_LIST_LENGTH, MAX_STRING_LENGTH

READY = '{"ready": true}'
"""The helper's first line: it is loaded and waits for requests."""


class _TooLarge(ValueError):
    pass


def _count(value: Any, budget: int) -> int:
    """Elements (list items, object entries, nested ones too) in `value`, up to `budget`."""
    used = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and len(item) > MAX_STRING_LENGTH:
            raise _TooLarge(f"a string of {len(item):,} characters exceeds the limit")
        if isinstance(item, list):
            used += len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            used += len(item)
            stack.extend(item.values())
        if used > budget:
            raise _TooLarge(f"the results hold more than {MAX_LIST_LENGTH:,} elements")
    return used


@lru_cache(maxsize=256)
def _compiled(program: str) -> Any:
    import jq

    return jq.compile(program)


def answer(program: str, value: Any) -> dict[str, Any]:
    try:
        results: list[Any] = []
        budget = MAX_LIST_LENGTH
        for result in _compiled(program).input_value(value):
            results.append(result)
            budget -= _count(result, budget) + 1
            if budget < 0:
                raise _TooLarge(f"the results hold more than {MAX_LIST_LENGTH:,} elements")
        return {"results": results}
    except (ValueError, MemoryError) as exc:
        return {"error": str(exc).strip() or type(exc).__name__}


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import jq  # noqa: F401  (loaded before saying ready: start-up is not evaluation time)

    sys.stdout.write(READY + "\n")
    sys.stdout.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        out = answer(str(request["program"]), request.get("input"))
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
