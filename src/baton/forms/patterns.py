"""Regular expressions as form-js runs them (JavaScript `RegExp.test`), and its two presets."""

from __future__ import annotations

import re
from functools import lru_cache

# JavaScript named groups `(?<name>...)` are Python's `(?P<name>...)`; lookbehinds stay.
_JS_NAMED_GROUP = re.compile(r"(?<!\\)\(\?<(?![=!])")

EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z"
)
"""An address as form-js' `email` validation type accepts it (the HTML5 e-mail rule)."""

PHONE = re.compile(r"(?:\+|00)[1-9][0-9]{5,18}\Z")
"""An international number: `+` or `00`, a country code, then digits (`+4930664040900`).

form-js checks the country code against a list; this accepts any, which is looser but never
refuses a number form-js accepts.
"""


@lru_cache(maxsize=256)
def compile_js(pattern: str) -> re.Pattern[str]:
    """Compile a JavaScript pattern for `search` (JS `test` matches anywhere, like `search`).

    Raises `re.error` when Python cannot read it.
    """
    return re.compile(_JS_NAMED_GROUP.sub("(?P<", pattern))
