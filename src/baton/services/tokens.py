"""JWT access tokens (HS256). Expiry is checked against Baton's clock, not the wall clock,
so tests can move time. A token carries the generation of the user or access key it was
issued for (`gen`); `auth.authenticate` compares it with the row, so deleting, re-creating,
or changing the password or secret of an identity ends its tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import jwt

from baton.clock import Clock
from baton.model.errors import Unauthenticated
from baton.model.identity import CallerKind

ISSUER = "baton"


@dataclass(frozen=True)
class TokenClaims:
    kind: CallerKind
    subject: str
    key_id: str | None
    expires_at: int
    generation: str  # '' in tokens from before generations existed


class TokenIssuer:
    def __init__(
        self, secret_key: str, clock: Clock, ttl_seconds: int, max_ttl_seconds: int = 24 * 3600
    ) -> None:
        if len(secret_key) < 16:
            raise ValueError("the token signing key must be at least 16 characters")
        self._key = secret_key
        self._clock = clock
        self.max_ttl_seconds = max_ttl_seconds
        self._ttl = min(ttl_seconds, max_ttl_seconds)

    def issue(
        self,
        kind: CallerKind,
        subject: str,
        *,
        key_id: str | None = None,
        generation: str = "",
        ttl_seconds: int | None = None,
    ) -> str:
        """A token for `subject`; `ttl_seconds` (at least 1) is capped at `max_ttl_seconds`."""
        now = int(self._clock.now().timestamp())
        ttl = self._ttl if ttl_seconds is None else max(1, min(ttl_seconds, self.max_ttl_seconds))
        claims: dict[str, object] = {
            "iss": ISSUER,
            "sub": subject,
            "kind": kind.value,
            "gen": generation,
            "iat": now,
            "exp": now + ttl,
            "jti": secrets.token_hex(8),
        }
        if key_id is not None:
            claims["kid"] = key_id
        return jwt.encode(claims, self._key, algorithm="HS256")

    def verify(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                issuer=ISSUER,
                # times are checked against Baton's clock below, not the wall clock
                options={
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": ["sub", "exp", "kind"],
                },
            )
            kind = CallerKind(claims["kind"])
            expires_at = int(claims["exp"])
            generation = str(claims.get("gen", ""))
        except (jwt.InvalidTokenError, ValueError, KeyError, TypeError) as exc:
            raise Unauthenticated("invalid token", error="INVALID_TOKEN") from exc
        if expires_at <= self._clock.now().timestamp():
            raise Unauthenticated("token expired", error="EXPIRED_TOKEN")
        return TokenClaims(
            kind=kind,
            subject=str(claims["sub"]),
            key_id=claims.get("kid"),
            expires_at=expires_at,
            generation=generation,
        )
