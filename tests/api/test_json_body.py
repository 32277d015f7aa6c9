"""`json_response`: plain JSON encoded once; what plain JSON cannot hold goes out as FastAPI
would have sent it."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from baton.api.json_body import json_response


def test_plain_json_round_trips_with_non_ascii_text() -> None:
    content = {"a": [1, 2.5, None, True], "text": "Zoë ✓", "nested": {"k": "v"}}
    response = json_response(content)
    assert response.media_type == "application/json"
    assert response.status_code == 200
    assert json.loads(response.body) == content
    assert "Zoë".encode() in response.body


def test_values_plain_json_cannot_hold_are_encoded_as_fastapi_does() -> None:
    response = json_response({"n": math.nan, "at": datetime(2026, 1, 2, tzinfo=UTC)})
    assert json.loads(response.body) == {"n": None, "at": "2026-01-02T00:00:00Z"}
