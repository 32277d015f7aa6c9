"""Server settings, read from the environment (`BATON_*`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from baton.logs import LOG_FORMATS, LogFormat

DEFAULT_DATABASE_URL = "sqlite:///./baton.db"
LOG_LEVELS = ("INFO", "DEBUG", "WARNING", "ERROR")
# Searches count their hits up to this many, as Camunda 8 and Elasticsearch do: past it the
# total reads as this number and is flagged as a lower bound (counting every hit of a user
# in the biggest groups of a million tasks cost more than the rest of the search together)
SEARCH_COUNT_CAP = 10_000


# Every `BATON_*` variable `Settings.from_env` reads, with what it sets: `baton serve --help`
# prints this list (a test keeps it in step with `from_env`).
ENV_HELP: dict[str, str] = {
    "BATON_DATABASE_URL": f"SQLAlchemy URL: sqlite:///path or postgresql://... "
    f"(default {DEFAULT_DATABASE_URL})",
    "BATON_SECRET_KEY": "key signing tokens (SQLite: generated beside the database when unset)",
    "BATON_ADMIN_KEY_ID": "an ADMIN access key created at start (with BATON_ADMIN_KEY_SECRET)",
    "BATON_ADMIN_KEY_SECRET": "that key's secret",
    "BATON_TOKEN_TTL_SECONDS": "lifetime of a token from POST /api/token (3600)",
    "BATON_MAX_TOKEN_TTL_SECONDS": "longest token lifetime a client may ask for (86400)",
    "BATON_MAX_BODY_BYTES": "largest request body (10485760)",
    "BATON_MAX_HEADER_BYTES": "longest request header line; the head may be 4 times it (16384)",
    "BATON_MAX_JSON_DEPTH": "deepest nesting of any JSON value accepted or stored (64)",
    "BATON_LOGIN_MAX_FAILURES": "failed logins of one identity before it is locked (10)",
    "BATON_LOGIN_MAX_FAILURES_PER_ADDRESS": "failed logins from one address before a lock (100)",
    "BATON_LOGIN_WINDOW_SECONDS": "how long a failed login counts (300)",
    "BATON_LOGIN_LOCK_SECONDS": "how long a lock lasts (300)",
    "BATON_HASHING_CONCURRENCY": "password/key hash checks at once (0: one per CPU core)",
    "BATON_MAX_ACTIVATIONS_PER_COMMAND": "engine steps per command before the instance fails "
    "(100000)",
    "BATON_MAX_LOOP_ITERATIONS": "loop iterations per command before the instance fails (10000)",
    "BATON_MAX_OUTPUT_BYTES_PER_COMMAND": "bytes of output per command before the instance "
    "fails (67108864)",
    "BATON_TIMER_MAX_ATTEMPTS": "failed firings of a timer before it becomes an incident (10)",
    "BATON_SESSION_TTL_SECONDS": "how long a web app sign-in lasts (28800)",
    "BATON_AUTH_CACHE_SECONDS": "how late another process may see a revoked identity (1; 0: off)",
    "BATON_LOG_FORMAT": "server logs: text or json (text)",
    "BATON_LOG_LEVEL": "INFO, DEBUG, WARNING or ERROR (INFO)",
    "BATON_ACCESS_LOG": "one log line per HTTP request: true or false (true)",
    "BATON_METRICS_PUBLIC": "GET /metrics without credentials: true or false (false)",
    "BATON_SEARCH_COUNT_CAP": "hits a search counts at most; past it the total is capped (10000)",
    "BATON_OTLP_ENDPOINT": "OpenTelemetry collector (OTLP/HTTP, e.g. http://collector:4318) for "
    "traces; OTEL_EXPORTER_OTLP_ENDPOINT too; unset: no tracing (needs baton[otel])",
    "BATON_HTTP_ALLOWED_HOSTS": "hosts Conductor HTTP tasks may call, comma-separated: names, "
    "*.domain, IP addresses or networks (CIDR) (empty: HTTP tasks fail, calling nothing)",
}


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = None
    admin_key_id: str | None = None
    admin_key_secret: str | None = None
    token_ttl_seconds: int = 3600
    max_body_bytes: int = 10 * 1024 * 1024
    # the longest token lifetime a client may ask for (`expiration` on POST /api/token)
    max_token_ttl_seconds: int = 24 * 3600
    # failed logins (password or key secret) before the identity, or the client address,
    # is locked out for `login_lock_seconds`; failures older than the window are forgotten
    login_max_failures: int = 10
    login_max_failures_per_address: int = 100
    login_window_seconds: int = 300
    login_lock_seconds: int = 300
    # Argon2 checks running at once (0: one per CPU core); more wait briefly or get 503
    hashing_concurrency: int = 0
    # Per engine command (see baton.engine.budget): past these, the instance fails.
    max_activations_per_command: int = 100_000
    max_loop_iterations: int = 10_000
    max_output_bytes_per_command: int = 64 * 1024 * 1024
    # deepest nesting of any JSON value accepted or stored (bodies, inputs, variables, outputs)
    max_json_depth: int = 64
    # longest single request header line; the whole request head may be 4 times this
    max_header_bytes: int = 16 * 1024
    # how long a web app sign-in lasts (the browser session cookie)
    session_ttl_seconds: int = 8 * 3600
    # how long a process may answer a token from its auth cache (`services.auth_cache`):
    # the bound on how late another process sees a revoked identity; 0 turns the cache off
    auth_cache_seconds: float = 1.0
    demo: bool = False
    # failed firings of one timer before it stops being retried and becomes an incident
    timer_max_attempts: int = 10
    # server logs: `text` (key=value) or `json`, one line per record with its request id
    log_format: LogFormat = "text"
    log_level: str = "INFO"
    # one line per HTTP request (method, route, status, duration, caller)
    access_log: bool = True
    # `GET /metrics` without credentials (for a scraper on a private network)
    metrics_public: bool = False
    # hits a search counts at most (see SEARCH_COUNT_CAP)
    search_count_cap: int = SEARCH_COUNT_CAP
    # OTLP/HTTP base URL traces go to (`baton.tracing`); None: no tracing, no OpenTelemetry
    otlp_endpoint: str | None = None
    # what Conductor HTTP tasks may call (see baton.model.host_allow_list); empty: nothing
    http_allowed_hosts: tuple[str, ...] = ()
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
            "max_token_ttl_seconds": _int(env, "BATON_MAX_TOKEN_TTL_SECONDS", 24 * 3600, least=1),
            "login_max_failures": _int(env, "BATON_LOGIN_MAX_FAILURES", 10, least=1),
            "login_max_failures_per_address": _int(
                env, "BATON_LOGIN_MAX_FAILURES_PER_ADDRESS", 100, least=1
            ),
            "login_window_seconds": _int(env, "BATON_LOGIN_WINDOW_SECONDS", 300, least=1),
            "login_lock_seconds": _int(env, "BATON_LOGIN_LOCK_SECONDS", 300, least=1),
            "hashing_concurrency": _int(env, "BATON_HASHING_CONCURRENCY", 0, least=0),
            "max_activations_per_command": _int(
                env, "BATON_MAX_ACTIVATIONS_PER_COMMAND", 100_000, least=1
            ),
            "max_loop_iterations": _int(env, "BATON_MAX_LOOP_ITERATIONS", 10_000, least=1),
            "max_output_bytes_per_command": _int(
                env, "BATON_MAX_OUTPUT_BYTES_PER_COMMAND", 64 * 1024 * 1024, least=1
            ),
            "timer_max_attempts": _int(env, "BATON_TIMER_MAX_ATTEMPTS", 10, least=1),
            "max_json_depth": _int(env, "BATON_MAX_JSON_DEPTH", 64, least=1),
            "max_header_bytes": _int(env, "BATON_MAX_HEADER_BYTES", 16 * 1024, least=1),
            "session_ttl_seconds": _int(env, "BATON_SESSION_TTL_SECONDS", 8 * 3600, least=60),
            "auth_cache_seconds": _seconds(env, "BATON_AUTH_CACHE_SECONDS", 1.0),
            "log_format": _choice(env, "BATON_LOG_FORMAT", LOG_FORMATS),
            "log_level": _choice(env, "BATON_LOG_LEVEL", LOG_LEVELS),
            "access_log": _flag(env, "BATON_ACCESS_LOG", True),
            "metrics_public": _flag(env, "BATON_METRICS_PUBLIC", False),
            "search_count_cap": _int(env, "BATON_SEARCH_COUNT_CAP", SEARCH_COUNT_CAP, least=1),
            "otlp_endpoint": env.get("BATON_OTLP_ENDPOINT")
            or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
            or None,
            "http_allowed_hosts": _hosts(env, "BATON_HTTP_ALLOWED_HOSTS"),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _hosts(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    from baton.model.host_allow_list import HostAllowList

    entries = tuple(p.strip() for p in env.get(name, "").split(",") if p.strip())
    try:
        HostAllowList.parse(entries)
    except ValueError as exc:
        raise SystemExit(f"{name}: {exc}") from None
    return entries


def _int(env: Mapping[str, str], name: str, default: int, *, least: int | None = None) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None
    if least is not None and value < least:
        raise SystemExit(f"{name} must be at least {least}, got {value}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> Any:
    """One of `choices` (any case); the first when unset."""
    raw = env.get(name)
    if raw is None or raw == "":
        return choices[0]
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    raise SystemExit(f"{name} must be one of {', '.join(choices)}, got {raw!r}")


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SystemExit(f"{name} must be true or false, got {raw!r}")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A non-negative number of seconds (fractions allowed)."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number of seconds, got {raw!r}") from None
    if not value >= 0 or value == float("inf"):
        raise SystemExit(f"{name} must be a finite number of seconds, at least 0, got {raw!r}")
    return value
