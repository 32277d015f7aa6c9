"""Server settings, read from the environment (`BATON_*`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///./baton.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = None
    admin_key_id: str | None = None
    admin_key_secret: str | None = None
    token_ttl_seconds: int = 3600
    max_body_bytes: int = 10 * 1024 * 1024
    # deepest nesting of any JSON value accepted or stored (bodies, inputs, variables, outputs)
    max_json_depth: int = 64
    # longest single request header line; the whole request head may be 4 times this
    max_header_bytes: int = 16 * 1024
    demo: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def max_head_bytes(self) -> int:
        """The whole request head (request line and all headers): four maximal lines."""
        return 4 * self.max_header_bytes

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "database_url": env.get("BATON_DATABASE_URL", DEFAULT_DATABASE_URL),
            "secret_key": env.get("BATON_SECRET_KEY") or None,
            "admin_key_id": env.get("BATON_ADMIN_KEY_ID") or None,
            "admin_key_secret": env.get("BATON_ADMIN_KEY_SECRET") or None,
            "token_ttl_seconds": _int(env, "BATON_TOKEN_TTL_SECONDS", 3600),
            "max_body_bytes": _int(env, "BATON_MAX_BODY_BYTES", 10 * 1024 * 1024),
            "max_json_depth": _int(env, "BATON_MAX_JSON_DEPTH", 64),
            "max_header_bytes": _int(env, "BATON_MAX_HEADER_BYTES", 16 * 1024),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None
