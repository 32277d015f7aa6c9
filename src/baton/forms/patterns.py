"""form-js' two validation presets, checked with the linear-time regex engine.

A form's own `validate.pattern` is a JavaScript pattern run by `baton.expr.safe_regex`
(flavour "ecma") with `search`, as JavaScript's `RegExp.test` matches anywhere.
"""

from __future__ import annotations

from baton.expr import safe_regex

EMAIL = safe_regex.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*",
    "ecma",
)
"""An address as form-js' `email` validation type accepts it (the HTML5 e-mail rule); use
`fullmatch`."""

PHONE = safe_regex.compile(r"(?:\+|00)[1-9][0-9]{5,18}", "ecma")
"""An international number: `+` or `00`, a country code, then digits (`+4930664040900`); use
`fullmatch`.

form-js checks the country code against a list; this accepts any, which is looser but never
refuses a number form-js accepts.
"""
