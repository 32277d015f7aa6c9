"""jq (JSON_JQ_TRANSFORM): the real jq (the `jq` package, libjq) run in a sandbox process.

libjq runs native code that cannot be interrupted or counted in steps, so a program runs in a
helper process (`sandbox`) under a time limit (`MAX_SECONDS`) and a memory limit; its results
keep the size limits every expression has (`baton.expr.limits`). Syntax is checked in-process
at registration (`check_syntax`): compiling does not run the program.
"""

from baton.expr.jq.sandbox import (
    LANGUAGE,
    MAX_MEMORY_BYTES,
    MAX_SECONDS,
    MAX_TEXT_LENGTH,
    JqError,
    JqSandbox,
    check_syntax,
    shared_sandbox,
)

__all__ = [
    "LANGUAGE",
    "MAX_MEMORY_BYTES",
    "MAX_SECONDS",
    "MAX_TEXT_LENGTH",
    "JqError",
    "JqSandbox",
    "check_syntax",
    "shared_sandbox",
]
