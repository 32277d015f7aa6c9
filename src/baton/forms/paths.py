"""Field paths in error messages: `amount`, `address.city`, `items[2].name`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*\Z")


def format_path(parts: Iterable[str | int]) -> str:
    """Join keys with dots and list indexes in brackets; odd keys are quoted (`["a b"]`)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out


def join(prefix: str, key: str) -> str:
    """`prefix.key` for a key that is already a path (form-js keys: `address.city`)."""
    return f"{prefix}.{key}" if prefix else key
