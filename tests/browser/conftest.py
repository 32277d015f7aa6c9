"""Browser journeys: Debian's chromium driven by Playwright (sync API) against a live Baton.

One browser per session; a fresh server per test on the test database (`database_url`, so every
journey runs on SQLite and again on PostgreSQL); the people of `browser_world.PEOPLE` created
through the API. Pages have a fixed viewport; `screenshot(page, step)` keeps each step's picture
under test-artifacts/screenshots/<test>/, and a failing test also keeps its open pages."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from baton.webapp.serve import DIST

from browser_harness import NewPage, Screenshots
from browser_world import ADMIN_KEY_ID, ADMIN_KEY_SECRET, World
from support import running_server

CHROMIUM = Path(os.environ.get("BATON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if CHROMIUM.is_file():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def built_app() -> Path:
    index = DIST / "index.html"
    if not index.is_file():
        pytest.fail(f"{index} is missing: run make web")
    return index


# Module scope, not session: the sync Playwright API keeps an asyncio loop running in the
# main thread while it lives, which would break `asyncio.run` in every later test module.
@pytest.fixture(scope="module")
def browser(chromium: Path, built_app: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    """A live server on this test's database, with the journeys' people in it."""
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": ADMIN_KEY_ID,
        "BATON_ADMIN_KEY_SECRET": ADMIN_KEY_SECRET,
    }
    with running_server(env) as (base_url, _process):
        live = World(base_url)
        live.add_people()
        yield live
        live.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    if report.when == "call":  # type: ignore[attr-defined]
        item.stash[_FAILED] = report.failed  # type: ignore[attr-defined]
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Screenshots:
    return Screenshots(request.node.name)


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, browser: Browser, world: World, screenshot: Screenshots
) -> Iterator[NewPage]:
    """`new_page(width=..., height=...)`: a page in a fresh browser context (its own cookies),
    addressed relative to the live server."""
    contexts: list[BrowserContext] = []

    def make(width: int = VIEWPORT["width"], height: int = VIEWPORT["height"]) -> Page:
        context = browser.new_context(
            base_url=world.base_url,
            viewport={"width": width, "height": height},
            locale="en-GB",
            timezone_id="UTC",
            reduced_motion="reduce",
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = request.node.stash.get(_FAILED, False)
    for context in contexts:
        if failed:
            for page in context.pages:
                with contextlib.suppress(Exception):  # a crashed page has nothing to show
                    screenshot(page, "failure")
        context.close()
