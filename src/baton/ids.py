"""Identifiers: UUIDs whose first 48 bits are the creation time in ms (RFC 9562 version 7).

They are ordinary UUIDs to every client, but rows inserted together land on the same index
pages, so a commit writes (and fsyncs) fewer pages than with random UUIDs."""

from __future__ import annotations

import os
import threading
import time
import uuid

_key_lock = threading.Lock()
_last_key = 0


def new_id() -> str:
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10))
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def new_key() -> int:
    """A Camunda-style key: a positive int64 (time in ms, then 20 random bits), shown to
    clients as a string of digits. Within one process keys only grow, so sorting by key
    sorts by creation (element instances started in the same millisecond keep their order)."""
    global _last_key
    candidate = (time.time_ns() // 1_000_000) << 20 | int.from_bytes(os.urandom(3)) >> 4
    with _key_lock:
        _last_key = max(candidate, _last_key + 1)
        return _last_key


def new_key_text() -> str:
    return str(new_key())
