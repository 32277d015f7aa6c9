"""Helpers the browser journeys share: signing in through the page, screenshots per step,
the axe-core check, the phone-width overflow check, and the app's accessible names
(/tmp contract: roles and names, never CSS internals except the diagram's marker classes)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from browser_world import Person

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

NewPage = Callable[..., Page]
"""The `new_page` fixture: `new_page(width=..., height=...)` opens a page in a fresh context."""


class Screenshots:
    """`shot(page, step)` saves test-artifacts/screenshots/<test>/<nn>-<step>.png."""

    def __init__(self, test_name: str) -> None:
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
        self.count = 0

    def __call__(self, page: Page, step: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w.-]+", "-", step)
        path = self.folder / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def sign_in(page: Page, person: Person, *, at: str = "/login") -> None:
    """Sign in through the sign-in page and wait for the signed-in frame."""
    if at:
        page.goto(at)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("User").fill(person.id)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    expect(sections(page)).to_be_visible()


def sections(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Sections")


def assert_accessible(page: Page, what: str = "") -> None:
    """Run axe-core in the page; fail on any serious or critical violation, naming the rule
    ids and the elements."""
    problems = axe_violations(page)
    if problems:
        where = what or page.url
        raise AssertionError(f"axe: serious/critical violations on {where}:\n" + problems)


def axe_violations(page: Page) -> str:
    """The serious and critical axe-core violations of the page, one line each ("" if none)."""
    assert AXE.is_file(), f"{AXE} is missing: run `make web` (npm ci in web/)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = page.evaluate(
        """async () => await window.axe.run(document, {resultTypes: ['violations']})"""
    )
    lines = []
    for violation in results["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = [json.dumps(node["target"]) for node in violation["nodes"]][:8]
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    at {', '.join(targets)}"
        )
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing overflows)."""
    width: int = page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
                 - document.documentElement.clientWidth"""
    )
    return max(0, width)


# The app's parts, by the contract's roles and names.
def task_list(page: Page) -> Locator:
    return page.get_by_role("list", name="Tasks")


def task_link(page: Page, task_name: str) -> Locator:
    """The list item's link for a task (its accessible name starts with the task's name)."""
    return task_list(page).get_by_role("link", name=re.compile("^" + re.escape(task_name)))


def form_field(page: Page, label: str) -> Locator:
    """A form field by its visible label (a required one may add a mark: "Order code*")."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"(?![\w ]*\w)"))


def filter_tab(page: Page, name: str) -> Locator:
    return page.get_by_role("tablist", name="Task filters").get_by_role("tab", name=name)


def task_heading(page: Page, task_name: str) -> Locator:
    return page.get_by_role("heading", level=2, name=task_name)


def status_text(page: Page, text: str | re.Pattern[str]) -> Locator:
    """A status message (role=status or, for a lost race, role=alert) with this text."""
    return page.get_by_role("status").or_(page.get_by_role("alert")).filter(has_text=text)


def diagram(page: Page) -> Locator:
    return page.get_by_role("region", name="Process diagram")


def token_at(page: Page, element_id: str, marker: str = "token-active") -> Locator:
    """The diagram element carrying `marker` (bpmn-js puts the class on the element's group,
    which has data-element-id; a drawn graph may put it on the group or inside it)."""
    selector = f'[data-element-id="{element_id}"]'
    return diagram(page).locator(f"{selector}.{marker}, {selector} .{marker}").first
