"""Which server and credentials the CLI uses: flags and environment over the profile file."""

from __future__ import annotations

from pathlib import Path

import pytest

from baton.cli.errors import CliError
from baton.cli.profiles import DEFAULT_URL, Connection, load_profile, resolve

CONFIG = """
default = "prod"

[profiles.prod]
url = "https://baton.example.com"
key_id = "ci"
key_secret = "shh"

[profiles.local]
url = "http://localhost:9000"
token = "t0"
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = tmp_path / "baton" / "config.toml"
    path.parent.mkdir()
    path.write_text(CONFIG)
    return path


def test_the_default_profile_fills_what_is_not_given(config: Path) -> None:
    assert resolve(Connection(), None) == Connection("https://baton.example.com", None, "ci", "shh")
    assert resolve(Connection(), "local") == Connection("http://localhost:9000", "t0")


def test_given_credentials_replace_the_profile_ones_whole(config: Path) -> None:
    chosen = resolve(Connection(token="mine"), None)
    assert chosen == Connection("https://baton.example.com", "mine")
    assert resolve(Connection(url="http://x"), "local").url == "http://x"


def test_without_a_file_the_default_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert resolve(Connection(), None) == Connection(DEFAULT_URL)
    with pytest.raises(CliError, match="does not exist"):
        resolve(Connection(), "prod")


def test_bad_files_and_names_are_clear(config: Path) -> None:
    with pytest.raises(CliError, match=r"no profile 'qa' .*profiles: local, prod"):
        load_profile("qa", config)
    config.write_text("[profiles.x]\nurl = 5\n")
    with pytest.raises(CliError, match=r"profiles.x.url must be a string"):
        load_profile("x", config)
    config.write_text("[profiles\n")
    with pytest.raises(CliError, match="cannot read"):
        load_profile(None, config)
