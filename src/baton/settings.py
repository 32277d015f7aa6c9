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
    # Per engine command (see baton.engine.budget): past these, the instance fails.
    max_activations_per_command: int = 100_000
    max_loop_iterations: int = 10_000
    max_output_bytes_per_command: int = 64 * 1024 * 1024
    demo: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)

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
            "max_activations_per_command": _positive(
                env, "BATON_MAX_ACTIVATIONS_PER_COMMAND", 100_000
            ),
            "max_loop_iterations": _positive(env, "BATON_MAX_LOOP_ITERATIONS", 10_000),
            "max_output_bytes_per_command": _positive(
                env, "BATON_MAX_OUTPUT_BYTES_PER_COMMAND", 64 * 1024 * 1024
            ),
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


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, got {value}")
    return value
