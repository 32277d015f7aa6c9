"""Size limits shared by the expression languages (FEEL and the Conductor JavaScript subset):
a value built by one evaluation stays small enough to keep in an instance."""

from __future__ import annotations

MAX_LIST_LENGTH = 100_000
"""Elements in one list (FEEL: including the iterations of a `for`; JavaScript: counting the
elements of nested arrays)."""

MAX_STRING_LENGTH = 1_000_000
"""Characters in one string value."""
