"""Argon2 hashing of passwords and access-key secrets."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# `BATON_HASHING=fast` trades strength for speed; only the test suite sets it. Hashes carry
# their own parameters, so verification works whichever profile made them.
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST)
    if os.environ.get("BATON_HASHING") == "fast"
    else PasswordHasher()
)
# Verified against when the user or key does not exist, so a wrong id costs as long as a
# wrong secret and response times do not reveal which ids exist.
_DUMMY_HASH = _hasher.hash("baton-dummy-secret")


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Constant-time check of `secret` against `stored_hash` (None = no such principal)."""
    try:
        ok = _hasher.verify(stored_hash or _DUMMY_HASH, secret)
    except (VerificationError, InvalidHashError):
        return False
    return ok and stored_hash is not None
