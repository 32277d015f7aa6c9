"""A wheel built with `pip wheel .` carries the built web app and the offline /docs assets,
so the target machine needs no Node.js."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from baton.webapp.serve import DIST

pytestmark = pytest.mark.slow  # builds a wheel (and may fetch setuptools for it)

ROOT = Path(__file__).resolve().parents[3]
PREFIX = "baton/webapp/dist/"


def _require_build() -> None:
    if (DIST / "index.html").is_file():
        return
    reason = f"the web app is not built ({DIST} has no index.html): run `make web` first"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _checkout_copy(target: Path) -> Path:
    """The committed sources plus the web build: what a fresh clone holds after `make web`
    (and no `build/` left by an earlier wheel, whose stale files would end up in this one)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    shutil.copytree(DIST, target / "src/baton/webapp/dist", dirs_exist_ok=True)
    return target


def test_the_wheel_carries_the_web_app_and_docs_assets(tmp_path: Path) -> None:
    _require_build()
    source = _checkout_copy(tmp_path / "checkout")
    out = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(out), "-q"],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("baton-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n.removeprefix(PREFIX) for n in archive.namelist() if n.startswith(PREFIX)}
        index = archive.read(PREFIX + "index.html").decode()

    expected = {p.relative_to(DIST).as_posix() for p in DIST.rglob("*") if p.is_file()}
    assert shipped == expected
    assert any(n.startswith("assets/") and n.endswith(".js") for n in shipped)
    assert any(n.startswith("docs-assets/") for n in shipped)
    # every script and style the page loads is inside the wheel
    referenced = re.findall(r'(?:src|href)="/([^"]+)"', index)
    assert referenced
    for path in referenced:
        assert path in shipped, f"index.html loads /{path}, which the wheel lacks"
