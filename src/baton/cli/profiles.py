"""Where the CLI finds a server and its credentials: flags, `BATON_*` variables, or a named
profile in `~/.config/baton/config.toml` (like zbctl's and the Conductor CLI's config):

    default = "prod"            # the profile used without --profile (else one named "default")

    [profiles.prod]
    url = "https://baton.example.com"
    key_id = "ci"               # the CLI exchanges the key for a token (POST /api/token)
    key_secret = "..."

    [profiles.local]
    url = "http://localhost:8080"
    token = "..."
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from baton.cli.errors import CliError

DEFAULT_URL = "http://localhost:8080"
_FIELDS = ("url", "token", "key_id", "key_secret")


@dataclass(frozen=True)
class Connection:
    """How to reach one server; unset fields are None."""

    url: str | None = None
    token: str | None = None
    key_id: str | None = None
    key_secret: str | None = None


def config_path() -> Path:
    """`$XDG_CONFIG_HOME/baton/config.toml`, `~/.config/baton/config.toml` without it."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "baton" / "config.toml"


def load_profile(name: str | None, path: Path | None = None) -> Connection:
    """The profile `name` (or the file's default one); an empty Connection without a file,
    unless a profile was asked for by name."""
    path = path or config_path()
    if not path.exists():
        if name:
            raise CliError(f"no profile {name!r}: {path} does not exist")
        return Connection()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CliError(f"cannot read {path}: {exc}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise CliError(f"{path}: [profiles] must be a table of named profiles")
    chosen = name or data.get("default") or ("default" if "default" in profiles else None)
    if chosen is None:
        return Connection()
    found = profiles.get(chosen)
    if not isinstance(found, dict):
        known = ", ".join(sorted(profiles)) or "none"
        raise CliError(f"no profile {chosen!r} in {path} (profiles: {known})")
    values: dict[str, str] = {}
    for field in _FIELDS:
        value = found.get(field)
        if value is not None and not isinstance(value, str):
            raise CliError(f"{path}: profiles.{chosen}.{field} must be a string")
        if value:
            values[field] = value
    return Connection(**values)


def resolve(given: Connection, profile: str | None) -> Connection:
    """Flags and environment first (click already merged those), then the profile, then
    the default URL. Credentials come whole from one place, never a token from one and a
    key from another."""
    from_file = load_profile(profile)
    if given.token or given.key_id:  # credentials given here replace the profile's whole
        from_file = replace(from_file, token=None, key_id=None, key_secret=None)
    merged = replace(
        from_file,
        **{f: getattr(given, f) for f in _FIELDS if getattr(given, f) is not None},
    )
    if merged.url is None:
        merged = replace(merged, url=DEFAULT_URL)
    return merged
