"""Token issuing and checking, on a moved clock."""

from __future__ import annotations

import pytest

from baton.clock import FakeClock
from baton.model.errors import Unauthenticated
from baton.model.identity import CallerKind
from baton.services.hashing import hash_secret, verify_secret
from baton.services.tokens import TokenIssuer

KEY = "unit-test-signing-key-0123456789abcdef"


def test_round_trip_and_expiry() -> None:
    clock = FakeClock()
    issuer = TokenIssuer(KEY, clock, ttl_seconds=60)
    token = issuer.issue(CallerKind.USER, "ann")
    claims = issuer.verify(token)
    assert (claims.kind, claims.subject, claims.key_id) == (CallerKind.USER, "ann", None)
    clock.advance(60)
    with pytest.raises(Unauthenticated) as err:
        issuer.verify(token)
    assert err.value.error == "EXPIRED_TOKEN"


def test_tampered_token_is_invalid() -> None:
    issuer = TokenIssuer(KEY, FakeClock(), ttl_seconds=60)
    token = issuer.issue(CallerKind.APPLICATION, "app", key_id="k1")
    head, body, sig = token.split(".")
    with pytest.raises(Unauthenticated) as err:
        issuer.verify(f"{head}.{body}x.{sig}")
    assert err.value.error == "INVALID_TOKEN"


def test_short_signing_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        TokenIssuer("short", FakeClock(), 60)


def test_secret_hashing() -> None:
    stored = hash_secret("pw")
    assert stored != "pw"
    assert verify_secret(stored, "pw")
    assert not verify_secret(stored, "PW")
    assert not verify_secret(None, "pw")


def test_tokens_follow_the_moved_clock_not_the_wall_clock() -> None:
    from datetime import UTC, datetime, timedelta

    clock = FakeClock(datetime.now(UTC) + timedelta(days=3))
    issuer = TokenIssuer(KEY, clock, ttl_seconds=60)
    assert issuer.verify(issuer.issue(CallerKind.USER, "ann")).subject == "ann"
