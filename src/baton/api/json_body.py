"""JSON answers encoded once, past FastAPI's response validation.

A sync endpoint's return value is validated against its declared type in the thread pool (a
second thread hop per request) and copied by pydantic before it is encoded. Hot endpoints
that render plain JSON values already return these bytes instead; they keep their declared
`response_model` for the OpenAPI document.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response
from pydantic import TypeAdapter

_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_AS_FASTAPI = TypeAdapter(Any)


def json_response(content: Any, status_code: int = 200) -> Response:
    """`content` as `application/json`; a value plain JSON cannot hold (a non-finite float,
    a date, a lone surrogate) is encoded as FastAPI would have encoded it."""
    try:
        body = _encode(content).encode("utf-8")
    except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
        body = _AS_FASTAPI.dump_json(content)
    return Response(body, status_code=status_code, media_type="application/json")
