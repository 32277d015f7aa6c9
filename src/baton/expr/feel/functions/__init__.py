"""FEEL built-in functions. Importing this package registers them all in `BUILTINS`."""

from baton.expr.feel.functions import (  # noqa: F401 - imported to register the built-ins
    contexts,
    conversion,
    lists,
    misc,
    numbers,
    strings,
)
from baton.expr.feel.functions.registry import (
    BUILTINS,
    Signature,
    select_named,
    select_positional,
)

__all__ = ["BUILTINS", "Signature", "select_named", "select_positional"]
