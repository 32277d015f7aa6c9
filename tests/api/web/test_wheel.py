"""A wheel built with `pip wheel .` carries the built web app, the offline /docs assets and
the migrations, so the target machine (or the Docker image, which installs this wheel) needs
no Node.js and no checkout; installed in a fresh venv it serves the app and its health."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from baton.webapp.serve import DIST

from support import free_port, until

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One wheel, as `make wheel` builds it, for the tests of this module."""
    _require_build()
    tmp = tmp_path_factory.mktemp("wheel")
    source = _checkout_copy(tmp / "checkout")
    out = tmp / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(out), "-q"],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("baton-*.whl")
    return found


def test_the_wheel_carries_the_web_app_and_docs_assets(wheel: Path) -> None:
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


def test_the_wheel_carries_every_migration(wheel: Path) -> None:
    versions = ROOT / "src/baton/store/migrations/versions"
    expected = {p.name for p in versions.glob("*.py")}
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    prefix = "baton/store/migrations/"
    assert prefix + "env.py" in names
    shipped = {n.removeprefix(prefix + "versions/") for n in names if "/versions/" in n}
    assert shipped == expected


@pytest.fixture
def installed(wheel: Path, tmp_path: Path) -> Path:
    """A fresh venv with the wheel installed; its dependencies come from this environment
    (a path file), so the test needs no package index. Returns the venv's `baton`."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    subprocess.run([*pip, "--no-deps", "--no-index", str(wheel)], check=True)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "baton_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    return venv / "bin" / "baton"


@pytest.fixture
def served(installed: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BATON_", "PYTHON"))}
    env["BATON_DATABASE_URL"] = f"sqlite:///{tmp_path / 'baton.db'}"
    process = subprocess.Popen(
        [str(installed), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def live_or_exited() -> bool:
            if process.poll() is not None:
                return True
            try:
                return httpx.get(f"{base}/health/live", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        until(live_or_exited, timeout=120)
        assert process.poll() is None, process.communicate()[0].decode()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_installed_wheel_serves_the_app_and_its_health(installed: Path, served: str) -> None:
    which = subprocess.run(
        [installed.with_name("python"), "-c", "import baton; print(baton.__file__)"],
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert which.startswith(str(installed.parents[1])), which  # the wheel's, not the checkout's
    page = httpx.get(f"{served}/")
    assert page.status_code == 200 and "<script" in page.text
    assert httpx.get(f"{served}/health/live").json() == {"status": "UP"}
    ready = httpx.get(f"{served}/health/ready").json()
    assert ready["checks"]["migrations"]["status"] == "UP"  # the wheel's migrations ran
